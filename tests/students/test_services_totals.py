"""The write path of entered pipeline totals: validation with Danish messages, optimistic
locking, roles, and one audit record per change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indsats.core.models import AuditLog
from indsats.core.services import ConflictError, PermissionDeniedError, ServiceError
from indsats.students import services_totals as s
from indsats.students.models import BreakdownFigure, CohortFigures, RequiredIntake, SickLeaveFigure

pytestmark = pytest.mark.django_db


def _save(org, actor=None, **kw):
    values = {
        "education": "ssh",
        "cohort_year": 2022,
        "started": 37,
        "completed": 31,
        "dropped_out": 6,
        "hired": 19,
    }
    values.update(kw)
    return s.cohort_figures_save(organisation=org, actor=actor, **values)


def test_create_change_and_delete_cohort_figures_are_audited(org, consultant):
    figures = _save(org, consultant)
    assert figures.version == 1
    created = AuditLog.objects.get(object_type="cohortfigures", action="create")
    assert created.changes["started"] == [None, 37]
    figures = s.cohort_figures_save(
        organisation=org,
        actor=consultant,
        education="ssh",
        cohort_year=2022,
        started=37,
        completed=31,
        dropped_out=6,
        hired=20,
        figures=figures,
        expected_version=1,
    )
    assert figures.version == 2
    updated = AuditLog.objects.get(object_type="cohortfigures", action="update")
    assert updated.changes == {"hired": [19, 20]}
    s.cohort_figures_delete(figures=figures, actor=consultant)
    assert not CohortFigures.objects.exists()
    assert AuditLog.objects.filter(object_type="cohortfigures", action="delete").count() == 1


def test_stale_version_is_a_conflict_and_writes_nothing(org, consultant):
    figures = _save(org, consultant)
    _save(org, consultant, hired=18, figures=figures, expected_version=1)
    with pytest.raises(ConflictError):
        _save(org, consultant, hired=10, figures=figures, expected_version=1)
    assert CohortFigures.objects.get().hired == 18


@pytest.mark.parametrize(
    "values, message",
    [
        ({"hired": 32}, "Flere er ansat efter uddannelsen (32) end der har gennemført (31)."),
        ({"dropped_out": 7}, "Gennemførte og frafaldne er tilsammen flere end de elever"),
        ({"started": -1}, "Antal startet kan ikke være negativt."),
        ({"internal_unskilled": 30, "internal_ssh": 10}, "flere interne elever end elever i alt"),
    ],
)
def test_impossible_cohort_totals_are_refused_in_danish(org, values, message):
    with pytest.raises(ServiceError) as exc:
        _save(org, **values)
    assert any(message in m for m in exc.value.messages), exc.value.messages
    assert not CohortFigures.objects.exists()
    assert not AuditLog.objects.exists()


def test_unknown_education_year_and_duplicate_cohort(org):
    with pytest.raises(ServiceError) as exc:
        _save(org, education="sosu", cohort_year=1900)
    assert set(exc.value.errors) == {"education", "cohort_year"}
    _save(org)
    with pytest.raises(ServiceError) as exc:
        _save(org)
    assert "allerede indtastet tal for årgangen SSH 2022" in exc.value.messages[0]


def test_only_editors_write(org, reader):
    with pytest.raises(PermissionDeniedError):
        _save(org, reader)
    with pytest.raises(PermissionDeniedError):
        s.required_intake_set(
            organisation=org, actor=reader, education="ssa", year=2024, required=56
        )


def test_breakdown_replaces_the_group_and_audits_the_difference(org, consultant):
    s.breakdown_figures_set(
        organisation=org,
        actor=consultant,
        kind="cause",
        education="ssh",
        year=2023,
        counts={"academic_demands": 5, "wrong_choice": 2, "other": 2},
    )
    s.breakdown_figures_set(
        organisation=org,
        actor=consultant,
        kind="cause",
        education="ssh",
        year=2023,
        counts={"academic_demands": 6, "wrong_choice": 0, "other": 2},
    )
    assert dict(BreakdownFigure.objects.values_list("key", "count")) == {
        "academic_demands": 6,
        "other": 2,
    }
    last = AuditLog.objects.filter(object_type="breakdownfigure").order_by("pk").last()
    assert last.changes == {"academic_demands": [5, 6], "wrong_choice": [2, None]}
    # The same again changes nothing and writes no audit record.
    before = AuditLog.objects.count()
    s.breakdown_figures_set(
        organisation=org,
        actor=consultant,
        kind="cause",
        education="ssh",
        year=2023,
        counts={"academic_demands": 6, "other": 2},
    )
    assert AuditLog.objects.count() == before


@pytest.mark.parametrize(
    "kind, counts, message",
    [
        ("cause", {"boredom": 2}, "Ukendt frafaldsårsag »boredom«"),
        ("phase", {"O9": 2}, "Ukendt fase »O9«"),
        ("cause", {"other": -1}, "kan ikke være negativt"),
        ("place", {"": 3}, "Skriv navnet på arbejdsstedet"),
    ],
)
def test_bad_breakdowns_are_refused(org, kind, counts, message):
    with pytest.raises(ServiceError) as exc:
        s.breakdown_figures_set(
            organisation=org, actor=None, kind=kind, education="ssa", year=2023, counts=counts
        )
    assert any(message in m for m in exc.value.messages), exc.value.messages
    assert not BreakdownFigure.objects.exists()


def test_places_are_free_text(org):
    s.breakdown_figures_set(
        organisation=org,
        actor=None,
        kind="place",
        education="ssh",
        year=2022,
        counts={"Døgnplejen": 7, "Omsorgscentre/daghjem": 7},
    )
    assert BreakdownFigure.objects.filter(kind="place").count() == 2


def test_sick_leave_and_required_intake(org, consultant):
    s.sick_leave_figure_set(
        organisation=org, actor=consultant, education="", year=2023, rate=Decimal("8.64")
    )
    assert SickLeaveFigure.objects.get().rate == Decimal("8.64")
    with pytest.raises(ServiceError) as exc:
        s.sick_leave_figure_set(
            organisation=org, actor=consultant, education="", year=2023, rate=Decimal(101)
        )
    assert "mellem 0 og 100" in exc.value.messages[0]
    s.sick_leave_figure_set(organisation=org, actor=consultant, education="", year=2023, rate=None)
    assert not SickLeaveFigure.objects.exists()
    s.required_intake_set(
        organisation=org, actor=consultant, education="ssa", year=2024, required=56
    )
    s.required_intake_set(
        organisation=org, actor=consultant, education="ssa", year=2024, required=56
    )
    assert RequiredIntake.objects.get().required == 56
    assert AuditLog.objects.filter(object_type="requiredintake").count() == 1
    with pytest.raises(ServiceError):
        s.required_intake_set(
            organisation=org, actor=consultant, education="ssa", year=2024, required=-3
        )
    kinds = set(AuditLog.objects.values_list("object_type", "action"))
    assert ("sickleavefigure", "create") in kinds and ("sickleavefigure", "delete") in kinds
