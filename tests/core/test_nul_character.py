"""A NUL character (\\u0000) anywhere a user can type: PostgreSQL refuses it in text, so it must
never reach the database — a form names the field, a page's query answers without it, nothing is
stored and nothing ends in a 500 (on both databases)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indsats.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/casebank/?q=fra%00fald",
        "/casebank/?q=frafald&region=%00",
        "/log-ind/?next=%00",
    ],
)
def test_a_nul_in_a_public_query_says_what_to_remove(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "indeholder et nul-tegn" in response.content.decode()


def test_pages_of_an_organisation_answer_a_nul_in_their_query(consultant_client, org):
    for path in (
        reverse("initiatives:list", kwargs={"org": org.slug}) + "?q=a%00b",
        reverse("reports:status", kwargs={"org": org.slug}) + "?dato=2026%00-04-30",
        f"/o/{org.slug}/prioritering/?aar=20%0026",
    ):
        response = consultant_client.get(path)
        assert response.status_code == 400, path
        assert "Intet er gemt" in response.content.decode()


def test_a_form_refuses_a_nul_and_stores_nothing(consultant_client, org):
    url = reverse("initiatives:create", kwargs={"org": org.slug})
    response = consultant_client.post(url, {"code": "9.9", "title": "Mentor\x00ordning"})
    assert response.status_code == 400
    assert not Initiative.objects.filter(organisation=org, code="9.9").exists()


def test_the_api_answers_a_nul_in_its_path_in_json(client):
    response = client.get("/api/v1/casebank/cases/fra%00fald")
    assert response.status_code == 404
    assert response.json()["detail"][0]["message"] == "Det findes ikke."
