"""The national comparison: one pipeline KPI for every organisation that shares its aggregate
pipeline figures (Organisation.share_pipeline), per cohort year, with the asking organisation
highlighted (shown even when it does not share, marked so, and suppressed the same way).

Everything passes through calc.disclosure: each organisation's cohorts through the one decision
of students.shared (the same as its shared strategy report), so no count below 5 is shown and a
rate is hidden when a count it rests on is hidden. The national line adds up only the organisations whose value is
shown (so no hidden count can be recomputed from it). Student records are never read one by
one: only the GROUP BY reads of students.selectors, across all organisations at once, in a
constant number of queries whatever the number of organisations.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indsats.calc import kpi, kpis
from indsats.calc.disclosure import THRESHOLD, SharedCohort, shown_sum
from indsats.organisations.models import Organisation

from . import selectors
from .choices import Education
from .kpis import label_lazy
from .shared import SharedFigures

# The comparison's KPIs and their labels come from the one registry (calc.kpis).
KPIS: dict[str, object] = {code: label_lazy(code) for code in kpis.COMPARISON_KPIS}
# Which counts a KPI rests on: (numerator label, denominator label).
BASIS = {
    "completion_rate": (_("gennemført"), _("startet")),
    "dropout_rate": (_("frafaldet"), _("startet")),
    "hire_rate": (_("ansat efter"), _("gennemført")),
    "yield_rate": (_("ansat efter"), _("startet")),
    "intake_ratio": (_("startet"), _("dimensionering")),
    "internal_share": (_("interne"), _("startet")),
}
EDUCATIONS = ("", *Education.values)


@dataclass
class Value:
    """One organisation's KPI in one year as it may be shown: ``value`` None = hidden or
    missing; ``numerator``/``denominator`` None = hidden (or not a count, for sick leave);
    ``suppressed`` tells hidden from missing."""

    value: Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None
    suppressed: bool = False
    # A hidden count that is below the threshold itself (shown as "<5"); other hidden counts
    # are hidden so that no small count can be recomputed.
    numerator_small: bool = False
    denominator_small: bool = False


@dataclass
class ComparisonRow:
    organisation_id: int
    name: str
    own: bool
    shares: bool
    values: dict[int, Value] = field(default_factory=dict)

    def value(self, year: int) -> Value:
        return self.values.get(year) or Value()


@dataclass
class Comparison:
    kpi: str
    education: str
    years: list[int]
    rows: list[ComparisonRow]
    national: dict[int, Value]
    median: dict[int, Decimal | None]
    organisations_sharing: int

    @property
    def label(self) -> str:
        return str(KPIS[self.kpi])

    def shown_counts(self) -> list[int]:
        """Every count this comparison shows (none may be below the threshold)."""
        out = []
        for row in self.rows:
            for v in row.values.values():
                out.extend(c for c in (v.numerator, v.denominator) if c is not None)
        for v in self.national.values():
            out.extend(c for c in (v.numerator, v.denominator) if c is not None)
        return out


def _cohort_value(code: str, shared: SharedCohort | None) -> Value:
    """A cohort KPI as the organisation's shared figures (students.shared) show it."""
    definition = kpis.get(code)
    if shared is None or (definition.finished_only and not shared.finished):
        return Value()
    num_name, den_name = definition.numerator, definition.denominator
    num, den, value = getattr(shared, num_name), getattr(shared, den_name), getattr(shared, code)

    def small(name):
        if name == "internal":
            return shared.small("internal_unskilled") or shared.small("internal_ssh")
        return shared.small(name)

    return Value(
        value=value,
        numerator=num,
        denominator=den,
        suppressed=value is None and shared.started != 0,
        numerator_small=num is None and small(num_name),
        denominator_small=den is None and small(den_name),
    )


def _intake_value(shared: SharedCohort | None, required: list[int]) -> Value:
    """Started ÷ required intake as the organisation's shared figures show it: the started
    count from the one decision (students.shared, which also protects the count over both
    educations), the required intake from calc.disclosure.shown_sum (public, but a small one
    is hidden, in a sum too)."""
    started = shared.started if shared is not None else None
    shown_required = shown_sum(required)
    if started is None or shown_required is None:
        return Value(
            numerator=started,
            denominator=shown_required,
            suppressed=True,
            numerator_small=started is None and (shared is None or shared.small("started")),
            denominator_small=shown_required is None,
        )
    return Value(
        value=kpi.intake_ratio(started, shown_required),
        numerator=started,
        denominator=shown_required,
    )


