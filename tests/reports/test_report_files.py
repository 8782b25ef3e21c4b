"""Reports off the request path: a PDF or DOCX asked for in the browser is made by the
background worker (django-tasks' database backend and its real `db_worker` command), kept, served
from the kept file the second time without rendering, and made again when the data change."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from indsats.initiatives import services as initiative_services
from indsats.reports import files
from indsats.reports.models import ReportFile
from tests.reports import status_data as data
from tests.reports.readers import docx_text, pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REPORT_FILES_DIR = tmp_path
    return settings


@pytest.fixture
def built(org):
    built = data.build(org)
    data.report_round(built, 2)
    return built


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO())


def _pdf_url(query="dato=2026-04-30"):
    return reverse("reports:status_pdf", kwargs={"org": "testrup"}) + "?" + query


def test_the_worker_makes_the_status_pdf_and_it_is_served_from_the_cache(
    worker_settings, built, admin_client, tmp_path
):
    before = files.RENDERS["status"]
    response = admin_client.get(_pdf_url())
    # the request only queued the work: the progress page
    assert response.status_code == 302
    first = ReportFile.objects.get()
    assert response["Location"] == f"/o/testrup/rapporter/filer/{first.pk}/"
    assert files.RENDERS["status"] == before and DBTaskResult.objects.count() == 1
    page = admin_client.get(response["Location"]).content.decode()
    assert 'role="status"' in page and "Filen venter på at blive lavet" in page
    assert '<meta http-equiv="refresh" content="3">' in page  # without JavaScript: reload

    run_worker()
    assert files.RENDERS["status"] == before + 1
    page = admin_client.get(response["Location"]).content.decode()
    assert "Filen er klar." in page
    assert "Hent status-testrup-2026-04-30.pdf" in page
    assert '<meta http-equiv="refresh"' not in page
    download = admin_client.get(f"/o/testrup/rapporter/filer/{first.pk}/hent/")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'attachment; filename="status-testrup-2026-04-30.pdf"'
    )
    assert "Status pr. 30. april 2026" in pdf_text(download.content)

    # the second time: the kept file, no render, no task, a fixed number of queries
    with CaptureQueriesContext(connection) as queries:
        again = admin_client.get(_pdf_url())
    assert again.status_code == 200 and again.content == download.content
    assert files.RENDERS["status"] == before + 1 and DBTaskResult.objects.count() == 1
    # session, user, membership, the data version, the kept file
    assert len(queries) == 5, [q["sql"] for q in queries]

    # a change of the data: a new file with the change, the old one gone from disk
    initiative = built.initiatives["2.1"]
    initiative.refresh_from_db()
    initiative_services.initiative_update(
        initiative=initiative,
        actor=None,
        expected_version=initiative.version,
        title="Mentorordning, nyt navn",
    )
    changed = admin_client.get(_pdf_url())
    assert changed.status_code == 302 and changed["Location"] != response["Location"]
    run_worker()
    assert files.RENDERS["status"] == before + 2
    second = ReportFile.objects.get()  # the older version was removed
    assert second.pk != first.pk and second.data_version > first.data_version
    assert [p.name for p in (tmp_path / str(built.organisation.pk)).iterdir()] == [
        second.path.split("/")[1]
    ]
    text = pdf_text(admin_client.get(_pdf_url()).content)
    assert "Mentorordning, nyt navn" in text
    # the old file's address is gone, not another file
    assert admin_client.get(f"/o/testrup/rapporter/filer/{first.pk}/hent/").status_code == 404


def test_other_parameters_and_formats_are_files_of_their_own(worker_settings, built, admin_client):
    assert admin_client.get(_pdf_url()).status_code == 302
    docx_url = reverse("reports:status_docx", kwargs={"org": "testrup"}) + "?dato=2026-04-30"
    assert admin_client.get(docx_url).status_code == 302
    assert admin_client.get(_pdf_url("dato=2026-04-30&aar=2026")).status_code == 302
    assert ReportFile.objects.count() == 3
    run_worker()
    assert set(ReportFile.objects.values_list("state", flat=True)) == {"ready"}
    document = admin_client.get(docx_url)
    assert document.status_code == 200
    assert "Status pr. 30. april 2026" in docx_text(document.content)


def test_without_a_running_worker_the_progress_page_makes_the_file(
    worker_settings, built, admin_client
):
    """The worker is configured but not running: after WORKER_GRACE the next look at the
    progress page renders the file itself, so the request still gets its file."""
    location = admin_client.get(_pdf_url())["Location"]
    assert "Filen venter" in admin_client.get(location).content.decode()
    ReportFile.objects.update(created_at=timezone.now() - files.WORKER_GRACE - dt.timedelta(1))
    page = admin_client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert "Filen er klar." in page and "<html" not in page  # htmx gets the fragment
    # the worker that comes later finds nothing to do
    before = files.RENDERS["status"]
    run_worker()
    assert files.RENDERS["status"] == before


def test_a_file_of_another_organisation_is_404(worker_settings, built, admin_client, other_org):
    other = ReportFile.objects.create(
        organisation=other_org,
        kind="descriptions",
        extension="pdf",
        key="x" * 64,
        data_version=0,
        filename="beskrivelser-andeby.pdf",
    )
    assert admin_client.get(f"/o/testrup/rapporter/filer/{other.pk}/").status_code == 404
    assert admin_client.get(f"/o/testrup/rapporter/filer/{other.pk}/hent/").status_code == 404
    assert admin_client.get(f"/o/andeby/rapporter/filer/{other.pk}/").status_code == 404


def test_the_table_layout_is_a_file_of_its_own(settings, tmp_path, built, admin_client):
    """Without a worker (the demo's immediate backend) the request gets its file at once; the
    table layout keeps its own name and content."""
    settings.REPORT_FILES_DIR = tmp_path
    report = admin_client.get(_pdf_url())
    table = admin_client.get(_pdf_url("dato=2026-04-30&opstilling=tabel"))
    assert report.status_code == table.status_code == 200
    assert report["Content-Disposition"] == 'attachment; filename="status-testrup-2026-04-30.pdf"'
    assert table["Content-Disposition"] == (
        'attachment; filename="status-tabel-testrup-2026-04-30.pdf"'
    )
    assert ReportFile.objects.count() == 2 and report.content != table.content
