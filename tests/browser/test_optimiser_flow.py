"""The optimiser in headless Chromium on the Ballerup demo: enter an expected effect, run the
optimiser with a what-if frame, read »Hvorfor?«, adopt the proposal and see the overview
change; then another municipality copies Ballerup's published case into its catalogue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe_violations, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, make_member):
    from indsats.demo.loader import load_ballerup, load_casebank

    ballerup = load_ballerup()
    load_casebank(ballerup)
    make_member(ballerup, "consultant", "karen")
    return ballerup


def test_effects_optimiser_adopt_and_overview(page, demo):
    from indsats.initiatives.models import Initiative

    i32 = Initiative.objects.get(organisation=demo, code="3.2")
    log_in(page, "karen")

    # Enter an expected effect on 3.2 through the form.
    page.goto(f"/o/ballerup/indsatser/{i32.pk}/")
    page.get_by_role("link", name="Forventet effekt og afhængigheder").click()
    page.get_by_label(re.compile(r"^Effekt")).select_option(label="Hænder vundet")
    page.get_by_label(re.compile(r"^Lav")).fill("3")
    page.get_by_role("textbox", name=re.compile(r"^Forventet")).fill("4")
    page.get_by_label(re.compile(r"^Høj")).fill("6")
    page.get_by_label("Kilde eller begrundelse").fill("Erfaringer fra Herlev, 2024")
    page.get_by_role("button", name="Gem effekt", exact=True).click()
    expect(page.get_by_text("Den forventede effekt er gemt.")).to_be_visible()
    expect(page.locator("#effects-table")).to_contain_text("Erfaringer fra Herlev, 2024")

    # Run the optimiser from the overview, with more money in Trin 1 (what-if).
    page.goto("/o/ballerup/prioritering/?year=2020")
    page.get_by_role("link", name="Find det bedste sæt indsatser inden for rammerne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bedste sæt indsatser inden for rammerne"
    )
    page.get_by_label("Ramme, trin 1 (2020)").fill("3.000.000")
    page.get_by_role("button", name="Beregn forslag").click()
    expect(page.locator("#proposal-value")).to_contain_text("Forslaget giver")
    row = page.locator("#proposal-table tr", has_text="Frikøb af tid til planlægning")
    expect(row).to_contain_text("10 timer pr. md.")
    row.get_by_text("Hvorfor?").click()
    expect(row).to_contain_text("Det dyrere scenarie med mere effekt passer ikke")
    expect(page.locator("svg[aria-labelledby^='frontier-chart']")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    screenshot(page, "optimiser-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "optimiser-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Adopt it in one click: the overview now costs 1.1 at 10 hours a month.
    page.get_by_role("button", name="Brug forslaget i oversigten").click()
    expect(page.get_by_text(re.compile("Forslaget er taget ind i oversigten"))).to_be_visible()
    expect(page.get_by_role("heading", name="Prioriteringsoversigt")).to_be_visible()
    expect(page.locator("#overview")).to_contain_text("2.016.000 kr.")


def test_another_municipality_uses_a_published_case(page, demo, fresh_org, make_member):
    from indsats.casebank.models import Case

    case = Case.objects.get(source_initiative__isnull=False, status="published")
    make_member(fresh_org, "consultant", "ole")
    log_in(page, "ole")
    page.goto(f"/casebank/{case.slug}/")
    expect(page.locator("#adoption-count")).to_contain_text("0 andre kommuner")
    page.get_by_role("button", name="Brug denne case").click()
    expect(page.get_by_text(re.compile("Casen er kopieret ind i kataloget"))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.title)
    expect(page.get_by_text("Foreslået").first).to_be_visible()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Indsatser").click()
    expect(page.get_by_role("link", name=re.compile(re.escape(case.title[:30])))).to_be_visible()
    page.goto(f"/casebank/{case.slug}/")
    expect(page.locator("#adoption-count")).to_contain_text("1 anden kommune")
