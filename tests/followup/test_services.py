"""Status updates: never overwritten, corrections are new versions, and the status as of any
past date can be reproduced after later updates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from indsats.budgets.services import budget_note_create
from indsats.core.models import AuditLog
from indsats.core.services import PermissionDeniedError, ServiceError
from indsats.followup.models import StatusState, StatusUpdate
from indsats.followup.selectors import (
    overdue,
    status_as_of,
    status_history,
    status_values_as_of,
)
from indsats.followup.services import ReportedValue, indicators_for, status_update_create
from indsats.indicators.models import IndicatorValue
from indsats.indicators.selectors import series_as_of
from indsats.indicators.services import indicator_create
from tests.factories import InitiativeFactory

D = Decimal
APRIL = dt.date(2025, 4, 30)
OCTOBER = dt.date(2025, 10, 31)


@pytest.fixture
def manager(org, make_member):
    return make_member(org, "manager", "leder")


@pytest.fixture
def mentor(org):
    return InitiativeFactory(organisation=org, code="3.9", state="running")


@pytest.fixture
def mentors_trained(org, mentor):
    return indicator_create(
        organisation=org, actor=None, name="Mentorer uddannet", unit="count", initiative=mentor
    )


def report(initiative, actor, as_of, state="on_track", text="- Forløbet kører.", **kwargs):
    return status_update_create(
        initiative=initiative, actor=actor, as_of=as_of, state=state, text=text, **kwargs
    )


def written(org):
    return (
        StatusUpdate.objects.count(),
        IndicatorValue.objects.count(),
        AuditLog.objects.filter(organisation=org).count(),
    )


def latest(initiative_ids, as_of):
    """``status_as_of``, checked against the status report's ``status_values_as_of`` (the same
    rule read as plain values, a window in the query): the same update for every initiative."""
    updates = status_as_of(initiative_ids, as_of)
    values = status_values_as_of(initiative_ids, as_of)
    assert {i: v.pk for i, v in values.items()} == {i: u.pk for i, u in updates.items()}
    for initiative_id, update in updates.items():
        assert values[initiative_id].text == update.text
        assert values[initiative_id].as_of == update.as_of
    return updates


def test_a_status_update_records_its_values_as_of_its_date_with_one_audit_record_each(
    org, manager, mentor, mentors_trained
):
    before = AuditLog.objects.filter(organisation=org).count()
    update = report(
        mentor,
        manager,
        APRIL,
        state="at_risk",
        text="Holdstart udskudt.\n\n- 9 vejledere er i gang.",
        values=[ReportedValue(mentors_trained, 2024, D(14), "Hele året.")],
    )
    assert (update.author, update.author_name) == (manager, manager.get_full_name())
    assert update.get_state_display() == "I risiko"
    assert StatusState.colour(update.state) == "#8a5a00"
    (value,) = IndicatorValue.objects.all()
    assert (value.status_update, value.recorded_on, value.year, value.value, value.note) == (
        update,
        APRIL,
        2024,
        D(14),
        "Hele året.",
    )
    entries = AuditLog.objects.filter(organisation=org)
    assert entries.count() == before + 2  # the value and the status update
    assert entries.first().object_type == "statusupdate"
    assert entries.first().changes["state"] == [None, "I risiko"]


def test_a_status_date_in_the_future_is_refused_and_nothing_is_written(
    org, manager, mentor, mentors_trained
):
    before = written(org)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ServiceError) as error:
        report(mentor, manager, tomorrow, values=[ReportedValue(mentors_trained, 2025, D(16))])
    assert error.value.errors == {
        "as_of": [f"Statusdatoen {tomorrow:%d.%m.%Y} ligger i fremtiden."]
    }
    assert written(org) == before


@pytest.mark.parametrize(
    ("state", "text", "field"),
    [("on_track", "   ", "text"), ("great", "- Fint.", "state")],
)
def test_a_status_needs_a_state_and_an_account(org, manager, mentor, state, text, field):
    before = written(org)
    with pytest.raises(ServiceError) as error:
        report(mentor, manager, APRIL, state=state, text=text)
    assert list(error.value.errors) == [field]
    assert written(org) == before


def test_a_bad_value_in_a_status_update_writes_nothing(org, manager, mentor, mentors_trained):
    before = written(org)
    with pytest.raises(ServiceError, match="tæller antal"):
        report(mentor, manager, APRIL, values=[ReportedValue(mentors_trained, 2025, D("2.5"))])
    assert written(org) == before


def test_only_indicators_of_the_initiative_its_notes_or_the_organisation_may_be_reported(
    org, other_org, consultant, manager, mentor, mentors_trained
):
    other = InitiativeFactory(organisation=org, code="2.4")
    others = indicator_create(
        organisation=org, actor=None, name="Elever i lektiecaféen", unit="count", initiative=other
    )
    foreign = indicator_create(organisation=other_org, actor=None, name="Fremmed", unit="count")
    note = budget_note_create(
        organisation=org,
        actor=consultant,
        initiatives=[mentor],
        code="ØK77",
        title="Fastholdelse",
        budget_year=2025,
    )
    of_note = indicator_create(
        organisation=org, actor=None, name="Stillingsopslag", unit="count", budget_note=note
    )
    of_org = indicator_create(
        organisation=org, actor=None, name="Personaleomsætning", unit="percent"
    )
    assert set(indicators_for(mentor)) == {mentors_trained, of_note, of_org}
    before = written(org)
    with pytest.raises(ServiceError) as error:
        report(
            mentor,
            manager,
            APRIL,
            values=[ReportedValue(others, 2024, D(9)), ReportedValue(foreign, 2024, D(1))],
        )
    assert error.value.errors == {
        "values": [
            "Indikatoren »Elever i lektiecaféen« hører ikke til indsatsen.",
            "Indikatoren »Fremmed« hører ikke til indsatsen.",
        ]
    }
    assert written(org) == before
    report(
        mentor,
        manager,
        APRIL,
        values=[
            ReportedValue(mentors_trained, 2024, D(14)),
            ReportedValue(of_note, 2024, D(214)),
            ReportedValue(of_org, 2024, D("17.9")),
        ],
    )


def test_readers_and_members_of_another_organisation_cannot_write_status(
    org, make_member, outsider, mentor
):
    before = written(org)
    for user in (make_member(org, "readonly"), outsider):
        with pytest.raises(PermissionDeniedError):
            report(mentor, user, APRIL)
    assert written(org) == before


def test_a_status_update_never_overwrites_a_correction_is_a_new_version(
    org, manager, consultant, mentor, mentors_trained
):
    original = report(
        mentor,
        manager,
        OCTOBER,
        text="- 12 opslag førte ikke til ansættelse.",
        values=[ReportedValue(mentors_trained, 2025, D(61))],
    )
    correction = report(
        mentor,
        consultant,
        OCTOBER,
        text="- 21 opslag førte ikke til ansættelse.",
        values=[ReportedValue(mentors_trained, 2025, D(16), "Rettet.")],
        corrects=original,
    )
    original.refresh_from_db()
    assert original.text == "- 12 opslag førte ikke til ansættelse."  # untouched
    assert correction.supersedes == original
    assert original.superseded_by == correction
    assert status_history(mentor) == [correction, original]
    assert latest([mentor.pk], OCTOBER) == {mentor.pk: correction}
    assert series_as_of([mentors_trained.pk], OCTOBER) == {mentors_trained.pk: {2025: D(16)}}
    assert IndicatorValue.objects.filter(year=2025).count() == 2
    entry = AuditLog.objects.filter(organisation=org, object_type="statusupdate").first()
    assert entry.changes["corrects"] == [None, str(original.pk)]


def test_a_version_can_be_corrected_only_once(org, manager, mentor):
    original = report(mentor, manager, OCTOBER)
    correction = report(mentor, manager, OCTOBER, text="- Rettet.", corrects=original)
    before = written(org)
    with pytest.raises(ServiceError) as error:
        report(mentor, manager, OCTOBER, text="- Rettet igen.", corrects=original)
    assert error.value.messages == [
        "Denne status er allerede rettet af en nyere version. Ret den nyeste version."
    ]
    assert written(org) == before
    newest = report(mentor, manager, OCTOBER, text="- Rettet igen.", corrects=correction)
    assert latest([mentor.pk], OCTOBER) == {mentor.pk: newest}


def test_a_status_of_another_initiative_cannot_be_corrected(org, manager, mentor):
    other = InitiativeFactory(organisation=org, code="2.4")
    theirs = report(other, manager, OCTOBER)
    before = written(org)
    with pytest.raises(ServiceError, match="hører til en anden indsats"):
        report(mentor, manager, OCTOBER, corrects=theirs)
    assert written(org) == before


def test_the_status_as_of_an_earlier_date_is_unchanged_by_later_updates(
    manager, mentor, mentors_trained
):
    other = InitiativeFactory(organisation=mentor.organisation, code="2.4")
    april = report(mentor, manager, APRIL, state="at_risk")
    report(other, manager, dt.date(2025, 5, 15), state="on_track")
    as_of_may = latest([mentor.pk, other.pk], dt.date(2025, 5, 1))
    assert as_of_may == {mentor.pk: april}
    october = report(mentor, manager, OCTOBER, state="on_track")
    report(other, manager, OCTOBER, state="finished")
    assert latest([mentor.pk, other.pk], dt.date(2025, 5, 1)) == as_of_may
    assert latest([mentor.pk], dt.date(2025, 4, 29)) == {}
    assert latest([mentor.pk], dt.date(2025, 12, 31)) == {mentor.pk: october}


def test_a_corrected_version_is_not_shown_even_when_the_correction_moved_the_date(manager, mentor):
    april = report(mentor, manager, APRIL)
    wrong_date = report(mentor, manager, dt.date(2025, 11, 30), text="- Skrevet med forkert dato.")
    fixed = report(
        mentor, manager, OCTOBER, text="- Skrevet med forkert dato.", corrects=wrong_date
    )
    assert latest([mentor.pk], dt.date(2025, 12, 31)) == {mentor.pk: fixed}
    assert latest([mentor.pk], dt.date(2025, 9, 1)) == {mentor.pk: april}


def test_overdue_lists_initiatives_being_carried_out_without_recent_status(org, manager, mentor):
    org.reporting_interval_days = 120
    org.save()
    never = InitiativeFactory(organisation=org, code="2.1", state="funded")
    recent = InitiativeFactory(organisation=org, code="2.2", state="running")
    finished = InitiativeFactory(organisation=org, code="2.3", state="finished")
    proposed = InitiativeFactory(organisation=org, code="2.5", state="proposed")
    report(mentor, manager, APRIL)
    report(recent, manager, OCTOBER)
    report(finished, manager, APRIL, state="finished")
    today = dt.date(2025, 11, 30)  # 120 days after 2025-08-02
    assert overdue(org, today) == [(never, None), (mentor, APRIL)]
    assert proposed not in [i for i, _ in overdue(org, today)]
    # April is exactly 120 days old; as of 28 August 2.2's October status did not exist yet.
    assert overdue(org, dt.date(2025, 8, 28)) == [(never, None), (recent, None)]


def test_a_round_past_its_due_date_decides_before_the_interval(org, manager, mentor):
    """The one overdue decision: a round whose due date has passed wants a status as of its date;
    the interval decides only for initiatives no such round covers."""
    from indsats.followup.selectors import status_missing_since
    from indsats.followup.services import status_round_create

    org.reporting_interval_days = 365
    org.save()
    other = InitiativeFactory(organisation=org, code="2.2", state="running")
    report(mentor, manager, APRIL)
    report(other, manager, APRIL)
    status_round = status_round_create(
        actor=None,
        organisation=org,
        name="Status pr. oktober 2025",
        as_of=OCTOBER,
        due_date=OCTOBER + dt.timedelta(days=14),
        initiatives=[mentor],
    )
    before_due = OCTOBER + dt.timedelta(days=13)
    after_due = OCTOBER + dt.timedelta(days=15)
    ids = [mentor, other]
    assert status_missing_since(org, ids, before_due) == {}
    assert status_missing_since(org, ids, after_due) == {mentor.pk: status_round.due_date}
    assert overdue(org, after_due) == [(mentor, APRIL)]
    report(mentor, manager, OCTOBER)
    assert status_missing_since(org, ids, after_due) == {}
