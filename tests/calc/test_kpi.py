"""The pipeline KPIs of DOMAIN.md, checked against Frederikssund's published cohorts (seed 002)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indsats.calc.danish import format_pct
from indsats.calc.kpi import (
    Breakdown,
    CohortCounts,
    add,
    intake_ratio,
    latest_finished,
    overall_yield,
    phase_order_key,
    rate,
    sick_leave_rate,
)

SSH_2022 = CohortCounts("ssh", 2022, started=37, completed=31, dropped_out=6, hired=19)
SSA_2020 = CohortCounts("ssa", 2020, started=45, completed=27, dropped_out=18, hired=15)


def test_frederikssund_cohorts_give_the_published_rates():
    assert format_pct(SSH_2022.completion_rate) == "83,8 %"
    assert format_pct(SSA_2020.completion_rate) == "60,0 %"
    assert format_pct(SSH_2022.hire_rate) == "61,3 %"
    assert format_pct(SSA_2020.hire_rate) == "55,6 %"
    assert format_pct(SSH_2022.dropout_rate, 0) == "16 %"
    assert format_pct(SSA_2020.dropout_rate, 0) == "40 %"


def test_overall_yield_is_hired_over_started_of_the_cohorts_shown():
    value = overall_yield([SSH_2022, SSA_2020])
    assert value == Decimal(34) * 100 / Decimal(82)
    assert format_pct(value) == "41,5 %"
    assert format_pct(value, 2) == "41,46 %"


def test_internal_recruitment_share_2023():
    # 98 hired in 2023, of whom 11 own unskilled and 5 own SSH: 11,2 % + 5,1 % = 16,3 %.
    year = CohortCounts("", 2023, 98, 0, 0, 0, internal_unskilled=11, internal_ssh=5)
    assert format_pct(year.internal_share) == "16,3 %"
    assert format_pct(rate(11, 98)) == "11,2 %"
    assert format_pct(rate(5, 98)) == "5,1 %"


def test_rates_without_a_denominator_are_none():
    empty = CohortCounts("ssh", 2024, 0, 0, 0, 0)
    assert empty.completion_rate is None
    assert empty.hire_rate is None
    assert overall_yield([]) is None
    assert intake_ratio(30, 0) is None
    assert intake_ratio(30, None) is None
    assert sick_leave_rate(3, 0) is None


def test_intake_against_the_required_intake():
    assert intake_ratio(56, 56) == Decimal(100)
    assert format_pct(intake_ratio(50, 56)) == "89,3 %"


def test_sick_leave_is_sick_days_over_planned_days():
    assert format_pct(sick_leave_rate(Decimal("864"), Decimal("10000")), 2) == "8,64 %"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"started": 10, "completed": 8, "dropped_out": 3, "hired": 0}, "flere end"),
        ({"started": 10, "completed": 5, "dropped_out": 0, "hired": 6}, "Flere er ansat"),
        ({"started": 10, "completed": -1, "dropped_out": 0, "hired": 0}, "negativt"),
        (
            {"started": 3, "completed": 0, "dropped_out": 0, "hired": 0, "internal_ssh": 4},
            "interne",
        ),
    ],
)
def test_impossible_totals_are_refused_in_danish(kwargs, message):
    with pytest.raises(ValueError, match=message):
        CohortCounts("ssh", 2022, **kwargs)


def test_add_sums_both_educations():
    both = add([SSH_2022, SSA_2020], cohort_year=0)
    assert (both.started, both.completed, both.dropped_out, both.hired) == (82, 58, 24, 34)
    assert both.yield_rate == overall_yield([SSH_2022, SSA_2020])


def test_latest_finished_skips_cohorts_still_under_way():
    ongoing = CohortCounts("ssh", 2024, 30, 10, 5, 0)
    assert latest_finished([SSH_2022, ongoing, SSA_2020], "ssh") == SSH_2022
    assert latest_finished([ongoing], "ssh") is None


def test_phases_sort_in_the_order_a_student_meets_them():
    assert sorted(["O2", "GF", "S2", "O1", "S1"], key=phase_order_key) == [
        "GF",
        "S1",
        "O1",
        "S2",
        "O2",
    ]


def test_breakdown_total_and_order():
    causes = Breakdown("ssa", 2023, {"private_life": 6, "academic_demands": 5, "other": 2})
    assert causes.total == 13
    assert [k for k, _ in causes.ordered()] == ["private_life", "academic_demands", "other"]


@st.composite
def cohorts(draw):
    started = draw(st.integers(0, 500))
    completed = draw(st.integers(0, started))
    dropped = draw(st.integers(0, started - completed))
    hired = draw(st.integers(0, completed))
    unskilled = draw(st.integers(0, started))
    own_ssh = draw(st.integers(0, started - unskilled))
    return CohortCounts(
        draw(st.sampled_from(["ssh", "ssa"])),
        draw(st.integers(2010, 2030)),
        started,
        completed,
        dropped,
        hired,
        unskilled,
        own_ssh,
    )


@given(cohorts())
def test_completed_dropped_and_ongoing_add_up_to_started(c):
    assert c.completed + c.dropped_out + c.ongoing == c.started
    assert c.ongoing >= 0
    assert c.hired + c.not_hired == c.completed


@given(cohorts())
def test_rates_are_percentages_that_fit_together(c):
    if c.started:
        assert Decimal(0) <= c.completion_rate <= 100
        assert Decimal(0) <= c.dropout_rate <= 100
        assert c.completion_rate + c.dropout_rate <= 100
        assert c.yield_rate <= c.completion_rate
        if c.completed:
            # hired ÷ started = (completed ÷ started) × (hired ÷ completed)
            assert abs(c.yield_rate - c.completion_rate * c.hire_rate / 100) < Decimal("1e-20")


@given(st.lists(cohorts(), min_size=1, max_size=8))
def test_overall_yield_lies_between_the_cohorts_yields(cs):
    value = overall_yield(cs)
    rates = [c.yield_rate for c in cs if c.started]
    if not rates:
        assert value is None
    else:
        assert min(rates) - Decimal("1e-20") <= value <= max(rates) + Decimal("1e-20")
