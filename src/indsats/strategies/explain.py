"""The sentence explaining a success criterion's verdict, worded from calc.criteria's
Explanation in the active language (gettext). In Danish:

"Senest 39,7 % (2022); målet er 37,2 % i 2026. Udviklingen går den rigtige vej, men for
langsomt."

Figures come formatted by calc.danish (the English UI shows figures that way too)."""

from __future__ import annotations

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from indsats.calc.criteria import Explanation, Reason
from indsats.calc.indicators import Direction


def explain(basis: Explanation) -> str:
    """The whole sentence (one or two) for ``basis``."""
    if basis.reason == Reason.NO_BASELINE:
        return _("Der er ingen udgangsværdi for %(year)s, så målet kan ikke beregnes.") % {
            "year": basis.baseline_year
        }
    if basis.reason == Reason.NO_DATA:
        return _no_data(basis)
    return f"{_head(basis)} {_tail(basis)}"


def _no_data(basis: Explanation) -> str:
    if not basis.minimum:
        text = _("Ingen målinger fra %(year)s eller senere; målet er %(target)s i %(deadline)s.")
    elif basis.direction == Direction.HIGHER:
        text = _(
            "Ingen målinger fra %(year)s eller senere; "
            "målet er mindst %(target)s hvert år til %(deadline)s."
        )
    else:
        text = _(
            "Ingen målinger fra %(year)s eller senere; "
            "målet er højst %(target)s hvert år til %(deadline)s."
        )
    return text % {
        "year": basis.baseline_year,
        "target": basis.target_text,
        "deadline": basis.deadline_year,
    }


def _head(basis: Explanation) -> str:
    if not basis.minimum:
        text = _("Senest %(latest)s (%(year)s); målet er %(target)s i %(deadline)s.")
    elif basis.direction == Direction.HIGHER:
        text = _(
            "Senest %(latest)s (%(year)s); målet er mindst %(target)s hvert år til %(deadline)s."
        )
    else:
        text = _(
            "Senest %(latest)s (%(year)s); målet er højst %(target)s hvert år til %(deadline)s."
        )
    return text % {
        "latest": basis.latest_text,
        "year": basis.latest_year,
        "target": basis.target_text,
        "deadline": basis.deadline_year,
    }


def _tail(basis: Explanation) -> str:
    reason = basis.reason
    if reason == Reason.REACHED:
        return _("Målet er nået.")
    if reason == Reason.DEADLINE_PASSED:
        return _("Fristen er nået, uden at målet er nået.")
    if reason == Reason.ONE_MEASUREMENT:
        return _("Der er kun én måling, så udviklingen kan endnu ikke vurderes.")
    if reason == Reason.STANDSTILL:
        return _("Udviklingen står stille.")
    if reason == Reason.WRONG_WAY:
        return _("Udviklingen går den forkerte vej.")
    if reason == Reason.ON_TRACK:
        return _("Udviklingen går den rigtige vej og når målet til tiden, hvis den fortsætter.")
    if reason == Reason.TOO_SLOW:
        return _("Udviklingen går den rigtige vej, men for langsomt.")
    if reason == Reason.LATEST_MISSED:
        return _("Det seneste år nåede ikke målet.")
    if reason == Reason.REACHED_ONCE:
        return _("Målet er nået i %(year)s.") % {"year": basis.latest_year}
    if reason == Reason.REACHED_EVERY_YEAR:
        return _("Målet er nået hvert år fra %(first)s til %(year)s.") % {
            "first": basis.first_year,
            "year": basis.latest_year,
        }
    if reason == Reason.LATEST_MET:
        years = get_text_list([str(y) for y in basis.missed_years], _("og"))
        return _("Målet er nået det seneste år, men ikke i %(years)s.") % {"years": years}
    raise ValueError(f"No sentence for {reason!r}")
