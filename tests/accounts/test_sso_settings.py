"""The settings both kinds of identity provider share (claim names, role map, default role,
password switch) are checked and written in one place, accounts.sso: a SAML and an OIDC
provider saved with the same bad values get the same Danish messages and nothing is stored;
good values are stored and audited alike. Real IdPs on localhost (the OIDC save fetches the
discovery document, the SAML save reads real metadata)."""

from __future__ import annotations

import pytest

from indsats.accounts import oidc, saml
from indsats.accounts.models import IdentityProvider
from indsats.core.models import AuditLog
from indsats.core.services import ServiceError

from .oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider
from .saml_idp import SamlIdP


@pytest.fixture(params=["saml", "oidc"])
def save(request, tmp_path, org, admin_user):
    """save(**shared settings) for one kind, with that kind's own settings filled in."""
    if request.param == "saml":
        server = SamlIdP(tmp_path)

        def call(**shared):
            return saml.identity_provider_save(
                actor=admin_user, organisation=org, metadata_xml=server.metadata_xml(), **shared
            )
    else:
        server = OidcProvider()

        def call(**shared):
            return oidc.oidc_provider_save(
                actor=admin_user,
                organisation=org,
                issuer=server.issuer,
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                **shared,
            )

    yield call
    server.stop()


def _refused(save, **shared) -> dict:
    with pytest.raises(ServiceError) as refused:
        save(**shared)
    assert not IdentityProvider.objects.exists()
    assert not AuditLog.objects.filter(object_type="identityprovider").exists()
    return refused.value.errors


def test_unknown_default_role_is_refused_alike(save):
    errors = _refused(save, default_role="chef")
    assert errors["default_role"] == ["Ukendt standardrolle."]


def test_role_map_to_an_unknown_role_is_refused_alike(save):
    errors = _refused(save, role_map={"indsats-konsulent": "consultant", "indsats-chef": "chef"})
    (message,) = errors["role_map"]
    assert message.startswith(
        "Linje 2 i rolleoversættelsen (»indsats-chef = chef«) skal have formen "
        "»IdP-værdi = rolle« med en af rollerne "
    )
    assert "fx »Indsats-admin = admin«." in message


def test_shared_settings_are_stored_and_audited_alike(save, org):
    provider = save(
        role_attribute="groups",
        role_map={"indsats-laeser": "readonly"},
        default_role="readonly",
        password_login=False,
    )
    stored = IdentityProvider.objects.get(organisation=org)
    assert stored.pk == provider.pk
    assert stored.role_map == {"indsats-laeser": "readonly"}
    assert (stored.role_attribute, stored.default_role, stored.password_login) == (
        "groups",
        "readonly",
        False,
    )
    changes = AuditLog.objects.get(object_type="identityprovider").changes
    assert changes["password_login"] == [None, False]
    assert changes["role_map"] == [None, {"indsats-laeser": "readonly"}]
    assert "metadata_xml" not in changes and "client_secret_encrypted" not in changes
