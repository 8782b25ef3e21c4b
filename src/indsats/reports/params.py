"""Reading report parameters from a query string: the budget year and the scenario selection.
The same parameters as the on-screen overview, so a download reproduces the screen."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

MIN_YEAR, MAX_YEAR = 1990, 2100


class ReportParameterError(ValueError):
    """A report parameter that cannot be used; the message is Danish."""


def parse_year(value: str | int | None, default: int) -> int:
    """``year`` as an int in 1990–2100; ``default`` when not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    text = str(value).strip()
    if not text.isdigit():
        raise ReportParameterError(f"Året »{text}« er ikke et tal. Angiv et årstal, fx {default}.")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ReportParameterError(f"Året {year} ligger uden for {MIN_YEAR}–{MAX_YEAR}.")
    return year


def parse_selection(query: Mapping[str, str]) -> dict[str, str]:
    """``s<initiative_id>=<scenario_id>`` pairs as ``{initiative_id: scenario_id}``. Anything
    else is ignored; an unknown scenario falls back to the initiative's own choice."""
    selection = {}
    for key, value in query.items():
        if len(key) > 1 and key[0] == "s" and key[1:].isdigit() and str(value).strip().isdigit():
            selection[str(int(key[1:]))] = str(int(value))
    return selection


def parse_as_of(value: str | None, today: dt.date) -> dt.date:
    """The report's as-of date: ``2026-04-30`` (a date field's value) or ``30.04.2026``;
    ``today`` when not given. A date in the future is refused: statuses are not known yet."""
    if value is None or not str(value).strip():
        return today
    text = str(value).strip()
    day = None
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    danish = re.fullmatch(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})", text)
    try:
        if iso:
            day = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif danish:
            day = dt.date(int(danish.group(3)), int(danish.group(2)), int(danish.group(1)))
    except ValueError:
        day = None
    if day is None:
        raise ReportParameterError(
            f"»{text}« er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx {today.isoformat()}."
        )
    if day > today:
        raise ReportParameterError(
            f"Datoen {day:%d.%m.%Y} ligger i fremtiden. Status kan kun vises pr. i dag "
            f"({today:%d.%m.%Y}) eller en tidligere dato."
        )
    if day.year < MIN_YEAR:
        raise ReportParameterError(f"Datoen {day:%d.%m.%Y} ligger før {MIN_YEAR}.")
    return day


def parse_years(values) -> list[int]:
    """Budget years from repeated query values (``aar=2025&aar=2026``); empty: every year."""
    years = []
    for value in values or []:
        if value is None or not str(value).strip():
            continue
        years.append(parse_year(value, 0))
    return sorted(set(years))
