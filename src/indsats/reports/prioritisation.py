"""The prioritisation report (seed 000): themes × priority steps, each initiative's cost in the
budget year under the chosen scenario, totals per step, cumulated, against the budget frames.

The rows are built once by ``build_prioritisation`` from the same overview the screen shows
(initiatives.selectors.prioritisation_overview, whose rows carry each initiative's cost lines
and scenario costs in the year, computed once by calc.costs.initiative_year); ``render_pdf``
and ``render_xlsx`` only lay them out: they never call calc, the ORM or the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indsats.calc import costs as calc
from indsats.calc.codes import code_key
from indsats.calc.danish import format_kr, format_range
from indsats.initiatives.choices import CostCategory, Funding
from indsats.initiatives.selectors import Overview, OverviewRow, prioritisation_overview
from indsats.organisations.models import Organisation

from .charts import step_cost_chart
from .render import (
    amount_format,
    danish_date,
    excel_amount,
    kr_minus,
    nowrap_amounts,
    pdf_from_template,
    signed_kr,
)


@dataclass
class Flag:
    """A cost line whose decided amount is not what its formula gives."""

    number: int
    code: str
    label: str
    stated: Decimal
    formula: Decimal
    expression: str

    @property
    def difference(self) -> Decimal:
        return self.stated - self.formula

    @property
    def text(self) -> str:
        return _(
            "%(code)s %(label)s: besluttet %(stated)s, formlen giver %(expression)s "
            "(forskel %(difference)s)."
        ) % {
            "code": self.code,
            "label": self.label,
            "stated": format_kr(self.stated),
            "expression": self.expression,
            "difference": signed_kr(self.difference),
        }


@dataclass
class LinePart:
    """One cost line as it counts in the year under the chosen scenario."""

    label: str
    category: str
    recurrence: str
    amount: Decimal
    flag: Flag | None = None
    result: calc.LineResult | None = None  # the overview's evaluation of the line

    @property
    def one_time(self) -> bool:
        return self.result is not None and self.result.line.recurrence == calc.Recurrence.ONE_TIME

    @property
    def text(self) -> str:
        return f"{self.label}: {format_kr(self.amount)}"


@dataclass
class ReportRow:
    source: OverviewRow
    code: str
    title: str
    funding: str
    funding_label: str
    range: calc.CostRange
    scenario: str
    cost: calc.YearCost
    parts: list[LinePart]
    period: str
    error: str = ""

    @property
    def flags(self) -> list[Flag]:
        return [p.flag for p in self.parts if p.flag]

    @property
    def one_time_text(self) -> str:
        return _range_text(self.range.one_time_low, self.range.one_time_high)

    @property
    def yearly_text(self) -> str:
        return _range_text(self.range.yearly_low, self.range.yearly_high)

    @property
    def has_cost(self) -> bool:
        return self.range.one_time_high > 0 or self.range.yearly_high > 0

    @property
    def show_parts(self) -> bool:
        return len(self.parts) > 1 or bool(self.flags)


def _range_text(low: Decimal, high: Decimal) -> str:
    if low == 0 and high == 0:
        return "–"
    return nowrap_amounts(format_range(low, high))


def _step_range_text(rng: calc.CostRange) -> str:
    """``Engangs 0 kr. · pr. år 1.183.000 kr. – 4.207.000 kr.``"""
    return _("Engangs %(one_time)s · pr. år %(yearly)s") % {
        "one_time": _range_text(rng.one_time_low, rng.one_time_high),
        "yearly": _range_text(rng.yearly_low, rng.yearly_high),
    }


@dataclass
class ThemeGroup:
    name: str
    rows: list[ReportRow]  # needs separate (or external) funding
    operations: list[ReportRow]  # financed over operations


@dataclass
class StepSection:
    step: int | None
    groups: list[ThemeGroup]
    total: calc.StepTotal

    @property
    def label(self) -> str:
        if self.step is None:
            return _("Ikke prioriteret")
        return _("Trin %(step)s") % {"step": self.step}

    @property
    def rows(self) -> list[ReportRow]:
        return [r for g in self.groups for r in (*g.rows, *g.operations)]

    @property
    def cost(self) -> calc.YearCost:
        return self.total.cost

    @property
    def range(self) -> calc.CostRange:
        """Lowest–highest over the step's initiatives, one-time and yearly apart."""
        return self.total.range

    @property
    def cumulated_range(self) -> calc.CostRange:
        return self.total.cumulated_range

    @property
    def range_text(self) -> str:
        return _step_range_text(self.range)

    @property
    def cumulated_range_text(self) -> str:
        return _step_range_text(self.cumulated_range)

    @property
    def cumulated(self) -> Decimal | None:
        return self.total.cumulated.total if self.step is not None else None

    @property
    def left(self) -> Decimal | None:
        return self.total.left

    @property
    def left_text(self) -> str:
        """What is left of the frame, a shortfall with a real minus sign."""
        if self.left is None:
            return ""
        return kr_minus(self.left)

    @property
    def over_frame(self) -> bool:
        return self.left is not None and self.left < 0


