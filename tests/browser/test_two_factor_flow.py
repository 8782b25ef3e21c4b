"""Two-factor in the browser: an administrator sets it up, logs out, logs in with a code from
the app, and later with a recovery code."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import code_for
from tests.browser.conftest import PASSWORD, axe_violations, describe_violations

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _password(page, username):
    page.goto("/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def _no_serious_problems(page):
    bad = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not bad, describe_violations(bad)


def test_enrol_log_out_log_in_with_a_code_and_with_a_recovery_code(
    page, fresh_org, make_member, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    user = make_member(fresh_org, "admin", "it-chef")
    _password(page, "it-chef")
    # Required for an administrator: straight to the set-up page.
    assert page.get_by_role("heading", name="Slå to-faktor-login til").is_visible()
    assert page.locator("svg").first.is_visible()
    _no_serious_problems(page)
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Kode fra appen").fill(code_for(device))
    page.get_by_role("button", name="Slå to-faktor-login til").click()
    assert page.get_by_role("heading", name="Dine gendannelseskoder").is_visible()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    _no_serious_problems(page)
    page.get_by_role("link", name="Jeg har gemt koderne").click()
    page.get_by_role("button", name="Log ud").click()

    # Password, then a code from the app.
    _password(page, "it-chef")
    assert page.get_by_role("heading", name="Kode fra din telefon").is_visible()
    _no_serious_problems(page)
    device.refresh_from_db()
    page.get_by_label("Kode", exact=True).fill(code_for(device, ahead=1))
    page.get_by_role("button", name="Fortsæt").click()
    assert "Frisk Kommune" in page.content()
    assert "/to-faktor/" not in page.url
    page.get_by_role("button", name="Log ud").click()

    # Without the phone: a recovery code.
    _password(page, "it-chef")
    page.get_by_label("Kode", exact=True).fill(codes[0])
    page.get_by_role("button", name="Fortsæt").click()
    assert "/to-faktor/" not in page.url
    assert "Frisk Kommune" in page.content()
