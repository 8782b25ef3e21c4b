"""Money per year, the way budget notes write it.

Reading: ``"4,858 mio. kr. årligt i 2026-2029"``, ``"2024-2027: 4,2 mio. kr. årligt"``,
``"2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt"``, ``"1.309"`` (with a year given
separately). Writing: equal consecutive years are collapsed into a range.

Pure Python on Decimal; no Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from .danish import AmountParseError, format_kr, format_mio, parse_amount

YEAR = r"(?:19|20|21)\d\d"
_RANGE = re.compile(rf"^\s*({YEAR})\s*(?:[-–]\s*({YEAR}))?\s*$")
_PERIOD_FIRST = re.compile(rf"^\s*({YEAR})\s*(?:[-–]\s*({YEAR}))?\s*:\s*(.+?)\s*$", re.IGNORECASE)
_AMOUNT_FIRST = re.compile(
    rf"^\s*(.+?)\s+(?:(?:årligt|pr\.\s*år|om året)\s*)?(?:i|for)\s+({YEAR})\s*(?:[-–]\s*({YEAR}))?\s*$",
    re.IGNORECASE,
)
_YEARLY_WORDS = re.compile(r"\s*(årligt|pr\.\s*år|om året|i alt)\s*$", re.IGNORECASE)


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


def _amount(text: str) -> Decimal:
    text = _YEARLY_WORDS.sub("", text.strip()).strip()
    if text.endswith("%"):
        raise AmountParseError(f"»{text}« er en procentsats, ikke et beløb.")
    return parse_amount(text)


def parse_allocation(text: str, *, year: int | None = None) -> dict[int, Decimal]:
    """Read an allocation text into an amount per year. ``year`` is used when the text names
    none (a plain amount in a column for one year). Raises AmountParseError (Danish)."""
    if text is None or not str(text).strip():
        raise AmountParseError("Feltet er tomt.")
    result: dict[int, Decimal] = {}
    for part in re.split(r"\s*/\s*|\s*;\s*", str(text).strip()):
        if not part:
            continue
        first = last = None
        match = _PERIOD_FIRST.match(part)
        if match:
            first, last = int(match.group(1)), int(match.group(2) or match.group(1))
            amount = _amount(match.group(3))
        else:
            match = _AMOUNT_FIRST.match(part)
            if match:
                first, last = int(match.group(2)), int(match.group(3) or match.group(2))
                amount = _amount(match.group(1))
            elif part.endswith(":") and _RANGE.match(part[:-1]):
                raise AmountParseError(f"Der mangler et beløb efter »{part}«.")
            elif year is not None:
                first = last = year
                amount = _amount(part)
            else:
                raise AmountParseError(
                    f"»{part}« nævner ikke hvilket år beløbet gælder, fx »2026: 4,2 mio. kr.«."
                )
        if last < first:
            raise AmountParseError(f"Perioden {first}-{last} slutter før den begynder.")
        for y in range(first, last + 1):
            if y in result:
                raise AmountParseError(f"Året {y} er nævnt to gange i »{text}«.")
            result[y] = amount
    if not result:
        raise AmountParseError(f"»{text}« nævner intet beløb.")
    return result


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


def format_allocation(amounts: Mapping[int, Decimal], *, price_level: str = "") -> str:
    """``"2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt"``; a price level is added
    in parentheses (``"(2022-pl)"``). Years are collapsed when their amounts read the same
    (1.719.500 and 1.720.000 kr. both read "1,720 mio. kr."), so the text reads back to itself."""
    parts = []
    for first, last, amount in collapse(amounts, key=_money):
        if first == last:
            parts.append(f"{first}: {_money(amount)}")
        else:
            parts.append(f"{first}-{last}: {_money(amount)} årligt")
    text = " / ".join(parts)
    if text and price_level:
        text += f" ({price_level})"
    return text
