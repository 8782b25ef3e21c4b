"""Success criteria: target levels, verdicts and the grounds for them (calc.criteria); the
sentences worded from the grounds are tested in tests/strategies/test_explain.py."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indsats.calc.criteria import Reason, evaluate, format_level, target_level
from indsats.calc.indicators import Verdict


@pytest.mark.parametrize(
    ("kind", "baseline", "target", "level"),
    [
        ("level", D("41.46"), D("45"), D("45")),
        ("change_pp", D("8.64"), D("-1"), D("7.64")),
        ("change_pp", D("41.46"), D("3"), D("44.46")),
        ("change_rel", D("40"), D("-7"), D("37.2")),
        ("change_rel", D("16"), D("-7"), D("14.88")),
        ("min_year", None, D("8"), D("8")),
        ("change_pp", None, D("-1"), None),
    ],
)
def test_target_level(kind, baseline, target, level):
    assert target_level(kind, baseline, target) == level


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (D("37.2"), "percent", "37,2 %"),
        (D("8.64"), "percent", "8,64 %"),
        (D("39.13043478"), "percent", "39,1 %"),
        (D("100"), "percent", "100,0 %"),
        (D("11"), "count", "11"),
        (D("8.0000"), "count", "8"),
    ],
)
def test_format_level(value, unit, text):
    assert format_level(value, unit) == text


def crit(
    kind,
    series,
    *,
    direction="lower",
    baseline=D("40"),
    year=2022,
    target=D("-7"),
    deadline=2026,
    **kw,
):
    return evaluate(
        kind=kind,
        direction=direction,
        baseline=baseline,
        baseline_year=year,
        target=target,
        deadline_year=deadline,
        series=series,
        **kw,
    )


# kind, direction, baseline, target, series, verdict, reason
CASES = [
    (
        "change_rel",
        "lower",
        D("40"),
        D("-7"),
        {2020: D("40"), 2023: D("39.1304")},
        Verdict.OFF_TRACK,
        Reason.TOO_SLOW,
    ),
    (
        "change_rel",
        "lower",
        D("40"),
        D("-7"),
        {2020: D("40"), 2023: D("38.5")},
        Verdict.ON_TRACK,
        Reason.ON_TRACK,
    ),
    (
        "change_rel",
        "lower",
        D("40"),
        D("-7"),
        {2023: D("36")},
        Verdict.REACHED,
        Reason.REACHED,
    ),
    (
        "change_pp",
        "lower",
        D("8.64"),
        D("-1"),
        {2023: D("8.64"), 2024: D("9.1")},
        Verdict.OFF_TRACK,
        Reason.WRONG_WAY,
    ),
    (
        "change_pp",
        "higher",
        D("41.46"),
        D("3"),
        {2024: D("43")},
        Verdict.ON_TRACK,
        Reason.ON_TRACK,
    ),
    (
        "level",
        "higher",
        D("41.46"),
        D("45"),
        {2027: D("44")},
        Verdict.OFF_TRACK,
        Reason.DEADLINE_PASSED,
    ),
    (
        "level",
        "higher",
        D("41.46"),
        D("45"),
        {2019: D("50")},
        Verdict.NO_DATA,
        Reason.NO_DATA,
    ),
    (
        "change_pp",
        "lower",
        None,
        D("-1"),
        {2024: D("8")},
        Verdict.NO_DATA,
        Reason.NO_BASELINE,
    ),
]


@pytest.mark.parametrize(
    ("kind", "direction", "baseline", "target", "series", "verdict", "reason"), CASES
)
def test_verdicts_and_reasons(kind, direction, baseline, target, series, verdict, reason):
    year = 2020 if kind == "change_rel" else 2023
    deadline = 2026 if kind == "change_rel" else 2027
    result = crit(
        kind,
        series,
        direction=direction,
        baseline=baseline,
        year=year,
        target=target,
        deadline=deadline,
    )
    assert result.verdict == verdict
    basis = result.basis
    assert basis.reason == reason
    assert (basis.baseline_year, basis.deadline_year) == (year, deadline)
    assert basis.target_text == format_level(result.target_level, "percent")
    assert basis.latest_year == result.latest_year
    assert basis.latest_text == format_level(result.latest, "percent")
    assert not basis.minimum


def test_missing_baseline_is_read_from_the_series():
    result = crit(
        "change_pp",
        {2023: D("8.64"), 2024: D("7.5")},
        baseline=None,
        year=2023,
        target=D("-1"),
        deadline=2027,
    )
    assert result.target_level == D("7.64")
    assert result.verdict == Verdict.REACHED


def test_as_of_year_ignores_later_years():
    series = {2022: D("40"), 2023: D("39"), 2024: D("30")}
    assert crit("change_rel", series).verdict == Verdict.REACHED
    assert crit("change_rel", series, as_of_year=2023).latest_year == 2023


@pytest.mark.parametrize(
    ("series", "verdict", "reason", "missed"),
    [
        ({2023: D("11"), 2024: D("9")}, Verdict.REACHED, Reason.REACHED_EVERY_YEAR, ()),
        ({2023: D("11")}, Verdict.REACHED, Reason.REACHED_ONCE, ()),
        ({2023: D("6"), 2024: D("9")}, Verdict.ON_TRACK, Reason.LATEST_MET, (2023,)),
        (
            {2022: D("5"), 2023: D("6"), 2024: D("9")},
            Verdict.ON_TRACK,
            Reason.LATEST_MET,
            (2022, 2023),
        ),
        ({2023: D("11"), 2024: D("7")}, Verdict.OFF_TRACK, Reason.LATEST_MISSED, (2024,)),
        ({2019: D("11")}, Verdict.NO_DATA, Reason.NO_DATA, ()),
    ],
)
def test_minimum_every_year(series, verdict, reason, missed):
    result = crit(
        "min_year",
        series,
        direction="higher",
        baseline=None,
        year=2022,
        target=D("8"),
        deadline=2027,
        unit="count",
    )
    assert result.verdict == verdict
    assert result.missed_years == missed
    basis = result.basis
    assert basis.reason == reason
    assert basis.missed_years == missed
    assert basis.minimum and basis.direction == "higher"
    assert (basis.target_text, basis.deadline_year) == ("8", 2027)
    if verdict != Verdict.NO_DATA:
        assert basis.first_year == min(y for y in series if y >= 2022)
        assert basis.latest_year == max(series)


def test_minimum_with_lower_direction_is_a_maximum():
    result = crit(
        "min_year", {2023: D("3")}, direction="lower", baseline=None, target=D("5"), unit="count"
    )
    assert result.verdict == Verdict.REACHED
    assert result.basis.direction == "lower"
    assert result.basis.target_text == "5"


values = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
years = st.integers(min_value=2015, max_value=2030)


@given(
    kind=st.sampled_from(["level", "change_pp", "change_rel"]),
    baseline=values,
    change=values,
    year=years,
    direction=st.sampled_from(["higher", "lower"]),
)
def test_a_series_at_the_target_level_is_reached(kind, baseline, change, year, direction):
    target = change if kind == "level" else (change if direction == "higher" else -change)
    if kind == "change_rel" and baseline == 0:
        return
    level = target_level(kind, baseline, target)
    result = crit(
        kind,
        {year: level},
        direction=direction,
        baseline=baseline,
        year=year,
        target=target,
        deadline=year + 3,
    )
    assert result.verdict == Verdict.REACHED


@given(baseline=values, gap=st.decimals(min_value=D("0.5"), max_value=50, places=2), year=years)
def test_verdict_flips_with_direction(baseline, gap, year):
    """A value beyond the level on the good side is reached; the mirror case, with the other
    direction, is not."""
    level = baseline + gap
    above = {year: level + 1}
    higher = crit(
        "level",
        above,
        direction="higher",
        baseline=baseline,
        year=year,
        target=level,
        deadline=year + 2,
    )
    lower = crit(
        "level",
        above,
        direction="lower",
        baseline=baseline,
        year=year,
        target=level,
        deadline=year + 2,
    )
    assert higher.verdict == Verdict.REACHED
    assert lower.verdict != Verdict.REACHED


@given(
    series=st.dictionaries(years, st.integers(min_value=0, max_value=20).map(D), min_size=1),
    minimum=st.integers(min_value=1, max_value=15),
)
def test_minimum_reached_iff_every_year_meets_it(series, minimum):
    result = crit(
        "min_year",
        series,
        direction="higher",
        baseline=None,
        year=2015,
        target=D(minimum),
        deadline=2030,
        unit="count",
    )
    every = all(v >= minimum for v in series.values())
    assert (result.verdict == Verdict.REACHED) == every
    latest_ok = series[max(series)] >= minimum
    assert (result.verdict == Verdict.OFF_TRACK) == (not latest_ok)


def test_a_level_without_baseline_measures_from_the_first_measurement():
    """A level target with no baseline value and nothing measured in the baseline year is
    judged from the first measurement after it, not a crash."""
    result = evaluate(
        kind="level",
        direction="higher",
        baseline=None,
        baseline_year=2020,
        target=D(60),
        deadline_year=2026,
        series={2021: D(50), 2023: D(56)},
    )
    assert result.target_level == D(60)
    assert result.latest == D(56) and result.latest_year == 2023
    assert result.verdict in {Verdict.ON_TRACK, Verdict.OFF_TRACK}
