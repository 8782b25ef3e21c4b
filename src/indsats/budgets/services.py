"""Writes for budget notes, allocations and spending. One transaction and one audit record each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from indsats.calc.allocations import format_allocation
from indsats.core.services import (
    AuditAction,
    ServiceError,
    audit,
    delete_unless_used,
    diff,
    save_versioned,
    snapshot,
)
from indsats.initiatives.models import Initiative
from indsats.organisations.models import EDIT_CATALOGUE, Organisation
from indsats.organisations.services import owner_check, require_role, validated

from .models import Allocation, BudgetNote, Spending

NOTE_FIELDS = ["code", "title", "budget_year", "unit", "owner", "purpose"]


def _check_initiatives(
    organisation: Organisation, initiatives: Iterable[Initiative]
) -> list[Initiative]:
    initiatives = list(initiatives)
    if any(i.organisation_id != organisation.pk for i in initiatives):
        raise ServiceError(
            errors={"initiatives": [_("En af indsatserne hører til en anden organisation.")]}
        )
    return initiatives


def _note_snapshot(note: BudgetNote, initiatives=None) -> dict:
    data = snapshot(note, NOTE_FIELDS)
    if note.pk:
        codes = [
            i.code for i in (initiatives if initiatives is not None else note.initiatives.all())
        ]
        data["initiatives"] = ", ".join(sorted(codes))
    return data


def _check_code_free(note: BudgetNote) -> None:
    clash = BudgetNote.objects.filter(
        organisation=note.organisation, budget_year=note.budget_year, code=note.code
    ).exclude(pk=note.pk)
    if clash.exists():
        raise ServiceError(
            errors={
                "code": [
                    _("Der findes allerede et budgetnotat %(code)s for %(year)s.")
                    % {"code": note.code, "year": note.budget_year}
                ]
            }
        )


@transaction.atomic
def budget_note_create(
    *, organisation: Organisation, actor, initiatives: Iterable[Initiative] = (), **fields
) -> BudgetNote:
    require_role(actor, organisation, EDIT_CATALOGUE)
    unknown = set(fields) - set(NOTE_FIELDS)
    if unknown:
        raise ServiceError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    note = BudgetNote(organisation=organisation, **fields)
    owner_check(organisation, fields.get("owner"))
    if note.unit_id and note.unit.organisation_id != organisation.pk:
        raise ServiceError(errors={"unit": [_("Enheden hører til en anden organisation.")]})
    initiatives = _check_initiatives(organisation, initiatives)
    validated(note, exclude=["organisation"])
    _check_code_free(note)
    note.save()
    note.initiatives.set(initiatives)
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=note,
        changes=diff({}, _note_snapshot(note, initiatives)),
    )
    return note


@transaction.atomic
def budget_note_update(
    *, note: BudgetNote, actor, expected_version: int | None, initiatives=None, **fields
) -> BudgetNote:
    organisation = note.organisation
    require_role(actor, organisation, EDIT_CATALOGUE)
    unknown = set(fields) - set(NOTE_FIELDS)
    if unknown:
        raise ServiceError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = _note_snapshot(note)
    for name, value in fields.items():
        setattr(note, name, value)
    if "owner" in fields:
        owner_check(organisation, note.owner)
    if note.unit_id and note.unit.organisation_id != organisation.pk:
        raise ServiceError(errors={"unit": [_("Enheden hører til en anden organisation.")]})
    validated(note, exclude=["organisation"])
    _check_code_free(note)
    if initiatives is not None:
        initiatives = _check_initiatives(organisation, initiatives)
        own_money = set(
            note.allocations.exclude(initiative=None).values_list("initiative_id", flat=True)
        ) | set(note.spendings.exclude(initiative=None).values_list("initiative_id", flat=True))
        dropped = own_money - {i.pk for i in initiatives}
        if dropped:
            raise ServiceError(
                errors={
                    "initiatives": [
                        _(
                            "En indsats med egen bevilling eller eget forbrug under notatet kan ikke fjernes; slet først bevillingen og forbruget."
                        )
                    ]
                }
            )
    save_versioned(note, expected_version=expected_version, fields=list(fields))
    if initiatives is not None:
        note.initiatives.set(initiatives)
    changes = diff(before, _note_snapshot(note, initiatives))
    if changes:
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=note,
            changes=changes,
        )
    return note


@transaction.atomic
def funded_scenarios_set(*, note: BudgetNote, actor, scenarios: Iterable) -> BudgetNote:
    """Record which scenario of each of its initiatives the note funds (replacing what was
    recorded): "Planlagt" is then that scenario's cost. At most one scenario per initiative, and
    only of the note's own initiatives. Audited."""
    organisation = note.organisation
    require_role(actor, organisation, EDIT_CATALOGUE)
    scenarios = list(scenarios)
    members = {i.pk: i for i in note.initiatives.all()}
    seen: set[int] = set()
    for scenario in scenarios:
        if scenario.initiative_id not in members:
            raise ServiceError(
                errors={
                    "scenarios": [
                        _("Scenariet »%(name)s« hører til en indsats, notatet ikke finansierer.")
                        % {"name": scenario.name}
                    ]
                }
            )
        if scenario.initiative_id in seen:
            raise ServiceError(
                errors={
                    "scenarios": [
                        _("Vælg højst ét scenarie for indsats %(code)s.")
                        % {"code": members[scenario.initiative_id].code}
                    ]
                }
            )
        seen.add(scenario.initiative_id)

    def text(items) -> str:
        return ", ".join(
            sorted(
                f"{members[s.initiative_id].code}: {s.name}"
                for s in items
                if s.initiative_id in members
            )
        )

    before = text(note.funded_scenarios.all())
    note.funded_scenarios.set(scenarios)
    after = text(scenarios)
    if before != after:
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=note,
            changes={"funded_scenarios": [before, after]},
        )
    return note


