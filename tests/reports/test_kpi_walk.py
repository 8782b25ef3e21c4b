"""One walk over every pipeline KPI of the registry (calc.kpis): a success criterion on each,
and the same label and the same digits (the registry's one rounding) on the strategy page, the
strategy report page, its PDF, DOCX and XLSX, the chart and the API."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from indsats.calc import kpis
from indsats.organisations import services as org_services
from indsats.reports import pipeline_charts as pc
from indsats.reports import strategy as sr
from indsats.strategies.choices import PipelineKpi
from indsats.strategies.models import SuccessCriterion
from indsats.strategies.selectors import criterion_progress
from tests.reports import strategy_data
from tests.reports.readers import docx_text, pdf_text, workbook

YEAR = 2024


@pytest.fixture
def walked(org):
    strategy = strategy_data.frederikssund(org)
    SuccessCriterion.objects.filter(strategy=strategy).delete()
    for i, code in enumerate(PipelineKpi.values):
        k = kpis.get(code)
        SuccessCriterion.objects.create(
            strategy=strategy, source="kpi", kpi=code, order=i, kind="level",
            statement=f"Kriterium {i} på {code}", baseline_year=2020, deadline_year=2027,
            direction="higher", target_value=Decimal("10") if k.unit == "count"
            else Decimal("44.46"),
        )  # fmt: skip
    return strategy


def _flat(text: str) -> str:
    return " ".join(html.unescape(text).split())


@pytest.mark.django_db
def test_every_kpi_has_the_same_label_and_digits_everywhere(walked, org, client, make_member):
    assert set(PipelineKpi.values) == set(kpis.KPIS)  # every registry code is walked
    member = make_member(org, "readonly")
    client.force_login(member)
    rows = {p.criterion.kpi: p for p in criterion_progress(walked, as_of_year=YEAR)}
    report = sr.build_strategy_report(walked, year=YEAR)
    page = _flat(
        client.get(
            reverse("strategies:detail", kwargs={"org": org.slug, "strategy_pk": walked.pk})
        ).content.decode()
    )
    report_page = _flat(
        client.get(
            reverse("reports:strategy", kwargs={"org": org.slug, "strategy_pk": walked.pk}),
            {"aar": YEAR},
        ).content.decode()
    )
    pdf = _flat(pdf_text(sr.render_pdf(report)))
    docx = _flat(docx_text(sr.render_docx(report)))
    ws = workbook(sr.render_xlsx(report)).worksheets[0]
    xlsx = {ws.cell(row=r, column=2).value: r for r in range(6, ws.max_row + 1)}
    _, raw = org_services.api_token_create(actor=member, organisation=org, name="walk")
    api = client.get(f"/api/v1/strategies/{walked.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    api_rows = {c["kpi"]: c for c in api["criteria"]}
    with_values = 0
    for code in PipelineKpi.values:
        k = kpis.get(code)
        p = rows[code]
        label = p.measure
        latest = p.result.latest
        target = k.format(p.result.target_level)
        shown = [target]
        if latest is not None:
            with_values += 1
            shown.append(f"{k.format(latest)} ({p.result.latest_year})")
        for where, text in (("page", page), ("report", report_page), ("pdf", pdf),
                            ("docx", docx)):  # fmt: skip
            assert label in text, (code, where)
            for figure in shown:
                assert figure in text, (code, where, figure)
        r = xlsx[p.criterion.statement]
        assert ws.cell(row=r, column=3).value == label
        for col, value in ((7, p.result.target_level), (9, latest)):
            if value is None:
                continue
            cell = ws.cell(row=r, column=col).value
            if k.unit == "percent":
                places = Decimal(1).scaleb(-k.decimals)
                assert (Decimal(str(cell)) * 100).quantize(places) == k.round(value), (code, col)
                assert ws.cell(row=r, column=col).number_format.count("0") - 1 == k.decimals
            else:
                assert k.format(Decimal(str(cell))) == k.format(value), (code, col)
        progress = api_rows[code]["progress"]
        assert progress["target_text"] == target, code
        if latest is not None:
            assert progress["latest_text"] == k.format(latest), code
        assert progress["series_text"] == {str(y): k.format(v) for y, v in p.series.items()}
    assert with_values >= 8  # the demo data give most KPIs a measured value
    # The chart: a rate's text in a chart's table and description is the registry's.
    rate = Decimal("9.1")
    svg = pc.sick_leave_chart({2022: rate}, chart_id="walk")
    assert kpis.get("sick_leave_rate").format(rate) in svg
    assert pc.Cell(Decimal("41.46"), "rate").text == kpis.get("hire_rate").format(Decimal("41.46"))
