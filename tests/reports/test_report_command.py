"""``indsats report`` writes the same reports to files."""

import pytest
from django.core.management import CommandError, call_command

from tests.reports.readers import docx_text, pdf_text, sheet_records, workbook

pytestmark = pytest.mark.django_db


def test_prioritisation_xlsx_default_year(ballerup, tmp_path):
    out = tmp_path / "prioritering.xlsx"
    call_command(
        "report", "prioritisation", "--org", "ballerup", "--format", "xlsx", "-o", str(out)
    )
    records = sheet_records(workbook(out.read_bytes())["Prioritering"], 5)
    totals = {
        r["Indsats"]: r["Akkumuleret"] for r in records if str(r["Indsats"]).endswith(" i alt")
    }
    assert totals == {
        "Trin 1 i alt": 1_633_000,
        "Trin 2 i alt": 3_544_500,
        "Trin 3 i alt": 4_014_500,
        "Trin 4 i alt": 5_734_000,
    }


def test_prioritisation_pdf_for_a_year(ballerup, tmp_path):
    out = tmp_path / "p.pdf"
    call_command(
        "report",
        "prioritisation",
        "--org",
        "ballerup",
        "--year",
        "2023",
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    text = pdf_text(out.read_bytes())
    assert "Budgetår 2023" in text and "135.000 kr." not in text


def test_default_file_name(ballerup, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("report", "prioritisation", "--org", "ballerup")
    assert (tmp_path / "prioritering-ballerup-2020.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_descriptions(ballerup, tmp_path, fmt):
    out = tmp_path / f"beskrivelser.{fmt}"
    call_command("report", "descriptions", "--org", "ballerup", "--format", fmt, "-o", str(out))
    text = pdf_text(out.read_bytes()) if fmt == "pdf" else docx_text(out.read_bytes())
    assert "Besluttet: 202.000 kr. — formlen giver 201.600 kr. (forskel +400 kr.)" in text


def test_unknown_org(db, tmp_path):
    with pytest.raises(CommandError, match="Organisationen »ukendt« findes ikke"):
        call_command("report", "descriptions", "--org", "ukendt", "-o", str(tmp_path / "x.pdf"))


@pytest.mark.parametrize("kind,fmt,message", [
    ("prioritisation", "docx", "vælg pdf eller xlsx"),
    ("descriptions", "xlsx", "vælg pdf eller docx"),
])  # fmt: skip
def test_bad_format(ballerup, tmp_path, kind, fmt, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "report", kind, "--org", "ballerup", "--format", fmt, "-o", str(tmp_path / "x")
        )


def test_bad_year(ballerup, tmp_path):
    with pytest.raises(CommandError, match="Året »sidste« er ikke et tal"):
        call_command(
            "report",
            "prioritisation",
            "--org",
            "ballerup",
            "--year",
            "sidste",
            "-o",
            str(tmp_path / "x.pdf"),
        )


def test_missing_folder(ballerup, tmp_path):
    with pytest.raises(CommandError, match="findes ikke"):
        call_command(
            "report", "descriptions", "--org", "ballerup", "-o", str(tmp_path / "nej" / "x.pdf")
        )
