"""Money per year, the way budget notes write it.

Reading (:func:`read_allocation`) takes the texts people print in budget notes and status
tables: ``"4,858 mio. kr. årligt i 2026-2029"``, ``"2024-2027: 4,2 mio. kr. årligt"``,
``"2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt"``; periods may be separated by
" / ", ";", ",", "og", a line break or only a space; a range may be "2026-2029", "2026–29",
"2026-28" or "2026 til 2029", preceded by "i", "fra" or "for"; units "kr.", "t. kr.", "mio.",
"mio. kr.", "mill. kr.", "mia. kr."; a price level ``"(2022-pl)"`` anywhere in the text is taken
out and returned. A period written without a unit after one with a unit takes that unit, and
the reading says so (``"2025: 0,8 læst som 0,8 mio. kr."``). Refused, with a message that names
the fragment: what is truly ambiguous (an open-ended "fra 2026", "i alt" over several years,
"7.339 mio.", a unitless amount before the first unit, an amount below 1.000 kr. among millions).

Writing (:func:`format_allocation`): equal consecutive years are collapsed into a range.

Pure Python on Decimal; no Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .danish import AmountParseError, format_kr, format_mio, parse_amount, parse_number, to_ore

YEAR = r"(?:19|20|21)\d\d"
_RANGE = re.compile(rf"^\s*({YEAR})\s*(?:[-–]\s*({YEAR}))?\s*$")

# --- reading -----------------------------------------------------------------------------------

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " "})
_PRICE_LEVEL = re.compile(
    rf"(?:\bi\s+)?\(?\s*(?:(?P<y1>{YEAR})\s*-?\s*(?:pl|p/l|priser|prisniveau)\b\.?"
    rf"|(?:pl|p/l|prisniveau)\s*-?\s*(?P<y2>{YEAR})(?!\d))\s*\)?",
    re.IGNORECASE,
)
_W = r"(?![0-9a-zA-ZæøåÆØÅ])"  # end of a word
_NUMBER = r"[-+]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?)"
_MULT = (
    rf"(?:mio\.|mio{_W}|mill\.|mill{_W}|millioner{_W}|mia\.|mia{_W}|milliarder{_W}|t\.|tusind{_W})"
)
_KR = rf"(?:kr\.|kr{_W}|kroner{_W}|dkk{_W})"
_UNIT = rf"(?:{_MULT}\s*{_KR}?|tkr\.|tkr{_W}|{_KR})"
_AMOUNT = (
    rf"(?:{_KR}\s*)?(?P<num>{_NUMBER})\s*(?P<unit>{_UNIT})?(?P<pct>\s*%|\s*pct\.?|\s*procent)?"
)
_YEARLY = rf"(?:årligt|årlig|pr\.\s*år{_W}|pr\s+år{_W}|om\s+året|hvert\s+år|/\s*år{_W}|i\s+alt{_W})"
_SPAN = (
    rf"(?P<y1>{YEAR})(?!\d)(?:\s*(?:-|til)\s*(?P<y2>{YEAR}|\d\d)(?!\d|[.,]\d))?"  # 2026, 2026-28
)
_PERIOD_FIRST = re.compile(
    rf"(?P<lead>(?:i|fra|for)\s+)?{_SPAN}\s*:\s*{_AMOUNT}(?P<yearly>\s*{_YEARLY})?",
    re.IGNORECASE,
)
_AMOUNT_FIRST = re.compile(
    rf"{_AMOUNT}(?P<yearly>\s*{_YEARLY})?\s*(?P<lead>i|fra|for|in)\s+(?:(?:perioden|årene)\s+)?"
    rf"{_SPAN}(?P<yearly2>\s*{_YEARLY})?",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*(?:[/;,+&.]|\bog\b|\bsamt\b)\s*|\s+", re.IGNORECASE)
_MISSING_AMOUNT = re.compile(rf"(?:(?:i|fra|for)\s+)?{_SPAN}\s*:\s*$", re.IGNORECASE)
_YEARLY_WORDS = re.compile(rf"\s*{_YEARLY}\s*$", re.IGNORECASE)

_MULTIPLIERS = {"mio": 1_000_000, "mill": 1_000_000, "millioner": 1_000_000, "mia": 10**9}
_MULTIPLIERS |= {"milliarder": 10**9, "t": 1000, "tusind": 1000, "tkr": 1000}
_UNIT_LABELS = {1_000_000: "mio. kr.", 10**9: "mia. kr.", 1000: "t. kr.", 1: "kr."}
EXAMPLE = "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt"


@dataclass(frozen=True)
class Allocation:
    """What an allocation text says: an amount per year, the price level it names ("" when
    none) and the assumptions made in reading it (a carried unit), as Danish sentences."""

    amounts: dict[int, Decimal]
    price_level: str = ""
    assumptions: tuple[str, ...] = ()


@dataclass
class _Period:
    fragment: str
    first: int
    last: int
    num: str
    multiplier: int | None  # None: no unit written
    yearly: bool
    total: bool  # "i alt"
    open_ended: bool  # "fra 2026" with no end year


def parse_years(text: str) -> tuple[int, int]:
    """``"2027-2029"`` -> (2027, 2029); ``"2026"`` -> (2026, 2026)."""
    match = _RANGE.match(str(text))
    if not match:
        raise AmountParseError(f"»{text}« er ikke et år eller en periode som »2027-2029«.")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise AmountParseError(f"Perioden »{text}« slutter før den begynder.")
    return first, last


def _multiplier(unit: str | None) -> int | None:
    if not unit:
        return None
    word = re.match(r"[a-zæøå]+", unit.lower()).group(0)
    return _MULTIPLIERS.get(word, 1)


def _span(match: re.Match) -> tuple[int, int]:
    first = int(match.group("y1"))
    end = match.group("y2")
    if end is None:
        return first, first
    last = first // 100 * 100 + int(end) if len(end) == 2 else int(end)
    if last < first:
        raise AmountParseError(
            f"Perioden {first}-{last} slutter før den begynder (i »{match.group(0).strip()}«)."
        )
    return first, last


def _period(match: re.Match) -> _Period:
    fragment = match.group(0).strip()
    if match.group("pct"):
        raise AmountParseError(f"»{fragment}« er en procentsats, ikke et beløb.")
    first, last = _span(match)
    yearly = (match.group("yearly") or "") + (match.groupdict().get("yearly2") or "")
    lead = (match.group("lead") or "").strip().lower()
    return _Period(
        fragment=fragment,
        first=first,
        last=last,
        num=match.group("num"),
        multiplier=_multiplier(match.group("unit")),
        yearly=bool(yearly.strip()),
        total="alt" in yearly.lower(),
        open_ended=lead == "fra" and match.group("y2") is None,
    )


def _unreadable(rest: str) -> AmountParseError:
    fragment = re.split(r"\s*[/;\n]\s*", rest.strip(), maxsplit=1)[0]
    if len(fragment) > 60:
        fragment = fragment[:57] + "…"
    if _MISSING_AMOUNT.match(fragment):
        return AmountParseError(f"Der mangler et beløb efter »{fragment}«.")
    if not re.search(YEAR, fragment):
        try:
            parse_amount(_YEARLY_WORDS.sub("", fragment))
        except AmountParseError:
            pass
        else:
            return AmountParseError(
                f"»{fragment}« nævner ikke hvilket år beløbet gælder, fx »2026: 4,2 mio. kr.«."
            )
    return AmountParseError(
        f"»{fragment}« kan ikke læses som en periode med et beløb, fx »2026: 4,2 mio. kr.« "
        "eller »4,2 mio. kr. årligt i 2026-2029«."
    )


def _split(text: str) -> list[_Period]:
    periods: list[_Period] = []
    pos = 0
    while True:
        sep = _SEPARATOR.match(text, pos)
        if sep:
            pos = sep.end()
        if pos >= len(text):
            return periods
        match = _PERIOD_FIRST.match(text, pos) or _AMOUNT_FIRST.match(text, pos)
        if match is None:
            raise _unreadable(text[pos:])
        end = match.end()
        while end > pos and text[end - 1].isspace():
            end -= 1  # "mio." may have taken the blank before the next period
        if end < len(text) and not _SEPARATOR.match(text, end):
            raise _unreadable(text[pos:])
        periods.append(_period(match))
        pos = end


def _value(period: _Period, multiplier: int) -> Decimal:
    num = period.num
    if multiplier != 1 and re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", num):
        raise AmountParseError(
            f"»{period.fragment}« kan læses på to måder: skriv decimaltegnet som komma, "
            f"fx »{num.replace('.', ',', 1)} {_UNIT_LABELS[multiplier]}«, "
            "eller hele beløbet i kroner."
        )
    if multiplier == 1:
        return parse_amount(num)
    value = parse_number(num) * multiplier
    if to_ore(value) != value:
        raise AmountParseError(f"»{period.fragment}« har flere decimaler end hele øre.")
    return to_ore(value)


def _money_text(period: _Period, multiplier: int) -> str:
    return f"{period.num} {_UNIT_LABELS[multiplier]}"


def read_allocation(text: str, *, year: int | None = None) -> Allocation:
    """Read an allocation text (see the module's docstring). ``year`` is used when the text
    names no year at all (a plain amount in a column for one year). Raises AmountParseError
    with a Danish message naming the fragment it could not read."""
    if text is None or not str(text).strip():
        raise AmountParseError("Feltet er tomt.")
    raw = str(text).strip()
    normal = raw.translate(_DASHES)
    levels = set()
    for match in _PRICE_LEVEL.finditer(normal):
        levels.add(f"{match.group('y1') or match.group('y2')}-pl")
    if len(levels) > 1:
        raise AmountParseError(
            f"»{raw}« nævner flere prisniveauer ({', '.join(sorted(levels))}); skriv ét, fx »(2022-pl)«."
        )
    normal = _PRICE_LEVEL.sub(" ", normal).strip()
    price_level = levels.pop() if levels else ""
    if not normal.strip(" /;,"):
        raise AmountParseError(f"»{raw}« nævner intet beløb.")
    if year is not None:
        plain = _YEARLY_WORDS.sub("", normal).strip()
        if re.search(r"%|pct|procent", plain, re.IGNORECASE):
            raise AmountParseError(f"»{plain}« er en procentsats, ikke et beløb.")
        try:
            return Allocation({year: parse_amount(plain)}, price_level)
        except AmountParseError:
            if not re.search(YEAR, plain):
                raise

    periods = _split(normal)
    if not periods:
        raise AmountParseError(f"»{raw}« nævner intet beløb.")
    millions = any(p.multiplier and p.multiplier >= 1_000_000 for p in periods)
    carried: int | None = None
    assumptions: list[str] = []
    result: dict[int, Decimal] = {}
    for period in periods:
        if period.open_ended:
            raise AmountParseError(
                f"»{period.fragment}« siger ikke, hvornår bevillingen slutter; "
                f"skriv fx »{period.first}-{period.first + 3}: …«."
            )
        if period.total and period.last > period.first:
            raise AmountParseError(
                f"»{period.fragment}« siger ikke, hvordan beløbet fordeles på årene "
                f"{period.first}-{period.last}; skriv fx »{period.first}-{period.last}: … årligt« "
                f"eller beløbet for hvert år."
            )
        multiplier = period.multiplier
        if multiplier is None:
            multiplier = _unitless(period, carried, assumptions)
        else:
            carried = multiplier
        amount = _value(period, multiplier)
        if millions and multiplier == 1 and 0 < abs(amount) < 1000:
            raise AmountParseError(
                f"»{period.fragment}« er under 1.000 kr. i en bevilling opgjort i millioner; "
                f"skriv enheden, fx »{_label(period)}: {period.num} t. kr.« "
                f"eller »{_label(period)}: {period.num} mio. kr.«."
            )
        for y in range(period.first, period.last + 1):
            if y in result:
                raise AmountParseError(f"Året {y} er nævnt to gange i »{raw}«.")
            result[y] = amount
    return Allocation(result, price_level, tuple(assumptions))


def _unitless(period: _Period, carried: int | None, assumptions: list[str]) -> int:
    """The unit of an amount written without one: kroner for 0 and for whole amounts of at
    least 1.000; otherwise the unit of the period before (said in ``assumptions``)."""
    number = parse_number(period.num)
    if number == 0:
        return 1
    if abs(number) >= 1000:
        if carried == 1000:
            raise AmountParseError(
                f"»{period.fragment}« har ingen enhed og kan være kroner eller t. kr.; "
                f"skriv fx »{_label(period)}: {period.num} kr.«."
            )
        return 1
    if carried is None or carried == 1:
        raise AmountParseError(
            f"»{period.fragment}« har ingen enhed, og {period.num} kr. er usandsynligt; "
            f"skriv fx »{_label(period)}: {period.num} mio. kr.«."
        )
    assumptions.append(f"{_label(period)}: {period.num} læst som {_money_text(period, carried)}")
    return carried


def _label(period: _Period) -> str:
    if period.first == period.last:
        return str(period.first)
    return f"{period.first}-{period.last}"


def parse_allocation(text: str, *, year: int | None = None) -> dict[int, Decimal]:
    """Read an allocation text into an amount per year (see :func:`read_allocation`)."""
    return read_allocation(text, year=year).amounts


def collapse(amounts: Mapping[int, Decimal], key=None) -> list[tuple[int, int, Decimal]]:
    """Equal amounts in consecutive years as (first, last, amount) runs, in year order. With
    ``key``, amounts count as equal when ``key`` gives the same (e.g. the same written text)."""
    key = key or (lambda amount: amount)
    runs: list[tuple[int, int, Decimal]] = []
    for year in sorted(amounts):
        amount = amounts[year]
        if runs and runs[-1][1] == year - 1 and key(runs[-1][2]) == key(amount):
            runs[-1] = (runs[-1][0], year, amount)
        else:
            runs.append((year, year, amount))
    return runs


def _money(amount: Decimal) -> str:
    return format_mio(amount) if abs(amount) >= Decimal(1_000_000) else format_kr(amount)


def format_allocation(
    amounts: Mapping[int, Decimal], *, price_level: str = "", yearly: str = "årligt"
) -> str:
    """``"2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt"``; a price level is added
    in parentheses (``"(2022-pl)"``). Years are collapsed when their amounts read the same
    (1.719.500 and 1.720.000 kr. both read "1,720 mio. kr."), so the text reads back to itself.
    ``yearly`` is the word after a period's amount: a report in English passes its own word
    (such a text is for reading, not for reading back)."""
    written: dict[Decimal, str] = {}  # each amount written once, to compare and to show

    def money(amount: Decimal) -> str:
        if amount not in written:
            written[amount] = _money(amount)
        return written[amount]

    parts = []
    for first, last, amount in collapse(amounts, key=money):
        if first == last:
            parts.append(f"{first}: {money(amount)}")
        else:
            parts.append(f"{first}-{last}: {money(amount)} {yearly}")
    text = " / ".join(parts)
    if text and price_level:
        text += f" ({price_level})"
    return text
