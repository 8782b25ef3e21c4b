"""The one spreadsheet writer: every XLSX and CSV the product makes goes through here.

Rules, the same for every file:

* **No formula from data.** A text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return (OWASP's CSV-injection list) is written as a text cell, never as a formula; in CSV it gets
  a leading apostrophe, which Excel shows as text and our importers strip again
  (:func:`csv_unguard`). Numbers stay numbers. :func:`workbook_bytes` checks every cell of every
  sheet before saving, so a writer that forgets the helpers still cannot emit a formula: only the
  totals written with :meth:`Book.total` are formulas.
* **Totals are formulas** over the cells above (``=SUM(G6:G12)``) and carry their cached value, so
  a reader that does not calculate (openpyxl, a preview, a phone) sees the same figure as Excel.
  openpyxl cannot write a cached value; :func:`workbook_bytes` adds it to the sheet XML.
* **Percentages are fractions** (0.4146) with a % number format, never 41.46.
* One look: a bold header row on a light blue fill, frozen below the header; print setup in
  landscape A4, fitted to the page width, the header rows repeated on every page.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PERCENT_FORMAT = "0.0%"
PERCENT_FORMAT_2 = "0.00%"
HEADER_FILL = "E6EEF7"
TOTAL_FILL = "F2F2F2"


def formula_like(value: Any) -> bool:
    """Whether a text would be taken for a formula by a spreadsheet program."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value: str) -> str:
    """A text for a CSV cell: a leading apostrophe before anything a spreadsheet would run."""
    return "'" + value if formula_like(value) else value


