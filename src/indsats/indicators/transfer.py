"""Import and export of indicators and their values.

The file is an XLSX workbook with the sheets »Indikatorer« and »Værdier« (and a »Vejledning«),
or one CSV file per sheet. Import is all or nothing, with every problem named by sheet, row
and column. Values are never overwritten: a value in the file that is already stored (same
indicator, year, date, value and »Opgjort pr.«) is skipped, any other is added as a new value,
so importing an unchanged export adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indsats.budgets.models import BudgetNote
from indsats.calc.danish import AmountParseError
from indsats.calc.indicators import (
    KIND_EXAMPLES,
    Figure,
    Kind,
    Unit,
    read_figure,
    split_remark,
    unit_label,
)
from indsats.core.transfer import (
    CHOICE,
    CODE_RE,
    DATE,
    FOUR_DECIMALS,
    MAX_NUMBER,
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
    file_issue,
    file_names,
    import_writes,
    issue_order,
    no_sheets_issue,
    norm,
    read_files,
    read_uploads,
    register_kind,
    shown,
    spreadsheet_number,
    workbook_bytes,
)
from indsats.initiatives.models import Initiative
from indsats.organisations.models import EDIT_CATALOGUE, Organisation
from indsats.organisations.services import require_role

from . import services
from .models import (
    Direction,
    Indicator,
    IndicatorKind,
    IndicatorUnit,
    IndicatorValue,
    Target,
    ValueAction,
)
from .selectors import withdrawn_ids


class YesNo(models.TextChoices):
    YES = "ja", "Ja"
    NO = "nej", "Nej"


# --- the file format -------------------------------------------------------------------------

OWNER = "owner"  # "" (the organisation), an initiative number, or "budget:SO19/2026"
VALUE = "value"  # kept as written; read in the indicator's unit once the indicator is known

BUDGET_PREFIX = "budget:"

# An owner: None for the organisation, ("initiative", code) or ("budget", code, year).
Owner = tuple | None


def _owner(column: Column, value: Any) -> Owner:
    text = shown(value).strip()
    if isinstance(value, float) and not value.is_integer():
        raise CellError(
            _(
                "Indsatsnummeret er gemt som tallet %(value)s i Excel. Formatér kolonnen som tekst, og skriv nummeret igen."
            )
            % {"value": text}
        )
    if text.casefold().startswith(BUDGET_PREFIX):
        code, sep, year = text[len(BUDGET_PREFIX) :].strip().partition("/")
        code, year = code.strip(), year.strip()
        if not sep or not CODE_RE.match(code) or not year.isdigit() or len(year) != 4:
            raise CellError(
                _(
                    "»%(value)s« er ikke et budgetnotat. Skriv »budget:« efterfulgt af kode og budgetår, fx »budget:SO19/2026«."
                )
                % {"value": text}
            )
        return ("budget", code, int(year))
    if not CODE_RE.match(text):
        raise CellError(
            _(
                "»%(value)s« er hverken et indsatsnummer (fx »1.1«) eller et budgetnotat (fx »budget:SO19/2026«)."
            )
            % {"value": text}
        )
    return ("initiative", text)


def _value(column: Column, value: Any) -> Any:
    if isinstance(value, bool | dt.date | dt.datetime):
        raise CellError(_("»%(value)s« kan ikke læses som et tal.") % {"value": shown(value)})
    if isinstance(value, Percent):
        return value.as_text()
    return value


register_kind(OWNER, _owner, number_format="@")
register_kind(VALUE, _value, number_format="General")


def owner_text(owner: Owner) -> str:
    if owner is None:
        return ""
    if owner[0] == "budget":
        return f"{BUDGET_PREFIX}{owner[1]}/{owner[2]}"
    return owner[1]


OWNER_FMT = (
    "Tom: organisationen. Et indsatsnummer fra kataloget, fx »1.1«. Eller et budgetnotat som "
    "»budget:« efterfulgt af kode og budgetår, fx »budget:SO19/2026«."
)

INDICATORS = Sheet(
    "Indikatorer",
    (
        Column(
            "name",
            "Navn",
            required=True,
            max_length=200,
            help="Indikatorens navn. Indikatorer genkendes på navn og ejer.",
            example="Personaleomsætning",
            width=40,
        ),
        Column(
            "unit",
            "Enhed",
            CHOICE,
            required=True,
            choices=IndicatorUnit,
            help="Hvad indikatoren måles i. Kan ikke ændres, når indikatoren har værdier.",
            example="Procent",
            width=14,
        ),
        Column(
            "direction",
            "Retning",
            CHOICE,
            choices=Direction,
            default=Direction.HIGHER,
            help="Om en højere eller en lavere værdi er bedst.",
            example="Lavere er bedre",
            width=18,
        ),
        Column(
            "definition",
            "Definition",
            help="Hvordan indikatoren opgøres.",
            example="Fratrådte i året i procent af gennemsnitligt antal ansatte.",
            width=45,
        ),
        Column(
            "source",
            "Kilde",
            max_length=300,
            help="Hvor tallene kommer fra.",
            example="Lønsystemet",
            width=25,
        ),
        Column(
            "owner",
            "Ejer",
            OWNER,
            max_length=60,
            fmt=OWNER_FMT,
            help="Hvad indikatoren hører til: en indsats, et budgetnotat eller organisationen.",
            example="1.1",
            width=20,
        ),
        Column(
            "kind",
            "Art",
            CHOICE,
            choices=IndicatorKind,
            default=IndicatorKind.YEARLY,
            optional_header=True,
            help="Hvad tallene er: tal pr. år; »X ud af Y« (fx 3,2 mio. kr. ud af 5 mio. kr.); "
            "planlagt i alt uden år (fx 20 mentorer forventes uddannet); i alt til dato (fx 45 "
            "uddannet i alt); cirka pr. år (fx ca. 40 årligt).",
            example="I alt til dato",
            width=16,
        ),
        Column(
            "since_year",
            "Talt fra",
            YEAR,
            optional_header=True,
            fmt="Et årstal, eller tom.",
            help="Kun for »I alt til dato«: året, optællingen begyndte (»opstartet i 2021«).",
            example="2021",
            width=10,
        ),
        Column(
            "may_exceed_100",
            "Må overstige 100 %",
            CHOICE,
            choices=YesNo,
            default=YesNo.NO,
            optional_header=True,
            help="Kun for procent: »Ja«, hvis værdien kan ligge uden for 0-100 % (fx en vækstrate).",
            example="Nej",
            width=12,
        ),
        Column(
            "baseline_year",
            "Udgangsår",
            YEAR,
            optional_header=True,
            fmt="Et årstal, eller tom (intet mål).",
            help="Målets udgangspunkt: året.",
            example="2024",
            width=10,
        ),
        Column(
            "baseline_value",
            "Udgangsværdi",
            VALUE,
            optional_header=True,
            fmt="Et tal i indikatorens enhed, eller tom (intet mål).",
            help="Målets udgangspunkt: værdien i udgangsåret.",
            example="18%",
            width=12,
        ),
        Column(
            "target_value",
            "Mål",
            VALUE,
            optional_header=True,
            fmt="Et tal i indikatorens enhed, eller tom (intet mål).",
            help="Målværdien. Udfyldes mål, udfyldes også udgangsår, udgangsværdi og frist.",
            example="15%",
            width=10,
        ),
        Column(
            "deadline_year",
            "Frist",
            YEAR,
            optional_header=True,
            fmt="Et årstal, ikke før udgangsåret, eller tom (intet mål).",
            help="Året, målet skal være nået.",
            example="2027",
            width=10,
        ),
    ),
    help="Én række pr. indikator. Findes indikatoren (samme navn og ejer), rettes den, ellers oprettes den. "
    "Målet (udgangsår, udgangsværdi, mål, frist) udfyldes helt eller slet ikke.",
)

TARGET_KEYS = ("baseline_year", "baseline_value", "target_value", "deadline_year")

VALUES = Sheet(
    "Værdier",
    (
        Column(
            "indicator",
            "Indikator",
            required=True,
            max_length=200,
            help="Indikatorens navn, fra arket »Indikatorer« eller en indikator, der findes i forvejen.",
            example="Personaleomsætning",
            width=40,
        ),
        Column(
            "owner",
            "Ejer",
            OWNER,
            max_length=60,
            optional_header=True,
            fmt="Tom eller udeladt: den eneste indikator med navnet (er der flere, organisationens). "
            "Ellers som i arket »Indikatorer«: et indsatsnummer eller »budget:SO19/2026«.",
            help="Indikatorens ejer; skelner mellem indikatorer med samme navn.",
            example="1.1",
            width=20,
        ),
        Column(
            "year",
            "År",
            YEAR,
            fmt="Et årstal mellem 1990 og 2100. Tom: datoens år; for »Planlagt i alt«, »I alt til dato« og »Cirka pr. år« året for »Opgjort pr.«.",
            help="Det år, værdien gælder.",
            example="2025",
            width=8,
        ),
        Column(
            "date",
            "Dato",
            DATE,
            optional_header=True,
            fmt="En dato i året, fx 30-04-2026, eller tom. Ikke i fremtiden.",
            help="Tom: værdien gælder hele året.",
            example="",
            width=12,
        ),
        Column(
            "value",
            "Værdi",
            VALUE,
            required=True,
            fmt="Et tal i indikatorens enhed: »1.309« (antal), »22,5%« (procent), »4.500 kr.« (kroner), »3,2« (forholdstal). "
            "Efter indikatorens art også »3,2 mio. kr. ud af 5 mio. kr.«, »ca. 40 årligt«, »45 uddannet i alt«, "
            "»120 screenede, opstartet i 2021«, »20 mentorer forventes uddannet«.",
            help="Den målte værdi. Et procenttegn på et antal eller »kr.« på en procentsats afvises.",
            example="22,5%",
            width=12,
        ),
        Column(
            "whole",
            "Ud af",
            VALUE,
            optional_header=True,
            fmt="Kun for art »X ud af Y«: det hele i indikatorens enhed, fx »5 mio. kr.«. Kan også skrives i »Værdi«.",
            help="Hvad værdien er ud af, fx de afsatte midler.",
            example="",
            width=12,
        ),
        Column(
            "note",
            "Bemærkning",
            optional_header=True,
            max_length=500,
            help="Fri tekst.",
            example="Foreløbigt tal",
            width=30,
        ),
        Column(
            "recorded_on",
            "Opgjort pr.",
            DATE,
            optional_header=True,
            fmt="En dato, ikke i fremtiden. Tom: i dag.",
            help="Den dato, værdien er opgjort pr. En status pr. en tidligere dato viser ikke senere opgjorte værdier.",
            example="30-04-2026",
            width=12,
        ),
    ),
    help="Én række pr. værdi. Værdier overskrives aldrig: en ny værdi for samme år er en nyere version; en værdi, der allerede er gemt, springes over.",
)

SHEETS = (INDICATORS, VALUES)

INDICATOR_FORMAT = FileFormat(
    sheets=SHEETS,
    guide_heading="Vejledning til indikatorer",
    guide_intro=(
        "Indikatorer og deres værdier som Excel-fil, eller som CSV-filer (én pr. ark, "
        "semikolonsepareret, med arkets navn som filnavn, fx »Værdier.csv«).",
        "Filen indlæses som en helhed. Er der fejl i blot én række, indlæses intet, og alle fejl vises med ark, række og kolonne.",
        "En indikator hører til en indsats (kolonnen »Ejer« med indsatsens nummer), et budgetnotat "
        "(»budget:SO19/2026«) eller organisationen (tom).",
        "Værdier skrives i indikatorens enhed: »1.309«, »22,5%«, »4.500 kr.«. Datoer må ikke ligge i fremtiden.",
        "Genindlæses en eksport uændret, ændres intet. Kolonnernes overskrifter må ikke ændres; rækkefølgen er fri.",
    ),
)


class IndicatorImportError(FileImportError):
    """The indicator file cannot be imported; ``errors`` names every problem. Nothing was
    written."""


@dataclass
class IndicatorImportResult:
    file_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    values_added: int = 0
    values_skipped: int = 0
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.values_added)

    def summary(self) -> str:
        return _(
            "%(created)d nye, %(updated)d ændrede, %(unchanged)d uændrede indikatorer; "
            "%(added)d nye værdier, %(skipped)d fandtes i forvejen"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "added": self.values_added,
            "skipped": self.values_skipped,
        }

    def audit_changes(self) -> dict[str, list[Any]]:
        return {
            "file": [None, self.file_name],
            "created": [None, self.created],
            "updated": [None, self.updated],
            "unchanged": [None, self.unchanged],
            "values_added": [None, self.values_added],
        }


# --- checking --------------------------------------------------------------------------------

IndicatorKey = tuple[str, Owner]  # (name casefolded, owner)
FIELDS = ("unit", "direction", "definition", "source")


@dataclass
class IndicatorPlan:
    key: IndicatorKey
    row: Row | None  # None: stored and not in »Indikatorer«
    indicator: Indicator | None
    owner: Any = None  # the Initiative or BudgetNote, or None for the organisation
    # (row, value, year, note, whole)
    values: list[tuple[Row, Decimal, int, str, Decimal | None]] = field(default_factory=list)
    target: tuple[int, Decimal, Decimal, int] | None = (
        None  # baseline year, value, target, deadline
    )
    since_year: int | None = None

    def _field(self, key: str, default: Any) -> Any:
        if self.row is not None and key not in self.row.absent and self.row.ok(key):
            return self.row[key]
        return getattr(self.indicator, key) if self.indicator else default

    @property
    def unit(self) -> str:
        if self.row is not None and self.row.ok("unit"):
            return self.row["unit"]
        return self.indicator.unit if self.indicator else ""

    @property
    def kind(self) -> str:
        return self._field("kind", IndicatorKind.YEARLY) or IndicatorKind.YEARLY

    @property
    def may_exceed_100(self) -> bool:
        if self.row is not None and "may_exceed_100" not in self.row.absent:
            return self.row["may_exceed_100"] == YesNo.YES
        return bool(self.indicator and self.indicator.may_exceed_100)


def _owner_of(indicator: Indicator) -> Owner:
    if indicator.initiative_id:
        return ("initiative", indicator.initiative.code)
    if indicator.budget_note_id:
        note = indicator.budget_note
        return ("budget", note.code, note.budget_year)
    return None


def _indicators(organisation: Organisation):
    return Indicator.objects.filter(organisation=organisation).select_related(
        "initiative", "budget_note"
    )


class _Checker:
    def __init__(
        self,
        sheets: dict[str, list[Row]],
        organisation: Organisation,
        today: dt.date,
        as_of: dt.date | None = None,
    ):
        self.sheets = sheets
        self.organisation = organisation
        self.today = today
        self.as_of = as_of or today
        self.issues: list[ImportIssue] = []
        self.stored: dict[IndicatorKey, Indicator] = {}
        for indicator in _indicators(organisation).order_by("pk"):
            self.stored.setdefault((norm(indicator.name), _owner_of(indicator)), indicator)
        self.initiatives = {i.code: i for i in Initiative.objects.filter(organisation=organisation)}
        self.notes = {
            (n.code, n.budget_year): n for n in BudgetNote.objects.filter(organisation=organisation)
        }
        self.plans: dict[IndicatorKey, IndicatorPlan] = {}

    def fail(self, row: Row, key: str, message: str, /, **params: Any) -> None:
        self.issues.append(row.issue(key, message % params if params else message))

    def run(self) -> tuple[list[IndicatorPlan], list[ImportIssue]]:
        self.check_indicators()
        self.check_values()
        return list(self.plans.values()), self.issues

    def owner_object(self, row: Row, owner: Owner):
        """The initiative or budget note an owner names; False (with an issue) if none."""
        if owner is None:
            return None
        if owner[0] == "initiative":
            found = self.initiatives.get(owner[1])
            if found is None:
                self.fail(
                    row, "owner", _("Indsatsen %(code)s findes ikke i kataloget."), code=owner[1]
                )
                return False
            return found
        found = self.notes.get((owner[1], owner[2]))
        if found is None:
            msg = _("Budgetnotatet %(code)s (%(year)d) findes ikke.")
            self.fail(row, "owner", msg, code=owner[1], year=owner[2])
            return False
        return found

    def check_indicators(self) -> None:
        for row in self.sheets.get(INDICATORS.title, []):
            if not row.ok("name", "owner"):
                continue
            key = (norm(row["name"]), row["owner"])
            if key in self.plans:
                msg = _("Indikatoren »%(name)s« med samme ejer står også i række %(row)d.")
                self.fail(row, "name", msg, name=row["name"], row=self.plans[key].row.number)
                continue
            owner = self.owner_object(row, row["owner"])
            if owner is False:
                continue
            stored = self.stored.get(key)
            plan = self.plans[key] = IndicatorPlan(key, row, stored, owner)
            plan.since_year = plan._field("since_year", None)
            if row["since_year"] is not None and plan.kind != IndicatorKind.RUNNING:
                self.fail(
                    row,
                    "since_year",
                    _(
                        "»Talt fra« gælder kun indikatorer af arten »I alt til dato«; lad feltet stå tomt, eller skriv »I alt til dato« i »Art«."
                    ),
                )
            self.check_target(row, plan)
            if (
                stored is not None
                and row.ok("unit")
                and row["unit"] != stored.unit
                and stored.values.exists()
            ):
                msg = _(
                    "Indikatoren »%(name)s« måles i %(old)s og har værdier; enheden kan ikke ændres til %(new)s."
                )
                self.fail(
                    row,
                    "unit",
                    msg,
                    name=stored.name,
                    old=unit_label(stored.unit),
                    new=unit_label(row["unit"]),
                )

    def check_target(self, row: Row, plan: IndicatorPlan) -> None:
        """A target is four cells, all filled or all empty."""
        present = [k for k in TARGET_KEYS if k not in row.absent]
        if not row.ok(*present):
            return
        filled = [k for k in present if row[k] is not None]
        if not filled:
            return
        missing = [k for k in TARGET_KEYS if k not in filled]
        if missing:
            self.fail(
                row,
                missing[0],
                _(
                    "Et mål skal have udgangsår, udgangsværdi, mål og frist; »%(column)s« mangler. Fx udgangsår 2024, udgangsværdi 18%%, mål 15%%, frist 2027 – eller lad alle fire stå tomme."
                ),
                column=INDICATORS.header(missing[0]),
            )
            return
        if not plan.unit:
            return
        baseline = self.read_value(row, plan.unit, row["baseline_value"], "baseline_value")
        target = self.read_value(row, plan.unit, row["target_value"], "target_value")
        if baseline is None or target is None:
            return
        if row["deadline_year"] < row["baseline_year"]:
            self.fail(
                row,
                "deadline_year",
                _("Fristen %(deadline)d ligger før udgangsåret %(baseline)d."),
                deadline=row["deadline_year"],
                baseline=row["baseline_year"],
            )
            return
        plan.target = (row["baseline_year"], baseline, target, row["deadline_year"])

    def plan_for(self, row: Row) -> IndicatorPlan | None:
        """The indicator a value row is about: by name and, if the file gives it, owner."""
        if not row.ok("indicator", "owner"):
            return None
        name = norm(row["indicator"])
        named = {k for k in (*self.plans, *self.stored) if k[0] == name}
        if "owner" not in row.absent and row["owner"] is not None:
            candidates = {(name, row["owner"])}
        elif len(named) > 1 and "owner" not in row.absent and (name, None) in named:
            candidates = {(name, None)}  # a blank owner among several: the organisation's
        else:
            candidates = named
        if len(candidates) > 1:
            owners = ", ".join(sorted(owner_text(k[1]) or _("organisationen") for k in candidates))
            msg = _(
                "Der er flere indikatorer med navnet »%(name)s« (ejere: %(owners)s). Udfyld kolonnen »Ejer« (tilføj den, hvis den mangler)."
            )
            self.fail(row, "indicator", msg, name=row["indicator"], owners=owners)
            return None
        key = next(iter(candidates), None)
        plan = self.plans.get(key) if key else None
        if plan is None and key in self.stored:
            stored = self.stored[key]
            plan = self.plans[key] = IndicatorPlan(key, None, stored)
        if plan is None:
            msg = _(
                "Indikatoren »%(name)s« står hverken i arket »%(sheet)s« eller findes i forvejen."
            )
            if key is not None and key[1] is not None:
                msg = _(
                    "Indikatoren »%(name)s« med ejer »%(owner)s« står hverken i arket »%(sheet)s« eller findes i forvejen."
                )
            self.fail(
                row,
                "indicator",
                msg,
                name=row["indicator"],
                owner=owner_text(key[1]) if key else "",
                sheet=INDICATORS.title,
            )
        return plan

    def check_values(self) -> None:
        for row in self.sheets.get(VALUES.title, []):
            plan = self.plan_for(row)
            kind = plan.kind if plan is not None else IndicatorKind.YEARLY
            year = self.check_dates(row, kind)
            if plan is None or not plan.unit or not row.ok("value", "whole"):
                continue
            raw, remark = split_remark(row["value"])
            figure = self.read_value(row, plan.unit, raw, kind=kind)
            if figure is None or year is None:
                continue
            value, whole = figure.value, figure.whole
            if row["whole"] is not None:
                if kind != IndicatorKind.SHARE:
                    self.fail(
                        row,
                        "whole",
                        _(
                            "»Ud af« gælder kun indikatorer af arten »X ud af Y«; »%(name)s« er af arten »%(kind)s«. Lad feltet stå tomt."
                        ),
                        name=row["indicator"],
                        kind=IndicatorKind(kind).label,
                    )
                    continue
                stated = self.read_value(row, plan.unit, row["whole"], "whole")
                if stated is None:
                    continue
                if whole is not None and stated != whole:
                    self.fail(
                        row,
                        "whole",
                        _("»Ud af« siger noget andet end »Værdi« (»%(value)s«)."),
                        value=shown(row["value"]),
                    )
                    continue
                whole = stated
            if kind == IndicatorKind.SHARE and whole is None:
                self.fail(
                    row,
                    "value",
                    _(
                        "»%(name)s« er af arten »X ud af Y«: skriv fx »%(example)s« i »Værdi«, eller det hele i »Ud af«."
                    ),
                    name=row["indicator"],
                    example=KIND_EXAMPLES[Kind.SHARE],
                )
                continue
            if whole is not None and (whole <= 0 or value > whole):
                self.fail(
                    row,
                    "whole",
                    _("Værdien skal ligge mellem 0 og det hele, fx »%(example)s«."),
                    example=KIND_EXAMPLES[Kind.SHARE],
                )
                continue
            if figure.since_year is not None:
                if plan.since_year is None:
                    plan.since_year = figure.since_year
                elif plan.since_year != figure.since_year:
                    self.fail(
                        row,
                        "value",
                        _(
                            "»%(value)s« siger talt fra %(year)d, men indikatoren er talt fra %(since)d."
                        ),
                        value=shown(row["value"]),
                        year=figure.since_year,
                        since=plan.since_year,
                    )
                    continue
            # "8 (flere følger)": the remark is the value's note; "30*" marks the note in
            # »Bemærkning« (or, when that is empty, stays as the marker)
            note = row["note"] or ""
            if remark and remark != "*" * len(remark):
                note = f"{remark}; {note}" if note else remark
            elif remark and not note:
                note = remark
            if len(note) > 500:
                self.fail(row, "note", _("Bemærkningen er længere end 500 tegn."))
                continue
            plan.values.append((row, value, year, note, whole))

    def check_dates(self, row: Row, kind: str = IndicatorKind.YEARLY) -> int | None:
        ok = row.ok("year", "date", "recorded_on")
        year, date, recorded = row["year"], row["date"], row["recorded_on"]
        if row.ok("date") and date is not None and date > self.today:
            self.fail(
                row,
                "date",
                _("Datoen %(date)s ligger i fremtiden."),
                date=date.strftime("%d-%m-%Y"),
            )
            ok = False
        if row.ok("recorded_on") and recorded is not None and recorded > self.today:
            self.fail(
                row,
                "recorded_on",
                _(
                    "Datoen %(date)s ligger i fremtiden; en værdi kan kun være opgjort pr. i dag eller tidligere."
                ),
                date=recorded.strftime("%d-%m-%Y"),
            )
            ok = False
        if row.ok("year", "date"):
            if year is None and date is None and kind != IndicatorKind.YEARLY and ok:
                # a figure without a year (a planned or running total): the year it is stated
                year = (recorded or self.as_of).year
            elif year is None and date is None:
                self.fail(row, "year", _("Skriv året (eller en dato), værdien gælder."))
                ok = False
            elif year is not None and date is not None and date.year != year:
                msg = _("Datoen %(date)s ligger ikke i året %(year)d.")
                self.fail(row, "date", msg, date=date.strftime("%d-%m-%Y"), year=year)
                ok = False
        if not ok:
            return None
        return year if year is not None else date.year

    def read_value(
        self, row: Row, unit: str, raw: Any, key: str = "value", *, kind: str | None = None
    ):
        """A cell read in the indicator's unit: the Decimal; with ``kind``, the Figure (value,
        whole, year counted from) as the status tables write it. None, with an issue, if the
        cell cannot be read."""
        try:
            figure = read_figure(raw, Unit(unit), Kind(kind or Kind.YEARLY))
        except AmountParseError as exc:
            message = str(exc)
            if not message.endswith("."):
                message += "."
            if "»" not in message:
                message = _(
                    "»%(value)s« kan ikke læses som et tal i indikatorens enhed (%(unit)s): %(reason)s"
                ) % {
                    "value": shown(raw),
                    "unit": unit_label(unit),
                    "reason": message,
                }
            self.fail(row, key, message)
            return None
        checked = []
        for value in (figure.value, figure.whole):
            if value is None:
                checked.append(None)
                continue
            if isinstance(raw, float):
                value = value.quantize(FOUR_DECIMALS)
            if value != value.quantize(FOUR_DECIMALS):
                self.fail(row, key, _("»%(value)s« har flere end 4 decimaler."), value=shown(raw))
                return None
            if abs(value) >= MAX_NUMBER:
                self.fail(row, key, _("Værdien er for stor."))
                return None
            if Unit(unit) == Unit.COUNT and value < 0:
                self.fail(row, key, _("Et antal kan ikke være negativt."))
                return None
            checked.append(value)
        if kind is None:
            return checked[0]
        return Figure(checked[0], checked[1], figure.since_year)


# --- applying --------------------------------------------------------------------------------


def _stored_values(indicators: list[Indicator]) -> dict[int, list[tuple]]:
    result: dict[int, list[tuple]] = {}
    for v in IndicatorValue.objects.filter(
        indicator__in=indicators, action=ValueAction.VALUE
    ).order_by("pk"):
        result.setdefault(v.indicator_id, []).append(
            (v.year, v.date, v.value, v.whole, v.recorded_on)
        )
    return result


def _first_targets(indicators: list[Indicator]) -> dict[int, Target]:
    result: dict[int, Target] = {}
    for target in Target.objects.filter(indicator__in=indicators).order_by("deadline_year", "pk"):
        result.setdefault(target.indicator_id, target)
    return result


def _indicator_fields(plan: IndicatorPlan) -> dict[str, Any]:
    """The indicator's fields as the file gives them (columns the file leaves out: as stored)."""
    row = plan.row
    fields = {f: row[f] for f in FIELDS}
    if "kind" not in row.absent:
        fields["kind"] = row["kind"]
    if "may_exceed_100" not in row.absent:
        fields["may_exceed_100"] = row["may_exceed_100"] == YesNo.YES
    if "since_year" not in row.absent or plan.since_year is not None:
        fields["since_year"] = plan.since_year
    return fields


