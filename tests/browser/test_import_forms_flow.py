"""The web side of what was CLI-only: a consultant imports indicator values back-filled for an
earlier year (the page asks for »Opgjort pr.« before writing anything), imports status texts
from a CSV file, and an administrator sets the order of the budget notes. Every page passes
axe, at 1280 px and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe_violations, log_in, screenshot
from tests.browser.test_status_flow import funded  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def _csv(path, lines: list[str]):
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return str(path)


def _axe(page):
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_indicator_values_for_an_earlier_year_ask_for_the_as_of_date(page, funded, tmp_path):  # noqa: F811
    from indsats.indicators.models import IndicatorValue

    org, _initiative = funded
    values = _csv(
        tmp_path / "Værdier.csv",
        ["Indikator;Ejer;År;Værdi", "Personaleomsætning;1.1;2023;22,4 pct."],
    )
    log_in(page, "karen")
    page.goto(f"/o/{org.slug}/indikatorer/")
    page.get_by_role("link", name="Import og eksport (Excel)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importér indikatorer")
    _axe(page)

    page.get_by_label("Excel-fil (.xlsx) eller CSV-filer (.csv)").set_input_files(values)
    page.get_by_role("button", name="Indlæs filen").click()
    warning = page.locator("#import-warning")
    expect(warning).to_contain_text("Filen er ikke indlæst endnu")
    expect(warning).to_contain_text("række 2, »Personaleomsætning« 2023")
    assert not IndicatorValue.objects.filter(year=2023).exists()
    _axe(page)
    screenshot(page, "indicator-import-as-of-1280")

    page.get_by_label("Excel-fil (.xlsx) eller CSV-filer (.csv)").set_input_files(values)
    page.get_by_label("Opgjort pr.").fill("2026-04-30")
    page.get_by_role("button", name="Indlæs filen").click()
    expect(
        page.get_by_text("Importeret: 0 nye, 0 ændrede, 0 uændrede indikatorer; 1 nye værdier")
    ).to_be_visible()
    value = IndicatorValue.objects.get(year=2023)
    assert value.recorded_on.isoformat() == "2026-04-30"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _axe(page)


def test_status_texts_are_imported_from_a_csv(page, funded, tmp_path):  # noqa: F811
    org, _initiative = funded
    good = _csv(
        tmp_path / "Status.csv",
        [
            "Indsats;Status pr.;Vurdering;Status;Skrevet af",
            '1.1;30-04-2026;Følger planen;"Alle vejledere er frikøbt.\n\n- 24 er startet";Karen',
        ],
    )
    bad = _csv(
        tmp_path / "Status-fejl.csv",
        ["Indsats;Status pr.;Vurdering;Status;Skrevet af", "9.9;30-04-2026;;Findes ikke.;"],
    )
    log_in(page, "karen")
    page.goto(f"/o/{org.slug}/status/mangler/")
    page.get_by_role("link", name="Statustekster fra Excel eller CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importér statustekster")

    page.get_by_label("Excel-fil (.xlsx) eller CSV-filer (.csv)").set_input_files(bad)
    page.get_by_role("button", name="Indlæs filen").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text(
        "Der er ingen indsats 9.9 i kataloget. Skriv nummeret, fx »1.1«."
    )
    _axe(page)

    page.get_by_label("Excel-fil (.xlsx) eller CSV-filer (.csv)").set_input_files(good)
    page.get_by_role("button", name="Indlæs filen").click()
    expect(page.get_by_text("Importeret: 1 nye og 0 uændrede statustekster.")).to_be_visible()
    page.goto(f"/o/{org.slug}/rapporter/status/?dato=2026-04-30")
    expect(page.get_by_text("24 er startet")).to_be_visible()


def test_an_administrator_sets_the_order_of_budget_notes(page, funded, make_member):  # noqa: F811
    org, initiative = funded
    from indsats.budgets import services as budget_services
    from indsats.organisations.models import Membership

    consultant = Membership.objects.get(organisation=org, role="consultant").user
    budget_services.budget_note_create(
        organisation=org, actor=consultant, code="ØK77", title="Uddannelsesløft",
        budget_year=2026, initiatives=[initiative],
    )  # fmt: skip
    make_member(org, "admin", "admin")
    log_in(page, "admin")
    page.goto(f"/o/{org.slug}/indstillinger/")
    page.get_by_label("Budgetnotaternes rækkefølge").fill("ØK77, SO19")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Indstillingerne er gemt.")).to_be_visible()
    expect(page.get_by_label("Budgetnotaternes rækkefølge")).to_have_value("ØK77, SO19")
    _axe(page)
    screenshot(page, "settings-note-order-1280")

    page.goto(f"/o/{org.slug}/rapporter/status/")
    headings = page.locator("h3").all_inner_texts()
    codes = [h.split()[0] for h in headings if h.split() and h.split()[0] in ("ØK77", "SO19")]
    assert codes == ["ØK77", "SO19"]


def test_a_note_records_the_scenario_it_funds(page, funded):  # noqa: F811
    from decimal import Decimal

    from indsats.budgets.models import BudgetNote
    from indsats.initiatives import services as initiative_services
    from indsats.organisations.models import Membership
    from tests.factories import CostFactorFactory, CostLineFactory

    org, initiative = funded
    consultant = Membership.objects.get(organisation=org, role="consultant").user
    line = CostLineFactory(initiative=initiative, recurrence="yearly", stated_amount=None)
    CostFactorFactory(cost_line=line, key="timer", label="Timer", unit="timer", value=Decimal(5))
    for hours in (5, 15):
        initiative_services.scenario_save(
            initiative=initiative,
            actor=consultant,
            name=f"{hours} timer pr. md.",
            values={"timer": Decimal(hours)},
        )
    note = BudgetNote.objects.get(organisation=org, code="SO19")
    log_in(page, "karen")
    page.goto(f"/o/{org.slug}/budget/{note.pk}/")
    page.get_by_role("link", name="Finansierede scenarier").click()
    page.get_by_label("1.1 Frikøb af praktikvejledere").select_option(label="15 timer pr. md.")
    _axe(page)
    page.get_by_role("button", name="Gem scenarier").click()
    expect(page.get_by_text("De finansierede scenarier er gemt.")).to_be_visible()
    assert [s.name for s in note.funded_scenarios.all()] == ["15 timer pr. md."]
