"""students.services: the one write path for student records, and the retention period."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from indsats.core.models import AuditLog
from indsats.core.services import PermissionDeniedError
from indsats.students.inputs import AbsenceInput, PhaseInput
from indsats.students.models import AbsencePeriod, Student, StudentPhase
from indsats.students.services import (
    StudentImportError,
    retention_cutoff,
    student_records_apply,
    student_records_delete_expired,
)

from .records import cohort, student


def state() -> tuple[int, int, int, int]:
    return (
        Student.objects.count(),
        StudentPhase.objects.count(),
        AbsencePeriod.objects.count(),
        AuditLog.objects.count(),
    )


def apply(org, students, actor=None, source="elever.xlsx"):
    return student_records_apply(organisation=org, actor=actor, students=students, source=source)


def refused(org, students) -> list[str]:
    """Apply records that must be refused: nothing may change; returns the messages."""
    before = state()
    with pytest.raises(StudentImportError) as info:
        apply(org, students)
    assert state() == before
    return info.value.messages


def test_apply_creates_students_with_phases_absences_cohort_and_audit(org):
    summary = apply(org, cohort(8))
    assert (summary.created, summary.updated, summary.unchanged) == (8, 0, 0)
    s = Student.objects.get(key="E2021-00000")
    assert s.cohort_year == 2021 and s.outcome == "completed" and s.outcome_year == 2023
    assert s.hired_after is True and s.hired_where
    assert s.phases.count() == 7 and s.absences.count() == 10
    assert {a.year for a in s.absences.all()} == {2022}
    dropout = Student.objects.get(key="E2021-00002")
    assert (dropout.dropout_cause, dropout.dropout_phase, dropout.outcome_year) == (
        "absence",
        "O1",
        2022,
    )
    assert AuditLog.objects.filter(action="import", object_type="student_records").count() == 1
    assert AuditLog.objects.filter(action="create", object_type="student").count() == 8
    assert "8 nye" in summary.summary()


def test_applying_the_same_records_twice_changes_nothing(org):
    records = cohort(12)
    apply(org, records)
    rows = list(StudentPhase.objects.values_list("pk", flat=True))
    audit_before = AuditLog.objects.count()

    summary = apply(org, records)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 12)
    assert list(StudentPhase.objects.values_list("pk", flat=True)) == rows
    # Only the apply's own summary row: no row per unchanged student.
    assert AuditLog.objects.count() == audit_before + 1
    assert not AuditLog.objects.filter(action="update", object_type="student").exists()


def test_a_newer_file_updates_the_students_it_names_and_keeps_the_others(org):
    apply(org, cohort(6))
    old = student(3)  # ongoing
    newer = replace(
        old,
        outcome="dropped_out",
        outcome_date=dt.date(2022, 5, 2),
        dropout_cause="illness",
        dropout_phase="S2",
        phases=old.phases[:4],
        absences=old.absences[:2],
    )

    summary = apply(org, [newer], source="nyere.xlsx")

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    assert Student.objects.count() == 6
    s = Student.objects.get(key=old.key)
    assert (s.outcome, s.dropout_cause, s.outcome_year, s.source) == (
        "dropped_out",
        "illness",
        2022,
        "nyere.xlsx",
    )
    assert s.phases.count() == 4 and s.absences.count() == 2
    row = AuditLog.objects.get(action="update", object_type="student")
    assert set(row.changes["fields"]) >= {"outcome", "dropout_cause", "phases", "absences"}
    # The audit row names no personal values, only which fields changed.
    assert "2022-05-02" not in str(row.changes)


def test_only_a_changed_phase_counts_as_an_update(org):
    apply(org, cohort(3))
    s = student(1)
    moved = replace(s, phases=(*s.phases[:-1], replace(s.phases[-1], place="Et nyt sted")))
    summary = apply(org, [moved, student(0), student(2)])
    assert (summary.updated, summary.unchanged) == (1, 2)
    assert StudentPhase.objects.filter(place="Et nyt sted").count() == 1


@pytest.mark.parametrize(
    "changes,column,text",
    [
        ({"education": "sosu"}, "uddannelse", "»sosu« er ikke en kendt kode"),
        ({"origin": "abroad"}, "baggrund", "»abroad« er ikke en kendt kode"),
        ({"age_band": "30-40"}, "aldersgruppe", "»30-40« er ikke en kendt kode"),
        ({"outcome": "paused"}, "udfald", "»paused« er ikke en kendt kode"),
        ({"key": ""}, "elevnøgle", "skal udfyldes"),
        ({"key": "x" * 65}, "elevnøgle", "der er plads til 64"),
    ],
)
def test_unknown_codes_are_refused_naming_row_and_field(org, changes, column, text):
    messages = refused(org, [student(1), student(3, **changes)])
    assert len(messages) == 1
    assert "række 2" in messages[0] and f"»{column}«" in messages[0] and text in messages[0]


def test_unknown_phase_and_cause_codes(org):
    s = student(2)
    bad = replace(s, dropout_cause="bored", phases=(replace(s.phases[0], phase="X9"),))
    messages = refused(org, [bad])
    assert any("»frafaldsårsag«" in m and "»bored«" in m for m in messages)
    assert any("»fase«" in m and "»X9«" in m for m in messages)


def test_outcome_before_hire_date(org):
    messages = refused(org, [student(0, outcome_date=dt.date(2020, 1, 1))])
    assert messages == [
        "række 1, kolonne »udfaldsdato«: Udfaldsdatoen 01-01-2020 ligger før "
        "ansættelsesdatoen 01-08-2021."
    ]


def test_phase_end_before_start(org):
    s = student(1)
    bad = replace(s, phases=(PhaseInput("GF", dt.date(2021, 9, 1), dt.date(2021, 8, 1)),))
    [message] = refused(org, [bad])
    assert "»slut«" in message and "ligger før startdatoen" in message


def test_absence_end_before_start_and_across_a_year_end(org):
    s = student(1)
    bad = replace(
        s,
        absences=(
            AbsenceInput(dt.date(2022, 3, 31), dt.date(2022, 3, 1), Decimal(5), Decimal(0)),
            AbsenceInput(dt.date(2022, 12, 1), dt.date(2023, 1, 31), Decimal(40), Decimal(1)),
        ),
    )
    messages = refused(org, [bad])
    assert len(messages) == 2
    assert "ligger før startdatoen" in messages[0]
    assert "årsskifte" in messages[1]


def test_sick_days_above_planned_days(org):
    s = student(1)
    bad = replace(
        s, absences=(AbsenceInput(dt.date(2022, 1, 1), dt.date(2022, 1, 31), Decimal(20), 21),)
    )
    [message] = refused(org, [bad])
    assert "»sygedage«" in message and "flere end de planlagte dage" in message


def test_a_dropout_needs_a_cause_and_a_date(org):
    messages = refused(org, [student(2, dropout_cause="", outcome_date=None)])
    assert any("»frafaldsårsag«" in m and "skal have en årsag" in m for m in messages)
    assert any("»udfaldsdato«" in m for m in messages)


def test_cause_or_dropout_phase_on_a_student_who_did_not_drop_out(org):
    messages = refused(org, [student(1, dropout_cause="illness", dropout_phase="S1")])
    assert len(messages) == 2
    assert "ikke faldet fra" in messages[0] and "ikke faldet fra" in messages[1]


def test_hired_after_on_a_student_who_did_not_complete(org):
    [message] = refused(org, [student(3, hired_after=True)])  # ongoing
    assert "»ansat efter uddannelsen«" in message and "ikke gennemført" in message


def test_a_student_in_two_places_at_once(org):
    s = student(0)
    overlapping = replace(
        s,
        phases=(
            PhaseInput("O1", dt.date(2022, 1, 1), dt.date(2022, 3, 31), "Solgården"),
            PhaseInput("O2", dt.date(2022, 3, 15), dt.date(2022, 6, 30), "Hjemmeplejen"),
        ),
    )
    [message] = refused(org, [overlapping])
    assert "to steder på én gang" in message and "O2" in message and "O1" in message


def test_an_open_phase_followed_by_another_overlaps(org):
    s = student(3)
    bad = replace(
        s,
        phases=(
            PhaseInput("GF", dt.date(2021, 8, 1), None),
            PhaseInput("S1", dt.date(2022, 1, 1), dt.date(2022, 2, 1)),
        ),
    )
    [message] = refused(org, [bad])
    assert "uden slutdato" in message


def test_the_same_key_twice(org):
    [message] = refused(org, [student(1), student(3), student(1)])
    assert "række 3" in message and "står to gange" in message and "række 1" in message


def test_every_problem_is_listed_at_once(org):
    messages = refused(
        org,
        [
            student(1, education="x"),
            student(2, dropout_cause=""),
            student(3, outcome_date=dt.date(2024, 1, 1)),
        ],
    )
    assert [m.split(",")[0] for m in messages] == ["række 1", "række 2", "række 3"]


@pytest.mark.parametrize(
    "changes",
    [
        {"key": "010190-1234"},
        {"key": "0101901234"},
        {"hired_where": "Plejecenter 010190 1234"},
    ],
)
def test_a_cpr_number_is_refused_without_repeating_it(org, changes):
    messages = refused(org, [student(0, **changes)])
    text = " ".join(messages)
    assert "CPR-nummer" in text and "010190-****" in text
    assert "1234" not in text


def test_a_cpr_number_in_a_training_place(org):
    s = student(0)
    bad = replace(s, phases=(replace(s.phases[0], place="Vejleder 2512891234"),))
    [message] = refused(org, [bad])
    assert "»oplæringssted«" in message and "CPR" in message and "1234" not in message


def test_origin_rows_name_sheet_and_row(org):
    s = student(2, dropout_cause="", origin_row=("Elever", 14))
    [message] = refused(org, [s])
    assert message.startswith("Ark »Elever«, række 14, kolonne »frafaldsårsag«")


def test_access_is_needed_to_apply(org, consultant, make_member):
    with pytest.raises(PermissionDeniedError):
        apply(org, cohort(1), actor=consultant)
    consultant.memberships.update(student_access=True)
    consultant._membership_cache = {}
    assert apply(org, cohort(1), actor=consultant).created == 1
    reader = make_member(org, "readonly", "laeser-med-flag")
    reader.memberships.update(student_access=True)
    with pytest.raises(PermissionDeniedError):
        apply(org, cohort(2), actor=reader)


def test_two_thousand_students_apply_in_a_fixed_number_of_queries(
    org, django_assert_max_num_queries
):
    # 2.000 students, 14.000 phases, 20.000 absence periods and 2.000 audit rows: bulk writes,
    # one INSERT per batch (SQLite allows 999 parameters a query), never a query per row.
    records = cohort(2000)
    with django_assert_max_num_queries(300):
        summary = apply(org, records)
    assert summary.created == 2000
    assert (StudentPhase.objects.count(), AbsencePeriod.objects.count()) == (14000, 20000)
    with django_assert_max_num_queries(40):
        assert apply(org, records).unchanged == 2000


# --- retention ------------------------------------------------------------------------------


def test_retention_deletes_only_expired_students(org, admin_user):
    admin_user.memberships.update(student_access=True)
    org.student_retention_years = 5
    org.save()
    apply(
        org,
        [
            student(0, year=2015),  # completed 30-06-2017: expired on 2023-01-01
            student(2, year=2015),  # dropped out 15-03-2016: expired
            student(1, year=2019),  # completed 30-06-2021: kept
            student(3, year=2010),  # ongoing: never deleted
        ],
    )
    today = dt.date(2023, 1, 1)
    assert retention_cutoff(org, today) == dt.date(2018, 1, 1)

    preview = student_records_delete_expired(organisation=org, actor=admin_user, today=today)
    assert preview.dry_run and preview.count == 2 and Student.objects.count() == 4
    assert preview.by_cohort == {("ssa", 2015): 2}

    result = student_records_delete_expired(
        organisation=org, actor=admin_user, today=today, dry_run=False
    )
    assert result.count == 2
    assert set(Student.objects.values_list("key", flat=True)) == {"E2019-00001", "E2010-00003"}
    assert not StudentPhase.objects.filter(student__key__startswith="E2015").exists()
    row = AuditLog.objects.get(action="delete", object_type="student_records")
    assert row.changes["deleted"] == [None, 2]


def test_retention_on_29_february(org):
    org.student_retention_years = 1
    assert retention_cutoff(org, dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)


def test_retention_needs_an_admin_or_consultant_with_access(org, make_member):
    manager = make_member(org, "manager", "leder")
    manager.memberships.update(student_access=True)
    with pytest.raises(PermissionDeniedError):
        student_records_delete_expired(organisation=org, actor=manager, today=dt.date.today())
