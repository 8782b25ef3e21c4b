"""Small counts are hidden in anything shared, and cannot be recomputed from what is shown."""

from hypothesis import given
from hypothesis import strategies as st

from indsats.calc.disclosure import THRESHOLD, SharedCohort, shown_rate, suppress_partition
from indsats.calc.kpi import CohortCounts


def test_a_partition_without_small_counts_is_shown_whole():
    assert suppress_partition(37, {"a": 31, "b": 6}) == (37, {"a": 31, "b": 6})


def test_one_small_part_takes_the_smallest_other_part_with_it():
    total, parts = suppress_partition(45, {"completed": 27, "dropped": 15, "ongoing": 3})
    assert total == 45
    assert parts == {"completed": 27, "dropped": None, "ongoing": None}


def test_a_small_total_hides_everything():
    assert suppress_partition(4, {"a": 2, "b": 2}) == (None, {"a": None, "b": None})


def test_hidden_parts_must_add_up_to_the_threshold():
    # 1 + 2 hidden would give 3 back from the total: a third part is hidden as well.
    total, parts = suppress_partition(20, {"a": 1, "b": 2, "c": 7, "d": 10})
    assert parts == {"a": None, "b": None, "c": None, "d": 10}


def test_a_lone_small_part_with_nothing_else_hides_the_total():
    assert suppress_partition(7, {"a": 3}) == (None, {"a": None})


def test_rates_resting_on_hidden_counts_are_hidden():
    assert shown_rate(None, 37, 1) is None
    assert shown_rate(31, None, 1) is None
    assert shown_rate(31, 37, 1) == 1


def test_shared_cohort_hides_small_hire_counts_and_their_rate():
    shared = SharedCohort(CohortCounts("ssa", 2020, 45, 27, 18, 24))  # 3 not hired
    assert shared.started == 45
    assert shared.completed == 27
    assert shared.hired is None and shared.not_hired is None
    assert shared.hire_rate is None and shared.yield_rate is None
    assert shared.completion_rate is not None


parts_strategy = st.dictionaries(
    st.sampled_from(list("abcdefg")), st.integers(0, 40), min_size=1, max_size=7
)


@given(parts_strategy)
def test_no_shown_count_is_small_and_no_hidden_count_can_be_recomputed(parts):
    total = sum(parts.values())
    shown_total, shown = suppress_partition(total, parts)
    values = [v for v in shown.values() if v is not None]
    assert all(v >= THRESHOLD for v in values)
    if shown_total is not None:
        assert shown_total >= THRESHOLD
        hidden = [parts[k] for k, v in shown.items() if v is None]
        if hidden:
            # what the total minus the shown parts gives back is the sum of at least two
            # hidden parts, and it is not a small count
            assert len(hidden) >= 2
            assert shown_total - sum(values) >= THRESHOLD
    else:
        assert values == []


@st.composite
def cohorts(draw):
    started = draw(st.integers(0, 80))
    completed = draw(st.integers(0, started))
    dropped = draw(st.integers(0, started - completed))
    hired = draw(st.integers(0, completed))
    unskilled = draw(st.integers(0, started))
    own_ssh = draw(st.integers(0, started - unskilled))
    return CohortCounts("ssh", 2022, started, completed, dropped, hired, unskilled, own_ssh)


@given(cohorts())
def test_a_shared_cohort_shows_no_count_below_five(c):
    shared = SharedCohort(c)
    assert all(v is None or v >= THRESHOLD for v in shared.counts())
    # whatever is shown is the true figure
    for name in ("started", "completed", "dropped_out", "ongoing", "hired", "not_hired"):
        value = getattr(shared, name)
        assert value is None or value == getattr(c, name)
    # a hidden completed/dropped/ongoing can't be had from started minus the other two
    trio = [shared.completed, shared.dropped_out, shared.ongoing]
    if shared.started is not None:
        assert trio.count(None) != 1
