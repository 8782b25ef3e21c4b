"""A token sees its own organisation only. Every registered route is tried with a valid token
of ANOTHER organisation (full rights there) against the first organisation's ids: each answers
404 exactly as for a missing id, lists do not include the first organisation's objects, and
nothing of the first organisation changes."""

from __future__ import annotations

import json

import pytest

from indsats.budgets.models import Allocation, BudgetNote, Spending
from indsats.core.models import AuditLog
from indsats.followup.models import StatusUpdate
from indsats.indicators.models import Indicator, IndicatorValue
from indsats.initiatives.models import (
    CostFactor,
    CostLine,
    Initiative,
    Scenario,
    ScenarioValue,
    Theme,
)
from indsats.organisations.models import Parameter, ParameterValue
from indsats.students.models import Student

from .helpers import assert_documented, path_params
from .routes import (
    all_routes,
    missing_url,
    needs_student_access,
    request_for,
    send,
    write_routes,
)


def org_state(org) -> dict:
    return {
        "audit": AuditLog.objects.filter(organisation=org).count(),
        "initiatives": list(Initiative.objects.filter(organisation=org).values().order_by("pk")),
        "themes": list(
            Theme.objects.filter(organisation=org).values_list("name", flat=True).order_by("pk")
        ),
        "lines": list(
            CostLine.objects.filter(initiative__organisation=org).values().order_by("pk")
        ),
        "factors": list(
            CostFactor.objects.filter(cost_line__initiative__organisation=org)
            .values()
            .order_by("pk")
        ),
        "scenarios": list(
            Scenario.objects.filter(initiative__organisation=org).values().order_by("pk")
        ),
        "scenario_values": list(
            ScenarioValue.objects.filter(scenario__initiative__organisation=org)
            .values()
            .order_by("pk")
        ),
        "parameters": list(Parameter.objects.filter(organisation=org).values().order_by("pk")),
        "parameter_values": list(
            ParameterValue.objects.filter(parameter__organisation=org).values().order_by("pk")
        ),
        "budget_notes": list(BudgetNote.objects.filter(organisation=org).values().order_by("pk")),
        "note_links": list(
            BudgetNote.initiatives.through.objects.filter(budgetnote__organisation=org)
            .values()
            .order_by("pk")
        ),
        "allocations": list(
            Allocation.objects.filter(note__organisation=org).values().order_by("pk")
        ),
        "spendings": list(Spending.objects.filter(note__organisation=org).values().order_by("pk")),
        "indicators": list(Indicator.objects.filter(organisation=org).values().order_by("pk")),
        "indicator_values": list(
            IndicatorValue.objects.filter(indicator__organisation=org).values().order_by("pk")
        ),
        "status_updates": list(
            StatusUpdate.objects.filter(initiative__organisation=org).values().order_by("pk")
        ),
        "students": list(Student.objects.filter(organisation=org).values().order_by("pk")),
    }


def test_every_route_is_covered():
    assert len(all_routes()) >= 20
    assert {
        ("GET", "/initiatives"),
        ("PATCH", "/initiatives/{id}"),
        ("GET", "/prioritisation"),
    } <= set(all_routes())


@pytest.mark.parametrize("method,path", all_routes())
def test_another_organisations_token_reaches_nothing(
    outsider_api, catalogue, method, path, other_org
):
    if needs_student_access(method, path):
        # Full rights in its own organisation includes student-data access.
        other_org.memberships.update(student_access=True)
    before = org_state(catalogue.org)
    url, body = request_for(method, path, catalogue)

    response = send(outsider_api, method, url, body)

    assert_documented(method, path, response)
    if path_params(path):
        assert response.status_code == 404, response.content
        assert response.json()["detail"][0]["message"].startswith("Der findes ingen")
        # The same answer as for an id that does not exist at all.
        missing = send(outsider_api, method, missing_url(url), body)
        assert missing.status_code == 404
    else:
        assert response.status_code in (200, 201), response.content
        text = json.dumps(response.json(), ensure_ascii=False)
        for secret in (
            catalogue.initiative.title,
            catalogue.theme.name,
            "timepris_frikob",
            "1008000",
        ):
            assert secret not in text
        if method == "POST":  # created in the token's own organisation
            assert AuditLog.objects.filter(organisation=other_org).exists()
    assert org_state(catalogue.org) == before


@pytest.mark.parametrize("method,path", write_routes())
def test_readonly_token_cannot_write(reader_api, catalogue, method, path):
    before = org_state(catalogue.org)
    url, body = request_for(method, path, catalogue)

    response = send(reader_api, method, url, body)

    assert response.status_code == 403, response.content
    assert_documented(method, path, response)
    assert "giver ikke ret til at ændre" in response.json()["detail"][0]["message"]
    assert org_state(catalogue.org) == before


@pytest.mark.parametrize("method,path", all_routes())
def test_no_token_reaches_nothing(anonymous_api, catalogue, method, path):
    before = org_state(catalogue.org)
    url, body = request_for(method, path, catalogue)

    response = send(anonymous_api, method, url, body)

    assert response.status_code == 401
    assert_documented(method, path, response)
    assert org_state(catalogue.org) == before


@pytest.mark.parametrize("method,path", [r for r in all_routes() if r[0] == "GET"])
def test_readonly_token_reads(reader_api, catalogue, method, path):
    url, _ = request_for(method, path, catalogue)
    response = reader_api.get(url)
    # Student-level records are never for read-only members (even with the flag).
    expected = 403 if needs_student_access(method, path) else 200
    assert response.status_code == expected, response.content
    assert_documented(method, path, response)
