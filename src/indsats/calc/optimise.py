"""The best set of initiatives within the budget frames: a mixed-integer programme on HiGHS.

Each initiative is either not selected or selected in exactly one of its scenarios (an
*option*). A budget frame is the money of one priority step in one budget year; the options
chosen in a step must fit its frame in every year that has one, counting what is paid that year
(one-time and yearly alike, as the prioritisation overview does). Must-include and must-exclude
choices, dependencies ("3.4 only with 1.1") and the objective (one effect, or a weighted sum of
effects the caller has made comparable) complete the problem.

Among the selections with the best effect, the cheapest is proposed (the cost breaks ties), so
the proposal never spends money that buys nothing.

What cannot be satisfied is explained with figures (``Infeasibility``), never answered with an
empty result; every choice carries its grounds (``Reason``: must-include, binding frame, effect
per krone). The wording is left to the caller (gettext), as for success criteria.

Plain Python on Decimal around ``scipy.optimize.milp``; no Django.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

ZERO = Decimal("0.00")
MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class Option:
    """One way to carry out an initiative (a scenario): its cost per budget year and its expected
    effect per effect key."""

    key: str
    name: str
    cost: Mapping[int, Decimal] = field(default_factory=dict)
    effects: Mapping[str, Decimal] = field(default_factory=dict)

    def cost_in(self, year: int) -> Decimal:
        return self.cost.get(year, ZERO)

    def total_cost(self, years: Iterable[int]) -> Decimal:
        return sum((self.cost_in(y) for y in years), ZERO)

    def value(self, weights: Mapping[str, Decimal]) -> Decimal:
        return sum((self.effects.get(k, ZERO) * w for k, w in weights.items()), ZERO)


class Must(StrEnum):
    FREE = ""
    INCLUDE = "include"
    EXCLUDE = "exclude"


@dataclass(frozen=True)
class Item:
    """One initiative: its options, priority step, fixed choice and what it depends on."""

    key: str
    label: str
    step: int | None
    options: tuple[Option, ...]
    must: Must = Must.FREE
    requires: tuple[str, ...] = ()  # keys of items that must be selected when this one is


@dataclass(frozen=True)
class Problem:
    items: tuple[Item, ...]
    frames: Mapping[tuple[int, int], Decimal]  # (step, year) -> amount
    weights: Mapping[str, Decimal]  # effect key -> weight; one key with weight 1 = that effect

    @property
    def years(self) -> list[int]:
        return sorted({year for _, year in self.frames})

    def scaled(self, factor: Decimal) -> Problem:
        """The same problem with every frame multiplied by ``factor`` (for the frontier)."""
        return replace(
            self, frames={k: (v * factor).quantize(Decimal("0.01")) for k, v in self.frames.items()}
        )


class Why(StrEnum):
    MUST_INCLUDE = "must_include"
    REQUIRED_BY = "required_by"  # selected because a selected initiative depends on it
    BEST = "best"  # selected for its effect; the dearest option with more effect does not fit
    BEST_ALL = "best_all"  # selected in the scenario with the most effect
    MUST_EXCLUDE = "must_exclude"
    NO_EFFECT = "no_effect"  # no option has any effect on the objective
    FRAME = "frame"  # even its cheapest option does not fit what is left of a frame
    DEPENDENCY = "dependency"  # it depends on an initiative that is not selected
    DISPLACED = "displaced"  # it would fit, but the money buys more effect elsewhere
    NO_FRAME = "no_frame"  # no frame covers its step; not considered


@dataclass(frozen=True)
class FrameUse:
    step: int
    year: int
    amount: Decimal
    used: Decimal

    @property
    def left(self) -> Decimal:
        return self.amount - self.used


@dataclass(frozen=True)
class Reason:
    why: Why
    effect: Decimal = ZERO  # the objective value of the chosen (or cheapest) option
    cost: Decimal = ZERO  # its cost over the frame years
    frame: FrameUse | None = None  # the frame that binds, if any
    short_by: Decimal = ZERO  # how much the frame lacks for the better/cheapest option
    other: str = ""  # the item it depends on / that depends on it

    @property
    def effect_per_million(self) -> Decimal | None:
        """Effect per 1 mio. kr. over the frame years; None where it costs nothing."""
        if self.cost <= 0:
            return None
        return self.effect * MILLION / self.cost


class Obstacle(StrEnum):
    EXCLUDED_DEPENDENCY = "excluded_dependency"  # a must-include needs a must-excluded item
    MISSING_DEPENDENCY = "missing_dependency"  # a must-include needs an item not in the problem
    FRAME_TOO_SMALL = "frame_too_small"  # must-includes cost more than a frame
    COMBINATION = "combination"  # no single scenario choice fits all frames at once


@dataclass(frozen=True)
class Infeasibility:
    kind: Obstacle
    step: int | None = None
    year: int | None = None
    need: Decimal = ZERO  # what the must-includes cost at least
    frame: Decimal = ZERO
    item: str = ""
    other: str = ""


@dataclass
class Proposal:
    choices: dict[str, str | None]  # item key -> option key, or None for not selected
    value: Decimal  # the objective: weighted effect
    effects: dict[str, Decimal]  # total expected effect per effect key
    usage: list[FrameUse]
    reasons: dict[str, Reason]
    infeasible: list[Infeasibility] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    gap: float = 0.0  # how far from proven optimal the effect may be (0.001 = 0,1 %)

    @property
    def feasible(self) -> bool:
        return not self.infeasible

    @property
    def cost(self) -> Decimal:
        return sum((u.used for u in self.usage), ZERO)


def _ore(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


def _closure(problem: Problem, keys: Iterable[str]) -> set[str]:
    by_key = {i.key: i for i in problem.items}
    todo, seen = list(keys), set()
    while todo:
        key = todo.pop()
        if key in seen or key not in by_key:
            continue
        seen.add(key)
        todo.extend(by_key[key].requires)
    return seen


def diagnose(problem: Problem) -> list[Infeasibility]:
    """Why the must-includes (and what they depend on) cannot all be had within the frames,
    with the figures; an empty list when that check finds nothing."""
    by_key = {i.key: i for i in problem.items}
    found: list[Infeasibility] = []
    musts = [i.key for i in problem.items if i.must == Must.INCLUDE]
    for key in musts:
        for dep in sorted(_closure(problem, [key]) | set(by_key[key].requires)):
            if dep not in by_key:
                found.append(Infeasibility(Obstacle.MISSING_DEPENDENCY, item=key, other=dep))
            elif by_key[dep].must == Must.EXCLUDE:
                found.append(Infeasibility(Obstacle.EXCLUDED_DEPENDENCY, item=key, other=dep))
    needed = [by_key[k] for k in sorted(_closure(problem, musts))]
    for (step, year), amount in sorted(problem.frames.items()):
        need = sum(
            (
                min((o.cost_in(year) for o in i.options), default=ZERO)
                for i in needed
                if i.step == step
            ),
            ZERO,
        )
        if need > amount:
            found.append(
                Infeasibility(
                    Obstacle.FRAME_TOO_SMALL, step=step, year=year, need=need, frame=amount
                )
            )
    return found


# A municipality's catalogue (a few dozen initiatives × scenarios) is solved to proven
# optimality. Proving it for hundreds of initiatives can take minutes on a loaded machine, so
# there the search stops when the best selection is proven within 0,1 % of the optimum
# (``Proposal.gap`` says how close it is), and never runs longer than TIME_LIMIT seconds.
EXACT_UP_TO = 400
LARGE_GAP = 1e-3
TIME_LIMIT = 20.0


class _Model:
    """The MILP's matrices: one binary per (item, option)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.vars: list[tuple[Item, Option]] = [
            (item, option) for item in problem.items for option in item.options
        ]
        n = len(self.vars)
        self.index: dict[str, list[int]] = defaultdict(list)
        for j, (item, _) in enumerate(self.vars):
            self.index[item.key].append(j)
        rows, cols, vals, lo, hi = [], [], [], [], []
        r = 0
        # at most one option per item; exactly one for a must-include
        for item in problem.items:
            js = self.index[item.key]
            if not js:
                continue
            for j in js:
                rows.append(r)
                cols.append(j)
                vals.append(1.0)
            lo.append(1.0 if item.must == Must.INCLUDE else 0.0)
            hi.append(0.0 if item.must == Must.EXCLUDE else 1.0)
            r += 1
        # dependencies: selected(item) <= selected(dep)
        for item in problem.items:
            for dep in item.requires:
                if not self.index[item.key]:
                    continue
                for j in self.index[item.key]:
                    rows.append(r)
                    cols.append(j)
                    vals.append(1.0)
                for j in self.index.get(dep, []):
                    rows.append(r)
                    cols.append(j)
                    vals.append(-1.0)
                lo.append(-np.inf)
                hi.append(0.0)
                r += 1
        # frames, in øre; the left side is whole øre, so +0.5 keeps float noise out
        self.frame_rows: dict[tuple[int, int], int] = {}
        for (step, year), amount in problem.frames.items():
            for j, (item, option) in enumerate(self.vars):
                if item.step == step:
                    c = _ore(option.cost_in(year))
                    if c:
                        rows.append(r)
                        cols.append(j)
                        vals.append(float(c))
            lo.append(-np.inf)
            hi.append(_ore(amount) + 0.5)
            self.frame_rows[(step, year)] = r
            r += 1
        self.n, self.m = n, r
        self.A = coo_matrix((vals, (rows, cols)), shape=(max(r, 1), max(n, 1))).tocsr()
        self.lo = np.array(lo or [0.0])
        self.hi = np.array(hi or [0.0])
        years = problem.years
        self.value = np.array([float(o.value(problem.weights)) for _, o in self.vars])
        self.cost = np.array([float(_ore(o.total_cost(years))) for _, o in self.vars])

    def solve(self, c: np.ndarray):
        return milp(
            c,
            constraints=[LinearConstraint(self.A, self.lo, self.hi)],
            integrality=np.ones(self.n),
            bounds=Bounds(0, 1),
            options={
                "mip_rel_gap": 0 if self.n <= EXACT_UP_TO else LARGE_GAP,
                "time_limit": TIME_LIMIT,
                "presolve": True,
            },
        )


