"""Reading report parameters from a query string: the budget year and the scenario selection.
The same parameters as the on-screen overview, so a download reproduces the screen."""

from __future__ import annotations

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