def _apply(plans: list[IndicatorPlan], organisation, actor, result, today) -> None:
    def call(row, fn, **kwargs):
        return call_service(row, IndicatorImportError, fn, **kwargs)

    stored = [p.indicator for p in plans if p.indicator is not None]
    stored_values = _stored_values(stored)
    targets = _first_targets(stored)
    for plan in plans:
        row = plan.row
        indicator = plan.indicator
        changed = False
        if row is not None and indicator is None:
            owner = plan.owner
            indicator = call(
                row,
                services.indicator_create,
                organisation=organisation,
                actor=actor,
                name=row["name"],
                unit=row["unit"],
                **{k: v for k, v in _indicator_fields(plan).items() if k != "unit"},
                initiative=owner if isinstance(owner, Initiative) else None,
                budget_note=owner if isinstance(owner, BudgetNote) else None,
                order=row.number - 1,  # new indicators keep the file's order
            )
            result.created += 1
        elif row is not None:
            fields = {
                f: v for f, v in _indicator_fields(plan).items() if getattr(indicator, f) != v
            }
            if row["name"] != indicator.name:
                fields["name"] = row["name"]
            if fields:
                call(
                    row,
                    services.indicator_update,
                    indicator=indicator,
                    actor=actor,
                    expected_version=None,
                    **fields,
                )
                changed = True
        elif plan.since_year is not None and indicator.since_year is None:
            # "120 screenede, opstartet i 2021" names the year a running total counts from
            services.indicator_update(
                indicator=indicator, actor=actor, expected_version=None, since_year=plan.since_year
            )
        if plan.target is not None:
            target = targets.get(indicator.pk)
            current = (
                (target.baseline_year, target.baseline_value, target.target_value,
                 target.deadline_year)
                if target is not None
                else None
            )  # fmt: skip
            if current != plan.target:
                baseline_year, baseline, goal, deadline = plan.target
                call(
                    row,
                    services.target_set,
                    indicator=indicator,
                    actor=actor,
                    baseline_value=baseline,
                    baseline_year=baseline_year,
                    target_value=goal,
                    deadline_year=deadline,
                    target=target,
                )
                changed = True
        if row is not None and plan.indicator is not None:
            if changed:
                result.updated += 1
            else:
                result.unchanged += 1
        have = stored_values.get(indicator.pk, []) if plan.indicator is not None else []
        known = list(have)
        for value_row, value, year, note, whole in plan.values:
            date, recorded = value_row["date"], value_row["recorded_on"]
            if recorded is None:
                present = any(k[:4] == (year, date, value, whole) for k in known)
            else:
                present = (year, date, value, whole, recorded) in known
            if present:
                result.values_skipped += 1
                continue
            call(
                value_row,
                services.indicator_value_add,
                indicator=indicator,
                actor=actor,
                year=year,
                value=value,
                whole=whole,
                date=date,
                note=note,
                recorded_on=recorded or today,
            )
            known.append((year, date, value, whole, recorded or today))
            result.values_added += 1


