"""Cost models for initiatives: cost lines, formulas over named parameters, scenarios.

A cost line is either *stated* (an amount somebody decided) or *computed* as a product of
factors (persons × hours a month × months × hourly rate; share × base amount). It may be both:
then the formula result and the decided amount are kept side by side and a difference is
flagged. A factor takes its value from the line itself or from an organisation-wide parameter
(e.g. the release-time hourly rate), and a scenario may override any factor by its key.

Everything here is plain Python on Decimal; no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .danish import format_kr, format_number, to_ore

ZERO = Decimal("0.00")


class Recurrence(StrEnum):
    ONE_TIME = "one_time"
    YEARLY = "yearly"


class CostModelError(ValueError):
    """A cost line that cannot be evaluated; the message is Danish."""


@dataclass(frozen=True)
class Factor:
    """One factor of a formula. ``parameter`` names an organisation parameter to read the value
    from; ``value`` is the line's own value. A scenario override (by ``key``) beats both."""

    key: str
    label: str
    value: Decimal | None = None
    parameter: str | None = None
    unit: str = ""


@dataclass(frozen=True)
class CostLine:
    label: str
    category: str
    recurrence: Recurrence
    year: int | None = None  # one-time: the year it is paid; None = the initiative's start year
    start_year: int | None = None  # yearly: first year; None = the initiative's start year
    end_year: int | None = None  # yearly: last year; None = open-ended
    stated: Decimal | None = None
    factors: tuple[Factor, ...] = ()
    key: str = ""  # a stable identifier (database id) for callers

    @property
    def has_formula(self) -> bool:
        return bool(self.factors)


@dataclass(frozen=True)
class Scenario:
    name: str
    overrides: Mapping[str, Decimal] = field(default_factory=dict)
    key: str = ""


BASE = Scenario(name="")


@dataclass(frozen=True)
class LineResult:
    line: CostLine
    formula_amount: Decimal | None
    stated_amount: Decimal | None
    amount: Decimal  # what counts: the decided amount, or the formula where nothing is decided
    overridden: bool  # a scenario changed one of the line's factors
    factor_values: tuple[tuple[Factor, Decimal], ...]

    @property
    def differs(self) -> bool:
        """The decided amount is not what the formula gives."""
        return (
            self.formula_amount is not None
            and self.stated_amount is not None
            and self.formula_amount != self.stated_amount
        )

    @property
    def difference(self) -> Decimal:
        if not self.differs:
            return ZERO
        return self.stated_amount - self.formula_amount  # type: ignore[operator]

    def expression(self) -> str:
        """The calculation written out: ``100 × 5 timer × 10 mdr. × 201,60 kr. = 1.008.000 kr.``"""
        if self.formula_amount is None:
            return format_kr(self.amount)
        parts = [_format_factor(f, v) for f, v in self.factor_values]
        return " × ".join(parts) + " = " + format_kr(self.formula_amount)


def _format_factor(factor: Factor, value: Decimal) -> str:
    return format_factor_value(value, factor.unit)


def format_factor_value(value: Decimal, unit: str) -> str:
    """A factor's value with its unit as people read it: a share with unit ``%`` is kept as a
    fraction (0.25) and shown as ``25 %``; ``kr.`` as an amount; else the number and unit."""
    unit = (unit or "").strip()
    if unit == "%":
        return f"{format_number(value * 100, _decimals(value * 100))} %"
    if unit == "kr.":
        return format_kr(value)
    number = format_number(value, _decimals(value))
    return f"{number} {unit}".strip()


def _decimals(value: Decimal) -> int:
    value = value.normalize()
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def evaluate_line(
    line: CostLine,
    parameters: Mapping[str, Decimal],
    scenario: Scenario = BASE,
) -> LineResult:
    """The amount of one cost line under a scenario, with the formula and decided amount kept apart."""
    formula_amount = None
    overridden = False
    values: list[tuple[Factor, Decimal]] = []
    if line.factors:
        product = Decimal(1)
        for factor in line.factors:
            if factor.key in scenario.overrides:
                value = Decimal(scenario.overrides[factor.key])
                overridden = True
            elif factor.value is not None:
                value = factor.value
            elif factor.parameter is not None:
                if factor.parameter not in parameters:
                    raise CostModelError(
                        f"Parameteren »{factor.parameter}« findes ikke eller har ingen værdi for året."
                    )
                value = parameters[factor.parameter]
            else:
                raise CostModelError(f"Faktoren »{factor.label}« har ingen værdi.")
            values.append((factor, value))
            product *= value
        formula_amount = to_ore(product)
    stated = to_ore(line.stated) if line.stated is not None else None
    if formula_amount is None and stated is None:
        raise CostModelError(f"Omkostningslinjen »{line.label}« har hverken beløb eller formel.")
    # A decided amount was decided for the base values; a scenario that changes the line's
    # factors makes the formula the figure that counts.
    if stated is not None and not overridden:
        amount = stated
    else:
        amount = formula_amount  # type: ignore[assignment]
    return LineResult(
        line=line,
        formula_amount=formula_amount,
        stated_amount=stated,
        amount=amount,
        overridden=overridden,
        factor_values=tuple(values),
    )