def optimise(problem: Problem) -> Proposal:
    """The selection with the most (weighted) expected effect within every frame, the cheapest
    among equals; or, when none exists, why not."""
    problems = diagnose(problem)
    if problems:
        return _empty(problem, problems)
    model = _Model(problem)
    if model.n == 0:
        return _result(problem, {})
    # Most effect first; among equals the cheapest: the cost enters with a weight so small that
    # all the money in the problem weighs less than a thousandth of the smallest effect.
    smallest = min((v for v in np.abs(model.value) if v > 0), default=1.0)
    tie = smallest * 1e-3 / max(float(model.cost.sum()), 1.0)
    first = model.solve(-model.value + tie * model.cost)
    if first.x is None:
        return _empty(problem, [Infeasibility(Obstacle.COMBINATION)])
    x = first.x
    choices: dict[str, str | None] = {}
    for item in problem.items:
        choices[item.key] = None
        for j in model.index[item.key]:
            if x[j] > 0.5:
                choices[item.key] = model.vars[j][1].key
    result = _result(problem, choices)
    result.gap = float(getattr(first, "mip_gap", 0.0) or 0.0)
    # guard: the exact (Decimal) check of every frame
    for use in result.usage:
        if use.used > use.amount:  # pragma: no cover - HiGHS kept within its tolerance
            raise ArithmeticError(f"frame exceeded: step {use.step} {use.year}")
    return result