def indicator_check(
    *, organisation: Organisation, file, file_name: str | None = None, today=None, as_of=None
) -> tuple[list[IndicatorPlan], str]:
    """Read and check the file(s); raise IndicatorImportError naming every problem."""
    today = today or timezone.localdate()
    files = read_uploads(file, name=file_name)
    sheets, issues = read_files(files, INDICATOR_FORMAT, required=())
    if not issues and not sheets:
        issues.append(no_sheets_issue(SHEETS))
    plans: list[IndicatorPlan] = []
    if sheets:
        plans, more = _Checker(sheets, organisation, today, as_of).run()
        issues.extend(more)
    if issues:
        raise IndicatorImportError(sorted(issues, key=issue_order(SHEETS)))
    return plans, file_names(files)


def indicator_backfill_warning(
    *, organisation: Organisation, actor, file, file_name: str | None = None, as_of=None
) -> str:
    """Asked before an import without an as-of date: values for an earlier year with
    »Opgjort pr.« blank would be recorded as of today, so a status report as of an earlier date
    would not show them. "" when there are none (or the file has errors: the import names
    them)."""
    if as_of is not None:
        return ""
    require_role(actor, organisation, EDIT_CATALOGUE)
    today = timezone.localdate()
    try:
        plans, _name = indicator_check(
            organisation=organisation, file=file, file_name=file_name, today=today
        )
    except IndicatorImportError:
        return ""
    past = [
        (row, plan)
        for plan in plans
        for row, _value, year, _note, _whole in plan.values
        if row["recorded_on"] is None and year < today.year
    ]
    if not past:
        return ""
    row, plan = past[0]
    return ngettext(
        "%(count)d værdi for et tidligere år har ingen »Opgjort pr.« (række %(row)d, "
        "»%(name)s« %(year)d). Uden en dato registreres den pr. i dag, %(today)s, og en "
        "statusrapport pr. en tidligere dato viser den ikke. Skriv datoen, tallene var kendt, "
        "i »Opgjort pr.« herunder (fx 30-04-2026), eller sæt kryds ved »Registrér dem pr. i "
        "dag«, og vælg filen igen.",
        "%(count)d værdier for tidligere år har ingen »Opgjort pr.« (fx række %(row)d, "
        "»%(name)s« %(year)d). Uden en dato registreres de pr. i dag, %(today)s, og en "
        "statusrapport pr. en tidligere dato viser dem ikke. Skriv datoen, tallene var kendt, "
        "i »Opgjort pr.« herunder (fx 30-04-2026), eller sæt kryds ved »Registrér dem pr. i "
        "dag«, og vælg filen igen.",
        len(past),
    ) % {
        "count": len(past),
        "row": row.number,
        "name": row["indicator"],
        "year": row["year"] or (row["date"].year if row["date"] else today.year),
        "today": today.strftime("%d-%m-%Y"),
    }


