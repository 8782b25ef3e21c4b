"""Indicator values, units and progress against targets. Pure Python; no Django."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
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


class Kind(StrEnum):
    """What an indicator's figures are, as the status tables write them."""

    YEARLY = "yearly"  # a value per year: "22,5%"
    SHARE = "share"  # a value out of a whole: "3,2 mio. kr. ud af 5 mio. kr."
    PLANNED = "planned"  # a planned total without a year: "20 mentorer forventes uddannet"
    RUNNING = "running"  # a running total: "45 uddannet i alt", "120 screenede, opstartet i 2021"
    APPROX = "approx"  # an approximate yearly figure: "ca. 40 årligt"


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


@dataclass(frozen=True)
class Figure:
    """A figure read from a status table's cell: the value, and for a share its whole; for a
    running total the year it is counted from when the text says so."""

    value: Decimal
    whole: Decimal | None = None
    since_year: int | None = None


_SHARE_SPLIT = re.compile(r"\s+(?:ud\s+)?af\s+", re.IGNORECASE)
_APPROX_HEAD = re.compile(r"^(?:ca\.?|cirka|omkring)\s+", re.IGNORECASE)
_YEARLY_TAIL = re.compile(r"\s*(?:årligt|om året|pr\.? år|hvert år)\s*$", re.IGNORECASE)
_SINCE = re.compile(
    r"[,\s]*\b(?:opstartet|startet|påbegyndt|siden|fra)\s+(?:i\s+)?(?P<year>(?:19|20)\d\d)\s*$",
    re.IGNORECASE,
)
_TOTAL_TAIL = re.compile(r"\s*\bi\s+alt\s*$", re.IGNORECASE)
# a number (with an optional multiplier and unit) followed by words that say what was counted
_NUMBER_THEN_WORDS = re.compile(
    r"^(?P<num>[-+]?\d[\d.,]*(?:\s*(?:mio\.?|mia\.?|t\.)?\s*(?:kr\.?|%|pct\.?|procent))?)"
    r"(?P<words>(?:\s+[^\W\d_][\w.-]*)*)\s*$",
    re.IGNORECASE,
)

KIND_EXAMPLES = {
    Kind.YEARLY: "22,5%",
    Kind.SHARE: "3,2 mio. kr. ud af 5 mio. kr.",
    Kind.PLANNED: "20 mentorer forventes uddannet",
    Kind.RUNNING: "45 uddannet i alt",
    Kind.APPROX: "ca. 40 årligt",
}


def read_figure(text, unit: Unit | str, kind: Kind | str = Kind.YEARLY) -> Figure:
    """Read a value as a status table writes it for an indicator of ``kind``:
    ``"3,2 mio. kr. ud af 5 mio. kr."`` (share), ``"ca. 40 årligt"`` (approximate),
    ``"45 uddannet i alt"`` and ``"120 screenede, opstartet i 2021"`` (running total),
    ``"20 mentorer forventes uddannet"`` (planned total), or a plain value for any kind.
    Raises AmountParseError naming the text and an example that works."""
    unit, kind = Unit(unit), Kind(kind)
    if not isinstance(text, str) or kind == Kind.YEARLY:
        return Figure(parse_value(text, unit))
    raw = " ".join(text.split())
    if kind == Kind.SHARE:
        parts = _SHARE_SPLIT.split(raw)
        if len(parts) == 1:
            return Figure(parse_value(raw, unit))  # the whole is in its own column
        if len(parts) != 2:
            raise AmountParseError(
                f"»{raw}« kan ikke læses som »X ud af Y«, fx »{KIND_EXAMPLES[kind]}«."
            )
        value, whole = (parse_value(_bare(p, unit), unit) for p in parts)
        if whole <= 0 or value > whole:
            raise AmountParseError(
                f"»{raw}«: delen skal ligge mellem 0 og det hele, fx »{KIND_EXAMPLES[kind]}«."
            )
        return Figure(value, whole)
    since = None
    if kind == Kind.APPROX:
        raw = _YEARLY_TAIL.sub("", _APPROX_HEAD.sub("", raw))
    elif kind == Kind.RUNNING:
        match = _SINCE.search(raw)
        if match:
            since = int(match.group("year"))
            raw = raw[: match.start()]
        raw = _TOTAL_TAIL.sub("", raw)
    elif kind == Kind.PLANNED:
        raw = _TOTAL_TAIL.sub("", raw)
    try:
        return Figure(parse_value(_bare(raw, unit), unit), since_year=since)
    except AmountParseError as exc:
        raise AmountParseError(
            f"»{text.strip()}« kan ikke læses som {kind_label(kind)}, fx »{KIND_EXAMPLES[kind]}«."
        ) from exc


