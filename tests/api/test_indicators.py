"""Indicators and their values: values are never overwritten, and must be in the unit."""

from __future__ import annotations

from indsats.indicators.models import IndicatorValue

from .helpers import error_fields, error_messages
from .test_tenancy import org_state


def test_crud(api, catalogue):
    response = api.post(
        "/indicators",
        {
            "name": "Personaleomsætning",
            "unit": "percent",
            "direction": "lower",
            "budget_note_id": catalogue.note.pk,
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["budget_note_id"], created["initiative_id"]) == (catalogue.note.pk, None)
    listed = api.get("/indicators", {"budget_note_id": catalogue.note.pk}).json()
    assert [i["name"] for i in listed] == ["Personaleomsætning"]
    patched = api.patch(f"/indicators/{created['id']}", {"version": 1, "source": "HR"})
    assert patched.status_code == 200 and patched.json()["source"] == "HR"
    stale = api.patch(f"/indicators/{created['id']}", {"version": 1, "source": "X"})
    assert stale.status_code == 409 and error_fields(stale) == ["version"]
    assert api.delete(f"/indicators/{created['id']}").status_code == 204


def test_an_owner_of_another_organisation_is_404(api, catalogue, other_org):
    from tests.factories import InitiativeFactory

    foreign = InitiativeFactory(organisation=other_org)
    response = api.post("/indicators", {"name": "X", "unit": "count", "initiative_id": foreign.pk})
    assert response.status_code == 404


def test_values_are_added_never_overwritten(api, catalogue):
    url = f"/indicators/{catalogue.indicator.pk}/values"
    first = api.post(url, {"year": 2024, "value": "12", "recorded_on": "2025-01-31"})
    assert first.status_code == 201, first.content
    assert (first.json()["value"], first.json()["text"]) == ("12", "12")
    second = api.post(url, {"year": 2024, "value": "13", "note": "Rettet"})
    assert second.status_code == 201
    values = api.get(url).json()
    assert [(v["year"], v["value"]) for v in values] == [(2024, "12"), (2024, "13"), (2025, "14")]
    # As of the end of 2025: the first 2024 value and the one reported with the status.
    as_of = api.get(url, {"as_of": "2025-12-31"}).json()
    assert [(v["year"], v["value"]) for v in as_of] == [(2024, "12"), (2025, "14")]


def test_a_value_in_the_wrong_unit_is_refused(api, catalogue):
    url = f"/indicators/{catalogue.indicator.pk}/values"
    before = org_state(catalogue.org)
    percent = api.post(url, {"year": 2024, "value": "22.5%"})
    assert percent.status_code == 400 and error_fields(percent) == ["value"]
    assert error_messages(percent) == (
        "»22.5%« er en procentsats, men »Mentorer uddannet« måles i antal."
    )
    fraction = api.post(url, {"year": 2024, "value": "2.5"})
    assert fraction.status_code == 400 and "helt tal" in error_messages(fraction)
    malformed = api.post(url, {"year": 2024, "value": "1.309,5"})
    assert malformed.status_code == 422 and error_fields(malformed) == ["value"]
    assert error_messages(malformed) == (
        "Feltet »value« skal være et tal med punktum som decimaltegn og uden "
        'tusindtalsseparator, eventuelt efterfulgt af enheden, fx "22.5", "22.5%" eller '
        '"4500 kr.".'
    )
    future = api.post(url, {"year": 2024, "value": "1", "recorded_on": "2999-01-01"})
    assert future.status_code == 400 and error_fields(future) == ["recorded_on"]
    assert org_state(catalogue.org) == before


def test_a_percent_value(api, catalogue):
    created = api.post("/indicators", {"name": "Omsætning", "unit": "percent"}).json()
    response = api.post(f"/indicators/{created['id']}/values", {"year": 2025, "value": "22.5%"})
    assert response.status_code == 201
    assert response.json()["text"] == "22,5 %"
    assert IndicatorValue.objects.get(pk=response.json()["id"]).value == 22.5


def test_a_manager_may_add_values_but_not_change_indicators(make_api, make_member, catalogue):
    manager_api = make_api(make_member(catalogue.org, "manager", "leder"), catalogue.org)
    url = f"/indicators/{catalogue.indicator.pk}/values"
    assert manager_api.post(url, {"year": 2024, "value": "3"}).status_code == 201
    refused = manager_api.post("/indicators", {"name": "X", "unit": "count"})
    assert refused.status_code == 403


def test_a_value_is_withdrawn_and_restored(api, reader_api, catalogue):
    url = f"/indicators/{catalogue.indicator.pk}/values"
    wrong = api.post(url, {"year": 2024, "value": "120", "recorded_on": "2025-01-31"}).json()
    withdrawn = api.post(f"{url}/{wrong['id']}/withdraw")
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["withdrawn"] is True
    listed = api.get(url).json()
    assert [(v["year"], v["value"], v["withdrawn"]) for v in listed] == [
        (2024, "120", True),
        (2025, "14", False),
    ]
    again = api.post(f"{url}/{wrong['id']}/withdraw")
    assert again.status_code == 400
    assert error_messages(again) == "Værdien for 2024 er allerede trukket tilbage."
    assert reader_api.post(f"{url}/{wrong['id']}/restore").status_code == 403
    restored = api.post(f"{url}/{wrong['id']}/restore")
    assert restored.status_code == 200 and restored.json()["withdrawn"] is False
    assert api.post(f"{url}/999999/withdraw").status_code == 404
    assert [v["withdrawn"] for v in api.get(url).json()] == [False, False]


def test_a_share_indicator_and_its_whole_through_the_api(api, catalogue):
    created = api.post(
        "/indicators", {"name": "Forbrugt af afsatte midler", "unit": "kr", "kind": "share"}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["since_year"]) == ("share", None)
    url = f"/indicators/{body['id']}/values"
    value = api.post(
        url, {"year": 2026, "value": "3200000", "whole": "5000000", "recorded_on": "2026-04-30"}
    )
    assert value.status_code == 201, value.content
    assert (value.json()["value"], value.json()["whole"]) == ("3200000", "5000000")
    refused = api.post(url, {"year": 2026, "value": "6000000", "whole": "5000000"})
    assert refused.status_code == 400 and error_fields(refused) == ["whole"]
    assert "mindst lige så stor som værdien" in str(error_messages(refused))
