"""A value measured part of the way through its year (»pr. 30. april«) is shown as provisional
and never judged: the verdict against a yearly target rests on whole-year values only."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from indsats.budgets import services as budget_services
from indsats.indicators.models import Indicator, IndicatorValue, Target
from indsats.reports.status import build_status_report, render_docx, render_pdf, render_xlsx
from indsats.reports.status_table import render_table_pdf, status_table
from tests.factories import InitiativeFactory
from tests.reports.readers import docx_text, normalise, pdf_text, workbook

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 5, 15)
PROVISIONAL = "foreløbig pr. 30. april 2026"


@pytest.fixture
def part_year(org, consultant):
    """Retention 80 % in 2024, to reach 85 % in 2027: 81 % for 2025 (behind the straight line)
    and 90 % measured by 30 April 2026 (above the target, but only a third of the year)."""
    initiative = InitiativeFactory(organisation=org, code="1.1")
    budget_services.budget_note_create(
        organisation=org,
        actor=consultant,
        code="SO19",
        title="God start",
        budget_year=2026,
        initiatives=[initiative],
    )
    indicator = Indicator.objects.create(
        organisation=org,
        initiative=initiative,
        name="Fastholdelse",
        unit="percent",
        direction="higher",
    )
    Target.objects.create(
        indicator=indicator,
        baseline_value=Decimal(80),
        baseline_year=2024,
        target_value=Decimal(85),
        deadline_year=2027,
    )
    for year, value, date in [(2025, 81, None), (2026, 90, dt.date(2026, 4, 30))]:
        IndicatorValue.objects.create(
            indicator=indicator,
            year=year,
            value=Decimal(value),
            date=date,
            recorded_on=dt.date(2026, 5, 1),
        )
    return indicator


def test_a_part_year_value_above_the_target_is_provisional_not_reached(org, part_year):
    report = build_status_report(organisation=org, as_of=AS_OF)
    table = report.sections[0].notes[0].initiatives[0].indicators
    (row,) = table.rows
    assert [t.verdict_label for t in row.targets] == ["Bagud i forhold til målet"]
    assert row.value_text(2026) == f"90,0 % (1) ({PROVISIONAL})"
    # screen and PDF: the provisional mark on its own line under the figure (column keeps width)
    assert row.cells(table.years)[-1] == ("90,0 % (1)", PROVISIONAL)
    assert row.cells(table.years)[0] == ("81,0 %", "")

    for text, shown in (
        (pdf_text(render_pdf(report)), f"90,0 % (1) {PROVISIONAL}"),  # its own line
        (normalise(docx_text(render_docx(report))), f"90,0 % (1) {PROVISIONAL}"),
        (pdf_text(render_table_pdf(report)), f"90,0 % (1) ({PROVISIONAL})"),
    ):
        assert shown in text
        assert "Bagud i forhold til målet" in text
        assert "Målet er nået" not in text
    cells = [
        str(c.value)
        for ws in workbook(render_xlsx(report)).worksheets
        for r in ws.iter_rows()
        for c in r
        if c.value is not None
    ]
    assert any(f"2026: {PROVISIONAL}" in c for c in cells)
    assert "Målet er nået" not in cells
    figures = [f for row in status_table(report).rows for f in row.figures]
    assert [f.values_text for f in figures] == [
        f"2025: 81,0\u00a0% · 2026: 90,0\u00a0% (1) ({PROVISIONAL})"
    ]


def test_the_status_page_and_the_indicator_page_mark_the_value_provisional(
    org, part_year, consultant_client
):
    url = reverse("reports:status", kwargs={"org": org.slug})
    for layout in ("", "tabel"):
        page = consultant_client.get(
            url, {"dato": AS_OF.isoformat(), "fuld": "1", "opstilling": layout}
        )
        text = normalise(page.content.decode())
        if layout:
            assert f"90,0 % (1) ({PROVISIONAL})" in text
        else:  # the mark on its own line under the figure
            assert f'90,0 % (1)<br><span class="provisional">{PROVISIONAL}</span>' in text
        assert "Bagud i forhold til målet" in text
        assert "Målet er nået" not in text
    detail = consultant_client.get(
        reverse("indicators:detail", kwargs={"org": org.slug, "indicator_pk": part_year.pk})
    )
    text = normalise(detail.content.decode())
    assert f"90,0 % ({PROVISIONAL})" in text
    assert "Bagud i forhold til målet" in text
    assert "Målet er nået" not in text
