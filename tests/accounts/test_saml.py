"""SAML single sign-on through real round trips: Django's test client starts the login, a real
pysaml2 identity provider on localhost (tests/accounts/saml_idp.py) answers over HTTP with a
signed response, and the response is POSTed to the assertion consumer service. No mocked
assertion."""

from __future__ import annotations

import html
import logging
import re
import urllib.request

import pytest
from django.contrib.auth import get_user_model

from indsats.accounts import saml
from indsats.accounts.models import IdentityProvider
from indsats.core.models import AuditAction, AuditLog
from indsats.organisations.models import Membership

from .saml_idp import SamlIdP

ROLE_ATTRIBUTE = "dk:gov:saml:attribute:Privileges_intermediate"


@pytest.fixture
def idp(tmp_path):
    server = SamlIdP(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def provider(org, admin_user, idp, client):
    provider = saml.identity_provider_save(
        actor=admin_user,
        organisation=org,
        metadata_xml=idp.metadata_xml(),
        role_attribute=ROLE_ATTRIBUTE,
        role_map={"indsats-konsulent": "consultant", "indsats-laeser": "readonly"},
    )
    idp.sp_metadata = client.get(f"/sso/{org.slug}/metadata/").content.decode()
    return provider


def _user(subject="jens@testrup.dk", roles=("indsats-konsulent",)):
    return {
        "subject": subject,
        "attributes": {
            "displayName": ["Jens Hansen"],
            "mail": ["jens@testrup.dk"],
            ROLE_ATTRIBUTE: list(roles),
        },
    }


def _round_trip(client, org):
    """Start at Indsats, follow the redirect to the IdP over HTTP, and POST its answer back.
    Returns (the ACS response, the SAMLResponse posted)."""
    start = client.get(f"/sso/{org.slug}/?next=/o/{org.slug}/parametre/")
    assert start.status_code == 302
    with urllib.request.urlopen(start["Location"]) as answer:  # the IdP on localhost
        form = answer.read().decode()
    action = html.unescape(re.search(r'action="([^"]+)"', form).group(1))
    saml_response = re.search(r'name="SAMLResponse" value="([^"]+)"', form).group(1)
    relay = re.search(r'name="RelayState" value="([^"]*)"', form)
    data = {"SAMLResponse": saml_response, "RelayState": relay.group(1) if relay else ""}
    return client.post(action.replace("http://testserver", ""), data), saml_response


def test_login_page_offers_the_organisations_sso(client, org, provider):
    page = client.get("/log-ind/").content.decode()
    assert "Log ind med Testrup Kommunes login" in page
    assert f'href="/sso/{org.slug}/' in page


def test_first_login_creates_user_and_membership_with_mapped_role(client, org, idp, provider):
    idp.user = _user()
    response, _sent = _round_trip(client, org)
    assert response.status_code == 302
    assert response["Location"] == f"/o/{org.slug}/parametre/"
    user = get_user_model().objects.get(sso_accounts__subject="jens@testrup.dk")
    assert (user.email, user.first_name, user.last_name) == ("jens@testrup.dk", "Jens", "Hansen")
    assert Membership.objects.get(user=user, organisation=org).role == "consultant"
    assert int(client.session["_auth_user_id"]) == user.pk
    # A page the member can see, without a two-factor step (the IdP does that).
    assert client.get(f"/o/{org.slug}/parametre/").status_code == 200
    login = AuditLog.objects.get(organisation=org, action=AuditAction.LOGIN, object_id=user.pk)
    assert login.changes["detail"] == [None, "saml"]


def test_role_change_at_the_idp_updates_the_membership(client, org, idp, provider):
    idp.user = _user()
    _round_trip(client, org)
    client.logout()
    idp.user = _user(roles=("indsats-laeser",))
    response, _sent = _round_trip(client, org)
    assert response.status_code == 302
    user = get_user_model().objects.get(sso_accounts__subject="jens@testrup.dk")
    assert Membership.objects.get(user=user, organisation=org).role == "readonly"
    assert AuditLog.objects.filter(
        organisation=org, object_type="membership", changes__role=["consultant", "readonly"]
    ).exists()


def _refused(response, caplog, user_text, log_text):
    page = response.content.decode()
    assert response.status_code == 403
    assert user_text in page
    assert any(log_text in r.getMessage() for r in caplog.records), [
        r.getMessage() for r in caplog.records
    ]
    assert not get_user_model().objects.filter(sso_accounts__isnull=False).exists()
    assert "_auth_user_id" not in client_session(response)


def client_session(response):
    return response.wsgi_request.session


def test_bad_signature_is_refused_and_nothing_created(client, org, idp, provider, caplog):
    idp.user = _user()
    idp.sign_with = idp.other_keys  # signed, but not with the key in the metadata
    users = get_user_model().objects.count()
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        response, _sent = _round_trip(client, org)
    _refused(response, caplog, "ikke en gyldig signatur", "SAML response refused")
    assert get_user_model().objects.count() == users


def test_expired_assertion_is_refused(client, org, idp, provider, caplog):
    idp.user = _user()
    idp.lifetime_minutes = -10
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        response, _sent = _round_trip(client, org)
    _refused(response, caplog, "udløbet", "SAML response refused: expired (NotOnOrAfter=")


def test_replayed_response_is_refused(client, org, idp, provider, caplog):
    idp.user = _user()
    response, sent = _round_trip(client, org)
    assert response.status_code == 302
    client.logout()
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        again = client.post(f"/sso/{org.slug}/acs/", {"SAMLResponse": sent})
    assert again.status_code == 403
    assert "allerede brugt" in again.content.decode()
    assert any("replayed SAML response" in r.getMessage() for r in caplog.records)
    assert "_auth_user_id" not in client.session


def test_unknown_role_value_is_refused(client, org, idp, provider, caplog):
    idp.user = _user(roles=("kantine",))
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        response, _sent = _round_trip(client, org)
    _refused(response, caplog, "giver ikke adgang til Indsats", "unknown role value(s) ['kantine']")


def test_password_login_can_be_switched_off(client, org, consultant, idp, provider):
    IdentityProvider.objects.filter(pk=provider.pk).update(password_login=False)
    response = client.post("/log-ind/", {"username": "konsulent", "password": "hemmeligt-kodeord"})
    assert response.status_code == 200
    assert "logger ind via single sign-on" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_operator_command_sets_up_sso_from_a_metadata_file(org, idp, tmp_path, client):
    from django.core.management import CommandError, call_command

    metadata = tmp_path / "idp.xml"
    metadata.write_text(idp.metadata_xml(), encoding="utf-8")
    with pytest.raises(CommandError, match="Linje 1 i rolleoversættelsen"):
        call_command("org", "sso", org.slug, "--saml-metadata", str(metadata), "--role-map", "x")
    assert not IdentityProvider.objects.exists()
    bad = tmp_path / "bad.xml"
    bad.write_text("<ikke-metadata", encoding="utf-8")
    with pytest.raises(CommandError, match="ikke gyldig XML"):
        call_command("org", "sso", org.slug, "--saml-metadata", str(bad))
    call_command(
        "org",
        "sso",
        org.slug,
        "--saml-metadata",
        str(metadata),
        "--role-attribute",
        ROLE_ATTRIBUTE,
        "--role-map",
        "indsats-konsulent=consultant",
        "--no-password-login",
    )
    provider = IdentityProvider.objects.get(organisation=org)
    assert provider.entity_id == idp.entity_id
    assert provider.role_map == {"indsats-konsulent": "consultant"}
    assert provider.password_login is False
    # And a real login through it.
    idp.sp_metadata = client.get(f"/sso/{org.slug}/metadata/").content.decode()
    idp.user = _user()
    response, _sent = _round_trip(client, org)
    assert response.status_code == 302


def test_administrator_sets_up_sso_on_the_settings_page(client, org, admin_user, consultant, idp):
    client.force_login(consultant)
    assert client.get(f"/o/{org.slug}/indstillinger/single-sign-on/").status_code == 403
    client.force_login(admin_user)
    url = f"/o/{org.slug}/indstillinger/single-sign-on/"
    page = client.get(url).content.decode()
    assert f"/sso/{org.slug}/acs/" in page
    data = {
        "metadata_xml": idp.metadata_xml(),
        "name_attribute": "displayName",
        "email_attribute": "mail",
        "role_attribute": ROLE_ATTRIBUTE,
        "role_map": "indsats-konsulent = superbruger",
        "default_role": "",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "Linje 1 i rolleoversættelsen" in bad.content.decode()
    assert not IdentityProvider.objects.exists()
    data["role_map"] = "indsats-konsulent = consultant"
    data["password_login"] = "on"
    assert client.post(url, data).status_code == 302
    provider = IdentityProvider.objects.get(organisation=org)
    assert provider.role_map == {"indsats-konsulent": "consultant"}
    assert AuditLog.objects.filter(organisation=org, object_type="identityprovider").exists()


def test_old_saml_requests_are_pruned_when_a_login_starts(client, org, idp, provider):
    import datetime as dt

    from django.utils import timezone

    from indsats.accounts.models import SamlRequest

    old = timezone.now() - dt.timedelta(days=2)
    recent = timezone.now() - dt.timedelta(hours=2)
    for request_id, created, used in [
        ("old-answered", old, old),
        ("old-unanswered", old, None),
        ("recent-answered", recent, recent),
    ]:
        row = SamlRequest.objects.create(provider=provider, request_id=request_id, used=used)
        SamlRequest.objects.filter(pk=row.pk).update(created=created)
    assert client.get(f"/sso/{org.slug}/").status_code == 302
    left = set(SamlRequest.objects.values_list("request_id", flat=True))
    assert {"old-answered", "old-unanswered"}.isdisjoint(left)
    assert "recent-answered" in left and len(left) == 2  # and the request just sent


def test_metadata_refresh_follows_a_certificate_rollover(client, org, idp, caplog):
    from django.core.management import CommandError, call_command

    call_command(
        "org",
        "sso",
        org.slug,
        "--saml-metadata",
        idp.entity_id,  # the IdP serves its metadata at its entity id
        "--role-attribute",
        ROLE_ATTRIBUTE,
        "--role-map",
        "indsats-konsulent=consultant",
    )
    provider = IdentityProvider.objects.get(organisation=org)
    assert provider.metadata_url == idp.entity_id
    idp.sp_metadata = client.get(f"/sso/{org.slug}/metadata/").content.decode()
    idp.user = _user()
    stored = provider.metadata_xml

    # Refused metadata changes nothing and says why.
    idp.served_metadata = "<html>vedligeholdelse</html>"
    with pytest.raises(CommandError, match=f"{org.slug}"):
        call_command("org", "sso", org.slug, "--refresh-metadata")
    idp.served_metadata = idp.metadata_xml().replace(idp.entity_id, idp.entity_id + "/ny")
    with pytest.raises(CommandError):
        call_command("org", "sso", "--all", "--refresh-metadata")
    provider.refresh_from_db()
    assert provider.metadata_xml == stored
    idp.served_metadata = None

    # The IdP rolls its signing key: logins fail until the metadata is fetched again.
    idp.keys = idp.sign_with = idp.other_keys
    with caplog.at_level(logging.WARNING, logger="indsats.accounts.sso"):
        assert _round_trip(client, org)[0].status_code == 403
    from io import StringIO

    out = StringIO()
    call_command("org", "sso", "--all", "--refresh-metadata", stdout=out)
    assert f"{org.slug}: metadata fornyet." in out.getvalue()
    assert AuditLog.objects.filter(
        organisation=org, changes__metadata_xml=[None, f"fornyet fra {idp.entity_id}"]
    ).exists()
    response, _sent = _round_trip(client, org)
    assert response.status_code == 302
    out = StringIO()
    call_command("org", "sso", org.slug, "--refresh-metadata", stdout=out)
    assert "metadata er uændret" in out.getvalue()
