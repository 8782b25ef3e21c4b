"""The organisation sets the order of budget notes (Indstillinger); the status report, the
budget notes page and the budget export follow it within each budget year."""

import datetime as dt

import pytest

from indsats.budgets import services as budget_services
from indsats.budgets.transfer import budget_rows
from indsats.reports.status import build_status_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(org, consultant):
    for year in (2025, 2026):
        for code in ("SO3", "SO19", "ØK77", "BU4"):
            budget_services.budget_note_create(
                organisation=org,
                actor=consultant,
                code=code,
                title=f"Notat {code}",
                budget_year=year,
            )


def _report_order(org):
    report = build_status_report(organisation=org, as_of=dt.date(2026, 4, 30))
    return [(s.budget_year, [n.code for n in s.notes]) for s in report.sections]


def test_without_an_order_notes_come_in_code_order_newest_year_first(org, notes):
    assert _report_order(org) == [
        (2026, ["BU4", "SO3", "SO19", "ØK77"]),
        (2025, ["BU4", "SO3", "SO19", "ØK77"]),
    ]


def test_the_order_set_in_the_settings_is_used_by_report_page_and_export(
    client, org, notes, admin_user
):
    client.force_login(admin_user)
    url = f"/o/{org.slug}/indstillinger/"
    response = client.post(
        url,
        {
            "name": org.name,
            "budget_year": 2026,
            "price_level": "",
            "budget_note_order": "ØK77\nso19",
            "reporting_interval_days": 120,
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.budget_note_order == "ØK77, so19"
    page = client.get(url).content.decode()
    assert "ØK77, so19" in page

    assert _report_order(org) == [
        (2026, ["ØK77", "SO19", "BU4", "SO3"]),
        (2025, ["ØK77", "SO19", "BU4", "SO3"]),
    ]
    exported = [(r["budget_year"], r["code"]) for r in budget_rows(org)["Budgetnotater"]]
    assert exported == [
        (year, code) for year in (2025, 2026) for code in ("ØK77", "SO19", "BU4", "SO3")
    ]
    notes_page = client.get(f"/o/{org.slug}/budget/").content.decode()
    positions = [notes_page.index(f"Notat {c}") for c in ("ØK77", "SO19", "BU4", "SO3")]
    assert positions == sorted(positions)
