"""A published case's evidence is the editor's snapshot: the municipality records a new value,
the public page keeps the approved figures, the editor finds the update in the queue, compares
the approved and new figures and approves them, and then the public page shows the new value.
axe finds nothing on the editor's pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe_violations, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def published_case(fresh_org, make_member):
    from indsats.casebank import services as case_services
    from indsats.indicators import services as indicator_services
    from indsats.organisations import services as org_services

    consultant = make_member(fresh_org, "consultant", "karen")
    kl = org_services.organisation_create(
        actor=None, slug="kl", name="KL", kind="association", budget_year=2026
    )
    editor = make_member(kl, "editor", "redaktoer")
    dropout = indicator_services.indicator_create(
        organisation=fresh_org, actor=consultant, name="Frafald blandt SOSU-elever",
        unit="percent", direction="lower",
    )  # fmt: skip
    for year, value in ((2022, "31"), (2023, "26.5")):
        indicator_services.indicator_value_add(
            indicator=dropout, actor=consultant, year=year, value=Decimal(value)
        )
    case = case_services.case_create(
        actor=consultant, organisation=fresh_org, title="Mindre frafald i praktikken",
        summary="Frafaldet faldt, da vejlederne fik tid.", evidence=[dropout],
    )  # fmt: skip
    case_services.case_transition(case=case, actor=consultant, action="submit")
    case_services.case_transition(case=case, actor=editor, action="approve")
    return case, dropout, consultant


def test_the_editor_approves_new_figures_before_the_public_sees_them(new_context, published_case):
    from indsats.indicators import services as indicator_services

    case, dropout, consultant = published_case
    public = new_context().new_page()
    public_url = reverse("casebank:detail", kwargs={"slug": case.slug})
    public.goto(public_url)
    table = public.get_by_role("table", name="Værdier for Frafald blandt SOSU-elever pr. år")
    expect(table.get_by_role("row")).to_have_count(3)  # header, 2022, 2023

    # The municipality records 2024: the public page does not change.
    indicator_services.indicator_value_add(
        indicator=dropout, actor=consultant, year=2024, value=Decimal("19")
    )
    public.reload()
    expect(table.get_by_role("row")).to_have_count(3)
    expect(public.get_by_role("rowheader", name="2024")).to_have_count(0)

    # The editor lands on the queue and finds the update there.
    editor = new_context().new_page()
    log_in(editor, "redaktoer")
    expect(editor.get_by_role("heading", level=1)).to_have_text("Casebankens redaktion")
    updates = editor.get_by_test_id("evidence-updates")
    updates.get_by_role("link", name="Frisk Kommune: Mindre frafald i praktikken").click()
    compare = editor.get_by_role("table", name="Godkendte og nye tal pr. indikator og år")
    expect(compare).to_contain_text("2023: 26,5 %")
    expect(compare.get_by_role("cell").last).to_contain_text("2024: 19,0 %")
    violations = [v for v in axe_violations(editor) if v["impact"] in {"serious", "critical"}]
    assert violations == [], describe_violations(violations)

    editor.get_by_role("button", name="Godkend de nye tal").click()
    expect(
        editor.get_by_text("De nye tal for »Mindre frafald i praktikken« er godkendt")
    ).to_be_visible()
    expect(editor.get_by_test_id("evidence-updates")).to_have_text("Ingen nye tal venter.")
    violations = [v for v in axe_violations(editor) if v["impact"] in {"serious", "critical"}]
    assert violations == [], describe_violations(violations)

    public.reload()
    expect(table.get_by_role("row")).to_have_count(4)
    expect(public.get_by_role("rowheader", name="2024")).to_have_count(1)
