"""/initiatives: list with filters and paging, create, change with optimistic locking, delete."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indsats.core.models import AuditLog
from indsats.initiatives import services
from indsats.initiatives.models import Initiative, Theme

from .helpers import error_fields, error_messages
from .test_tenancy import org_state


def _add(org, code, step=1, theme="Tema A", funding="separate", state="proposed", title=None):
    t = services.theme_get_or_create(actor=None, organisation=org, name=theme)
    return services.initiative_create(
        organisation=org,
        actor=None,
        code=code,
        title=title or f"Indsats {code}",
        theme=t,
        priority_step=step,
        funding=funding,
        state=state,
        start_year=2020,
    )


def test_list_filters_and_pages(api, org):
    _add(org, "1.1", step=1, theme="Uddannelse")
    _add(
        org, "1.2", step=1, theme="Uddannelse", funding="operations", title="Lektiecafé for elever"
    )
    _add(org, "3.1", step=2, theme="Stillinger", state="running")

    body = api.get("/initiatives").json()
    assert body["count"] == 3 and [i["code"] for i in body["items"]] == ["1.1", "1.2", "3.1"]
    assert [i["code"] for i in api.get("/initiatives", {"step": 2}).json()["items"]] == ["3.1"]
    assert [
        i["code"] for i in api.get("/initiatives", {"theme": "uddannelse"}).json()["items"]
    ] == ["1.1", "1.2"]
    assert [
        i["code"] for i in api.get("/initiatives", {"funding": "operations"}).json()["items"]
    ] == ["1.2"]
    assert [i["code"] for i in api.get("/initiatives", {"state": "running"}).json()["items"]] == [
        "3.1"
    ]
    assert [i["code"] for i in api.get("/initiatives", {"q": "lektiecafé"}).json()["items"]] == [
        "1.2"
    ]
    page = api.get("/initiatives", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and page["limit"] == 1 and page["offset"] == 1
    assert [i["code"] for i in page["items"]] == ["1.2"]


@pytest.mark.parametrize(
    "params,field",
    [
        ({"limit": 0}, "limit"),
        ({"step": "to"}, "step"),
        ({"funding": "gratis"}, "funding"),
        ({"offset": -1}, "offset"),
    ],
)
def test_list_refuses_bad_filters_in_danish(api, org, params, field):
    response = api.get("/initiatives", params)
    assert response.status_code == 422
    assert error_fields(response) == [field]
    assert f"Feltet »{field}«" in error_messages(response)


def test_list_query_count_does_not_grow_with_rows(api, org):
    _add(org, "1.1")
    api.get("/parameters")  # the token's last_used_at is written now, not in the measured calls
    with CaptureQueriesContext(connection) as few:
        assert api.get("/initiatives").status_code == 200
    for n in range(2, 8):
        _add(org, f"1.{n}", theme=f"Tema {n}")
    with CaptureQueriesContext(connection) as many:
        assert len(api.get("/initiatives").json()["items"]) == 7
    assert len(many) == len(few)


def test_create_by_names_with_kl_codes_and_audit(api, org, consultant):
    response = api.post(
        "/initiatives",
        {
            "code": "3.2",
            "title": "Kompetenceudvikling til samarbejdet med pårørende",
            "theme": "Rekruttering til og fastholdelse i stillinger",
            "focus_area": "Efter uddannelse",
            "unit": "Center for Social og Sundhed",
            "priority_step": 2,
            "funding": "separate",
            "start_year": 2020,
            "kl_recommendations": ["KL20", "kl25"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["theme"] == "Rekruttering til og fastholdelse i stillinger"
    assert (
        body["focus_area"] == "Efter uddannelse" and body["unit"] == "Center for Social og Sundhed"
    )
    assert body["kl_recommendations"] == ["KL20", "KL25"] and body["version"] == 1
    initiative = Initiative.objects.get(pk=body["id"])
    assert initiative.organisation == org
    entry = AuditLog.objects.filter(object_type="initiative", object_id=str(initiative.pk)).get()
    assert entry.actor == consultant and entry.action == "create"


@pytest.mark.parametrize(
    "change,field,words",
    [
        ({"priority_step": "to"}, "priority_step", "helt tal"),
        ({"temaer": "x"}, "temaer", "findes ikke"),
        ({"kl_recommendations": ["KL40"]}, "kl_recommendations[0]", "KL1 til KL38"),
        ({"start_year": 1800}, "start_year", "mindst 1990"),
        ({"funding": "gratis"}, "funding", "skal være en af"),
        ({"code": ""}, "code", "må ikke være tomt"),
    ],
)
def test_create_refuses_malformed_input_with_422(api, org, change, field, words):
    before = org_state(org)
    body = {"code": "9.1", "title": "Ny indsats", "theme": "Nyt tema", **change}
    response = api.post("/initiatives", body)
    assert response.status_code == 422, response.content
    assert error_fields(response) == [field]
    assert f"»{field}«" in error_messages(response) and words in error_messages(response)
    assert org_state(org) == before


def test_create_breaking_a_rule_is_400_and_creates_no_theme(api, org):
    _add(org, "1.1")
    before = org_state(org)
    response = api.post(
        "/initiatives", {"code": "1.1", "title": "Dublet", "theme": "Et tema der ikke findes"}
    )
    assert response.status_code == 400
    assert error_fields(response) == ["code"]
    assert "Der findes allerede en indsats med nummer 1.1" in error_messages(response)
    assert org_state(org) == before
    assert not Theme.objects.filter(name="Et tema der ikke findes").exists()

    response = api.post(
        "/initiatives",
        {
            "code": "1.9",
            "title": "Baglæns",
            "theme": "Tema A",
            "start_year": 2024,
            "end_year": 2021,
        },
    )
    assert response.status_code == 400
    assert error_fields(response) == ["end_year"] and "Slutåret" in error_messages(response)
    assert org_state(org) == before


def test_patch_changes_only_what_is_sent(api, catalogue, consultant):
    initiative = catalogue.initiative
    response = api.patch(
        f"/initiatives/{initiative.pk}",
        {
            "version": initiative.version,
            "title": "Nyt navn",
            "theme": "Andet tema",
            "kl_recommendations": ["KL1"],
            "selected_scenario": catalogue.scenario.pk,
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Nyt navn" and body["theme"] == "Andet tema" and body["code"] == "1.1"
    assert (
        body["kl_recommendations"] == ["KL1"] and body["selected_scenario"] == catalogue.scenario.pk
    )
    assert body["version"] == initiative.version + 1
    entry = AuditLog.objects.filter(
        object_type="initiative", object_id=str(initiative.pk), action="update"
    ).get()
    assert entry.actor == consultant and "title" in entry.changes


def test_patch_with_stale_version_is_409_and_changes_nothing(api, catalogue):
    initiative = catalogue.initiative
    stale = initiative.version
    assert (
        api.patch(
            f"/initiatives/{initiative.pk}", {"version": stale, "title": "Første"}
        ).status_code
        == 200
    )
    before = org_state(catalogue.org)

    response = api.patch(
        f"/initiatives/{initiative.pk}",
        {"version": stale, "title": "Anden", "theme": "Helt nyt tema"},
    )

    assert response.status_code == 409
    assert error_fields(response) == ["version"]
    assert "ændret af en anden" in error_messages(response)
    assert org_state(catalogue.org) == before
    assert Initiative.objects.get(pk=initiative.pk).title == "Første"


def test_patch_requires_version(api, catalogue):
    response = api.patch(f"/initiatives/{catalogue.initiative.pk}", {"title": "Uden version"})
    assert response.status_code == 422
    assert error_fields(response) == ["version"] and "mangler" in error_messages(response)


def test_patch_refuses_a_scenario_of_another_initiative(api, catalogue, org):
    other = _add(org, "2.1")
    before = org_state(org)
    response = api.patch(
        f"/initiatives/{other.pk}",
        {"version": other.version, "selected_scenario": catalogue.scenario.pk},
    )
    assert response.status_code == 400
    assert error_fields(response) == ["selected_scenario"]
    assert org_state(org) == before


def test_delete(api, catalogue):
    initiative = catalogue.initiative
    response = api.delete(f"/initiatives/{initiative.pk}", {"version": initiative.version - 1})
    assert response.status_code == 409 and Initiative.objects.filter(pk=initiative.pk).exists()
    assert (
        api.delete(f"/initiatives/{initiative.pk}", {"version": initiative.version}).status_code
        == 204
    )
    assert not Initiative.objects.filter(pk=initiative.pk).exists()
    assert api.get(f"/initiatives/{initiative.pk}").status_code == 404


def test_bad_json_is_400(api, org):
    response = api.client.generic(
        "POST",
        "/api/v1/initiatives",
        "{ikke json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.token}",
    )
    assert response.status_code == 400
    assert "JSON" in error_messages(response)


def test_a_nul_character_in_any_text_is_refused_naming_the_field(api, org):
    """PostgreSQL refuses NUL in text (the request ended in a 500 there; schemathesis found it);
    both databases answer 422 naming the field and store nothing."""
    body = {"code": "9.9", "title": "Mentor\u0000ordning", "theme": "Tema"}
    response = api.post("/initiatives", body)
    assert response.status_code == 422
    assert error_fields(response) == ["title"]
    assert "nul-tegn" in error_messages(response)
    response = api.post("/initiatives", {**body, "title": "Mentorordning", "theme": "T\u0000"})
    assert response.status_code == 422 and error_fields(response) == ["theme"]
    response = api.get("/initiatives", {"q": "a\u0000b"})
    assert response.status_code == 422 and error_fields(response) == ["q"]
    assert not Initiative.objects.filter(organisation=org).exists()
    assert api.post("/initiatives", {**body, "title": "Mentorordning"}).status_code == 201
