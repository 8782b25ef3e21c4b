"""Reads: the catalogue, cost models and the prioritisation overview, in a fixed number of
queries whatever the number of initiatives."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Protocol, TypeVar

from django.db.models import Prefetch, QuerySet

from indsats.calc import costs as calc
from indsats.calc.codes import code_key
from indsats.organisations.models import Organisation, ParameterValue, parameter_values_for_year

from .choices import CostCategory, Funding
from .models import BudgetFrame, CostFactor, CostLine, Initiative, Scenario, ScenarioValue


def initiative_queryset(organisation: Organisation) -> QuerySet[Initiative]:
    """Initiatives of one organisation with everything a cost model needs, prefetched."""
    return (
        Initiative.objects.filter(organisation=organisation)
        .select_related("theme", "focus_area", "unit", "owner")
        .prefetch_related(
            Prefetch(
                "cost_lines",
                queryset=CostLine.objects.prefetch_related(
                    Prefetch("factors", queryset=CostFactor.objects.select_related("parameter"))
                ),
            ),
            Prefetch(
                "scenarios",
                queryset=Scenario.objects.prefetch_related(
                    Prefetch("values", queryset=ScenarioValue.objects.all())
                ),
            ),
            "kl_recommendations",
        )
    )


class ParametersInForce(dict):
    """{year: {key: value}} of the parameter values in force in each year, filled on demand
    from the values read once."""

    def __init__(self, values):
        super().__init__()
        self._values = values

    def __missing__(self, year: int) -> dict[str, Decimal]:
        self[year] = parameter_values_for_year(self._values, year)
        return self[year]


def parameters_in_force(organisation: Organisation) -> ParametersInForce:
    """The one home of "parameter values in force in a year": one query, then any year
    (``parameters_in_force(org)[2025]``). Budgets, reports and initiatives all ask this."""
    values = list(
        ParameterValue.objects.filter(parameter__organisation=organisation).select_related(
            "parameter"
        )
    )
    return ParametersInForce(values)


def parameters_for_year(organisation: Organisation, year: int) -> dict[str, Decimal]:
    return parameters_in_force(organisation)[year]


def to_calc_line(line: CostLine) -> calc.CostLine:
    return calc.CostLine(
        label=line.display_label,
        category=line.category,
        recurrence=calc.Recurrence(line.recurrence),
        year=line.year,
        start_year=line.start_year,
        end_year=line.end_year,
        stated=line.stated_amount,
        factors=tuple(
            calc.Factor(
                key=f.key,
                label=f.label,
                value=f.value,
                parameter=f.parameter.key if f.parameter_id else None,
                unit=f.unit,
            )
            for f in line.factors.all()
        ),
        key=str(line.pk),
    )


def to_calc_model(initiative: Initiative) -> calc.InitiativeModel:
    return calc.InitiativeModel(
        lines=[to_calc_line(line) for line in initiative.cost_lines.all()],
        scenarios=[
            calc.Scenario(
                name=s.name, overrides={v.key: v.value for v in s.values.all()}, key=str(s.pk)
            )
            for s in initiative.scenarios.all()
        ],
        start_year=initiative.start_year,
        end_year=initiative.end_year,
    )


class _HasYears(Protocol):
    pk: int
    start_year: int | None
    end_year: int | None


_I = TypeVar("_I", bound=_HasYears)


def with_calc_models(
    initiatives: QuerySet[Initiative],
) -> list[tuple[Initiative, calc.InitiativeModel]]:
    """Each initiative of the queryset with its cost model, in five queries whatever their
    number.

    The same models as ``to_calc_model`` gives, but read as plain values rather than through
    ``initiative_queryset``'s prefetches: creating a related manager and a model instance for
    each of thousands of lines, factors and scenarios made the prioritisation overview of a
    few hundred initiatives take seconds."""
    return calc_models(initiatives.order_by().values("pk"), list(initiatives))


def calc_models(ids: QuerySet, initiatives: list[_I]) -> list[tuple[_I, calc.InitiativeModel]]:
    """``with_calc_models`` for initiatives read some other way (``values()`` rows, say):
    ``ids`` a query of their ids, ``initiatives`` anything with ``pk``, ``start_year`` and
    ``end_year``."""
    factors: dict[int, list[calc.Factor]] = defaultdict(list)
    for line_id, key, label, value, parameter, unit in (
        CostFactor.objects.filter(cost_line__initiative__in=ids)
        .order_by("cost_line_id", "order", "id")
        .values_list("cost_line_id", "key", "label", "value", "parameter__key", "unit")
    ):
        factors[line_id].append(
            calc.Factor(key=key, label=label, value=value, parameter=parameter, unit=unit)
        )
    category_labels = {value: str(label) for value, label in CostCategory.choices}
    lines: dict[int, list[calc.CostLine]] = defaultdict(list)
    for pk, initiative_id, label, category, recurrence, year, start, end, stated in (
        CostLine.objects.filter(initiative__in=ids)
        .order_by("initiative_id", "order", "id")
        .values_list(
            "pk",
            "initiative_id",
            "label",
            "category",
            "recurrence",
            "year",
            "start_year",
            "end_year",
            "stated_amount",
        )
    ):
        lines[initiative_id].append(
            calc.CostLine(
                label=label or category_labels.get(category, category),
                category=category,
                recurrence=calc.Recurrence(recurrence),
                year=year,
                start_year=start,
                end_year=end,
                stated=stated,
                factors=tuple(factors[pk]),
                key=str(pk),
            )
        )
    overrides: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for scenario_id, key, value in (
        ScenarioValue.objects.filter(scenario__initiative__in=ids)
        .order_by("scenario_id", "key")
        .values_list("scenario_id", "key", "value")
    ):
        overrides[scenario_id][key] = value
    scenarios: dict[int, list[calc.Scenario]] = defaultdict(list)
    for pk, initiative_id, name in (
        Scenario.objects.filter(initiative__in=ids)
        .order_by("initiative_id", "order", "id")
        .values_list("pk", "initiative_id", "name")
    ):
        scenarios[initiative_id].append(
            calc.Scenario(name=name, overrides=overrides[pk], key=str(pk))
        )
    return [
        (
            initiative,
            calc.InitiativeModel(
                lines=lines[initiative.pk],
                scenarios=scenarios[initiative.pk],
                start_year=initiative.start_year,
                end_year=initiative.end_year,
            ),
        )
        for initiative in initiatives
    ]


@dataclass(frozen=True, slots=True)
class OverviewTheme:
    """A theme as the overview shows it (read with its initiatives, not as a model)."""

    pk: int
    name: str
    order: int

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class OverviewInitiative:
    """The fields of an initiative the overview, its report, XLSX and API show: read as
    ``values()`` rather than as model instances (with their theme, 500 initiatives were about
    a sixth of the page's time)."""

    pk: int
    code: str
    title: str
    funding: str
    state: str
    priority_step: int | None
    start_year: int | None
    end_year: int | None
    selected_scenario_id: int | None
    theme_id: int

    def get_funding_display(self) -> str:
        """As the model's: the funding's label, or the stored value if it has none."""
        return str(dict(Funding.choices).get(self.funding, self.funding))


_OVERVIEW_FIELDS = [f.name for f in fields(OverviewInitiative) if f.name != "pk"]


@dataclass
class OverviewRow:
    initiative: OverviewInitiative
    model: calc.InitiativeModel
    range: calc.CostRange
    selected: calc.Scenario
    cost: calc.YearCost  # under the selected scenario, in the chosen year
    error: str = ""
    # the cost lines paid in the year under the selected scenario, and each scenario's cost in
    # the year (calc.initiative_year): what the report's page, PDF and XLSX lay out
    lines: tuple[calc.LineResult, ...] = ()
    scenario_costs: tuple[tuple[calc.Scenario, calc.YearCost], ...] = ()

    @property
    def scenarios(self):
        return self.model.scenarios


@dataclass
class OverviewStep:
    step: int | None
    themes: list[tuple[OverviewTheme, list[OverviewRow]]]
    total: calc.StepTotal

    @property
    def rows(self) -> list[OverviewRow]:
        return [r for _, rows in self.themes for r in rows]


@dataclass
class Overview:
    organisation: Organisation
    year: int
    steps: list[OverviewStep]
    parameters: dict[str, Decimal]
    funding: str | None = None
    selection: dict[str, str] = field(default_factory=dict)

    @property
    def grand_total(self) -> calc.YearCost:
        return sum((s.total.cost for s in self.steps), calc.YearCost())

    @property
    def prioritised_steps(self) -> list[OverviewStep]:
        return [s for s in self.steps if s.step is not None]


def prioritisation_overview(
    *,
    organisation: Organisation,
    year: int,
    selection: Mapping[str, str] | None = None,
    funding: str | None = None,
) -> Overview:
    """Themes × priority steps, each initiative's one-time and yearly cost (range over its
    scenarios) in ``year``, totals per step and cumulated under the chosen scenarios.

    ``selection`` maps initiative id (as text) to scenario id; an initiative not named uses its
    saved selected scenario, or its first.
    """
    selection = dict(selection or {})
    parameters = parameters_for_year(organisation, year)
    initiatives = Initiative.objects.filter(organisation=organisation).order_by(
        "priority_step", "theme__order", "theme__name", "code"
    )
    if funding:
        initiatives = initiatives.filter(funding=funding)
    themes_by_id: dict[int, OverviewTheme] = {}
    rows = []
    for pk, *values, theme_name, theme_order in initiatives.values_list(
        "pk", *_OVERVIEW_FIELDS, "theme__name", "theme__order"
    ):
        initiative = OverviewInitiative(pk, *values)
        if initiative.theme_id not in themes_by_id:
            themes_by_id[initiative.theme_id] = OverviewTheme(
                initiative.theme_id, theme_name, theme_order
            )
        rows.append(initiative)
    by_step: dict[int | None, dict[int, tuple[OverviewTheme, list[OverviewRow]]]] = defaultdict(
        dict
    )
    for initiative, model in calc_models(initiatives.order_by().values("pk"), rows):
        key = selection.get(str(initiative.pk)) or (
            str(initiative.selected_scenario_id) if initiative.selected_scenario_id else None
        )
        selected = calc.pick_scenario(model, key)
        try:
            costed = calc.initiative_year(model, parameters, year, selected)
            row = OverviewRow(
                initiative,
                model,
                costed.range,
                selected,
                costed.cost,
                lines=costed.lines,
                scenario_costs=costed.scenarios,
            )
        except calc.CostModelError as exc:
            row = OverviewRow(initiative, model, calc.NO_RANGE, selected, calc.YearCost(), str(exc))
        themes = by_step[initiative.priority_step]
        themes.setdefault(initiative.theme_id, (themes_by_id[initiative.theme_id], []))[1].append(
            row
        )
    frames = {
        f.step: f.amount for f in BudgetFrame.objects.filter(organisation=organisation, year=year)
    }
    for step in frames:  # a frame for a step with no initiatives still shows
        if step not in by_step:
            by_step[step] = {}
    totals = calc.step_totals(
        {
            step: [r.cost for _, rows in themes.values() for r in rows]
            for step, themes in by_step.items()
        },
        frames,
        {
            step: [r.range for _, rows in themes.values() for r in rows]
            for step, themes in by_step.items()
        },
    )
    totals_by_step = {t.step: t for t in totals}
    steps = [
        OverviewStep(
            step=step,
            themes=[
                (theme, sorted(rows, key=lambda r: code_key(r.initiative.code)))
                for theme, rows in sorted(
                    by_step[step].values(), key=lambda t: (t[0].order, t[0].name)
                )
            ],
            total=totals_by_step[step],
        )
        for step in sorted(by_step, key=lambda s: (s is None, s or 0))
    ]
    return Overview(
        organisation=organisation,
        year=year,
        steps=steps,
        parameters=parameters,
        funding=funding,
        selection={
            str(r.initiative.pk): r.selected.key for s in steps for r in s.rows if r.selected.key
        },
    )


def initiative_costs(initiative: Initiative, year: int | None = None) -> dict:
    """The written-out calculation of one initiative: every line under every scenario."""
    organisation = initiative.organisation
    model = to_calc_model(initiative)
    y = year or initiative.start_year or organisation.budget_year
    parameters = parameters_for_year(organisation, y)
    scenarios = list(model.scenarios) or [calc.BASE]
    # The scenario the overview counts (the chosen one, else the first): a line's amount is
    # the amount under it, and says so.
    counted = calc.pick_scenario(model, str(initiative.selected_scenario_id or ""))
    lines = []
    db_lines = list(initiative.cost_lines.all())
    for db_line, line in zip(db_lines, model.lines, strict=True):
        base = calc.evaluate_line(line, parameters)
        per_scenario = [(s, calc.evaluate_line(line, parameters, s)) for s in model.scenarios]
        varies = any(r.overridden for _, r in per_scenario)
        lines.append(
            {
                "line": line,
                "base": base,
                # what counts: under the counted scenario where scenarios change the line
                "shown": calc.evaluate_line(line, parameters, counted) if varies else base,
                "shown_scenario": counted.name if varies else "",
                "scenarios": per_scenario,
                "varies": varies,
                "years": calc.line_years(
                    line, start_year=model.start_year, end_year=model.end_year
                ),
                "category_label": db_line.get_category_display(),
                "note": db_line.note,
                "db_line": db_line,
            }
        )
    return {
        "year": y,
        "parameters": parameters,
        "lines": lines,
        "scenarios": [(s, calc.cost_in_year(model, parameters, None, s)) for s in scenarios],
        # The base case and each scenario with what it sets (factor labels, base → scenario).
        "base_case": (
            calc.cost_in_year(model, parameters, None),
            calc.scenario_changes(model, calc.BASE, parameters),
        ),
        "scenario_rows": [
            (
                s,
                calc.cost_in_year(model, parameters, None, s),
                calc.scenario_changes(model, s, parameters),
            )
            for s in model.scenarios
        ],
        "counted": counted,
        "range": calc.cost_range(model, parameters, None),
        "model": model,
    }
