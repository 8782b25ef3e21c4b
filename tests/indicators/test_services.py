"""Indicators, their values and targets. Values are versions: a new value for a year is a new row,
and a report as of an earlier date keeps the value it had then."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from indsats.budgets.services import budget_note_create
from indsats.core.models import AuditLog
from indsats.core.services import ConflictError, PermissionDeniedError, ServiceError
from indsats.indicators import services
from indsats.indicators.models import Indicator, IndicatorValue, Target
from indsats.indicators.selectors import series_as_of, targets_for
from tests.factories import InitiativeFactory

D = Decimal
APRIL = dt.date(2025, 4, 30)
OCTOBER = dt.date(2025, 10, 31)


@pytest.fixture
def turnover(org, consultant):
    return services.indicator_create(
        organisation=org,
        actor=consultant,
        name="Personaleomsætning, SOSU-personale",
        unit="percent",
        direction="lower",
        definition="Fratrådte i procent af gennemsnitligt ansatte.",
        source="FLIS",
    )


@pytest.fixture
def started(org, consultant):
    initiative = InitiativeFactory(organisation=org, code="1.1")
    return services.indicator_create(
        organisation=org,
        actor=consultant,
        name="Medarbejdere startet på uddannelse",
        unit="count",
        initiative=initiative,
    )


def audit_count(org):
    return AuditLog.objects.filter(organisation=org).count()


def add(indicator, actor, year, value, recorded_on, **kwargs):
    return services.indicator_value_add(
        indicator=indicator,
        actor=actor,
        year=year,
        value=D(value),
        recorded_on=recorded_on,
        **kwargs,
    )


def test_create_writes_one_audit_record_rooted_at_the_initiative(org, consultant, started):
    entry = AuditLog.objects.filter(organisation=org, object_type="indicator").get()
    assert entry.action == "create"
    assert (entry.root_type, entry.root_id) == ("initiative", str(started.initiative_id))
    assert entry.changes["name"] == [None, "Medarbejdere startet på uddannelse"]


def test_an_indicator_belongs_to_one_owner_of_the_same_organisation(org, other_org, consultant):
    foreign = InitiativeFactory(organisation=other_org, code="1.1")
    mine = InitiativeFactory(organisation=org, code="1.2")
    note = budget_note_create(
        organisation=org, actor=consultant, code="SO19", title="God start", budget_year=2026
    )
    count = audit_count(org)
    with pytest.raises(ServiceError) as error:
        services.indicator_create(
            organisation=org, actor=consultant, name="X", unit="count", initiative=foreign
        )
    assert error.value.errors == {"initiative": ["Indsatsen hører til en anden organisation."]}
    with pytest.raises(ServiceError) as error:
        services.indicator_create(
            organisation=org,
            actor=consultant,
            name="X",
            unit="count",
            initiative=mine,
            budget_note=note,
        )
    assert list(error.value.errors) == ["budget_note"]
    assert not Indicator.objects.filter(name="X").exists()
    assert audit_count(org) == count


def test_values_are_versions_and_each_writes_an_audit_record(org, consultant, turnover):
    count = audit_count(org)
    first = add(turnover, consultant, 2025, "17.2", APRIL, note="Løbende 12 måneder.")
    second = add(turnover, consultant, 2025, "16.8", OCTOBER)
    assert IndicatorValue.objects.filter(indicator=turnover, year=2025).count() == 2
    first.refresh_from_db()
    assert first.value == D("17.2")  # never overwritten
    assert (second.entered_by, second.entered_by_name) == (consultant, consultant.get_full_name())
    assert audit_count(org) == count + 2
    entry = AuditLog.objects.filter(organisation=org).first()
    assert entry.changes == {"value": [None, "16.8"], "year": [None, 2025], "note": [None, None]}


def test_series_as_of_picks_the_newest_value_recorded_on_or_before_the_date(
    consultant, turnover, started
):
    add(turnover, consultant, 2024, "17.9", APRIL)
    add(turnover, consultant, 2025, "17.2", APRIL)
    add(turnover, consultant, 2025, "16.8", OCTOBER)
    add(started, consultant, 2025, "24", OCTOBER)
    ids = [turnover.pk, started.pk]
    assert series_as_of(ids, dt.date(2025, 4, 29)) == {}
    assert series_as_of(ids, APRIL) == {turnover.pk: {2024: D("17.9"), 2025: D("17.2")}}
    assert series_as_of(ids, dt.date(2025, 10, 30)) == {
        turnover.pk: {2024: D("17.9"), 2025: D("17.2")}
    }
    as_of_october = {turnover.pk: {2024: D("17.9"), 2025: D("16.8")}, started.pk: {2025: D(24)}}
    assert series_as_of(ids, OCTOBER) == as_of_october
    assert series_as_of(ids) == as_of_october  # no date: everything known


def test_a_later_value_does_not_change_the_series_as_of_an_earlier_date(consultant, turnover):
    add(turnover, consultant, 2024, "17.9", APRIL)
    before = series_as_of([turnover.pk], APRIL)
    add(turnover, consultant, 2024, "18.1", OCTOBER, note="Rettet efter FLIS' genberegning.")
    add(turnover, consultant, 2023, "19.6", OCTOBER)
    assert series_as_of([turnover.pk], APRIL) == before == {turnover.pk: {2024: D("17.9")}}
    assert series_as_of([turnover.pk], OCTOBER) == {turnover.pk: {2023: D("19.6"), 2024: D("18.1")}}


def test_a_correction_recorded_as_of_the_same_date_wins(consultant, turnover):
    add(turnover, consultant, 2025, "61.8", OCTOBER)
    add(turnover, consultant, 2025, "16.8", OCTOBER, note="Rettet: et komma for meget.")
    assert series_as_of([turnover.pk], OCTOBER) == {turnover.pk: {2025: D("16.8")}}


def test_within_a_year_the_latest_dated_value_counts(consultant, started):
    add(started, consultant, 2025, "24", OCTOBER, date=dt.date(2025, 9, 30))
    add(started, consultant, 2025, "11", OCTOBER, date=dt.date(2025, 4, 30))
    add(started, consultant, 2025, "20", OCTOBER)  # the whole year, without a date
    assert series_as_of([started.pk], OCTOBER) == {started.pk: {2025: D(24)}}


def test_a_value_recorded_in_the_future_is_refused_and_nothing_is_written(
    org, consultant, turnover
):
    count = audit_count(org)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ServiceError) as error:
        add(turnover, consultant, 2025, "16.8", tomorrow)
    assert error.value.errors == {"recorded_on": ["Datoen kan ikke ligge i fremtiden."]}
    assert not IndicatorValue.objects.exists()
    assert audit_count(org) == count


@pytest.mark.parametrize(
    ("year", "value", "date", "errors"),
    [
        (
            2025,
            "12.5",
            None,
            {
                "value": [
                    "Medarbejdere startet på uddannelse tæller antal: værdien skal være et helt "
                    "tal på 0 eller derover."
                ]
            },
        ),
        (
            2025,
            "-3",
            None,
            {
                "value": [
                    "Medarbejdere startet på uddannelse tæller antal: værdien skal være et helt "
                    "tal på 0 eller derover."
                ]
            },
        ),
        (
            2025,
            "3",
            dt.date(2024, 12, 31),
            {"date": ["Datoen 31.12.2024 ligger ikke i året 2025."]},
        ),
        (1989, "3", None, {"year": ["Året skal ligge mellem 1990 og 2100."]}),
        (
            2026,
            "3",
            None,
            {
                "year": [
                    "En værdi for 2026 kan ikke være opgjort pr. 30.04.2025, før året er begyndt."
                ]
            },
        ),
        (
            2025,
            "3",
            dt.date(2025, 5, 15),
            {"date": ["Datoen 15.05.2025 ligger efter 30.04.2025, som værdien er opgjort pr."]},
        ),
    ],
)
def test_bad_values_are_refused_with_a_danish_message(
    org, consultant, started, year, value, date, errors
):
    count = audit_count(org)
    with pytest.raises(ServiceError) as error:
        add(started, consultant, year, value, APRIL, date=date)
    assert error.value.errors == errors
    assert not IndicatorValue.objects.exists()
    assert audit_count(org) == count


def test_a_percentage_must_be_reasonable(consultant, turnover):
    with pytest.raises(ServiceError, match="ligger uden for 0-100 %"):
        add(turnover, consultant, 2025, "1680", APRIL)
    # with the flag, up to ±1000 %
    services.indicator_update(
        indicator=turnover, actor=consultant, expected_version=None, may_exceed_100=True
    )
    turnover.refresh_from_db()
    with pytest.raises(ServiceError, match="er ikke en rimelig procentsats"):
        add(turnover, consultant, 2025, "1680", APRIL)


def test_managers_record_values_readers_and_outsiders_do_not(org, make_member, outsider, turnover):
    manager = make_member(org, "manager")
    add(turnover, manager, 2025, "16.8", OCTOBER)
    count = audit_count(org)
    for user in (make_member(org, "readonly"), outsider):
        with pytest.raises(PermissionDeniedError):
            add(turnover, user, 2025, "1", OCTOBER)
    with pytest.raises(PermissionDeniedError):  # defining indicators is for consultants
        services.indicator_create(organisation=org, actor=manager, name="Y", unit="count")
    assert IndicatorValue.objects.count() == 1
    assert audit_count(org) == count


def test_the_unit_cannot_change_once_there_are_values(consultant, turnover):
    add(turnover, consultant, 2025, "16.8", OCTOBER)
    with pytest.raises(ServiceError) as error:
        services.indicator_update(
            indicator=turnover, actor=consultant, expected_version=1, unit="count"
        )
    assert error.value.errors == {"unit": ["Enheden kan ikke ændres, når indikatoren har værdier."]}
    turnover.refresh_from_db()
    assert (turnover.unit, turnover.version) == ("percent", 1)


def test_update_with_an_old_version_is_a_conflict(org, consultant, turnover):
    stale = Indicator.objects.get(pk=turnover.pk)
    services.indicator_update(
        indicator=turnover, actor=consultant, expected_version=1, source="Lønsystemet"
    )
    count = audit_count(org)
    with pytest.raises(ConflictError):
        services.indicator_update(
            indicator=stale, actor=consultant, expected_version=1, source="FLIS igen"
        )
    turnover.refresh_from_db()
    assert (turnover.source, turnover.version) == ("Lønsystemet", 2)
    assert audit_count(org) == count


def test_targets_are_set_and_updated_with_an_audit_record_each(org, consultant, turnover):
    count = audit_count(org)
    target = services.target_set(
        indicator=turnover,
        actor=consultant,
        baseline_value=D("19.8"),
        baseline_year=2019,
        target_value=D("15.0"),
        deadline_year=2027,
    )
    services.target_set(
        indicator=turnover,
        actor=consultant,
        baseline_value=D("19.8"),
        baseline_year=2019,
        target_value=D("14.5"),
        deadline_year=2027,
        target=target,
    )
    assert targets_for([turnover.pk]) == {turnover.pk: [target]}
    target.refresh_from_db()
    assert target.target_value == D("14.5")
    assert audit_count(org) == count + 2
    assert AuditLog.objects.filter(organisation=org).first().changes == {
        "target_value": ["15.0000", "14.5000"]
    }


def test_a_target_deadline_before_its_baseline_is_refused(consultant, turnover):
    with pytest.raises(ServiceError) as error:
        services.target_set(
            indicator=turnover,
            actor=consultant,
            baseline_value=D("19.8"),
            baseline_year=2027,
            target_value=D("15"),
            deadline_year=2019,
        )
    assert error.value.errors == {"deadline_year": ["Fristen kan ikke ligge før udgangsåret."]}
    assert not Target.objects.exists()


def test_a_target_of_another_indicator_or_organisation_is_refused(other_org, consultant, turnover):
    foreign_indicator = services.indicator_create(
        organisation=other_org, actor=None, name="Ansøgere pr. stillingsopslag", unit="ratio"
    )
    foreign = services.target_set(
        indicator=foreign_indicator,
        actor=None,
        baseline_value=D("3.1"),
        baseline_year=2019,
        target_value=D(5),
        deadline_year=2026,
    )
    with pytest.raises(ServiceError, match="Målet hører til en anden indikator."):
        services.target_set(
            indicator=turnover,
            actor=consultant,
            baseline_value=D(1),
            baseline_year=2019,
            target_value=D(2),
            deadline_year=2026,
            target=foreign,
        )
    foreign.refresh_from_db()
    assert (foreign.indicator_id, foreign.target_value) == (foreign_indicator.pk, D(5))
