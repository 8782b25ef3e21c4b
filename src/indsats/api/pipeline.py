"""/pipeline: the organisation's SOSU student pipeline as aggregates (never student records),
and the national comparison across the organisations that share their figures (small counts
suppressed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from indsats.calc import kpi, kpis
from indsats.students import comparison as comparison_mod
from indsats.students import selectors
from indsats.students.choices import Education
from indsats.students.kpis import label as kpi_label

from .auth import organisation
from .schemas import NumberOut, errors

router = Router(tags=["pipeline"])

Rate = NumberOut | None


def _rate(value: Decimal | None, places: int = 4) -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places)).normalize())


class CohortOut(Schema):
    education: str = Field(examples=["ssh"])
    cohort_year: int = Field(examples=[2022])
    started: int
    completed: int
    dropped_out: int
    ongoing: int
    hired: int
    internal_unskilled: int
    internal_ssh: int
    finished: bool = Field(description="No student is still under way: the figures are final.")
    source: str = Field(description="`records` (student records) or `entered` (entered totals).")
    completion_rate: Rate = Field(description="Completed ÷ started, in %, e.g. `83.7838`.")
    dropout_rate: Rate
    hire_rate: Rate = Field(description="Hired after graduation ÷ completed, in %.")
    yield_rate: Rate = Field(description="Hired after graduation ÷ started, in %.")
    internal_share: Rate


class BreakdownOut(Schema):
    education: str
    year: int = Field(description="Causes: year of dropout; phases and places: the cohort.")
    counts: dict[str, int]
    total: int


class SickLeaveOut(Schema):
    education: str = Field(description='"" for all students.')
    year: int
    rate: NumberOut


class IntakeOut(Schema):
    education: str
    year: int
    started: int
    required: int | None
    ratio: Rate


class PipelineOut(Schema):
    cohorts: list[CohortOut]
    overall_yield: Rate = Field(
        description="Hired ÷ started over the latest finished cohort of each education."
    )
    causes: list[BreakdownOut]
    phases: list[BreakdownOut]
    places: list[BreakdownOut]
    sick_leave: list[SickLeaveOut]
    intake: list[IntakeOut]


def _breakdowns(items) -> list[dict]:
    return [
        {"education": b.education, "year": b.year, "counts": dict(b.counts), "total": b.total}
        for b in items
    ]


@router.get(
    "/pipeline",
    response={200: PipelineOut, **errors(401)},
    summary="The organisation's student pipeline",
    description="Cohort totals and rates per education and cohort year, dropout causes and "
    "phases, places of hire, sick leave and intake against the required intake. Aggregates "
    'only; readable with any role. Rates are percentages as strings (`"83.7838"`).',
)
def get_pipeline(request):
    pipe = selectors.pipeline(organisation(request))
    latest = pipe.latest_finished()
    return Status(
        200,
        {
            "cohorts": [
                {
                    "education": c.education,
                    "cohort_year": c.cohort_year,
                    "started": c.started,
                    "completed": c.completed,
                    "dropped_out": c.dropped_out,
                    "ongoing": c.ongoing,
                    "hired": c.hired,
                    "internal_unskilled": c.internal_unskilled,
                    "internal_ssh": c.internal_ssh,
                    "finished": c.finished,
                    "source": c.source,
                    "completion_rate": _rate(c.completion_rate),
                    "dropout_rate": _rate(c.dropout_rate),
                    "hire_rate": _rate(c.hire_rate),
                    "yield_rate": _rate(c.yield_rate),
                    "internal_share": _rate(c.internal_share),
                }
                for c in pipe.cohorts
            ],
            "overall_yield": _rate(kpi.overall_yield(latest)) if latest else None,
            "causes": _breakdowns(pipe.causes),
            "phases": _breakdowns(pipe.phases),
            "places": _breakdowns(pipe.places),
            "sick_leave": [
                {"education": e, "year": y, "rate": _rate(v, 2)}
                for (e, y), v in pipe.sick_leave.items()
            ],
            "intake": [
                {
                    "education": r.education,
                    "year": r.year,
                    "started": r.started,
                    "required": r.required,
                    "ratio": _rate(r.ratio),
                }
                for r in pipe.intake
            ],
        },
    )


class ComparisonValueOut(Schema):
    year: int
    value: Rate = Field(description="The KPI in %; null when hidden or missing.")
    numerator: int | None = Field(description="Null when hidden (or not a count).")
    denominator: int | None
    suppressed: bool = Field(description="Hidden to protect small counts.")
    numerator_below_threshold: bool = Field(description="The hidden numerator is below 5.")
    denominator_below_threshold: bool
    text: str = Field(
        description="The value as the comparison page shows it (the KPI registry's rounding), "
        "e.g. `83,8 %`; empty when hidden or missing."
    )


class ComparisonOrgOut(Schema):
    organisation: str
    own: bool = Field(description="The token's organisation.")
    shares: bool = Field(description="The organisation shares its pipeline figures.")
    values: list[ComparisonValueOut]


class ComparisonOut(Schema):
    kpi: str
    label: str = Field(description="The KPI's name in the request's language.")
    decimals: int = Field(description="The decimals the KPI is shown with.")
    education: str
    threshold: int = Field(description="Counts below this are never shown.")
    organisations: list[ComparisonOrgOut]
    national: list[ComparisonValueOut] = Field(
        description="Summed over the sharing organisations whose value is shown."
    )
    median: dict[int, NumberOut | None]


KpiCode = Literal[tuple(comparison_mod.KPIS)]
EducationCode = Literal[("", *Education.values)]


KPI_QUERY = Query("completion_rate", alias="kpi", description="The KPI.")
EDUCATION_QUERY = Query("", description='"ssh", "ssa" or "" for both.')


def _value(year: int, v, code: str) -> dict:
    return {
        "year": year,
        "text": kpis.format_value(code, v.value),
        "value": _rate(v.value),
        "numerator": v.numerator,
        "denominator": v.denominator,
        "suppressed": v.suppressed,
        "numerator_below_threshold": v.numerator_small,
        "denominator_below_threshold": v.denominator_small,
    }


@router.get(
    "/pipeline/comparison",
    response={200: ComparisonOut, **errors(401, 422)},
    summary="Compare a pipeline KPI across organisations",
    description="One KPI per cohort (or calendar) year for every organisation that shares its "
    "pipeline figures, and the token's own organisation (even when it does not share). No "
    "count below 5 is shown, nor anything from which one could be recomputed; a rate resting "
    "on a hidden count is hidden. Cohort rates only for finished cohorts. Aggregates only.",
)
def get_comparison(
    request,
    kpi_code: KpiCode = KPI_QUERY,
    education: EducationCode = EDUCATION_QUERY,
):
    result = comparison_mod.comparison(
        organisation=organisation(request), kpi_code=kpi_code, education=education
    )
    return Status(
        200,
        {
            "kpi": result.kpi,
            "label": kpi_label(result.kpi),
            "decimals": kpis.get(result.kpi).decimals,
            "education": result.education,
            "threshold": comparison_mod.THRESHOLD,
            "organisations": [
                {
                    "organisation": row.name,
                    "own": row.own,
                    "shares": row.shares,
                    "values": [_value(y, v, result.kpi) for y, v in row.values.items()],
                }
                for row in result.rows
            ],
            "national": [_value(y, v, result.kpi) for y, v in result.national.items()],
            "median": {y: _rate(v) for y, v in result.median.items()},
        },
    )
