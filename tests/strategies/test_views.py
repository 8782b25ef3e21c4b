"""Strategy pages: reading as every member, writing as EDIT_STRATEGY, 400/409 on bad input."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from indsats.strategies import services
from indsats.strategies.models import ProgrammeResponse, SuccessCriterion
from indsats.students.models import CohortFigures, RequiredIntake

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(org):
    s = services.strategy_create(
        organisation=org, actor=None, title="Fremtidens SOSU", start_year=2024, end_year=2027
    )
    area = services.focus_area_save(strategy=s, actor=None, name="#1 Før uddannelse")
    prog = services.programme_save(strategy=s, actor=None, name="Forberedt på fremtiden III")
    item = services.item_save(programme=prog, actor=None, text="Spireordning")
    services.response_create(item=item, actor=None, text="Sat i bero medio 2023", status="awaiting")
    services.criterion_create(
        strategy=s,
        actor=None,
        focus_area=area,
        statement="Mindst 8 egne ufaglærte om året.",
        kind="min_year",
        source="kpi",
        kpi="internal_unskilled",
        baseline_year=2023,
        target_value=Decimal(8),
        deadline_year=2027,
    )
    for year, unskilled in ((2023, 11), (2024, 9)):
        CohortFigures.objects.create(
            organisation=org,
            education="ssh",
            cohort_year=year,
            started=30,
            internal_unskilled=unskilled,
        )
        RequiredIntake.objects.create(organisation=org, education="ssh", year=year, required=27)
    return s


def url(name, org, **kw):
    return reverse(f"strategies:{name}", kwargs={"org": org.slug, **kw})


def test_reader_sees_list_and_strategy_with_verdict(client, org, reader, strategy):
    client.force_login(reader)
    listing = client.get(url("list", org))
    assert listing.status_code == 200
    assert "Fremtidens SOSU" in listing.content.decode()
    page = client.get(url("detail", org, strategy_pk=strategy.pk)).content.decode()
    assert "Egne ufaglærte ansat som elever" in page
    assert "Senest 9 (2024); målet er mindst 8 hvert år til 2027." in page
    assert "Målet er nået" in page
    assert "Afventer" in page
    assert url("edit", org, strategy_pk=strategy.pk) not in page  # no edit links for a reader
    assert client.get(url("edit", org, strategy_pk=strategy.pk)).status_code == 403


def test_strategy_page_query_count_does_not_grow(
    client, org, consultant, strategy, django_assert_max_num_queries
):
    client.force_login(consultant)
    with django_assert_max_num_queries(30) as first:
        client.get(url("detail", org, strategy_pk=strategy.pk))
    for i in range(6):
        area = services.focus_area_save(strategy=strategy, actor=None, name=f"Område {i}")
        services.criterion_create(
            strategy=strategy,
            actor=None,
            focus_area=area,
            statement=f"Kriterium {i}",
            kind="level",
            source="kpi",
            kpi="completion_rate",
            baseline_year=2023,
            target_value=Decimal(80),
            deadline_year=2027,
        )
        prog = services.programme_save(strategy=strategy, actor=None, name=f"Udspil {i}")
        item = services.item_save(programme=prog, actor=None, text=f"Punkt {i}")
        services.response_create(item=item, actor=None, text=f"Svar {i}", status="implemented")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url("detail", org, strategy_pk=strategy.pk))
    assert response.status_code == 200


def test_create_strategy_and_bad_input(client, org, consultant):
    client.force_login(consultant)
    bad = client.post(url("create", org), {"title": "", "start_year": "2027", "end_year": "2024"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Giv strategien en titel." in body
    bad = client.post(url("create", org), {"title": "X", "start_year": "2027", "end_year": "2024"})
    assert bad.status_code == 400
    assert "Strategien kan ikke slutte (2024), før den begynder (2027)." in bad.content.decode()
    ok = client.post(url("create", org), {"title": "Ny", "start_year": "2024", "end_year": "2027"})
    assert ok.status_code == 302


def criterion_post(**over):
    data = {
        "statement": "Sygefraværet ned med 1 procentpoint.",
        "focus_area": "",
        "source": "kpi",
        "kpi": "sick_leave_rate",
        "education": "",
        "indicator": "",
        "kind": "change_pp",
        "direction": "lower",
        "baseline_value": "8,64",
        "baseline_year": "2023",
        "target_value": "-1",
        "deadline_year": "2027",
    }
    data.update(over)
    return data


def test_criterion_create_refuses_a_kind_that_does_not_fit(client, org, consultant, strategy):
    client.force_login(consultant)
    bad = client.post(
        url("criterion_create", org, strategy_pk=strategy.pk),
        criterion_post(kpi="internal_ssh", kind="change_pp"),
    )
    assert bad.status_code == 400
    assert "tæller antal, så målet kan ikke være en ændring i procentpoint" in bad.content.decode()
    bad = client.post(
        url("criterion_create", org, strategy_pk=strategy.pk),
        criterion_post(kind="change_rel", baseline_value="0"),
    )
    assert bad.status_code == 400
    assert "En relativ ændring kan ikke regnes fra en udgangsværdi på 0" in bad.content.decode()
    bad = client.post(
        url("criterion_create", org, strategy_pk=strategy.pk),
        criterion_post(deadline_year="2020"),
    )
    assert bad.status_code == 400
    assert "Fristen (2020) kan ikke ligge før udgangsåret (2023)." in bad.content.decode()
    ok = client.post(url("criterion_create", org, strategy_pk=strategy.pk), criterion_post())
    assert ok.status_code == 302
    c = SuccessCriterion.objects.get(strategy=strategy, kpi="sick_leave_rate")
    assert c.baseline_value == Decimal("8.64") and c.target_value == Decimal("-1")


def test_criterion_edit_conflict_keeps_input(client, org, consultant, strategy):
    client.force_login(consultant)
    c = SuccessCriterion.objects.get(strategy=strategy)
    page = url("criterion_edit", org, strategy_pk=strategy.pk, criterion_pk=c.pk)
    assert client.get(page).status_code == 200
    services.criterion_update(
        criterion=c, actor=None, expected_version=c.version, target_value=Decimal(9)
    )
    stale = criterion_post(
        kpi="internal_unskilled",
        kind="min_year",
        baseline_value="",
        target_value="7",
        statement="Min nye formulering",
        version="1",
    )
    response = client.post(page, stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Min nye formulering" in body
    assert 'name="version" value="2"' in body
    again = client.post(page, {**stale, "version": "2"})
    assert again.status_code == 302
    c.refresh_from_db()
    assert c.statement == "Min nye formulering" and c.target_value == Decimal(7)


def test_response_status_is_set_and_shown(client, org, consultant, strategy):
    client.force_login(consultant)
    r = ProgrammeResponse.objects.get(item__programme__strategy=strategy)
    page = url("response_edit", org, strategy_pk=strategy.pk, response_pk=r.pk)
    response = client.post(
        page,
        {
            "version": str(r.version),
            "text": r.text,
            "initiative": "",
            "status": "implemented",
            "status_year": "2024",
            "status_note": "primo 2024",
        },
    )
    assert response.status_code == 302
    detail = client.get(url("detail", org, strategy_pk=strategy.pk)).content.decode()
    assert "Implementeret primo 2024" in detail


def test_link_initiative_and_unlink(client, org, consultant, strategy):
    from indsats.initiatives import services as initiative_services

    theme = initiative_services.theme_get_or_create(actor=None, organisation=org, name="Tema")
    initiative = initiative_services.initiative_create(
        organisation=org, actor=None, code="1.1", title="Personlige vejledere", theme=theme
    )
    area = strategy.focus_areas.get()
    client.force_login(consultant)
    response = client.post(
        url("link", org, strategy_pk=strategy.pk, area_pk=area.pk),
        {"initiative": str(initiative.pk), "state": "planned"},
    )
    assert response.status_code == 302
    detail = client.get(url("detail", org, strategy_pk=strategy.pk)).content.decode()
    assert "1.1 Personlige vejledere" in detail
    assert reverse("initiatives:detail", kwargs={"org": org.slug, "pk": initiative.pk}) in detail
    link = area.initiative_links.get()
    assert (
        client.post(url("unlink", org, strategy_pk=strategy.pk, link_pk=link.pk)).status_code == 302
    )
    assert not area.initiative_links.exists()


@pytest.mark.parametrize(
    "name",
    ["edit", "delete", "area_create", "criterion_create", "programme_create"],
)
def test_forms_open_for_editors(client, org, consultant, strategy, name):
    client.force_login(consultant)
    assert client.get(url(name, org, strategy_pk=strategy.pk)).status_code == 200


def test_two_people_editing_a_focus_area_do_not_overwrite_each_other(client, org, make_member):
    """Both open the same focus area; the first saves; the second gets 409 with the input kept
    and the first's text intact; saving again after the warning replaces it."""
    import re

    from indsats.strategies import services as strategy_services
    from indsats.strategies.models import StrategyFocusArea

    consultant = make_member(org, "consultant", "fokus-redaktor")
    strategy = strategy_services.strategy_create(
        organisation=org, actor=consultant, title="Strategi", start_year=2024, end_year=2027
    )
    area = strategy_services.focus_area_save(strategy=strategy, actor=consultant, name="Før")
    client.force_login(consultant)
    url = reverse(
        "strategies:area_edit",
        kwargs={"org": org.slug, "strategy_pk": strategy.pk, "area_pk": area.pk},
    )
    seen = re.search(r'name="seen" value="([0-9a-f]+)"', client.get(url).content.decode())[1]
    assert client.post(url, {"name": "Før uddannelse", "seen": seen}).status_code == 302
    response = client.post(url, {"name": "#1 Før", "description": "Ny", "seen": seen})
    assert response.status_code == 409
    html = response.content.decode()
    assert "ændret af en anden" in html and 'value="#1 Før"' in html
    assert StrategyFocusArea.objects.get(pk=area.pk).name == "Før uddannelse"
    fresh = re.search(r'name="seen" value="([0-9a-f]+)"', html)[1]
    assert client.post(url, {"name": "#1 Før", "seen": fresh}).status_code == 302
    assert StrategyFocusArea.objects.get(pk=area.pk).name == "#1 Før"


