"""Import and export of entered pipeline totals (for organisations with only published figures).

An XLSX workbook with the sheets »Årgange«, »Frafaldsårsager«, »Frafald pr. fase«,
»Ansat hvor«, »Sygefravær« and »Dimensionering« (and a »Vejledning«), or one CSV file per
sheet named after it. All or nothing: every problem is named by sheet, row and column and
nothing is written. Cohorts are matched on education and cohort year (created or changed); a
breakdown (causes of one education and year, phases or places of one cohort) in the file
replaces the stored one as a whole; sick leave and required intake are set per row. Importing
an unchanged export changes nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from indsats.calc.danish import AmountParseError, parse_number
from indsats.core.transfer import (
    CHOICE,
    TEXT,
    YEAR,
    CellError,
    Column,
    FileFormat,
    FileImportError,
    ImportIssue,
    Percent,
    Row,
    Sheet,
    call_service,
    file_names,
    import_writes,
    issue_order,
    no_sheets_issue,
    read_files,
    read_uploads,
    register_kind,
    shown,
    spreadsheet_number,
    whole,
    workbook_bytes,
)
from indsats.organisations.models import EDIT_STRATEGY, Organisation
from indsats.organisations.services import require_role

from . import services_totals
from .choices import DropoutCause, Education, Phase
from .models import (
    BreakdownFigure,
    BreakdownKind,
    CohortFigures,
    RequiredIntake,
    SickLeaveFigure,
)

PERCENT = "percent"


def _percent(column: Column, value: Any) -> Decimal:
    """»8,64«, »8,64 %« or a spreadsheet cell formatted as a percentage (0,0864)."""
    if isinstance(value, Percent):
        number = Decimal(repr(float(value))) * 100
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(repr(value))
    else:
        text = shown(value).replace("%", "").strip()
        try:
            number = parse_number(text)
        except AmountParseError as exc:
            raise CellError(
                _("»%(value)s« kan ikke læses som en procentsats. Skriv fx »8,64«.")
                % {"value": shown(value)}
            ) from exc
    number = number.quantize(Decimal("0.01"))
    if not Decimal(0) <= number <= Decimal(100):
        raise CellError(_("Procentsatsen skal ligge mellem 0 og 100."))
    return number


COUNT = "count"


def _count_cell(column: Column, value: Any) -> int:
    """A whole number of students, 0 or more."""
    number = whole(value)
    if number is None and isinstance(value, str) and re.fullmatch(r"-\d+", value.strip()):
        number = int(value)
    if number is None:
        raise CellError(
            _("»%(value)s« er ikke et helt antal. Skriv fx »37«.") % {"value": shown(value)}
        )
    if number < 0:
        raise CellError(_("Antallet kan ikke være negativt."))
    return number


register_kind(PERCENT, _percent, number_format="0.00")
register_kind(COUNT, _count_cell, number_format="0")


def _education(required=True, **kwargs) -> Column:
    return Column(
        "education",
        "Uddannelse",
        CHOICE,
        required=required,
        choices=Education,
        help="SSH eller SSA.",
        example="SSH",
        width=16,
        **kwargs,
    )


def _count(key: str, header: str, help_text: str, example: str, required=False) -> Column:
    return Column(
        key,
        header,
        COUNT,
        required=required,
        fmt="Et helt antal, 0 eller mere." + ("" if required else " Tom: 0."),
        help=help_text,
        example=example,
        width=14,
    )


COHORTS = Sheet(
    "Årgange",
    (
        _education(),
        Column(
            "cohort_year",
            "Årgang",
            YEAR,
            required=True,
            help="Året eleverne blev ansat.",
            example="2022",
            width=9,
        ),
        _count("started", "Ansat som elev", "Elever ansat i året.", "37", required=True),
        _count("completed", "Gennemført", "Heraf gennemført uddannelsen.", "31"),
        _count("dropped_out", "Frafaldet", "Heraf faldet fra.", "6"),
        _count("hired", "Ansat efter uddannelsen", "Gennemførte ansat i kommunen bagefter.", "19"),
        _count("internal_unskilled", "Egne ufaglærte", "Heraf egne ufaglærte medarbejdere.", "0"),
        _count(
            "internal_ssh", "Egne SSH til SSA", "Heraf egne SSH'er, der læser videre til SSA.", "0"
        ),
        Column(
            "note",
            "Bemærkning",
            TEXT,
            max_length=300,
            optional_header=True,
            help="Kilde eller bemærkning.",
            example="Strategi maj 2024",
            width=30,
        ),
    ),
    help="Én række pr. uddannelse og årgang. Findes årgangen, rettes den, ellers oprettes den.",
)


def _breakdown_sheet(
    title: str, key_column: Column, year_header: str, year_help: str, help_text: str
) -> Sheet:
    return Sheet(
        title,
        (
            _education(),
            Column(
                "year", year_header, YEAR, required=True, help=year_help, example="2023", width=9
            ),
            key_column,
            _count("count", "Antal", "Antal elever.", "5", required=True),
        ),
        help=help_text,
    )


CAUSES = _breakdown_sheet(
    "Frafaldsårsager",
    Column(
        "key",
        "Årsag",
        CHOICE,
        required=True,
        choices=DropoutCause,
        help="Frafaldsårsagen.",
        example="For høje faglige krav",
        width=30,
    ),
    "År",
    "Året eleverne faldt fra.",
    "Én række pr. uddannelse, år og årsag. Årsagerne for en uddannelse og et år erstatter de gemte.",
)
PHASES = _breakdown_sheet(
    "Frafald pr. fase",
    Column(
        "key",
        "Fase",
        CHOICE,
        required=True,
        choices=Phase,
        help="Fasen, eleverne faldt fra i.",
        example="Grundforløb",
        width=24,
    ),
    "Årgang",
    "Årgangen (året eleverne blev ansat).",
    "Én række pr. uddannelse, årgang og fase. Faserne for en årgang erstatter de gemte.",
)
PLACES = _breakdown_sheet(
    "Ansat hvor",
    Column(
        "key",
        "Arbejdssted",
        TEXT,
        required=True,
        max_length=200,
        help="Hvor de færdiguddannede blev ansat.",
        example="Døgnplejen",
        width=30,
    ),
    "Årgang",
    "Årgangen (året eleverne blev ansat).",
    "Én række pr. uddannelse, årgang og arbejdssted. Arbejdsstederne for en årgang erstatter de gemte.",
)
SICK_LEAVE = Sheet(
    "Sygefravær",
    (
        _education(required=False, fmt="SSH, SSA eller tom for alle elever."),
        Column("year", "År", YEAR, required=True, help="Kalenderåret.", example="2023", width=9),
        Column(
            "rate",
            "Sygefravær (%)",
            PERCENT,
            required=True,
            fmt="En procentsats mellem 0 og 100, fx »8,64«.",
            help="Sygedage i procent af planlagte arbejdsdage.",
            example="8,64",
            width=14,
        ),
    ),
    help="Én række pr. år (og evt. uddannelse).",
)
REQUIRED = Sheet(
    "Dimensionering",
    (
        _education(),
        Column("year", "År", YEAR, required=True, help="Kalenderåret.", example="2024", width=9),
        _count(
            "required",
            "Dimensionering",
            "Det antal elever, kommunen mindst skal ansætte i året.",
            "27",
            required=True,
        ),
    ),
    help="Én række pr. uddannelse og år.",
)

SHEETS = (COHORTS, CAUSES, PHASES, PLACES, SICK_LEAVE, REQUIRED)
BREAKDOWN_SHEETS = {
    CAUSES.title: BreakdownKind.DROPOUT_CAUSE,
    PHASES.title: BreakdownKind.DROPOUT_PHASE,
    PLACES.title: BreakdownKind.HIRE_PLACE,
}

TOTALS_FORMAT = FileFormat(
    sheets=SHEETS,
    guide_heading="Vejledning til elevtal (indtastede totaler)",
    guide_intro=(
        "Tal for SOSU-elevernes årgange for en kommune uden elevdata: årgange, frafaldsårsager, "
        "frafald pr. fase, hvor de færdiguddannede blev ansat, sygefravær og dimensionering.",
        "Filen indlæses som en helhed. Er der fejl i blot én række, indlæses intet, og alle fejl vises med ark, række og kolonne.",
        "Et ark kan udelades; så røres de gemte tal af den slags ikke. Som CSV: én fil pr. ark, semikolonsepareret, med arkets navn som filnavn.",
        "Genindlæses en eksport uændret, ændres intet.",
    ),
)


class TotalsImportError(FileImportError):
    """The totals file cannot be imported; nothing was written."""


@dataclass
class TotalsImportResult:
    file_name: str
    cohorts_created: int = 0
    cohorts_updated: int = 0
    breakdowns: int = 0
    years: int = 0
    dry_run: bool = False

    def audit_changes(self) -> dict[str, list[Any]]:
        return {
            "file": [None, self.file_name],
            "cohorts_created": [None, self.cohorts_created],
            "cohorts_updated": [None, self.cohorts_updated],
            "breakdowns": [None, self.breakdowns],
            "years": [None, self.years],
        }

    def summary(self) -> str:
        return _(
            "%(created)d nye og %(updated)d ændrede årgange, %(breakdowns)d opdelinger og "
            "%(years)d tal for sygefravær og dimensionering"
        ) % {
            "created": self.cohorts_created,
            "updated": self.cohorts_updated,
            "breakdowns": self.breakdowns,
            "years": self.years,
        }


def _duplicates(rows: list[Row], keys: tuple[str, ...], issues: list[ImportIssue], column: str):
    seen: dict[tuple, int] = {}
    for row in rows:
        if not row.ok(*keys):
            continue
        key = tuple(row[k] for k in keys)
        if key in seen:
            issues.append(
                row.issue(
                    column,
                    _("Samme række står også i række %(row)d.") % {"row": seen[key]},
                )
            )
        else:
            seen[key] = row.number


def _check(sheets: dict[str, list[Row]]) -> list[ImportIssue]:
    issues: list[ImportIssue] = []
    for row in sheets.get(COHORTS.title, []):
        if not row.ok(*services_totals.COUNT_FIELDS):
            continue
        values = {k: row[k] or 0 for k in services_totals.COUNT_FIELDS}
        for problem in services_totals.cohort_problems(values):
            issues.append(row.issue("", problem))
    _duplicates(sheets.get(COHORTS.title, []), ("education", "cohort_year"), issues, "cohort_year")
    for title in BREAKDOWN_SHEETS:
        _duplicates(sheets.get(title, []), ("education", "year", "key"), issues, "key")
    _duplicates(sheets.get(SICK_LEAVE.title, []), ("education", "year"), issues, "year")
    _duplicates(sheets.get(REQUIRED.title, []), ("education", "year"), issues, "year")
    return issues


def totals_check(*, file, file_name: str | None = None):
    files = read_uploads(file, name=file_name)
    sheets, issues = read_files(files, TOTALS_FORMAT, required=())
    if not issues and not sheets:
        issues.append(no_sheets_issue(SHEETS))
    issues.extend(_check(sheets))
    if issues:
        raise TotalsImportError(sorted(issues, key=issue_order(SHEETS)))
    return sheets, file_names(files)


def _apply(sheets, organisation, actor, result: TotalsImportResult) -> None:
    call = lambda row, fn, **kw: call_service(row, TotalsImportError, fn, **kw)  # noqa: E731
    stored = {
        (f.education, f.cohort_year): f
        for f in CohortFigures.objects.filter(organisation=organisation)
    }
    for row in sheets.get(COHORTS.title, []):
        figures = stored.get((row["education"], row["cohort_year"]))
        values = {k: row[k] or 0 for k in services_totals.COUNT_FIELDS}
        note = row["note"] or "" if "note" not in row.absent else (figures.note if figures else "")
        if figures is not None:
            same = all(getattr(figures, k) == v for k, v in values.items()) and figures.note == note
            if same:
                continue
        call(
            row,
            services_totals.cohort_figures_save,
            organisation=organisation,
            actor=actor,
            education=row["education"],
            cohort_year=row["cohort_year"],
            note=note,
            figures=figures,
            expected_version=figures.version if figures is not None else None,
            **values,
        )
        if figures is None:
            result.cohorts_created += 1
        else:
            result.cohorts_updated += 1
    for title, kind in BREAKDOWN_SHEETS.items():
        groups: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
        first_row: dict[tuple[str, int], Row] = {}
        for row in sheets.get(title, []):
            group = (row["education"], row["year"])
            groups[group][row["key"]] = row["count"]
            first_row.setdefault(group, row)
        for (education, year), counts in groups.items():
            before = dict(
                BreakdownFigure.objects.filter(
                    organisation=organisation, kind=kind, education=education, year=year
                ).values_list("key", "count")
            )
            after = call(
                first_row[(education, year)],
                services_totals.breakdown_figures_set,
                organisation=organisation,
                actor=actor,
                kind=kind,
                education=education,
                year=year,
                counts=counts,
            )
            if after != before:
                result.breakdowns += 1
    for row in sheets.get(SICK_LEAVE.title, []):
        education = row["education"] or ""
        old = (
            SickLeaveFigure.objects.filter(
                organisation=organisation, education=education, year=row["year"]
            )
            .values_list("rate", flat=True)
            .first()
        )
        if old is not None and Decimal(old) == row["rate"]:
            continue
        call(
            row,
            services_totals.sick_leave_figure_set,
            organisation=organisation,
            actor=actor,
            education=education,
            year=row["year"],
            rate=row["rate"],
        )
        result.years += 1
    for row in sheets.get(REQUIRED.title, []):
        old = (
            RequiredIntake.objects.filter(
                organisation=organisation, education=row["education"], year=row["year"]
            )
            .values_list("required", flat=True)
            .first()
        )
        if old == row["required"]:
            continue
        call(
            row,
            services_totals.required_intake_set,
            organisation=organisation,
            actor=actor,
            education=row["education"],
            year=row["year"],
            required=row["required"],
        )
        result.years += 1


def totals_import(
    *, organisation: Organisation, actor, file, file_name: str | None = None, dry_run=False
) -> TotalsImportResult:
    """Import entered pipeline totals from ``file`` (an upload, a path, bytes, or a list: one
    XLSX or a CSV per sheet). Raises TotalsImportError, having written nothing, if any row is
    wrong; ``dry_run`` checks, counts and rolls back."""
    require_role(actor, organisation, EDIT_STRATEGY)
    sheets, name = totals_check(file=file, file_name=file_name)
    result = TotalsImportResult(file_name=name, dry_run=dry_run)
    with import_writes(
        organisation=organisation,
        actor=actor,
        object_type="pipeline_totals",
        object_repr=_("Elevtal fra %(name)s") % {"name": name},
        changes=result.audit_changes,
        dry_run=dry_run,
    ):
        _apply(sheets, organisation, actor, result)
    return result


def totals_rows(organisation: Organisation) -> dict[str, list[dict[str, Any]]]:
    """The organisation's entered totals as rows per sheet. Five queries."""
    cohorts = [
        {
            "education": f.education,
            "cohort_year": f.cohort_year,
            **{k: getattr(f, k) for k in services_totals.COUNT_FIELDS},
            "note": f.note,
        }
        for f in CohortFigures.objects.filter(organisation=organisation).order_by(
            "education", "cohort_year"
        )
    ]
    out: dict[str, list[dict[str, Any]]] = {COHORTS.title: cohorts}
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in BreakdownFigure.objects.filter(organisation=organisation).order_by(
        "kind", "education", "year", "-count", "key"
    ):
        by_kind[f.kind].append(
            {"education": f.education, "year": f.year, "key": f.key, "count": f.count}
        )
    for title, kind in BREAKDOWN_SHEETS.items():
        out[title] = by_kind.get(kind, [])
    out[SICK_LEAVE.title] = [
        {"education": s.education or None, "year": s.year, "rate": spreadsheet_number(s.rate)}
        for s in SickLeaveFigure.objects.filter(organisation=organisation).order_by(
            "year", "education"
        )
    ]
    out[REQUIRED.title] = [
        {"education": r.education, "year": r.year, "required": r.required}
        for r in RequiredIntake.objects.filter(organisation=organisation).order_by(
            "year", "education"
        )
    ]
    return out


def totals_export(organisation: Organisation) -> bytes:
    return workbook_bytes(TOTALS_FORMAT, totals_rows(organisation))


def totals_template() -> bytes:
    return workbook_bytes(TOTALS_FORMAT, {})