@transaction.atomic
def budget_note_delete(*, note: BudgetNote, actor, expected_version: int | None = None) -> None:
    require_role(actor, note.organisation, EDIT_CATALOGUE)
    if expected_version is not None:
        save_versioned(note, expected_version=expected_version, fields=[])
    audit(
        organisation=note.organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=note,
        changes=diff(_note_snapshot(note), {}),
    )
    delete_unless_used(note, noun=_("Budgetnotatet %(code)s") % {"code": note.code})


def _allocation_text(note: BudgetNote, initiative: Initiative | None) -> str:
    rows = Allocation.objects.filter(note=note, initiative=initiative)
    price = next((r.price_level for r in rows if r.price_level), "")
    return format_allocation({r.year: r.amount for r in rows}, price_level=price)


@transaction.atomic
def allocation_set(
    *,
    note: BudgetNote,
    actor,
    amounts: Mapping[int, Decimal],
    initiative: Initiative | None = None,
    price_level: str = "",
    expected_version: int | None = None,
) -> list[Allocation]:
    """Replace the note's allocation (for the note as a whole, or for one of its initiatives)
    with ``amounts`` per year. Years that lose their allocation must have no spending."""
    organisation = note.organisation
    require_role(actor, organisation, EDIT_CATALOGUE)
    errors: list[str] = []
    if initiative is not None and not note.initiatives.filter(pk=initiative.pk).exists():
        errors.append(
            _("Indsatsen %(code)s er ikke knyttet til budgetnotatet.") % {"code": initiative.code}
        )
    for year, amount in amounts.items():
        if not 1990 <= int(year) <= 2100:
            errors.append(_("Året %(y)s ligger ikke mellem 1990 og 2100.") % {"y": year})
        if amount is None or amount < 0:
            errors.append(
                _("Bevillingen for %(y)s skal være et beløb på 0 kr. eller derover.") % {"y": year}
            )
    if errors:
        raise ServiceError(errors={"amounts": errors})
    _bump(note, expected_version)
    before = _allocation_text(note, initiative)
    Allocation.objects.filter(note=note, initiative=initiative).delete()
    rows = Allocation.objects.bulk_create(
        [
            Allocation(note=note, initiative=initiative, year=y, amount=a, price_level=price_level)
            for y, a in sorted(amounts.items())
        ]
    )
    _check_spending_inside(note)
    after = _allocation_text(note, initiative)
    if before != after:
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=note,
            object_repr=f"{note} – "
            + _("bevilling")
            + (f" {initiative.code}" if initiative else ""),
            changes={"allocation": [before or None, after or None]},
        )
    return rows


