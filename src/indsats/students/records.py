"""Student-level reads (for members with student-data access only; the views audit them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .choices import Education, Outcome
from .models import AbsencePeriod, Student, StudentPhase


@dataclass(frozen=True)
class RecordFilters:
    education: str = ""
    cohort: int | None = None
    outcome: str = ""

    @classmethod
    def from_params(cls, params) -> RecordFilters:
        education = params.get("uddannelse", "") or params.get("education", "")
        outcome = params.get("udfald", "") or params.get("outcome", "")
        cohort_text = str(params.get("aargang", "") or params.get("cohort", "") or "")
        cohort = int(cohort_text) if cohort_text.isdigit() and len(cohort_text) == 4 else None
        return cls(
            education=education if education in Education.values else "",
            cohort=cohort,
            outcome=outcome if outcome in Outcome.values else "",
        )

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


def record_queryset(organisation, filters: RecordFilters | None = None) -> QuerySet[Student]:
    qs = Student.objects.filter(organisation=organisation)
    if filters is not None:
        if filters.education:
            qs = qs.filter(education=filters.education)
        if filters.cohort:
            qs = qs.filter(cohort_year=filters.cohort)
        if filters.outcome:
            qs = qs.filter(outcome=filters.outcome)
    return qs.order_by("education", "cohort_year", "key")


def with_details(qs: QuerySet[Student]) -> QuerySet[Student]:
    return qs.prefetch_related(
        Prefetch("phases", queryset=StudentPhase.objects.order_by("start")),
        Prefetch("absences", queryset=AbsencePeriod.objects.order_by("start")),
    )


def cohort_years(organisation) -> list[int]:
    return list(
        Student.objects.filter(organisation=organisation)
        .order_by("cohort_year")
        .values_list("cohort_year", flat=True)
        .distinct()
    )