def _bare(text: str, unit: Unit) -> str:
    """The number of ``"20 mentorer forventes uddannet"``: a number followed by words only."""
    text = text.strip().rstrip(",")
    match = _NUMBER_THEN_WORDS.match(text)
    if match and match.group("words").strip():
        return match.group("num")
    return text


def kind_label(kind: Kind | str) -> str:
    return {
        "yearly": "tal pr. år",
        "share": "»X ud af Y«",
        "planned": "planlagt i alt",
        "running": "i alt til dato",
        "approx": "cirka-tal pr. år",
    }[str(kind)]


def _short(value: Decimal, unit: Unit) -> str:
    """An amount of a share: ``3200000`` kr. -> ``3,2 mio. kr.`` (whole thousands of millions
    only; other amounts in kroner)."""
    if unit == Unit.KR and abs(value) >= 1_000_000 and value % 1000 == 0:
        mio = (value / Decimal(1_000_000)).normalize()
        decimals = max(0, -mio.as_tuple().exponent)
        return f"{format_number(mio, decimals)} mio. kr."
    return format_value(value, unit)


def format_figure(
    value: Decimal | None,
    unit: Unit | str,
    kind: Kind | str = Kind.YEARLY,
    *,
    whole: Decimal | None = None,
    since_year: int | None = None,
) -> str:
    """A figure as the report shows it: ``3,2 mio. kr. ud af 5 mio. kr.``, ``ca. 40 årligt``,
    ``45 i alt siden 2021``, ``20 forventet i alt``; a yearly value as ``format_value``."""
    if value is None:
        return ""
    unit, kind = Unit(unit), Kind(kind or Kind.YEARLY)
    if kind == Kind.SHARE:
        if whole is None:
            return _short(value, unit)
        return f"{_short(value, unit)} ud af {_short(whole, unit)}"
    text = format_value(value, unit)
    if kind == Kind.APPROX:
        return f"ca. {text} årligt"
    if kind == Kind.RUNNING:
        return f"{text} i alt" + (f" siden {since_year}" if since_year else "")
    if kind == Kind.PLANNED:
        return f"{text} forventet i alt"
    return text


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
    # the newest value when it was measured part of the way through its year: shown as
    # provisional, never judged (the verdict above is from whole-year values only)
    provisional_year: int | None = None


def is_part_year(year: int, measured_on: date | None) -> bool:
    """A value measured part of the way through its year (``pr. 30. april``); a value with no
    date, or dated the year's last day, is for the whole year."""
    return measured_on is not None and measured_on != date(year, 12, 31)


def progress(
    *,
    baseline: Decimal,
    baseline_year: int,
    target: Decimal,
    deadline_year: int,
    direction: Direction,
    series: dict[int, Decimal],
    part_years: Collection[int] = (),
) -> Progress:
    """Progress of a series against its target: the share of the way from baseline to target,
    and a verdict against a straight line from the baseline year to the deadline.

    Only whole-year values are judged: the years in ``part_years`` (values measured part of
    the way through the year) are left out, and when the newest value is one of them its year
    is given as ``provisional_year``."""
    newest = max(series, default=None)
    provisional = newest if newest in part_years and newest >= baseline_year else None
    result = _progress(
        baseline,
        baseline_year,
        target,
        deadline_year,
        direction,
        {y: v for y, v in series.items() if y not in part_years},
    )
    return replace(result, provisional_year=provisional) if provisional else result


def _progress(baseline, baseline_year, target, deadline_year, direction, series) -> Progress:
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