def comparison(*, organisation: Organisation, kpi_code: str, education: str = "") -> Comparison:
    """``kpi_code`` in KPIS, ``education`` "" (both), "ssh" or "ssa". Seven queries, whatever
    the number of organisations."""
    if kpi_code not in KPIS:
        raise ValueError(kpi_code)
    if education not in EDUCATIONS:
        raise ValueError(education)
    orgs = list(
        Organisation.objects.filter(Q(share_pipeline=True) | Q(pk=organisation.pk)).order_by("name")
    )
    ids = [o.pk for o in orgs]
    per_org: dict[int, dict[int, Value]] = defaultdict(dict)
    source = kpis.get(kpi_code).source  # where the registry says the KPI is read
    if source == "sick_leave":
        for (org_id, edu, year), (rate, students) in selectors.sick_leave_with_students(
            ids, education
        ).items():
            if edu == education:
                if students is not None and students < THRESHOLD:
                    # the sick leave of fewer than five students is theirs, not the group's
                    per_org[org_id][year] = Value(suppressed=True)
                else:
                    per_org[org_id][year] = Value(value=rate)
    else:
        grouped: dict[tuple[int, int], list[kpi.CohortCounts]] = defaultdict(list)
        for (org_id, _edu, year), cohort in selectors.cohort_counts(ids).items():
            grouped[(org_id, year)].append(cohort)
        per_org_cohorts: dict[int, list[kpi.CohortCounts]] = defaultdict(list)
        for (org_id, _year), cohorts in grouped.items():
            per_org_cohorts[org_id].extend(cohorts)
        if source == "intake":
            required = selectors.required_intakes(ids)
            keys = {(o, y) for (o, e, y) in required if not education or e == education}
            keys |= set(grouped)
            figures_of = {o: SharedFigures(c) for o, c in per_org_cohorts.items()}
            wanted = [education] if education else list(Education.values)
            for org_id, year in keys:
                needs = [required.get((org_id, e, year)) for e in wanted]
                if any(n is None for n in needs):
                    continue
                figures = figures_of.get(org_id)
                shared = figures.cohort(education, year) if figures is not None else None
                per_org[org_id][year] = _intake_value(shared, needs)
        else:
            for org_id, cohorts in per_org_cohorts.items():
                figures = SharedFigures(cohorts)
                for year in sorted({c.cohort_year for c in cohorts}):
                    shared = figures.cohort(education, year)
                    if shared is not None:
                        per_org[org_id][year] = _cohort_value(kpi_code, shared)
    rows = [
        ComparisonRow(
            organisation_id=o.pk,
            name=o.name,
            own=o.pk == organisation.pk,
            shares=o.share_pipeline,
            values=dict(sorted(per_org.get(o.pk, {}).items())),
        )
        for o in orgs
    ]
    rows.sort(key=lambda r: (not r.own, r.name))
    years = sorted({y for r in rows for y in r.values})
    sharing = [r for r in rows if r.shares]
    national: dict[int, Value] = {}
    median: dict[int, Decimal | None] = {}
    for year in years:
        shown = [r.value(year) for r in sharing if r.value(year).value is not None]
        values = [v.value for v in shown]
        median[year] = Decimal(statistics.median(values)) if values else None
        if not shown:
            national[year] = Value()
        elif source == "sick_leave":
            national[year] = Value(value=sum(values) / len(values))
        else:
            num = sum(v.numerator for v in shown)
            den = sum(v.denominator for v in shown)
            if source == "intake":
                value = kpi.intake_ratio(num, den)
            else:
                value = kpi.rate(num, den)
            national[year] = Value(value=value, numerator=num, denominator=den)
    return Comparison(
        kpi=kpi_code,
        education=education,
        years=years,
        rows=rows,
        national=national,
        median=median,
        organisations_sharing=len(sharing),
    )


__all__ = ["BASIS", "KPIS", "THRESHOLD", "Comparison", "ComparisonRow", "Value", "comparison"]
