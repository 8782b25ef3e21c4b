"""Headless Chromium (Debian's, /usr/bin/chromium) driven by Playwright against
pytest-django's live server. One browser per session, a fresh context per test."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

# The Playwright sync API runs an event loop in this thread; Django's ORM refuses to run in
# a thread with a running loop unless told it is fine (it is: the loop is Playwright's).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
PASSWORD = "hemmeligt-kodeord"  # tests.factories.UserFactory's


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, live_server):
    """Open browser contexts (like separate browsers) on the live server; closed after."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url,
            locale="da-DK",
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
            # axe-core is injected as an inline script, which the Content-Security-Policy
            # forbids; tests/browser/test_api_docs.py checks the policy without this.
            bypass_csp=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person would."""
    page.goto("/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
    assert "/log-ind/" not in page.url, "login failed"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page (WCAG 2.0/2.1 A and AA) and return its violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    assert result["passes"], "axe checked nothing"
    if os.environ.get("INDSATS_AXE_VERBOSE"):
        print(f"axe {page.url}: {len(result['passes'])} rules pass")
        print(describe_violations(result["violations"]))
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


@pytest.fixture
def fresh_org(transactional_db, make_member):
    """A new organisation with the release-time rate 201,60 kr. and one theme."""
    from indsats.initiatives import services as initiative_services
    from indsats.organisations import services as org_services

    org = org_services.organisation_create(
        actor=None, slug="frisk", name="Frisk Kommune", budget_year=2026
    )
    org_services.parameter_create(
        actor=None,
        organisation=org,
        key="timepris_frikob",
        name="Timepris, frikøb",
        unit="kr.",
        value=Decimal("201.60"),
        valid_from=dt.date(2020, 1, 1),
    )
    initiative_services.theme_get_or_create(
        actor=None, organisation=org, name="Rekruttering til og fastholdelse i uddannelse"
    )
    return org
