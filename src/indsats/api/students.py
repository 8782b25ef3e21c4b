"""/students: student-level records (pseudonymous), for tokens whose user has student-data
access (``Membership.can_see_students``); every other token gets 403. Every read is written to
the audit log. ``POST /students/import`` applies records all or nothing through
``students.services.student_records_apply``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import BeforeValidator, Field, WithJsonSchema

from indsats.core.models import AuditAction
from indsats.core.services import audit
from indsats.students.access import record_access
from indsats.students.inputs import AbsenceInput, PhaseInput, StudentInput
from indsats.students.models import AccessKind
from indsats.students.records import RecordFilters, record_queryset, with_details
from indsats.students.services import StudentImportError, student_records_apply

from .auth import actor, organisation
from .errors import Forbidden, NotFound, detail
from .schemas import Input, _decimal_parser, errors

router = Router(tags=["students"])
PAGE_SIZE = 50

Days = Annotated[
    Decimal,
    BeforeValidator(_decimal_parser(2, 7)),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{1,5}(\.\d{1,2})?$",
            "examples": ["20", "2.5"],
            "description": "Days as a string, at most 2 decimals, '.' as decimal mark.",
        }
    ),
]


class PhaseSchema(Input):
    phase: str = Field(description="GF, S1, O1, S2, O2 … S6, O6.", examples=["O1"])
    start: dt.date
    end: dt.date | None = Field(None, description="Inclusive; null while the phase goes on.")
    place: str = Field("", description="The training place (oplæringssted).")


class AbsenceSchema(Input):
    start: dt.date
    end: dt.date = Field(description="Inclusive; in the same calendar year as start.")
    planned_days: Days
    sick_days: Days


class StudentSchema(Input):
    key: str = Field(description="The pseudonymous student key; never a CPR number.")
    education: str = Field(description="ssh or ssa.", examples=["ssa"])
    hire_date: dt.date = Field(description="Hired as a student; its year is the cohort.")
    age_band: str = Field(description="16-24, 25-34, 35-44, 45-54 or 55-66.", examples=["25-34"])
    origin: str = Field("external", description="external, own_unskilled or own_ssh.")
    outcome: str = Field("ongoing", description="ongoing, completed or dropped_out.")
    outcome_date: dt.date | None = None
    dropout_phase: str = Field("", description="A phase code, for a dropout.")
    dropout_cause: str = Field(
        "",
        description="For a dropout (required): private_life, academic_demands, absence, illness, "
        "ssa_to_ssh, job_elsewhere, moved, wrong_choice, death or other.",
    )
    hired_after: bool | None = Field(
        None, description="Hired by the municipality after graduating; only for completed."
    )
    hired_where: str = ""
    phases: list[PhaseSchema] = Field(default_factory=list)
    absences: list[AbsenceSchema] = Field(default_factory=list)


class StudentOut(StudentSchema):
    cohort_year: int


class StudentPage(Schema):
    count: int = Field(description="Students matching the filters.")
    page: int
    pages: int
    page_size: int
    results: list[StudentOut]


class ImportIn(Input):
    source: str = Field("API", max_length=300, description="Where the records come from.")
    students: list[StudentSchema]


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int


def _require_students(request, *, write: bool = False) -> None:
    membership = request.membership
    if membership.can_see_students:
        return
    if write:
        message = _(
            "Din nøgle giver ikke ret til at ændre elevdata i %(org)s: det kræver adgang til "
            "elevdata, som en administrator kan give administratorer, konsulenter og ledere."
        )
    else:
        message = _(
            "Din nøgle giver ikke adgang til elevdata i %(org)s: det kræver adgang til "
            "elevdata, som en administrator kan give administratorer, konsulenter og ledere."
        )
    raise Forbidden(message % {"org": membership.organisation.name})


def _audit_view(request, object_type: str, object_id, object_repr: str, changes=None) -> None:
    audit(
        organisation=organisation(request),
        actor=actor(request),
        action=AuditAction.VIEW,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes or {},
    )


def _out(student) -> dict:
    return {
        "key": student.key,
        "education": student.education,
        "hire_date": student.hire_date,
        "cohort_year": student.cohort_year,
        "age_band": student.age_band,
        "origin": student.origin,
        "outcome": student.outcome,
        "outcome_date": student.outcome_date,
        "dropout_phase": student.dropout_phase,
        "dropout_cause": student.dropout_cause,
        "hired_after": student.hired_after,
        "hired_where": student.hired_where,
        "phases": [
            {"phase": p.phase, "start": p.start, "end": p.end, "place": p.place}
            for p in student.phases.all()
        ],
        "absences": [
            {
                "start": a.start,
                "end": a.end,
                "planned_days": str(a.planned_days),
                "sick_days": str(a.sick_days),
            }
            for a in student.absences.all()
        ],
    }


@router.get(
    "/students",
    response={200: StudentPage, **errors(401, 403, 422)},
    summary="List student records",
    description="The organisation's student records with phases and absence periods, 50 a "
    "page, filtered by education, cohort and outcome. 403 without student-data access. Every "
    "call is written to the audit log.",
)
def list_students(
    request,
    education: str = Query("", description="ssh or ssa."),
    cohort: int | None = Query(None, description="The cohort (year of hire)."),
    outcome: str = Query("", description="ongoing, completed or dropped_out."),
    page: int = Query(1, ge=1, description="The page, from 1."),
):
    _require_students(request)
    org = organisation(request)
    filters = RecordFilters.from_params(
        {"education": education, "cohort": cohort or "", "outcome": outcome}
    )
    paginator = Paginator(with_details(record_queryset(org, filters)), PAGE_SIZE)
    current = paginator.get_page(page)
    _audit_view(
        request,
        "student_list",
        org.pk,
        _("Elevliste (API), side %(page)d") % {"page": current.number},
        {"filters": filters.as_dict(), "shown": len(current.object_list)},
    )
    record_access(
        organisation=org,
        actor=actor(request),
        keys=[s.key for s in current.object_list],
        kind=AccessKind.API,
    )
    return Status(
        200,
        {
            "count": paginator.count,
            "page": current.number,
            "pages": paginator.num_pages,
            "page_size": PAGE_SIZE,
            "results": [_out(s) for s in current.object_list],
        },
    )


@router.post(
    "/students/import",
    response={200: ImportOut, **errors(400, 401, 403, 422)},
    summary="Apply student records",
    description="Create or replace the students sent (by key), with their phases and absence "
    "periods, all or nothing; students not sent stay. Sending the same records again changes "
    "nothing (they are counted as unchanged). 400 lists every problem (field "
    "`students[i]`, the message naming the row = position in the list from 1, and the "
    "field); a CPR number anywhere is refused; nothing is written then. 403 without "
    "student-data access.",
)
def import_students(request, payload: ImportIn):
    _require_students(request, write=True)
    students = [
        StudentInput(
            key=s.key,
            education=s.education,
            hire_date=s.hire_date,
            age_band=s.age_band,
            origin=s.origin,
            outcome=s.outcome,
            outcome_date=s.outcome_date,
            dropout_phase=s.dropout_phase,
            dropout_cause=s.dropout_cause,
            hired_after=s.hired_after,
            hired_where=s.hired_where,
            phases=tuple(
                PhaseInput(phase=p.phase, start=p.start, end=p.end, place=p.place) for p in s.phases
            ),
            absences=tuple(
                AbsenceInput(
                    start=a.start, end=a.end, planned_days=a.planned_days, sick_days=a.sick_days
                )
                for a in s.absences
            ),
        )
        for s in payload.students
    ]
    try:
        summary = student_records_apply(
            organisation=organisation(request),
            actor=actor(request),
            students=students,
            source=payload.source,
        )
    except StudentImportError as exc:
        return Status(
            400,
            detail(
                *(
                    (f"students[{issue.row - 1}]" if issue.row else "students", str(issue))
                    for issue in exc.errors
                )
            ),
        )
    return Status(
        200,
        {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged},
    )


@router.get(
    "/students/{key}",
    response={200: StudentOut, **errors(401, 403, 404)},
    summary="Get one student record",
    description="One student by key, with phases and absence periods. 403 without "
    "student-data access; 404 when the organisation has no student with that key. Written to "
    "the audit log.",
)
def get_student(request, key: str):
    _require_students(request)
    org = organisation(request)
    student = with_details(record_queryset(org)).filter(key=key).first()
    if student is None:
        raise NotFound(_("Der findes ingen elev med nøglen »%(key)s«.") % {"key": key[:64]})
    _audit_view(request, "student", student.pk, _("Elevpost %(id)d (API)") % {"id": student.pk})
    record_access(
        organisation=student.organisation,
        actor=actor(request),
        keys=[student.key],
        kind=AccessKind.API,
    )
    return Status(200, _out(student))
