"""A committee member switches the status report to the "Tabel" layout on screen: one table, a
row per initiative, with the overdue mark; the layout stays in the URL and in the download
links; the page passes axe and does not scroll sideways on a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe_violations, log_in, screenshot
from tests.browser.test_status_flow import funded  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def test_the_status_report_switches_to_the_table_layout(page, funded):  # noqa: F811
    from indsats.followup import services
    from indsats.organisations.models import Membership

    org, initiative = funded
    consultant = Membership.objects.get(organisation=org, role="consultant").user
    written = timezone.localdate() - dt.timedelta(days=200)
    services.status_update_create(
        initiative=initiative,
        actor=consultant,
        as_of=written,
        state="on_track",
        text="Alle vejledere er frikøbt.\n\n- 24 er startet på uddannelse",
    )
    log_in(page, "leder")
    page.goto(f"/o/{org.slug}/rapporter/status/")
    expect(page.get_by_role("radio", name="Rapport")).to_be_checked()
    expect(page.get_by_test_id("status-table")).to_have_count(0)

    page.get_by_role("radio", name="Tabel").check()
    page.get_by_role("button", name="Vis status").click()
    expect(page).to_have_url(re.compile(r"opstilling=tabel"))
    table = page.get_by_test_id("status-table")
    expect(table).to_be_visible()
    expect(table.locator("thead")).to_contain_text("Afsatte midler")
    row = table.locator("tbody tr").first
    expect(row).to_contain_text("SO19 God start i Socialforvaltningen")
    expect(row).to_contain_text("1.1 Frikøb af praktikvejledere")
    expect(row).to_contain_text("2026: 7,339 mio. kr.")
    expect(row).to_contain_text("Følger planen")
    expect(row).to_contain_text("24 er startet på uddannelse")
    expect(row.get_by_test_id("overdue")).to_contain_text("Status mangler siden")
    expect(row).to_contain_text("Personaleomsætning:")
    expect(page.get_by_role("radio", name="Tabel")).to_be_checked()
    for name in ("Hent PDF", "Hent Word (DOCX)", "Hent Excel (XLSX)"):
        expect(page.get_by_role("link", name=name)).to_have_attribute(
            "href", re.compile(r"opstilling=tabel")
        )
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent PDF").click()
    assert download.value.suggested_filename.startswith(f"status-tabel-{org.slug}-")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    screenshot(page, "status-table-1280")

    # On a phone the cells stack under their headings; nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(table).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    screenshot(page, "status-table-390")

    # Back to the report layout.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("radio", name="Rapport").check()
    page.get_by_role("button", name="Vis status").click()
    expect(page).to_have_url(re.compile(r"opstilling=rapport"))
    expect(page.get_by_test_id("status-table")).to_have_count(0)
    expect(page.locator("article:has(h4:has-text('Frikøb af praktikvejledere'))")).to_be_visible()
