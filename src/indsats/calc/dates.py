"""Dates as the imports accept them, read without ``strptime``.

``datetime.strptime`` takes a lock, looks up a cached regex per format and builds a
``struct_time`` for every call; an import of 200.000 students reads close to a million dates and
tries up to four formats each. ``parse_date`` accepts exactly what ``strptime`` accepts for
``DATE_FORMATS`` tried in order (a test compares the two with hypothesis): the same regular
expressions ``_strptime`` builds for %Y, %m and %d, matched from the start with nothing left over.
"""

from __future__ import annotations

import datetime as dt
import re

# The formats, in the order they are tried (the text is stripped first).
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")

# _strptime's patterns: %d, %m and %Y.
_D = r"(?P<d>3[01]|[12]\d|0[1-9]|[1-9]| [1-9])"
_M = r"(?P<m>1[0-2]|0[1-9]|[1-9])"
_Y = r"(?P<Y>\d\d\d\d)"
_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        f"{_Y}-{_M}-{_D}",
        f"{_D}-{_M}-{_Y}",
        rf"{_D}\.{_M}\.{_Y}",
        f"{_D}/{_M}/{_Y}",
    )
)


def parse_date(text: str) -> dt.date | None:
    """The date ``text`` names in one of DATE_FORMATS, or None."""
    text = text.strip()
    for pattern in _PATTERNS:
        found = pattern.match(text)
        if found is None or found.end() != len(text):
            continue
        try:
            return dt.date(int(found["Y"]), int(found["m"]), int(found["d"]))
        except ValueError:  # 30-02-2024, year 0000
            continue
    return None
