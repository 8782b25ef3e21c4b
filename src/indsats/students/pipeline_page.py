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


CHART_YEARS = 6  # the intake and sick leave charts show the newest years; the tables all


def _latest_per_education(items: list[Breakdown]) -> list[Breakdown]:
    """The newest breakdown of each education (the charts show these; the tables all)."""
    newest: dict[str, Breakdown] = {}
    for b in items:
        if b.education not in newest or b.year > newest[b.education].year:
            newest[b.education] = b
    return [newest[e] for e in Education.values if e in newest]


def charts(page: PipelinePage) -> dict[str, str]:
    """The page's SVG charts (reports.pipeline_charts); each has its table on the page."""
    from indsats.reports import pipeline_charts as pc

    pipe = page.pipe
    out: dict[str, str] = {}
    if page.yield_cohorts:
        out["funnel"] = pc.funnel_chart(page.yield_cohorts, chart_id="tragt")
    if pipe.intake:
        years = sorted({r.year for r in pipe.intake})[-CHART_YEARS:]
        out["intake"] = pc.intake_chart(
            [r for r in pipe.intake if r.year in years], chart_id="optag"
        )
    if pipe.phases:
        finished = {(c.education, c.cohort_year) for c in page.yield_cohorts}
        chosen = [b for b in pipe.phases if (b.education, b.year) in finished]
        out["phases"] = pc.phase_chart(
            chosen or _latest_per_education(pipe.phases), chart_id="faser"
        )
    if pipe.causes:
        newest = max(b.year for b in pipe.causes)
        out["causes"] = pc.causes_chart(
            [b for b in pipe.causes if b.year == newest], chart_id="aarsager"
        )
    series = {y: v for (e, y), v in pipe.sick_leave.items() if e == ""}
    if series:
        years = sorted(series)[-CHART_YEARS:]
        out["sick_leave"] = pc.sick_leave_chart(
            {y: series[y] for y in years}, chart_id="sygefravaer"
        )
    if pipe.places:
        out["places"] = pc.places_chart(_latest_per_education(pipe.places), chart_id="ansat-hvor")
    return out
