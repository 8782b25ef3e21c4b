"""The student-data pages: list with filters and pages, detail, import, export, retention."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from indsats.core.models import AuditLog
from indsats.students.models import Student
from indsats.students.services import student_records_apply
from indsats.students.transfer import student_inputs_workbook

from .records import cohort, student

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def data_client(client, consultant):
    consultant.memberships.update(student_access=True)
    client.force_login(consultant)
    return client


def base(org) -> str:
    return f"/o/{org.slug}/elever/data/"


def upload(data: bytes, name: str = "elever.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


def test_list_pages_and_filters_in_a_fixed_number_of_queries(
    data_client, org, django_assert_max_num_queries
):
    student_records_apply(
        organisation=org, actor=None, students=cohort(120) + cohort(30, 2022), source="x"
    )
    with django_assert_max_num_queries(14):
        response = data_client.get(base(org))
    body = response.content.decode()
    assert response.status_code == 200
    assert "150 elever" in body and "Side 1 af 3" in body
    assert body.count('href="/o/testrup/elever/data/elev/') == 50
    with django_assert_max_num_queries(14):
        page3 = data_client.get(base(org), {"side": 3})
    assert page3.content.decode().count('href="/o/testrup/elever/data/elev/') == 50

    filtered = data_client.get(
        base(org), {"uddannelse": "ssh", "aargang": "2022", "udfald": "dropped_out"}
    )
    expected = Student.objects.filter(
        education="ssh", cohort_year=2022, outcome="dropped_out"
    ).count()
    assert f"{expected} elev" in filtered.content.decode()
    row = AuditLog.objects.filter(action="view", object_type="student_list").first()
    assert row.changes["filters"] == {"education": "ssh", "cohort": 2022, "outcome": "dropped_out"}


def test_detail_shows_phases_with_places_absences_and_outcome(data_client, org):
    student_records_apply(organisation=org, actor=None, students=[student(0)], source="x")
    s = Student.objects.get()
    body = data_client.get(f"{base(org)}elev/{s.pk}/").content.decode()
    assert (
        "Oplæringsperiode 1" in body
        and "Plejecenter Solgården" in body
        or "Hjemmeplejen Nord" in body
    )
    assert "Gennemført, 30-06-2023" in body
    assert body.count("<tr><td>") >= 17  # 7 phases + 10 absence periods
    row = AuditLog.objects.get(action="view", object_type="student")
    assert row.object_id == str(s.pk) and s.key not in row.object_repr


def test_export_is_the_import_format(data_client, org):
    student_records_apply(organisation=org, actor=None, students=cohort(5), source="x")
    response = data_client.get(f"{base(org)}elevdata.xlsx", {"uddannelse": "ssa"})
    assert response["Content-Type"] == XLSX
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Elever", "Forløb", "Fravær", "Vejledning"]
    assert wb["Elever"].max_row == 1 + Student.objects.filter(education="ssa").count()
    assert AuditLog.objects.filter(action="view", object_repr="Eksport af elevdata").count() == 1


def test_import_page_shows_the_summary_and_links_to_the_pipeline(data_client, org):
    response = data_client.post(
        f"{base(org)}import/", {"file": upload(student_inputs_workbook(cohort(4)))}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Elevdata er indlæst" in body and "4 nye, 0 ændrede og 0 uændrede elever" in body
    assert 'href="/o/testrup/elever/"' in body
    assert Student.objects.count() == 4


def test_import_page_lists_every_error_and_changes_nothing(data_client, org):
    wb = load_workbook(io.BytesIO(student_inputs_workbook(cohort(3))))
    wb["Elever"]["B2"] = "sosu"
    wb["Forløb"]["E4"] = "Vejleder 0101901234"
    out = io.BytesIO()
    wb.save(out)
    response = data_client.post(f"{base(org)}import/", {"file": upload(out.getvalue())})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Filen blev ikke indlæst: der er 1 fejl. Intet er ændret." in body
    assert "CPR-nummer" in body and "0101901234" not in body and "1234" not in body
    assert Student.objects.count() == 0


def test_several_csv_files_on_the_import_page(data_client, org):
    from indsats.core.transfer import csv_bytes
    from indsats.students.transfer import SHEETS, student_rows

    rows = student_rows(cohort(3))
    files = [
        SimpleUploadedFile(f"{s.title}.csv", csv_bytes(s, rows[s.title]), content_type="text/csv")
        for s in SHEETS
    ]
    response = data_client.post(f"{base(org)}import/", {"file": files})
    assert response.status_code == 200, response.content.decode()[:3000]
    assert Student.objects.count() == 3


def test_retention_page_deletes_with_confirmation(client, org, admin_user):
    admin_user.memberships.update(student_access=True)
    client.force_login(admin_user)
    student_records_apply(
        organisation=org,
        actor=None,
        students=[student(0, year=2000), student(2, year=2000), student(3, year=2001)],
        source="x",
    )
    url = f"{base(org)}opbevaring/"
    body = client.get(url).content.decode()
    assert "2 af 3 elever er ud over opbevaringsperioden" in body
    refused = client.post(url, {})
    assert refused.status_code == 400 and "Bekræft" in refused.content.decode()
    assert Student.objects.count() == 3
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "2 elever, der afsluttede før" in response.content.decode()
    assert list(Student.objects.values_list("outcome", flat=True)) == ["ongoing"]
    assert AuditLog.objects.filter(action="delete", object_type="student_records").count() == 1


# --- organisation settings and members -------------------------------------------------------


def test_admin_sets_retention_and_sharing(client, org, admin_user):
    client.force_login(admin_user)
    response = client.post(
        f"/o/{org.slug}/indstillinger/",
        {
            "name": org.name,
            "budget_year": 2026,
            "price_level": "",
            "reporting_interval_days": 120,
            "student_retention_years": 7,
            "share_pipeline": "on",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.student_retention_years == 7 and org.share_pipeline is True
    row = AuditLog.objects.filter(object_type="organisation", action="update").first()
    assert row.changes["student_retention_years"] == [5, 7]
    bad = client.post(
        f"/o/{org.slug}/indstillinger/",
        {"name": org.name, "budget_year": 2026, "student_retention_years": 0},
    )
    assert bad.status_code == 400 and "mindst 1 år" in bad.content.decode()


def test_admin_grants_and_revokes_student_access(client, org, admin_user, consultant, reader):
    client.force_login(admin_user)
    membership = consultant.memberships.get()
    page = client.get(f"/o/{org.slug}/medlemmer/").content.decode()
    assert "Giv adgang til elevdata" in page
    client.post(
        f"/o/{org.slug}/medlemmer/",
        {"action": "student_access", "membership": membership.pk, "student_access": "1"},
    )
    membership.refresh_from_db()
    assert membership.can_see_students
    row = AuditLog.objects.filter(object_type="membership", action="update").first()
    assert row.changes == {"student_access": [False, True]}
    client.post(
        f"/o/{org.slug}/medlemmer/",
        {"action": "student_access", "membership": membership.pk, "student_access": "0"},
    )
    membership.refresh_from_db()
    assert not membership.student_access
    # A read-only member cannot be granted it.
    response = client.post(
        f"/o/{org.slug}/medlemmer/",
        {
            "action": "student_access",
            "membership": reader.memberships.get().pk,
            "student_access": "1",
        },
        follow=True,
    )
    assert "kan ikke få adgang til elevdata" in response.content.decode()
    assert not reader.memberships.get().student_access


def test_only_admins_grant_student_access(client, org, consultant):
    consultant.memberships.update(student_access=False)
    client.force_login(consultant)
    client.post(
        f"/o/{org.slug}/medlemmer/",
        {
            "action": "student_access",
            "membership": consultant.memberships.get().pk,
            "student_access": "1",
        },
    )
    assert not consultant.memberships.get().student_access


def test_retention_cutoff_shown_uses_today(data_client, org, admin_user):
    admin_user.memberships.update(student_access=True)
    data_client.force_login(admin_user)
    body = data_client.get(f"{base(org)}opbevaring/").content.decode()
    cutoff = dt.date.today().replace(year=dt.date.today().year - 5)
    assert cutoff.strftime("%d-%m-%Y") in body
