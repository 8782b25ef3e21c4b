"""/budget-notes: budget notes (budgetnotater), their allocations per year and spending."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from indsats.budgets import services
from indsats.calc.allocations import parse_allocation
from indsats.calc.danish import AmountParseError
from indsats.core.history import object_history
from indsats.core.services import ServiceError
from indsats.organisations import services as org_services

from . import lookups, out
from .auth import actor, organisation, require_edit
from .errors import stale_version
from .followup_schemas import (
    AllocationPut,
    BudgetNoteIn,
    BudgetNoteOut,
    BudgetNotePatch,
    SpendingPut,
)
from .schemas import HistoryEntryOut, errors

router = Router(tags=["budget notes"])


def _unit(org, user, name: str | None):
    name = (name or "").strip()
    if not name:
        return None
    return org_services.unit_get_or_create(actor=user, organisation=org, name=name)


def _note_initiative(org, note, code: str | None):
    """One of the note's initiatives by number (400 on ``initiative`` if it is not)."""
    if not code:
        return None
    (initiative,) = lookups.initiatives_by_code(org, [code], "initiative")
    if not any(i.pk == initiative.pk for i in note.initiatives.all()):
        raise ServiceError(
            errors={
                "initiative": [
                    _("Indsatsen %(code)s er ikke knyttet til budgetnotatet.") % {"code": code}
                ]
            }
        )
    return initiative


@router.get(
    "/budget-notes",
    response={200: list[BudgetNoteOut], **errors(401, 422)},
    summary="List budget notes",
    description="The organisation's budget notes by budget year and code, with their allocations "
    "and spending.",
)
def list_budget_notes(
    request, budget_year: int | None = Query(None, ge=1990, le=2100, description="Budget year.")
):
    qs = lookups.budget_notes(organisation(request))
    if budget_year is not None:
        qs = qs.filter(budget_year=budget_year)
    return Status(200, [out.budget_note(n) for n in qs])


@router.post(
    "/budget-notes",
    response={201: BudgetNoteOut, **errors(400, 401, 403, 422)},
    summary="Create a budget note",
    description="A note is identified by its budget year and code. `initiatives` are numbers of "
    "initiatives in the catalogue.",
)
def create_budget_note(request, payload: BudgetNoteIn):
    require_edit(request)
    org, user = organisation(request), actor(request)
    with transaction.atomic():  # a unit created for a refused note is rolled back too
        initiatives = lookups.initiatives_by_code(org, payload.initiatives, "initiatives")
        note = services.budget_note_create(
            organisation=org,
            actor=user,
            initiatives=initiatives,
            code=payload.code,
            title=payload.title,
            budget_year=payload.budget_year,
            purpose=payload.purpose,
            unit=_unit(org, user, payload.unit),
        )
    return Status(201, out.budget_note(lookups.budget_note(org, note.pk)))


@router.get(
    "/budget-notes/{id}",
    response={200: BudgetNoteOut, **errors(401, 404, 422)},
    summary="Get a budget note",
)
def get_budget_note(request, id: int):
    return Status(200, out.budget_note(lookups.budget_note(organisation(request), id)))


@router.get(
    "/budget-notes/{id}/history",
    response={200: list[HistoryEntryOut], **errors(401, 404, 422)},
    summary="A budget note's history",
    description="Who changed what and when, newest first (at most `limit` entries), in the same "
    "words as the budget note's page: field labels, Danish amounts and dates.",
)
def budget_note_history(request, id: int, limit: int = Query(50, ge=1, le=1000)):
    org = organisation(request)
    return Status(
        200, out.history(object_history(org, obj=lookups.budget_note(org, id), limit=limit))
    )


@router.patch(
    "/budget-notes/{id}",
    response={200: BudgetNoteOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Change a budget note",
    description="Changes only the fields sent. `version` must be the version you read: if someone "
    "else has saved the note since, the answer is 409 and nothing is changed.",
)
def update_budget_note(request, id: int, payload: BudgetNotePatch):
    require_edit(request)
    org, user = organisation(request), actor(request)
    note = lookups.budget_note(org, id)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    if version != note.version:
        raise stale_version(_("Budgetnotatet »%(obj)s«") % {"obj": note}, version, note.version)
    codes = data.pop("initiatives", None)
    with transaction.atomic():
        if "unit" in data:
            data["unit"] = _unit(org, user, data["unit"])
        initiatives = (
            lookups.initiatives_by_code(org, codes, "initiatives") if codes is not None else None
        )
        services.budget_note_update(
            note=note, actor=user, expected_version=version, initiatives=initiatives, **data
        )
    return Status(200, out.budget_note(lookups.budget_note(org, id)))


@router.delete(
    "/budget-notes/{id}",
    response={204: None, **errors(401, 403, 404, 409, 422)},
    summary="Delete a budget note",
    description="Deletes the note with its allocations and spending. With `version`, only if "
    "nobody has changed it since (else 409).",
)
def delete_budget_note(request, id: int, version: int | None = Query(None, ge=1)):
    require_edit(request)
    note = lookups.budget_note(organisation(request), id)
    if version is not None and version != note.version:
        raise stale_version(_("Budgetnotatet »%(obj)s«") % {"obj": note}, version, note.version)
    services.budget_note_delete(note=note, actor=actor(request), expected_version=version)
    return Status(204, None)


@router.put(
    "/budget-notes/{id}/allocation",
    response={200: BudgetNoteOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Set a budget note's allocation",
    description="Replaces the allocation of the note (or, with `initiative`, the part earmarked "
    "for one of its initiatives): `amounts` per year, or `text` as people write it, e.g. "
    "'2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt' or '4,858 mio. kr. årligt i "
    "2026-2029'. A year that loses its allocation must have no spending (else 400).",
)
def set_allocation(request, id: int, payload: AllocationPut):
    require_edit(request)
    org = organisation(request)
    note = lookups.budget_note(org, id)
    if (payload.amounts is None) == (payload.text is None):
        raise ServiceError(
            errors={"amounts": [_("Send enten »amounts« eller »text«, ikke begge.")]}
        )
    if payload.text is not None:
        try:
            amounts = parse_allocation(payload.text)
        except AmountParseError as exc:
            raise ServiceError(errors={"text": [str(exc)]}) from exc
    else:
        amounts = dict(payload.amounts)
    services.allocation_set(
        note=note,
        actor=actor(request),
        amounts=amounts,
        initiative=_note_initiative(org, note, payload.initiative),
        price_level=payload.price_level,
    )
    return Status(200, out.budget_note(lookups.budget_note(org, id)))


@router.put(
    "/budget-notes/{id}/spending",
    response={200: BudgetNoteOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Set the spending of a year",
    description="Records (or, with `amount` null, removes) what was spent in `year` on the note "
    "(or one of its initiatives). The year must be one the note allocates money to (else 400).",
)
def set_spending(request, id: int, payload: SpendingPut):
    require_edit(request)
    org = organisation(request)
    note = lookups.budget_note(org, id)
    services.spending_set(
        note=note,
        actor=actor(request),
        year=payload.year,
        amount=payload.amount,
        initiative=_note_initiative(org, note, payload.initiative),
        comment=payload.comment,
    )
    return Status(200, out.budget_note(lookups.budget_note(org, id)))
