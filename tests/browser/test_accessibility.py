"""axe-core (WCAG 2.0/2.1 A and AA) on every main page, with Ballerup's real catalogue.
No violation of impact serious or critical is allowed. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import NoReverseMatch, reverse

from tests.browser.conftest import axe_violations, describe_violations, log_in, screenshot

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _paths(org) -> dict[str, str]:
    """Name -> path of every main page, filled with Ballerup's objects."""
    from indsats.initiatives.models import CostLine, Initiative, Scenario
    from indsats.organisations.models import Parameter

    i11 = Initiative.objects.get(organisation=org, code="1.1")
    i32 = Initiative.objects.get(organisation=org, code="3.2")
    line = CostLine.objects.filter(initiative=i11).first()
    scenario = Scenario.objects.filter(initiative=i11).first()
    parameter = Parameter.objects.get(organisation=org, key="timepris_frikob")
    o = {"org": org.slug}
    paths = {
        "overview": reverse("initiatives:prioritisation", kwargs=o) + "?year=2020",
        "initiative-list": reverse("initiatives:list", kwargs=o),
        "initiative-detail": reverse("initiatives:detail", kwargs={**o, "pk": i11.pk}),
        "initiative-detail-differs": reverse("initiatives:detail", kwargs={**o, "pk": i32.pk}),
        "initiative-create": reverse("initiatives:create", kwargs=o),
        "initiative-edit": reverse("initiatives:edit", kwargs={**o, "pk": i11.pk}),
        "initiative-delete": reverse("initiatives:delete", kwargs={**o, "pk": i11.pk}),
        "cost-line-create": reverse("initiatives:cost_line_create", kwargs={**o, "pk": i11.pk})
        + "?skabelon=frikob",
        "cost-line-edit": reverse("initiatives:cost_line_edit", kwargs={**o, "line_pk": line.pk}),
        "scenario-create": reverse("initiatives:scenario_create", kwargs={**o, "pk": i11.pk}),
        "scenario-edit": reverse(
            "initiatives:scenario_edit", kwargs={**o, "scenario_pk": scenario.pk}
        ),
        "parameters": reverse("organisations:parameters", kwargs=o),
        "parameter-value": reverse(
            "organisations:parameter_value_add", kwargs={**o, "pk": parameter.pk}
        ),
        "members": reverse("organisations:members", kwargs=o),
        "settings": reverse("organisations:settings", kwargs=o),
    }
    paths.update(_followup_paths(org, i11))
    paths.update(_strategy_report_paths(org))
    paths.update(_pipeline_paths(org))
    for name, url_name in ORG_PAGES.items():
        try:
            paths[name] = reverse(url_name, kwargs=o)
        except NoReverseMatch as exc:
            raise AssertionError(
                f"The page {url_name} is gone; update ORG_PAGES in {__file__}."
            ) from exc
    return paths


# Further pages whose URL takes only the organisation: name -> URL name.
ORG_PAGES: dict[str, str] = {
    "catalogue-import": "transfer:import",
    "api-tokens": "tokens:list",
    "budget-import": "budget_transfer:import",
    "indicator-import": "indicator_transfer:import",
    "budget-list": "budgets:list",
    "budget-create": "budgets:create",
    "indicator-list": "indicators:list",
    "indicator-create": "indicators:create",
    "status-overdue": "followup:overdue",
    "status-report": "reports:status",
    "pipeline": "pipeline:overview",
    "pipeline-totals": "pipeline:totals",
    "pipeline-cohort-create": "pipeline:cohort_create",
    "pipeline-import": "pipeline_transfer:import",
}


