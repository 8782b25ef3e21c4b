"""``indsats report status`` writes the status report to a file."""

import pytest
from django.core.management import CommandError, call_command

from tests.reports import status_data as data
from tests.reports.readers import docx_text, pdf_text, sheet_records, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(org):
    return data.build(org)


def test_status_xlsx_for_a_year(built, tmp_path):
    out = tmp_path / "status.xlsx"
    call_command(
        "report", "status", "--org", "testrup", "--as-of", "2026-04-30", "--year", "2026",
        "--format", "xlsx", "-o", str(out),
    )  # fmt: skip
    records = sheet_records(workbook(out.read_bytes())["Status"], 5)
    assert [r["Budgetnotat"] for r in records if r["Niveau"] == "Notat"] == ["BU4", "SO3", "SO27"]
    so27 = next(r for r in records if r["Budgetnotat"] == "SO27" and r["Niveau"] == "Notat")
    assert so27["Bevilget 2026"] == 7_339_000 and so27["Bevilget 2029"] == 5_373_000


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_status_pdf_and_docx(built, tmp_path, fmt):
    out = tmp_path / f"status.{fmt}"
    call_command(
        "report", "status", "--org", "testrup", "--as-of", "2026-04-30", "--format", fmt,
        "-o", str(out),
    )  # fmt: skip
    content = out.read_bytes()
    text = pdf_text(content) if fmt == "pdf" else docx_text(content)
    assert "Status pr. 30. april 2026" in text
    assert "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)" in text


def test_default_file_name_and_date(built, tmp_path, monkeypatch):
    from django.utils import timezone

    monkeypatch.chdir(tmp_path)
    call_command("report", "status", "--org", "testrup")
    name = f"status-testrup-{timezone.localdate().isoformat()}.pdf"
    assert (tmp_path / name).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("as_of,message", [
    ("31-13-2026", "»31-13-2026« er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD"),
    ("2099-12-31", "Datoen 31.12.2099 ligger i fremtiden"),
])  # fmt: skip
def test_bad_date(org, tmp_path, as_of, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "report", "status", "--org", "testrup", "--as-of", as_of, "-o", str(tmp_path / "x")
        )


def test_bad_format_and_year(org, tmp_path):
    with pytest.raises(CommandError, match="vælg pdf, xlsx eller docx"):
        call_command("report", "status", "--org", "testrup", "--format", "csv")
    with pytest.raises(CommandError, match="Året »næste« er ikke et tal"):
        call_command("report", "status", "--org", "testrup", "--year", "næste")
