"""The catalogue's pages, driven through the Django test client like a browser without JS."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from indsats.initiatives import services
from indsats.initiatives.models import CostFactor, CostLine, Initiative, Scenario
from indsats.initiatives.services import FactorInput
from indsats.organisations import services as org_services
from indsats.organisations.models import Membership, Parameter
from tests.factories import InitiativeFactory, ParameterFactory, ParameterValueFactory, ThemeFactory

pytestmark = pytest.mark.django_db


# --- helpers ------------------------------------------------------------------------------


def html(response) -> str:
    return response.content.decode()


def by_testid(response, name: str) -> str:
    match = re.search(rf'data-testid="{re.escape(name)}"[^>]*>([^<]*)<', html(response))
    assert match, f"data-testid={name} not on the page"
    return match.group(1).strip()


def initiative_data(theme_obj, /, **overrides) -> dict[str, str]:
    data = {
        "code": "4.1",
        "title": "Mentorordning for nyansatte social- og sundhedsassistenter",
        "theme": str(theme_obj.pk),
        "new_theme": "",
        "priority_step": "1",
        "funding": "separate",
        "state": "proposed",
        "start_year": "2026",
        "end_year": "",
        "kl": "KL20, KL35",
        "focus_area": "",
        "unit": "",
        "target_group": "Nyansatte SSA",
        "professions": "",
        "description": "Alle nyansatte får en mentor det første halve år.",
        "purpose": "At færre siger op i det første år.",
    }
    data.update(overrides)
    return data


def factor_data(factors, line=None) -> dict[str, str]:
    data = {
        "line-label": "Kursus",
        "line-category": "course_purchase",
        "line-recurrence": "one_time",
        "line-year": "",
        "line-start_year": "",
        "line-end_year": "",
        "line-stated_amount": "",
        "line-note": "",
        "factor-TOTAL_FORMS": str(len(factors)),
        "factor-INITIAL_FORMS": "0",
        "factor-MIN_NUM_FORMS": "0",
        "factor-MAX_NUM_FORMS": "12",
    }
    for i, f in enumerate(factors):
        for name in ("key", "label", "unit", "value", "parameter"):
            data[f"factor-{i}-{name}"] = f.get(name, "")
    data.update(line or {})
    return data


@pytest.fixture
def theme(org):
    return ThemeFactory(organisation=org, name="Rekruttering til og fastholdelse i stillinger")


@pytest.fixture
def rate(org):
    parameter = ParameterFactory(organisation=org, key="timepris_frikob", name="Timepris, frikøb")
    ParameterValueFactory(
        parameter=parameter, valid_from=dt.date(2020, 1, 1), value=Decimal("201.60")
    )
    return parameter


@pytest.fixture
def initiative(org, theme, consultant):
    return services.initiative_create(
        organisation=org,
        actor=consultant,
        code="1.1",
        title="Frikøb af praktikvejledere",
        theme=theme,
        priority_step=1,
        funding="separate",
        state="proposed",
        start_year=2026,
    )


def url(org, name, **kwargs):
    from django.urls import reverse

    return reverse(name, kwargs={"org": org.slug, **kwargs})


# --- initiatives: create, edit, delete ----------------------------------------------------


def test_create_initiative_through_the_form(consultant_client, org, theme):
    response = consultant_client.post(url(org, "initiatives:create"), initiative_data(theme))
    initiative = Initiative.objects.get(organisation=org, code="4.1")
    assert response.status_code == 302
    assert response["Location"] == url(org, "initiatives:detail", pk=initiative.pk)
    assert initiative.title == "Mentorordning for nyansatte social- og sundhedsassistenter"
    assert sorted(initiative.kl_recommendations.values_list("number", flat=True)) == [20, 35]
    page = consultant_client.get(response["Location"])
    assert "Indsatsen 4.1 er oprettet" in html(page)
    assert "KL20" in html(page)


def test_create_with_a_new_theme(consultant_client, org, theme):
    response = consultant_client.post(
        url(org, "initiatives:create"),
        initiative_data(theme, theme="", new_theme="Rekruttering til og fastholdelse i uddannelse"),
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get(organisation=org, code="4.1")
    assert initiative.theme.name == "Rekruttering til og fastholdelse i uddannelse"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Skriv en titel på indsatsen."),
        ({"code": ""}, "Skriv indsatsens nummer, fx »1.1«."),
        ({"start_year": "2026", "end_year": "2024"}, "Slutåret kan ikke ligge før startåret."),
        ({"kl": "KL20, KL99"}, "»KL99« er ikke en KL-anbefaling"),
        ({"theme": "", "new_theme": ""}, "Vælg et tema, eller skriv navnet på et nyt."),
        ({"start_year": "26"}, "Årstallet skal ligge mellem 1990 og 2100."),
    ],
)
def test_create_refuses_bad_input_in_danish(consultant_client, org, theme, overrides, message):
    response = consultant_client.post(
        url(org, "initiatives:create"), initiative_data(theme, **overrides)
    )
    assert response.status_code == 400
    assert message in html(response)
    assert "Indsatsen er ikke gemt" in html(response)
    assert not Initiative.objects.filter(organisation=org).exists()


def test_create_refuses_a_duplicate_code(consultant_client, org, theme, initiative):
    response = consultant_client.post(
        url(org, "initiatives:create"), initiative_data(theme, code="1.1", title="Noget andet")
    )
    assert response.status_code == 400
    assert "Der findes allerede en indsats med nummer 1.1." in html(response)
    assert list(Initiative.objects.filter(organisation=org).values_list("title", flat=True)) == [
        "Frikøb af praktikvejledere"
    ]


def test_the_same_code_is_fine_in_another_organisation(
    consultant_client, org, theme, other_org, initiative
):
    InitiativeFactory(organisation=other_org, code="4.1")
    response = consultant_client.post(url(org, "initiatives:create"), initiative_data(theme))
    assert response.status_code == 302


def test_edit_initiative(consultant_client, org, theme, initiative):
    form = consultant_client.get(url(org, "initiatives:edit", pk=initiative.pk))
    assert form.status_code == 200
    assert 'name="version" value="1"' in html(form)
    response = consultant_client.post(
        url(org, "initiatives:edit", pk=initiative.pk),
        initiative_data(theme, code="1.1", title="Frikøb af 100 praktikvejledere", version="1"),
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Frikøb af 100 praktikvejledere"
    assert initiative.version == 2
    detail = consultant_client.get(response["Location"])
    assert "Ændringerne er gemt." in html(detail)
    assert "Frikøb af 100 praktikvejledere" in html(detail)


def test_edit_refuses_bad_input_and_saves_nothing(consultant_client, org, theme, initiative):
    response = consultant_client.post(
        url(org, "initiatives:edit", pk=initiative.pk),
        initiative_data(theme, code="1.1", title="", end_year="2020", version="1"),
    )
    assert response.status_code == 400
    assert "Skriv en titel på indsatsen." in html(response)
    assert "Slutåret kan ikke ligge før startåret." in html(response)
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version, initiative.end_year) == (
        "Frikøb af praktikvejledere",
        1,
        None,
    )


def test_concurrent_edit_gets_409_and_keeps_the_second_users_input(
    org, theme, initiative, consultant, make_member
):
    first, second = Client(), Client()
    first.force_login(consultant)
    second.force_login(make_member(org, "admin", "kollega"))
    edit = url(org, "initiatives:edit", pk=initiative.pk)
    for c in (first, second):
        assert 'name="version" value="1"' in html(c.get(edit))

    saved = first.post(
        edit, initiative_data(theme, code="1.1", title="Den første brugers titel", version="1")
    )
    assert saved.status_code == 302

    conflict = second.post(
        edit,
        initiative_data(
            theme,
            code="1.1",
            title="Den anden brugers titel",
            purpose="Den anden brugers formål",
            version="1",
        ),
    )
    assert conflict.status_code == 409
    body = html(conflict)
    assert "er blevet ændret af en anden, efter du åbnede den" in body
    assert "Gemt nu: 1.1 Den første brugers titel." in body
    assert 'value="Den anden brugers titel"' in body
    assert "Den anden brugers formål" in body
    # The form now carries the saved version, so saving again overwrites knowingly.
    assert 'name="version" value="2"' in body
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version) == ("Den første brugers titel", 2)

    again = second.post(
        edit, initiative_data(theme, code="1.1", title="Den anden brugers titel", version="2")
    )
    assert again.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Den anden brugers titel"


def test_delete_initiative(consultant_client, org, initiative):
    confirm = consultant_client.get(url(org, "initiatives:delete", pk=initiative.pk))
    assert confirm.status_code == 200
    response = consultant_client.post(
        url(org, "initiatives:delete", pk=initiative.pk), {"version": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == url(org, "initiatives:list")
    assert not Initiative.objects.filter(pk=initiative.pk).exists()
    assert "Indsatsen 1.1 er slettet." in html(consultant_client.get(response["Location"]))


def test_delete_with_a_stale_version_keeps_the_initiative(consultant_client, org, initiative):
    response = consultant_client.post(
        url(org, "initiatives:delete", pk=initiative.pk), {"version": "7"}, follow=True
    )
    assert "er blevet ændret af en anden" in html(response)
    assert Initiative.objects.filter(pk=initiative.pk).exists()


# --- cost lines and scenarios ---------------------------------------------------------------


def test_cost_line_form_with_danish_factors(consultant_client, org, initiative):
    response = consultant_client.post(
        url(org, "initiatives:cost_line_create", pk=initiative.pk),
        factor_data(
            [
                {"key": "personer", "label": "Personer", "unit": "personer", "value": "1.000"},
                {"key": "timer", "label": "Timer pr. person", "unit": "timer", "value": "2"},
                {"key": "timepris", "label": "Timepris", "unit": "kr.", "value": "201,60"},
            ]
        ),
    )
    assert response.status_code == 302, html(response)
    line = CostLine.objects.get(initiative=initiative)
    assert [(f.key, f.value) for f in line.factors.all()] == [
        ("personer", Decimal(1000)),
        ("timer", Decimal(2)),
        ("timepris", Decimal("201.60")),
    ]
    assert line.stated_amount is None
    detail = html(consultant_client.get(response["Location"]))
    assert "1.000 personer × 2 timer × 201,60 kr. = 403.200 kr." in detail
    assert "Omkostningslinjen er gemt." in detail


def test_cost_line_from_the_release_time_template_uses_the_parameter(
    consultant_client, org, initiative, rate
):
    form = consultant_client.get(
        url(org, "initiatives:cost_line_create", pk=initiative.pk) + "?skabelon=frikob"
    )
    assert form.status_code == 200
    assert 'value="timer_pr_md"' in html(form)
    response = consultant_client.post(
        url(org, "initiatives:cost_line_create", pk=initiative.pk),
        factor_data(
            [
                {"key": "personer", "label": "Personer", "unit": "personer", "value": "100"},
                {"key": "timer_pr_md", "label": "Timer pr. måned", "unit": "timer", "value": "5"},
                {"key": "maaneder", "label": "Måneder pr. år", "unit": "mdr.", "value": "10"},
                {"key": "timepris", "label": "Timepris", "unit": "kr.", "parameter": rate.key},
            ],
            {"line-label": "Frikøb", "line-category": "release_time", "line-recurrence": "yearly"},
        ),
    )
    assert response.status_code == 302, html(response)
    factor = CostFactor.objects.get(cost_line__initiative=initiative, key="timepris")
    assert factor.parameter == rate and factor.value is None
    assert "= 1.008.000 kr." in html(consultant_client.get(response["Location"]))


@pytest.mark.parametrize("bad", ["12,3,4", "tolv", "-5"])
def test_cost_line_refuses_a_bad_factor_value(consultant_client, org, initiative, bad):
    response = consultant_client.post(
        url(org, "initiatives:cost_line_create", pk=initiative.pk),
        factor_data(
            [
                {"key": "personer", "label": "Personer", "unit": "personer", "value": bad},
                {"key": "timer", "label": "Timer", "unit": "timer", "value": "2"},
            ]
        ),
    )
    assert response.status_code == 400
    body = html(response)
    assert "Omkostningslinjen er ikke gemt" in body
    errors = re.findall(r'class="form-error-message"[^>]*>([^<]+)<', body)
    assert errors, body
    assert any(f"»{bad}«" in e for e in errors), errors  # the message names the bad value
    assert "Angiv en værdi eller vælg en parameter." not in errors
    assert not CostLine.objects.filter(initiative=initiative).exists()
    assert not CostFactor.objects.exists()


def test_cost_line_without_amount_or_formula_is_refused(consultant_client, org, initiative):
    response = consultant_client.post(
        url(org, "initiatives:cost_line_create", pk=initiative.pk), factor_data([])
    )
    assert response.status_code == 400
    assert "Angiv et beløb eller en formel (mindst én faktor)." in html(response)
    assert not CostLine.objects.exists()


@pytest.fixture
def release_line(initiative, consultant, rate):
    return services.cost_line_save(
        initiative=initiative,
        actor=consultant,
        label="Frikøb",
        category="release_time",
        recurrence="yearly",
        factors=[
            FactorInput(key="personer", label="Personer", unit="personer", value=Decimal(100)),
            FactorInput(key="timer_pr_md", label="Timer pr. md.", unit="timer", value=Decimal(5)),
            FactorInput(key="maaneder", label="Måneder", unit="mdr.", value=Decimal(10)),
            FactorInput(key="timepris", label="Timepris", unit="kr.", parameter_key=rate.key),
        ],
    )


def test_scenario_form(consultant_client, org, initiative, release_line):
    form = consultant_client.get(url(org, "initiatives:scenario_create", pk=initiative.pk))
    assert form.status_code == 200
    assert 'name="f_timer_pr_md"' in html(form)
    response = consultant_client.post(
        url(org, "initiatives:scenario_create", pk=initiative.pk),
        {"name": "10 timer pr. md.", "f_timer_pr_md": "10"},
    )
    assert response.status_code == 302
    scenario = Scenario.objects.get(initiative=initiative)
    assert [(v.key, v.value) for v in scenario.values.all()] == [("timer_pr_md", Decimal(10))]
    detail = html(consultant_client.get(response["Location"]))
    assert "10 timer pr. md." in detail
    assert "2.016.000 kr." in detail


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "f_timer_pr_md": "10"}, "Giv scenariet et navn."),
        ({"name": "Ingenting", "f_timer_pr_md": ""}, "Et scenarie skal ændre mindst én faktor."),
        ({"name": "Komma", "f_timer_pr_md": "1,2,3"}, "Scenariet er ikke gemt"),
    ],
)
def test_scenario_form_refuses_bad_input(
    consultant_client, org, initiative, release_line, data, message
):
    response = consultant_client.post(
        url(org, "initiatives:scenario_create", pk=initiative.pk), data
    )
    assert response.status_code == 400
    assert message in html(response)
    assert not Scenario.objects.exists()


def test_scenario_needs_a_formula_first(consultant_client, org, initiative):
    response = consultant_client.get(
        url(org, "initiatives:scenario_create", pk=initiative.pk), follow=True
    )
    assert "Tilføj først en omkostningslinje med en formel." in html(response)


def test_scenario_name_must_be_unique_per_initiative(
    consultant_client, org, initiative, release_line
):
    create = url(org, "initiatives:scenario_create", pk=initiative.pk)
    assert (
        consultant_client.post(create, {"name": "5 timer", "f_timer_pr_md": "5"}).status_code == 302
    )
    again = consultant_client.post(create, {"name": "5 timer", "f_timer_pr_md": "6"})
    assert again.status_code == 400
    assert "Indsatsen har allerede et scenarie med navnet »5 timer«." in html(again)
    assert Scenario.objects.count() == 1


# --- parameters: a new value from a date ----------------------------------------------------


def test_new_parameter_value_recomputes_later_years_only(
    consultant_client, org, initiative, release_line, rate
):
    overview = url(org, "initiatives:prioritisation")
    assert (
        by_testid(consultant_client.get(overview + "?year=2026"), "total-yearly") == "1.008.000 kr."
    )
    assert (
        by_testid(consultant_client.get(overview + "?year=2027"), "total-yearly") == "1.008.000 kr."
    )

    response = consultant_client.post(
        url(org, "organisations:parameter_value_add", pk=rate.pk),
        {"v-value": "250,00", "v-valid_from": "2027-01-01"},
    )
    assert response.status_code == 302
    page = html(consultant_client.get(response["Location"]))
    assert "Alle indsatser, der bruger den, er genberegnet fra datoen." in page
    assert '250 kr. <span class="muted">fra 1. januar 2027</span>' in page
    assert '201,60 kr. <span class="muted">fra 1. januar 2020</span>' in page

    assert (
        by_testid(consultant_client.get(overview + "?year=2027"), "total-yearly") == "1.250.000 kr."
    )
    assert (
        by_testid(consultant_client.get(overview + "?year=2026"), "total-yearly") == "1.008.000 kr."
    )


def test_new_parameter_value_refuses_bad_input(consultant_client, org, rate):
    response = consultant_client.post(
        url(org, "organisations:parameter_value_add", pk=rate.pk),
        {"v-value": "mange", "v-valid_from": ""},
    )
    assert response.status_code == 400
    assert rate.values.count() == 1


def test_create_parameter_on_the_parameters_page(consultant_client, org):
    response = consultant_client.post(
        url(org, "organisations:parameters"),
        {
            "new-key": "kursuspris",
            "new-name": "Kursuspris pr. deltager",
            "new-unit": "kr.",
            "new-value": "4.530",
            "new-valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    parameter = Parameter.objects.get(organisation=org, key="kursuspris")
    assert parameter.values.get().value == Decimal(4530)
    assert "4.530 kr." in html(consultant_client.get(response["Location"]))


# --- read-only users ------------------------------------------------------------------------


def test_readonly_user_sees_no_edit_buttons_and_gets_403(
    client, org, reader, initiative, release_line, rate
):
    scenario = services.scenario_save(
        initiative=initiative, actor=None, name="10 timer", values={"timer_pr_md": Decimal(10)}
    )
    version = Initiative.objects.get(pk=initiative.pk).version
    client.force_login(reader)
    detail = client.get(url(org, "initiatives:detail", pk=initiative.pk))
    assert detail.status_code == 200
    body = html(detail)
    assert "Frikøb af praktikvejledere" in body
    for edit_url in (
        url(org, "initiatives:edit", pk=initiative.pk),
        url(org, "initiatives:delete", pk=initiative.pk),
        url(org, "initiatives:cost_line_create", pk=initiative.pk),
        url(org, "initiatives:cost_line_edit", line_pk=release_line.pk),
        url(org, "initiatives:scenario_edit", scenario_pk=scenario.pk),
    ):
        assert edit_url not in body
    for label in ("Redigér indsats", "Tilføj omkostningslinje", "Tilføj scenarie"):
        assert label not in body
    listing = html(client.get(url(org, "initiatives:list")))
    assert url(org, "initiatives:create") not in listing
    parameters = client.get(url(org, "organisations:parameters"))
    assert "Ny parameter" not in html(parameters)
    assert url(org, "organisations:parameter_value_add", pk=rate.pk) not in html(parameters)
    overview = html(client.get(url(org, "initiatives:prioritisation")))
    assert "Gem de valgte scenarier" not in overview

    forbidden = [
        url(org, "initiatives:create"),
        url(org, "initiatives:edit", pk=initiative.pk),
        url(org, "initiatives:delete", pk=initiative.pk),
        url(org, "initiatives:cost_line_create", pk=initiative.pk),
        url(org, "initiatives:cost_line_edit", line_pk=release_line.pk),
        url(org, "initiatives:cost_line_delete", line_pk=release_line.pk),
        url(org, "initiatives:scenario_create", pk=initiative.pk),
        url(org, "initiatives:scenario_edit", scenario_pk=scenario.pk),
        url(org, "initiatives:scenario_delete", scenario_pk=scenario.pk),
        url(org, "organisations:parameter_value_add", pk=rate.pk),
    ]
    for target in forbidden:
        assert client.get(target).status_code == 403, target
        assert client.post(target, {"title": "x", "version": "1"}).status_code == 403, target
    for target in (
        url(org, "initiatives:budget_frame_save"),
        url(org, "initiatives:selection_save"),
    ):
        assert client.post(target, {"step": "1", "year": "2026"}).status_code == 403, target
    initiative.refresh_from_db()
    assert initiative.version == version
    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert CostLine.objects.filter(pk=release_line.pk).exists()


# --- the prioritisation overview (Ballerup) -------------------------------------------------


@pytest.fixture
def ballerup_client(client, ballerup):
    user = Membership.objects.filter(organisation=ballerup, role="admin").first().user
    client.force_login(user)
    return client


def test_overview_year_excludes_initiatives_that_have_ended(ballerup_client, ballerup):
    overview = url(ballerup, "initiatives:prioritisation")
    y2021 = ballerup_client.get(overview + "?year=2021")
    y2023 = ballerup_client.get(overview + "?year=2023")
    assert y2021.status_code == y2023.status_code == 200
    row_2021 = re.search(r'<tr data-code="2.3">(.*?)</tr>', html(y2021), re.S).group(1)
    row_2023 = re.search(r'<tr data-code="2.3">(.*?)</tr>', html(y2023), re.S)
    assert "kr." in row_2021
    elderlearn = services_cost_2_3(ballerup, 2021)
    assert elderlearn > 0
    assert row_2023 is None or "kr." not in row_2023.group(1)
    one_2021 = parse_kr(by_testid(y2021, "step-1-yearly"))
    one_2023 = parse_kr(by_testid(y2023, "step-1-yearly"))
    assert one_2021 - one_2023 == elderlearn


def services_cost_2_3(organisation, year) -> Decimal:
    from indsats.initiatives import selectors

    overview = selectors.prioritisation_overview(organisation=organisation, year=year)
    for step in overview.steps:
        for _theme, rows in step.themes:
            for row in rows:
                if row.initiative.code == "2.3":
                    return row.cost.yearly + row.cost.one_time
    raise AssertionError("2.3 is not in the overview")


def parse_kr(text: str) -> Decimal:
    from indsats.calc.danish import parse_amount

    return parse_amount(text)


def test_overview_scenario_selection_changes_the_totals(ballerup_client, ballerup):
    overview = url(ballerup, "initiatives:prioritisation")
    initiative = Initiative.objects.get(organisation=ballerup, code="1.1")
    scenarios = {s.name: s for s in initiative.scenarios.all()}
    base = ballerup_client.get(overview + "?year=2020")
    chosen = ballerup_client.get(
        overview + f"?year=2020&s{initiative.pk}={scenarios['20 timer pr. md.'].pk}"
    )
    assert base.status_code == chosen.status_code == 200
    selected = re.search(
        rf'<select[^>]*name="s{initiative.pk}".*?</select>', html(chosen), re.S
    ).group(0)
    assert f'value="{scenarios["20 timer pr. md."].pk}" selected' in selected
    before = parse_kr(by_testid(base, "total-yearly"))
    after = parse_kr(by_testid(chosen, "total-yearly"))
    assert after - before == Decimal("4032000") - Decimal("1008000")
    assert parse_kr(by_testid(chosen, "step-1-yearly")) - parse_kr(
        by_testid(base, "step-1-yearly")
    ) == Decimal("3024000")
    assert by_testid(base, "total-one-time") == by_testid(chosen, "total-one-time")
    # A scenario of another initiative is ignored.
    other = Scenario.objects.filter(initiative__organisation=ballerup).exclude(
        initiative=initiative
    )[0]
    ignored = ballerup_client.get(overview + f"?year=2020&s{initiative.pk}={other.pk}")
    assert by_testid(ignored, "total-yearly") == by_testid(base, "total-yearly")


def test_overview_htmx_request_returns_the_fragment(ballerup_client, ballerup):
    response = ballerup_client.get(
        url(ballerup, "initiatives:prioritisation") + "?year=2020", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in html(response)
    assert 'data-testid="total-yearly"' in html(response)


# --- query counts ---------------------------------------------------------------------------


def _catalogue(org, n: int, rate: Parameter) -> None:
    theme = ThemeFactory(organisation=org)
    for i in range(n):
        initiative = services.initiative_create(
            organisation=org,
            actor=None,
            code=f"{i // 10 + 1}.{i % 10 + 1}",
            title=f"Indsats nummer {i}",
            theme=theme,
            priority_step=i % 3 + 1,
            funding="separate",
            state="proposed",
            start_year=2026,
        )
        services.cost_line_save(
            initiative=initiative,
            actor=None,
            label="Frikøb",
            category="release_time",
            recurrence="yearly",
            factors=[
                FactorInput(key="personer", label="Personer", unit="personer", value=Decimal(10)),
                FactorInput(key="timer_pr_md", label="Timer", unit="timer", value=Decimal(5)),
                FactorInput(key="timepris", label="Timepris", unit="kr.", parameter_key=rate.key),
            ],
        )
        services.cost_line_save(
            initiative=initiative,
            actor=None,
            label="Kursus",
            category="course_purchase",
            recurrence="one_time",
            stated_amount=Decimal(1000 + i),
            factors=[],
        )
        for hours in (5, 10):
            services.scenario_save(
                initiative=initiative,
                actor=None,
                name=f"{hours} timer",
                values={"timer_pr_md": Decimal(hours)},
            )
    services.budget_frame_set(
        organisation=org, actor=None, year=2026, step=1, amount=Decimal(10**6)
    )


def _count_overview_queries(org, user) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    target = url(org, "initiatives:prioritisation") + "?year=2026"
    client.get(target)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target)
    assert response.status_code == 200
    return len(ctx.captured_queries), html(response)


def test_overview_query_count_does_not_grow_with_the_catalogue(make_member):
    counts = {}
    for n in (5, 40):
        org = org_services.organisation_create(
            actor=None, slug=f"kommune-{n}", name=f"Kommune {n}", budget_year=2026
        )
        rate = org_services.parameter_create(
            actor=None,
            organisation=org,
            key="timepris_frikob",
            name="Timepris, frikøb",
            unit="kr.",
            value=Decimal("201.60"),
            valid_from=dt.date(2020, 1, 1),
        )
        _catalogue(org, n, rate)
        counts[n], body = _count_overview_queries(org, make_member(org, "consultant"))
        assert body.count("<tr data-code=") == n
    assert counts[5] == counts[40], counts


def test_list_and_detail_query_counts_do_not_grow(make_member):
    counts = {}
    for n in (3, 30):
        org = org_services.organisation_create(
            actor=None, slug=f"liste-{n}", name=f"Liste {n}", budget_year=2026
        )
        rate = org_services.parameter_create(
            actor=None,
            organisation=org,
            key="timepris_frikob",
            name="Timepris, frikøb",
            unit="kr.",
            value=Decimal("201.60"),
            valid_from=dt.date(2020, 1, 1),
        )
        _catalogue(org, n, rate)
        client = Client()
        client.force_login(make_member(org, "consultant"))
        client.get(url(org, "initiatives:list"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(org, "initiatives:list")).status_code == 200
        counts[n] = len(ctx.captured_queries)
    assert counts[3] == counts[30], counts


def test_overview_shows_each_steps_range_and_the_cumulated_range(ballerup_client, ballerup):
    """What a committee weighs: Trin 1 pr. år 1.183.000–4.207.000 kr. under the chosen
    1.183.000 kr., and all four steps cumulated 3.852.500–12.035.000 kr. pr. år."""
    page = ballerup_client.get(url(ballerup, "initiatives:prioritisation") + "?year=2020")
    assert by_testid(page, "step-1-yearly") == "1.183.000 kr."
    assert by_testid(page, "step-1-yearly-range") == "1.183.000 kr. – 4.207.000 kr."
    assert by_testid(page, "step-4-cumulated-yearly-range") == "3.852.500 kr. – 12.035.000 kr."
    assert 'data-testid="step-2-yearly-range"' not in html(page)  # no range where none is


def test_the_sorted_column_header_carries_aria_sort(ballerup_client, ballerup):
    page = html(ballerup_client.get(url(ballerup, "initiatives:list") + "?sort=-title"))
    header = re.search(r'<th scope="col"([^>]*)><a [^>]*sort=title"?[^>]*>Titel', page)
    assert header and 'aria-sort="descending"' in header.group(1)
    assert page.count("aria-sort=") == 1
    assert not re.search(r"<a [^>]*aria-sort", page)


def _text(response) -> str:
    import html

    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_scenarios_and_cost_lines_say_which_scenario_by_the_factors_label(
    ballerup_client, ballerup
):
    initiative = Initiative.objects.get(organisation=ballerup, code="1.1")
    admin = Membership.objects.filter(organisation=ballerup, role="admin").first().user
    page = url(ballerup, "initiatives:detail", pk=initiative.pk)
    text = _text(ballerup_client.get(page))
    assert "timer_pr_md" not in text
    # The base case, then each scenario with what it sets (label and unit, base value beside).
    assert (
        "Grundberegning (formlernes egne værdier; kun til sammenligning) "
        "Timer pr. måned: 5 timer – 1.008.000 kr." in text
    )
    assert "15 timer pr. md. Timer pr. måned: 15 timer (grundberegning 5 timer)" in text
    assert "5 timer pr. md. (valgt)" in text

    for name, amount in (("15 timer pr. md.", "3.024.000 kr."), (None, "1.008.000 kr.")):
        initiative.refresh_from_db()
        services.initiative_update(
            initiative=initiative,
            actor=admin,
            expected_version=initiative.version,
            selected_scenario=Scenario.objects.get(initiative=initiative, name=name)
            if name
            else None,
        )
        text = _text(ballerup_client.get(page))
        counted = name or "5 timer pr. md."  # none chosen: the first counts
        # The line's amount is the counted scenario's, and the line says which it is.
        assert f"= {amount} Beregnet med scenariet »{counted}«" in text
        assert f"{amount} {counted} Redigér" in text
        assert "Grundberegning: 1.008.000 kr." in text
    assert "5 timer pr. md. (tæller med, indtil et scenarie er valgt)" in text


def _scenario_table(response) -> list[tuple[str, str, str]]:
    """(scenario, Engangs, Pr. år) as the scenario table shows them, tags stripped."""
    import html as html_module

    page = html(response)
    table = page[page.index("Scenarier og deres omkostninger") :]
    table = table[: table.index("</table>")]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        text = [
            re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", c))).strip()
            for c in cells
        ]
        rows.append((text[0], text[2], text[3]))
    return rows


def test_scenario_table_shows_a_dash_where_nothing_is_one_time(ballerup_client, ballerup):
    """As the prioritisation report's table does: no one-off cost is »–«, not »0 kr.«; a
    one-off cost, once there, is shown in every scenario's row."""
    initiative = Initiative.objects.get(organisation=ballerup, code="1.1")
    page = url(ballerup, "initiatives:detail", pk=initiative.pk)
    rows = _scenario_table(ballerup_client.get(page))
    assert rows == [
        ("Grundberegning (formlernes egne værdier; kun til sammenligning)", "–", "1.008.000 kr."),
        ("5 timer pr. md. (valgt)", "–", "1.008.000 kr."),
        ("10 timer pr. md.", "–", "2.016.000 kr."),
        ("15 timer pr. md.", "–", "3.024.000 kr."),
        ("20 timer pr. md.", "–", "4.032.000 kr."),
    ]
    assert 'class="amount"><span class="muted">–</span></td>' in html(ballerup_client.get(page))

    admin = Membership.objects.filter(organisation=ballerup, role="admin").first().user
    services.cost_line_save(
        initiative=initiative,
        actor=admin,
        category="course_purchase",
        recurrence="one_time",
        year=initiative.start_year or 2020,
        stated_amount=Decimal("226500.00"),
    )
    rows = _scenario_table(ballerup_client.get(page))
    assert {one_time for _name, one_time, _yearly in rows} == {"226.500 kr."}, rows
