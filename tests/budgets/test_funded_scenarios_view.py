"""The page where a note records which scenario of its initiatives it funds (the web side of
budgets.services.funded_scenarios_set): »Planlagt« follows the choice."""

from decimal import Decimal as D

import pytest

from indsats.budgets import services
from indsats.budgets.selectors import finance, note_queryset

from .test_services import mentor, supervisors  # noqa: F401 - the fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def so03(org, consultant, supervisors, mentor):  # noqa: F811
    initiative, _five, _fifteen = supervisors
    note = services.budget_note_create(
        organisation=org, actor=consultant, initiatives=[initiative, mentor], code="SO03",
        title="God start", budget_year=2026,
    )  # fmt: skip
    services.allocation_set(note=note, actor=consultant, amounts={2026: D("3000000")})
    return note


def _planned(org, note):
    return finance(note_queryset(org).get(pk=note.pk))[None].years[0].planned


def test_the_scenario_chosen_on_the_page_is_what_planned_costs(
    client,
    org,
    consultant,
    so03,
    supervisors,  # noqa: F811
):
    initiative, five, fifteen = supervisors
    client.force_login(consultant)
    url = f"/o/{org.slug}/budget/{so03.pk}/scenarier/"
    detail = client.get(f"/o/{org.slug}/budget/{so03.pk}/").content.decode()
    assert url in detail
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "1.1 " in text and "5 timer" in text and "15 timer" in text
    assert _planned(org, so03) == D("5000") + D("226500")
    response = client.post(url, {f"scenario_{initiative.pk}": str(fifteen.pk)})
    assert response.status_code == 302
    assert _planned(org, so03) == D("15000") + D("226500")
    # back to the catalogue's scenario
    client.post(url, {f"scenario_{initiative.pk}": ""})
    assert _planned(org, so03) == D("5000") + D("226500")


def test_a_scenario_of_another_initiative_is_refused_in_danish(
    client,
    org,
    consultant,
    so03,
    supervisors,  # noqa: F811
):
    initiative, _five, _fifteen = supervisors
    client.force_login(consultant)
    response = client.post(
        f"/o/{org.slug}/budget/{so03.pk}/scenarier/", {f"scenario_{initiative.pk}": "999999"}
    )
    assert response.status_code == 400
    assert "Vælg et af indsatsens scenarier, fx »5 timer«." in response.content.decode()
    assert not so03.funded_scenarios.exists()


def test_a_reader_cannot_open_the_page(client, org, so03, reader):
    client.force_login(reader)
    assert client.get(f"/o/{org.slug}/budget/{so03.pk}/scenarier/").status_code == 403