def _followup_paths(org, initiative) -> dict[str, str]:
    """Budget note, indicator and status pages, with a note, an indicator with values and a
    target, and a corrected status update on 1.1 (made here if the demo has none)."""
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from indsats.budgets import services as budget_services
    from indsats.budgets.models import BudgetNote
    from indsats.followup import services as followup_services
    from indsats.indicators import services as indicator_services
    from indsats.indicators.models import Indicator

    actor = get_user_model().objects.get(username="demo")
    note = BudgetNote.objects.filter(organisation=org, initiatives=initiative).first()
    if note is None:
        note = budget_services.budget_note_create(
            organisation=org,
            actor=actor,
            code="SO19",
            title="God start i Socialforvaltningen",
            budget_year=org.budget_year,
            initiatives=[initiative],
        )
        budget_services.allocation_set(
            note=note,
            actor=actor,
            amounts={org.budget_year: Decimal("7339000"), org.budget_year + 1: Decimal("5373000")},
            price_level="2022-pl",
        )
    indicator = Indicator.objects.filter(organisation=org, initiative=initiative).first()
    if indicator is None:
        indicator = indicator_services.indicator_create(
            organisation=org,
            actor=actor,
            name="Personaleomsætning",
            unit="percent",
            direction="lower",
            initiative=initiative,
        )
        indicator_services.target_set(
            indicator=indicator,
            actor=actor,
            baseline_value=Decimal(21),
            baseline_year=2023,
            target_value=Decimal(15),
            deadline_year=2027,
        )
        for year, value in ((2023, "21"), (2024, "20.1"), (2024, "19.8")):
            indicator_services.indicator_value_add(
                indicator=indicator, actor=actor, year=year, value=Decimal(value)
            )
    if not initiative.status_updates.exists():
        first = followup_services.status_update_create(
            initiative=initiative,
            actor=actor,
            as_of=dt.date.today() - dt.timedelta(days=30),
            state="at_risk",
            text="Halvdelen af vejlederne er frikøbt.\n\n- Næste skridt: resten",
        )
        followup_services.status_update_create(
            initiative=initiative,
            actor=actor,
            as_of=first.as_of,
            state="on_track",
            text="Rettet: alle vejledere er frikøbt.",
            values=[followup_services.ReportedValue(indicator, 2025, Decimal("18.4"))],
            corrects=first,
        )
    status = initiative.status_updates.order_by("-created_at", "-id").first()
    o = {"org": org.slug}
    return {
        "budget-detail": reverse("budgets:detail", kwargs={**o, "note_pk": note.pk}),
        "budget-edit": reverse("budgets:edit", kwargs={**o, "note_pk": note.pk}),
        "budget-allocation": reverse("budgets:allocation", kwargs={**o, "note_pk": note.pk}),
        "budget-spending": reverse("budgets:spending", kwargs={**o, "note_pk": note.pk}),
        "indicator-detail": reverse(
            "indicators:detail", kwargs={**o, "indicator_pk": indicator.pk}
        ),
        "indicator-edit": reverse("indicators:edit", kwargs={**o, "indicator_pk": indicator.pk}),
        "indicator-value": reverse(
            "indicators:value_add", kwargs={**o, "indicator_pk": indicator.pk}
        ),
        "indicator-target": reverse(
            "indicators:target", kwargs={**o, "indicator_pk": indicator.pk}
        ),
        "status-create": reverse("followup:create", kwargs={**o, "initiative_pk": initiative.pk}),
        "status-correct": reverse("followup:correct", kwargs={**o, "status_pk": status.pk}),
    }


PAGES = [
    "overview",
    "initiative-list",
    "initiative-detail",
    "initiative-detail-differs",
    "initiative-create",
    "initiative-edit",
    "initiative-delete",
    "cost-line-create",
    "cost-line-edit",
    "scenario-create",
    "scenario-edit",
    "parameters",
    "parameter-value",
    "members",
    "settings",
    *ORG_PAGES,
    "budget-detail",
    "budget-edit",
    "budget-allocation",
    "budget-spending",
    "indicator-detail",
    "indicator-edit",
    "indicator-value",
    "indicator-target",
    "status-create",
    "status-correct",
    "strategy-report-list",
    "strategy-report",
    "strategy-report-shared",
    "pipeline-cohort-edit",
    "pipeline-causes",
    "pipeline-places",
    "pipeline-year",
    "pipeline-comparison",
    "pipeline-comparison-small",
]


