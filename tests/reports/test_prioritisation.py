"""The prioritisation report on the Ballerup demo: every figure of the seeds, read back from
the exported XLSX and PDF."""

from decimal import Decimal

import pytest

from indsats.initiatives.models import Scenario
from indsats.reports import prioritisation
from tests.reports.readers import pdf_text, sheet_records, workbook

pytestmark = pytest.mark.django_db

STEP_TOTALS_2020 = {
    # step: (one-time, yearly, cumulated one-time + yearly)
    "Trin 1": (450_000, 1_183_000, 1_633_000),
    "Trin 2": (1_431_500, 480_000, 3_544_500),
    "Trin 3": (0, 470_000, 4_014_500),
    "Trin 4": (0, 1_719_500, 5_734_000),
}


def _report(org, year=2020, selection=None):
    return prioritisation.build_prioritisation(organisation=org, year=year, selection=selection)


def _xlsx(org, year=2020, selection=None):
    wb = workbook(prioritisation.render_xlsx(_report(org, year, selection)))
    return wb, sheet_records(wb["Prioritering"], 5)


def _row(records, code):
    return next(r for r in records if r["Nr."] == code)


def _total(records, step):
    return next(r for r in records if r["Indsats"] == f"{step} i alt")


def test_built_rows_carry_step_totals_and_flags(ballerup):
    report = _report(ballerup)
    totals = {
        s.label: (s.total.cost.one_time, s.total.cost.yearly, s.cumulated) for s in report.steps
    }
    assert totals == {k: tuple(Decimal(v) for v in vs) for k, vs in STEP_TOTALS_2020.items()}
    assert [(f.code, f.stated, f.formula) for f in report.flags] == [
        ("3.2", Decimal("403000.00"), Decimal("403200.00")),
        ("3.3", Decimal("202000.00"), Decimal("201600.00")),
        ("2.2", Decimal("20000.00"), Decimal("14515.20")),
    ]
    step2 = next(s for s in report.steps if s.step == 2)
    assert step2.over_frame and step2.left_text == "−311.500 kr."


def test_xlsx_step_totals_and_frames_2020(ballerup):
    wb, records = _xlsx(ballerup)
    for step, (one_time, yearly, cumulated) in STEP_TOTALS_2020.items():
        total = _total(records, step)
        assert (total["Engangs 2020"], total["Pr. år 2020"], total["Akkumuleret"]) == (
            one_time,
            yearly,
            cumulated,
        )
    assert _total(records, "Trin 2")["Rest af ramme"] == -311_500
    assert _total(records, "Trin 1")["Beløbsramme"] == 1_700_000
    ws = wb["Prioritering"]
    assert ws["A2"].value == "Ballerup Kommune · budgetår 2020"
    assert ws.freeze_panes == "D6"
    assert ws.auto_filter.ref.startswith("A5:")
    total_row = next(r for r in ws.iter_rows(min_row=6) if r[3].value == "Trin 1 i alt")
    assert total_row[11].font.bold and total_row[11].number_format == '#,##0 "kr."'
    assert ws.column_dimensions["D"].width == 40
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A3  # readable when printed


