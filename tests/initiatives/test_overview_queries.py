"""The prioritisation overview reads the database in a fixed number of queries, whatever the
number of initiatives (bench/prioritisation.py measures its wall time)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indsats.initiatives import selectors, services
from indsats.initiatives.services import FactorInput
from indsats.organisations import services as org_services
from tests.factories import OrganisationFactory

YEAR = 2026


def fill(organisation, actor, n: int) -> None:
    """``n`` initiatives over two themes and three steps, each with a stated one-time line, a
    yearly formula line reading the hourly-rate parameter and two scenarios; budget frames for
    every step."""
    org_services.parameter_create(
        actor=actor,
        organisation=organisation,
        key="timepris_frikob",
        name="Timepris, frikøb",
        unit="kr.",
        value=Decimal("201.60"),
        valid_from=dt.date(2020, 1, 1),
    )
    themes = [
        services.theme_get_or_create(actor=actor, organisation=organisation, name=name)
        for name in (
            "Rekruttering til og fastholdelse i uddannelse",
            "Rekruttering til og fastholdelse i stillinger",
        )
    ]
    for i in range(n):
        initiative = services.initiative_create(
            organisation=organisation,
            actor=actor,
            kl_recommendations=[i % 38 + 1],
            code=f"{i // 10 + 1}.{i % 10 + 1}",
            title=f"Frikøb af tid til planlægning af praktikforløbet {i}",
            theme=themes[i % 2],
            priority_step=i % 3 + 1,
            funding="operations" if i % 4 == 0 else "separate",
            start_year=2025,
        )
        services.cost_line_save(
            initiative=initiative,
            actor=actor,
            category="course_purchase",
            recurrence="one_time",
            year=YEAR,
            stated_amount=Decimal("226500.00"),
        )
        services.cost_line_save(
            initiative=initiative,
            actor=actor,
            category="release_time",
            recurrence="yearly",
            factors=[
                FactorInput(key="personer", label="Vejledere", value=Decimal(100)),
                FactorInput(key="timer_pr_md", label="Timer pr. md.", value=Decimal(5)),
                FactorInput(key="maaneder", label="Måneder", value=Decimal(10)),
                FactorInput(key="timepris", label="Timepris", parameter_key="timepris_frikob"),
            ],
        )
        for hours in (5, 20):
            services.scenario_save(
                initiative=initiative,
                actor=actor,
                name=f"{hours} timer pr. md.",
                values={"timer_pr_md": Decimal(hours)},
            )
    for step in (1, 2, 3):
        services.budget_frame_set(
            organisation=organisation,
            actor=actor,
            year=YEAR,
            step=step,
            amount=Decimal(5_000_000),
        )


def query_counts(client, make_member, n: int) -> tuple[int, int, bytes]:
    """Queries of the overview selector and of the whole page, and the page, for ``n``
    initiatives."""
    organisation = OrganisationFactory(slug=f"trin-{n}")
    actor = make_member(organisation, "consultant")
    fill(organisation, actor, n)
    with CaptureQueriesContext(connection) as ctx:
        overview = selectors.prioritisation_overview(organisation=organisation, year=YEAR)
    assert sum(len(s.rows) for s in overview.steps) == n
    assert all(not r.error for s in overview.steps for r in s.rows)
    selector_queries = len(ctx.captured_queries)
    client.force_login(actor)
    url = reverse("initiatives:prioritisation", kwargs={"org": organisation.slug})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"year": YEAR})
    assert response.status_code == 200
    return selector_queries, len(ctx.captured_queries), response.content


@pytest.mark.django_db
def test_overview_query_count_does_not_grow_with_initiatives(client, make_member):
    few_selector, few_page, few_html = query_counts(client, make_member, 5)
    many_selector, many_page, many_html = query_counts(client, make_member, 60)
    # The pages show what they were given (both sizes are really rendered) ...
    assert few_html.count(b"<tr data-code=") == 5
    assert many_html.count(b"<tr data-code=") == 60
    # 100 vejledere × 5 / 20 timer pr. md. × 10 md. × 201,60 kr.
    assert b"1.008.000 kr." in many_html
    assert b"4.032.000 kr." in many_html
    # ... and read the database the same number of times.
    assert few_selector == many_selector
    assert few_page == many_page


@pytest.mark.django_db
def test_bulk_models_equal_the_per_initiative_models(org, consultant):
    """The overview builds cost models from plain values; they equal ``to_calc_model``."""
    fill(org, consultant, 4)
    queryset = selectors.initiative_queryset(org).order_by("code")
    pairs = selectors.with_calc_models(queryset)
    assert len(pairs) == 4
    for initiative, model in pairs:
        assert model == selectors.to_calc_model(initiative)
        assert len(model.lines) == 2 and len(model.scenarios) == 2


@pytest.mark.django_db
def test_overview_builds_no_model_instances(client, org, consultant):
    """The page reads initiatives, themes, lines, factors and scenarios as plain values: with
    500 initiatives, building ~1.700 model instances (initiative, theme, focus area, unit) was
    about a sixth of the page's time. Only the request's own objects (session user, membership,
    parameter values, budget frames) are models."""
    from django.db.models.signals import post_init

    fill(org, consultant, 12)
    built = []

    def count(sender, **kwargs):
        built.append(sender.__name__)

    client.force_login(consultant)
    url = reverse("initiatives:prioritisation", kwargs={"org": org.slug})
    post_init.connect(count)
    try:
        response = client.get(url, {"year": YEAR})
    finally:
        post_init.disconnect(count)
    assert response.status_code == 200
    assert response.content.count(b"<tr data-code=") == 12
    catalogue = {"Initiative", "Theme", "FocusArea", "Unit", "CostLine", "CostFactor"}
    assert catalogue.isdisjoint(built), sorted(built)
    assert {"Scenario", "ScenarioValue"}.isdisjoint(built), sorted(built)
