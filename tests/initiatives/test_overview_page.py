"""The overview's table is built from values worked out once in Python
(initiatives/overview_page.py); the page stays byte for byte what the template made when it
reversed URLs and formatted every number per row.

``overview_reference.html`` is that earlier template, kept verbatim as the oracle: both are
rendered from the same view context and must give identical bytes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from indsats.calc import costs as calc
from indsats.initiatives import selectors, services
from indsats.initiatives.services import FactorInput
from indsats.organisations import services as org_services
from indsats.organisations.models import ParameterValue
from tests.initiatives.test_overview_queries import YEAR, fill

REFERENCE = Path(__file__).with_name("overview_reference.html").read_text(encoding="utf-8")


def both(client, organisation, user, params, language="da") -> tuple[str, str]:
    client.force_login(user)
    url = reverse("initiatives:prioritisation", kwargs={"org": organisation.slug})
    client.cookies["django_language"] = language
    response = client.get(url, params, headers={"HX-Request": "true"})
    assert response.status_code == 200
    context = response.context.flatten()
    with translation.override(language):
        reference = engines["django"].from_string(REFERENCE).render(context, response.wsgi_request)
    return response.content.decode(), reference


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
def test_demo_overview_is_the_same_page(client, ballerup, language):
    organisation = ballerup
    user = organisation.memberships.filter(role="admin").first().user
    for params in ({}, {"year": organisation.budget_year + 1}, {"finansiering": "separate"}):
        page, reference = both(client, organisation, user, params, language)
        assert page.count("<tr data-code=") > 10
        assert page == reference


@pytest.mark.django_db
def test_overview_with_errors_single_scenarios_and_a_selection_is_the_same_page(
    client, org, consultant
):
    fill(org, consultant, 12)
    org_services.parameter_create(
        actor=consultant,
        organisation=org,
        key="pris_fra_2030",
        name="Pris fra 2030",
        unit="kr.",
        value=Decimal(100),
        valid_from=dt.date(2030, 1, 1),
    )
    lonely = services.initiative_create(
        organisation=org,
        actor=consultant,
        kl_recommendations=[1],
        code="9.1",
        title="Én & kun <én> scenarie",
        theme=services.theme_get_or_create(actor=consultant, organisation=org, name="Andet"),
        priority_step=None,
        funding="operations",
        start_year=2025,
    )
    services.cost_line_save(
        initiative=lonely,
        actor=consultant,
        category="release_time",
        recurrence="yearly",
        factors=[
            FactorInput(key="timer", label="Timer", value=Decimal(3)),
            FactorInput(key="pris", label="Pris", parameter_key="pris_fra_2030"),
        ],
    )
    services.scenario_save(
        initiative=lonely, actor=consultant, name="Kun ét", values={"timer": Decimal(4)}
    )
    overview = selectors.prioritisation_overview(organisation=org, year=YEAR)
    first = overview.steps[0].rows[0]
    dearest = first.model.scenarios[-1].key
    for params in ({"year": YEAR, f"s{first.initiative.pk}": dearest}, {"year": 2030}):
        page, reference = both(client, org, consultant, params)
        assert page == reference
    # Without a value the lonely initiative's parameter fails: its row shows the error.
    ParameterValue.objects.filter(parameter__key="pris_fra_2030").delete()
    page, reference = both(client, org, consultant, {"year": YEAR})
    assert page == reference
    page, _ = both(client, org, consultant, {"year": YEAR})
    assert "findes ikke eller har ingen værdi" in page
    assert "Én &amp; kun &lt;én&gt; scenarie" in page and ">Kun ét<" in page


@pytest.mark.django_db
def test_each_scenario_is_evaluated_once(org, consultant, monkeypatch):
    """The range and the chosen scenario's cost come from one evaluation per scenario (the
    chosen one used to be evaluated a second time), and a line is evaluated once for each set
    of values a scenario gives its factors (not again under a scenario that leaves it as
    another did)."""
    fill(org, consultant, 6)
    calls = []
    original = calc.evaluate_line

    def counting(line, parameters, scenario=calc.BASE):
        touched = tuple(
            (f.key, scenario.overrides[f.key]) for f in line.factors if f.key in scenario.overrides
        )
        calls.append((id(line), touched))
        return original(line, parameters, scenario)

    monkeypatch.setattr(calc, "evaluate_line", counting)
    overview = selectors.prioritisation_overview(organisation=org, year=YEAR)
    rows = [r for s in overview.steps for r in s.rows]
    assert calls and len(calls) == len(set(calls))
    assert len(calls) < sum(len(r.model.lines) * len(r.model.scenarios) for r in rows)
    assert all(
        r.cost == calc.cost_in_year(r.model, overview.parameters, YEAR, r.selected) for r in rows
    )