@dataclass
class PrioritisationReport:
    organisation: Organisation
    year: int
    produced: dt.date
    overview: Overview
    steps: list[StepSection]
    flags: list[Flag] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Prioritering af rekrutterings- og fastholdelsesindsatser %(year)s") % {
            "year": self.year
        }

    @property
    def produced_text(self) -> str:
        return danish_date(self.produced)

    @property
    def grand_total(self) -> calc.YearCost:
        return self.overview.grand_total

    @property
    def chart_svg(self) -> str:
        return mark_safe(
            step_cost_chart(self.overview, chart_id="prioritering-graf")
        )  # every text in it is escaped

    @property
    def errors(self) -> list[ReportRow]:
        return [r for s in self.steps for r in s.rows if r.error]


def _period(initiative) -> str:
    first, last = initiative.start_year, initiative.end_year
    if first and last:
        return str(first) if first == last else f"{first}–{last}"
    if last:
        return _("til %(year)s") % {"year": last}
    return ""


def _parts(row: OverviewRow, flags: list[Flag]) -> list[LinePart]:
    """The row's cost lines in the year as the overview evaluated them (no second costing)."""
    parts = []
    for result in row.lines:
        line = result.line
        flag = None
        if result.differs and not result.overridden:
            flag = Flag(
                number=len(flags) + 1,
                code=row.initiative.code,
                label=line.label,
                stated=result.stated_amount,
                formula=result.formula_amount,
                expression=result.expression(),
            )
            flags.append(flag)
        parts.append(
            LinePart(
                label=line.label or CostCategory(line.category).label,
                category=str(CostCategory(line.category).label),
                recurrence=str(line.recurrence),
                amount=result.amount,
                flag=flag,
                result=result,
            )
        )
    return parts


def build_prioritisation(
    *,
    organisation: Organisation,
    year: int,
    selection: Mapping[str, str] | None = None,
    produced: dt.date | None = None,
) -> PrioritisationReport:
    """Build the report's rows once, from the prioritisation overview."""
    overview = prioritisation_overview(organisation=organisation, year=year, selection=selection)
    flags: list[Flag] = []
    steps = []
    for step in overview.steps:
        groups = []
        for theme, rows in step.themes:
            built = []
            for row in sorted(rows, key=lambda r: code_key(r.initiative.code)):
                initiative = row.initiative
                parts = [] if row.error else _parts(row, flags)
                built.append(
                    ReportRow(
                        source=row,
                        code=initiative.code,
                        title=initiative.title,
                        funding=initiative.funding,
                        funding_label=initiative.get_funding_display(),
                        range=row.range,
                        scenario=row.selected.name,
                        cost=row.cost,
                        parts=parts,
                        period=_period(initiative),
                        error=row.error,
                    )
                )
            groups.append(
                ThemeGroup(
                    name=theme.name,
                    rows=[r for r in built if r.funding != Funding.OPERATIONS],
                    operations=[r for r in built if r.funding == Funding.OPERATIONS],
                )
            )
        steps.append(StepSection(step=step.step, groups=groups, total=step.total))
    return PrioritisationReport(
        organisation=organisation,
        year=year,
        produced=produced or timezone.localdate(),
        overview=overview,
        steps=steps,
        flags=flags,
    )


