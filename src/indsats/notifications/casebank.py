"""Case bank notifications: the editors hear of a submission; the municipality hears when its case
is returned, published or withdrawn. Called by casebank.services.case_transition inside its
transaction; delivery starts after the commit, so a mail server that is down never fails it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from indsats.organisations.models import EDIT_CATALOGUE, Membership, Role

from .mail import Message, mail_queue
from .models import MailKind

KINDS = {
    "submit": MailKind.CASE_SUBMITTED,
    "return": MailKind.CASE_RETURNED,
    "approve": MailKind.CASE_PUBLISHED,
    "withdraw": MailKind.CASE_WITHDRAWN,
    "unpublish": MailKind.CASE_WITHDRAWN,
}


def _recipients(case, action: str, actor) -> list[tuple[object, str]]:
    """(user, link) for each recipient, the actor left out."""
    people: dict[int, tuple[object, str]] = {}
    editors = action in {"submit", "withdraw"}
    municipality = action != "submit" and case.organisation_id is not None
    if editors:
        link = reverse("casebank_editor:preview", kwargs={"case_pk": case.pk})
        for m in Membership.objects.filter(role=Role.EDITOR).select_related(
            "user", "user__mail_preference"
        ):
            people.setdefault(m.user_id, (m.user, link))
    if municipality:
        link = reverse(
            "org_cases:detail", kwargs={"org": case.organisation.slug, "case_pk": case.pk}
        )
        for m in Membership.objects.filter(
            organisation_id=case.organisation_id, role__in=EDIT_CATALOGUE
        ).select_related("user", "user__mail_preference"):
            people.setdefault(m.user_id, (m.user, link))
    if actor is not None:
        people.pop(actor.pk, None)
    return list(people.values())


def case_notify(*, case, action: str, actor) -> int:
    """Record the notifications for a case's transition; returns how many."""
    kind = KINDS.get(action)
    if kind is None:
        return 0
    comment = case.editor_comment

    def subject():
        text = {
            "submit": _("Ny case til godkendelse: %(title)s"),
            "return": _("Din case er sendt retur: %(title)s"),
            "approve": _("Din case er offentliggjort: %(title)s"),
            "withdraw": _("En case er trukket tilbage: %(title)s"),
            "unpublish": _("Din case er taget af casebanken: %(title)s"),
        }[action]
        return text % {"title": case.title}

    def lines():
        if action == "submit":
            yield _("%(municipality)s har indsendt en case til casebanken.") % {
                "municipality": case.municipality
            }
        elif action == "return":
            yield _("Redaktionen har sendt casen retur med denne kommentar:")
            yield ""
            yield comment
        elif action == "approve":
            yield _("Casen kan nu læses af alle i casebanken.")
        else:
            yield _("Casen er ikke længere i casebanken.")
            if comment and action == "unpublish":
                yield comment
        yield ""
        yield _("Se casen her:")

    count = 0
    for user, link in _recipients(case, action, actor):
        message = Message(
            reason=f"case:{case.pk}:v{case.version}:{action}:{user.pk}",
            kind=kind,
            user=user,
            to=user.email,
            subject=subject,
            lines=lines,
            link=link,
            organisation=case.organisation,
        )
        if mail_queue(message) is not None:
            count += 1
    return count
