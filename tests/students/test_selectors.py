import datetime as dt

from indsats.calc.danish import format_pct
from indsats.students import selectors
from indsats.students.models import CohortFigures, Student


def test_records_and_entered_totals_give_the_published_kpis(
    org, other_org, django_assert_max_num_queries
):
    def make(org, key, edu, year, outcome, hired=None, cause="", phase=""):
        Student.objects.create(
            organisation=org,
            key=key,
            education=edu,
            hire_date=dt.date(year, 8, 1),
            cohort_year=year,
            age_band="25-34",
            outcome=outcome,
            outcome_date=None if outcome == "ongoing" else dt.date(year + 2, 6, 30),
            outcome_year=None if outcome == "ongoing" else year + 2,
            dropout_cause=cause,
            dropout_phase=phase,
            hired_after=hired,
        )

    n = 0
    for edu, year, started, completed, hired in (
        ("ssh", 2022, 37, 31, 19),
        ("ssa", 2020, 45, 27, 15),
    ):
        for i in range(started):
            n += 1
            if i < hired:
                make(org, f"k{n}", edu, year, "completed", True)
            elif i < completed:
                make(org, f"k{n}", edu, year, "completed", False)
            else:
                make(org, f"k{n}", edu, year, "dropped_out", cause="other", phase="O1")
    CohortFigures.objects.create(
        organisation=other_org,
        education="ssh",
        cohort_year=2022,
        started=37,
        completed=31,
        dropped_out=6,
        hired=19,
    )
    CohortFigures.objects.create(
        organisation=other_org,
        education="ssa",
        cohort_year=2020,
        started=45,
        completed=27,
        dropped_out=18,
        hired=15,
    )
    for o in (org, other_org):
        with django_assert_max_num_queries(11):
            p = selectors.pipeline(o)
        ssh, ssa = p.cohort("ssh", 2022), p.cohort("ssa", 2020)
        assert [
            format_pct(x)
            for x in (ssh.completion_rate, ssa.completion_rate, ssh.hire_rate, ssa.hire_rate)
        ] == ["83,8 %", "60,0 %", "61,3 %", "55,6 %"]
        from indsats.calc.kpi import overall_yield

        assert format_pct(overall_yield(p.latest_finished())) == "41,5 %"


def test_sick_leave_with_the_students_behind_each_rate(org, other_org):
    from decimal import Decimal

    from indsats.students.models import SickLeaveFigure
    from indsats.students.services import student_records_apply
    from tests.students.records import cohort

    student_records_apply(organisation=org, actor=None, students=cohort(12), source="t")
    SickLeaveFigure.objects.create(
        organisation=other_org, education="", year=2023, rate=Decimal("8.64")
    )
    ids = [org.pk, other_org.pk]
    both = selectors.sick_leave_with_students(ids)
    assert {k: v[0] for k, v in both.items()} == selectors.sick_leave(ids)
    pipe = selectors.pipeline(org)
    assert pipe.sick_leave_students == {
        (e, y): v[1] for (o, e, y), v in both.items() if o == org.pk
    }
    assert both[(org.pk, "", 2022)][1] == 12  # cohort 2021's absences fall in 2022
    assert both[(org.pk, "ssh", 2022)][1] == 6
    assert both[(other_org.pk, "", 2023)] == (Decimal("8.64"), None)


def test_sick_leave_of_one_education_is_the_same_as_picked_from_all(org, other_org):
    # The comparison asks for one education ("" = both): summed by the database, the same
    # figures as the Python totals over every education.
    from decimal import Decimal

    from indsats.students.models import SickLeaveFigure
    from indsats.students.services import student_records_apply
    from tests.students.records import cohort, student

    records = cohort(12) + [student(n, year=2019) for n in range(7)]
    student_records_apply(organisation=org, actor=None, students=records, source="t")
    SickLeaveFigure.objects.create(
        organisation=other_org, education="ssh", year=2023, rate=Decimal("8.64")
    )
    ids = [org.pk, other_org.pk]
    every = selectors.sick_leave_with_students(ids)
    for education in ("", "ssh", "ssa"):
        picked = {k: v for k, v in every.items() if k[1] == education}
        assert picked
        assert selectors.sick_leave_with_students(ids, education) == picked