# --- PDF ---------------------------------------------------------------------------------


def render_pdf(report: PrioritisationReport) -> bytes:
    return pdf_from_template("reports/prioritisation_pdf.html", {"report": report})


# --- XLSX --------------------------------------------------------------------------------

COLUMNS = [
    # header, width
    # header (translated when written; the Danish text is the column's key), width
    (gettext_noop("Trin"), 8),
    (gettext_noop("Tema"), 18),
    (gettext_noop("Nr."), 6),
    (gettext_noop("Indsats"), 40),
    (gettext_noop("Finansiering"), 16),
    (gettext_noop("Periode"), 10),
    (gettext_noop("Engangs, laveste"), 13),
    (gettext_noop("Engangs, højeste"), 13),
    (gettext_noop("Pr. år, laveste"), 13),
    (gettext_noop("Pr. år, højeste"), 13),
    (gettext_noop("Valgt scenarie"), 16),
    (gettext_noop("Engangs {year}"), 13),
    (gettext_noop("Pr. år {year}"), 13),
    (gettext_noop("I alt {year}"), 13),
    (gettext_noop("Akkumuleret"), 13),
    (gettext_noop("Beløbsramme"), 13),
    (gettext_noop("Rest af ramme"), 13),
    (gettext_noop("Omkostningslinjer"), 36),
    (gettext_noop("Formel ≠ besluttet"), 40),
]


