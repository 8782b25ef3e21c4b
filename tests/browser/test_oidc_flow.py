"""A person logs in through the organisation's OpenID Connect provider in a real browser: the
login page's button, the provider's own page on localhost (Authlib's authorization server,
tests/accounts/oidc_provider.py), back to Indsats with a code that Indsats redeems with its
PKCE verifier and checks against the provider's JWKS; the person lands logged in with the
mapped role. Then an administrator's OIDC settings page and a refusal page (a token signed by
another key), each checked with axe-core."""

from __future__ import annotations

import pytest

from indsats.accounts import oidc
from indsats.organisations.models import Membership
from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider
from tests.browser.conftest import axe_violations, describe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def op():
    server = OidcProvider()
    yield server
    server.stop()


def _serious(page):
    return [v for v in axe_violations(page) if v["impact"] in {"serious", "critical"}]


def test_oidc_login_in_the_browser(page, fresh_org, live_server, op, make_member):
    oidc.oidc_provider_save(
        actor=None,
        organisation=fresh_org,
        issuer=op.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scopes="openid profile email groups",
        role_attribute="groups",
        role_map={"indsats-konsulent": "consultant", "indsats-admin": "admin"},
    )
    op.user = {
        "sub": "5d2e-mette",
        "claims": {"name": "Mette Lund", "email": "mette@frisk.dk", "groups": ["indsats-admin"]},
    }
    page.goto("/log-ind/")
    page.get_by_role("link", name=f"Log ind med {fresh_org.name}s login").click()
    page.wait_for_url(f"{op.issuer}/authorize**")
    assert page.get_by_text("Logget ind som Mette Lund").is_visible()
    page.get_by_role("button", name="Fortsæt til Indsats").click()
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state()
    assert "/sso/" not in page.url, page.content()[:2000]
    assert (
        page.get_by_role("button", name="Log ud").count()
        + page.get_by_role("link", name="Log ud").count()
        > 0
    ), page.content()[:2000]
    membership = Membership.objects.get(user__sso_accounts__subject="5d2e-mette")
    assert membership.organisation == fresh_org and membership.role == "admin"

    # As administrator (through SSO) she opens the OIDC settings: the secret is not shown.
    page.goto(f"/o/{fresh_org.slug}/indstillinger/single-sign-on/openid-connect/")
    assert page.get_by_role("heading", name="Single sign-on med OpenID Connect").is_visible()
    assert page.get_by_label("klienthemmelighed", exact=True).input_value() == ""
    assert CLIENT_SECRET not in page.content()
    bad = _serious(page)
    assert not bad, describe_violations(bad)

    # A token signed by another key is refused in Danish.
    page.context.clear_cookies()
    op.sign_with_intruder = True
    page.goto("/log-ind/")
    page.get_by_role("link", name=f"Log ind med {fresh_org.name}s login").click()
    page.get_by_role("button", name="Fortsæt til Indsats").click()
    page.wait_for_url(f"{live_server.url}/sso/**")
    assert page.get_by_role("heading", name="Du blev ikke logget ind").is_visible()
    assert page.get_by_text("ikke en gyldig signatur").is_visible()
    bad = _serious(page)
    assert not bad, describe_violations(bad)
