"""Status updates: a history of versions; a correction never overwrites."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .helpers import error_fields, error_messages
from .test_tenancy import org_state


def _body(**changes):
    return {
        "as_of": "2026-01-15",
        "state": "at_risk",
        "text": "Færre mentorer end planlagt.",
        **changes,
    }


def test_report_with_values_and_read_the_history(api, catalogue):
    url = f"/initiatives/{catalogue.initiative.pk}/status-updates"
    body = _body(values=[{"indicator_id": catalogue.indicator.pk, "year": 2026, "value": "9"}])
    response = api.post(url, body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["state_label"], created["colour"]) == ("I risiko", "#8a5a00")
    assert [(v["year"], v["value"], v["recorded_on"]) for v in created["values"]] == [
        (2026, "9", "2026-01-15")
    ]
    history = api.get(url).json()
    assert [u["as_of"] for u in history] == ["2026-01-15", "2025-12-31"]


def test_a_status_date_in_the_future_is_refused(api, catalogue):
    before = org_state(catalogue.org)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = api.post(
        f"/initiatives/{catalogue.initiative.pk}/status-updates", _body(as_of=tomorrow.isoformat())
    )
    assert response.status_code == 400 and error_fields(response) == ["as_of"]
    assert "ligger i fremtiden" in error_messages(response)
    assert org_state(catalogue.org) == before


def test_a_value_in_the_wrong_unit_names_the_value(api, catalogue):
    before = org_state(catalogue.org)
    body = _body(values=[{"indicator_id": catalogue.indicator.pk, "year": 2026, "value": "5%"}])
    response = api.post(f"/initiatives/{catalogue.initiative.pk}/status-updates", body)
    assert response.status_code == 400 and error_fields(response) == ["values[0].value"]
    assert org_state(catalogue.org) == before


def test_a_correction_is_a_new_version_and_only_the_newest_can_be_corrected(api, catalogue):
    original = catalogue.status
    response = api.post(f"/status-updates/{original.pk}/corrections", _body(as_of="2025-12-31"))
    assert response.status_code == 201, response.content
    correction = response.json()
    assert correction["supersedes"] == original.pk
    assert api.get(f"/status-updates/{original.pk}").json()["superseded_by"] == correction["id"]
    before = org_state(catalogue.org)
    again = api.post(f"/status-updates/{original.pk}/corrections", _body())
    assert again.status_code == 409
    assert f"allerede rettet af version {correction['id']}" in error_messages(again)
    assert org_state(catalogue.org) == before
    history = api.get(f"/initiatives/{catalogue.initiative.pk}/status-updates").json()
    assert {u["id"] for u in history} == {original.pk, correction["id"]}
