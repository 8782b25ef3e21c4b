"""End-to-end flows in headless Chromium: the consultant builds and costs an initiative,
the committee's overview reacts to scenarios without a reload, downloads match the screen,
two people editing the same initiative, and keyboard access."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def _fill_factor(page, key: str, value: str) -> None:
    """Fill the value of the formula factor whose key input holds ``key``."""
    index = page.evaluate(
        """key => [...document.querySelectorAll('input[name$="-key"]')]
                    .find(i => i.value === key).name.split('-')[1]""",
        key,
    )
    page.locator(f'input[name="factor-{index}-value"]').fill(value)


def _add_scenario(page, name: str, hours: str) -> None:
    page.get_by_role("link", name="Tilføj scenarie").click()
    page.get_by_label("Navn").fill(name)
    page.get_by_label(re.compile(r"timer_pr_md")).fill(hours)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Scenariet er gemt.")).to_be_visible()


def test_consultant_builds_costs_and_prioritises_an_initiative(page, fresh_org, make_member):
    make_member(fresh_org, "consultant", "karen")
    log_in(page, "karen")
    # One organisation: straight to its prioritisation overview.
    expect(page.get_by_role("heading", name="Prioriteringsoversigt")).to_be_visible()

    # Create the initiative through the form.
    page.get_by_role("link", name="Indsatser", exact=True).click()
    page.get_by_role("link", name="Opret indsats").click()
    page.get_by_label("Nummer").fill("1.1")
    page.get_by_label("Titel").fill("Frikøb af praktikvejledere")
    page.get_by_label("Tema", exact=True).select_option(
        label="Rekruttering til og fastholdelse i uddannelse"
    )
    page.get_by_label("Prioriteringstrin").fill("1")
    page.get_by_label("Startår").fill("2026")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1.1 Frikøb af praktikvejledere")
    expect(page.get_by_text("Indsatsen 1.1 er oprettet.")).to_be_visible()

    # A formula cost line from the release-time template.
    page.get_by_role("link", name="Tilføj omkostningslinje").click()
    page.get_by_role("link", name=re.compile("^Frikøb: personer")).click()
    page.get_by_label("Betegnelse", exact=True).fill("Frikøb af praktikvejledere")
    expect(page.get_by_label("Gentagelse")).to_have_value("yearly")
    _fill_factor(page, "personer", "50")
    _fill_factor(page, "timer_pr_md", "5")
    expect(page.locator('select[name="factor-3-parameter"]')).to_have_value("timepris_frikob")
    screenshot(page, "flow-cost-line-form")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Omkostningslinjen er gemt.")).to_be_visible()
    expect(
        page.get_by_text("50 personer × 5 timer × 10 mdr. × 201,60 kr. = 504.000 kr.", exact=False)
    ).to_be_visible()

    # Two scenarios.
    _add_scenario(page, "5 timer", "5")
    _add_scenario(page, "10 timer", "10")
    scenarios = page.locator("#scenarier + .table--responsive-scroll table")
    expect(scenarios).to_contain_text("1.008.000 kr.")
    screenshot(page, "flow-initiative-detail")

    # The prioritisation overview.
    page.get_by_role("link", name="Prioritering", exact=True).click()
    row = page.locator('tr[data-code="1.1"]')
    expect(row).to_contain_text("504.000 kr. – 1.008.000 kr.")
    expect(page.get_by_test_id("total-yearly")).to_have_text("504.000 kr.")
    expect(page.get_by_test_id("step-1-yearly")).to_have_text("504.000 kr.")

    # Switching scenario updates the totals via htmx, without reloading the page.
    page.evaluate("window.__indsatsMarker = 'uden genindlæsning'")
    row.get_by_role("combobox").select_option(label="10 timer")
    expect(page.get_by_test_id("total-yearly")).to_have_text("1.008.000 kr.")
    expect(page.get_by_test_id("step-1-yearly")).to_have_text("1.008.000 kr.")
    assert page.evaluate("window.__indsatsMarker") == "uden genindlæsning"
    assert re.search(r"s\d+=\d+", page.url), "the selection is pushed to the address bar"
    screenshot(page, "flow-overview-10-timer")

    # The downloads carry the chosen scenario.
    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Hent PDF").click()
    pdf = pdf_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(pdf.path()).pages)
    assert "1.008.000" in text, text[:2000]

    with page.expect_download() as xlsx_info:
        page.get_by_role("link", name="Hent Excel (XLSX)").click()
    xlsx = xlsx_info.value
    assert xlsx.suggested_filename.endswith(".xlsx")
    from openpyxl import load_workbook

    with open(xlsx.path(), "rb") as f:
        workbook = load_workbook(io.BytesIO(f.read()), data_only=False)
    values = [
        cell
        for sheet in workbook.worksheets
        for row_values in sheet.iter_rows(values_only=True)
        for cell in row_values
    ]
    assert any(v == 1008000 for v in values if isinstance(v, int | float)), values[:80]


def test_two_tabs_editing_the_same_initiative(new_context, fresh_org, make_member):
    from indsats.initiatives import services
    from indsats.initiatives.models import Initiative

    make_member(fresh_org, "consultant", "karen")
    make_member(fresh_org, "admin", "ole")
    initiative = services.initiative_create(
        organisation=fresh_org,
        actor=None,
        code="2.4",
        title="Lektiecafé",
        theme=fresh_org.themes.get(),
        priority_step=1,
        funding="separate",
        state="proposed",
        start_year=2026,
    )
    first, second = new_context().new_page(), new_context().new_page()
    log_in(first, "karen")
    log_in(second, "ole")
    edit = f"/o/{fresh_org.slug}/indsatser/{initiative.pk}/rediger/"
    first.goto(edit)
    second.goto(edit)

    first.get_by_label("Titel").fill("Lektiecafé for SOSU-elever")
    first.get_by_role("button", name="Gem").click()
    expect(first.get_by_text("Ændringerne er gemt.")).to_be_visible()

    second.get_by_label("Titel").fill("Lektiecafé med lærer")
    second.get_by_role("button", name="Gem").click()
    expect(second.get_by_role("alert")).to_contain_text(
        "er blevet ændret af en anden, efter du åbnede den"
    )
    expect(second.get_by_text("Gemt nu: 2.4 Lektiecafé for SOSU-elever.")).to_be_visible()
    expect(second.get_by_label("Titel")).to_have_value("Lektiecafé med lærer")
    screenshot(second, "flow-conflict")
    assert Initiative.objects.get(pk=initiative.pk).title == "Lektiecafé for SOSU-elever"

    # Having compared, the second person saves on top of the new version.
    second.get_by_role("button", name="Gem").click()
    expect(second.get_by_text("Ændringerne er gemt.")).to_be_visible()
    assert Initiative.objects.get(pk=initiative.pk).title == "Lektiecafé med lærer"


@pytest.mark.parametrize("path", ["/log-ind/", "overview", "list"])
def test_skip_link_is_first_and_moves_focus_to_main(page, fresh_org, make_member, path):
    if path != "/log-ind/":
        make_member(fresh_org, "consultant", "karen")
        log_in(page, "karen")
        path = {
            "overview": f"/o/{fresh_org.slug}/prioritering/",
            "list": f"/o/{fresh_org.slug}/indsatser/",
        }[path]
    page.goto(path)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className, text: document.activeElement.textContent,"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "skipnav", "text": "Gå til sidens indhold", "href": "#main-content"}
    # The focused skip link slides into view (a short CSS transition).
    page.wait_for_function(
        "() => { const r = document.querySelector('a.skipnav').getBoundingClientRect();"
        " return r.top >= 0 && r.height > 10; }"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # The next Tab continues inside main, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")
