"""The optimiser: the best set of initiatives within the frames, checked by hand on Ballerup-like
figures and by properties against brute force on small random instances."""

import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from indsats.calc.optimise import (
    Item,
    Must,
    Obstacle,
    Option,
    Problem,
    Why,
    frontier,
    optimise,
)

D = Decimal
Y = 2026
HANDS = {"haender": D(1)}


def option(key, cost, effect, year=Y):
    return Option(key=key, name=key, cost={year: D(cost)}, effects={"haender": D(effect)})


def supervisors(**kwargs):
    """1.1 release time at 5, 10, 15, 20 hours a month (Ballerup's figures)."""
    return Item(
        key="1.1",
        label="1.1 Frikøb af tid til planlægning",
        step=1,
        options=(
            option("5", 1_008_000, 4),
            option("10", 2_016_000, 7),
            option("15", 3_024_000, 9),
            option("20", 4_032_000, 10),
        ),
        **kwargs,
    )


def cafe(**kwargs):
    return Item(
        key="2.4", label="2.4 Lektiecafé", step=1, options=(option("base", 40_000, 1),), **kwargs
    )


def test_the_dearest_scenario_that_fits_the_frame_is_chosen():
    problem = Problem(items=(supervisors(), cafe()), frames={(1, Y): D(2_100_000)}, weights=HANDS)
    proposal = optimise(problem)
    assert proposal.feasible
    assert proposal.choices == {"1.1": "10", "2.4": "base"}
    assert proposal.value == 8
    assert proposal.usage[0].used == D(2_056_000)
    assert proposal.usage[0].left == D(44_000)
    why = proposal.reasons["1.1"]
    # 15 hours would give more but lacks 1.008.000 - 44.000 kr. in Trin 1 2026
    assert why.why == Why.BEST
    assert why.frame.step == 1 and why.frame.year == Y
    assert why.short_by == D(964_000)
    assert proposal.reasons["2.4"].why == Why.BEST_ALL
    assert proposal.reasons["2.4"].effect_per_million == D(25)


def test_must_includes_above_the_frame_are_explained_with_figures():
    problem = Problem(
        items=(supervisors(must=Must.INCLUDE), cafe(must=Must.INCLUDE)),
        frames={(1, Y): D(1_000_000)},
        weights=HANDS,
    )
    proposal = optimise(problem)
    assert not proposal.feasible
    (obstacle,) = proposal.infeasible
    assert obstacle.kind == Obstacle.FRAME_TOO_SMALL
    assert (obstacle.step, obstacle.year) == (1, Y)
    assert obstacle.need == D(1_048_000)
    assert obstacle.frame == D(1_000_000)
    assert all(c is None for c in proposal.choices.values())


def test_a_dependency_is_respected_and_a_must_include_needing_an_excluded_item_is_explained():
    leader = Item(key="3.4", label="3.4", step=1, options=(option("a", 10, 5),), requires=("1.1",))
    problem = Problem(
        items=(supervisors(must=Must.EXCLUDE), leader), frames={(1, Y): D(10**9)}, weights=HANDS
    )
    proposal = optimise(problem)
    assert proposal.choices == {"1.1": None, "3.4": None}
    assert proposal.reasons["3.4"].why == Why.DEPENDENCY
    assert proposal.reasons["1.1"].why == Why.MUST_EXCLUDE
    forced = Problem(
        items=(supervisors(must=Must.EXCLUDE), Item(**{**leader.__dict__, "must": Must.INCLUDE})),
        frames={(1, Y): D(10**9)},
        weights=HANDS,
    )
    (obstacle,) = optimise(forced).infeasible
    assert obstacle.kind == Obstacle.EXCLUDED_DEPENDENCY
    assert (obstacle.item, obstacle.other) == ("3.4", "1.1")


def test_an_option_with_no_extra_effect_is_not_bought():
    item = Item(key="x", label="x", step=1, options=(option("a", 100, 3), option("b", 900, 3)))
    proposal = optimise(Problem(items=(item,), frames={(1, Y): D(1000)}, weights=HANDS))
    assert proposal.choices == {"x": "a"}


def test_costs_in_later_years_count_against_those_years_frames():
    two_years = Option("a", "a", cost={Y: D(100), Y + 1: D(500)}, effects={"haender": D(2)})
    item = Item(key="x", label="x", step=1, options=(two_years,))
    frames = {(1, Y): D(1000), (1, Y + 1): D(400)}
    proposal = optimise(Problem(items=(item,), frames=frames, weights=HANDS))
    assert proposal.choices == {"x": None}
    why = proposal.reasons["x"]
    assert why.why == Why.FRAME and why.frame.year == Y + 1 and why.short_by == D(100)


