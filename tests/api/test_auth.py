"""Token authentication: no, wrong or revoked tokens get 401; a token works in its own
organisation only; last_used_at is written at most once a minute."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indsats.organisations.models import ApiToken, Membership
from indsats.organisations.services import api_token_delete

from .conftest import ApiClient
from .helpers import error_messages


@pytest.mark.django_db
def test_missing_token_is_401_with_danish_message(anonymous_api, catalogue):
    response = anonymous_api.get("/initiatives")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"][0]["field"] == ""
    assert "Authorization: Bearer" in error_messages(response)
    assert "API-nøgle" in error_messages(response)


@pytest.mark.parametrize(
    "header", ["Bearer ind_forkert", "Bearer ", "Basic dXNlcjpwYXNz", "ind_uden_bearer"]
)
def test_invalid_token_is_401(client, catalogue, header):
    response = client.get("/api/v1/initiatives", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "API-nøgle" in error_messages(response)


def test_valid_token_reads_its_organisation(api, catalogue):
    response = api.get("/initiatives")
    assert response.status_code == 200
    assert [i["code"] for i in response.json()["items"]] == ["1.1"]


def test_revoked_token_is_401(client, consultant, org, make_token, catalogue):
    raw = make_token(consultant, org)
    assert ApiClient(client, raw).get("/initiatives").status_code == 200
    api_token_delete(actor=consultant, token=ApiToken.objects.get(digest=ApiToken.hash(raw)))
    assert ApiClient(client, raw).get("/initiatives").status_code == 401


def test_token_of_former_member_is_401(client, consultant, org, make_token, catalogue):
    raw = make_token(consultant, org)
    Membership.objects.filter(user=consultant, organisation=org).delete()
    assert ApiClient(client, raw).get("/initiatives").status_code == 401


def test_token_of_inactive_user_is_401(client, consultant, org, make_token, catalogue):
    raw = make_token(consultant, org)
    consultant.is_active = False
    consultant.save()
    assert ApiClient(client, raw).get("/initiatives").status_code == 401


def test_only_the_digest_is_stored(consultant, org, make_token):
    raw = make_token(consultant, org)
    token = ApiToken.objects.get(user=consultant)
    assert token.digest == ApiToken.hash(raw) != raw
    assert raw not in token.digest


def test_last_used_at_is_written_at_most_once_a_minute(api, catalogue):
    token = ApiToken.objects.get(digest=ApiToken.hash(api.token))
    assert token.last_used_at is None

    api.get("/parameters")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    # Within the minute: no write at all.
    with CaptureQueriesContext(connection) as queries:
        api.get("/parameters")
    assert not any(q["sql"].lstrip().upper().startswith("UPDATE") for q in queries.captured_queries)
    token.refresh_from_db()
    assert token.last_used_at == first

    # A minute later it moves on.
    earlier = timezone.now() - dt.timedelta(seconds=61)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    api.get("/parameters")
    token.refresh_from_db()
    assert token.last_used_at > earlier + dt.timedelta(seconds=30)


def test_docs_and_schema_are_public(client, db):
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/docs").status_code == 200
