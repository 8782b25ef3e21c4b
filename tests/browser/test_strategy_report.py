"""A committee member opens the strategy follow-up report, switches to the sharing mode and
sees "<5" where a small count was, and downloads the PDF."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def small_org(fresh_org, make_member):
    from tests.reports import strategy_data

    make_member(fresh_org, "readonly", "udvalg")
    return fresh_org, strategy_data.small_counts(fresh_org)


def test_open_share_and_download(page, small_org):
    org, strategy = small_org
    log_in(page, "udvalg")
    page.goto(f"/o/{org.slug}/rapporter/strategi/")
    page.get_by_role("link", name="Opfølgning på Lille strategi").click()
    page.get_by_label("Opfølgningsår").select_option("2024")
    page.get_by_role("button", name="Vis rapport").click()
    expect(page.get_by_role("heading", name="Lille strategi", level=1)).to_be_visible()
    cohorts = page.locator("table.pipeline-table").first
    ssh_2021 = cohorts.locator("tr", has_text="SSH, årgang 2021")
    # Unshared: the 3 dropouts and 4 hires of SSH 2021 are shown.
    expect(ssh_2021.locator('td[data-kind="count"]').nth(2)).to_have_text("3")
    expect(ssh_2021.locator('td[data-kind="count"]').nth(4)).to_have_text("4")
    screenshot(page, "strategy-report")

    page.get_by_label("Til deling uden for organisationen (skjul antal under 5)").check()
    page.get_by_role("button", name="Vis rapport").click()
    expect(page.get_by_role("note")).to_contain_text("Til deling uden for organisationen")
    assert "deling=1" in page.url
    ssh_2021 = page.locator("table.pipeline-table").first.locator("tr", has_text="SSH, årgang 2021")
    expect(ssh_2021.locator('td[data-kind="count"]').nth(2)).to_have_text("<5")
    expect(ssh_2021.locator('td[data-kind="count"]').nth(4)).to_have_text("<5")
    criterion = page.locator("table.criteria-table tr", has_text="fem egne SSH")
    expect(criterion.locator('td[data-kind="count"]').last).to_have_text("<5 (2023)")
    expect(page.locator("#note-under-5")).to_contain_text("tal under 5 vises ikke")
    expect(page.locator("#note-under-5")).to_contain_text("»skjult« står for et tal")
    screenshot(page, "strategy-report-shared")

    link = page.get_by_role("link", name="Hent PDF")
    href = link.get_attribute("href")
    assert "deling=1" in href
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
