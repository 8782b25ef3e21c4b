"""Success criteria: the level a criterion aims at, its progress and a verdict with the grounds
for it (``Explanation``: a reason code and the figures the sentence names). Pure Python; no
Django: the sentence itself is worded, translatably, by strategies.explain.

A criterion is stated in one of four kinds (strategies.choices.CriterionKind):

- ``level``: reach ``target`` (e.g. 45 %);
- ``change_pp``: move ``target`` percentage points from the baseline (8,64 − 1 = 7,64 %);
- ``change_rel``: move ``target`` per cent of the baseline (40 % × 0,93 = 37,2 %);
- ``min_year``: at least ``target`` every year (at most, when lower is better).

The verdict for the first three compares the latest value with the target level, and, when the
target is not yet reached, the trend so far (least squares over the years since the baseline)
projected to the deadline. A ``min_year`` criterion is reached when every year since the
baseline met the minimum, on track when the latest year did, off track when it did not.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import partial

from .danish import format_number
from .indicators import Direction, Verdict, progress, trend


class Kind(StrEnum):
    LEVEL = "level"
    CHANGE_POINTS = "change_pp"
    CHANGE_RELATIVE = "change_rel"
    MIN_PER_YEAR = "min_year"


HUNDRED = Decimal(100)


def target_level(kind: Kind | str, baseline: Decimal | None, target: Decimal) -> Decimal | None:
    """The value the criterion aims at. None when a change is stated without a baseline."""
    kind = Kind(kind)
    target = Decimal(target)
    if kind in (Kind.LEVEL, Kind.MIN_PER_YEAR):
        return target
    if baseline is None:
        return None
    baseline = Decimal(baseline)
    if kind == Kind.CHANGE_POINTS:
        return baseline + target
    return baseline * (1 + target / HUNDRED)


def format_level(value: Decimal | None, unit: str) -> str:
    """``37,2 %``, ``8,64 %``, ``39,1 %`` (at most two decimals, as many as the figure has,
    never fewer than one for a percentage; measured rates are shown with one); ``11`` for a
    count."""
    if value is None:
        return ""
    value = Decimal(value)
    exponent = value.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    if unit == "percent":
        return f"{format_number(value, 1 if decimals > 2 else max(1, decimals))} %"
    if decimals > 2:
        decimals = 1
    return format_number(value, decimals)


class Reason(StrEnum):
    """Why a criterion has its verdict; strategies.explain words each as a sentence."""

    NO_BASELINE = "no_baseline"  # a change without a baseline: no target level
    NO_DATA = "no_data"  # no measurement from the baseline year on
    REACHED = "reached"
    DEADLINE_PASSED = "deadline_passed"
    ONE_MEASUREMENT = "one_measurement"  # no trend yet
    STANDSTILL = "standstill"
    WRONG_WAY = "wrong_way"
    ON_TRACK = "on_track"  # the trend reaches the target by the deadline
    TOO_SLOW = "too_slow"  # the right way, but not fast enough
    # min_year
    LATEST_MISSED = "latest_missed"
    REACHED_ONCE = "reached_once"  # the only year so far met the minimum
    REACHED_EVERY_YEAR = "reached_every_year"
    LATEST_MET = "latest_met"  # the latest year met the minimum, earlier ones (missed_years) not


@dataclass(frozen=True)
class Explanation:
    """What the sentence explaining a verdict says. Figures are already formatted
    (format_level); years are plain ints."""

    reason: Reason
    baseline_year: int
    deadline_year: int
    target_text: str = ""  # the target level ("37,2 %"); "" without one
    latest_text: str = ""  # the latest value; "" without a measurement
    latest_year: int | None = None
    minimum: bool = False  # a min_year criterion: "at least/at most … every year until …"
    direction: Direction = Direction.HIGHER  # with minimum: at least (higher) or at most
    first_year: int | None = None  # REACHED_EVERY_YEAR: the first year measured
    missed_years: tuple[int, ...] = ()  # LATEST_MET: the years below the minimum


@dataclass(frozen=True)
class CriterionResult:
    target_level: Decimal | None
    latest: Decimal | None
    latest_year: int | None
    share: Decimal | None  # the share of the way from baseline to target level (0..1, may exceed)
    slope: Decimal | None  # change per year since the baseline
    verdict: Verdict
    basis: Explanation  # the grounds for the verdict; strategies.explain words them
    missed_years: tuple[int, ...] = ()  # min_year: years below the minimum


def _meets(value: Decimal, level: Decimal, direction: Direction) -> bool:
    return value >= level if direction == Direction.HIGHER else value <= level


def evaluate(
    *,
    kind: Kind | str,
    direction: Direction | str,
    baseline: Decimal | None,
    baseline_year: int,
    target: Decimal,
    deadline_year: int,
    series: dict[int, Decimal],
    unit: str = "percent",
    as_of_year: int | None = None,
    fmt: Callable[[Decimal | None], str] | None = None,
    part_years: Collection[int] = (),
) -> CriterionResult:
    """Progress and verdict of a criterion on ``series`` ({year: value}), using only the years
    up to ``as_of_year`` when given. A missing baseline is read from the series' baseline year.
    ``fmt`` formats the figures of the explanation (a pipeline KPI passes the registry's
    ``calc.kpis.Kpi.format``, so the sentence has the digits of every other place);
    ``format_level`` by default. Years in ``part_years`` (values measured part of the way
    through the year) are not judged: a verdict rests on whole-year values only."""
    if fmt is None:
        fmt = partial(format_level, unit=unit)
    kind = Kind(kind)
    direction = Direction(direction)
    series = {
        int(y): Decimal(v)
        for y, v in series.items()
        if v is not None
        and (as_of_year is None or int(y) <= as_of_year)
        and int(y) not in part_years
    }
    if baseline is None:
        baseline = series.get(baseline_year)
    if kind == Kind.MIN_PER_YEAR:
        return _evaluate_minimum(
            direction, baseline_year, Decimal(target), deadline_year, series, fmt
        )
    level = target_level(kind, baseline, target)
    since = {y: v for y, v in series.items() if y >= baseline_year}
    level_text = fmt(level)
    if level is None or not since:
        basis = Explanation(
            Reason.NO_BASELINE if level is None else Reason.NO_DATA,
            baseline_year,
            deadline_year,
            target_text=level_text,
        )
        return CriterionResult(level, None, None, None, None, Verdict.NO_DATA, basis)
    if baseline is None:
        # A level needs no baseline to be set, but progress is measured from one: with none
        # given and none measured in the baseline year, the first measurement since stands in.
        baseline = since[min(since)]
    result = progress(
        baseline=Decimal(baseline),
        baseline_year=baseline_year,
        target=level,
        deadline_year=deadline_year,
        direction=direction,
        series=since,
    )
    year, latest = result.latest_year, result.latest
    points = dict(since)
    points.setdefault(baseline_year, Decimal(baseline))
    slope = trend(points)
    sign = 1 if direction == Direction.HIGHER else -1
    if result.verdict == Verdict.REACHED:
        verdict, reason = Verdict.REACHED, Reason.REACHED
    elif year >= deadline_year:
        verdict, reason = Verdict.OFF_TRACK, Reason.DEADLINE_PASSED
    elif slope is None:
        verdict, reason = Verdict.TOO_EARLY, Reason.ONE_MEASUREMENT
    elif slope * sign <= 0:
        verdict = Verdict.OFF_TRACK
        reason = Reason.STANDSTILL if slope == 0 else Reason.WRONG_WAY
    else:
        projected = latest + slope * (deadline_year - year)
        if _meets(projected, level, direction):
            verdict, reason = Verdict.ON_TRACK, Reason.ON_TRACK
        else:
            verdict, reason = Verdict.OFF_TRACK, Reason.TOO_SLOW
    basis = Explanation(
        reason,
        baseline_year,
        deadline_year,
        target_text=level_text,
        latest_text=fmt(latest),
        latest_year=year,
    )
    return CriterionResult(level, latest, year, result.share, slope, verdict, basis)


def _evaluate_minimum(
    direction: Direction,
    baseline_year: int,
    minimum: Decimal,
    deadline_year: int,
    series: dict[int, Decimal],
    fmt: Callable[[Decimal | None], str],
) -> CriterionResult:
    since = {y: v for y, v in sorted(series.items()) if y >= baseline_year}
    goal = {
        "baseline_year": baseline_year,
        "deadline_year": deadline_year,
        "target_text": fmt(minimum),
        "minimum": True,
        "direction": direction,
    }
    if not since:
        basis = Explanation(Reason.NO_DATA, **goal)
        return CriterionResult(minimum, None, None, None, None, Verdict.NO_DATA, basis)
    year = max(since)
    latest = since[year]
    missed = tuple(y for y, v in since.items() if not _meets(v, minimum, direction))
    first = min(since)
    if year in missed:
        verdict, reason = Verdict.OFF_TRACK, Reason.LATEST_MISSED
    elif not missed:
        verdict = Verdict.REACHED
        reason = Reason.REACHED_ONCE if first == year else Reason.REACHED_EVERY_YEAR
    else:
        verdict, reason = Verdict.ON_TRACK, Reason.LATEST_MET
    basis = Explanation(
        reason,
        latest_text=fmt(latest),
        latest_year=year,
        first_year=first,
        missed_years=missed,
        **goal,
    )
    slope = trend(since)
    share = Decimal(len(since) - len(missed)) / Decimal(len(since))
    return CriterionResult(minimum, latest, year, share, slope, verdict, basis, missed)
