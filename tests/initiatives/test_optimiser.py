"""The optimiser on the Ballerup demo: the proposal within the 2020 frames, its grounds and the
frontier, as the page, the reports, the API and the command line get them."""

from decimal import Decimal

import pytest

from indsats.initiatives import services_effects
from indsats.initiatives.models import ExpectedEffect, Initiative
from indsats.initiatives.optimiser import WEIGHTED, OptimiserInputError, optimisation

D = Decimal


def by_code(result):
    return {r.initiative.code: r for r in result.rows}


def test_the_demo_has_illustrative_effects_and_a_dependency(ballerup):
    assert ExpectedEffect.objects.filter(initiative__organisation=ballerup).count() > 10
    assert not ExpectedEffect.objects.filter(
        initiative__organisation=ballerup, illustrative=False
    ).exists()
    i34 = Initiative.objects.get(organisation=ballerup, code="3.4")
    assert [d.requires.code for d in i34.dependencies.all()] == ["1.1"]


def test_the_proposal_keeps_every_frame_and_says_why(ballerup):
    result = optimisation(organisation=ballerup, year=2020, objective="haender")
    assert result.proposal.feasible
    for use in result.proposal.usage:
        assert use.used <= use.amount
    rows = by_code(result)
    assert rows["1.1"].proposed is not None
    assert all(r.why for r in result.rows)
    assert result.frontier and result.frontier[0].value == 0
    # today's selection (every initiative in its selected scenario) is measured the same way,
    # and it does not keep the frames
    assert len(result.current_usage) == len(result.proposal.usage) == 4
    assert any(u.used > u.amount for u in result.current_usage)


def test_must_includes_above_the_frame_are_explained_in_danish(ballerup):
    ids = {i.code: i.pk for i in Initiative.objects.filter(organisation=ballerup, priority_step=1)}
    result = optimisation(
        organisation=ballerup,
        year=2020,
        objective="haender",
        must={ids["1.1"]: "include", ids["1.2"]: "include", ids["2.3"]: "include"},
        frame_overrides={(1, 2020): D("1000000")},
    )
    assert not result.proposal.feasible
    assert result.problems and result.problems[0].startswith("Trin 1: de indsatser, der skal med")
    assert "rammen er 1,0 mio. kr." in result.problems[0]


def test_a_weighted_sum_needs_weights_and_an_unknown_effect_is_refused(ballerup):
    result = optimisation(organisation=ballerup, year=2020, objective=WEIGHTED)
    assert result.proposal.feasible
    with pytest.raises(OptimiserInputError, match="findes ikke"):
        optimisation(organisation=ballerup, year=2020, objective="lykke")


def test_a_higher_hourly_rate_changes_the_proposal_totals(ballerup):
    base = optimisation(organisation=ballerup, year=2020, objective="haender", with_frontier=False)
    dearer = optimisation(
        organisation=ballerup,
        year=2020,
        objective="haender",
        parameter_overrides={"timepris_frikob": D("400")},
        with_frontier=False,
    )
    assert dearer.proposal.value <= base.proposal.value
    assert by_code(dearer)["1.1"].proposed != by_code(base)["1.1"].proposed or (
        dearer.proposal.usage != base.proposal.usage
    )


def test_adopting_the_proposal_sets_the_selected_scenarios(ballerup):
    result = optimisation(organisation=ballerup, year=2020, objective="haender")
    services_effects.proposal_adopt(actor=None, organisation=ballerup, choices=result.adopt_choices)
    for initiative_id, scenario_id in result.adopt_choices.items():
        assert Initiative.objects.get(pk=initiative_id).selected_scenario_id == scenario_id