def _verdict_chips(html: str) -> list[tuple[str, str]]:
    """(colour, label) of every verdict badge: the page's chips, the report's spans."""
    chips = re.findall(r'class="chip" style="background: (#[0-9a-f]{6})"[^>]*>([^<]+)<', html)
    spans = re.findall(r'class="verdict" style="border-color: (#[0-9a-f]{6})[^"]*">([^<]+)<', html)
    return [(c, t.strip()) for c, t in chips + spans]


def test_verdict_colour_and_label_are_the_same_on_page_and_in_both_reports(
    client, org, reader, strategy
):
    from indsats.calc.indicators import Verdict
    from indsats.indicators.choices import VerdictChoices
    from indsats.reports import strategy as sr
    from indsats.reports.status import TargetRow

    client.force_login(reader)
    page = client.get(url("detail", org, strategy_pk=strategy.pk)).content.decode()
    expected = (VerdictChoices.colour(Verdict.REACHED), "Målet er nået")
    assert expected in _verdict_chips(page)
    report_page = client.get(
        reverse("reports:strategy", kwargs={"org": org.slug, "strategy_pk": strategy.pk}),
        {"aar": 2024},
    ).content.decode()
    assert expected in _verdict_chips(report_page)
    report = sr.build_strategy_report(strategy, year=2024)
    assert (report.criteria[0].verdict_colour, report.criteria[0].verdict_label) == expected
    # the status report's targets use the same vocabulary for every verdict
    for verdict in Verdict:
        row = TargetRow(Decimal(1), 2023, Decimal(2), 2027, verdict.value, None, "count")
        assert (row.verdict_colour, row.verdict_label) == (
            VerdictChoices.colour(verdict),
            str(VerdictChoices(verdict.value).label),
        )
    assert len({VerdictChoices.colour(v) for v in (Verdict.REACHED, Verdict.ON_TRACK)}) == 2