def csv_unguard(value: str) -> str:
    """Undo :func:`csv_text` when a CSV comes back for import."""
    if value.startswith("'") and formula_like(value[1:]):
        return value[1:]
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV the way Danish Excel reads it: UTF-8 with BOM, semicolons, CRLF. Every cell is
    already a string (numbers formatted by the caller); texts are guarded."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(str(h)) for h in header])
    for row in rows:
        writer.writerow([csv_text(v) if isinstance(v, str) else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def percent_value(percent: Decimal | int | float | None) -> Decimal | None:
    """A percentage (41.46) as the fraction a spreadsheet stores (0.4146), exact."""
    if percent is None:
        return None
    return (Decimal(percent) / 100).normalize()


def set_text(cell, value: Any):
    """Put ``value`` in ``cell``; a text is always a text, never a formula."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value) if value else None
        if cell.value is not None:
            cell.data_type = "s"
    else:
        cell.value = value
    return cell


class Book:
    """A workbook being written, with the formulas it may hold and their cached values."""

    def __init__(self):
        from openpyxl import Workbook

        self.wb = Workbook()
        self._first = True
        self.formulas: dict[tuple[str, str], Any] = {}

    def sheet(self, title: str):
        if self._first:
            ws = self.wb.active
            ws.title = title
            self._first = False
            return ws
        return self.wb.create_sheet(title)

    # --- cells ----------------------------------------------------------------------------

    @staticmethod
    def text(ws, row: int, column: int, value: Any, *, font=None, alignment=None, fill=None):
        cell = set_text(ws.cell(row=row, column=column), value)
        _style(cell, font, alignment, fill)
        return cell

    @staticmethod
    def number(ws, row: int, column: int, value, number_format: str, *, font=None, alignment=None):
        cell = ws.cell(row=row, column=column, value=value)
        cell.number_format = number_format
        _style(cell, font, alignment, None)
        return cell

    @classmethod
    def percent(cls, ws, row: int, column: int, percent, *, places: int = 1, **style):
        """A percentage (41.46) as a fraction with a % format."""
        fmt = PERCENT_FORMAT if places <= 1 else PERCENT_FORMAT_2
        return cls.number(ws, row, column, percent_value(percent), fmt, **style)

    def total(self, ws, row: int, column: int, cells: Sequence[str], cached, number_format: str,
              *, font=None):  # fmt: skip
        """A total as ``=SUM(...)`` over ``cells`` (``["G6:G12"]`` or single cells), carrying
        ``cached`` (the figure the report shows) as its cached value."""
        expression = "=SUM(" + ",".join(cells) + ")" if cells else "=0"
        return self.formula(ws, row, column, expression, cached, number_format, font=font)

    def formula(self, ws, row: int, column: int, expression: str, cached, number_format: str,
                *, font=None):  # fmt: skip
        """A formula the product writes itself (never one from data), with its cached value."""
        cell = ws.cell(row=row, column=column, value=expression)
        cell.data_type = "f"
        cell.number_format = number_format
        self.formulas[(ws.title, cell.coordinate)] = cached
        _style(cell, font, None, None)
        return cell

    # --- layout ---------------------------------------------------------------------------

    @staticmethod
    def header(ws, row: int, columns: Sequence[tuple[str, float]], *, freeze_column: int = 1):
        """The header row: labels with widths, bold on a light fill; frozen below it, and
        repeated on every printed page."""
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter

        bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
        line = Border(bottom=Side(style="thin", color="BFBFBF"))
        for i, (label, width) in enumerate(columns, start=1):
            cell = set_text(ws.cell(row=row, column=i), label)
            cell.font, cell.fill, cell.border = bold, fill, line
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = ws.cell(row=row + 1, column=freeze_column)
        ws.print_title_rows = f"{row}:{row}"
        return row

    @staticmethod
    def print_setup(ws, *, landscape: bool = True):
        """A4, landscape by default, fitted to the page width (as many pages down as needed)."""
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.page_margins.left = ws.page_margins.right = 0.4

    def to_bytes(self) -> bytes:
        for ws in self.wb.worksheets:
            if ws.page_setup.fitToWidth != 1:
                self.print_setup(ws)
            if sheet_width(ws) > WIDE_SHEET:
                # Fitted to an A4 width the text would be 5 pt; on A3 it stays readable.
                ws.page_setup.paperSize = ws.PAPERSIZE_A3
        return workbook_bytes(self.wb, self.formulas)


WIDE_SHEET = 200  # column widths (characters) beyond which a sheet is printed on A3


def sheet_width(ws) -> float:
    """The sheet's printed width in characters: the widths of its used columns."""
    from openpyxl.utils import get_column_letter

    total = 0.0
    for c in range(1, ws.max_column + 1):
        dim = ws.column_dimensions.get(get_column_letter(c))
        total += dim.width if dim is not None and dim.width else 8.43
    return total


def _style(cell, font, alignment, fill):
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if fill is not None:
        cell.fill = fill


def defuse(wb, allowed: dict[tuple[str, str], Any] | None = None) -> int:
    """Turn every formula cell not in ``allowed`` into text. Returns how many were turned."""
    allowed = allowed or {}
    turned = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and (ws.title, cell.coordinate) not in allowed:
                    cell.data_type = "s"
                    turned += 1
    return turned


FONT = "Calibri"  # the workbook's default font: every styled cell names it


def name_fonts(wb) -> None:
    """Give every font without a name the workbook's own (``Font(bold=True)`` alone names no
    font, and LibreOffice then shows the cell in a serif face unlike the rest)."""
    from copy import copy

    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.has_style and cell.font is not None and cell.font.name is None:
                    font = copy(cell.font)
                    font.name = FONT
                    cell.font = font


LINE_HEIGHT = 15  # points: one line of 11 pt text


def fit_row_heights(wb) -> None:
    """Give every row with wrapped text the height its longest cell needs, estimated from the
    column width (neither LibreOffice nor Excel grows a row for wrapped text on opening, so
    the lines would run into the next row)."""
    from openpyxl.utils import get_column_letter

    for ws in wb.worksheets:
        widths: dict[int, float] = {}
        for row in ws.iter_rows():
            lines = 1
            for cell in row:
                if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                    continue
                if cell.column not in widths:
                    dim = ws.column_dimensions.get(get_column_letter(cell.column))
                    widths[cell.column] = dim.width if dim is not None and dim.width else 8.43
                per_line = max(1, int(widths[cell.column] * 1.15))
                lines = max(
                    lines,
                    sum(max(1, -(-len(part) // per_line)) for part in cell.value.split("\n")),
                )
            r = row[0].row if row else None
            if r is not None and lines > 1 and ws.row_dimensions[r].height is None:
                ws.row_dimensions[r].height = min(409, LINE_HEIGHT * lines)


_FORMULA_CELL = re.compile(r'(<c r="([A-Z]+[0-9]+)"[^>]*>)<f>([^<]*)</f>(?:<v\s*/>|<v></v>)?(</c>)')


def _cached_text(value: Any) -> str:
    if isinstance(value, Decimal):
        value = value.normalize()
        return format(value, "f")
    return str(value)


def workbook_bytes(wb, formulas: dict[tuple[str, str], Any] | None = None) -> bytes:
    """Save ``wb``: first every formula not written as a total becomes text; then each total's
    cached value is written into the sheet XML (openpyxl leaves it empty)."""
    formulas = formulas or {}
    defuse(wb, formulas)
    name_fonts(wb)
    fit_row_heights(wb)
    out = io.BytesIO()
    wb.save(out)
    if not formulas:
        return out.getvalue()
    by_sheet: dict[str, dict[str, Any]] = {}
    for (title, coordinate), value in formulas.items():
        by_sheet.setdefault(title, {})[coordinate] = value
    paths = {f"xl/worksheets/sheet{i}.xml": ws.title for i, ws in enumerate(wb.worksheets, 1)}
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            cached = by_sheet.get(paths.get(item.filename, ""))
            if cached:

                def fill(match, cached=cached):
                    value = cached.get(match.group(2))
                    if value is None:
                        return match.group(0)
                    return (
                        f"{match.group(1)}<f>{match.group(3)}</f>"
                        f"<v>{_cached_text(value)}</v>{match.group(4)}"
                    )

                data = _FORMULA_CELL.sub(fill, data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    return result.getvalue()