def test_xlsx_initiative_figures_2020(ballerup):
    wb, records = _xlsx(ballerup)
    r11 = _row(records, "1.1")
    assert (r11["Pr. år, laveste"], r11["Pr. år, højeste"], r11["Valgt scenarie"]) == (
        1_008_000,
        4_032_000,
        "5 timer pr. md.",
    )
    r31 = _row(records, "3.1")
    assert (r31["Pr. år, laveste"], r31["Pr. år, højeste"], r31["Pr. år 2020"]) == (
        1_719_500,
        6_878_000,
        1_719_500,
    )
    assert _row(records, "2.3")["Pr. år 2020"] == 135_000
    assert _row(records, "3.4")["Pr. år 2020"] == 480_000
    assert _row(records, "1.2")["Engangs 2020"] == 450_000
    assert "403.200 kr." in _row(records, "3.2")["Formel ≠ besluttet"]
    assert "201.600 kr." in _row(records, "3.3")["Formel ≠ besluttet"]
    assert "14.515,20 kr." in _row(records, "2.2")["Formel ≠ besluttet"]
    operations = {r["Nr."] for r in records if r["Finansiering"] == "Finansieres over driften"}
    assert operations == {
        "1.3",
        "1.4",
        "1.5",
        "2.5",
        "2.6",
        "2.7",
        "2.8",
        "2.9",
        "2.10",
        "2.11",
        "3.7",
        "3.8",
        "3.9",
        "3.6",
        "3.10",
        "3.11",
    }

    scenarios = sheet_records(wb["Scenarier"], 4)
    assert [(s["Scenarie"], s["Pr. år 2020"]) for s in scenarios if s["Nr."] == "1.1"] == [
        ("5 timer pr. md.", 1_008_000), ("10 timer pr. md.", 2_016_000),
        ("15 timer pr. md.", 3_024_000), ("20 timer pr. md.", 4_032_000),
    ]  # fmt: skip
    assert [s["Pr. år 2020"] for s in scenarios if s["Nr."] == "3.1"] == [
        1_719_500,
        3_439_000,
        5_158_500,
        6_878_000,
    ]

    lines = sheet_records(wb["Omkostningslinjer"], 4)
    by = {(r["Nr."], r["Omkostningslinje"]): r for r in lines}
    assert by[("3.2", "Kursusindkøb")]["Beløb 2020"] == 226_500
    assert (
        by[("3.2", "Frikøb")]["Beløb 2020"],
        by[("3.2", "Frikøb")]["Formlen giver"],
        by[("3.2", "Frikøb")]["Forskel"],
    ) == (403_000, 403_200, -200)
    assert (
        by[("3.3", "Kursusindkøb")]["Beløb 2020"],
        by[("3.3", "Frikøb")]["Beløb 2020"],
        by[("3.3", "Frikøb")]["Formlen giver"],
    ) == (350_000, 202_000, 201_600)
    two_two = by[("2.2", "Frikøb af praktikvejledere")]
    assert (two_two["Beløb 2020"], two_two["Formlen giver"]) == (20_000, pytest.approx(14515.2))
    # Amounts with øre are written as exact decimal text, not a binary expansion.
    cell = next(c for c in wb["Omkostningslinjer"]["H"] if c.value == pytest.approx(14515.2))
    assert cell.number_format == '#,##0.00 "kr."'


def test_xlsx_writes_decimal_digits_exactly(ballerup):
    content = prioritisation.render_xlsx(_report(ballerup))
    import io
    import zipfile

    sheets = zipfile.ZipFile(io.BytesIO(content))
    xml = sheets.read("xl/worksheets/sheet3.xml").decode()
    assert "<v>14515.2</v>" in xml and "<v>5484.8</v>" in xml


@pytest.mark.parametrize("year,present", [(2020, True), (2021, True), (2022, True), (2023, False)])
def test_elderlearn_paid_2020_to_2022_only(ballerup, year, present):
    _, records = _xlsx(ballerup, year)
    assert _row(records, "2.3")[f"Pr. år {year}"] == (135_000 if present else 0)
    assert _total(records, "Trin 1")[f"Pr. år {year}"] == (1_183_000 if present else 1_048_000)
    text = pdf_text(prioritisation.render_pdf(_report(ballerup, year)))
    assert ("135.000 kr." in text) is present


def test_selection_changes_totals(ballerup):
    twenty = Scenario.objects.get(
        initiative__organisation=ballerup, initiative__code="1.1", name="20 timer pr. md."
    )
    _, records = _xlsx(ballerup, 2020, {str(twenty.initiative_id): str(twenty.pk)})
    assert _total(records, "Trin 1")["Pr. år 2020"] == 4_207_000
    assert _row(records, "1.1")["Valgt scenarie"] == "20 timer pr. md."
    assert _total(records, "Trin 4")["Akkumuleret"] == 5_734_000 + 3_024_000


def test_pdf_shows_every_figure_2020(ballerup):
    text = pdf_text(prioritisation.render_pdf(_report(ballerup)))
    assert "Ballerup Kommune" in text and "Budgetår 2020" in text and "Udskrevet" in text
    for figure in [
        "1.008.000 kr. – 4.032.000 kr.", "1.719.500 kr. – 6.878.000 kr.", "135.000 kr.", "480.000 kr.",
        "Kursusindkøb: 226.500 kr.", "Frikøb: 403.000 kr.", "Kursusindkøb: 350.000 kr.", "Frikøb: 202.000 kr.",
        "20.000 kr.", "450.000 kr.", "5 timer pr. md.", "25 % udbetales",
    ]:  # fmt: skip
        assert figure in text, figure
    # Flags with the formula behind them
    assert (
        "3.2 Frikøb: besluttet 403.000 kr., formlen giver 1.000 personer × 2 timer × 201,60 kr. = 403.200 kr. (forskel −200 kr.)"
        in text
    )
    assert "formlen giver 500 personer × 2 timer × 201,60 kr. = 201.600 kr." in text
    assert "= 14.515,20 kr." in text
    assert "≠1" in text and "≠3" in text
    # Step totals, cumulated, frames and what is left
    for one_time, yearly, cumulated in STEP_TOTALS_2020.values():
        for amount in (one_time, yearly, cumulated):
            assert f"{amount:,}".replace(",", ".") + " kr." in text
    assert "−311.500 kr." in text
    # Operations-financed initiatives are listed in their own column
    assert "Finansieres over driften" in text
    for title in [
        "1.3 Understøtte praktikstederne",
        "2.11 Øget samarbejde med SOSU-skolerne",
        "3.9 Mentorordning til alle nyansatte",
        "3.11 Opsamling af data",
    ]:
        assert title in text
    assert "Side 1 af" in text