def _bump(note: BudgetNote, expected_version: int | None) -> None:
    """A change to a note's money is a change to the note: with ``expected_version`` (from the
    form the user opened) a stale form is refused; either way the version moves on, so any
    other open form on the note is refused in turn."""
    if expected_version is not None:
        save_versioned(note, expected_version=expected_version, fields=[])
    else:
        BudgetNote.objects.filter(pk=note.pk).update(version=F("version") + 1)
        note.version = BudgetNote.objects.values_list("version", flat=True).get(pk=note.pk)


def allocated_years(note: BudgetNote) -> set[int]:
    return set(Allocation.objects.filter(note=note).values_list("year", flat=True))


def _check_spending_inside(note: BudgetNote) -> None:
    years = allocated_years(note)
    outside = sorted(set(Spending.objects.filter(note=note).values_list("year", flat=True)) - years)
    if outside:
        raise ServiceError(
            errors={
                "amounts": [
                    _("Der er registreret forbrug i %(years)s, som ikke længere har en bevilling.")
                    % {"years": ", ".join(map(str, outside))}
                ]
            }
        )


def _years_text(years: set[int]) -> str:
    if not years:
        return _("ingen år")
    return (
        f"{min(years)}-{max(years)}"
        if max(years) - min(years) + 1 == len(years)
        else ", ".join(map(str, sorted(years)))
    )


@transaction.atomic
def spending_set(
    *,
    note: BudgetNote,
    actor,
    year: int,
    amount: Decimal | None,
    initiative: Initiative | None = None,
    comment: str = "",
    expected_version: int | None = None,
) -> Spending | None:
    """Record (or with ``amount=None`` remove) the spending of a year. The year must be one the
    note allocates money to."""
    organisation = note.organisation
    require_role(actor, organisation, EDIT_CATALOGUE)
    years = allocated_years(note)
    if year not in years:
        raise ServiceError(
            errors={
                "year": [
                    _("Året %(y)s ligger uden for budgetnotatets bevilling (%(years)s).")
                    % {"y": year, "years": _years_text(years)}
                ]
            }
        )
    if initiative is not None and not note.initiatives.filter(pk=initiative.pk).exists():
        raise ServiceError(
            errors={
                "initiative": [
                    _("Indsatsen %(code)s er ikke knyttet til budgetnotatet.")
                    % {"code": initiative.code}
                ]
            }
        )
    _bump(note, expected_version)
    existing = Spending.objects.filter(note=note, initiative=initiative, year=year).first()
    before = snapshot(existing, ["amount", "comment"]) if existing else {}
    label = f"{note} – " + _("forbrug") + f" {year}" + (f" {initiative.code}" if initiative else "")
    if amount is None:
        if existing:
            existing.delete()
            audit(
                organisation=organisation,
                actor=actor,
                action=AuditAction.DELETE,
                obj=note,
                object_repr=label,
                changes={"spending": [before["amount"], None]},
            )
        return None
    row = existing or Spending(note=note, initiative=initiative, year=year)
    row.amount, row.comment = amount, comment
    validated(row, exclude=["note", "initiative"])
    row.save()
    changes = diff(before, snapshot(row, ["amount", "comment"]))
    if changes:
        if "amount" in changes:
            changes["spending"] = changes.pop("amount")
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=note,
            object_repr=label,
            changes=changes,
        )
    return row
