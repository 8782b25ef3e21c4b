"""Status updates. A status update is never overwritten: a correction is a new version that
supersedes the earlier one, and both stay in the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.core.services import AuditAction, ServiceError, audit
from indsats.indicators.models import Indicator
from indsats.indicators.services import indicator_value_add
from indsats.initiatives.models import Initiative
from indsats.organisations.models import EDIT_STATUS
from indsats.organisations.services import require_role, validated

from .models import StatusState, StatusUpdate


@dataclass
class ReportedValue:
    indicator: Indicator
    year: int
    value: Decimal
    note: str = ""


def indicators_for(initiative: Initiative):
    """The indicators a status update on ``initiative`` may report: its own, its budget notes'
    and the organisation's."""
    return (
        Indicator.objects.filter(organisation=initiative.organisation)
        .filter(
            Q(initiative=initiative)
            | Q(budget_note__initiatives=initiative)
            | (Q(initiative__isnull=True) & Q(budget_note__isnull=True))
        )
        .distinct()
    )


@transaction.atomic
def status_update_create(
    *,
    initiative: Initiative,
    actor,
    as_of: dt.date,
    state: str,
    text: str,
    values: list[ReportedValue] = (),
    corrects: StatusUpdate | None = None,
    author_name: str = "",
) -> StatusUpdate:
    organisation = initiative.organisation
    require_role(actor, organisation, EDIT_STATUS)
    errors: dict[str, list[str]] = {}
    if as_of is None:
        errors["as_of"] = [_("Angiv den dato, status er opgjort pr.")]
    elif as_of > timezone.localdate():
        errors["as_of"] = [
            _("Statusdatoen %(d)s ligger i fremtiden.") % {"d": as_of.strftime("%d.%m.%Y")}
        ]
    if state not in StatusState.values:
        errors["state"] = [_("Vælg en status.")]
    if not (text or "").strip():
        errors["text"] = [_("Skriv, hvad der er gjort, og hvad der er næste skridt.")]
    if corrects is not None:
        if corrects.initiative_id != initiative.pk:
            errors[""] = [_("Den status, der rettes, hører til en anden indsats.")]
        elif StatusUpdate.objects.filter(supersedes=corrects).exists():
            errors[""] = [
                _("Denne status er allerede rettet af en nyere version. Ret den nyeste version.")
            ]
    allowed = set(indicators_for(initiative).values_list("pk", flat=True))
    for v in values:
        if v.indicator.pk not in allowed:
            errors.setdefault("values", []).append(
                _("Indikatoren »%(n)s« hører ikke til indsatsen.") % {"n": v.indicator.name}
            )
    if errors:
        raise ServiceError(errors=errors)
    update = StatusUpdate(
        initiative=initiative,
        as_of=as_of,
        state=state,
        text=text.strip(),
        author=actor if getattr(actor, "pk", None) else None,
        author_name=author_name.strip()
        or (
            (actor.get_full_name() or actor.username) if getattr(actor, "pk", None) else _("system")
        ),
        supersedes=corrects,
    )
    validated(update, exclude=["initiative", "author", "supersedes"])
    update.save()
    for v in values:
        indicator_value_add(
            indicator=v.indicator,
            actor=actor,
            year=v.year,
            value=v.value,
            note=v.note,
            recorded_on=as_of,
            status_update=update,
        )
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=update,
        root=initiative,
        changes={
            "as_of": [None, as_of.isoformat()],
            "state": [None, update.get_state_display()],
            "text": [None, update.text[:300]],
            **({"corrects": [None, str(corrects.pk)]} if corrects else {}),
        },
    )
    return update


@transaction.atomic
def status_round_create(
    *,
    actor,
    organisation,
    name: str,
    as_of: dt.date,
    due_date: dt.date,
    budget_year: int | None = None,
    initiatives=(),
    remind_days_before: int = 7,
    remind_days_after: int = 2,
):
    """A new status round. The due date may not come before the as-of date; chosen initiatives
    must belong to the organisation."""
    from indsats.organisations.models import EDIT_CATALOGUE

    from .models import StatusRound

    require_role(actor, organisation, EDIT_CATALOGUE)
    status_round = StatusRound(
        organisation=organisation,
        name=name,
        as_of=as_of,
        due_date=due_date,
        budget_year=budget_year,
        remind_days_before=remind_days_before,
        remind_days_after=remind_days_after,
    )
    validated(status_round)
    if due_date < as_of:
        raise ServiceError(
            errors={
                "due_date": [
                    _(
                        "Fristen kan ikke ligge før datoen, status opgøres pr. Fx status pr. "
                        "01.04.2026 med frist 15.04.2026."
                    )
                ]
            }
        )
    chosen = list(initiatives)
    if any(i.organisation_id != organisation.pk for i in chosen):
        raise ServiceError(errors={"initiatives": [_("Vælg kun organisationens egne indsatser.")]})
    status_round.save()
    status_round.initiatives.set(chosen)
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=status_round,
        changes={
            "name": [None, name],
            "as_of": [None, as_of.isoformat()],
            "due_date": [None, due_date.isoformat()],
        },
    )
    return status_round


@transaction.atomic
def status_round_close(*, actor, status_round, closed: bool = True):
    """Close a round (no more reminders, off "Mine opgaver") or open it again."""
    from indsats.organisations.models import EDIT_CATALOGUE

    require_role(actor, status_round.organisation, EDIT_CATALOGUE)
    before = status_round.closed
    status_round.closed = closed
    status_round.save(update_fields=["closed", "updated_at"])
    audit(
        organisation=status_round.organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=status_round,
        changes={"closed": [before, closed]},
    )
    return status_round
