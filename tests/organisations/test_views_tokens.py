"""The »API-nøgler« page: create a token (shown once), list, revoke."""

from __future__ import annotations

import re

from django.urls import reverse

from indsats.organisations.models import ApiToken
from indsats.organisations.services import api_token_create


def _url(org, name, **kwargs):
    return reverse(f"tokens:{name}", kwargs={"org": org.slug, **kwargs})


def _token_in(html: str) -> str | None:
    match = re.search(r'<code id="new-token">([^<]+)</code>', html)
    return match.group(1) if match else None


def test_create_shows_the_token_once(client, org, reader):
    client.force_login(reader)  # any member may create tokens for themselves

    response = client.post(_url(org, "create"), {"name": "Excel-udtræk"})

    assert response.status_code == 200
    raw = _token_in(response.content.decode())
    assert raw and raw.startswith("ind_")
    token = ApiToken.objects.get(user=reader, organisation=org)
    assert token.name == "Excel-udtræk" and token.digest == ApiToken.hash(raw)
    assert response["Cache-Control"] == "no-store"

    listing = client.get(_url(org, "list"))
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "Excel-udtræk" in html and token.prefix in html
    assert raw not in html and _token_in(html) is None

    # The token works against the API, in this organisation.
    api = client.get("/api/v1/initiatives", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200


def test_create_without_name_shows_the_danish_error(client, org, consultant):
    client.force_login(consultant)
    response = client.post(_url(org, "create"), {"name": "  "})
    assert response.status_code == 400
    assert "Giv nøglen et navn" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_list_shows_only_my_tokens(client, org, consultant, reader):
    api_token_create(actor=reader, organisation=org, name="Læserens nøgle")
    api_token_create(actor=consultant, organisation=org, name="Min nøgle")
    client.force_login(consultant)
    html = client.get(_url(org, "list")).content.decode()
    assert "Min nøgle" in html and "Læserens nøgle" not in html


def test_revoke(client, org, consultant):
    token, raw = api_token_create(actor=consultant, organisation=org, name="Gammel")
    client.force_login(consultant)

    response = client.post(_url(org, "delete", pk=token.pk), follow=True)

    assert response.status_code == 200
    assert "er trukket tilbage" in response.content.decode()
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert client.get("/api/v1/initiatives", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_cannot_revoke_someone_elses_token(client, org, consultant, reader):
    token, _ = api_token_create(actor=reader, organisation=org, name="Læserens")
    client.force_login(consultant)
    assert client.post(_url(org, "delete", pk=token.pk)).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_delete_and_create_need_post(client, org, consultant):
    token, _ = api_token_create(actor=consultant, organisation=org, name="Nøgle")
    client.force_login(consultant)
    assert client.get(_url(org, "delete", pk=token.pk)).status_code == 405
    assert client.get(_url(org, "create")).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_non_members_get_404(client, org, outsider):
    client.force_login(outsider)
    assert client.get(_url(org, "list")).status_code == 404
    assert client.post(_url(org, "create"), {"name": "Indbrud"}).status_code == 404
    assert not ApiToken.objects.filter(organisation=org).exists()
