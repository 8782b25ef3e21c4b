"""Hostile uploads are refused by the one upload reader (core.transfer) before they cost the
server: each with a Danish message naming the limit, and with little memory.

The hostile files are written here part by part, streamed through zlib, so that a sheet of a
million rows or a cell of a gigabyte never exists in memory or on disk uncompressed."""

from __future__ import annotations

import io
import resource
import time
import tracemalloc
import zipfile

import pytest

from indsats.core.transfer import MAX_ZIP_ENTRIES, read_upload
from indsats.students.transfer import read_student_files

MB = 1024 * 1024
MEMORY_LIMIT = 300 * MB

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Elever" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Elevnøgle</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Uddannelse</t></is></c></row>'
)


def xlsx(sheet_chunks, *, extra_parts: int = 0) -> bytes:
    """An XLSX archive whose one worksheet is the concatenation of ``sheet_chunks`` (strings,
    streamed through the compressor one at a time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for chunk in sheet_chunks:
                part.write(chunk.encode())
        for n in range(extra_parts):
            archive.writestr(f"xl/media/image{n}.xml", "")
    return out.getvalue()


def million_rows():
    yield SHEET_HEAD + HEADER_ROW
    for start in range(2, 1_000_002, 10_000):
        yield "".join(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>E{r}</t></is></c></row>'
            for r in range(start, start + 10_000)
        )
    yield SHEET_TAIL


def gigabyte_cell():
    yield SHEET_HEAD + HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>'
    block = "A" * MB
    for _ in range(1024):
        yield block
    yield "</t></is></c></row>" + SHEET_TAIL


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def utf16_csv() -> bytes:
    return "Elevnøgle;Uddannelse\r\nE1;SOSU-hjælper\r\n".encode("utf-16")


def large_csv() -> bytes:
    line = "E1;SOSU-hjælper;" + "x" * 80 + "\r\n"
    return ("Elevnøgle;Uddannelse\r\n" + line * (50 * MB // len(line))).encode()


class Measured:
    def __init__(self):
        self.peak = 0
        self.seconds = 0.0
        self.rss_growth = 0


def read_measured(make, name: str):
    """Make the file and read it as an upload, measuring the reading (not the making)."""
    data = make()
    measured = Measured()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    started = time.perf_counter()
    try:
        upload = io.BytesIO(data)
        upload.name = name
        sheets, issues = read_student_files([read_upload(upload)])
    finally:
        measured.seconds = time.perf_counter() - started
        _, measured.peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    measured.rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
    return sheets, issues, measured, len(data)


CASES = [
    pytest.param(
        lambda: xlsx(million_rows()),
        "elever.xlsx",
        "Filen »elever.xlsx« har et ark med flere end 100000 rækker. Filen er afvist",
        id="a million rows",
    ),
    pytest.param(
        lambda: xlsx(gigabyte_cell()),
        "elever.xlsx",
        "når den pakkes ud (delen »xl/worksheets/sheet1.xml«); der er plads til 100 MB",
        id="a gigabyte cell",
    ),
    pytest.param(
        lambda: xlsx([SHEET_HEAD + HEADER_ROW + SHEET_TAIL], extra_parts=5000),
        "elever.xlsx",
        f"består af 5005 dele; et Excel-ark har højst {MAX_ZIP_ENTRIES}",
        id="thousands of entries",
    ),
    pytest.param(
        png,
        "elever.xlsx",
        "Filen »elever.xlsx« er ikke et Excel-ark (det er et PNG-billede).",
        id="a PNG renamed .xlsx",
    ),
    pytest.param(
        utf16_csv,
        "elever.csv",
        "Filen »elever.csv« er UTF-16; gem den som UTF-8",
        id="a UTF-16 CSV",
    ),
    pytest.param(lambda: b"", "elever.csv", "Filen »elever.csv« er tom.", id="an empty file"),
    pytest.param(
        large_csv, "elever.csv", "Filen »elever.csv« er for stor (højst 10 MB).", id="50 MB CSV"
    ),
]


@pytest.mark.parametrize(("make", "name", "message"), CASES)
def test_a_hostile_upload_is_refused_with_a_message_naming_the_limit_and_little_memory(
    make, name, message
):
    sheets, issues, measured, size = read_measured(make, name)
    assert sheets == {}
    assert [message in str(issue) for issue in issues] == [True], [str(i) for i in issues]
    print(
        f"{name}: {size / MB:.2f} MB on disk, refused in {measured.seconds:.2f} s, "
        f"Python peak {measured.peak / MB:.1f} MB, process peak grew {measured.rss_growth / MB:.1f} MB"
    )
    assert measured.peak < MEMORY_LIMIT
    assert measured.rss_growth < MEMORY_LIMIT


def test_a_cell_longer_than_excel_allows_is_refused():
    long_cell = "A" * 40_000
    data = xlsx(
        [
            SHEET_HEAD
            + HEADER_ROW
            + f'<row r="2"><c r="A2" t="inlineStr"><is><t>{long_cell}</t></is></c></row>'
            + SHEET_TAIL
        ]
    )
    sheets, issues = read_student_files([(data, "elever.xlsx")])
    assert [str(i) for i in issues] == [
        "Ark »Elever«, række 2: En celle har 40000 tegn; der er højst plads til 32767 tegn i en "
        "celle. Filen er afvist."
    ]


def test_a_row_wider_than_the_column_limit_is_refused():
    data = xlsx(
        [
            SHEET_HEAD
            + HEADER_ROW
            + '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'
            + SHEET_TAIL
        ]
    )
    sheets, issues = read_student_files([(data, "elever.xlsx")])
    assert [str(i) for i in issues] == [
        "Ark »Elever«, række 2: Rækken har flere end 200 kolonner. Filen er afvist; slet de "
        "overflødige kolonner."
    ]


def test_a_csv_field_longer_than_the_csv_module_reads_is_refused_not_a_500():
    data = ("Elevnøgle;Uddannelse\r\nE1;" + "x" * 200_000 + "\r\n").encode()
    sheets, issues = read_student_files([(data, "elever.csv")])
    assert len(issues) == 1
    assert "et felt er længere end 32767 tegn" in str(issues[0])


def test_a_sheet_just_past_the_row_limit_is_refused_while_streaming():
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>E{r}</t></is></c></row>'
        for r in range(2, 100_003)
    )
    data = xlsx([SHEET_HEAD + HEADER_ROW + rows + SHEET_TAIL])
    sheets, issues = read_student_files([(data, "elever.xlsx")])
    assert [str(i) for i in issues] == [
        "Ark »Elever«, række 100001: Arket har flere end 100000 rækker. Filen er afvist; del "
        "den op i mindre filer."
    ]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", "en PDF-fil"),
        (b"\xff\xd8\xff\xe0JFIF", "et JPEG-billede"),
    ],
)
def test_the_file_type_is_read_from_the_content_not_the_name(data, kind):
    sheets, issues = read_student_files([(data, "elever.csv")])
    assert [str(i) for i in issues] == [
        f"Filen »elever.csv« er ikke et Excel-ark (det er {kind}). Gem filen som "
        "»Excel-projektmappe (*.xlsx)« eller som CSV, og prøv igen."
    ]


def test_a_word_document_renamed_xlsx_is_named_as_such():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    sheets, issues = read_student_files([(out.getvalue(), "elever.xlsx")])
    assert "(det er et Word-dokument)" in str(issues[0])
