"""A consultant enters Frederikssund's published figures through the totals pages and sees the
funnel and the dropout causes on /elever/; the comparison page highlights the own
organisation among the municipalities that share."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def _add_cohort(page, education: str, year: str, started, completed, dropped, hired) -> None:
    page.get_by_role("link", name="Tilføj årgang").click()
    page.locator("#id_education").select_option(label=education)
    page.locator("#id_cohort_year").fill(year)
    page.locator("#id_started").fill(started)
    page.locator("#id_completed").fill(completed)
    page.locator("#id_dropped_out").fill(dropped)
    page.locator("#id_hired").fill(hired)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Årgangstallene er gemt.")).to_be_visible()


def _enter_causes(page, education: str, counts: dict[str, str]) -> None:
    form = page.get_by_role("form", name="Indtast en opdeling")
    form.get_by_label("Opdeling").select_option(label="Frafaldsårsag")
    form.get_by_label("Uddannelse").select_option(label=education)
    form.get_by_label("År (frafaldsår eller årgang)").fill("2023")
    form.get_by_role("button", name="Indtast").click()
    for label, count in counts.items():
        page.get_by_label(label, exact=True).fill(count)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Tallene er gemt.")).to_be_visible()


def test_published_figures_entered_give_funnel_causes_and_comparison(
    page, transactional_db, make_member
):
    from indsats.organisations import services as org_services
    from indsats.students import services_totals

    org = org_services.organisation_create(
        actor=None, slug="frederikssund", name="Frederikssund Kommune", budget_year=2026
    )
    make_member(org, "consultant", "sofie")
    other = org_services.organisation_create(
        actor=None, slug="naboby", name="Naboby Kommune", budget_year=2026
    )
    other.share_pipeline = True
    other.save()
    services_totals.cohort_figures_save(
        organisation=other,
        actor=None,
        education="ssh",
        cohort_year=2022,
        started=40,
        completed=30,
        dropped_out=10,
        hired=15,
    )

    log_in(page, "sofie")
    page.goto("/o/frederikssund/elever/")
    expect(page.get_by_text("Der er ingen elevtal endnu")).to_be_visible()
    page.get_by_role("link", name="Indtast elevtal").click()
    _add_cohort(page, "Social- og sundhedshjælper (SSH)", "2022", "37", "31", "6", "19")
    _add_cohort(page, "Social- og sundhedsassistent (SSA)", "2020", "45", "27", "18", "15")
    _enter_causes(
        page,
        "SSA",
        {
            "Udfordringer i privatlivet": "6",
            "For høje faglige krav": "5",
            "Fravær": "4",
            "Fysisk / psykisk sygdom": "3",
            "Skift fra SSA til SSH": "3",
            "Ansættelse i anden kommune": "3",
            "Flyttet til anden kommune": "1",
            "Dødsfald": "1",
            "Andet": "2",
        },
    )
    _enter_causes(
        page,
        "SSH",
        {"For høje faglige krav": "5", "Forkert uddannelsesvalg": "2", "Andet": "2"},
    )
    screenshot(page, "pipeline-totals")

    page.get_by_role("link", name="Elever", exact=True).click()
    expect(page.get_by_test_id("overall-yield")).to_have_text("41,5 %")
    funnel = page.locator("svg.funnel-chart")
    expect(funnel).to_be_visible()
    expect(funnel.locator("desc")).to_contain_text("83,8 %")
    ssh = page.locator('table[data-education="ssh"].cohort-table')
    expect(ssh.locator('td[data-kpi="completion"]')).to_have_text("83,8 %")
    expect(ssh.locator('td[data-kpi="hire"]')).to_have_text("61,3 %")
    ssa = page.locator('table[data-education="ssa"].cohort-table')
    expect(ssa.locator('td[data-kpi="completion"]')).to_have_text("60,0 %")
    expect(ssa.locator('td[data-kpi="hire"]')).to_have_text("55,6 %")
    expect(page.locator("svg.causes-chart")).to_be_visible()
    causes = page.locator('table[data-kind="cause"][data-education="ssa"][data-year="2023"]')
    expect(causes.get_by_role("row", name="Udfordringer i privatlivet 6")).to_be_visible()
    expect(causes.get_by_role("row", name="I alt 28")).to_be_visible()
    ssh_causes = page.locator('table[data-kind="cause"][data-education="ssh"][data-year="2023"]')
    expect(ssh_causes.get_by_role("row", name="I alt 9")).to_be_visible()
    screenshot(page, "pipeline-overview")

    page.get_by_role("link", name="Sammenlign med andre kommuner").click()
    page.get_by_label("Nøgletal", exact=True).select_option(label="Gennemførelse")
    page.get_by_label("Uddannelse", exact=True).select_option(label="SSH")
    page.get_by_role("button", name="Vis").click()
    own = page.locator("tr.own")
    expect(own).to_contain_text("Frederikssund Kommune")
    expect(own).to_contain_text("deler ikke")
    expect(own.locator("td.value")).to_have_text("83,8 %")
    expect(page.get_by_role("row", name="Naboby Kommune 75,0 % 30 40")).to_be_visible()
    expect(page.locator("svg.comparison-chart")).to_be_visible()
    screenshot(page, "pipeline-comparison")