def indicator_import(
    *,
    organisation: Organisation,
    actor,
    file,
    file_name: str | None = None,
    dry_run=False,
    as_of: dt.date | None = None,
) -> IndicatorImportResult:
    """Import indicators and values from ``file`` (an upload, a path, bytes, or a list of them:
    one XLSX or a CSV per sheet). Raises IndicatorImportError, having written nothing, if any
    row is wrong; with ``dry_run`` everything is checked, counted and rolled back. A value with
    »Opgjort pr.« blank is recorded as of ``as_of`` (the date the figures were known; today
    when not given), so figures back-filled today still show in a report as of that date."""
    require_role(actor, organisation, EDIT_CATALOGUE)
    today = timezone.localdate()
    if as_of is not None and as_of > today:
        raise IndicatorImportError(
            [
                file_issue(
                    _("Datoen for »Opgjort pr.« (%(date)s) ligger i fremtiden.")
                    % {"date": as_of.strftime("%d-%m-%Y")}
                )
            ]
        )
    plans, name = indicator_check(
        organisation=organisation, file=file, file_name=file_name, today=today, as_of=as_of
    )
    result = IndicatorImportResult(file_name=name, dry_run=dry_run)
    with import_writes(
        organisation=organisation,
        actor=actor,
        object_type="indicators",
        object_repr=_("Indikatorer fra %(name)s") % {"name": name},
        changes=result.audit_changes,
        dry_run=dry_run,
    ):
        _apply(plans, organisation, actor, result, as_of or today)
    return result


