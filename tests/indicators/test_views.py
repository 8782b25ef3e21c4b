"""Indicator pages: list, detail with values (older versions visible), create/edit, add a value
in the indicator's unit, targets; and the indicators block on the initiative page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from indsats.indicators import services
from indsats.indicators.models import Indicator, IndicatorValue, Target
from tests.followup.ui_world import build, html, text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, consultant):
    return build(org, consultant)


def test_list_shows_owner_latest_value_and_target(consultant_client, org, consultant, world):
    services.indicator_value_add(
        indicator=world.turnover, actor=consultant, year=2025, value=Decimal("18.4")
    )
    services.target_set(
        indicator=world.turnover,
        actor=consultant,
        baseline_value=Decimal("20"),
        baseline_year=2024,
        target_value=Decimal("15"),
        deadline_year=2027,
    )
    page = consultant_client.get(url(org, "indicators:list"))
    assert page.status_code == 200
    body = text(page)
    assert "Personaleomsætning 1.1 Frikøb af praktikvejledere Procent 18,4 % (2025)" in body
    assert "15,0 % i 2027 (fra 20,0 % i 2024)" in body
    assert "Medarbejdere startet på uddannelse SO19 (2026) Antal" in body


def test_create_indicator_owned_by_an_initiative(consultant_client, org, world):
    form = consultant_client.get(url(org, "indicators:create") + f"?indsats={world.initiative.pk}")
    assert f'<option value="i{world.initiative.pk}" selected>' in html(form)
    response = consultant_client.post(
        url(org, "indicators:create"),
        {
            "name": "Ansøgere pr. stillingsopslag",
            "unit": "ratio",
            "direction": "higher",
            "definition": "Ansøgere ÷ opslag",
            "source": "Rekrutteringssystemet",
            "owner": f"i{world.initiative.pk}",
        },
    )
    indicator = Indicator.objects.get(name="Ansøgere pr. stillingsopslag")
    assert response.status_code == 302
    assert response["Location"] == url(org, "indicators:detail", indicator_pk=indicator.pk)
    assert (indicator.initiative, indicator.budget_note, indicator.unit) == (
        world.initiative,
        None,
        "ratio",
    )


def test_create_refuses_an_owner_of_another_organisation(
    consultant_client, org, other_org, make_member
):
    from tests.followup.ui_world import build as build_other

    foreign = build_other(other_org, make_member(other_org, "consultant", "fremmed"))
    response = consultant_client.post(
        url(org, "indicators:create"),
        {
            "name": "Snyd",
            "unit": "count",
            "direction": "higher",
            "owner": f"i{foreign.initiative.pk}",
        },
    )
    assert response.status_code == 400
    assert "Vælg, hvad indikatoren hører til." in html(response)
    assert not Indicator.objects.filter(organisation=org).exists()


def test_edit_indicator_moves_it_to_the_organisation(consultant_client, org, world):
    response = consultant_client.post(
        url(org, "indicators:edit", indicator_pk=world.turnover.pk),
        {
            "name": "Personaleomsætning i ældreplejen",
            "unit": "percent",
            "direction": "lower",
            "definition": "",
            "source": "",
            "owner": "org",
            "version": "1",
        },
    )
    assert response.status_code == 302
    world.turnover.refresh_from_db()
    assert world.turnover.name == "Personaleomsætning i ældreplejen"
    assert world.turnover.initiative is None
    assert world.turnover.version == 2


def test_add_value_in_the_indicators_unit(consultant_client, org, world):
    response = consultant_client.post(
        url(org, "indicators:value_add", indicator_pk=world.turnover.pk),
        {
            "year": "2025",
            "value": "22,5 %",
            "note": "Fra lønsystemet",
            "date": "",
            "recorded_on": "2026-01-15",
        },
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=world.turnover)
    assert (value.year, value.value, value.note, value.recorded_on) == (
        2025,
        Decimal("22.5000"),
        "Fra lønsystemet",
        dt.date(2026, 1, 15),
    )
    assert value.entered_by_name
    detail = consultant_client.get(response["Location"])
    assert "Værdien for 2025 er gemt: 22,5 %." in text(detail)


@pytest.mark.parametrize(
    ("indicator", "value", "message"),
    [
        (
            "started",
            "22,5%",
            "Værdi for »Medarbejdere startet på uddannelse«: »22,5%« er en procentsats, men indikatoren måles i antal.",
        ),
        (
            "started",
            "12,5",
            "Værdi for »Medarbejdere startet på uddannelse«: »12,5« er ikke et helt tal",
        ),
        (
            "turnover",
            "4.500 kr.",
            "Værdi for »Personaleomsætning«: »4.500 kr.« er et kronebeløb, men indikatoren måles i procent.",
        ),
        ("turnover", "mange", "Værdi for »Personaleomsætning«:"),
    ],
)
def test_a_value_in_the_wrong_unit_is_refused(
    consultant_client, org, world, indicator, value, message
):
    target = getattr(world, indicator)
    response = consultant_client.post(
        url(org, "indicators:value_add", indicator_pk=target.pk),
        {"year": "2025", "value": value, "note": "", "date": "", "recorded_on": "2026-01-15"},
    )
    assert response.status_code == 400
    assert message in html(response)
    assert "Værdien er ikke gemt" in html(response)
    assert not IndicatorValue.objects.exists()


def test_a_value_recorded_in_the_future_is_refused(consultant_client, org, world):
    future = timezone.localdate() + dt.timedelta(days=3)
    response = consultant_client.post(
        url(org, "indicators:value_add", indicator_pk=world.started.pk),
        {"year": "2026", "value": "12", "note": "", "date": "", "recorded_on": future.isoformat()},
    )
    assert response.status_code == 400
    assert "Datoen kan ikke ligge i fremtiden." in html(response)
    assert not IndicatorValue.objects.exists()


def test_a_corrected_value_keeps_the_older_version_visible(
    consultant_client, org, consultant, world
):
    services.indicator_value_add(
        indicator=world.started,
        actor=consultant,
        year=2025,
        value=Decimal(12),
        note="Første optælling",
    )
    services.indicator_value_add(
        indicator=world.started,
        actor=consultant,
        year=2025,
        value=Decimal(14),
        note="Rettet: to manglede",
    )
    page = consultant_client.get(url(org, "indicators:detail", indicator_pk=world.started.pk))
    assert page.status_code == 200
    body = text(page)
    assert "2025 14 Rettet: to manglede" in body
    assert "2025 12 ældre version Første optælling" in body
    assert "<s>12</s>" in html(page)
    assert IndicatorValue.objects.filter(indicator=world.started).count() == 2


def test_target_form_creates_then_changes_the_target(consultant_client, org, world):
    target_url = url(org, "indicators:target", indicator_pk=world.turnover.pk)
    response = consultant_client.post(
        target_url,
        {
            "baseline_value": "20 %",
            "baseline_year": "2024",
            "target_value": "15",
            "deadline_year": "2027",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get(indicator=world.turnover)
    assert (target.baseline_value, target.target_value) == (Decimal(20), Decimal(15))
    form = consultant_client.get(target_url)
    assert 'value="20 %"' in html(form)
    consultant_client.post(
        target_url,
        {
            "baseline_value": "20",
            "baseline_year": "2024",
            "target_value": "14",
            "deadline_year": "2028",
        },
    )
    assert list(Target.objects.values_list("target_value", "deadline_year")) == [
        (Decimal("14.0000"), 2028)
    ]


def test_target_refuses_a_deadline_before_the_baseline(consultant_client, org, world):
    response = consultant_client.post(
        url(org, "indicators:target", indicator_pk=world.turnover.pk),
        {
            "baseline_value": "20",
            "baseline_year": "2026",
            "target_value": "15",
            "deadline_year": "2024",
        },
    )
    assert response.status_code == 400
    assert "Fristen kan ikke ligge før udgangsåret." in html(response)
    assert not Target.objects.exists()


def test_the_initiative_page_lists_its_indicators(consultant_client, org, consultant, world):
    services.indicator_value_add(
        indicator=world.turnover, actor=consultant, year=2025, value=Decimal("18.4")
    )
    page = consultant_client.get(url(org, "initiatives:detail", pk=world.initiative.pk))
    body = text(page)
    assert "Indikatorer" in body
    assert "Personaleomsætning" in body and "2025: 18,4 %" in body
    # The note funding the initiative brings its indicator along.
    assert "Medarbejdere startet på uddannelse" in body
    assert f"/o/{org.slug}/indikatorer/{world.turnover.pk}/" in html(page)


def test_manager_may_add_values_but_not_edit_indicators(client, org, make_member, world):
    client.force_login(make_member(org, "manager", "leder"))
    add = client.post(
        url(org, "indicators:value_add", indicator_pk=world.started.pk),
        {"year": "2026", "value": "7", "note": "", "date": "", "recorded_on": ""},
    )
    assert add.status_code in (302, 400)
    assert client.get(url(org, "indicators:edit", indicator_pk=world.started.pk)).status_code == 403
    assert (
        client.get(url(org, "indicators:target", indicator_pk=world.started.pk)).status_code == 403
    )
