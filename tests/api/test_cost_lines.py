"""Cost lines with nested factors: amounts and values travel as strings, never floats."""

from __future__ import annotations

import pytest

from indsats.core.models import AuditLog
from indsats.initiatives.models import CostLine

from .helpers import error_fields, error_messages
from .test_tenancy import org_state

RELEASE_TIME = {
    "label": "Frikøb",
    "category": "release_time",
    "recurrence": "one_time",
    "stated_amount": "403000.00",
    "factors": [
        {"key": "medarbejdere", "label": "Medarbejdere", "unit": "personer", "value": "1000"},
        {"key": "timer", "label": "Timer pr. medarbejder", "unit": "timer", "value": "2"},
        {"key": "timepris", "label": "Timepris", "unit": "kr.", "parameter": "timepris_frikob"},
    ],
}


def test_list_and_get(api, catalogue):
    lines = api.get(f"/initiatives/{catalogue.initiative.pk}/cost-lines").json()
    assert [line["label"] for line in lines] == ["Frikøb", "Kursus"]
    assert lines[0]["stated_amount"] == "1008000.00" and lines[1]["stated_amount"] == "226500.00"
    assert lines[0]["factors"][1] == {
        "key": "timer_pr_md",
        "label": "Timer pr. måned",
        "unit": "timer",
        "value": "5",
        "parameter": None,
    }
    assert lines[0]["factors"][3] == {
        "key": "timepris",
        "label": "Timepris",
        "unit": "kr.",
        "value": None,
        "parameter": "timepris_frikob",
    }
    assert api.get(f"/cost-lines/{catalogue.course.pk}").json()["label"] == "Kursus"


def test_create_with_factors(api, catalogue, consultant):
    response = api.post(f"/initiatives/{catalogue.initiative.pk}/cost-lines", RELEASE_TIME)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["stated_amount"] == "403000.00"
    assert [f["key"] for f in body["factors"]] == ["medarbejdere", "timer", "timepris"]
    assert body["factors"][0]["value"] == "1000"
    line = CostLine.objects.get(pk=body["id"])
    assert line.initiative == catalogue.initiative
    assert AuditLog.objects.get(object_type="costline", object_id=str(line.pk)).actor == consultant


@pytest.mark.parametrize(
    "change,field,words",
    [
        ({"stated_amount": "fire hundrede"}, "stated_amount", "ikke er et tal"),
        ({"stated_amount": "403.000,00"}, "stated_amount", "ikke er et tal"),
        ({"stated_amount": 403000.5}, "stated_amount", "som tekst"),
        ({"stated_amount": "-5"}, "stated_amount", "negativ"),
        ({"stated_amount": "1.005"}, "stated_amount", "højst have 2 decimaler"),
        ({"category": "gaver"}, "category", "skal være en af"),
        ({"year": 2500}, "year", "højst være 2100"),
        ({"farve": "rød"}, "farve", "findes ikke"),
        (
            {"factors": [{"key": "timer", "label": "Timer", "value": "-2"}]},
            "factors[0].value",
            "negativ",
        ),
        (
            {"factors": [{"key": "timer", "label": "Timer", "value": "to"}]},
            "factors[0].value",
            "ikke er et tal",
        ),
    ],
)
def test_malformed_input_is_422_in_danish_and_changes_nothing(api, catalogue, change, field, words):
    before = org_state(catalogue.org)
    response = api.post(
        f"/initiatives/{catalogue.initiative.pk}/cost-lines", {**RELEASE_TIME, **change}
    )
    assert response.status_code == 422, response.content
    assert error_fields(response) == [field]
    assert f"»{field}«" in error_messages(response) and words in error_messages(response)
    assert org_state(catalogue.org) == before


@pytest.mark.parametrize(
    "change,field,words",
    [
        (
            {"factors": [{"key": "timepris", "label": "Timepris", "parameter": "findes_ikke"}]},
            "factors",
            "findes ikke",
        ),
        (
            {"factors": [{"key": "Timer", "label": "Timer", "value": "2"}]},
            "factors",
            "små bogstaver",
        ),
        ({"stated_amount": None, "factors": []}, "stated_amount", "Angiv et beløb eller en formel"),
        ({"recurrence": "yearly", "year": 2021}, "year", "periode"),
    ],
)
def test_broken_rules_are_400_in_danish_and_change_nothing(api, catalogue, change, field, words):
    before = org_state(catalogue.org)
    response = api.post(
        f"/initiatives/{catalogue.initiative.pk}/cost-lines", {**RELEASE_TIME, **change}
    )
    assert response.status_code == 400, response.content
    assert field in error_fields(response)
    assert words in error_messages(response)
    assert org_state(catalogue.org) == before


def test_put_replaces_line_and_factors(api, catalogue):
    line = catalogue.line
    response = api.put(f"/cost-lines/{line.pk}", {**RELEASE_TIME, "version": line.version})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == line.version + 1 and body["label"] == "Frikøb"
    assert [f["key"] for f in body["factors"]] == ["medarbejdere", "timer", "timepris"]


def test_put_with_stale_version_is_409_and_changes_nothing(api, catalogue):
    line = catalogue.line
    stale = line.version
    assert api.put(f"/cost-lines/{line.pk}", {**RELEASE_TIME, "version": stale}).status_code == 200
    before = org_state(catalogue.org)
    response = api.put(
        f"/cost-lines/{line.pk}", {**RELEASE_TIME, "stated_amount": "1.00", "version": stale}
    )
    assert response.status_code == 409
    assert error_fields(response) == ["version"] and "ændret af en anden" in error_messages(
        response
    )
    assert org_state(catalogue.org) == before


def test_put_requires_version(api, catalogue):
    response = api.put(f"/cost-lines/{catalogue.line.pk}", RELEASE_TIME)
    assert response.status_code == 422 and error_fields(response) == ["version"]


def test_delete(api, catalogue):
    line = catalogue.course
    assert api.delete(f"/cost-lines/{line.pk}", {"version": line.version + 5}).status_code == 409
    assert api.delete(f"/cost-lines/{line.pk}").status_code == 204
    assert not CostLine.objects.filter(pk=line.pk).exists()
