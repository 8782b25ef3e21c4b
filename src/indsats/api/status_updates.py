"""Status updates on initiatives. Never overwritten: a correction is a new version that
supersedes the earlier one, and both stay in the history."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Router, Status

from indsats.followup import services
from indsats.followup.selectors import status_history

from . import lookups, out
from .auth import actor, organisation, require_status_edit
from .errors import Conflict
from .followup_schemas import StatusUpdateIn, StatusUpdateOut
from .indicators import read_value
from .schemas import errors

router = Router(tags=["status updates"])


def _values(org, payload: StatusUpdateIn) -> list[services.ReportedValue]:
    values = []
    for index, v in enumerate(payload.values):
        indicator = lookups.indicator(org, v.indicator_id)
        values.append(
            services.ReportedValue(
                indicator=indicator,
                year=v.year,
                value=read_value(v.value, indicator, field=f"values[{index}].value"),
                note=v.note,
            )
        )
    return values


def _create(request, initiative, payload: StatusUpdateIn, corrects=None):
    org = organisation(request)
    with transaction.atomic():
        update = services.status_update_create(
            initiative=initiative,
            actor=actor(request),
            as_of=payload.as_of,
            state=payload.state,
            text=payload.text,
            values=_values(org, payload),
            corrects=corrects,
        )
    return Status(201, out.status_update(lookups.status_update(org, update.pk)))


@router.get(
    "/initiatives/{id}/status-updates",
    response={200: list[StatusUpdateOut], **errors(401, 404, 422)},
    summary="List an initiative's status updates",
    description="The whole history, newest first, corrections included.",
)
def list_status_updates(request, id: int):
    org = organisation(request)
    initiative = lookups.initiative(org, id)
    ids = [u.pk for u in status_history(initiative)]
    updates = {u.pk: u for u in lookups.status_updates().filter(pk__in=ids)}
    return Status(200, [out.status_update(updates[pk]) for pk in ids])


@router.post(
    "/initiatives/{id}/status-updates",
    response={201: StatusUpdateOut, **errors(400, 401, 403, 404, 422)},
    summary="Report the status of an initiative",
    description="A new status update with the indicator values it reports (indicators of the "
    "initiative, of its budget notes or of the organisation). `as_of` may not be in the future "
    "(400). Needs the role administrator, consultant or manager.",
)
def create_status_update(request, id: int, payload: StatusUpdateIn):
    require_status_edit(request)
    initiative = lookups.initiative(organisation(request), id)
    return _create(request, initiative, payload)


@router.get(
    "/status-updates/{id}",
    response={200: StatusUpdateOut, **errors(401, 404, 422)},
    summary="Get a status update",
)
def get_status_update(request, id: int):
    return Status(200, out.status_update(lookups.status_update(organisation(request), id)))


@router.post(
    "/status-updates/{id}/corrections",
    response={201: StatusUpdateOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Correct a status update",
    description="A new version that supersedes this one; the earlier version stays in the "
    "history. Only the newest version can be corrected: correcting one that has already been "
    "corrected answers 409 naming the newer version.",
)
def correct_status_update(request, id: int, payload: StatusUpdateIn):
    require_status_edit(request)
    update = lookups.status_update(organisation(request), id)
    newer = out.status_update(update)["superseded_by"]
    if newer is not None:
        raise Conflict(
            _(
                "Statusopdateringen %(id)s er allerede rettet af version %(newer)s. Intet er gemt. "
                "Ret den nyeste version."
            )
            % {"id": update.pk, "newer": newer}
        )
    return _create(request, update.initiative, payload, corrects=update)
