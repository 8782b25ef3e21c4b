"""What an organisation's pipeline may show outside itself, decided once
(calc.disclosure.protect_cohorts over all its cohorts, with the figures over both educations):
the shared strategy report, its success criteria in sharing mode, the national comparison and
the API ask this one decision, so a count hidden in one of them is hidden in all, and a figure
over both educations cannot give back a small count of one education."""

from __future__ import annotations

from collections.abc import Iterable

from indsats.calc import kpi
from indsats.calc.disclosure import Disclosure, Mark, SharedCohort, protect_cohorts


class SharedFigures:
    """``phases`` and ``places``: kpi.Breakdown lists of a cohort's dropouts by phase and hires
    by place, protected in the same decision as the cohort counts they split."""

    def __init__(self, cohorts: Iterable[kpi.CohortCounts], *, phases=(), places=()):
        self.cohorts = {(c.education, c.cohort_year): c for c in cohorts}
        breakdowns = {}
        for field, items in (("dropped_out", phases), ("hired", places)):
            for b in items:
                breakdowns[(b.education, b.year, field)] = dict(b.counts)
        self.disclosure: Disclosure = protect_cohorts(self.cohorts.values(), breakdowns=breakdowns)
        self._cache: dict = {}

    def breakdown(self, b, field: str) -> tuple[dict, int | None, frozenset]:
        """(counts as shown, total as shown, keys hidden to protect another — "total" for
        the total) of a breakdown passed in ``phases`` (field "dropped_out") or ``places``
        ("hired")."""
        d = self.disclosure
        total_key = (b.education, b.year, field)
        if (*total_key, None) in d.values:
            total_key = (*total_key, None)
        counts = {k: d.shown((b.education, b.year, field, k)) for k in b.counts}
        secondary = {
            k for k in b.counts if d.mark((b.education, b.year, field, k)) == Mark.PROTECTS
        }
        if d.mark(total_key) == Mark.PROTECTS:
            secondary.add("total")
        return counts, d.shown(total_key), frozenset(secondary)

    def raw(self, education: str, year: int) -> kpi.CohortCounts | None:
        """The true counts (education "" = both educations added up)."""
        if education:
            return self.cohorts.get((education, year))
        found = [c for (_e, y), c in self.cohorts.items() if y == year]
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        return kpi.add(found, cohort_year=year)

    def cohort(self, education: str, year: int) -> SharedCohort | None:
        """The cohort as it may be shown (education "" = both educations)."""
        key = (education, year)
        if key not in self._cache:
            raw = self.raw(education, year)
            if raw is None:
                self._cache[key] = None
            else:
                if not education and raw.education:
                    # one education only that year: its figures are the figures over both
                    shared = SharedCohort(raw, disclosure=self.disclosure)
                    shared.education = ""
                else:
                    shared = SharedCohort(raw, disclosure=self.disclosure)
                self._cache[key] = shared
        return self._cache[key]


def shared_figures(pipe) -> SharedFigures:
    """From a students.selectors.Pipeline: its cohorts, dropouts by phase, hires by place."""
    return SharedFigures(pipe.cohorts, phases=pipe.phases, places=pipe.places)