def _pipeline_paths(org) -> dict[str, str]:
    """The pipeline pages with seed 002's entered figures (from the strategy report's data),
    and a comparison with a sharing municipality whose small counts are hidden."""
    from indsats.organisations import services as org_services
    from indsats.students import services_totals
    from indsats.students.models import CohortFigures

    figures = CohortFigures.objects.filter(organisation=org).first()
    if figures is None:
        figures = services_totals.cohort_figures_save(
            organisation=org, actor=None, education="ssh", cohort_year=2022, started=37,
            completed=31, dropped_out=6, hired=19,
        )  # fmt: skip
    neighbour = org_services.organisation_create(
        actor=None, slug="naboby", name="Naboby Kommune", budget_year=2026
    )
    neighbour.share_pipeline = True
    neighbour.save()
    services_totals.cohort_figures_save(
        organisation=neighbour, actor=None, education=figures.education,
        cohort_year=figures.cohort_year, started=12, completed=9, dropped_out=3, hired=2,
    )  # fmt: skip
    o = {"org": org.slug}
    edit = reverse("pipeline:breakdown_edit", kwargs=o)
    comparison = reverse("pipeline:comparison", kwargs=o)
    return {
        "pipeline-cohort-edit": reverse(
            "pipeline:cohort_edit", kwargs={**o, "figures_pk": figures.pk}
        ),
        "pipeline-causes": edit + "?kind=cause&education=ssa&year=2023",
        "pipeline-places": edit + "?kind=place&education=ssh&year=2022",
        "pipeline-year": reverse("pipeline:year_edit", kwargs=o) + "?year=2023",
        "pipeline-comparison": comparison + "?kpi=hire_rate&uddannelse=ssh",
        "pipeline-comparison-small": comparison + f"?kpi=completion_rate&uddannelse="
        f"{figures.education}&aar={figures.cohort_year}",
    }


def _strategy_report_paths(org) -> dict[str, str]:
    """The strategy follow-up report with seed 002's figures (made here if the demo has no
    strategy), unshared and shared."""
    from indsats.strategies.models import Strategy
    from tests.reports import strategy_data

    strategy = Strategy.objects.filter(organisation=org).first()
    if strategy is None:
        strategy = strategy_data.frederikssund(org)
    o = {"org": org.slug}
    report = reverse("reports:strategy", kwargs={**o, "strategy_pk": strategy.pk})
    return {
        "strategy-report-list": reverse("reports:strategy_list", kwargs=o),
        "strategy-report": report + "?aar=2024",
        "strategy-report-shared": report + "?aar=2024&deling=1",
    }


def _assert_accessible(page, name: str) -> None:
    screenshot(page, name)
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {name} ({page.url}):\n" + describe_violations(blocking)


@pytest.fixture
def demo_page(page, ballerup):
    log_in(page, "demo", "indsats-demo")
    return page


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_problems(demo_page, ballerup, name):
    response = demo_page.goto(_paths(ballerup)[name])
    assert response.status == 200, f"{name}: {response.status}"
    _assert_accessible(demo_page, name)


def test_login_page(page, ballerup):
    page.goto("/log-ind/")
    _assert_accessible(page, "login")
    page.get_by_label("Brugernavn").fill("demo")
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    assert "Brugernavn eller adgangskode er forkert" in page.content()
    _assert_accessible(page, "login-error")


def test_forms_with_errors(demo_page, ballerup):
    paths = _paths(ballerup)
    demo_page.goto(paths["initiative-edit"])
    demo_page.get_by_label("Titel").fill("")
    demo_page.get_by_label("Slutår").fill("2001")
    demo_page.get_by_role("button", name="Gem").click()
    assert "Skriv en titel på indsatsen." in demo_page.content()
    _assert_accessible(demo_page, "initiative-edit-errors")

    demo_page.goto(paths["cost-line-create"])
    demo_page.locator('input[name="factor-0-value"]').fill("12,3,4")
    demo_page.get_by_role("button", name="Gem").click()
    assert "Omkostningslinjen er ikke gemt" in demo_page.content()
    _assert_accessible(demo_page, "cost-line-errors")


def test_overview_after_htmx_swap(demo_page, ballerup):
    from indsats.initiatives.models import Initiative

    demo_page.goto(_paths(ballerup)["overview"])
    initiative = Initiative.objects.get(organisation=ballerup, code="1.1")
    demo_page.locator(f"#s{initiative.pk}").select_option(label="20 timer pr. md.")
    demo_page.wait_for_function(
        f"() => new URL(location.href).searchParams.has('s{initiative.pk}')"
    )
    demo_page.wait_for_load_state("networkidle")
    _assert_accessible(demo_page, "overview-after-swap")


def test_home_with_several_organisations(page, ballerup, fresh_org):
    from django.contrib.auth import get_user_model

    from indsats.organisations import services as org_services

    demo = get_user_model().objects.get(username="demo")
    org_services.membership_set(actor=None, organisation=fresh_org, user=demo, role="readonly")
    log_in(page, "demo", "indsats-demo")
    assert page.get_by_role("link", name="Frisk Kommune").count() == 1
    _assert_accessible(page, "home")