def render_xlsx(report: PrioritisationReport) -> bytes:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from indsats.core.spreadsheet import TOTAL_FILL, Book

    bold = Font(bold=True)
    red = Font(bold=True, color="B51D09")
    total_fill = PatternFill("solid", fgColor=TOTAL_FILL)
    thin = Side(style="thin", color="BFBFBF")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    book = Book()
    ws = book.sheet(_("Prioritering"))
    _titles(book, ws, report, report.title)
    book.text(
        ws, 3, 1,
        _("Udskrevet %(date)s. Beløb under det valgte scenarie i %(year)s.")
        % {"date": report.produced_text, "year": report.year},
    )  # fmt: skip
    header_row = 5
    col = {h: i for i, (h, _w) in enumerate(COLUMNS, start=1)}
    book.header(
        ws,
        header_row,
        [(_(h).format(year=report.year), w) for h, w in COLUMNS],
        freeze_column=col["Indsats"],
    )

    def put(r: int, name: str, value, *, money: bool = False, font=None, alignment=None):
        if money:
            return book.number(
                ws, r, col[name], excel_amount(value), amount_format(value), font=font,
                alignment=top,
            )  # fmt: skip
        return book.text(ws, r, col[name], value, font=font, alignment=alignment)

    def letter(name: str) -> str:
        return get_column_letter(col[name])

    money_columns = {
        "Engangs, laveste": lambda t: t.range.one_time_low,
        "Engangs, højeste": lambda t: t.range.one_time_high,
        "Pr. år, laveste": lambda t: t.range.yearly_low,
        "Pr. år, højeste": lambda t: t.range.yearly_high,
        "Engangs {year}": lambda t: t.cost.one_time,
        "Pr. år {year}": lambda t: t.cost.yearly,
        "I alt {year}": lambda t: t.cost.total,
    }
    cumulated_columns = {
        "Engangs, laveste": lambda s: s.cumulated_range.one_time_low,
        "Engangs, højeste": lambda s: s.cumulated_range.one_time_high,
        "Pr. år, laveste": lambda s: s.cumulated_range.yearly_low,
        "Pr. år, højeste": lambda s: s.cumulated_range.yearly_high,
        "Engangs {year}": lambda s: s.total.cumulated.one_time,
        "Pr. år {year}": lambda s: s.total.cumulated.yearly,
        "I alt {year}": lambda s: s.total.cumulated.total,
    }
    r = header_row + 1
    previous_cumulated_row: int | None = None
    step_total_rows: list[int] = []
    previous_cumulated: str | None = None
    for step in report.steps:
        first = r
        for group in step.groups:
            for row in (*group.rows, *group.operations):
                put(r, "Trin", step.label, alignment=top)
                put(r, "Tema", group.name, alignment=wrap)
                put(r, "Nr.", row.code, alignment=top)
                put(r, "Indsats", row.title, alignment=wrap)
                put(r, "Finansiering", row.funding_label, alignment=top)
                put(r, "Periode", row.period or None, alignment=top)
                if row.error:
                    put(r, "Omkostningslinjer", row.error, font=red, alignment=wrap)
                else:
                    for name, figure in money_columns.items():
                        put(r, name, figure(row), money=True)
                    put(r, "Valgt scenarie", row.scenario or None, alignment=top)
                    if row.parts:
                        put(
                            r,
                            "Omkostningslinjer",
                            "; ".join(p.text for p in row.parts),
                            alignment=wrap,
                        )
                    if row.flags:
                        put(
                            r,
                            "Formel ≠ besluttet",
                            " ".join(f.text for f in row.flags),
                            alignment=wrap,
                        )
                r += 1
        # The step's total row: formulas over the step's rows, the report's figures cached.
        last = r - 1
        total = step.total
        put(r, "Trin", step.label, font=bold)
        put(r, "Indsats", _("%(step)s i alt") % {"step": step.label}, font=bold)
        for name, figure in money_columns.items():
            value = figure(step)
            cells = [f"{letter(name)}{first}:{letter(name)}{last}"] if last >= first else []
            book.total(ws, r, col[name], cells, excel_amount(value), amount_format(value),
                       font=bold)  # fmt: skip
        if step.cumulated is not None:
            cells = [f"{letter('I alt {year}')}{r}"]
            if previous_cumulated:
                cells.insert(0, previous_cumulated)
            book.total(ws, r, col["Akkumuleret"], cells, excel_amount(step.cumulated),
                       amount_format(step.cumulated), font=bold)  # fmt: skip
            previous_cumulated = f"{letter('Akkumuleret')}{r}"
        if total.frame is not None:
            put(r, "Beløbsramme", total.frame, money=True, font=bold)
            book.formula(
                ws, r, col["Rest af ramme"],
                f"={letter('Beløbsramme')}{r}-{letter('I alt {year}')}{r}",
                excel_amount(total.left), amount_format(total.left),
                font=red if step.over_frame else bold,
            )  # fmt: skip
        for c in range(1, len(COLUMNS) + 1):
            ws.cell(row=r, column=c).fill = total_fill
            ws.cell(row=r, column=c).border = Border(top=thin)
        step_total_rows.append(r)
        r += 1
        if step.step is not None:
            # Cumulated over the steps so far: this step's total row plus the last cumulated row.
            put(r, "Trin", step.label, font=bold)
            put(r, "Indsats", _("Akkumuleret til og med %(step)s") % {"step": step.label.lower()},
                font=bold)  # fmt: skip
            for name, figure in cumulated_columns.items():
                cells = [f"{letter(name)}{r - 1}"]
                if previous_cumulated_row:
                    cells.insert(0, f"{letter(name)}{previous_cumulated_row}")
                value = figure(step)
                book.total(ws, r, col[name], cells, excel_amount(value), amount_format(value),
                           font=bold)  # fmt: skip
            for c in range(1, len(COLUMNS) + 1):
                ws.cell(row=r, column=c).fill = total_fill
            previous_cumulated_row = r
            r += 1
    grand = report.grand_total
    put(r, "Indsats", _("I alt, alle trin"), font=bold)
    for name, value in (("Engangs {year}", grand.one_time), ("Pr. år {year}", grand.yearly),
                        ("I alt {year}", grand.total)):  # fmt: skip
        book.total(ws, r, col[name], [f"{letter(name)}{n}" for n in step_total_rows],
                   excel_amount(value), amount_format(value), font=bold)  # fmt: skip
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(COLUMNS))}{r - 1}"
    book.print_setup(ws)

    _scenario_sheet(book, report)
    _lines_sheet(book, report, red=red)
    return book.to_bytes()


