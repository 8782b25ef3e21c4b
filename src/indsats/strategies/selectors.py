"""Reads for strategies, in a fixed number of queries whatever their size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from indsats.calc import criteria as calc
from indsats.calc import kpis
from indsats.calc.indicators import Verdict
from indsats.indicators import selectors as indicator_selectors
from indsats.students import selectors as student_selectors

from .choices import CriterionSource
from .explain import explain
from .models import (
    NationalProgramme,
    ProgrammeItem,
    ProgrammeResponse,
    Strategy,
    StrategyFocusArea,
    StrategyInitiative,
    SuccessCriterion,
)
from .services import COUNT_KPIS, measure_label


def strategy_queryset(organisation) -> QuerySet[Strategy]:
    return Strategy.objects.filter(organisation=organisation)


def strategy_detail(strategy: Strategy) -> Strategy:
    """The strategy with its focus areas (and the initiatives under them), success criteria
    (with indicator and focus area) and national programmes (items, responses, initiatives)
    loaded: six queries."""
    strategy = (
        Strategy.objects.filter(pk=strategy.pk)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "focus_areas",
                queryset=StrategyFocusArea.objects.order_by("order", "id").prefetch_related(
                    Prefetch(
                        "initiative_links",
                        queryset=StrategyInitiative.objects.select_related("initiative").order_by(
                            "order", "id"
                        ),
                    )
                ),
            ),
            Prefetch(
                "success_criteria",
                queryset=SuccessCriterion.objects.select_related(
                    "indicator", "focus_area", "owner"
                ).order_by("order", "id"),
            ),
            Prefetch(
                "programmes",
                queryset=NationalProgramme.objects.order_by("order", "id").prefetch_related(
                    Prefetch(
                        "items",
                        queryset=ProgrammeItem.objects.order_by("order", "id").prefetch_related(
                            Prefetch(
                                "responses",
                                queryset=ProgrammeResponse.objects.select_related(
                                    "initiative"
                                ).order_by("order", "id"),
                            )
                        ),
                    )
                ),
            ),
        )
        .get()
    )
    return strategy


def criterion_unit(criterion: SuccessCriterion) -> str:
    """``percent``, ``count`` (or an indicator's own unit)."""
    if criterion.source == CriterionSource.INDICATOR and criterion.indicator is not None:
        return criterion.indicator.unit
    return "count" if criterion.kpi in COUNT_KPIS else "percent"


@dataclass
class CriterionProgress:
    criterion: SuccessCriterion
    series: dict[int, Decimal] = field(default_factory=dict)
    unit: str = "percent"
    measure: str = ""
    result: calc.CriterionResult | None = None

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict if self.result else Verdict.NO_DATA

    @property
    def explanation(self) -> str:
        """The verdict explained in a sentence, in the active language ("" without a result)."""
        return explain(self.result.basis) if self.result else ""

    @property
    def baseline(self) -> Decimal | None:
        c = self.criterion
        if c.baseline_value is not None:
            return c.baseline_value
        return self.series.get(c.baseline_year)

    def format(self, value: Decimal | None) -> str:
        """A figure of this criterion as shown: a pipeline KPI with the registry's rounding
        (calc.kpis: the same digits as the pipeline page and every report), an indicator
        with its own."""
        if self.kpi is not None:
            return self.kpi.format(value)
        return calc.format_level(value, self.unit)

    @property
    def kpi(self) -> kpis.Kpi | None:
        """The pipeline KPI's registry entry (calc.kpis), None for an indicator."""
        c = self.criterion
        if c.source == CriterionSource.KPI and c.kpi in kpis.KPIS:
            return kpis.get(c.kpi)
        return None

    @property
    def baseline_text(self) -> str:
        return self.format(self.baseline)

    @property
    def target_text(self) -> str:
        level = self.result.target_level if self.result else None
        return self.format(level)

    @property
    def latest_text(self) -> str:
        if self.result is None or self.result.latest is None:
            return ""
        return self.format(self.result.latest)

    @property
    def change_text(self) -> str:
        """The stated target: ``−7`` (%), ``−1`` (points), ``+3``, ``8``."""
        value = self.criterion.target_value
        text = calc.format_level(value, "count").replace("-", "−")
        return (
            f"+{text}" if value > 0 and self.criterion.kind in ("change_pp", "change_rel") else text
        )

    @property
    def formatted(self) -> list[tuple[int, str]]:
        return [(y, self.format(v)) for y, v in sorted(self.series.items())]


def criterion_progress(
    strategy: Strategy, as_of_year: int | None = None, *, criteria=None
) -> list[CriterionProgress]:
    """Each success criterion with its series, target level, latest value and verdict.
    Indicator series are read in one query; pipeline KPIs from one pipeline() call for the
    whole strategy (only when a criterion follows a KPI). ``criteria`` may pass criteria already
    loaded (strategy_detail) to save their query."""
    if criteria is None:
        criteria = list(
            SuccessCriterion.objects.filter(strategy=strategy)
            .select_related("indicator", "owner")
            .order_by("order", "id")
        )
    indicator_ids = [c.indicator_id for c in criteria if c.indicator_id]
    points_by_indicator = indicator_selectors.points_as_of(indicator_ids) if indicator_ids else {}
    pipe = None
    if any(c.source == CriterionSource.KPI for c in criteria):
        pipe = student_selectors.pipeline(strategy.organisation, as_of=as_of_year)
    cohort_years = set(pipe.years) if pipe is not None else set()
    out = []
    for c in criteria:
        part_years: frozenset[int] = frozenset()
        if c.source == CriterionSource.INDICATOR:
            known = points_by_indicator.get(c.indicator_id, {})
            series = {year: point.value for year, point in known.items()}
            part_years = indicator_selectors.part_years(known)
        elif c.kpi in kpis.KPIS and pipe is not None:
            series = student_selectors.kpi_series(pipe, c.kpi, c.education)
            if kpis.get(c.kpi).source == "intake":
                # A year with a required intake but no students yet has no figure (not 0 %).
                series = {y: v for y, v in series.items() if y in cohort_years}
        else:
            series = {}
        if as_of_year is not None:
            series = {y: v for y, v in series.items() if y <= as_of_year}
        unit = criterion_unit(c)
        result = calc.evaluate(
            kind=c.kind,
            direction=c.direction,
            baseline=c.baseline_value,
            baseline_year=c.baseline_year,
            target=c.target_value,
            deadline_year=c.deadline_year,
            series=series,
            unit="percent" if unit == "percent" else "count",
            fmt=kpis.get(c.kpi).format if c.source == CriterionSource.KPI else None,
            part_years=part_years,
        )
        out.append(CriterionProgress(c, series, unit, measure_label(c), result))
    return out