def _empty(problem: Problem, problems: list[Infeasibility]) -> Proposal:
    result = _result(problem, {i.key: None for i in problem.items}, explain=False)
    result.infeasible = problems
    return result


def _chosen(item: Item, key: str | None) -> Option | None:
    return next((o for o in item.options if o.key == key), None)


def _result(problem: Problem, choices: Mapping[str, str | None], explain: bool = True) -> Proposal:
    years = problem.years
    used: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    effects: dict[str, Decimal] = defaultdict(lambda: ZERO)
    value = ZERO
    for item in problem.items:
        option = _chosen(item, choices.get(item.key))
        if option is None:
            continue
        value += option.value(problem.weights)
        for k, v in option.effects.items():
            effects[k] += v
        for step, year in problem.frames:
            if item.step == step:
                used[(step, year)] += option.cost_in(year)
    usage = [
        FrameUse(step, year, amount, used[(step, year)])
        for (step, year), amount in sorted(problem.frames.items())
    ]
    proposal = Proposal(
        choices={i.key: choices.get(i.key) for i in problem.items},
        value=value,
        effects=dict(effects),
        usage=usage,
        reasons={},
        years=years,
    )
    if explain:
        proposal.reasons = {i.key: _reason(problem, proposal, i) for i in problem.items}
    return proposal