def test_api_token_created_and_shown_once(demo_page, ballerup):
    from django.urls import reverse as _reverse

    demo_page.goto(_reverse("tokens:list", kwargs={"org": ballerup.slug}))
    demo_page.get_by_label("Navn").fill("Excel-udtræk")
    demo_page.get_by_role("button", name="Opret nøgle").click()
    demo_page.wait_for_load_state()
    assert "Excel-udtræk" in demo_page.content()
    _assert_accessible(demo_page, "api-token-created")
    demo_page.get_by_role("button", name="Træk »Excel-udtræk« tilbage").click()
    demo_page.wait_for_load_state()
    _assert_accessible(demo_page, "api-token-revoked")


def test_catalogue_import_with_errors(demo_page, ballerup, tmp_path):
    from django.urls import reverse as _reverse

    bad = tmp_path / "katalog.xlsx"
    bad.write_bytes(b"this is not a spreadsheet")
    demo_page.goto(_reverse("transfer:import", kwargs={"org": ballerup.slug}))
    demo_page.locator('input[type="file"]').set_input_files(str(bad))
    demo_page.get_by_role("button", name="Indlæs filen").click()
    demo_page.wait_for_load_state()
    assert demo_page.get_by_role("alert").count() >= 1, demo_page.content()[:3000]
    _assert_accessible(demo_page, "catalogue-import-errors")


def test_budget_import_with_errors(demo_page, ballerup, tmp_path):
    from django.urls import reverse as _reverse

    bad = tmp_path / "Forbrug.csv"
    bad.write_bytes("Budgetår;Kode;Indsats;År;Beløb;Bemærkning\n2026;XX1;;2026;mange;\n".encode())
    demo_page.goto(_reverse("budget_transfer:import", kwargs={"org": ballerup.slug}))
    demo_page.locator('input[type="file"]').set_input_files(str(bad))
    demo_page.get_by_role("button", name="Indlæs filen").click()
    demo_page.wait_for_load_state()
    assert demo_page.locator("#import-errors tbody tr").count() == 2, demo_page.content()[:3000]
    _assert_accessible(demo_page, "budget-import-errors")


def test_status_report_with_data_and_a_bad_date(page, org, make_member):
    from django.urls import reverse as _reverse

    from tests.reports import status_data

    built = status_data.build(org)
    status_data.report_round(built, 2)
    make_member(org, "readonly", "statuslaeser")
    log_in(page, "statuslaeser")
    page.goto(_reverse("reports:status", kwargs={"org": org.slug}) + "?dato=2026-10-31")
    assert page.locator(".status-initiative").count() == 9
    _assert_accessible(page, "status-report-data")
    # the date field refuses a future date itself (max = today); the server says it too
    response = page.goto(_reverse("reports:status", kwargs={"org": org.slug}) + "?dato=2099-01-01")
    assert response.status == 400
    assert "ligger i fremtiden" in page.get_by_role("alert").inner_text()
    _assert_accessible(page, "status-report-bad-date")


def test_public_case_bank_pages(page, ballerup):
    """The public case bank, as an anonymous visitor: search with highlights and filters, and a
    case page with an evidence chart, media and similar cases."""
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.urls import reverse as _reverse

    from indsats.casebank import services as casebank_services
    from indsats.indicators import services as indicator_services
    from tests.casebank.seed_cases import create_seed_cases

    cases = create_seed_cases()
    actor = get_user_model().objects.get(username="demo")
    indicator = indicator_services.indicator_create(
        organisation=ballerup, actor=actor, name="Frafald blandt SOSU-elever", unit="percent"
    )
    for year, value in ((2022, "31"), (2023, "24.5"), (2024, "19")):
        indicator_services.indicator_value_add(
            indicator=indicator, actor=actor, year=year, value=Decimal(value)
        )
    case = casebank_services.case_create(
        actor=actor,
        organisation=ballerup,
        title="Mentorer mindsker frafaldet",
        summary="Mentorer for SOSU-elever mindsker frafaldet.",
        effects="Frafaldet faldt fra 31 % til 19 %.",
        tags={"theme": ["Fastholdelse"]},
        evidence=[indicator],
    )
    casebank_services.case_transition(case=case, actor=actor, action="submit")
    casebank_services.case_transition(case=case, actor=None, action="approve")
    casebank_services.media_add(
        case=cases["Esbjerg"], actor=None, kind="video", title="Film", url="https://example.org/v"
    )
    casebank_services.consent_add(
        case=cases["Esbjerg"],
        actor=None,
        person="Elev i filmen",
        given_on=dt.date(2024, 1, 1),
        media=list(cases["Esbjerg"].media.all()),
    )

    for name, url in (
        ("casebank-list", _reverse("casebank:list")),
        ("casebank-search", _reverse("casebank:list") + "?q=frafald&tema=Fastholdelse"),
        ("casebank-empty", _reverse("casebank:list") + "?q=ingentingher"),
        ("casebank-case", _reverse("casebank:detail", kwargs={"slug": case.slug})),
        (
            "casebank-case-media",
            _reverse("casebank:detail", kwargs={"slug": cases["Esbjerg"].slug}),
        ),
    ):
        response = page.goto(url)
        assert response.status == 200, f"{name}: {response.status}"
        _assert_accessible(page, name)


