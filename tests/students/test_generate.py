import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from indsats.calc.cpr import find_cpr
from indsats.students import generate as gen
from indsats.students.choices import AgeBand, DropoutCause, Education, Origin, Outcome, Phase


@pytest.fixture(scope="module")
def sample():
    """Five organisations over twelve years, 3.000 students."""
    return list(gen.generate(organisations=5, years=12, students=3000, seed=7))


def check_student(s, as_of: dt.date) -> None:
    """The rules the write path enforces, checked on one generated student."""
    assert s.education in Education.values
    assert s.age_band in AgeBand.values
    assert s.origin in Origin.values
    assert s.outcome in Outcome.values
    assert not (s.education == "ssh" and s.origin == "own_ssh")
    phases = [p.phase for p in s.phases]
    assert phases, s.key
    assert len(set(phases)) == len(phases)
    assert phases[0] == "GF"
    assert all(p in Phase.values for p in phases)
    previous_end = s.hire_date - dt.timedelta(days=1)
    for p in s.phases:
        assert p.start > previous_end, (s.key, p)
        assert p.end is None or p.end >= p.start
        assert bool(p.place) == p.phase.startswith("O")
        previous_end = p.end or dt.date.max
    assert s.phases[0].start == s.hire_date
    for a in s.absences:
        assert a.start.year == a.end.year and a.end >= a.start
        assert Decimal(0) <= a.sick_days <= a.planned_days
        assert a.planned_days > 0
        assert a.end <= as_of
        assert any(p.start <= a.start and (p.end is None or a.end <= p.end) for p in s.phases)
    assert len({a.start for a in s.absences}) == len(s.absences)
    if s.outcome == "ongoing":
        assert s.outcome_date is None and s.hired_after is None
        assert not s.dropout_cause and not s.dropout_phase
        assert s.phases[-1].end is None or s.phases[-1].end <= as_of
    else:
        assert s.hire_date <= s.outcome_date <= as_of
        assert s.phases[-1].end == s.outcome_date
    if s.outcome == "dropped_out":
        assert s.dropout_cause in DropoutCause.values
        assert s.dropout_phase == s.phases[-1].phase
        assert s.hired_after is None
    else:
        assert not s.dropout_cause and not s.dropout_phase
    if s.outcome == "completed":
        assert s.hired_after in (True, False)
        assert bool(s.hired_where) == s.hired_after
    for value in (s.key, s.hired_where, *(p.place for p in s.phases)):
        assert find_cpr(value) is None, value


def test_every_generated_student_is_valid(sample):
    as_of = dt.date(gen.DEFAULT_LAST_YEAR, 12, 31)
    for org in sample:
        keys = [s.key for s in org.students]
        assert len(set(keys)) == len(keys)
        for s in org.students:
            check_student(s, as_of)


def test_keys_are_never_cpr_shaped():
    keys = [gen.student_key(i) for i in (0, 1, 10101, 311299, 999_999)]
    assert keys[1] == "E-000001-48"
    assert all(find_cpr(k) is None for k in keys)
    assert find_cpr(keys[3].replace("-", "")[1:]) is None  # "31129990": eight digits only


