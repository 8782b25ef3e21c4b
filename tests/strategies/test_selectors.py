"""strategies.selectors: the strategy in a fixed number of queries; criteria progress from
indicators and pipeline KPIs with one pipeline() call per strategy."""

from decimal import Decimal
from unittest import mock

import pytest

from indsats.indicators import services as indicator_services
from indsats.strategies import selectors, services
from indsats.students import selectors as student_selectors
from indsats.students.models import CohortFigures, SickLeaveFigure

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(org):
    s = services.strategy_create(
        organisation=org, actor=None, title="S", start_year=2024, end_year=2027
    )
    indicator = indicator_services.indicator_create(
        organisation=org, actor=None, name="Personaleomsætning", unit="percent", direction="lower"
    )
    for year, value in ((2022, "20"), (2023, "18.5"), (2024, "17")):
        indicator_services.indicator_value_add(
            indicator=indicator, actor=None, year=year, value=Decimal(value)
        )
    services.criterion_create(
        strategy=s, actor=None, statement="Omsætningen under 16 %.", kind="level",
        source="indicator", indicator=indicator, direction="lower", baseline_value=Decimal(20),
        baseline_year=2022, target_value=Decimal(16), deadline_year=2027,
    )  # fmt: skip
    services.criterion_create(
        strategy=s, actor=None, statement="Sygefravær −1 point.", kind="change_pp",
        source="kpi", kpi="sick_leave_rate", direction="lower", baseline_value=Decimal("8.64"),
        baseline_year=2023, target_value=Decimal(-1), deadline_year=2027,
    )  # fmt: skip
    services.criterion_create(
        strategy=s, actor=None, statement="Mindst 5 egne SSH.", kind="min_year", source="kpi",
        kpi="internal_ssh", education="ssa", baseline_year=2023, target_value=Decimal(5),
        deadline_year=2027,
    )  # fmt: skip
    for year, rate in ((2023, "8.64"), (2024, "9.10")):
        SickLeaveFigure.objects.create(organisation=org, year=year, rate=Decimal(rate))
    for year, own in ((2023, 5), (2024, 6)):
        CohortFigures.objects.create(
            organisation=org, education="ssa", cohort_year=year, started=56, internal_ssh=own
        )
    return s


def test_progress_from_indicator_and_kpis(strategy):
    rows = selectors.criterion_progress(strategy)
    turnover, sick, own = rows
    assert turnover.unit == "percent" and turnover.verdict == "on_track"
    assert turnover.explanation.startswith("Senest 17,0 % (2024); målet er 16,0 % i 2027.")
    assert sick.target_text == "7,64 %"
    assert sick.verdict == "off_track"
    assert sick.explanation.endswith("Udviklingen går den forkerte vej.")
    assert own.unit == "count" and own.verdict == "reached"
    assert own.measure == "Egne SSH ansat som SSA-elever"  # the registry's label


def test_as_of_year(strategy):
    sick = selectors.criterion_progress(strategy, as_of_year=2023)[1]
    assert sick.result.latest_year == 2023


def test_one_pipeline_call_per_strategy(strategy):
    with mock.patch.object(student_selectors, "pipeline", wraps=student_selectors.pipeline) as spy:
        selectors.criterion_progress(strategy)
    assert spy.call_count == 1


def test_detail_in_a_fixed_number_of_queries(strategy, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        detail = selectors.strategy_detail(strategy)
        list(detail.success_criteria.all())
        list(detail.focus_areas.all())
        list(detail.programmes.all())
