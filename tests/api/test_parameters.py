"""Organisation parameters and their values over time."""

from __future__ import annotations

from indsats.organisations.models import Parameter

from .helpers import error_fields, error_messages
from .test_tenancy import org_state


def test_list_and_get(api, catalogue):
    assert api.get("/parameters").json() == [
        {
            "key": "timepris_frikob",
            "name": "Timepris, frikøb",
            "unit": "kr.",
            "description": "",
            "values": [{"valid_from": "2020-01-01", "value": "201.6"}],
            "version": 1,
        }
    ]
    assert api.get("/parameters/timepris_frikob").json()["name"] == "Timepris, frikøb"
    assert api.get("/parameters/findes_ikke").status_code == 404


def test_create(api, org, consultant):
    response = api.post(
        "/parameters",
        {
            "key": "timepris_laerer",
            "name": "Timepris, lærer",
            "unit": "kr.",
            "value": "333.33",
            "valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["values"] == [{"valid_from": "2024-01-01", "value": "333.33"}]
    assert Parameter.objects.get(organisation=org, key="timepris_laerer")


def test_create_refuses_bad_input(api, catalogue):
    before = org_state(catalogue.org)
    good = {"key": "ny", "name": "Ny", "value": "1", "valid_from": "2024-01-01"}
    for change, status, field, words in [
        ({"key": "Ny Nøgle"}, 400, "key", "små bogstaver"),
        ({"key": "timepris_frikob"}, 400, "key", "findes allerede"),
        ({"value": "-1"}, 422, "value", "negativ"),
        ({"value": "en"}, 422, "value", "ikke er et tal"),
        ({"valid_from": "1. januar"}, 422, "valid_from", "ÅÅÅÅ-MM-DD"),
    ]:
        response = api.post("/parameters", {**good, **change})
        assert response.status_code == status, (change, response.content)
        assert error_fields(response) == [field], change
        assert words in error_messages(response), change
    assert org_state(catalogue.org) == before


def test_new_value_from_a_date_keeps_the_old(api, catalogue):
    response = api.post(
        "/parameters/timepris_frikob/values", {"value": "210.00", "valid_from": "2023-01-01"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["values"] == [
        {"valid_from": "2020-01-01", "value": "201.6"},
        {"valid_from": "2023-01-01", "value": "210"},
    ]
    # The costs follow the rate in force in the year asked for.
    costs = api.get(f"/initiatives/{catalogue.initiative.pk}/costs", {"year": 2023}).json()
    assert costs["lines"][0]["formula_amount"] == "1050000.00"
    costs = api.get(f"/initiatives/{catalogue.initiative.pk}/costs", {"year": 2021}).json()
    assert costs["lines"][0]["formula_amount"] == "1008000.00"


def test_new_value_refuses_negative(api, catalogue):
    before = org_state(catalogue.org)
    response = api.post(
        "/parameters/timepris_frikob/values", {"value": "-210", "valid_from": "2023-01-01"}
    )
    assert response.status_code == 422 and "negativ" in error_messages(response)
    assert org_state(catalogue.org) == before
