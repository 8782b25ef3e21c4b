"""A manager writes a status update with indicator values on an initiative, and sees it on the
initiative page, on the indicator's page with its chart, and in the status report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def funded(fresh_org, make_member):
    """Frisk Kommune with initiative 1.1 funded by budget note SO19 and two indicators."""
    from indsats.budgets import services as budget_services
    from indsats.indicators import services as indicator_services
    from indsats.initiatives import services as initiative_services
    from indsats.initiatives.models import Theme

    consultant = make_member(fresh_org, "consultant", "karen")
    make_member(fresh_org, "manager", "leder")
    initiative = initiative_services.initiative_create(
        organisation=fresh_org,
        actor=consultant,
        code="1.1",
        title="Frikøb af praktikvejledere",
        theme=Theme.objects.get(organisation=fresh_org),
        funding="separate",
        state="running",
        start_year=2024,
    )
    note = budget_services.budget_note_create(
        organisation=fresh_org,
        actor=consultant,
        code="SO19",
        title="God start i Socialforvaltningen",
        budget_year=2026,
        initiatives=[initiative],
    )
    budget_services.allocation_set(
        note=note,
        actor=consultant,
        amounts={2026: Decimal("7339000"), 2027: Decimal("5373000")},
        price_level="2022-pl",
    )
    turnover = indicator_services.indicator_create(
        organisation=fresh_org,
        actor=consultant,
        name="Personaleomsætning",
        unit="percent",
        direction="lower",
        initiative=initiative,
    )
    indicator_services.target_set(
        indicator=turnover,
        actor=consultant,
        baseline_value=Decimal("21"),
        baseline_year=2023,
        target_value=Decimal("15"),
        deadline_year=2027,
    )
    indicator_services.indicator_value_add(
        indicator=turnover,
        actor=consultant,
        year=2024,
        value=Decimal("20.1"),
        recorded_on=timezone.localdate() - dt.timedelta(days=300),
    )
    indicator_services.indicator_value_add(
        indicator=turnover,
        actor=consultant,
        year=2025,
        value=Decimal("19.5"),
        recorded_on=timezone.localdate() - dt.timedelta(days=100),
    )
    indicator_services.indicator_create(
        organisation=fresh_org,
        actor=consultant,
        name="Medarbejdere startet på uddannelse",
        unit="count",
        budget_note=note,
    )
    return fresh_org, initiative


def test_manager_writes_a_status_with_indicator_values(page, funded):
    org, initiative = funded
    log_in(page, "leder")

    # The reminders list says the initiative has never had a status, and leads to the form.
    page.get_by_role("link", name="Mangler status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mangler status")
    expect(page.get_by_text("Aldrig")).to_be_visible()
    page.get_by_role("link", name="Skriv status for 1.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny status: 1.1")

    as_of = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Status pr.").fill(as_of.isoformat())
    page.get_by_label("I risiko").check()
    page.get_by_label("Beskrivelse").fill(
        "80 af 100 vejledere er frikøbt.\n\n- Næste skridt: de sidste 20 i efteråret"
    )
    # A percent sign on a count is refused, naming the indicator; the input is kept.
    page.get_by_label("Medarbejdere startet på uddannelse", exact=True).fill("12,5%")
    page.get_by_label("Personaleomsætning", exact=True).fill("18,4 %")
    page.get_by_label("År for Personaleomsætning").fill(str(as_of.year))
    page.get_by_role("button", name="Gem status").click()
    expect(page.get_by_text("Status er ikke gemt")).to_be_visible()
    expect(
        page.get_by_text(
            "Værdi for »Medarbejdere startet på uddannelse«: »12,5%« er en procentsats"
        )
    ).to_be_visible()
    expect(page.get_by_label("Beskrivelse")).to_contain_text("80 af 100 vejledere")
    screenshot(page, "status-form-errors")

    page.get_by_label("Medarbejdere startet på uddannelse", exact=True).fill("12")
    page.get_by_role("button", name="Gem status").click()

    # The initiative page shows the status with its colour and the values reported.
    expect(page.get_by_role("heading", level=1)).to_have_text("1.1 Frikøb af praktikvejledere")
    expect(page.get_by_role("heading", name=f"Status pr. {as_of.day}.")).to_be_visible()
    history = page.locator(".status-history")
    expect(history).to_contain_text("I risiko")
    expect(history).to_contain_text("80 af 100 vejledere er frikøbt.")
    expect(history.locator("li li")).to_have_text("Næste skridt: de sidste 20 i efteråret")
    expect(history.locator("table")).to_contain_text("18,4 %")
    expect(history.locator("table")).to_contain_text("12")
    indicators = page.locator("#indikatorer + div table")
    expect(indicators).to_contain_text(f"{as_of.year}: 18,4 %")
    screenshot(page, "status-initiative-page")

    # The indicator's page: the new value in the table and in the chart.
    history.get_by_role("link", name="Personaleomsætning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personaleomsætning")
    expect(page.locator(".value-table")).to_contain_text("18,4 %")
    chart = page.locator(".chart-wrap svg")
    expect(chart).to_be_visible()
    expect(chart.locator("desc")).to_contain_text(f"{as_of.year}: 18,4 %")
    screenshot(page, "status-indicator-chart")

    # The status report as of today shows it under the budget note.
    page.goto(f"/o/{org.slug}/rapporter/status/?dato={timezone.localdate().isoformat()}&fuld=1")
    report = page.locator(f"article:has(h4:has-text('{initiative.title}'))")
    expect(report).to_contain_text("I risiko")
    expect(report).to_contain_text("80 af 100 vejledere er frikøbt.")
    expect(report).to_contain_text("18,4 %")
    # … and as of a date before the status, it does not.
    before = (as_of - dt.timedelta(days=1)).isoformat()
    page.goto(f"/o/{org.slug}/rapporter/status/?dato={before}&fuld=1")
    expect(page.locator(f"article:has(h4:has-text('{initiative.title}'))")).not_to_contain_text(
        "80 af 100 vejledere"
    )
    screenshot(page, "status-report")


def test_a_manager_corrects_a_status(page, funded):
    from indsats.followup import services
    from indsats.organisations.models import Membership

    org, initiative = funded
    consultant = Membership.objects.get(organisation=org, role="consultant").user
    services.status_update_create(
        initiative=initiative,
        actor=consultant,
        as_of=timezone.localdate() - dt.timedelta(days=2),
        state="on_track",
        text="Alle vejledere er frikøbt.",
    )
    log_in(page, "leder")
    page.goto(f"/o/{org.slug}/indsatser/{initiative.pk}/")
    page.get_by_role("link", name="Ret status").click()
    expect(page.get_by_label("Beskrivelse")).to_have_value("Alle vejledere er frikøbt.")
    page.get_by_label("Følger ikke planen").check()
    page.get_by_label("Beskrivelse").fill("Kun halvdelen af vejlederne er frikøbt.")
    page.get_by_role("button", name="Gem rettelse").click()
    expect(page.get_by_text("Rettelsen er gemt som en ny version")).to_be_visible()
    entries = page.locator(".status-entry")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("Kun halvdelen af vejlederne er frikøbt.")
    expect(entries.nth(1)).to_contain_text("Alle vejledere er frikøbt.")
    expect(entries.nth(1)).to_contain_text("rettet af")
    screenshot(page, "status-corrected")
