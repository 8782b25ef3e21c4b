"""The student-data access log (page and CSV), finding and deleting one student by key, the
command line's export in the logs, and purges that leave no key in the audit log."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from indsats.core.models import AuditLog
from indsats.organisations.services import api_token_create
from indsats.students.models import Student, StudentAccess
from indsats.students.services import student_records_apply

from .records import cohort, student


@pytest.fixture
def data_admin(client, admin_user):
    admin_user.memberships.update(student_access=True)
    client.force_login(admin_user)
    return client


def base(org) -> str:
    return f"/o/{org.slug}/elever/data/"


def _csv(client, org, **params) -> str:
    response = client.get(f"{base(org)}adgangslog.csv", params)
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def test_views_and_exports_are_found_in_the_access_log_page_and_csv(
    data_admin, org, consultant, client
):
    student_records_apply(
        organisation=org, actor=None, students=[student(1), student(2), student(3)], source="x"
    )
    target = Student.objects.get(key="E2021-00002")
    # The administrator views the list and one record and exports.
    assert data_admin.get(base(org)).status_code == 200
    assert data_admin.get(f"{base(org)}elev/{target.pk}/").status_code == 200
    assert data_admin.get(f"{base(org)}elevdata.xlsx").status_code == 200
    # A consultant reads one record through the API.
    consultant.memberships.update(student_access=True)
    _t, raw = api_token_create(actor=consultant, organisation=org, name="BI")
    api = client.__class__().get("/api/v1/students/E2021-00002", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200
    # And the command line exports.
    call_command(
        "exportdata", "students", "--org", org.slug, "-o", "/dev/null", stdout=io.StringIO()
    )

    page = data_admin.get(f"{base(org)}adgangslog/", {"noegle": "E2021-00002"})
    html = page.content.decode()
    assert page.status_code == 200
    for kind in (
        "Elevliste set",
        "Elevpost set",
        "Eksporteret",
        "Hentet via API",
        "Eksporteret på kommandolinjen",
    ):
        assert kind in html, kind
    assert "administrator" in html and "konsulent" in html and "kommandolinjen" in html
    assert "5 adgange" in html
    csv = _csv(data_admin, org, noegle="E2021-00002")
    lines = csv.strip().splitlines()
    assert lines[0] == "Tidspunkt;Bruger;Handling;Elev"
    assert len(lines) == 6
    assert all(line.endswith(";E2021-00002") for line in lines[1:])
    # Per user and per period.
    by_user = _csv(data_admin, org, bruger="konsulent").strip().splitlines()
    assert len(by_user) == 2 and "Hentet via API" in by_user[1]
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert len(_csv(data_admin, org, fra=tomorrow).strip().splitlines()) == 1
    # The CLI export is in the audit log too.
    assert AuditLog.objects.filter(
        object_type="student_list", actor_name__startswith="kommandolinjen"
    ).exists()


def test_only_administrators_read_the_access_log(client, org, consultant):
    consultant.memberships.update(student_access=True)
    client.force_login(consultant)
    assert client.get(f"{base(org)}adgangslog/").status_code == 403
    assert client.get(f"{base(org)}adgangslog.csv").status_code == 403


def _text_columns():
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField | models.JSONField):
                yield model, f


def _places_holding(text: str) -> list[str]:
    """Every text column of every table in the database that contains ``text``."""
    found = []
    for model, f in _text_columns():
        for value in model._default_manager.values_list(f.attname, flat=True):
            if value is not None and text in str(value):
                found.append(f"{model._meta.db_table}.{f.column}")
                break
    return found


def test_find_and_delete_one_student_leaves_no_key_in_clear_anywhere(data_admin, org):
    student_records_apply(
        organisation=org, actor=None, students=[student(1), student(2)], source="x"
    )
    # Change the student once, so the audit log has an update row too.
    changed = student(2, origin="external")
    student_records_apply(organisation=org, actor=None, students=[changed], source="y")
    found = data_admin.get(f"{base(org)}find/", {"noegle": "E2021-00002"}, follow=True)
    assert "Elev E2021-00002" in found.content.decode()
    target = Student.objects.get(key="E2021-00002")
    data_admin.get(f"{base(org)}elevdata.xlsx")
    assert _places_holding("E2021-00002")  # the scan finds the key while the student exists

    unconfirmed = data_admin.post(f"{base(org)}elev/{target.pk}/slet/", follow=True)
    assert "Bekræft" in unconfirmed.content.decode()
    assert Student.objects.filter(pk=target.pk).exists()
    done = data_admin.post(f"{base(org)}elev/{target.pk}/slet/", {"confirm": "1"}, follow=True)
    assert "Elevens data er slettet" in done.content.decode()
    assert not Student.objects.filter(key="E2021-00002").exists()
    assert Student.objects.filter(key="E2021-00001").exists()
    assert _places_holding("E2021-00002") == []
    # The access log still answers »who saw this student« by key.
    page = data_admin.get(f"{base(org)}adgangslog/", {"noegle": "E2021-00002"}).content.decode()
    assert "Eksporteret" in page and "#" in page
    assert StudentAccess.objects.count() >= 2
    # And a key that is not there is a clear message.
    missing = data_admin.get(f"{base(org)}find/", {"noegle": "E209999999"}, follow=True)
    assert "Der findes ingen elev med nøglen »E209999999«" in missing.content.decode()


def test_purge_removes_the_deleted_keys_from_the_audit_log(org, admin_user):
    students = cohort(8, 2015)
    student_records_apply(organisation=org, actor=None, students=students, source="x")
    gone = [
        s.key
        for s in Student.objects.filter(organisation=org).exclude(outcome="ongoing")
        if s.outcome_date < dt.date(2020, 1, 1)
    ]
    assert gone
    out = io.StringIO()
    call_command("students", "purge", "--org", org.slug, "--apply", stdout=out)
    assert "Adgangsloggen" in out.getvalue()
    for key in gone:
        assert not AuditLog.objects.filter(object_repr__contains=key).exists(), key
        assert _places_holding(key) == [], key


def test_the_access_log_keeps_what_the_organisation_sets(org):
    from indsats.students.access import record_access
    from indsats.students.services import student_access_log_purge

    org.access_log_retention_months = 6
    org.save()
    record_access(organisation=org, actor=None, keys=["E1", "E2"], kind="detail")
    old = StudentAccess.objects.filter(key_hash=StudentAccess.objects.first().key_hash)
    old.update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    removed = student_access_log_purge(organisation=org, today=dt.date.today())
    assert removed == 1 and StudentAccess.objects.count() == 1
