"""OpenID Connect single sign-on through real round trips: Django's test client starts the
login, a real OpenID Connect provider on localhost (Authlib's authorization server,
tests/accounts/oidc_provider.py) shows its login page and answers over HTTP, Indsats fetches
the provider's discovery document and JWKS, redeems the code (with the PKCE verifier) and
checks the ID token. No mocked token."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from indsats.accounts import oidc
from indsats.accounts.models import IdentityProvider
from indsats.core.models import AuditAction, AuditLog
from indsats.organisations.models import Membership

from .oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider


@pytest.fixture
def op():
    server = OidcProvider()
    yield server
    server.stop()


@pytest.fixture
def provider(org, admin_user, op):
    return oidc.oidc_provider_save(
        actor=admin_user,
        organisation=org,
        issuer=op.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scopes="openid profile email groups",
        role_attribute="groups",
        role_map={"indsats-konsulent": "consultant", "indsats-laeser": "readonly"},
    )


def _person(sub="8f1c-anne", groups=("indsats-konsulent",)):
    return {
        "sub": sub,
        "claims": {"name": "Anne Kristensen", "email": "anne@testrup.dk", "groups": list(groups)},
    }


def _authorize(client, org):
    """Start at Indsats, open the provider's login page over HTTP, confirm it there; returns
    the provider's redirect (to Indsats' callback) as a path with its query."""
    start = client.get(f"/sso/{org.slug}/?next=/o/{org.slug}/parametre/")
    assert start.status_code == 302, start.content.decode()[:500]
    authorize_url = start["Location"]
    query = parse_qs(urlsplit(authorize_url).query)
    # PKCE (S256), state and nonce are on the request.
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] and query["nonce"]
    page = requests.get(authorize_url, timeout=10)
    assert "Fortsæt til Indsats" in page.text
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page.text))
    fields = {k: v.replace("&amp;", "&") for k, v in fields.items()}
    answer = requests.post(
        authorize_url.split("?")[0], data=fields, allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == f"/sso/{org.slug}/oidc/callback/"
    return f"{back.path}?{back.query}"


def _round_trip(client, org):
    return client.get(_authorize(client, org))


def test_login_page_offers_the_organisations_oidc(client, org, provider):
    page = client.get("/log-ind/").content.decode()
    assert "Log ind med Testrup Kommunes login" in page
    assert f'href="/sso/{org.slug}/' in page


def test_client_secret_is_stored_encrypted(provider):
    stored = IdentityProvider.objects.get(pk=provider.pk)
    assert CLIENT_SECRET not in stored.client_secret_encrypted
    from indsats.accounts.secrets import decrypt

    assert decrypt(stored.client_secret_encrypted) == CLIENT_SECRET
    audit = AuditLog.objects.get(object_type="identityprovider", object_id=provider.pk)
    assert CLIENT_SECRET not in str(audit.changes)
    assert audit.changes["client_secret"] == [None, "ændret"]


def test_first_login_creates_user_and_membership_with_mapped_role(client, org, op, provider):
    op.user = _person()
    response = _round_trip(client, org)
    assert response.status_code == 302, response.content.decode()[:1000]
    assert response["Location"] == f"/o/{org.slug}/parametre/"
    user = get_user_model().objects.get(sso_accounts__subject="8f1c-anne")
    assert user.username == f"{org.slug}.8f1c-anne"
    assert (user.email, user.first_name, user.last_name) == (
        "anne@testrup.dk",
        "Anne",
        "Kristensen",
    )
    assert Membership.objects.get(user=user, organisation=org).role == "consultant"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(f"/o/{org.slug}/parametre/").status_code == 200
    login = AuditLog.objects.get(organisation=org, action=AuditAction.LOGIN, object_id=user.pk)
    assert login.changes["detail"] == [None, "oidc"]
    created = AuditLog.objects.get(organisation=org, object_type="membership")
    assert created.changes == {"role": [None, "consultant"], "via": [None, "single sign-on"]}


def test_role_change_at_the_provider_updates_the_membership(client, org, op, provider):
    op.user = _person()
    assert _round_trip(client, org).status_code == 302
    client.logout()
    op.user = _person(groups=("indsats-laeser",))
    assert _round_trip(client, org).status_code == 302
    user = get_user_model().objects.get(sso_accounts__subject="8f1c-anne")
    assert Membership.objects.get(user=user, organisation=org).role == "readonly"
    assert AuditLog.objects.filter(
        organisation=org, object_type="membership", changes__role=["consultant", "readonly"]
    ).exists()
    assert get_user_model().objects.filter(sso_accounts__isnull=False).count() == 1


def _refused(client, response, caplog, user_text, log_text):
    page = response.content.decode()
    assert response.status_code == 403, page[:1000]
    assert "Du blev ikke logget ind" in page
    assert user_text in page
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == "indsats.accounts.sso" and r.levelno == logging.WARNING
    ]
    assert len(warnings) == 1 and log_text in warnings[0], warnings
    assert not get_user_model().objects.filter(sso_accounts__isnull=False).exists()
    assert not Membership.objects.filter(user__sso_accounts__isnull=False).exists()
    assert "_auth_user_id" not in client.session


def test_id_token_signed_by_another_key_is_refused(client, org, op, provider, caplog):
    op.user = _person()
    op.sign_with_intruder = True  # same key id as the JWKS publishes, another key
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        response = _round_trip(client, org)
    _refused(client, response, caplog, "ikke en gyldig signatur", "BadSignatureError")


def test_expired_id_token_is_refused(client, org, op, provider, caplog):
    op.user = _person()
    op.lifetime_seconds = -600
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        response = _round_trip(client, org)
    _refused(client, response, caplog, "udløbet", "ExpiredTokenError")


def test_id_token_with_another_nonce_is_refused(client, org, op, provider, caplog):
    op.user = _person()
    op.nonce_override = "en-anden-nonce"
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        response = _round_trip(client, org)
    _refused(client, response, caplog, "kunne ikke godkendes", "nonce")


def test_wrong_state_is_refused_and_the_code_is_not_redeemed(client, org, op, provider, caplog):
    op.user = _person()
    callback = _authorize(client, org)
    tampered = re.sub(r"state=[^&]+", "state=forfalsket", callback)
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        response = client.get(tampered)
    _refused(client, response, caplog, "hører ikke til et login", "unknown or used state")
    assert len(op.codes) == 1  # the code was never sent to the token endpoint


def test_callback_used_twice_is_refused(client, org, op, provider, caplog):
    op.user = _person()
    callback = _authorize(client, org)
    assert client.get(callback).status_code == 302
    client.logout()
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        again = client.get(callback)
    assert again.status_code == 403
    assert "hører ikke til et login" in again.content.decode()


def test_unknown_role_value_is_refused(client, org, op, provider, caplog):
    op.user = _person(groups=("kantine",))
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        response = _round_trip(client, org)
    _refused(client, response, caplog, "giver ikke adgang til Indsats", "['kantine']")


def test_provider_refusing_the_login_is_shown_in_danish(client, org, provider, caplog):
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        response = client.get(
            f"/sso/{org.slug}/oidc/callback/?error=access_denied&error_description=Nej"
        )
    assert response.status_code == 403
    assert "Identitetsudbyderen afviste login (Nej)" in response.content.decode()


def test_saml_routes_answer_404_for_an_oidc_provider(client, org, provider):
    assert client.get(f"/sso/{org.slug}/metadata/").status_code == 404
    assert client.post(f"/sso/{org.slug}/acs/", {"SAMLResponse": "x"}).status_code == 404


def test_operator_command_sets_up_oidc(client, org, op, monkeypatch):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Udbyderens OpenID-konfiguration|Kunne ikke hente"):
        call_command(
            "org", "sso", org.slug, "--oidc-issuer", op.issuer + "/forkert",
            "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
        )  # fmt: skip
    with pytest.raises(CommandError, match="klienthemmeligheden"):
        call_command("org", "sso", org.slug, "--oidc-issuer", op.issuer, "--client-id", "x")
    assert not IdentityProvider.objects.exists()
    monkeypatch.setenv("INDSATS_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    call_command(
        "org", "sso", org.slug,
        "--oidc-issuer", op.issuer + "/.well-known/openid-configuration",
        "--client-id", CLIENT_ID,
        "--scopes", "openid profile email groups",
        "--role-attribute", "groups",
        "--role-map", "indsats-konsulent=consultant",
        "--no-password-login",
    )  # fmt: skip
    provider = IdentityProvider.objects.get(organisation=org)
    assert (provider.kind, provider.issuer, provider.name_attribute) == ("oidc", op.issuer, "name")
    assert provider.password_login is False
    op.user = _person()
    assert _round_trip(client, org).status_code == 302


def test_administrator_sets_up_oidc_on_the_settings_page(client, org, admin_user, consultant, op):
    url = f"/o/{org.slug}/indstillinger/single-sign-on/openid-connect/"
    client.force_login(consultant)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    page = client.get(url).content.decode()
    assert f"http://testserver/sso/{org.slug}/oidc/callback/" in page
    data = {
        "issuer": "http://eksempel.dk/udbyder",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scopes": "openid profile email groups",
        "name_attribute": "name",
        "email_attribute": "email",
        "role_attribute": "groups",
        "role_map": "indsats-konsulent = consultant",
        "default_role": "",
        "password_login": "on",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "skal være en https-adresse" in bad.content.decode()
    assert not IdentityProvider.objects.exists()
    data["issuer"] = op.issuer
    assert client.post(url, data).status_code == 302
    provider = IdentityProvider.objects.get(organisation=org)
    assert provider.kind == "oidc" and provider.role_map == {"indsats-konsulent": "consultant"}
    # The secret is never shown again; saving without it keeps it.
    page = client.get(url).content.decode()
    assert CLIENT_SECRET not in page and provider.client_secret_encrypted not in page
    data.update(client_secret="", default_role="readonly")
    assert client.post(url, data).status_code == 302
    provider.refresh_from_db()
    assert provider.default_role == "readonly"
    from indsats.accounts.secrets import decrypt

    assert decrypt(provider.client_secret_encrypted) == CLIENT_SECRET
    saml_page = client.get(f"/o/{org.slug}/indstillinger/single-sign-on/").content.decode()
    assert "logger lige nu ind med OpenID Connect" in saml_page
    client.logout()
    op.user = _person()
    assert _round_trip(client, org).status_code == 302


def test_a_rotated_secret_key_keeps_the_client_secret_only_while_listed_as_fallback(
    client, org, op, provider, settings, caplog
):
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "en-helt-anden-hemmelig-noegle-" + "k" * 40
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        response = client.get(f"/sso/{org.slug}/")
    assert response.status_code == 403
    assert "Single sign-on er ikke sat rigtigt op" in response.content.decode()
    assert any("cannot be decrypted" in r.getMessage() for r in caplog.records)
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert client.get(f"/sso/{org.slug}/").status_code == 302


DISCOVERY = "/.well-known/openid-configuration"


def _logs_in(client, org, op, sub="8f1c-anne"):
    op.user = _person(sub=sub)
    response = _round_trip(client, org)
    assert response.status_code == 302, response.content.decode()[:1000]
    assert response["Location"] == f"/o/{org.slug}/parametre/"
    client.logout()


def test_discovery_and_jwks_are_fetched_once_for_many_logins(client, org, op, provider):
    # Saving the settings fetched and checked the discovery document; the logins use it.
    assert op.requests[DISCOVERY] == 1 and op.requests["/jwks"] == 0
    _logs_in(client, org, op)
    _logs_in(client, org, op, sub="b2d4-bo")
    assert (op.requests[DISCOVERY], op.requests["/jwks"]) == (1, 1)
    assert op.requests["/token"] == 2  # two real logins


def test_a_new_signing_key_at_the_provider_still_logs_in(client, org, op, provider):
    _logs_in(client, org, op)
    assert op.requests["/jwks"] == 1
    op.rotate_key()  # the ID token names a key id the kept JWKS does not have
    _logs_in(client, org, op)
    assert (op.requests[DISCOVERY], op.requests["/jwks"]) == (1, 2)
    _logs_in(client, org, op)  # the new JWKS is kept
    assert (op.requests[DISCOVERY], op.requests["/jwks"]) == (1, 2)


def test_saving_the_settings_fetches_discovery_and_jwks_again(
    client, org, admin_user, op, provider
):
    _logs_in(client, org, op)
    assert (op.requests[DISCOVERY], op.requests["/jwks"]) == (1, 1)
    oidc.oidc_provider_save(
        actor=admin_user,
        organisation=org,
        issuer=op.issuer,
        client_id=CLIENT_ID,
        scopes="openid profile email groups",
        role_attribute="groups",
        role_map={"indsats-konsulent": "consultant"},
    )
    assert op.requests[DISCOVERY] == 2  # the save checks the document anew
    _logs_in(client, org, op)
    _logs_in(client, org, op)
    assert (op.requests[DISCOVERY], op.requests["/jwks"]) == (2, 2)


def test_metadata_lost_from_the_cache_is_fetched_again(client, org, op, provider, monkeypatch):
    _logs_in(client, org, op)
    from django.core.cache import cache

    key = oidc._metadata_key(IdentityProvider.objects.get(pk=provider.pk))
    kept = cache.get(key)
    assert kept["jwks"]["keys"] and kept["issuer"] == op.issuer
    cache.delete(key)  # expired after an hour, or another process without it
    _logs_in(client, org, op)
    assert (op.requests[DISCOVERY], op.requests["/jwks"]) == (2, 2)
