"""Build and edit catalogue workbooks for the transfer tests."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from indsats.initiatives.transfer import catalogue_template


def load(data: bytes):
    return load_workbook(io.BytesIO(data))


def save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def headers(ws) -> list[str]:
    return [cell.value for cell in ws[1]]


def xlsx(sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    """A catalogue file from the template with ``rows`` (by header) appended to each sheet."""
    wb = load(catalogue_template())
    for title, rows in sheets.items():
        ws = wb[title]
        names = headers(ws)
        for row in rows:
            unknown = set(row) - set(names)
            assert not unknown, f"no such column in {title}: {unknown}"
            ws.append([row.get(name) for name in names])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # typed text, even when it starts with "="
    return save(wb)


def find_row(ws, **match: Any) -> int:
    """The row number (as Excel shows it) of the first row whose cells match ``match``, given by
    header with spaces and dots replaced by underscores (``Indsats_nummer="1.1"``)."""
    names = [str(h).replace(" ", "_").replace(".", "") for h in headers(ws)]
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        row = dict(zip(names, values, strict=False))
        if all(row.get(k) == v for k, v in match.items()):
            return number
    raise AssertionError(f"no row in {ws.title} with {match}")


def set_cell(ws, row: int, header: str, value: Any) -> None:
    ws.cell(row=row, column=headers(ws).index(header) + 1).value = value


def append(ws, **values: Any) -> int:
    names = [str(h).replace(" ", "_").replace(".", "") for h in headers(ws)]
    ws.append([values.get(name) for name in names])
    return ws.max_row