def test_one_measurement_is_too_early_to_judge_in_badge_and_explanation(
    client, org, reader, strategy
):
    criterion = strategy.success_criteria.get()
    criterion.kind = "level"
    criterion.target_value = Decimal(20)
    criterion.baseline_year = 2024
    criterion.save()
    client.force_login(reader)
    page = client.get(url("detail", org, strategy_pk=strategy.pk)).content.decode()
    assert ("#5c5c5c", "Kan endnu ikke vurderes") in _verdict_chips(page)
    assert "kan endnu ikke vurderes" in page  # the explanation says the same
    assert "På vej mod målet" not in page


def test_criterion_kpi_choices_say_what_the_registry_says(client, org, consultant, strategy):
    """The criterion form's "Måles på" list is the KPI registry (calc.kpis), in the active
    language: no second table of labels."""
    from django.utils import translation

    from indsats.calc import kpis
    from indsats.strategies.choices import PipelineKpi, pipeline_kpi_choices

    assert PipelineKpi.values == list(kpis.KPIS)
    assert [(v, str(label)) for v, label in pipeline_kpi_choices()] == [
        (code, k.label_da) for code, k in kpis.KPIS.items()
    ]
    with translation.override("en"):
        assert [str(label) for _v, label in PipelineKpi.choices] == [
            k.label_en for k in kpis.KPIS.values()
        ]
    client.force_login(consultant)
    form = client.get(url("criterion_create", org, strategy_pk=strategy.pk)).content.decode()
    for code, k in kpis.KPIS.items():
        assert f'<option value="{code}">{k.label_da}</option>' in form
