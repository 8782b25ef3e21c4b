"""The main pages at 1280, 768 and 390 px: the menu is reachable at every width (a "Menu"
button and drawer below 992 px), so are "Log ud" and the language switch; no page scrolls
sideways (wide tables scroll inside their own region); axe finds nothing serious or
critical. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_violations, describe_violations, log_in, screenshot

pytestmark = pytest.mark.browser

WIDTHS = (1280, 768, 390)
BLOCKING = {"serious", "critical"}


def _main_pages(org) -> dict[str, str]:
    from indsats.initiatives.models import Initiative

    o = {"org": org.slug}
    i11 = Initiative.objects.get(organisation=org, code="1.1")
    return {
        "overview": reverse("initiatives:prioritisation", kwargs=o) + "?year=2020",
        "initiative-list": reverse("initiatives:list", kwargs=o),
        "initiative-detail": reverse("initiatives:detail", kwargs={**o, "pk": i11.pk}),
        "budget-list": reverse("budgets:list", kwargs=o),
        "indicator-list": reverse("indicators:list", kwargs=o),
        "status-report": reverse("reports:status", kwargs=o),
        "strategies": reverse("strategies:list", kwargs=o),
        "pipeline": reverse("pipeline:overview", kwargs=o),
        "parameters": reverse("organisations:parameters", kwargs=o),
        "optimiser": reverse("initiatives:optimise", kwargs=o) + "?year=2020",
        "my-tasks": reverse("followup:mine", kwargs=o),
        "status-rounds": reverse("followup:rounds", kwargs=o),
    }


def _sideways(page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_at_every_width(new_context, ballerup, width):
    context = new_context()
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "demo", "indsats-demo")
    problems = []
    for name, path in _main_pages(ballerup).items():
        response = page.goto(path)
        assert response.status == 200, (name, response.status)
        screenshot(page, f"mobile-{width}-{name}")
        if (extra := _sideways(page)) > 0:
            problems.append(f"{name} at {width} px scrolls {extra} px sideways")
        blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
        if blocking:
            problems.append(f"axe on {name} at {width} px:\n" + describe_violations(blocking))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_menu_log_out_and_language_are_reachable(new_context, ballerup, width):
    page = new_context().new_page()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "demo", "indsats-demo")
    page.goto(reverse("initiatives:list", kwargs={"org": ballerup.slug}))
    menu_button = page.get_by_role("button", name="Menu", exact=True)
    if width >= 992:
        assert not menu_button.is_visible()
        header = page.locator("header .portal-user")
        assert header.get_by_role("button", name="Log ud").is_visible()
        assert header.get_by_role("button", name="English").is_visible()
        assert page.locator(".navigation-menu").get_by_role("link", name="Budget").is_visible()
        return
    assert not page.locator(".navigation-menu").is_visible()
    assert menu_button.is_visible()
    assert menu_button.get_attribute("aria-expanded") == "false"
    menu_button.click()
    drawer = page.get_by_role("dialog", name="Menu")
    assert drawer.is_visible()
    assert menu_button.get_attribute("aria-expanded") == "true"
    assert drawer.get_by_role("link", name="Budget").is_visible()
    assert drawer.get_by_role("button", name="Log ud").is_visible()
    assert drawer.get_by_role("button", name="English").is_visible()
    screenshot(page, f"mobile-{width}-menu-open")
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, describe_violations(blocking)
    page.keyboard.press("Escape")
    assert not drawer.is_visible()
    # The drawer's menu leads somewhere, and its language switch works.
    menu_button.click()
    drawer.get_by_role("link", name="Budget").click()
    page.wait_for_load_state()
    assert "/budget" in page.url
    page.get_by_role("button", name="Menu", exact=True).click()
    page.get_by_role("dialog", name="Menu").get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Menu", exact=True).click()
    page.get_by_role("dialog", name="Menu").get_by_role("button", name="Dansk").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Menu", exact=True).click()
    page.get_by_role("dialog", name="Menu").get_by_role("button", name="Log ud").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log ind").is_visible()
