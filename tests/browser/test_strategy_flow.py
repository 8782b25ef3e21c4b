"""A consultant adds a success criterion on a pipeline KPI and sees its verdict on the strategy
page, then sets the implementation status of a local initiative under a national programme and
sees it in the programme table."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe_violations, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def sosu(org, make_member):
    """A strategy with a focus area and Bilag 1's »Spireordning« item awaiting, and entered
    cohort totals with own SSH going on to SSA (5 in 2023, 4 in 2024)."""
    from indsats.strategies import services
    from indsats.students.models import CohortFigures

    make_member(org, "consultant", "karen")
    strategy = services.strategy_create(
        organisation=org,
        actor=None,
        title="Uddannelse af fremtidens social- og sundhedsmedarbejdere",
        start_year=2024,
        end_year=2027,
    )
    services.focus_area_save(strategy=strategy, actor=None, name="#3 Efter uddannelse")
    programme = services.programme_save(
        strategy=strategy, actor=None, name="Forberedt på fremtiden III"
    )
    item = services.item_save(
        programme=programme,
        actor=None,
        text="Spireordning, hvor 14-17årige kan søge et fritidsjob i ældreplejen",
    )
    services.response_create(
        item=item, actor=None, text="Initiativet er sat i bero.", status="awaiting"
    )
    for year, own in ((2023, 5), (2024, 4)):
        CohortFigures.objects.create(
            organisation=org, education="ssa", cohort_year=year, started=56, internal_ssh=own
        )
    return strategy


def test_criterion_verdict_and_programme_status(page, org, sosu):
    log_in(page, "karen")
    page.get_by_role("link", name="Strategier").first.click()
    page.get_by_role(
        "link", name="Uddannelse af fremtidens social- og sundhedsmedarbejdere"
    ).click()
    expect(page.get_by_text("Strategien har ingen succeskriterier endnu.")).to_be_visible()

    page.get_by_role("link", name="Nyt succeskriterium", exact=True).click()
    page.get_by_label("Succeskriterium").fill(
        "At vi årligt fortsat ansætter minimum fem af vores egen SSH-medarbejdere som SSA-elever."
    )
    page.get_by_label("Fokusområde").select_option(label="#3 Efter uddannelse")
    page.get_by_label("Måles på").select_option("kpi")
    page.get_by_label("Elev-nøgletal").select_option("internal_ssh")
    page.get_by_label("Uddannelse").select_option("ssa")
    page.get_by_label("Type mål").select_option("change_pp")
    page.get_by_label("Udgangsværdi").fill("5")
    page.get_by_label("Udgangsår").fill("2023")
    page.locator("#id_target_value").fill("5")
    page.get_by_label("Frist (år)").fill("2027")
    page.get_by_role("button", name="Gem").click()
    # A change in points on a count is refused, with the input kept.
    expect(
        page.get_by_text("tæller antal, så målet kan ikke være en ændring i procentpoint")
    ).to_be_visible()
    expect(page.get_by_label("Udgangsværdi")).to_have_value("5")
    screenshot(page, "strategy-criterion-refused")
    page.get_by_label("Type mål").select_option("min_year")
    page.get_by_role("button", name="Gem").click()

    criterion = page.get_by_test_id("criterion")
    expect(criterion.get_by_test_id("verdict")).to_have_text("Bagud i forhold til målet")
    expect(criterion.get_by_test_id("explanation")).to_have_text(
        "Senest 4 (2024); målet er mindst 5 hvert år til 2027. Det seneste år nåede ikke målet."
    )
    expect(page.locator(".criteria-table")).to_contain_text("Egne SSH ansat som SSA-elever")
    screenshot(page, "strategy-with-criterion")

    page.get_by_role("link", name="Ret status").click()
    page.get_by_label("Status for implementering").select_option(label="Implementeret")
    page.locator("#id_status_year").fill("2025")
    page.get_by_role("button", name="Gem").click()
    row = page.get_by_test_id("response")
    expect(row.get_by_test_id("status")).to_have_text("Implementeret 2025")
    screenshot(page, "strategy-programme-status")
    blocking = [v for v in axe_violations(page) if v["impact"] in {"serious", "critical"}]
    assert not blocking, describe_violations(blocking)
