"""Indicator values, units and progress against targets. Pure Python; no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .danish import AmountParseError, format_kr, format_number, format_pct, parse_number


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    KR = "kr"
    RATIO = "ratio"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


_PCT = re.compile(r"%\s*$")
_KR = re.compile(r"(kr\.?|dkk)\s*$", re.IGNORECASE)
_PCT_WORDS = re.compile(r"\s*(?:pct\.?|procent)\s*$", re.IGNORECASE)
_REMARK = re.compile(r"^(?P<value>[^()*]*?)\s*(?:\((?P<remark>[^()]*)\)|(?P<star>\*+))\s*$", re.S)


def split_remark(text) -> tuple[object, str]:
    """A value as printed with a remark: ``"8 (flere følger til efteråret)"`` -> ``("8",
    "flere følger til efteråret")``; a footnote marker ``"30*"`` -> ``("30", "*")``; anything
    else unchanged with no remark. The value part is still to be read by ``parse_value``."""
    if not isinstance(text, str):
        return text, ""
    match = _REMARK.match(text.strip())
    if not match or not match.group("value").strip():
        return text, ""
    remark = (match.group("remark") or match.group("star") or "").strip()
    return match.group("value").strip(), remark


def parse_value(text, unit: Unit) -> Decimal:
    """Read an indicator value in its unit. ``"22,5%"`` is 22.5 for a percent indicator;
    a percent sign on a count, or ``kr.`` on a percentage, is refused (wrong unit)."""
    raw = text if not isinstance(text, str) else text.strip()
    if isinstance(raw, str):
        raw = _PCT_WORDS.sub("%", raw)  # "22,5 pct." and "22,5 procent" are "22,5%"
        if _PCT.search(raw) and unit != Unit.PERCENT:
            raise AmountParseError(
                f"»{raw}« er en procentsats, men indikatoren måles i {unit_label(unit)}."
            )
        if _KR.search(raw) and unit != Unit.KR:
            raise AmountParseError(
                f"»{raw}« er et kronebeløb, men indikatoren måles i {unit_label(unit)}."
            )
    value = parse_number(raw)
    if unit == Unit.COUNT and value != value.to_integral_value():
        raise AmountParseError(f"»{raw}« er ikke et helt tal; indikatoren tæller antal.")
    if unit == Unit.PERCENT and not Decimal(-1000) <= value <= Decimal(1000):
        raise AmountParseError(f"»{raw}« er ikke en rimelig procentsats.")
    return value


def unit_label(unit: Unit | str) -> str:
    return {"count": "antal", "percent": "procent", "kr": "kroner", "ratio": "forholdstal"}[
        str(unit)
    ]


def format_value(value: Decimal | None, unit: Unit | str) -> str:
    if value is None:
        return ""
    unit = Unit(unit)
    if unit == Unit.PERCENT:
        return format_pct(value, 1 if (value * 10) == (value * 10).to_integral_value() else 2)
    if unit == Unit.KR:
        return format_kr(value)
    if unit == Unit.RATIO:
        return format_number(value, 2)
    return format_number(value, 0)


class Verdict(StrEnum):
    REACHED = "reached"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    TOO_EARLY = "too_early"  # one measurement since the baseline: no trend to judge by
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Progress:
    baseline: Decimal
    target: Decimal
    latest: Decimal | None
    latest_year: int | None
    share: Decimal | None  # how far from baseline to target, 0..1 (may exceed)
    expected_share: Decimal | None  # where a straight line from baseline to deadline would be
    verdict: Verdict


def progress(
    *,
    baseline: Decimal,
    baseline_year: int,
    target: Decimal,
    deadline_year: int,
    direction: Direction,
    series: dict[int, Decimal],
) -> Progress:
    """Progress of a series against its target: the share of the way from baseline to target,
    and a verdict against a straight line from the baseline year to the deadline."""
    later = {y: v for y, v in series.items() if y >= baseline_year}
    if not later:
        return Progress(baseline, target, None, None, None, None, Verdict.NO_DATA)
    year = max(later)
    latest = later[year]
    reached = latest >= target if direction == Direction.HIGHER else latest <= target
    gap = target - baseline
    share = None if gap == 0 else (latest - baseline) / gap
    span = deadline_year - baseline_year
    expected = None
    if span > 0:
        expected = min(Decimal(1), max(Decimal(0), Decimal(year - baseline_year) / Decimal(span)))
    if reached:
        verdict = Verdict.REACHED
    elif share is None or expected is None:
        verdict = Verdict.OFF_TRACK if year >= deadline_year else Verdict.ON_TRACK
    else:
        verdict = (
            Verdict.ON_TRACK if share >= expected and year <= deadline_year else Verdict.OFF_TRACK
        )
    return Progress(baseline, target, latest, year, share, expected, verdict)


def trend(series: dict[int, Decimal]) -> Decimal | None:
    """Least-squares slope per year of a series (None for fewer than two points)."""
    if len(series) < 2:
        return None
    xs = [Decimal(y) for y in series]
    ys = list(series.values())
    n = Decimal(len(xs))
    mx = sum(xs) / n
    my = sum(ys) / n
    den = sum((x - mx) ** 2 for x in xs)
    if den == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den
