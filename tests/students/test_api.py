"""The student API: list, one student, import (all or nothing, every problem listed)."""

from __future__ import annotations

import json

import pytest

from indsats.core.models import AuditLog
from indsats.organisations import services as org_services
from indsats.students.models import AbsencePeriod, Student, StudentPhase
from indsats.students.services import student_records_apply

from .records import cohort


@pytest.fixture
def api(client, consultant, org):
    consultant.memberships.update(student_access=True)
    raw = org_services.api_token_create(actor=consultant, organisation=org, name="t")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    class Api:
        def get(self, path, params=None):
            return client.get("/api/v1" + path, params or {}, **headers)

        def post(self, path, body):
            return client.post(
                "/api/v1" + path, json.dumps(body), content_type="application/json", **headers
            )

    return Api()


def record(key="API-1", **changes) -> dict:
    data = {
        "key": key,
        "education": "ssa",
        "hire_date": "2022-08-01",
        "age_band": "25-34",
        "origin": "own_ssh",
        "outcome": "completed",
        "outcome_date": "2025-01-31",
        "hired_after": True,
        "hired_where": "Hjemmeplejen Syd",
        "phases": [
            {"phase": "GF", "start": "2022-08-01", "end": "2022-12-31"},
            {"phase": "O1", "start": "2023-01-01", "end": "2023-06-30", "place": "Solgården"},
        ],
        "absences": [
            {"start": "2023-01-01", "end": "2023-06-30", "planned_days": "120", "sick_days": "4.5"}
        ],
    }
    data.update(changes)
    return data


def test_import_then_again_is_unchanged(api, org):
    body = {
        "source": "SIS-udtræk",
        "students": [
            record(),
            record("API-2", outcome="ongoing", outcome_date=None, hired_after=None, hired_where=""),
        ],
    }
    first = api.post("/students/import", body)
    assert first.status_code == 200, first.content
    assert first.json() == {"created": 2, "updated": 0, "unchanged": 0}
    audit_rows = AuditLog.objects.count()
    assert api.post("/students/import", body).json() == {"created": 0, "updated": 0, "unchanged": 2}
    assert AuditLog.objects.count() == audit_rows + 1
    s = Student.objects.get(key="API-1")
    assert (s.cohort_year, s.outcome_year, s.source) == (2022, 2025, "SIS-udtræk")
    assert StudentPhase.objects.get(student=s, phase="O1").place == "Solgården"
    assert str(AbsencePeriod.objects.get(student=s).sick_days) == "4.50"


def test_import_lists_every_problem_and_writes_nothing(api, org):
    body = {
        "students": [
            record(education="sosu"),
            record("API-2", outcome="dropped_out", hired_after=None, hired_where=""),
            record("API-3", hired_where="Plejecenter 0101901234"),
        ]
    }
    response = api.post("/students/import", body)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert [d["field"] for d in detail] == ["students[0]", "students[1]", "students[2]"]
    assert "»uddannelse«" in detail[0]["message"] and "sosu" in detail[0]["message"]
    assert "række 2" in detail[1]["message"] and "årsag" in detail[1]["message"]
    assert "CPR" in detail[2]["message"] and "1234" not in response.content.decode()
    assert Student.objects.count() == 0


def test_import_refuses_floats_for_days(api, org):
    bad = record(
        absences=[
            {"start": "2023-01-01", "end": "2023-01-31", "planned_days": 20.5, "sick_days": "1"}
        ]
    )
    response = api.post("/students/import", {"students": [bad]})
    assert response.status_code == 422
    assert Student.objects.count() == 0


def test_list_pages_filters_and_get_one(api, org, django_assert_max_num_queries):
    student_records_apply(organisation=org, actor=None, students=cohort(70), source="x")
    with django_assert_max_num_queries(12):
        page = api.get("/students", {"page": 2})
    data = page.json()
    assert (data["count"], data["page"], data["pages"], len(data["results"])) == (70, 2, 2, 20)
    ssh = api.get("/students", {"education": "ssh", "outcome": "dropped_out", "cohort": 2021})
    keys = {r["key"] for r in ssh.json()["results"]}
    assert keys == set(
        Student.objects.filter(education="ssh", outcome="dropped_out").values_list("key", flat=True)
    )
    one = api.get("/students/E2021-00000").json()
    assert one["cohort_year"] == 2021 and len(one["phases"]) == 7 and len(one["absences"]) == 10
    assert one["absences"][0]["planned_days"] == "20.00"
    assert api.get("/students/FINDES-IKKE").status_code == 404
    assert AuditLog.objects.filter(action="view", object_type="student_list").count() == 2
    assert AuditLog.objects.filter(action="view", object_type="student").count() == 1


def test_api_records_reimport_unchanged(api, org):
    student_records_apply(organisation=org, actor=None, students=cohort(5), source="x")
    results = api.get("/students").json()["results"]
    for r in results:
        r.pop("cohort_year")
    response = api.post("/students/import", {"students": results})
    assert response.json() == {"created": 0, "updated": 0, "unchanged": 5}
