"""Danish number formatting and parsing for money, percentages and plain numbers.

Money is Decimal in whole øre. Formatting follows Danish conventions:
``1.008.000 kr.``, ``7,339 mio. kr.``, ``8,64 %``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ORE = Decimal("0.01")
_QUANTS = {0: Decimal(1), 1: Decimal("0.1"), 2: ORE, 3: Decimal("0.001")}


class AmountParseError(ValueError):
    """A text that cannot be read as a Danish number. The message is Danish."""


def to_ore(value: Decimal) -> Decimal:
    """Round to whole øre, half away from zero (the way budgets are rounded)."""
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


# "1,008,000.50" (Python's grouping) -> "1.008.000,50"
_DANISH_SEPARATORS = str.maketrans(",.", ".,")


def format_number(value: Decimal | int | None, decimals: int = 0) -> str:
    """``1008000`` -> ``1.008.000``; ``201.6`` with 2 decimals -> ``201,60``."""
    if value is None:
        return ""
    value = Decimal(value).quantize(
        _QUANTS.get(decimals) or Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )
    if not value:
        value = abs(value)  # no "-0"
    return format(value, ",f").translate(_DANISH_SEPARATORS)


def format_kr(value: Decimal | int | None, *, decimals: int | None = None) -> str:
    """``1.008.000 kr.``; øre are shown only when the amount has them (``201,60 kr.``)."""
    if value is None:
        return ""
    if decimals is not None:
        return f"{format_number(value, decimals)} kr."
    # the amount in øre, written without them when they are zero (the same digits as
    # format_number with 0 or 2 decimals: an amount whose øre round to zero rounds to the
    # same whole krone)
    ore = Decimal(value).quantize(ORE, rounding=ROUND_HALF_UP)
    whole = ore.to_integral_value()
    number = whole if ore == whole else ore
    if not number:
        number = abs(number)  # no "-0"
    return f"{format(number, ',f').translate(_DANISH_SEPARATORS)} kr."


def format_mio(value: Decimal | int | None, decimals: int = 3) -> str:
    """``7339000`` -> ``7,339 mio. kr.``"""
    if value is None:
        return ""
    return f"{format_number(Decimal(value) / Decimal(1_000_000), decimals)} mio. kr."


def format_pct(value: Decimal | float | None, decimals: int = 1) -> str:
    """A percentage given in percent: ``8.64`` with 2 decimals -> ``8,64 %``."""
    if value is None:
        return ""
    return f"{format_number(Decimal(str(value)), decimals)} %"


def format_range(low: Decimal | None, high: Decimal | None) -> str:
    """``1.008.000 kr. – 4.032.000 kr.``; a single amount when both ends are equal or one is
    missing."""
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        return format_kr(low if low is not None else high)
    return f"{format_kr(low)} – {format_kr(high)}"


_MULTIPLIERS = {
    "mio": Decimal(1_000_000),
    "mia": Decimal(1_000_000_000),
    "t": Decimal(1_000),
    "tkr": Decimal(1_000),
    "tusind": Decimal(1_000),
}
_UNIT_RE = re.compile(
    r"^(?P<num>[-+]?[\d.,\s\u00a0]+?)\s*(?P<mult>mio\.?|mia\.?|t\.?|tkr\.?|tusind)?\s*(?P<unit>kr\.?|dkk|%)?$",
    re.IGNORECASE,
)


def parse_number(text: str | int | float | Decimal | None) -> Decimal:
    """Read a Danish number or amount.

    Accepts ``1.008.000 kr.``, ``201,60``, ``7,339 mio. kr.``, ``22,5%``, ``1.309``, ``-3``,
    as well as ints and Decimals from spreadsheets. Floats from spreadsheet cells are converted
    through their shortest repr (``201.6`` -> ``201.6``), never through binary expansion.
    Raises AmountParseError with a Danish message.
    """
    if text is None:
        raise AmountParseError("Feltet er tomt.")
    if isinstance(text, bool):
        raise AmountParseError("Værdien er ikke et tal.")
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    raw = str(text).strip()
    if not raw:
        raise AmountParseError("Feltet er tomt.")
    match = _UNIT_RE.match(raw.replace("\u2212", "-"))
    if not match:
        raise AmountParseError(f"»{raw}« kan ikke læses som et tal.")
    num = re.sub(r"[\s\u00a0]", "", match.group("num"))
    mult = (match.group("mult") or "").rstrip(".").lower()
    if "," in num:
        # Danish: dots group thousands, the comma is the decimal sign.
        int_part, _, frac = num.partition(",")
        if "," in frac or "." in frac:
            raise AmountParseError(f"»{raw}« har mere end ét decimaltegn.")
        if "." in int_part and not re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", int_part):
            raise AmountParseError(f"»{raw}« har tusindtalspunktummer de forkerte steder.")
        num = int_part.replace(".", "") + "." + frac
    elif "." in num:
        if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", num):
            num = num.replace(".", "")  # thousands separators: "1.309" is 1309
        elif num.count(".") == 1 and not mult:
            # "201.60" from a machine export; accepted as a decimal point.
            pass
        elif num.count(".") == 1 and mult:
            pass  # "7.339 mio." is unusual but unambiguous with a multiplier
        else:
            raise AmountParseError(f"»{raw}« har tusindtalspunktummer de forkerte steder.")
    try:
        value = Decimal(num)
    except InvalidOperation as exc:
        raise AmountParseError(f"»{raw}« kan ikke læses som et tal.") from exc
    if mult:
        value *= _MULTIPLIERS[mult]
    return value


def parse_amount(text: str | int | float | Decimal | None) -> Decimal:
    """Read a money amount and round it to whole øre; refuses amounts with fractions of øre."""
    value = parse_number(text)
    rounded = to_ore(value)
    if rounded != value and not isinstance(text, float):
        raise AmountParseError(f"»{text}« har flere decimaler end hele øre.")
    return rounded
