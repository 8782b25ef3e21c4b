"""A person logs in through the organisation's SAML identity provider in a real browser: the
login page's SSO button, the pysaml2 IdP on localhost (its page posts the signed response back
by itself), the just-in-time membership; then an unknown role is refused with a Danish
message. axe-core checks the refusal page."""

from __future__ import annotations

import urllib.request

import pytest

from indsats.accounts import saml
from indsats.organisations.models import Membership
from tests.accounts.saml_idp import SamlIdP
from tests.browser.conftest import axe_violations, describe_violations

pytestmark = pytest.mark.browser

ROLE = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"


@pytest.fixture
def idp(tmp_path):
    server = SamlIdP(tmp_path)
    yield server
    server.stop()


def test_sso_login_in_the_browser(page, fresh_org, live_server, idp):
    saml.identity_provider_save(
        actor=None,
        organisation=fresh_org,
        metadata_xml=idp.metadata_xml(),
        role_attribute=ROLE,
        role_map={"indsats-konsulent": "consultant"},
    )
    with urllib.request.urlopen(f"{live_server.url}/sso/{fresh_org.slug}/metadata/") as answer:
        idp.sp_metadata = answer.read().decode()
    idp.user = {
        "subject": "ida-0001",
        "attributes": {
            "displayName": ["Ida Holm"],
            "mail": ["ida@frisk.dk"],
            ROLE: ["indsats-konsulent"],
        },
    }
    page.goto("/log-ind/")
    page.get_by_role("link", name=f"Log ind med {fresh_org.name}s login").click()
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state()
    assert (
        page.get_by_role("button", name="Log ud").count()
        + page.get_by_role("link", name="Log ud").count()
        > 0
    ), page.content()[:2000]
    membership = Membership.objects.get(user__sso_accounts__subject="ida-0001")
    assert membership.organisation == fresh_org and membership.role == "consultant"

    page.context.clear_cookies()
    idp.user = {"subject": "bo-0002", "attributes": {ROLE: ["kantine"]}}
    page.goto("/log-ind/")
    page.get_by_role("link", name=f"Log ind med {fresh_org.name}s login").click()
    page.wait_for_url(f"{live_server.url}/sso/**")
    assert page.get_by_text("giver ikke adgang til Indsats").is_visible()
    bad = [v for v in axe_violations(page) if v["impact"] in {"serious", "critical"}]
    assert not bad, describe_violations(bad)
    assert not Membership.objects.filter(user__sso_accounts__subject="bo-0002").exists()
