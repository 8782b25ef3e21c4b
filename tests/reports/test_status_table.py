"""The status report's "Tabel" layout: the committee's Word table as one landscape table, a row
per initiative (Budget · Budgetnotat · Indsats · Formål · Afsatte midler · Status pr. dato), laid
out from the same rows as the report layout, in PDF, DOCX, XLSX, on screen and from the CLI;
and values recorded (or withdrawn) after the report's date listed under "registreret senere"."""

import datetime as dt
import io
import re
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from pypdf import PdfReader

from indsats.indicators.services import indicator_value_add, indicator_value_withdraw
from indsats.reports.status import build_status_report
from indsats.reports.status_table import (
    TABLE_YEARS,
    render_table_docx,
    render_table_pdf,
    render_table_xlsx,
    short_purpose,
    status_table,
)
from tests.reports import status_data as data
from tests.reports.readers import normalise, pdf_text, workbook

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 4, 30)
PRODUCED = dt.date(2026, 5, 4)
COLUMNS = [
    "Budget",
    "Budgetnotat",
    "Indsats",
    "Formål",
    "Afsatte midler",
    "Status pr. 30. april 2026",
]
HEADER = " ".join(COLUMNS)


def _pages(content: bytes) -> list[str]:
    return [normalise(p.extract_text() or "") for p in PdfReader(io.BytesIO(content)).pages]


def test_short_purpose_is_the_first_sentence_cut_at_a_word():
    assert short_purpose("At flere bliver. Derfor gør vi det.") == "At flere bliver."
    long = "At " + "praktikvejlederne har tid " * 20
    assert len(short_purpose(long)) <= 220 and short_purpose(long).endswith("…")
    assert short_purpose("") == ""


