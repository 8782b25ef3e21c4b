"""Indicator values in their unit, progress against a target, and the trend of a series."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from indsats.calc.danish import AmountParseError
from indsats.calc.indicators import (
    Direction,
    Unit,
    Verdict,
    format_value,
    is_part_year,
    parse_value,
    progress,
    trend,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("22,5%", Unit.PERCENT, D("22.5")),
        ("22,5 %", Unit.PERCENT, D("22.5")),
        ("8,64", Unit.PERCENT, D("8.64")),
        ("1.309", Unit.COUNT, D(1309)),
        ("27", Unit.COUNT, D(27)),
        (27, Unit.COUNT, D(27)),
        ("4.980 kr.", Unit.KR, D(4980)),
        ("4.980,50 kr", Unit.KR, D("4980.50")),
        ("5 DKK", Unit.KR, D(5)),
        ("0,5 mio. kr.", Unit.KR, D(500000)),
        ("3,9", Unit.RATIO, D("3.9")),
        (D("4.3"), Unit.RATIO, D("4.3")),
        (2.6, Unit.RATIO, D("2.6")),
    ],
)
def test_parse_value(text, unit, expected):
    assert parse_value(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("22,5%", Unit.COUNT, "»22,5%« er en procentsats, men indikatoren måles i antal."),
        ("3,9 %", Unit.RATIO, "»3,9 %« er en procentsats, men indikatoren måles i forholdstal."),
        ("12 %", Unit.KR, "»12 %« er en procentsats, men indikatoren måles i kroner."),
        ("4.980 kr.", Unit.PERCENT, "»4.980 kr.« er et kronebeløb, men indikatoren måles i procent."),
        ("5 kr.", Unit.RATIO, "»5 kr.« er et kronebeløb, men indikatoren måles i forholdstal."),
        ("5 dkk", Unit.COUNT, "»5 dkk« er et kronebeløb, men indikatoren måles i antal."),
        ("12,5", Unit.COUNT, "»12,5« er ikke et helt tal; indikatoren tæller antal."),
        ("2000%", Unit.PERCENT, "»2000%« er ikke en rimelig procentsats."),
        ("mange", Unit.COUNT, "»mange« kan ikke læses som et tal."),
        ("", Unit.RATIO, "Feltet er tomt."),
    ],
)  # fmt: skip
def test_parse_value_refuses_the_wrong_unit_and_bad_numbers(text, unit, message):
    with pytest.raises(AmountParseError) as error:
        parse_value(text, unit)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (D("8.64"), Unit.PERCENT, "8,64 %"),
        (D("22.5"), Unit.PERCENT, "22,5 %"),
        (D("16.8000"), Unit.PERCENT, "16,8 %"),  # as stored: four decimals
        (D("17"), Unit.PERCENT, "17,0 %"),
        (D("4980"), Unit.KR, "4.980 kr."),
        (D("4980.5"), Unit.KR, "4.980,50 kr."),
        (D("3.9"), Unit.RATIO, "3,90"),
        (D("27.0000"), Unit.COUNT, "27"),
        (D("1309"), "count", "1.309"),
        (None, Unit.COUNT, ""),
    ],
)
def test_format_value(value, unit, expected):
    assert format_value(value, unit) == expected


def turnover(series):
    """Staff turnover: 19,8 % in 2019, to be 15,0 % by 2027 (lower is better)."""
    return progress(
        baseline=D("19.8"),
        baseline_year=2019,
        target=D("15.0"),
        deadline_year=2027,
        direction=Direction.LOWER,
        series=series,
    )


def started(series):
    """Employees started on an education: 14 in 2019, to be 30 by 2027 (higher is better)."""
    return progress(
        baseline=D(14),
        baseline_year=2019,
        target=D(30),
        deadline_year=2027,
        direction=Direction.HIGHER,
        series=series,
    )


@pytest.mark.parametrize(
    ("measure", "series", "verdict", "share", "expected_share"),
    [
        # higher is better: 6 of 8 years gone (75 %), 10 of 16 gained (62,5 %)
        (started, {2024: D(27), 2025: D(24)}, Verdict.OFF_TRACK, D("0.625"), D("0.75")),
        (started, {2023: D(26)}, Verdict.ON_TRACK, D("0.75"), D("0.5")),
        (started, {2025: D(30)}, Verdict.REACHED, D(1), D("0.75")),
        (started, {2025: D(33)}, Verdict.REACHED, D("1.1875"), D("0.75")),
        (started, {2019: D(14)}, Verdict.ON_TRACK, D(0), D(0)),
        (started, {2028: D(29)}, Verdict.OFF_TRACK, D("0.9375"), D(1)),  # past the deadline
        (started, {2018: D(40)}, Verdict.NO_DATA, None, None),  # before the baseline only
        (started, {}, Verdict.NO_DATA, None, None),
        # lower is better
        (turnover, {2024: D("17.9"), 2025: D("16.8")}, Verdict.OFF_TRACK, D("0.625"), D("0.75")),
        (turnover, {2023: D("16.2")}, Verdict.ON_TRACK, D("0.75"), D("0.5")),
        (turnover, {2026: D("14.9")}, Verdict.REACHED, D("1.0208"), D("0.875")),
        (turnover, {2021: D("21.4")}, Verdict.OFF_TRACK, D("-0.3333"), D("0.25")),
    ],
)  # fmt: skip
def test_progress_verdicts(measure, series, verdict, share, expected_share):
    result = measure(series)
    assert result.verdict == verdict
    assert (None if result.share is None else result.share.quantize(D("0.0001"))) == share
    assert result.expected_share == expected_share


def test_progress_uses_the_latest_year_of_the_series():
    result = started({2020: D(18), 2025: D(24), 2022: D(22)})
    assert (result.latest_year, result.latest) == (2025, D(24))


def test_progress_without_a_gap_or_a_span():
    same = progress(
        baseline=D(5),
        baseline_year=2024,
        target=D(5),
        deadline_year=2026,
        direction=Direction.HIGHER,
        series={2025: D(4)},
    )
    assert (same.share, same.verdict) == (None, Verdict.ON_TRACK)
    late = progress(
        baseline=D(5),
        baseline_year=2024,
        target=D(5),
        deadline_year=2026,
        direction=Direction.HIGHER,
        series={2026: D(4)},
    )
    assert late.verdict == Verdict.OFF_TRACK
    one_year = progress(
        baseline=D(10),
        baseline_year=2025,
        target=D(20),
        deadline_year=2025,
        direction=Direction.HIGHER,
        series={2025: D(12)},
    )
    # at the deadline and not reached
    assert (one_year.share, one_year.expected_share, one_year.verdict) == (
        D("0.2"),
        None,
        Verdict.OFF_TRACK,
    )


@pytest.mark.parametrize(
    ("series", "slope"),
    [
        ({2019: D(10), 2020: D(12), 2021: D(14)}, D(2)),
        ({2023: D("19.6"), 2024: D("17.9"), 2025: D("16.8")}, D("-1.4")),
        ({2020: D(5), 2021: D(5)}, D(0)),
        ({2025: D(5)}, None),
        ({}, None),
    ],
)
def test_trend_is_the_least_squares_slope_per_year(series, slope):
    assert trend(series) == slope


# --- properties --------------------------------------------------------------------------------

values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
baseline_years = st.integers(min_value=2000, max_value=2030)


@given(
    values,
    values,
    baseline_years,
    st.integers(min_value=0, max_value=10),
    st.sampled_from(Direction),
)
def test_progress_share_is_0_at_the_baseline_and_1_at_the_target(
    baseline, target, baseline_year, span, direction
):
    assume(baseline != target)
    deadline_year = baseline_year + span

    def share(series):
        return progress(
            baseline=baseline,
            baseline_year=baseline_year,
            target=target,
            deadline_year=deadline_year,
            direction=direction,
            series=series,
        )

    at_baseline = share({baseline_year: baseline})
    assert at_baseline.share == 0
    at_target = share({deadline_year: target})
    assert at_target.share == 1
    assert at_target.verdict == Verdict.REACHED


@given(st.dictionaries(st.integers(2000, 2030), values, min_size=2), values)
def test_trend_ignores_a_constant_shift(series, shift):
    slope = trend(series)
    shifted = trend({y: v + shift for y, v in series.items()})
    assert abs(shifted - slope) < D("1e-20")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 (flere følger til efteråret)", ("8", "flere følger til efteråret")),
        ("30*", ("30", "*")),
        ("30 **", ("30", "**")),
        ("22,5% (foreløbigt tal)", ("22,5%", "foreløbigt tal")),
        ("30", ("30", "")),
        ("(flere følger)", ("(flere følger)", "")),
        (12, (12, "")),
    ],
)
def test_split_remark(text, expected):
    from indsats.calc.indicators import split_remark

    assert split_remark(text) == expected


@pytest.mark.parametrize("text", ["22,5 pct.", "22,5 pct", "22,5 procent", "22,5 Pct.", "22,5%"])
def test_percent_words_read_as_percent(text):
    from indsats.calc.indicators import Unit, parse_value

    assert parse_value(text, Unit.PERCENT) == Decimal("22.5")


def test_a_part_year_value_is_provisional_and_never_judged():
    """Only whole-year values are judged; the newest value measured part of the way through
    its year is given as provisional (its year), whatever it says against the target."""
    whole_2025 = {2025: D(24)}  # behind the straight line: 10 of 16 by 2025 would be on it
    with_april = {**whole_2025, 2026: D(33)}  # above the target, measured by 30 April
    judged = started(whole_2025)
    result = progress(
        baseline=D(14),
        baseline_year=2019,
        target=D(30),
        deadline_year=2027,
        direction=Direction.HIGHER,
        series=with_april,
        part_years={2026},
    )
    assert result.verdict == Verdict.OFF_TRACK != started(with_april).verdict
    assert (result.latest_year, result.latest, result.share) == (2025, D(24), judged.share)
    assert result.provisional_year == 2026
    assert judged.provisional_year is None
    # no whole-year value yet: no verdict, the part-year figure still provisional
    only_april = progress(
        baseline=D(14),
        baseline_year=2019,
        target=D(30),
        deadline_year=2027,
        direction=Direction.HIGHER,
        series={2026: D(33)},
        part_years={2026},
    )
    assert (only_april.verdict, only_april.provisional_year) == (Verdict.NO_DATA, 2026)
    # an older part-year value under a newer whole-year one is left out, nothing provisional
    older = progress(
        baseline=D(14),
        baseline_year=2019,
        target=D(30),
        deadline_year=2027,
        direction=Direction.HIGHER,
        series={2024: D(40), 2025: D(24)},
        part_years={2024},
    )
    assert (older.verdict, older.latest_year, older.provisional_year) == (
        Verdict.OFF_TRACK,
        2025,
        None,
    )


@pytest.mark.parametrize(
    ("measured_on", "part"),
    [(None, False), (dt.date(2026, 12, 31), False), (dt.date(2026, 4, 30), True)],
)
def test_is_part_year(measured_on, part):
    assert is_part_year(2026, measured_on) is part