def _tightest(
    problem: Problem, proposal: Proposal, item: Item, extra: Mapping[int, Decimal]
) -> tuple[FrameUse | None, Decimal]:
    """The frame of the item's step that lacks the most for ``extra`` more cost per year."""
    worst, short = None, ZERO
    for use in proposal.usage:
        if use.step != item.step:
            continue
        lack = extra.get(use.year, ZERO) - use.left
        if lack > short:
            worst, short = use, lack
    return worst, short


def _reason(problem: Problem, proposal: Proposal, item: Item) -> Reason:
    years = proposal.years
    weights = problem.weights
    chosen = _chosen(item, proposal.choices.get(item.key))
    framed = any(step == item.step for step, _ in problem.frames)
    dependants = [
        i.key for i in problem.items if item.key in i.requires and proposal.choices.get(i.key)
    ]
    if chosen is not None:
        effect, cost = chosen.value(weights), chosen.total_cost(years)
        if item.must == Must.INCLUDE:
            return Reason(Why.MUST_INCLUDE, effect, cost)
        better = [o for o in item.options if o.value(weights) > effect]
        if better:
            # the cheapest option with more effect: why not that one?
            upgrade = min(better, key=lambda o: o.total_cost(years))
            extra = {y: upgrade.cost_in(y) - chosen.cost_in(y) for y in years}
            frame, short = _tightest(problem, proposal, item, extra)
            return Reason(Why.BEST, effect, cost, frame, short)
        if effect <= 0 and dependants:
            return Reason(Why.REQUIRED_BY, effect, cost, other=dependants[0])
        return Reason(Why.BEST_ALL, effect, cost)
    if not item.options:
        return Reason(Why.NO_EFFECT)
    cheapest = min(item.options, key=lambda o: o.total_cost(years))
    best = max(item.options, key=lambda o: (o.value(weights), -o.total_cost(years)))
    if item.must == Must.EXCLUDE:
        return Reason(Why.MUST_EXCLUDE, best.value(weights), best.total_cost(years))
    if not framed:
        return Reason(Why.NO_FRAME, best.value(weights), best.total_cost(years))
    missing = [d for d in item.requires if not proposal.choices.get(d)]
    if missing:
        return Reason(Why.DEPENDENCY, best.value(weights), best.total_cost(years), other=missing[0])
    if best.value(weights) <= 0:
        return Reason(Why.NO_EFFECT, ZERO, cheapest.total_cost(years))
    frame, short = _tightest(problem, proposal, item, {y: cheapest.cost_in(y) for y in years})
    if frame is not None:
        return Reason(Why.FRAME, cheapest.value(weights), cheapest.total_cost(years), frame, short)
    return Reason(Why.DISPLACED, best.value(weights), best.total_cost(years))


@dataclass(frozen=True)
class FrontierPoint:
    scale: Decimal  # the frames multiplied by this
    budget: Decimal  # the sum of the scaled frames
    cost: Decimal  # what the best selection costs
    value: Decimal  # its weighted effect
    choices: Mapping[str, str | None]


DEFAULT_SCALES: tuple[Decimal, ...] = tuple(Decimal(p) / 100 for p in range(0, 201, 20))


def frontier(problem: Problem, scales: Sequence[Decimal] = DEFAULT_SCALES) -> list[FrontierPoint]:
    """Effect against cost as every frame is scaled (0 %, 20 %, … 200 % of today's frames):
    the efficient frontier. Scales where the must-includes do not fit are left out; points that
    buy no more effect than a cheaper one are dropped."""
    points = []
    for scale in scales:
        scaled = problem.scaled(scale)
        proposal = optimise(scaled)
        if not proposal.feasible:
            continue
        points.append(
            FrontierPoint(
                scale=scale,
                budget=sum(scaled.frames.values(), ZERO),
                cost=proposal.cost,
                value=proposal.value,
                choices=proposal.choices,
            )
        )
    points.sort(key=lambda p: (p.cost, -p.value))
    efficient: list[FrontierPoint] = []
    for point in points:
        if efficient and point.value <= efficient[-1].value:
            continue
        efficient.append(point)
    return efficient


def evaluate(problem: Problem, choices: Mapping[str, str | None]) -> Proposal:
    """A given selection (e.g. today's) measured as a proposal is: effect and frames used."""
    return _result(problem, choices, explain=False)
