"""The yearly sick-leave totals (SickLeaveYear) always equal what the absence records add up to:
after an import, a re-import that changes absences, and the retention purge. The comparison
across organisations reads them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from indsats.students.inputs import AbsenceInput
from indsats.students.models import AbsencePeriod, SickLeaveYear
from indsats.students.selectors import sick_leave_with_students
from indsats.students.services import student_records_apply, student_records_delete_expired

from .records import cohort, student

pytestmark = pytest.mark.django_db


def from_records(org) -> dict:
    rows = (
        AbsencePeriod.objects.filter(student__organisation=org)
        .values("student__education", "year")
        .annotate(p=Sum("planned_days"), s=Sum("sick_days"), n=Count("student", distinct=True))
    )
    return {
        (r["student__education"], r["year"]): (Decimal(r["p"]), Decimal(r["s"]), r["n"])
        for r in rows
    }


def totals(org) -> dict:
    return {
        (t.education, t.year): (t.planned_days, t.sick_days, t.students)
        for t in SickLeaveYear.objects.filter(organisation=org)
    }


def test_totals_follow_import_reimport_and_purge(org, admin_user):
    admin_user.memberships.update(student_access=True)
    records = cohort(8) + [student(0, year=2015), student(2, year=2015)]
    student_records_apply(organisation=org, actor=None, students=records, source="a.xlsx")
    assert totals(org) == from_records(org) and len(totals(org)) >= 2

    changed = replace(
        records[0],
        absences=(
            AbsenceInput(
                start=dt.date(2030, 1, 1),
                end=dt.date(2030, 1, 20),
                planned_days=Decimal("15.5"),
                sick_days=Decimal("2.25"),
            ),
        ),
    )
    student_records_apply(organisation=org, actor=None, students=[changed], source="b.xlsx")
    assert totals(org) == from_records(org)
    assert totals(org)[(changed.education, 2030)] == (Decimal("15.50"), Decimal("2.25"), 1)

    org.student_retention_years = 5
    org.save()
    student_records_delete_expired(
        organisation=org, actor=admin_user, today=dt.date(2023, 1, 1), dry_run=False
    )
    assert totals(org) == from_records(org)


def test_the_comparison_reads_the_totals(org):
    student_records_apply(organisation=org, actor=None, students=cohort(8), source="a.xlsx")
    before = sick_leave_with_students([org.pk])
    assert before
    SickLeaveYear.objects.filter(organisation=org).delete()
    assert sick_leave_with_students([org.pk]) == {}  # no pass over the absence periods