def test_the_demo_as_a_table_in_every_format(ballerup):
    """Ballerup's status report as of 30-04-2026 in the table layout: rows newest budget year
    first, the note's allocation where its money sits, overdue statuses marked, footnotes; the
    PDF landscape and tagged with its header row on every page; the DOCX a landscape section with
    a repeated header row and rows that do not split; the XLSX landscape, its header repeated."""
    report = build_status_report(organisation=ballerup, as_of=AS_OF, produced=PRODUCED)
    table = status_table(report)
    years = [row.budget_year for row in table.rows]
    assert years == sorted(years, reverse=True) and years[0] == 2026
    assert len(table.rows) == sum(max(1, len(n.initiatives)) for n in report.notes)
    first = table.rows[0]
    assert (first.note.code, first.code) == ("SO03", "1.1")
    assert first.allocation_label == "SO03 i alt"
    assert first.allocation == ("2026: 7,339 mio. kr.", "2027-2029: 5,373 mio. kr. årligt")
    assert table.rows[1].allocation_remark == "Indgår i SO03s bevilling"
    overdue = [row for row in table.rows if row.overdue_text]
    assert overdue, "the demo's October statuses are overdue by April (120-day interval)"
    assert overdue[0].overdue_text == "Status mangler siden 28. februar 2026"
    assert table.has_overdue
    # the value measured before the year's end is a footnote, numbered once for the table
    assert table.footnotes[0][0] == "(1)"
    assert "Frikøbsmidler anvendt af de afsatte, 2025" in table.footnotes[0][1]
    assert all(len(f.values) <= TABLE_YEARS for row in table.rows for f in row.figures)

    # PDF: landscape A4, tagged, the header row repeated on every page
    pdf = render_table_pdf(report)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    pages = _pages(pdf)
    assert len(pages) >= 2
    assert all(HEADER in page for page in pages)
    text = pdf_text(pdf)
    assert len(re.findall(r"Status mangler siden \d", text)) == len(overdue)
    assert "SO03 i alt: 2026: 7,339 mio. kr. 2027-2029: 5,373 mio. kr. årligt" in text
    assert "(1) Frikøbsmidler anvendt af de afsatte, 2025" in text
    assert "»Status mangler siden …«: den seneste status pr. 30. april 2026 er ældre" in text
    assert "Forbrug, rest og planlagt udgift (omkostningsmodel) står ikke i tabellen" in text

    # DOCX: a landscape section, one table, its header row repeated, rows kept whole
    doc = Document(io.BytesIO(render_table_docx(report)))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert doc.core_properties.language == "da-DK"
    assert "Side" in section.footer.paragraphs[0].text
    (word,) = doc.tables
    assert [c.text for c in word.rows[0].cells] == COLUMNS
    assert word.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(word.rows) == len(table.rows) + 1
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in word.rows[1:])
    # a note's rows are kept together: every row but a note's last keeps with the next
    keeps = [r.cells[2].paragraphs[0].paragraph_format.keep_with_next for r in word.rows[1:]]
    lasts = [not nxt.first_in_note for nxt in table.rows[1:]] + [False]
    assert [bool(k) for k in keeps] == lasts
    cells = [normalise(c.text) for c in word.rows[1].cells]
    assert cells[0] == "2026" and cells[1].startswith("SO03 God start")
    assert cells[4] == "SO03 i alt: 2026: 7,339 mio. kr. 2027-2029: 5,373 mio. kr. årligt"
    assert cells[5].startswith("Status mangler siden 28. februar 2026 Følger planen")
    words = normalise(" ".join(p.text for p in doc.paragraphs))
    assert "(1) Frikøbsmidler anvendt af de afsatte, 2025" in words

    # XLSX: the same rows, landscape, the header repeated on every printed page
    ws = workbook(render_table_xlsx(report))["Tabel"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert "$5:$5" in str(ws.print_title_rows)
    assert [c.value for c in ws[5]][:6] == COLUMNS
    first_row = [c.value for c in ws[6]][:6]
    assert first_row[0] == 2026 and first_row[1].startswith("SO03 ")
    assert first_row[4] == "SO03 i alt:\n2026: 7,339 mio. kr.\n2027-2029: 5,373 mio. kr. årligt"
    assert first_row[5].startswith("Status mangler siden 28. februar 2026\n\nFølger planen")
    # rows as tall as their wrapped text (spreadsheets do not grow them when they open a file)
    lines = first_row[5].count("\n") + 1
    assert ws.row_dimensions[6].height >= lines * 14
    statuses = [ws.cell(row=r, column=6).value or "" for r in range(6, 6 + len(table.rows))]
    assert sum("Status mangler siden" in s for s in statuses) == len(overdue)
    below = [ws.cell(row=r, column=1).value for r in range(6 + len(table.rows), ws.max_row + 1)]
    assert any(str(v).startswith("(1) Frikøbsmidler") for v in below if v)


@pytest.fixture
def built(org):
    return data.build(org)


def test_the_cli_writes_the_table_layout(built, tmp_path):
    for fmt in ("pdf", "docx", "xlsx"):
        out = tmp_path / f"tabel.{fmt}"
        call_command(
            "report", "status", "--org", "testrup", "--as-of", "2026-04-30", "--layout", "table",
            "--format", fmt, "-o", str(out),
        )  # fmt: skip
        content = out.read_bytes()
        if fmt == "pdf":
            assert HEADER in pdf_text(content)
        elif fmt == "docx":
            assert Document(io.BytesIO(content)).sections[0].orientation == WD_ORIENT.LANDSCAPE
        else:
            assert workbook(content).sheetnames == ["Tabel"]
    # the default layout is unchanged
    out = tmp_path / "rapport.xlsx"
    call_command(
        "report", "status", "--org", "testrup", "--as-of", "2026-04-30", "--format", "xlsx",
        "-o", str(out),
    )  # fmt: skip
    assert workbook(out.read_bytes()).sheetnames[:2] == ["Status", "Indikatorer"]
    with pytest.raises(CommandError, match="layout"):
        call_command("report", "status", "--org", "testrup", "--layout", "wide")


def test_default_table_file_name(built, tmp_path, monkeypatch):
    from django.utils import timezone

    monkeypatch.chdir(tmp_path)
    call_command("report", "status", "--org", "testrup", "--layout", "table")
    name = f"status-tabel-testrup-{timezone.localdate().isoformat()}.pdf"
    assert (tmp_path / name).read_bytes().startswith(b"%PDF-")


def test_the_page_switches_layout_and_the_downloads_follow(built, client, reader):
    client.force_login(reader)
    url = reverse("reports:status", kwargs={"org": "testrup"})
    page = client.get(url, {"dato": "2026-04-30"}).content.decode()
    assert 'data-testid="status-table"' not in page
    assert 'id="opstilling-rapport" value="rapport" checked' in page
    assert 'href="/o/testrup/rapporter/status.pdf?dato=2026-04-30"' in page

    response = client.get(url, {"dato": "2026-04-30", "opstilling": "tabel"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="status-table"' in page
    assert 'id="opstilling-tabel" value="tabel" checked' in page
    assert 'class="status-note"' not in page  # the report layout's sections are not shown
    assert "SO27" in page and "Afsatte midler" in page
    for ext in ("pdf", "docx", "xlsx"):
        assert (
            f'href="/o/testrup/rapporter/status.{ext}?dato=2026-04-30&amp;opstilling=tabel"' in page
        )

    download = client.get(
        reverse("reports:status_pdf", kwargs={"org": "testrup"}),
        {"dato": "2026-04-30", "opstilling": "tabel"},
    )
    assert download.status_code == 200
    assert "status-tabel-testrup-2026-04-30.pdf" in download["Content-Disposition"]
    content = b"".join(download.streaming_content) if download.streaming else download.content
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    assert float(box.width) > float(box.height)
    xlsx = client.get(
        reverse("reports:status_xlsx", kwargs={"org": "testrup"}),
        {"dato": "2026-04-30", "opstilling": "tabel"},
    )
    assert workbook(xlsx.content).sheetnames == ["Tabel"]

    # an unknown layout is the report layout, not an error
    response = client.get(url, {"dato": "2026-04-30", "opstilling": "bred"})
    assert response.status_code == 200
    assert 'data-testid="status-table"' not in response.content.decode()


def test_values_recorded_or_withdrawn_after_the_date_are_listed_later(built, consultant):
    """A value recorded after the report's date and withdrawn since is still listed under
    "registreret senere", marked; a value that counted on the date and was withdrawn after it is
    listed as withdrawn then (it has left the report's figures)."""
    indicator = built.indicators[data.ORGANISATION_INDICATOR.name]
    later = indicator_value_add(
        indicator=indicator, actor=None, year=2026, value=D("7.5"), recorded_on=dt.date(2026, 5, 20)
    )
    counted = indicator_value_add(
        indicator=indicator, actor=None, year=2019, value=D("9.9"), recorded_on=dt.date(2026, 2, 1)
    )
    before = build_status_report(organisation=built.organisation, as_of=AS_OF, produced=PRODUCED)
    assert [(v.year, v.kind, v.withdrawn) for v in before.later if v.year in (2019, 2026)] == [
        (2026, "value", False)
    ]
    indicator_value_withdraw(value=later, actor=consultant, reason="Tastefejl")
    indicator_value_withdraw(value=counted, actor=consultant)
    report = build_status_report(organisation=built.organisation, as_of=AS_OF, produced=PRODUCED)
    mine = [v for v in report.later if v.indicator == indicator.name and v.year in (2019, 2026)]
    assert [(v.year, v.kind, v.withdrawn) for v in mine] == [
        (2026, "value", True),
        (2019, "withdrawal", True),
    ]
    name = indicator.name
    assert mine[0].text.startswith(f"{name}, 2026: ") and mine[0].text.endswith(
        "(registreret 20. maj 2026, siden trukket tilbage)"
    )
    assert mine[1].text.endswith("(trukket tilbage " + mine[1].recorded_text + ")")
    for text in (pdf_text(render_table_pdf(report)),):
        assert "Registreret senere end 30. april 2026" in text
        assert "registreret 20. maj 2026, siden trukket tilbage" in text


def test_a_figure_is_written_as_its_kind(built, consultant):
    """A share is "X ud af Y" in the table as in the report layout (IndicatorRow.figure_text)."""
    from indsats.indicators.services import indicator_create

    initiative = built.initiatives["1.1"]
    used = indicator_create(
        organisation=built.organisation, actor=consultant, name="Midler anvendt", unit="kr",
        kind="share", initiative=initiative,
    )  # fmt: skip
    indicator_value_add(
        indicator=used, actor=None, year=2025, value=D("3200000"), whole=D("5000000"),
        recorded_on=dt.date(2026, 1, 31),
    )  # fmt: skip
    report = build_status_report(organisation=built.organisation, as_of=AS_OF, produced=PRODUCED)
    figures = [f for row in status_table(report).rows for f in row.figures]
    (figure,) = [f for f in figures if f.name == "Midler anvendt"][:1]
    assert figure.values_text == "2025: 3,2 mio. kr. ud af 5 mio. kr."
    assert "Midler anvendt: 2025: 3,2 mio. kr. ud af 5 mio. kr." in pdf_text(
        render_table_pdf(report)
    )
