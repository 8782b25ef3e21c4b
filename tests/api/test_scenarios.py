"""Scenarios: name and factor values {key: "10"}."""

from __future__ import annotations

from indsats.initiatives.models import Scenario

from .helpers import error_fields, error_messages
from .test_tenancy import org_state


def test_list_create_get(api, catalogue):
    listed = api.get(f"/initiatives/{catalogue.initiative.pk}/scenarios").json()
    assert [(s["name"], s["values"]) for s in listed] == [
        ("5 timer pr. md.", {"timer_pr_md": "5"}),
        ("10 timer pr. md.", {"timer_pr_md": "10"}),
    ]
    response = api.post(
        f"/initiatives/{catalogue.initiative.pk}/scenarios",
        {"name": "15 timer pr. md.", "values": {"timer_pr_md": "15"}},
    )
    assert response.status_code == 201, response.content
    assert response.json()["values"] == {"timer_pr_md": "15"}
    assert api.get(f"/scenarios/{response.json()['id']}").json()["name"] == "15 timer pr. md."


def test_unknown_key_is_400_negative_value_is_422(api, catalogue):
    before = org_state(catalogue.org)
    response = api.post(
        f"/initiatives/{catalogue.initiative.pk}/scenarios",
        {"name": "X", "values": {"ukendt": "1"}},
    )
    assert response.status_code == 400
    assert error_fields(response) == ["values"] and "ikke en faktor" in error_messages(response)
    response = api.post(
        f"/initiatives/{catalogue.initiative.pk}/scenarios",
        {"name": "X", "values": {"timer_pr_md": "-1"}},
    )
    assert response.status_code == 422
    assert error_fields(response) == ["values.timer_pr_md"] and "negativ" in error_messages(
        response
    )
    response = api.post(
        f"/initiatives/{catalogue.initiative.pk}/scenarios",
        {"name": "5 timer pr. md.", "values": {"timer_pr_md": "5"}},
    )
    assert response.status_code == 400 and error_fields(response) == ["name"]
    assert org_state(catalogue.org) == before


def test_put_and_stale_put(api, catalogue):
    scenario = catalogue.scenario
    stale = scenario.version
    response = api.put(
        f"/scenarios/{scenario.pk}",
        {"version": stale, "name": "12 timer pr. md.", "values": {"timer_pr_md": "12"}},
    )
    assert response.status_code == 200, response.content
    assert (
        response.json()["values"] == {"timer_pr_md": "12"}
        and response.json()["version"] == stale + 1
    )
    before = org_state(catalogue.org)
    response = api.put(
        f"/scenarios/{scenario.pk}",
        {"version": stale, "name": "20 timer", "values": {"timer_pr_md": "20"}},
    )
    assert response.status_code == 409 and "ændret af en anden" in error_messages(response)
    assert org_state(catalogue.org) == before


def test_delete(api, catalogue):
    scenario = catalogue.scenarios[0]
    assert api.delete(f"/scenarios/{scenario.pk}").status_code == 204
    assert not Scenario.objects.filter(pk=scenario.pk).exists()