def applies_in_year(
    line: CostLine, year: int, *, start_year: int | None, end_year: int | None
) -> bool:
    """Whether a line is paid in ``year``. ``start_year``/``end_year`` are the initiative's."""
    if line.recurrence == Recurrence.ONE_TIME:
        paid = line.year if line.year is not None else start_year
        return paid is None or paid == year
    first = line.start_year if line.start_year is not None else start_year
    last = line.end_year if line.end_year is not None else end_year
    return (first is None or first <= year) and (last is None or year <= last)


def line_years(line: CostLine, *, start_year: int | None, end_year: int | None) -> str:
    """How the line's years are written in a description: ``2020–2022``, ``fra 2020``, ``2020``."""
    if line.recurrence == Recurrence.ONE_TIME:
        paid = line.year if line.year is not None else start_year
        return str(paid) if paid is not None else ""
    first = line.start_year if line.start_year is not None else start_year
    last = line.end_year if line.end_year is not None else end_year
    if first is not None and last is not None:
        return str(first) if first == last else f"{first}–{last}"
    if first is not None:
        return f"fra {first}"
    if last is not None:
        return f"til {last}"
    return ""


@dataclass(frozen=True)
class YearCost:
    one_time: Decimal = ZERO
    yearly: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.one_time + self.yearly

    def __add__(self, other: YearCost) -> YearCost:
        return YearCost(self.one_time + other.one_time, self.yearly + other.yearly)


@dataclass(frozen=True)
class InitiativeModel:
    """Everything needed to cost one initiative."""

    lines: Sequence[CostLine]
    scenarios: Sequence[Scenario] = ()
    start_year: int | None = None
    end_year: int | None = None


def cost_in_year(
    model: InitiativeModel,
    parameters: Mapping[str, Decimal],
    year: int | None,
    scenario: Scenario = BASE,
) -> YearCost:
    """One-time and yearly cost of an initiative in a year (``None``: every line, any year)."""
    return _year_cost(lines_in_year(model, parameters, year, scenario))


def lines_in_year(
    model: InitiativeModel,
    parameters: Mapping[str, Decimal],
    year: int | None,
    scenario: Scenario = BASE,
) -> list[LineResult]:
    """Each cost line paid in ``year`` (``None``: every line), evaluated under a scenario."""
    return [
        evaluate_line(line, parameters, scenario)
        for line in model.lines
        if year is None
        or applies_in_year(line, year, start_year=model.start_year, end_year=model.end_year)
    ]


def _year_cost(results: Iterable[LineResult]) -> YearCost:
    one_time = ZERO
    yearly = ZERO
    for result in results:
        if result.line.recurrence == Recurrence.ONE_TIME:
            one_time += result.amount
        else:
            yearly += result.amount
    return YearCost(one_time, yearly)


@dataclass(frozen=True)
class CostRange:
    one_time_low: Decimal
    one_time_high: Decimal
    yearly_low: Decimal
    yearly_high: Decimal

    @property
    def has_range(self) -> bool:
        return self.one_time_low != self.one_time_high or self.yearly_low != self.yearly_high

    def __add__(self, other: CostRange) -> CostRange:
        """Ranges add end by end: the cheapest of a step is every initiative at its cheapest."""
        return CostRange(
            self.one_time_low + other.one_time_low,
            self.one_time_high + other.one_time_high,
            self.yearly_low + other.yearly_low,
            self.yearly_high + other.yearly_high,
        )


NO_RANGE = CostRange(ZERO, ZERO, ZERO, ZERO)


def cost_range(
    model: InitiativeModel, parameters: Mapping[str, Decimal], year: int | None
) -> CostRange:
    """The cheapest and dearest scenario (the base case when there are none), one-time and
    yearly apart."""
    scenarios: Iterable[Scenario] = model.scenarios or (BASE,)
    return _range([cost_in_year(model, parameters, year, s) for s in scenarios])


def _range(costs: list[YearCost]) -> CostRange:
    return CostRange(
        one_time_low=min(c.one_time for c in costs),
        one_time_high=max(c.one_time for c in costs),
        yearly_low=min(c.yearly for c in costs),
        yearly_high=max(c.yearly for c in costs),
    )


@dataclass(frozen=True)
class InitiativeYear:
    """An initiative's cost in one year, computed once for every place that shows it (the
    prioritisation overview, its page, PDF, XLSX and API): the lines paid that year under the
    chosen scenario, their cost, every scenario's cost and the range over them."""

    lines: tuple[LineResult, ...]
    cost: YearCost
    scenarios: tuple[tuple[Scenario, YearCost], ...]
    range: CostRange


