"""API tokens: scopes (read / write), expiry, and the administrators' page of every token."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from indsats.core.services import ServiceError
from indsats.organisations.models import ApiToken
from indsats.organisations.services import api_token_create

NEW_INITIATIVE = {
    "code": "9.1",
    "title": "Mentorordning for nye elever",
    "theme": "Rekruttering",
    "priority_step": 1,
    "funding": "separate",
}


def _url(org, name, **kwargs):
    return reverse(f"tokens:{name}", kwargs={"org": org.slug, **kwargs})


def _token_in(html: str) -> str | None:
    match = re.search(r'<code id="new-token">([^<]+)</code>', html)
    return match.group(1) if match else None


def test_a_read_only_member_cannot_create_a_write_token(client, org, reader):
    with pytest.raises(ServiceError, match="kun oprette en nøgle, der kun kan læse"):
        api_token_create(actor=reader, organisation=org, name="Skriv", scope="write")
    client.force_login(reader)
    page = client.get(_url(org, "list")).content.decode()
    assert 'value="write"' not in page
    response = client.post(_url(org, "create"), {"name": "Skriv", "scope": "write", "days": "90"})
    assert response.status_code == 400
    assert "kun oprette en nøgle, der kun kan læse" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_read_token_reads_but_does_not_write(client, org, consultant):
    client.force_login(consultant)
    response = client.post(_url(org, "create"), {"name": "Power BI", "scope": "read", "days": "30"})
    raw = _token_in(response.content.decode())
    token = ApiToken.objects.get()
    assert token.scope == "read"
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/initiatives", **auth).status_code == 200
    write = client.post(
        "/api/v1/initiatives", NEW_INITIATIVE, content_type="application/json", **auth
    )
    assert write.status_code == 403
    assert "må kun læse" in write.json()["detail"][0]["message"]


def test_a_write_token_of_a_consultant_writes(client, org, consultant):
    _token, raw = api_token_create(actor=consultant, organisation=org, name="Sync", scope="write")
    write = client.post(
        "/api/v1/initiatives",
        NEW_INITIATIVE,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert write.status_code != 403, write.content


def test_a_token_past_its_expiry_gets_401(client, org, consultant):
    token, raw = api_token_create(actor=consultant, organisation=org, name="Gammel")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/initiatives", **auth).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/api/v1/initiatives", **auth)
    assert response.status_code == 401
    assert "udløbet" in response.json()["detail"][0]["message"]


def test_tokens_expire_after_90_days_by_default_and_at_most_365(org, consultant):
    token, _ = api_token_create(actor=consultant, organisation=org, name="Standard")
    left = token.expires_at - timezone.now()
    assert dt.timedelta(days=89) < left <= dt.timedelta(days=90)
    with pytest.raises(ServiceError, match="fra 1 til 365 dage"):
        api_token_create(actor=consultant, organisation=org, name="Evig", days=10_000)


def test_an_administrator_sees_every_members_tokens_and_revokes_one(
    client, org, admin_user, consultant, reader
):
    token, raw = api_token_create(actor=consultant, organisation=org, name="Konsulentens")
    api_token_create(actor=reader, organisation=org, name="Læserens")
    client.get(  # used once, so »sidst brugt« has a time
        "/api/v1/initiatives", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    client.force_login(admin_user)
    page = client.get(_url(org, "all"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Konsulentens" in html and "Læserens" in html
    assert html.count("Aldrig") == 1  # the reader's token was never used
    response = client.post(_url(org, "delete", pk=token.pk), follow=True)
    assert "er trukket tilbage" in response.content.decode()
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert client.get("/api/v1/initiatives", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_only_administrators_see_every_token(client, org, consultant):
    client.force_login(consultant)
    assert client.get(_url(org, "all")).status_code == 403


def test_a_member_cannot_revoke_another_members_token(client, org, consultant, reader):
    token, _ = api_token_create(actor=reader, organisation=org, name="Læserens")
    client.force_login(consultant)
    assert client.post(_url(org, "delete", pk=token.pk)).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
