"""A consultant turns an initiative with a measured indicator into a case with a video and a
consent and submits it; a case bank editor at KL approves it; an anonymous visitor finds it on
the public page with its evidence chart and the video link; the consultant withdraws the consent
and the video link is gone from the public page at once."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

VIDEO = "Video: elever fortæller om deres praktikvejleder"


@pytest.fixture
def measured(fresh_org, make_member):
    """Frisk Kommune with initiative 1.1 and an indicator with three yearly values; a consultant
    there and a case bank editor at KL."""
    from indsats.indicators import services as indicator_services
    from indsats.initiatives import services as initiative_services
    from indsats.initiatives.models import Theme
    from indsats.organisations import services as org_services

    consultant = make_member(fresh_org, "consultant", "karen")
    kl = org_services.organisation_create(
        actor=None, slug="kl", name="KL", kind="association", budget_year=2026
    )
    make_member(kl, "editor", "redaktoer")
    initiative = initiative_services.initiative_create(
        organisation=fresh_org,
        actor=consultant,
        code="1.1",
        title="Frikøb af praktikvejledere",
        description="Praktikvejlederne frikøbes fire timer om måneden til eleverne.",
        purpose="For mange elever faldt fra i praktikken.",
        theme=Theme.objects.get(organisation=fresh_org),
        funding="separate",
        state="running",
        start_year=2023,
    )
    dropout = indicator_services.indicator_create(
        organisation=fresh_org,
        actor=consultant,
        name="Frafald blandt SOSU-elever",
        unit="percent",
        direction="lower",
        initiative=initiative,
    )
    for year, value in ((2022, "31"), (2023, "26.5"), (2024, "19")):
        indicator_services.indicator_value_add(
            indicator=dropout, actor=consultant, year=year, value=Decimal(value)
        )
    return fresh_org, initiative


def test_case_from_initiative_to_public_page_and_consent_withdrawn(new_context, measured):
    from indsats.casebank.models import Case

    org, initiative = measured
    consultant = new_context().new_page()
    log_in(consultant, "karen")

    # From the org menu to "Ny case fra indsats"; title, description, purpose and the
    # initiative's indicators are ticked by default.
    consultant.goto(reverse("initiatives:list", kwargs={"org": org.slug}))
    consultant.get_by_role("link", name="Cases", exact=True).click()
    consultant.get_by_role("link", name="Ny case fra indsats").click()
    consultant.get_by_role("combobox", name=re.compile("^Indsats")).select_option(
        label="1.1 Frikøb af praktikvejledere"
    )
    consultant.get_by_role("button", name="Videre til casen").click()

    expect(consultant.get_by_label("Titel")).to_have_value("Frikøb af praktikvejledere")
    expect(consultant.get_by_label("Resumé")).to_have_value(re.compile("fire timer om måneden"))
    expect(consultant.get_by_label("Problemet, indsatsen løser")).to_have_value(
        re.compile("faldt fra")
    )
    expect(consultant.get_by_label(re.compile("^Frafald blandt SOSU-elever"))).to_be_checked()
    consultant.get_by_label("Region").select_option(label="Region Hovedstaden")
    consultant.get_by_label("Faggrupper").fill("Praktikvejledere, Social- og sundhedsassistenter")
    consultant.get_by_label("Effekter").fill("Frafaldet faldt fra 31 % til 19 % på to år.")
    consultant.get_by_role("button", name="Gem").click()
    expect(consultant.get_by_role("heading", level=1)).to_have_text("Frikøb af praktikvejledere")
    expect(consultant.get_by_test_id("case-status")).to_have_text("Kladde")

    # A video link, and the consent of the people in it.
    consultant.get_by_label("Type").select_option("video")
    consultant.get_by_label(re.compile("^Titel")).fill(VIDEO)
    consultant.get_by_label("Webadresse (video eller link)").fill("https://video.example/frisk")
    consultant.get_by_role("button", name="Tilføj mediet").click()
    expect(consultant.get_by_text(f"»{VIDEO}« er tilføjet.")).to_be_visible()
    consultant.get_by_label("Person").fill("Elever i videoen")
    consultant.get_by_label("Givet den").fill("2025-05-01")
    consultant.get_by_label(VIDEO).check()
    consultant.get_by_role("button", name="Registrér samtykket").click()
    expect(consultant.get_by_text("Samtykket er registreret.")).to_be_visible()
    consultant.get_by_role("button", name="Send til redaktionen").click()
    expect(consultant.get_by_test_id("case-status")).to_have_text("Indsendt")
    case_page = consultant.url

    # The editor approves it from the queue.
    editor = new_context().new_page()
    log_in(editor, "redaktoer")
    # KL's editor lands on the queue; KL's menu has it as »Redaktion«.
    expect(editor.get_by_role("heading", level=1)).to_have_text("Casebankens redaktion")
    editor.get_by_role("link", name="Redaktion", exact=True).click()
    editor.get_by_role("link", name="Frikøb af praktikvejledere").click()
    expect(editor.locator("#evidens svg")).to_have_count(1)
    editor.get_by_role("button", name="Godkend og offentliggør").click()
    expect(editor.get_by_text("»Frikøb af praktikvejledere« er offentliggjort.")).to_be_visible()

    # Anyone finds it on the public page, without logging in, with chart and video link.
    case = Case.objects.get()
    public = new_context().new_page()
    response = public.goto(reverse("casebank:detail", kwargs={"slug": case.slug}))
    assert response.status == 200
    expect(public.get_by_role("heading", level=1)).to_contain_text("Frikøb af praktikvejledere")
    expect(public.locator("section.casebank-evidence svg").first).to_be_visible()
    expect(public.get_by_role("link", name=VIDEO)).to_have_count(1)
    screenshot(public, "casebank-public-case")

    # A misspelt search finds nothing but suggests the right word, which finds the case.
    public.goto(reverse("casebank:list"))
    public.get_by_label("Søg i casebanken").fill("praktikvejlder")
    public.get_by_role("button", name="Søg", exact=True).click()
    expect(public.get_by_role("heading", name="0 cases")).to_be_visible()
    public.get_by_role("link", name="praktikvejledere").click()
    expect(public.get_by_role("heading", name="1 case")).to_be_visible()
    expect(public.locator(".casebank-result mark").first).to_have_text("praktikvejledere")
    public.goto(reverse("casebank:detail", kwargs={"slug": case.slug}))

    # The consultant withdraws the consent: the video link is gone at once.
    consultant.goto(case_page)
    consultant.get_by_role("button", name="Træk samtykket fra Elever i videoen tilbage").click()
    expect(consultant.get_by_text("Nej: et samtykke er trukket tilbage")).to_be_visible()
    public.reload()
    expect(public.get_by_role("heading", level=1)).to_contain_text("Frikøb af praktikvejledere")
    expect(public.get_by_role("link", name=VIDEO)).to_have_count(0)
    expect(public.locator("section.casebank-evidence svg").first).to_be_visible()
