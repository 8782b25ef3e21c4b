"""Import and export of budget notes (budgetnotater) with their allocations and spending.

The file is an XLSX workbook with the sheets »Budgetnotater«, »Bevillinger« and »Forbrug«
(and a »Vejledning«), or one CSV file per sheet. Import is all or nothing: every row is read
and checked first, every problem is named with its sheet, row and column, and only a file
without problems is written, in one transaction, through the budget services. Only what
differs is written, so importing an unchanged export writes nothing but the import's own
audit record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from indsats.calc.allocations import Allocation as AllocationText
from indsats.calc.allocations import collapse, parse_years, read_allocation
from indsats.calc.codes import code_key, note_order, note_order_key
from indsats.calc.danish import AmountParseError, format_kr, format_mio
from indsats.core.transfer import (
    AMOUNT,
    CODE,
    CODE_RE,
    MAX_NUMBER,
    YEAR,
    CellError,
    Column,
    FileFormat,
    FileImportError,
    ImportIssue,
    Row,
    Sheet,
    call_service,
    file_names,
    import_writes,
    issue_order,
    no_sheets_issue,
    parse_money,
    read_files,
    read_uploads,
    register_kind,
    shown,
    spreadsheet_number,
    workbook_bytes,
)
from indsats.initiatives.models import Initiative
from indsats.organisations import services as org_services
from indsats.organisations.models import EDIT_CATALOGUE, Organisation
from indsats.organisations.services import require_role

from . import services
from .models import BudgetNote
from .selectors import note_queryset

# --- the file format -------------------------------------------------------------------------

CODES = "codes"  # initiative numbers, "1.1, 2.3"
ALLOCATION = "allocation"  # money per year as text, "2026: 7,339 mio. kr. / 2027-2029: …"


def _codes(column: Column, value: Any) -> tuple[str, ...]:
    text = shown(value)
    if isinstance(value, float) and not value.is_integer():
        raise CellError(
            _(
                "Indsatsnumrene er gemt som tallet %(value)s i Excel. Formatér kolonnen som tekst, og skriv numrene igen, fx »1.1, 2.3«."
            )
            % {"value": text}
        )
    codes: list[str] = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not CODE_RE.match(part):
            raise CellError(
                _(
                    "»%(value)s« er ikke et indsatsnummer. Skriv numrene adskilt af komma, fx »1.1, 2.3«."
                )
                % {"value": part}
            )
        if part not in codes:
            codes.append(part)
    return tuple(sorted(codes, key=code_key))


def _allocation(column: Column, value: Any) -> AllocationText:
    if not isinstance(value, str):
        raise CellError(
            _(
                "»%(value)s« nævner ikke, hvilket år beløbet gælder. Skriv fx »2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt« eller »4,858 mio. kr. årligt i 2026-2029«, eller brug en kolonne pr. år."
            )
            % {"value": shown(value)}
        )
    try:
        allocation = read_allocation(value)
    except AmountParseError as exc:
        raise CellError(
            _(
                "»%(value)s« kan ikke læses som en bevilling: %(reason)s Skriv fx »2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt« eller »4,858 mio. kr. årligt i 2026-2029«."
            )
            % {"value": value, "reason": str(exc)}
        ) from exc
    for year, amount in allocation.amounts.items():
        if not 1990 <= year <= 2100:
            raise CellError(_("Året %(year)d ligger ikke mellem 1990 og 2100.") % {"year": year})
        if amount < 0:
            raise CellError(_("Bevillingen for %(year)d er negativ.") % {"year": year})
        if amount >= MAX_NUMBER:
            raise CellError(_("Bevillingen for %(year)d er for stor.") % {"year": year})
    return allocation


register_kind(CODES, _codes, number_format="@", empty=())
register_kind(ALLOCATION, _allocation, number_format="@")

YEAR_FMT = "Et årstal mellem 1990 og 2100."
NOTE_CODE_FMT = "Notatets kode, fx »SO19« eller »ØK77«."


def _note_columns(what: str) -> tuple[Column, Column]:
    return (
        Column(
            "budget_year",
            "Budgetår",
            YEAR,
            required=True,
            fmt=YEAR_FMT,
            help=f"Det budgetår, {what} hører til.",
            example="2026",
            width=10,
        ),
        Column(
            "code",
            "Kode",
            CODE,
            required=True,
            max_length=30,
            fmt=NOTE_CODE_FMT,
            help="Budgetnotater genkendes på budgetår og kode.",
            example="SO19",
            width=10,
        ),
    )


NOTES = Sheet(
    "Budgetnotater",
    (
        *_note_columns("notatet"),
        Column(
            "title",
            "Titel",
            required=True,
            max_length=300,
            help="Notatets titel.",
            example="God start i Socialforvaltningen",
            width=45,
        ),
        Column(
            "unit",
            "Enhed",
            max_length=200,
            help="Den forvaltning eller enhed, der ejer notatet. En ny enhed oprettes.",
            example="Social- og Sundhedsforvaltningen",
            width=30,
        ),
        Column(
            "purpose",
            "Formål",
            help="Hvad pengene skal opnå. Linjeskift i cellen bevares.",
            example="Flere nyuddannede bliver i kommunen.",
            width=45,
        ),
        Column(
            "initiatives",
            "Indsatser",
            CODES,
            fmt="Numrene på indsatser i kataloget, adskilt af komma.",
            help="De indsatser, notatet finansierer. Notatets indsatser bliver som i filen.",
            example="1.1, 2.3",
            width=18,
        ),
    ),
    help="Én række pr. budgetnotat. Findes notatet (samme budgetår og kode), rettes det, ellers oprettes det.",
)

ALLOCATIONS = Sheet(
    "Bevillinger",
    (
        *_note_columns("bevillingen"),
        Column(
            "initiative",
            "Indsats",
            CODE,
            max_length=20,
            fmt="Tom, eller nummeret på en af notatets indsatser.",
            help="Tom: bevillingen til notatet som helhed. Et nummer: den del, der er øremærket indsatsen.",
            example="1.1",
            width=10,
        ),
        Column(
            "allocation",
            "Bevilling",
            ALLOCATION,
            fmt="Beløb pr. år som tekst: »2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt«, "
            "»4,858 mio. kr. årligt i 2026-2029« eller »2024-2027: 4,2 mio. kr. årligt«. "
            "Eller tom og i stedet et beløb i en kolonne pr. år (overskrift »2026«, »2027« … eller »2027-2029«).",
            help="Hele bevillingen for notatet (eller indsatsen): den erstatter den hidtidige.",
            example="2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt",
            width=50,
        ),
        Column(
            "price_level",
            "Prisniveau",
            max_length=20,
            help="Det prisniveau, beløbene er opgjort i.",
            example="2022-pl",
            width=12,
        ),
    ),
    help="Én række pr. bevilling: for notatet som helhed og/eller for hver af dets indsatser.",
    year_columns=True,
)

SPENDING = Sheet(
    "Forbrug",
    (
        *_note_columns("forbruget"),
        Column(
            "initiative",
            "Indsats",
            CODE,
            max_length=20,
            fmt="Tom, eller nummeret på en af notatets indsatser.",
            help="Tom: forbrug på notatet som helhed.",
            example="1.1",
            width=10,
        ),
        Column(
            "year",
            "År",
            YEAR,
            required=True,
            fmt=YEAR_FMT + " Året skal have en bevilling.",
            help="Det år, pengene er brugt.",
            example="2026",
            width=8,
        ),
        Column(
            "amount",
            "Beløb",
            AMOUNT,
            required=True,
            fmt="Et beløb i kr.: et tal eller dansk tekst som »1.309.000 kr.« eller »1,309 mio. kr.«.",
            help="Forbruget i året.",
            example="1.309.000",
            width=16,
        ),
        Column(
            "comment",
            "Bemærkning",
            max_length=500,
            help="Fri tekst.",
            example="Opgjort ved regnskab",
            width=30,
        ),
    ),
    help="Én række pr. år (og indsats) med forbrug.",
)

SHEETS = (NOTES, ALLOCATIONS, SPENDING)

BUDGET = FileFormat(
    sheets=SHEETS,
    guide_heading="Vejledning til budgetnotater",
    guide_intro=(
        "Budgetnotater med bevillinger og forbrug som Excel-fil, eller som CSV-filer (én pr. ark, "
        "semikolonsepareret, med arkets navn som filnavn, fx »Forbrug.csv«).",
        "Filen indlæses som en helhed. Er der fejl i blot én række, indlæses intet, og alle fejl vises med ark, række og kolonne.",
        "Budgetnotater genkendes på budgetår og kode. Arkene »Bevillinger« og »Forbrug« kan henvise til notater i arket "
        "»Budgetnotater« eller til notater, der findes i forvejen.",
        "En bevilling i filen erstatter notatets (eller indsatsens) hidtidige bevilling. Forbrug kan kun registreres i år med en bevilling.",
        "Beløb kan skrives som tal eller som dansk tekst: »1.309.000«, »4,2 mio. kr.«, »4,858 mio. kr. årligt i 2026-2029«.",
        "Genindlæses en eksport uændret, ændres intet. Kolonnernes overskrifter må ikke ændres; rækkefølgen er fri.",
    ),
)


class BudgetImportError(FileImportError):
    """The budget file cannot be imported; ``errors`` names every problem. Nothing was written."""


@dataclass
class BudgetImportResult:
    file_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    allocations_set: int = 0
    spendings_set: int = 0
    dry_run: bool = False
    assumptions: list[str] = field(default_factory=list)  # cells read with an assumption

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.allocations_set or self.spendings_set)

    def summary(self) -> str:
        text = _(
            "%(created)d nye, %(updated)d ændrede, %(unchanged)d uændrede budgetnotater; "
            "%(allocations)d bevillinger og %(spendings)d forbrugstal gemt"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "allocations": self.allocations_set,
            "spendings": self.spendings_set,
        }
        if self.assumptions:
            text += "; " + _("læst med en antagelse: %(cells)s") % {
                "cells": "; ".join(self.assumptions)
            }
        return text

    def audit_changes(self) -> dict[str, list[Any]]:
        return {
            "file": [None, self.file_name],
            "created": [None, self.created],
            "updated": [None, self.updated],
            "unchanged": [None, self.unchanged],
            "allocations_set": [None, self.allocations_set],
            "spendings_set": [None, self.spendings_set],
            **({"assumptions": [None, self.assumptions]} if self.assumptions else {}),
        }


# --- checking --------------------------------------------------------------------------------

NoteKey = tuple[int, str]  # (budget year, code)


@dataclass
class AllocationPlan:
    row: Row
    initiative: str | None
    amounts: dict[int, Decimal]
    price_level: str
    assumptions: tuple[str, ...] = ()


@dataclass
class NotePlan:
    key: NoteKey
    row: Row | None  # its row in »Budgetnotater«; None for a note that exists and is not there
    note: BudgetNote | None  # the stored note, if any
    allocations: dict[str | None, AllocationPlan] = field(default_factory=dict)
    spendings: list[Row] = field(default_factory=list)

    def initiative_codes(self) -> set[str]:
        if self.row is not None:
            return set(self.row["initiatives"] or ())
        return {i.code for i in self.note.initiatives.all()} if self.note else set()

    def allocation_years(self) -> set[int]:
        """The years the note allocates money to once the file is imported."""
        stored: dict[str | None, set[int]] = {}
        if self.note is not None:
            codes = {i.pk: i.code for i in self.note.initiatives.all()}
            for a in self.note.allocations.all():
                code = codes.get(a.initiative_id) if a.initiative_id else None
                stored.setdefault(code, set()).add(a.year)
        for scope, plan in self.allocations.items():
            stored[scope] = set(plan.amounts)
        return set().union(*stored.values()) if stored else set()


def _note_label(key: NoteKey) -> str:
    return f"{key[1]} ({key[0]})"


def _years_text(years: set[int]) -> str:
    if not years:
        return _("ingen år")
    ordered = sorted(years)
    if ordered[-1] - ordered[0] + 1 == len(ordered):
        return f"{ordered[0]}-{ordered[-1]}" if len(ordered) > 1 else str(ordered[0])
    return ", ".join(map(str, ordered))


class _Checker:
    def __init__(self, sheets: dict[str, list[Row]], organisation: Organisation):
        self.sheets = sheets
        self.organisation = organisation
        self.issues: list[ImportIssue] = []
        self.stored = {(n.budget_year, n.code): n for n in note_queryset(organisation)}
        self.initiatives = {i.code: i for i in Initiative.objects.filter(organisation=organisation)}
        self.plans: dict[NoteKey, NotePlan] = {}

    def fail(self, row: Row, key: str, message: str, /, **params: Any) -> None:
        self.issues.append(row.issue(key, message % params if params else message))

    def rows(self, sheet: Sheet) -> list[Row]:
        return self.sheets.get(sheet.title, [])

    def run(self) -> tuple[list[NotePlan], list[ImportIssue]]:
        self.check_notes()
        self.check_allocations()
        self.check_spending()
        return list(self.plans.values()), self.issues

    def check_notes(self) -> None:
        for row in self.rows(NOTES):
            if not row.ok("budget_year", "code"):
                continue
            key = (row["budget_year"], row["code"])
            if key in self.plans:
                msg = _("Budgetnotatet %(note)s står også i række %(row)d.")
                self.fail(row, "code", msg, note=_note_label(key), row=self.plans[key].row.number)
                continue
            self.plans[key] = NotePlan(key, row, self.stored.get(key))
            if row.ok("initiatives"):
                unknown = [c for c in row["initiatives"] if c not in self.initiatives]
                if unknown:
                    msg = _("Indsatsen %(codes)s findes ikke i kataloget.")
                    if len(unknown) > 1:
                        msg = _("Indsatserne %(codes)s findes ikke i kataloget.")
                    self.fail(row, "initiatives", msg, codes=", ".join(unknown))

    def note_for(self, row: Row) -> NotePlan | None:
        """The note a row of »Bevillinger« or »Forbrug« is about: in the file or stored."""
        if not row.ok("budget_year", "code"):
            return None
        key = (row["budget_year"], row["code"])
        plan = self.plans.get(key)
        if plan is None and key in self.stored:
            plan = self.plans[key] = NotePlan(key, None, self.stored[key])
        if plan is None:
            msg = _(
                "Budgetnotatet %(note)s står hverken i arket »%(sheet)s« eller findes i forvejen."
            )
            self.fail(row, "code", msg, note=_note_label(key), sheet=NOTES.title)
        return plan

    def initiative_ok(self, row: Row, plan: NotePlan) -> bool:
        code = row["initiative"]
        if not row.ok("initiative") or not code:
            return row.ok("initiative")
        if code not in self.initiatives:
            self.fail(
                row, "initiative", _("Indsatsen %(code)s findes ikke i kataloget."), code=code
            )
            return False
        if code not in plan.initiative_codes():
            msg = _("Indsatsen %(code)s er ikke knyttet til budgetnotatet %(note)s.")
            self.fail(row, "initiative", msg, code=code, note=_note_label(plan.key))
            return False
        return True

    def check_allocations(self) -> None:
        for row in self.rows(ALLOCATIONS):
            plan = self.note_for(row)
            if plan is None or not self.initiative_ok(row, plan):
                continue
            amounts = self._amounts(row)
            if amounts is None:
                continue
            price_level = row["price_level"] if row.ok("price_level") else ""
            assumptions: tuple[str, ...] = ()
            if isinstance(amounts, AllocationText):
                if amounts.price_level and price_level and amounts.price_level != price_level:
                    self.fail(
                        row,
                        "price_level",
                        _(
                            "»Prisniveau« siger »%(column)s«, men bevillingen nævner »%(text)s«. Skriv det samme begge steder, eller lad »Prisniveau« stå tom."
                        ),
                        column=price_level,
                        text=amounts.price_level,
                    )
                    continue
                price_level = price_level or amounts.price_level
                assumptions = tuple(
                    _("%(sheet)s række %(row)d: %(what)s")
                    % {"sheet": ALLOCATIONS.title, "row": row.number, "what": what}
                    for what in amounts.assumptions
                )
                amounts = amounts.amounts
            scope = row["initiative"] or None
            if scope in plan.allocations:
                msg = _("Bevillingen til %(what)s står også i række %(row)d.")
                what = scope if scope else _note_label(plan.key)
                self.fail(row, "initiative", msg, what=what, row=plan.allocations[scope].row.number)
                continue
            plan.allocations[scope] = AllocationPlan(row, scope, amounts, price_level, assumptions)

    def _amounts(self, row: Row) -> dict[int, Decimal] | None:
        text = row["allocation"]
        columns: dict[str, Any] = row["years"] or {}
        if not row.ok("allocation"):
            return None
        if text and columns:
            self.fail(
                row,
                "allocation",
                _("Udfyld enten »Bevilling« eller kolonnerne pr. år (%(years)s), ikke begge."),
                years=", ".join(columns),
            )
            return None
        if text:
            return text
        if not columns:
            self.fail(
                row,
                "allocation",
                _(
                    "Rækken har ingen bevilling. Skriv den i »Bevilling«, fx »2026: 7,339 mio. kr.«, eller i en kolonne pr. år."
                ),
            )
            return None
        amounts: dict[int, Decimal] = {}
        ok = True
        for header, raw in columns.items():
            try:
                first, last = parse_years(header)
            except AmountParseError:
                continue  # only headers that read as years were collected
            try:
                amount = parse_money(raw)
            except CellError as exc:
                self.issues.append(row.issue_at(header, str(exc)))
                ok = False
                continue
            for year in range(first, last + 1):
                if year in amounts:
                    self.issues.append(
                        row.issue_at(
                            header, _("Året %(year)d står i flere kolonner.") % {"year": year}
                        )
                    )
                    ok = False
                amounts[year] = amount
        return amounts if ok else None

    def check_spending(self) -> None:
        seen: dict[tuple[NoteKey, str | None, int], int] = {}
        for row in self.rows(SPENDING):
            plan = self.note_for(row)
            if plan is None or not self.initiative_ok(row, plan) or not row.ok("year"):
                continue
            scope = row["initiative"] or None
            key = (plan.key, scope, row["year"])
            if key in seen:
                msg = _("Forbruget for %(year)d står også i række %(row)d.")
                self.fail(row, "year", msg, year=row["year"], row=seen[key])
                continue
            seen[key] = row.number
            years = plan.allocation_years()
            if row["year"] not in years:
                msg = _(
                    "Året %(year)d ligger uden for budgetnotatets bevilling (%(years)s). Forbrug kan kun registreres i år med en bevilling."
                )
                self.fail(row, "year", msg, year=row["year"], years=_years_text(years))
                continue
            plan.spendings.append(row)


# --- applying --------------------------------------------------------------------------------


class _Applier:
    def __init__(self, organisation: Organisation, actor, result: BudgetImportResult, codes):
        self.organisation = organisation
        self.actor = actor
        self.result = result
        self.initiatives: dict[str, Initiative] = codes

    def _call(self, row: Row | None, call, **kwargs):
        return call_service(row, BudgetImportError, call, **kwargs)

    def _unit(self, row: Row):
        if not row["unit"]:
            return None
        return self._call(
            row,
            org_services.unit_get_or_create,
            actor=self.actor,
            organisation=self.organisation,
            name=row["unit"],
        )

    def note(self, plan: NotePlan) -> BudgetNote:
        row, note = plan.row, plan.note
        if row is None:
            return note
        initiatives = [self.initiatives[c] for c in row["initiatives"]]
        if note is None:
            self.result.created += 1
            return self._call(
                row,
                services.budget_note_create,
                organisation=self.organisation,
                actor=self.actor,
                initiatives=initiatives,
                budget_year=row["budget_year"],
                code=row["code"],
                title=row["title"],
                purpose=row["purpose"],
                unit=self._unit(row),
            )
        fields: dict[str, Any] = {}
        if note.title != row["title"]:
            fields["title"] = row["title"]
        if note.purpose != row["purpose"]:
            fields["purpose"] = row["purpose"]
        unit_name = note.unit.name if note.unit_id else ""
        if unit_name.casefold() != (row["unit"] or "").casefold():
            fields["unit"] = self._unit(row)
        have = sorted(i.code for i in note.initiatives.all())
        want = sorted(row["initiatives"])
        if fields or have != want:
            self._call(
                row,
                services.budget_note_update,
                note=note,
                actor=self.actor,
                expected_version=None,
                initiatives=initiatives if have != want else None,
                **fields,
            )
            self.result.updated += 1
        return note

    def allocations(self, plan: NotePlan, note: BudgetNote, stored: BudgetNote | None) -> bool:
        changed = False
        existing: dict[int | None, list] = {}
        if stored is not None:
            for a in stored.allocations.all():
                existing.setdefault(a.initiative_id, []).append(a)
        for scope, allocation in plan.allocations.items():
            initiative = self.initiatives[scope] if scope else None
            rows = existing.get(initiative.pk if initiative else None, [])
            have = {a.year: a.amount for a in rows}
            if have == allocation.amounts and all(
                a.price_level == allocation.price_level for a in rows
            ):
                continue
            self._call(
                allocation.row,
                services.allocation_set,
                note=note,
                actor=self.actor,
                amounts=allocation.amounts,
                initiative=initiative,
                price_level=allocation.price_level,
            )
            self.result.allocations_set += 1
            changed = True
        return changed

    def spendings(self, plan: NotePlan, note: BudgetNote, stored: BudgetNote | None) -> bool:
        changed = False
        existing = {}
        if stored is not None:
            existing = {(s.initiative_id, s.year): s for s in stored.spendings.all()}
        for row in plan.spendings:
            initiative = self.initiatives[row["initiative"]] if row["initiative"] else None
            spent = existing.get((initiative.pk if initiative else None, row["year"]))
            if (
                spent is not None
                and spent.amount == row["amount"]
                and spent.comment == row["comment"]
            ):
                continue
            self._call(
                row,
                services.spending_set,
                note=note,
                actor=self.actor,
                year=row["year"],
                amount=row["amount"],
                initiative=initiative,
                comment=row["comment"],
            )
            self.result.spendings_set += 1
            changed = True
        return changed


def budget_check(*, organisation: Organisation, file, file_name: str | None = None):
    """Read and check the file(s); raise BudgetImportError naming every problem."""
    files = read_uploads(file, name=file_name)
    sheets, issues = read_files(files, BUDGET, required=())
    if not issues and not sheets:
        issues.append(no_sheets_issue(SHEETS))
    plans: list[NotePlan] = []
    if sheets:
        plans, more = _Checker(sheets, organisation).run()
        issues.extend(more)
    if issues:
        raise BudgetImportError(sorted(issues, key=issue_order(SHEETS)))
    return plans, file_names(files)


def budget_import(
    *, organisation: Organisation, actor, file, file_name: str | None = None, dry_run=False
) -> BudgetImportResult:
    """Import budget notes, allocations and spending from ``file`` (an upload, a path, bytes,
    or a list of them: one XLSX or a CSV per sheet). Raises BudgetImportError, having written
    nothing, if any row is wrong; with ``dry_run`` everything is checked, counted and rolled
    back."""
    require_role(actor, organisation, EDIT_CATALOGUE)
    plans, name = budget_check(organisation=organisation, file=file, file_name=file_name)
    result = BudgetImportResult(file_name=name, dry_run=dry_run)
    codes = {i.code: i for i in Initiative.objects.filter(organisation=organisation)}
    with import_writes(
        organisation=organisation,
        actor=actor,
        object_type="budget",
        object_repr=_("Budgetnotater fra %(name)s") % {"name": name},
        changes=result.audit_changes,
        dry_run=dry_run,
    ):
        applier = _Applier(organisation, actor, result, codes)
        for plan in plans:
            for allocation in plan.allocations.values():
                result.assumptions.extend(allocation.assumptions)
            stored = plan.note
            updated_before = result.updated
            note = applier.note(plan)
            changed = applier.allocations(plan, note, stored)
            changed |= applier.spendings(plan, note, stored)
            if plan.row is not None and stored is not None and result.updated == updated_before:
                if changed:
                    result.updated += 1
                else:
                    result.unchanged += 1
    return result


# --- export ----------------------------------------------------------------------------------


def _money(amount: Decimal) -> str:
    """Exact Danish text for an amount: »7,339 mio. kr.« when that is exact, else in kroner."""
    if amount >= Decimal(1_000_000) and amount % 1000 == 0:
        return format_mio(amount, 3)
    return format_kr(amount, decimals=0 if amount == amount.to_integral_value() else 2)


def _kroner(amount: Decimal) -> str:
    return format_kr(amount, decimals=0 if amount == amount.to_integral_value() else 2)


def allocation_text(amounts: dict[int, Decimal]) -> str:
    """The allocation as the text »Bevilling« reads, exactly (no amount rounded):
    »2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt«. Amounts below 1.000 kr. are
    never written beside millions (the reader refuses that mix): then every amount is in kroner."""
    money = _money
    if any(0 < a < 1000 for a in amounts.values()) and any(
        _money(a).endswith("mio. kr.") for a in amounts.values()
    ):
        money = _kroner
    parts = []
    for first, last, amount in collapse(amounts):
        if first == last:
            parts.append(f"{first}: {money(amount)}")
        else:
            parts.append(f"{first}-{last}: {money(amount)} årligt")
    return " / ".join(parts)


def budget_rows(organisation: Organisation) -> dict[str, list[dict[str, Any]]]:
    """The organisation's budget notes as rows per sheet. A fixed number of queries."""
    notes, allocations, spendings = [], [], []
    order = note_order_key(note_order(organisation.budget_note_order))
    ordered = sorted(note_queryset(organisation), key=lambda n: (n.budget_year, order(n.code)))
    for note in ordered:
        codes = {i.pk: i.code for i in note.initiatives.all()}
        base = {"budget_year": note.budget_year, "code": note.code}
        notes.append(
            {
                **base,
                "title": note.title,
                "unit": note.unit.name if note.unit_id else None,
                "purpose": note.purpose,
                "initiatives": ", ".join(sorted(codes.values(), key=code_key)),
            }
        )
        scopes: dict[int | None, list] = {}
        for a in note.allocations.all():
            scopes.setdefault(a.initiative_id, []).append(a)
        for scope in sorted(scopes, key=lambda s: (s is not None, code_key(codes.get(s, "")))):
            rows = scopes[scope]
            allocations.append(
                {
                    **base,
                    "initiative": codes.get(scope) if scope else None,
                    "allocation": allocation_text({a.year: a.amount for a in rows}),
                    "price_level": next((a.price_level for a in rows if a.price_level), None),
                }
            )
        for s in sorted(
            note.spendings.all(),
            key=lambda s: (
                s.initiative_id is not None,
                code_key(codes.get(s.initiative_id, "")),
                s.year,
            ),
        ):
            spendings.append(
                {
                    **base,
                    "initiative": codes.get(s.initiative_id) if s.initiative_id else None,
                    "year": s.year,
                    "amount": spreadsheet_number(s.amount),
                    "comment": s.comment,
                }
            )
    return {NOTES.title: notes, ALLOCATIONS.title: allocations, SPENDING.title: spendings}


def budget_export(organisation: Organisation) -> bytes:
    """The organisation's budget notes, allocations and spending as XLSX in the import format."""
    return workbook_bytes(BUDGET, budget_rows(organisation))


def budget_template() -> bytes:
    """The empty budget file: headers, the guide."""
    return workbook_bytes(BUDGET, {})


__all__ = [
    "BUDGET",
    "BudgetImportError",
    "BudgetImportResult",
    "allocation_text",
    "budget_check",
    "budget_export",
    "budget_import",
    "budget_rows",
    "budget_template",
]