def test_the_frontier_rises_with_money_and_starts_at_nothing():
    problem = Problem(items=(supervisors(), cafe()), frames={(1, Y): D(2_100_000)}, weights=HANDS)
    points = frontier(problem)
    assert points[0].cost == 0 and points[0].value == 0
    assert [p.value for p in points] == sorted({p.value for p in points})
    assert points[-1].value == 11  # 20 hours and the café at 200 % of the frame (4,2 mio.)


# --- properties ---------------------------------------------------------------------------

YEARS = (Y, Y + 1)


@st.composite
def problems(draw):
    n = draw(st.integers(1, 5))
    items = []
    for i in range(n):
        options = tuple(
            Option(
                key=f"{i}.{k}",
                name=f"{i}.{k}",
                cost={y: D(draw(st.integers(0, 50))) * 1000 for y in YEARS},
                effects={
                    "a": D(draw(st.integers(0, 20))),
                    "b": D(draw(st.integers(0, 5))),
                },
            )
            for k in range(draw(st.integers(1, 3)))
        )
        must = draw(st.sampled_from([Must.FREE, Must.FREE, Must.FREE, Must.INCLUDE, Must.EXCLUDE]))
        requires = tuple(f"{j}" for j in range(n) if j != i and draw(st.integers(0, 5)) == 0)
        items.append(
            Item(
                key=str(i),
                label=str(i),
                step=draw(st.integers(1, 2)),
                options=options,
                must=must,
                requires=requires,
            )
        )
    frames = {
        (step, y): D(draw(st.integers(0, 120))) * 1000
        for step in (1, 2)
        for y in YEARS
        if draw(st.booleans()) or y == Y
    }
    weights = {"a": D(1), "b": D(draw(st.integers(0, 3)))}
    return Problem(items=tuple(items), frames=frames, weights=weights)


def brute_force(problem: Problem) -> Decimal | None:
    """The best weighted effect by trying every combination; None when nothing is allowed."""
    best = None
    for combo in itertools.product(*[(None, *item.options) for item in problem.items]):
        chosen = dict(zip([i.key for i in problem.items], combo, strict=True))
        if any(
            (i.must == Must.INCLUDE and chosen[i.key] is None)
            or (i.must == Must.EXCLUDE and chosen[i.key] is not None)
            for i in problem.items
        ):
            continue
        if any(
            chosen[i.key] is not None and chosen.get(d) is None
            for i in problem.items
            for d in i.requires
        ):
            continue
        if any(
            sum(
                (o.cost_in(year) for i in problem.items if i.step == step and (o := chosen[i.key])),
                D(0),
            )
            > amount
            for (step, year), amount in problem.frames.items()
        ):
            continue
        value = sum((o.value(problem.weights) for o in combo if o is not None), D(0))
        if best is None or value > best:
            best = value
    return best


@settings(max_examples=150, deadline=None)
@given(problems())
def test_the_selection_never_exceeds_a_frame(problem):
    proposal = optimise(problem)
    for use in proposal.usage:
        assert use.used <= use.amount
    for item in problem.items:  # and keeps the rules
        chosen = proposal.choices[item.key]
        if item.must == Must.EXCLUDE:
            assert chosen is None
        if proposal.feasible and item.must == Must.INCLUDE:
            assert chosen is not None
        if chosen is not None:
            assert all(proposal.choices.get(d) is not None for d in item.requires)


@settings(max_examples=150, deadline=None)
@given(problems())
def test_on_small_instances_the_optimum_equals_brute_force(problem):
    proposal = optimise(problem)
    best = brute_force(problem)
    if best is None:
        assert not proposal.feasible and proposal.infeasible
    else:
        assert proposal.feasible
        assert proposal.value == best


@settings(max_examples=100, deadline=None)
@given(problems(), st.integers(0, 60), st.sampled_from([(1, Y), (2, Y), (1, Y + 1), (2, Y + 1)]))
def test_more_money_never_lowers_the_optimum(problem, extra, key):
    richer = dict(problem.frames)
    if key in richer:
        richer[key] += D(extra) * 1000
    else:
        richer = {k: v + D(extra) * 1000 for k, v in richer.items()}
    before = optimise(problem)
    after = optimise(Problem(items=problem.items, frames=richer, weights=problem.weights))
    if before.feasible:
        assert after.feasible
        assert after.value >= before.value
