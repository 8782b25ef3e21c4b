"""A member changes their password in »Min konto«, forgets it, resets it by e-mail, and a
run of wrong passwords locks the login; axe-core checks each page."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.browser.conftest import PASSWORD, axe_violations, describe_violations, log_in

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _no_serious_problems(page):
    bad = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not bad, describe_violations(bad)


def test_change_forget_reset_and_lockout(page, fresh_org, make_member):
    user = make_member(fresh_org, "consultant", "mette")
    user.email = "mette@frisk.dk"
    user.save()
    log_in(page, "mette")
    page.get_by_role("link", name="Min konto").click()
    page.get_by_role("link", name="Skift adgangskode").click()
    page.get_by_label("Gammel adgangskode").fill(PASSWORD)
    page.get_by_label(re.compile("^Ny adgangskode")).fill("12345678")
    page.get_by_label("Bekræftelse af ny adgangskode").fill("12345678")
    page.get_by_role("button", name="Skift adgangskode").click()
    assert page.get_by_text("Denne adgangskode er for almindelig").is_visible()
    _no_serious_problems(page)
    page.get_by_label("Gammel adgangskode").fill(PASSWORD)
    page.get_by_label(re.compile("^Ny adgangskode")).fill("sommer-i-frisk-2026")
    page.get_by_label("Bekræftelse af ny adgangskode").fill("sommer-i-frisk-2026")
    page.get_by_role("button", name="Skift adgangskode").click()
    assert page.get_by_text("Din adgangskode er skiftet.").is_visible()
    page.get_by_role("button", name="Log ud").click()

    # Forgotten: reset by e-mail.
    page.goto("/log-ind/")
    page.get_by_role("link", name="Glemt adgangskode?").click()
    _no_serious_problems(page)
    page.get_by_label("E-mail").fill("mette@frisk.dk")
    page.get_by_role("button", name="Send link").click()
    assert page.get_by_role("heading", name="Tjek din e-mail").is_visible()
    link = re.search(r"https?://[^/\s]+(/glemt-adgangskode/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label(re.compile("^Ny adgangskode")).fill("efterår-i-frisk-2026")
    page.get_by_label("Bekræftelse af ny adgangskode").fill("efterår-i-frisk-2026")
    _no_serious_problems(page)
    page.get_by_role("button", name="Gem ny adgangskode").click()
    assert page.get_by_text("Din nye adgangskode er gemt").is_visible()
    log_in(page, "mette", "efterår-i-frisk-2026")
    page.get_by_role("button", name="Log ud").click()

    # Six wrong passwords: locked, and the right one does not help.
    for _ in range(6):
        page.goto("/log-ind/")
        page.get_by_label("Brugernavn").fill("mette")
        page.get_by_label("Adgangskode").fill("forkert")
        page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("heading", name="Log ind er midlertidigt spærret").is_visible()
    _no_serious_problems(page)
    page.goto("/log-ind/")
    page.get_by_label("Brugernavn").fill("mette")
    page.get_by_label("Adgangskode").fill("efterår-i-frisk-2026")
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("heading", name="Log ind er midlertidigt spærret").is_visible()


def test_an_administrator_invites_and_the_person_accepts_with_a_new_user(
    new_context, fresh_org, make_member
):
    make_member(fresh_org, "admin", "chefen")
    admin = new_context().new_page()
    log_in(admin, "chefen")
    admin.goto(f"/o/{fresh_org.slug}/medlemmer/")
    admin.get_by_label("E-mail").fill("ny.kollega@frisk.dk")
    admin.get_by_label("Rolle", exact=False).last.select_option("consultant")
    admin.get_by_role("button", name="Send invitation").click()
    assert admin.get_by_text("Invitationen er sendt til ny.kollega@frisk.dk").is_visible()
    _no_serious_problems(admin)

    link = re.search(r"https?://[^/\s]+(/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)
    person = new_context().new_page()
    person.goto(link)
    assert person.get_by_role("heading", name="Invitation til Frisk Kommune").is_visible()
    _no_serious_problems(person)
    person.get_by_label("Brugernavn").fill("kollega")
    person.get_by_label("Fornavn").fill("Ny")
    person.get_by_label("Efternavn").fill("Kollega")
    person.get_by_label(re.compile("^Adgangskode")).fill("vinter-i-frisk-2026")
    person.get_by_label("Gentag adgangskoden").fill("vinter-i-frisk-2026")
    person.get_by_role("button", name="Opret bruger og tag imod").click()
    assert person.get_by_text("du er medlem af Frisk Kommune").is_visible()
    log_in(person, "kollega", "vinter-i-frisk-2026")
    assert "Frisk Kommune" in person.content()
