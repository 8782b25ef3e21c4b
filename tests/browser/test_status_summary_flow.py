"""A reader opens the status report's summary, expands an initiative's figures, and downloads
the whole report as PDF, made by the background worker (django-tasks' `db_worker`) while a
progress page waits for it; axe checks the summary, the figures and the progress page."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe_violations, log_in, screenshot
from tests.reports import status_data
from tests.reports.readers import pdf_text

pytestmark = pytest.mark.browser


@pytest.fixture
def worker(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REPORT_FILES_DIR = tmp_path

    def run():
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO()
        )

    return run


def _accessible(page, name):
    violations = axe_violations(page)
    assert not violations, f"{name}:\n" + describe_violations(violations)


def test_summary_figures_on_demand_and_the_pdf_from_the_worker(
    page, browser, live_server, org, make_member, worker
):
    built = status_data.build(org)
    status_data.report_round(built, 2)
    make_member(org, "readonly", "statuslaeser")
    initiative = built.initiatives["2.1"]
    log_in(page, "statuslaeser")

    page.goto("/o/testrup/rapporter/status/?dato=2026-10-31")
    expect(page.get_by_role("heading", level=1)).to_have_text("Status pr. 31. oktober 2026")
    article = page.locator(f"article:has(h4:has-text('{initiative.title}'))").first
    expect(article).to_contain_text("I risiko")
    expect(page.locator(".status-indicators")).to_have_count(0)  # figures come on demand
    _accessible(page, "status summary")

    article.get_by_role("link", name="Vis indikatorer for 2.1").click()
    figures = article.locator(f"[data-testid=figures-{initiative.pk}]")
    expect(figures.locator("table.status-indicators")).to_be_visible()
    expect(figures.locator("svg.sparkline").first).to_be_visible()
    assert page.url.endswith("?dato=2026-10-31")  # htmx: the page stayed
    _accessible(page, "status summary with figures")
    screenshot(page, "status-summary-figures")

    # the whole report as PDF: the worker makes it, the progress page offers it
    page.get_by_role("link", name="Hent PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportfil")
    expect(page.get_by_role("status")).to_contain_text("Filen venter på at blive lavet")
    _accessible(page, "report file waiting")
    assert "/rapporter/filer/" in page.url

    worker()
    expect(page.get_by_role("status")).to_contain_text("Filen er klar.", timeout=20_000)
    _accessible(page, "report file ready")
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent status-testrup-2026-10-31.pdf").click()
    download = info.value
    assert download.suggested_filename == "status-testrup-2026-10-31.pdf"
    content = open(download.path(), "rb").read()
    assert content.startswith(b"%PDF")
    assert "Status pr. 31. oktober 2026" in pdf_text(content)

    # without JavaScript the progress page reloads itself until the file is ready
    quiet = browser.new_context(base_url=live_server.url, locale="da-DK", java_script_enabled=False)
    try:
        quiet_page = quiet.new_page()
        log_in(quiet_page, "statuslaeser")
        quiet_page.goto("/o/testrup/rapporter/status.docx?dato=2026-10-31")
        expect(quiet_page.get_by_role("status")).to_contain_text("Filen venter")
        worker()
        expect(quiet_page.get_by_role("status")).to_contain_text("Filen er klar.", timeout=10_000)
        assert "Hent status-testrup-2026-10-31.docx" in quiet_page.content()
    finally:
        quiet.close()
