"""An owner gets a reminder, opens "Mine opgaver", follows the reminder's link, submits the
status; the round's progress and the status report change."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def round_org(fresh_org, make_member):
    from indsats.budgets import services as budget_services
    from indsats.followup import services as followup_services
    from indsats.initiatives import services as initiative_services
    from indsats.initiatives.models import Theme

    consultant = make_member(fresh_org, "consultant", "konsulent")
    owner = make_member(fresh_org, "manager", "karen")
    owner.first_name, owner.last_name, owner.email = "Karen", "Jensen", "karen@frisk.dk"
    owner.save()
    theme = Theme.objects.get(organisation=fresh_org)
    initiatives = [
        initiative_services.initiative_create(
            organisation=fresh_org,
            actor=consultant,
            code=code,
            title=title,
            theme=theme,
            funding="separate",
            state="running",
            owner=owner,
        )
        for code, title in (
            ("1.1", "Frikøb af praktikvejledere"),
            ("1.2", "Mentorordning for nyansatte"),
        )
    ]
    budget_services.budget_note_create(
        organisation=fresh_org,
        actor=consultant,
        code="SO19",
        title="God start i Socialforvaltningen",
        budget_year=2026,
        initiatives=initiatives,
    )
    today = timezone.localdate()
    status_round = followup_services.status_round_create(
        actor=consultant,
        organisation=fresh_org,
        name="Status pr. april 2026",
        as_of=today - dt.timedelta(days=20),
        due_date=today - dt.timedelta(days=3),
        remind_days_after=2,
    )
    return {"round": status_round, "owner": owner, "initiatives": initiatives}


def test_owner_follows_the_reminder_and_submits_the_status(
    page,
    round_org,
    smtp,
    settings,
    live_server,
    consultant_page,  # noqa: F811
):
    settings.SITE_URL = live_server.url
    call_command("remind", "--org", "frisk", stdout=io.StringIO())
    reminder, digest = smtp.to("karen@frisk.dk")  # she is a manager too: the weekly digest
    assert reminder["Subject"].startswith("Status mangler: Status pr. april 2026")
    assert digest["Subject"] == "Ugens overblik: status, der mangler i Frisk Kommune"
    link = re.search(r"(http://\S+/o/frisk/status/mine-opgaver/)", reminder["body"]).group(1)

    # The consultant's view of the round and the status report before.
    consultant_page.goto(f"/o/frisk/status/runder/{round_org['round'].pk}/")
    expect(consultant_page.locator("#round-progress")).to_have_text("0 indsendt, 2 mangler")
    consultant_page.goto("/o/frisk/rapporter/status/")
    expect(consultant_page.get_by_text("Status mangler siden").first).to_be_visible()
    assert consultant_page.get_by_text("Status mangler siden").count() == 2

    log_in(page, "karen")
    expect(page).to_have_url(re.compile(r"/o/frisk/status/mine-opgaver/$"))  # owners land here
    page.goto(link)
    expect(page.get_by_role("heading", name="Mine opgaver")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("1.1 Frikøb af praktikvejledere")
    expect(rows.first).to_contain_text("overskredet")
    screenshot(page, "mine-opgaver")
    rows.first.get_by_role("link", name="1.1 Frikøb af praktikvejledere").click()
    expect(page.get_by_text("Status til Status pr. april 2026")).to_be_visible()
    as_of = round_org["round"].as_of
    expect(page.get_by_label("Status pr.")).to_have_value(as_of.isoformat())
    page.get_by_text("Følger planen").click()
    page.get_by_label("Beskrivelse").fill("- Alle praktikvejledere er frikøbt.")
    page.get_by_role("button", name=re.compile("Gem")).click()
    expect(page).to_have_url(re.compile(r"/o/frisk/status/mine-opgaver/$"))
    expect(page.locator("tbody tr")).to_have_count(1)

    consultant_page.goto(f"/o/frisk/status/runder/{round_org['round'].pk}/")
    expect(consultant_page.locator("#round-progress")).to_have_text("1 indsendt, 1 mangler")
    consultant_page.goto("/o/frisk/rapporter/status/")
    expect(consultant_page.get_by_text("Alle praktikvejledere er frikøbt.")).to_be_visible()
    assert consultant_page.get_by_text("Status mangler siden").count() == 1


@pytest.fixture
def consultant_page(new_context, round_org):
    page = new_context().new_page()
    log_in(page, "konsulent")
    return page