def _titles(book, ws, report, title: str) -> None:
    from openpyxl.styles import Font

    book.text(ws, 1, 1, title, font=Font(bold=True, size=14))
    book.text(
        ws, 2, 1,
        _("%(organisation)s · budgetår %(year)s") % {"organisation": report.organisation.name,
                                                      "year": report.year},
    )  # fmt: skip


def _scenario_sheet(book, report) -> None:
    from openpyxl.utils import get_column_letter

    ws = book.sheet(_("Scenarier"))
    year = {"year": report.year}
    columns = [(_("Trin"), 16), (_("Nr."), 7), (_("Indsats"), 60), (_("Scenarie"), 24),
               (_("Engangs %(year)s") % year, 16), (_("Pr. år %(year)s") % year, 16),
               (_("Valgt"), 8)]  # fmt: skip
    _titles(book, ws, report, _("Scenarier – omkostning i %(year)s") % year)
    header_row = book.header(ws, 4, columns)
    r = header_row + 1
    for step in report.steps:
        for row in step.rows:
            if row.error or not row.source.model.scenarios:
                continue
            for scenario, cost in row.source.scenario_costs:
                for c, value in enumerate((step.label, row.code, row.title, scenario.name), 1):
                    book.text(ws, r, c, value)
                for c, amount in ((5, cost.one_time), (6, cost.yearly)):
                    book.number(ws, r, c, excel_amount(amount), amount_format(amount))
                if scenario.key == row.source.selected.key:
                    book.text(ws, r, 7, _("Ja"))
                r += 1
    if r > header_row + 1:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{r - 1}"


def _lines_sheet(book, report, *, red) -> None:
    from openpyxl.utils import get_column_letter

    ws = book.sheet(_("Omkostningslinjer"))
    year = {"year": report.year}
    columns = [(_("Trin"), 16), (_("Nr."), 7), (_("Indsats"), 50), (_("Omkostningslinje"), 28),
               (_("Kategori"), 14), (_("Gentagelse"), 10), (_("Beløb %(year)s") % year, 16),
               (_("Formlen giver"), 16), (_("Forskel"), 14), (_("Beregning"), 60),
               (_("Beregnet med scenariet"), 26)]  # fmt: skip
    _titles(book, ws, report, _("Omkostningslinjer i %(year)s under det valgte scenarie") % year)
    header_row = book.header(ws, 4, columns)
    r = header_row + 1
    for step in report.steps:
        for row in step.rows:
            for part in row.parts:
                result = part.result
                values = [step.label, row.code, row.title, result.line.label, part.category,
                          _("Engangs") if part.one_time else _("Pr. år")]  # fmt: skip
                for c, value in enumerate(values, start=1):
                    book.text(ws, r, c, value)
                for c, amount in ((7, result.amount), (8, result.formula_amount)):
                    if amount is not None:
                        book.number(ws, r, c, excel_amount(amount), amount_format(amount))
                if result.differs and not result.overridden:
                    book.number(ws, r, 9, excel_amount(result.difference),
                                amount_format(result.difference), font=red)  # fmt: skip
                if result.formula_amount is not None:
                    book.text(ws, r, 10, result.expression())
                if result.overridden:  # the amount is the scenario's, and says so
                    book.text(ws, r, 11, row.source.selected.name)
                r += 1
    if r > header_row + 1:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{r - 1}"
