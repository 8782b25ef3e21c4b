"""Read exported reports back: PDF as text (pypdf), XLSX cells (openpyxl), DOCX text
(python-docx)."""

import io
import re

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return normalise(" ".join(page.extract_text() or "" for page in reader.pages))


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def workbook(content: bytes):
    """The workbook as a reader sees it: formulas give their cached values."""
    return load_workbook(io.BytesIO(content), data_only=True)


def sheet_records(ws, header_row: int) -> list[dict]:
    """The rows under ``header_row`` as dicts keyed by header."""
    headers = [c.value for c in ws[header_row]]
    records = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if any(v is not None for v in row):
            records.append(dict(zip(headers, row, strict=False)))
    return records


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return normalise(" ".join(parts))
