"""Which reminders are due today, and recording them: status-round reminders before and after
the due date (days set on the round), and the weekly digest for managers. Each has a reason key,
so running this again (every few minutes, from cron or the worker) sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.followup.selectors import open_rounds, round_missing
from indsats.organisations.models import Membership, Organisation, Role

from .mail import Message, mail_queue, opted_out
from .models import MailKind, OutgoingMail


def _date(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def reminders_plan(organisation: Organisation, today: dt.date) -> list[Message]:
    """The messages due today that have not been recorded yet (opted-out users left out)."""
    messages: list[Message] = []
    members = {
        m.user_id: m
        for m in Membership.objects.filter(organisation=organisation).select_related(
            "user", "user__mail_preference"
        )
    }
    digest: dict[int, list] = {}
    for status_round in open_rounds(organisation):
        missing = round_missing(status_round)
        for initiative in missing:
            digest.setdefault(status_round.pk, []).append(initiative)
        before = status_round.due_date - dt.timedelta(days=status_round.remind_days_before)
        after = status_round.due_date + dt.timedelta(days=status_round.remind_days_after)
        if before <= today <= status_round.due_date:
            kind, when = MailKind.ROUND_BEFORE, "before"
        elif today >= after:
            kind, when = MailKind.ROUND_AFTER, "after"
        else:
            continue
        by_owner: dict[int, list] = {}
        for initiative in missing:
            if initiative.owner_id in members:
                by_owner.setdefault(initiative.owner_id, []).append(initiative)
        for user_id, initiatives in by_owner.items():
            user = members[user_id].user
            messages.append(
                _round_message(organisation, status_round, user, initiatives, kind, when)
            )
    if digest:
        year, week, _weekday = today.isocalendar()
        rounds = {r.pk: r for r in open_rounds(organisation)}
        for membership in members.values():
            if membership.role != Role.MANAGER:
                continue
            user = membership.user
            messages.append(
                _digest_message(organisation, rounds, digest, user, f"{year}-{week:02d}")
            )
    recorded = set(
        OutgoingMail.objects.filter(reason__in=[m.reason for m in messages]).values_list(
            "reason", flat=True
        )
    )
    return [
        m for m in messages if m.reason not in recorded and m.to and not opted_out(m.user, m.kind)
    ]


def _round_message(organisation, status_round, user, initiatives, kind, when) -> Message:
    first = initiatives[0]
    link = (
        reverse("followup:create", kwargs={"org": organisation.slug, "initiative_pk": first.pk})
        + f"?runde={status_round.pk}"
        if len(initiatives) == 1
        else reverse("followup:mine", kwargs={"org": organisation.slug})
    )

    def subject():
        if kind == MailKind.ROUND_BEFORE:
            return _("Påmindelse: %(round)s – frist %(due)s") % {
                "round": status_round.name,
                "due": _date(status_round.due_date),
            }
        return _("Status mangler: %(round)s – fristen var %(due)s") % {
            "round": status_round.name,
            "due": _date(status_round.due_date),
        }

    def lines():
        yield (
            _("Du er ansvarlig for indsatser, der mangler status til %(round)s (frist %(due)s):")
            % {"round": status_round.name, "due": _date(status_round.due_date)}
        )
        yield ""
        for initiative in initiatives:
            yield f"- {initiative.code} {initiative.title}"
        yield ""
        yield _("Skriv status her:")

    return Message(
        reason=f"round:{status_round.pk}:{when}:{user.pk}",
        kind=kind,
        user=user,
        to=user.email,
        subject=subject,
        lines=lines,
        link=link,
        organisation=organisation,
    )


def _digest_message(organisation, rounds, digest, user, week: str) -> Message:
    def subject():
        return _("Ugens overblik: status, der mangler i %(org)s") % {"org": organisation.name}

    def lines():
        for round_pk, initiatives in digest.items():
            status_round = rounds[round_pk]
            yield (
                _("%(round)s (frist %(due)s): %(n)s indsatser mangler status.")
                % {
                    "round": status_round.name,
                    "due": _date(status_round.due_date),
                    "n": len(initiatives),
                }
            )
            for initiative in initiatives:
                unit = initiative.unit.name if initiative.unit else _("ingen enhed")
                yield f"- {initiative.code} {initiative.title} ({unit})"
            yield ""

    return Message(
        reason=f"digest:{organisation.pk}:{week}:{user.pk}",
        kind=MailKind.DIGEST,
        user=user,
        to=user.email,
        subject=subject,
        lines=lines,
        link=reverse("followup:rounds", kwargs={"org": organisation.slug}),
        organisation=organisation,
    )


def reminders_run(
    *, org_slug: str | None = None, dry_run: bool = False, today: dt.date | None = None
) -> list[Message]:
    """Plan (and unless ``dry_run`` record) the reminders due today. Returns the messages."""
    today = today or timezone.localdate()
    organisations = Organisation.objects.all().order_by("slug")
    if org_slug:
        organisations = organisations.filter(slug=org_slug)
    planned: list[Message] = []
    for organisation in organisations:
        messages = reminders_plan(organisation, today)
        if not dry_run:
            with transaction.atomic():
                messages = [m for m in messages if mail_queue(m) is not None]
        planned.extend(messages)
    return planned