def test_totals_add_up_exactly(sample):
    assert sum(len(o.students) for o in sample) == 3000
    assert [o.slug for o in sample] == [f"kommune-00{i}" for i in range(1, 6)]
    years = {s.hire_date.year for o in sample for s in o.students}
    assert years == set(range(gen.DEFAULT_LAST_YEAR - 11, gen.DEFAULT_LAST_YEAR + 1))
    assert gen.split(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(gen.organisation_sizes(200_000, 98, 1)) == 200_000


def test_the_same_seed_gives_the_same_records(sample):
    again = list(gen.generate(organisations=5, years=12, students=3000, seed=7))
    assert again == sample
    alone = gen.organisation_students(2, len(sample[2].students), years=12, seed=7)
    assert alone == sample[2].students
    other = list(gen.generate(organisations=5, years=12, students=3000, seed=8))
    assert other != sample


def test_the_figures_look_like_a_sosu_pipeline(sample):
    students = [s for o in sample for s in o.students]
    outcomes = Counter((s.education, s.outcome) for s in students)
    for education, low, high in (("ssh", 0.08, 0.30), ("ssa", 0.25, 0.50)):
        finished = outcomes[(education, "completed")] + outcomes[(education, "dropped_out")]
        assert low < outcomes[(education, "dropped_out")] / finished < high
    # Recent cohorts are still under way; old ones have all finished.
    newest = [s for s in students if s.hire_date.year == gen.DEFAULT_LAST_YEAR]
    assert {s.outcome for s in newest} == {"ongoing", "dropped_out"}
    assert all(s.outcome != "ongoing" for s in students if s.hire_date.year < 2020)
    phases = Counter(s.dropout_phase for s in students if s.outcome == "dropped_out")
    top3 = {p for p, _ in phases.most_common(3)}
    assert top3 == {"GF", "O1", "O2"}
    sick = sum(a.sick_days for s in students for a in s.absences)
    planned = sum(a.planned_days for s in students for a in s.absences)
    assert Decimal("0.07") < sick / planned < Decimal("0.11")
    completed = [s for s in students if s.outcome == "completed"]
    hired = sum(1 for s in completed if s.hired_after)
    assert 0.4 < hired / len(completed) < 0.75
    assert {s.origin for s in students} == set(Origin.values)
    assert {s.dropout_cause for s in students if s.dropout_cause} == set(DropoutCause.values)


def test_weekdays_counts_monday_to_friday():
    monday = dt.date(2025, 1, 6)
    assert gen.weekdays(monday, monday + dt.timedelta(days=6)) == 5
    assert gen.weekdays(monday, monday + dt.timedelta(days=11)) == 10
    assert gen.weekdays(dt.date(2025, 1, 11), dt.date(2025, 1, 12)) == 0
    assert gen.weekdays(monday, monday - dt.timedelta(days=1)) == 0


def test_every_generated_student_passes_the_write_path_checks(sample):
    from indsats.students.services import check_students

    for org in sample:
        assert check_students(org.students) == []


@pytest.mark.django_db
def test_generated_students_are_written_and_counted(org):
    from indsats.students import selectors
    from indsats.students.models import AbsencePeriod, Student
    from indsats.students.services import student_records_apply

    records = gen.organisation_students(0, 300, years=6, seed=3)
    summary = student_records_apply(
        organisation=org, actor=None, students=records, source="generated"
    )
    assert summary.created == 300
    assert Student.objects.filter(organisation=org).count() == 300
    assert AbsencePeriod.objects.filter(student__organisation=org).count() == sum(
        len(s.absences) for s in records
    )
    counts = selectors.cohort_counts(org)
    assert sum(c.started for c in counts.values()) == 300
    assert sum(c.dropped_out for c in counts.values()) == sum(
        1 for s in records if s.outcome == "dropped_out"
    )
    again = student_records_apply(organisation=org, actor=None, students=records, source="again")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 300)


@pytest.mark.django_db
def test_the_import_files_read_back_as_the_same_students(org, tmp_path):
    from indsats.students import transfer
    from indsats.students.models import Student

    records = gen.organisation_students(1, 120, years=12, seed=5)
    paths = gen.write_import_files(records, tmp_path)
    assert [p.name for p in paths] == ["Elever.csv", "Forløb.csv", "Fravær.csv"]
    assert not any(find_cpr(p.read_text(encoding="utf-8")) for p in paths)
    students, _name = transfer.student_check(file=list(paths))
    assert [replace_rows(s) for s in students] == records
    result = transfer.student_import(organisation=org, actor=None, file=list(paths))
    assert result.applied.created == 120
    assert Student.objects.filter(organisation=org, outcome="dropped_out").count() == sum(
        1 for s in records if s.outcome == "dropped_out"
    )


def replace_rows(s):
    """A StudentInput read from a file, without the rows it was read from."""
    from dataclasses import replace

    return replace(
        s,
        origin_row=None,
        phases=tuple(replace(p, origin_row=None) for p in s.phases),
        absences=tuple(replace(a, origin_row=None) for a in s.absences),
    )