# --- export ----------------------------------------------------------------------------------


def indicator_rows(organisation: Organisation) -> dict[str, list[dict[str, Any]]]:
    """The organisation's indicators and every value (oldest first) as rows per sheet. A fixed
    number of queries."""
    indicators = list(_indicators(organisation).order_by("order", "name", "pk"))
    by_id = {i.pk: i for i in indicators}
    targets = _first_targets(indicators)
    rows = []
    for i in indicators:
        target = targets.get(i.pk)
        rows.append(
            {
                "name": i.name,
                "unit": i.unit,
                "direction": i.direction,
                "definition": i.definition,
                "source": i.source,
                "owner": owner_text(_owner_of(i)) or None,
                "kind": i.kind,
                "since_year": i.since_year,
                "may_exceed_100": YesNo.YES if i.may_exceed_100 else YesNo.NO,
                "baseline_year": target.baseline_year if target else None,
                "baseline_value": spreadsheet_number(target.baseline_value) if target else None,
                "target_value": spreadsheet_number(target.target_value) if target else None,
                "deadline_year": target.deadline_year if target else None,
            }
        )
    values = []
    withdrawn = withdrawn_ids([i.pk for i in indicators])
    for v in IndicatorValue.objects.filter(
        indicator__in=indicators, action=ValueAction.VALUE
    ).exclude(pk__in=withdrawn).order_by(
        "indicator__order", "indicator__name", "indicator_id", "year", "date", "recorded_on",
        "created_at", "pk",
    ):  # fmt: skip
        indicator = by_id[v.indicator_id]
        values.append(
            {
                "indicator": indicator.name,
                "owner": owner_text(_owner_of(indicator)) or None,
                "year": v.year,
                "date": v.date,
                "value": spreadsheet_number(v.value),
                "whole": spreadsheet_number(v.whole),
                "note": v.note,
                "recorded_on": v.recorded_on,
            }
        )
    return {INDICATORS.title: rows, VALUES.title: values}


def indicator_export(organisation: Organisation) -> bytes:
    """The organisation's indicators and values as XLSX in the import format."""
    return workbook_bytes(INDICATOR_FORMAT, indicator_rows(organisation))


def indicator_template() -> bytes:
    return workbook_bytes(INDICATOR_FORMAT, {})


__all__ = [
    "INDICATOR_FORMAT",
    "IndicatorImportError",
    "IndicatorImportResult",
    "indicator_backfill_warning",
    "indicator_check",
    "indicator_export",
    "indicator_import",
    "indicator_rows",
    "indicator_template",
]