def initiative_year(
    model: InitiativeModel, parameters: Mapping[str, Decimal], year: int, chosen: Scenario
) -> InitiativeYear:
    """``model`` in ``year`` under the ``chosen`` scenario, beside all its scenarios (the base
    case when there are none). CostModelError as evaluate_line."""
    scenarios = tuple(model.scenarios) or (BASE,)
    paid = [
        line
        for line in model.lines
        if applies_in_year(line, year, start_year=model.start_year, end_year=model.end_year)
    ]
    # A line gives the same result under every scenario that sets the same values of its
    # factors (most scenarios change one factor of one line): evaluate each such case once.
    known: dict[tuple, LineResult] = {}
    keys = [tuple(f.key for f in line.factors) for line in paid]

    def evaluate(scenario: Scenario) -> tuple[LineResult, ...]:
        results = []
        overrides = scenario.overrides
        for i, line in enumerate(paid):
            if overrides:
                case = (i, *[(k, overrides[k]) for k in keys[i] if k in overrides])
            else:
                case = (i,)
            result = known.get(case)
            if result is None:
                result = known[case] = evaluate_line(line, parameters, scenario)
            results.append(result)
        return tuple(results)

    evaluated = [(s, evaluate(s)) for s in scenarios]
    costs = tuple((s, _year_cost(results)) for s, results in evaluated)
    # the chosen scenario is one of them (pick_scenario), so it is not evaluated again
    at = next((i for i, (s, _r) in enumerate(evaluated) if s is chosen), None)
    if at is None:
        lines = evaluate(chosen)
        cost = _year_cost(lines)
    else:
        lines, cost = evaluated[at][1], costs[at][1]
    return InitiativeYear(lines, cost, costs, _range([c for _s, c in costs]))


def pick_scenario(model: InitiativeModel, key: str | None) -> Scenario:
    """The scenario with ``key``; the first scenario if the key is unknown; BASE without any."""
    for scenario in model.scenarios:
        if scenario.key == key:
            return scenario
    return model.scenarios[0] if model.scenarios else BASE


@dataclass(frozen=True)
class FactorChange:
    """A factor a scenario sets, as people read it: its label, the base case's value (the
    line's own value or the parameter's) and the scenario's, each with its unit."""

    key: str
    label: str
    base: str
    value: str


def _base_value(factor: Factor, parameters: Mapping[str, Decimal]) -> Decimal | None:
    if factor.value is not None:
        return factor.value
    if factor.parameter is not None:
        return parameters.get(factor.parameter)
    return None


def scenario_changes(
    model: InitiativeModel, scenario: Scenario, parameters: Mapping[str, Decimal]
) -> tuple[FactorChange, ...]:
    """What ``scenario`` sets, factor by factor, next to the base case (for the base case
    itself: every factor some scenario sets, with the base value as both ends)."""
    keys = (
        list(scenario.overrides)
        if scenario.overrides
        else list(dict.fromkeys(k for s in model.scenarios for k in s.overrides))
    )
    factors: dict[str, Factor] = {}
    for line in model.lines:
        for factor in line.factors:
            factors.setdefault(factor.key, factor)
    changes = []
    for key in keys:
        factor = factors.get(key)
        if factor is None:
            continue
        base = _base_value(factor, parameters)
        base_text = format_factor_value(base, factor.unit) if base is not None else "–"
        value = scenario.overrides.get(key)
        value_text = (
            format_factor_value(Decimal(value), factor.unit) if value is not None else base_text
        )
        changes.append(FactorChange(key, factor.label, base_text, value_text))
    return tuple(changes)


@dataclass(frozen=True)
class StepTotal:
    step: int | None
    cost: YearCost
    cumulated: YearCost
    frame: Decimal | None
    range: CostRange = NO_RANGE  # lowest–highest of the step's initiatives over their scenarios
    cumulated_range: CostRange = NO_RANGE

    @property
    def left(self) -> Decimal | None:
        """What is left of the step's budget frame after its one-time and yearly cost."""
        if self.frame is None:
            return None
        return self.frame - self.cost.total


def step_totals(
    costs_by_step: Mapping[int | None, Iterable[YearCost]],
    frames: Mapping[int, Decimal] | None = None,
    ranges_by_step: Mapping[int | None, Iterable[CostRange]] | None = None,
) -> list[StepTotal]:
    """Totals per priority step and cumulated over steps in order (unprioritised last, not
    cumulated): the chosen scenarios' cost and, from ``ranges_by_step``, the lowest–highest
    range (each initiative at its cheapest and at its dearest scenario)."""
    frames = frames or {}
    ranges_by_step = ranges_by_step or {}
    result = []
    running = YearCost()
    running_range = NO_RANGE
    steps = sorted(s for s in costs_by_step if s is not None)
    for step in steps:
        total = sum(costs_by_step[step], YearCost())
        span = sum(ranges_by_step.get(step, ()), NO_RANGE)
        running = running + total
        running_range = running_range + span
        result.append(StepTotal(step, total, running, frames.get(step), span, running_range))
    if None in costs_by_step:
        total = sum(costs_by_step[None], YearCost())
        span = sum(ranges_by_step.get(None, ()), NO_RANGE)
        result.append(StepTotal(None, total, total, None, span, span))
    return result