def test_step_ranges_2020_in_pdf_and_xlsx(ballerup):
    """Trin 1 pr. år 1.183.000–4.207.000 kr.; all steps cumulated 3.852.500–12.035.000 kr."""
    report = _report(ballerup)
    text = pdf_text(prioritisation.render_pdf(report))
    assert "Spænd pr. trin over alle scenarier" in text
    assert "Trin 1 450.000 kr. 1.183.000 kr. – 4.207.000 kr. 1.183.000 kr. – 4.207.000 kr." in text
    assert "Trin 4 0 kr. 1.719.500 kr. – 6.878.000 kr. 3.852.500 kr. – 12.035.000 kr." in text
    wb, records = _xlsx(ballerup)
    by_title = {r["Indsats"]: r for r in records if r["Indsats"]}
    one = by_title["Trin 1 i alt"]
    assert (one["Pr. år, laveste"], one["Pr. år, højeste"]) == (1183000, 4207000)
    assert (one["Engangs, laveste"], one["Engangs, højeste"]) == (450000, 450000)
    everything = by_title["Akkumuleret til og med trin 4"]
    assert (everything["Pr. år, laveste"], everything["Pr. år, højeste"]) == (3852500, 12035000)
    assert (everything["Engangs, laveste"], everything["Engangs, højeste"]) == (1881500, 1881500)


def test_xlsx_scenarios_and_lines_are_the_overviews_own(ballerup):
    """The XLSX's scenario and cost-line sheets lay out what the prioritisation overview
    computed (its rows' scenario_costs and lines, calc.costs.initiative_year): the same
    amounts, row for row, as the page and the PDF show."""
    report = _report(ballerup)
    wb = workbook(prioritisation.render_xlsx(report))
    scenarios = sheet_records(wb["Scenarier"], 4)
    lines = sheet_records(wb["Omkostningslinjer"], 4)
    expected_scenarios, expected_lines = [], []
    for step in report.steps:
        for row in step.rows:
            source = row.source
            if row.error:
                continue
            if source.model.scenarios:
                for scenario, cost in source.scenario_costs:
                    expected_scenarios.append((row.code, scenario.name, cost.one_time, cost.yearly))
            assert row.cost == prioritisation.calc.YearCost(
                sum(
                    (r.amount for r in source.lines if r.line.recurrence == "one_time"), Decimal(0)
                ),
                sum(
                    (r.amount for r in source.lines if r.line.recurrence != "one_time"), Decimal(0)
                ),
            )
            for result in source.lines:
                expected_lines.append((row.code, result.line.label, result.amount))
    year = report.year
    assert [
        (r["Nr."], r["Scenarie"], Decimal(str(r[f"Engangs {year}"] or 0)),
         Decimal(str(r[f"Pr. år {year}"] or 0)))
        for r in scenarios
    ] == expected_scenarios  # fmt: skip
    assert [
        (r["Nr."], r["Omkostningslinje"], Decimal(str(r[f"Beløb {year}"] or 0))) for r in lines
    ] == expected_lines
    assert len(expected_lines) > 10 and len(expected_scenarios) > 3


def test_the_renderers_only_lay_out_rows():
    """render_pdf and render_xlsx (and their sheet helpers) never cost anything themselves:
    they name neither calc's costing, the ORM nor the clock (renderers lay out rows)."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(prioritisation))
    renderers = {"render_pdf", "render_xlsx", "_scenario_sheet", "_lines_sheet", "_titles"}
    forbidden = {
        "cost_in_year", "evaluate_line", "applies_in_year", "cost_range", "initiative_year",
        "lines_in_year", "parameters", "objects", "timezone", "now", "localdate",
    }  # fmt: skip
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in renderers:
            names = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
            names |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            found[node.name] = names & forbidden
    assert set(found) == renderers
    assert found == {name: set() for name in renderers}