# --- the case bank: the municipality's pages and the editors' (issue 5) ---------------------

CASEBANK_PAGES = [
    "case-list",
    "case-create",
    "case-from-initiative",
    "case-create-from-initiative",
    "case-detail",
    "case-edit",
    "editor-queue",
    "editor-preview",
]


def _casebank_paths(org) -> dict[str, str]:
    """A submitted case of 1.1 with evidence, a video and a consent; the demo user is also a
    case bank editor at KL."""
    from django.contrib.auth import get_user_model

    from indsats.casebank import services as casebank_services
    from indsats.indicators.models import Indicator
    from indsats.initiatives.models import Initiative
    from indsats.organisations import services as org_services
    from indsats.organisations.models import Organisation

    demo = get_user_model().objects.get(username="demo")
    kl = Organisation.objects.filter(slug="kl").first() or org_services.organisation_create(
        actor=None, slug="kl", name="KL", kind="association", budget_year=2026
    )
    org_services.membership_set(actor=None, organisation=kl, user=demo, role="editor")
    initiative = Initiative.objects.get(organisation=org, code="1.1")
    _followup_paths(org, initiative)  # an indicator with values on 1.1
    case = casebank_services.case_create(
        actor=demo,
        organisation=org,
        title=initiative.title,
        summary=initiative.description or "Resumé.",
        source_initiative=initiative,
        evidence=list(Indicator.objects.filter(initiative=initiative)),
        tags={"theme": ["Fastholdelse"], "profession": ["Praktikvejledere"]},
    )
    video = casebank_services.media_add(
        case=case, actor=demo, kind="video", title="Video fra praktikken", url="https://v.dk/1"
    )
    casebank_services.consent_add(
        case=case, actor=demo, person="Elev i videoen", given_on=dt.date(2025, 1, 1), media=[video]
    )
    casebank_services.case_transition(case=case, actor=demo, action="submit")
    o = {"org": org.slug}
    c = {**o, "case_pk": case.pk}
    return {
        "case-list": reverse("org_cases:list", kwargs=o),
        "case-create": reverse("org_cases:create", kwargs=o),
        "case-from-initiative": reverse("org_cases:from_initiative", kwargs=o),
        "case-create-from-initiative": reverse("org_cases:create", kwargs=o)
        + f"?indsats={initiative.pk}&kopier=title&kopier=description&kopier=indicators",
        "case-detail": reverse("org_cases:detail", kwargs=c),
        "case-edit": reverse("org_cases:edit", kwargs=c),
        "editor-queue": reverse("casebank_editor:queue"),
        "editor-preview": reverse("casebank_editor:preview", kwargs={"case_pk": case.pk}),
    }


@pytest.mark.parametrize("name", CASEBANK_PAGES)
def test_casebank_page_has_no_serious_accessibility_problems(demo_page, ballerup, name):
    response = demo_page.goto(_casebank_paths(ballerup)[name])
    assert response.status == 200, f"{name}: {response.status}"
    _assert_accessible(demo_page, name)


def test_case_form_with_errors(demo_page, ballerup):
    demo_page.goto(_casebank_paths(ballerup)["case-create"])
    demo_page.get_by_role("button", name="Gem").click()
    assert "Skriv et kort resumé af casen." in demo_page.content()
    _assert_accessible(demo_page, "case-form-errors")
    demo_page.get_by_label(re.compile("^Titel")).fill("<script>alert(1)</script>")
    demo_page.get_by_label(re.compile("^Resumé")).fill("Et resumé.")
    demo_page.get_by_role("button", name="Gem").click()
    assert "må ikke indeholde HTML-koder" in demo_page.content()
    _assert_accessible(demo_page, "case-form-html-refused")
