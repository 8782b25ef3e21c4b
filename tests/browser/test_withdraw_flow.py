"""A manager withdraws a wrong indicator value on the indicator's page: the chart, its table and
the status report drop it (the earlier value counts again), the history keeps both values and
the withdrawal, and "Fortryd" brings it back. axe-core checks the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe_violations, log_in, screenshot
from tests.browser.test_status_flow import funded  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def _accessible(page):
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_a_wrong_value_is_withdrawn_and_restored(page, funded):  # noqa: F811 - the fixture
    from indsats.indicators import services
    from indsats.indicators.models import Indicator
    from indsats.organisations.models import Membership

    org, initiative = funded
    turnover = Indicator.objects.get(organisation=org, name="Personaleomsætning")
    consultant = Membership.objects.get(organisation=org, role="consultant").user
    services.indicator_value_add(  # 19,5 % typed as 91,5 %: the newest version counts
        indicator=turnover,
        actor=consultant,
        year=2025,
        value=Decimal("91.5"),
        recorded_on=timezone.localdate() - dt.timedelta(days=10),
        note="Indtastet fra regneark",
    )
    report_url = f"/o/{org.slug}/rapporter/status/?dato={timezone.localdate().isoformat()}&fuld=1"
    log_in(page, "leder")
    page.goto(report_url)
    article = page.locator(f"article:has(h4:has-text('{initiative.title}'))")
    expect(article).to_contain_text("91,5 %")

    page.goto(f"/o/{org.slug}/indikatorer/{turnover.pk}/")
    chart = page.locator(".chart-wrap svg")
    expect(chart.locator("desc")).to_contain_text("2025: 91,5 %")
    page.get_by_role("link", name="Træk tilbage 91,5 % (2025)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Træk værdien tilbage")
    expect(page.get_by_text("Personaleomsætning: 91,5 % (2025)")).to_be_visible()
    _accessible(page)
    page.get_by_label("Begrundelse (valgfri)").fill("Tastefejl: 19,5 blev til 91,5")
    page.get_by_role("button", name="Ja, træk værdien tilbage").click()

    # Back on the indicator's page: the chart and the current value are the earlier 19,5 %.
    expect(page.get_by_text("Værdien 91,5 % for 2025 er trukket tilbage.")).to_be_visible()
    expect(chart.locator("desc")).to_contain_text("2025: 19,5 %")
    expect(chart.locator("desc")).not_to_contain_text("91,5")
    rows = page.locator(".value-table [data-testid=value-row]")
    withdrawn = rows.filter(has_text="91,5 %")
    expect(withdrawn).to_contain_text("trukket tilbage")
    expect(withdrawn).to_contain_text("Tastefejl: 19,5 blev til 91,5")
    expect(rows.filter(has_text="19,5 %").locator("strong")).to_have_text("19,5 %")
    expect(rows).to_have_count(3)  # 2024, and both 2025 values: the history keeps them
    _accessible(page)
    screenshot(page, "indicator-value-withdrawn")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "indicator-value-withdrawn-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The status report (as of today, and as of a date when the wrong value counted).
    page.goto(report_url)
    expect(article).to_contain_text("19,5 %")
    expect(article).not_to_contain_text("91,5 %")
    earlier = (timezone.localdate() - dt.timedelta(days=5)).isoformat()
    page.goto(f"/o/{org.slug}/rapporter/status/?dato={earlier}&fuld=1")
    expect(article).not_to_contain_text("91,5 %")

    # Fortryd: the value counts again.
    page.goto(f"/o/{org.slug}/indikatorer/{turnover.pk}/")
    page.get_by_role("button", name="Fortryd tilbagetrækning af 91,5 % (2025)").click()
    expect(page.get_by_text("Værdien 91,5 % for 2025 tæller igen.")).to_be_visible()
    expect(chart.locator("desc")).to_contain_text("2025: 91,5 %")
    expect(rows.filter(has_text="91,5 %")).to_contain_text("Genindsat")
    page.goto(report_url)
    expect(article).to_contain_text("91,5 %")
