"""Recognise anything shaped like a Danish CPR number, so that student imports can refuse it.
Pure Python; no Django.

A CPR number is DDMMYY followed by four digits, written ``DDMMYY-XXXX``, ``DDMMYY XXXX`` or
``DDMMYYXXXX``. A spreadsheet that once held it as a number dropped a leading zero, so nine
digits (``DMMYYXXXX``, ``DMMYY-XXXX``) are read as if the zero were there: 101901234 is
0101901234. No modulus-11 check: numbers issued since 2007 need not pass one, and we refuse
whatever merely looks like a CPR number. Day and month must form a possible date (day 1–31, or
61–91 for the replacement numbers some systems issue; month 1–12).
"""

from __future__ import annotations

import re

_CPR = re.compile(r"(?<![\d])(\d{5,6})[-\s‐–]?(\d{4})(?![\d])")


def _plausible(day: int, month: int) -> bool:
    return (1 <= day <= 31 or 61 <= day <= 91) and 1 <= month <= 12


def find_cpr(text: object) -> str | None:
    """The first CPR-shaped substring of ``text`` (its string form), masked as ``DDMMYY-****``
    so that the message naming it does not repeat the number; None when there is none."""
    if text is None:
        return None
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    for match in _CPR.finditer(str(text)):
        birth = match.group(1).zfill(6)
        day, month, year = birth[:2], birth[2:4], birth[4:]
        if _plausible(int(day), int(month)):
            return f"{day}{month}{year}-****"
    return None


def looks_like_cpr(text: object) -> bool:
    return find_cpr(text) is not None
