"""What the pipeline page (/o/<org>/elever/) shows, shaped from students.selectors.pipeline():
cohort tables per education and for both, the overall yield, intake against the required
intake, breakdowns with readable labels, and sick leave per year. No queries of its own."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indsats.calc import kpi
from indsats.calc.kpi import Breakdown, CohortCounts

from .choices import DropoutCause, Education, Phase
from .selectors import ENTERED, RECORDS, Pipeline

MIXED = "mixed"


def source_label(source: str) -> str:
    return {
        RECORDS: _("Elevdata"),
        ENTERED: _("Indtastede tal"),
        MIXED: _("Elevdata og indtastede tal"),
    }.get(source, "")


def key_label(kind: str, key: str) -> str:
    """A breakdown key as people read it."""
    if kind == "cause":
        if key in DropoutCause.values:
            return str(DropoutCause(key).label)
        return key or _("Ikke oplyst")
    if kind == "phase":
        if key in Phase.values:
            return str(Phase(key).label)
        return key or _("Ikke oplyst")
    return key or _("Ikke oplyst")


@dataclass
class CohortRow:
    cohort: CohortCounts
    source: str

    @property
    def source_label(self) -> str:
        return source_label(self.source)

    @property
    def final(self) -> bool:
        return self.cohort.finished


@dataclass
class EducationSection:
    education: str  # "" = both
    label: str
    rows: list[CohortRow]


@dataclass
class BreakdownTable:
    kind: str
    education: str
    year: int
    rows: list[tuple[str, int]]
    total: int
    breakdown: Breakdown

    @property
    def education_label(self) -> str:
        return Education.short(self.education)


@dataclass
class SickLeaveRow:
    year: int
    values: dict[str, Decimal | None] = field(default_factory=dict)  # "" / ssh / ssa

    @property
    def all(self) -> Decimal | None:
        return self.values.get("")

    @property
    def ssh(self) -> Decimal | None:
        return self.values.get("ssh")

    @property
    def ssa(self) -> Decimal | None:
        return self.values.get("ssa")


@dataclass
class PipelinePage:
    pipe: Pipeline
    sections: list[EducationSection]
    yield_cohorts: list[CohortCounts]
    overall_yield: Decimal | None
    causes: list[BreakdownTable]
    phases: list[BreakdownTable]
    places: list[BreakdownTable]
    sick_leave: list[SickLeaveRow]

    @property
    def empty(self) -> bool:
        p = self.pipe
        return not (p.cohorts or p.causes or p.phases or p.places or p.sick_leave or p.intake)

    @property
    def yield_text(self) -> str:
        return _(" og ").join(
            f"{Education.short(c.education)} {c.cohort_year}" for c in self.yield_cohorts
        )


def _tables(kind: str, items: list[Breakdown]) -> list[BreakdownTable]:
    out = []
    for b in items:
        if kind == "phase":
            ordered = sorted(b.counts.items(), key=lambda kv: kpi.phase_order_key(kv[0]))
        else:
            ordered = b.ordered()
        out.append(
            BreakdownTable(
                kind=kind,
                education=b.education,
                year=b.year,
                rows=[(key_label(kind, k), n) for k, n in ordered],
                total=b.total,
                breakdown=b,
            )
        )
    return out


def build(pipe: Pipeline) -> PipelinePage:
    sections = []
    for education in Education.values:
        rows = [CohortRow(c, c.source) for c in pipe.cohorts if c.education == education]
        if rows:
            sections.append(EducationSection(education, Education.short(education), rows))
    if len(sections) > 1:
        sources: dict[int, set[str]] = defaultdict(set)
        for c in pipe.cohorts:
            sources[c.cohort_year].add(c.source)
        both = [
            CohortRow(c, MIXED if len(sources[y]) > 1 else next(iter(sources[y])))
            for y, c in pipe.by_year().items()
        ]
        sections.append(EducationSection("", _("Begge uddannelser"), both))
    latest = pipe.latest_finished()
    sick: dict[int, SickLeaveRow] = {}
    for (education, year), value in pipe.sick_leave.items():
        sick.setdefault(year, SickLeaveRow(year)).values[education] = value
    return PipelinePage(
        pipe=pipe,
        sections=sections,
        yield_cohorts=latest,
        overall_yield=kpi.overall_yield(latest) if latest else None,
        causes=_tables("cause", pipe.causes),
        phases=_tables("phase", pipe.phases),
        places=_tables("place", pipe.places),
        sick_leave=[sick[y] for y in sorted(sick)],
    )
