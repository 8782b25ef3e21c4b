"""The case bank editors' pages: only editors (403 for others, login for anonymous visitors);
queue of submitted cases, preview as the public will see it, approve, return with a required
comment, unpublish."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from indsats.casebank import selectors, services
from indsats.casebank.models import Case, CaseStatus
from indsats.organisations import services as org_services

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def editor(make_member):
    kl = org_services.organisation_create(
        actor=None, slug="kl", name="KL", kind="association", budget_year=2026
    )
    return make_member(kl, "editor", "redaktoer")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def submitted(org, consultant):
    case = services.case_create(
        actor=consultant,
        organisation=org,
        title="Sprogcafé for nye kolleger",
        summary="Dansk over kaffen.",
    )
    services.media_add(
        case=case, actor=consultant, kind="video", title="Sprogcaféen", url="https://v.dk/1"
    )
    return services.case_transition(case=case, actor=consultant, action="submit")


def editor_url(name, case=None):
    return reverse(f"casebank_editor:{name}", kwargs={"case_pk": case.pk} if case else {})


def test_queue_lists_submitted_cases(editor_client, submitted):
    response = editor_client.get(editor_url("queue"))
    assert response.status_code == 200
    assert "Sprogcafé for nye kolleger Testrup Kommune" in text(response)


def test_preview_shows_the_case_as_the_public_will(editor_client, submitted):
    response = editor_client.get(editor_url("preview", submitted))
    assert response.status_code == 200
    body = text(response)
    assert "Dansk over kaffen." in body
    assert "Sprogcaféen" in body
    assert "Godkend og offentliggør" in body


def test_approve_publishes(editor_client, submitted):
    response = editor_client.post(editor_url("approve", submitted))
    assert response.status_code == 302
    assert list(selectors.published_cases()) == [submitted]


def test_return_needs_a_comment(editor_client, submitted):
    response = editor_client.post(editor_url("return", submitted), {"comment": " "})
    assert response.status_code == 400
    assert "Skriv en kommentar til kommunen om, hvad der skal rettes." in text(response)
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.SUBMITTED

    response = editor_client.post(
        editor_url("return", submitted), {"comment": "Beskriv gerne effekten."}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.editor_comment) == (
        CaseStatus.RETURNED,
        "Beskriv gerne effekten.",
    )


def test_unpublish(editor_client, submitted):
    services.case_transition(case=submitted, actor=None, action="approve")
    response = editor_client.post(
        editor_url("unpublish", submitted), {"comment": "Videoen er forældet."}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.UNPUBLISHED
    assert submitted.editor_comment == "Videoen er forældet."


def test_approving_a_draft_is_400(editor_client, org, consultant):
    draft = services.case_create(
        actor=consultant, organisation=org, title="Kladde", summary="Ikke færdig."
    )
    response = editor_client.post(editor_url("approve", draft))
    assert response.status_code == 400
    assert "kan ikke få handlingen" in text(response)
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT


@pytest.mark.parametrize("name", ["queue", "preview", "approve", "return", "unpublish"])
def test_a_non_editor_gets_403(client, admin_user, submitted, name):
    client.force_login(admin_user)  # an administrator of the submitting municipality
    case = None if name == "queue" else submitted
    method = client.get if name in {"queue", "preview"} else client.post
    response = method(editor_url(name, case), {"comment": "Nej"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.SUBMITTED


@pytest.mark.parametrize("name", ["queue", "preview"])
def test_anonymous_visitors_are_sent_to_the_login(client, submitted, name):
    response = client.get(editor_url(name, None if name == "queue" else submitted))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_menu_links_to_the_queue_for_editors_only(editor_client, client, consultant, org):
    home = editor_client.get(editor_url("queue"))
    assert f'href="{editor_url("queue")}"' in home.content.decode()
    client.force_login(consultant)
    page = client.get(reverse("org_cases:list", kwargs={"org": org.slug}))
    body = page.content.decode()
    assert f'href="{editor_url("queue")}"' not in body
    assert f'href="{reverse("org_cases:list", kwargs={"org": org.slug})}"' in body


def test_unknown_case_is_404(editor_client):
    assert editor_client.get(reverse("casebank_editor:preview", args=[999])).status_code == 404
    assert Case.objects.count() == 0
