"""Success criteria: the level a criterion aims at, its progress and a verdict with a Danish
sentence that explains it. Pure Python; no Django.

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

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

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


@dataclass(frozen=True)
class CriterionResult:
    target_level: Decimal | None
    latest: Decimal | None
    latest_year: int | None
    share: Decimal | None  # the share of the way from baseline to target level (0..1, may exceed)
    slope: Decimal | None  # change per year since the baseline
    verdict: Verdict
    explanation: str
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
) -> CriterionResult:
    """Progress and verdict of a criterion on ``series`` ({year: value}), using only the years
    up to ``as_of_year`` when given. A missing baseline is read from the series' baseline year."""
    kind = Kind(kind)
    direction = Direction(direction)
    series = {
        int(y): Decimal(v)
        for y, v in series.items()
        if v is not None and (as_of_year is None or int(y) <= as_of_year)
    }
    if baseline is None:
        baseline = series.get(baseline_year)
    if kind == Kind.MIN_PER_YEAR:
        return _evaluate_minimum(
            direction, baseline_year, Decimal(target), deadline_year, series, unit
        )
    level = target_level(kind, baseline, target)
    since = {y: v for y, v in series.items() if y >= baseline_year}
    level_text = format_level(level, unit)
    if level is None or not since:
        if level is None:
            text = f"Der er ingen udgangsværdi for {baseline_year}, så målet kan ikke beregnes."
        else:
            text = f"Ingen målinger fra {baseline_year} eller senere; målet er {level_text} i {deadline_year}."
        return CriterionResult(level, None, None, None, None, Verdict.NO_DATA, text)
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
    head = f"Senest {format_level(latest, unit)} ({year}); målet er {level_text} i {deadline_year}."
    sign = 1 if direction == Direction.HIGHER else -1
    if result.verdict == Verdict.REACHED:
        verdict, tail = Verdict.REACHED, "Målet er nået."
    elif year >= deadline_year:
        verdict, tail = Verdict.OFF_TRACK, "Fristen er nået, uden at målet er nået."
    elif slope is None:
        verdict = result.verdict
        tail = "Der er kun én måling, så udviklingen kan endnu ikke vurderes."
    elif slope * sign <= 0:
        verdict = Verdict.OFF_TRACK
        tail = "Udviklingen står stille." if slope == 0 else "Udviklingen går den forkerte vej."
    else:
        projected = latest + slope * (deadline_year - year)
        if _meets(projected, level, direction):
            verdict = Verdict.ON_TRACK
            tail = "Udviklingen går den rigtige vej og når målet til tiden, hvis den fortsætter."
        else:
            verdict = Verdict.OFF_TRACK
            tail = "Udviklingen går den rigtige vej, men for langsomt."
    return CriterionResult(level, latest, year, result.share, slope, verdict, f"{head} {tail}")


def _evaluate_minimum(
    direction: Direction,
    baseline_year: int,
    minimum: Decimal,
    deadline_year: int,
    series: dict[int, Decimal],
    unit: str,
) -> CriterionResult:
    since = {y: v for y, v in sorted(series.items()) if y >= baseline_year}
    word = "mindst" if direction == Direction.HIGHER else "højst"
    goal = f"målet er {word} {format_level(minimum, unit)} hvert år til {deadline_year}."
    if not since:
        text = f"Ingen målinger fra {baseline_year} eller senere; {goal}"
        return CriterionResult(minimum, None, None, None, None, Verdict.NO_DATA, text)
    year = max(since)
    latest = since[year]
    missed = tuple(y for y, v in since.items() if not _meets(v, minimum, direction))
    head = f"Senest {format_level(latest, unit)} ({year}); {goal}"
    if year in missed:
        verdict, tail = Verdict.OFF_TRACK, "Det seneste år nåede ikke målet."
    elif not missed:
        first = min(since)
        tail = (
            f"Målet er nået i {first}."
            if first == year
            else f"Målet er nået hvert år fra {first} til {year}."
        )
        verdict = Verdict.REACHED
    else:
        verdict = Verdict.ON_TRACK
        tail = f"Målet er nået det seneste år, men ikke i {_join_years(missed)}."
    slope = trend(since)
    share = Decimal(len(since) - len(missed)) / Decimal(len(since))
    return CriterionResult(minimum, latest, year, share, slope, verdict, f"{head} {tail}", missed)


def _join_years(years: tuple[int, ...]) -> str:
    texts = [str(y) for y in years]
    if len(texts) == 1:
        return texts[0]
    return ", ".join(texts[:-1]) + " og " + texts[-1]
