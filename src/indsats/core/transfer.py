"""File import and export shared by every kind of data (catalogue, budget notes, indicators).

A file format is a tuple of ``Sheet``s, each a tuple of ``Column``s, defined once per kind:
export writes those columns and import reads them, so an exported file imports unchanged.
Reading turns every cell into a Python value or an ``ImportIssue`` naming sheet, row and
column with a Danish message; an importer collects every issue and, if there is any, raises
``FileImportError`` having written nothing.

Files are XLSX (one sheet per ``Sheet``, plus a »Vejledning« sheet) or, for one sheet at a
time, CSV as Danish Excel writes it: semicolon-separated, UTF-8 with or without a byte order
mark (or Windows-1252 from older Excel versions).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import compress
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indsats.calc.danish import AmountParseError, parse_amount, parse_number
from indsats.calc.dates import parse_date as read_date
from indsats.core import spreadsheet
from indsats.core.models import AuditAction
from indsats.core.services import PermissionDeniedError, ServiceError, audit
from indsats.core.spreadsheet import Book, csv_text, csv_unguard

MAX_ROWS = 20_000
MAX_FILE_SIZE = 10 * 1024 * 1024
# Limits checked before and while a file is read, so that a small hostile file (a zip bomb, a
# million rows, one enormous cell) is refused without the server holding it in memory.
MAX_ZIP_ENTRIES = 500  # parts in an XLSX archive; Excel writes a few dozen
MAX_PART_SIZE = 100 * 1024 * 1024  # uncompressed bytes of any one worksheet part
MAX_SMALL_PART_SIZE = 20 * 1024 * 1024  # uncompressed bytes of the other parts (shared strings,
# styles): openpyxl holds these in memory even when it streams the rows
MAX_UNZIPPED_SIZE = 250 * 1024 * 1024  # uncompressed bytes in total
MAX_RATIO = 200  # uncompressed / compressed size of a part larger than 1 MB
MAX_COLUMNS = 200
MAX_CELL_LENGTH = 32_767  # what Excel itself allows in a cell
BLANK_ROW_ALLOWANCE = 100_000  # empty rows read past a sheet's row limit before giving up
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
CODE_RE = re.compile(r"^[A-Za-z0-9ÆØÅæøå][A-Za-z0-9ÆØÅæøå.\-]*$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
YEAR_HEADER_RE = re.compile(r"^\s*(?:19|20|21)\d\d\s*(?:[-–]\s*(?:19|20|21)\d\d\s*)?$")
MAX_NUMBER = Decimal(10) ** 12
FOUR_DECIMALS = Decimal("0.0001")

# --- the file format: kinds of cell, columns, sheets -----------------------------------------

# Kinds of cell, each with its parser in ``PARSERS`` and its number format in ``NUMBER_FORMATS``.
# A module with a kind of its own adds it with ``register_kind``.
TEXT = "text"
CODE = "code"  # a number such as "1.1", "2.10" or "SO19"
KEY = "key"  # a machine key such as "timepris_frikob"
INT = "int"
YEAR = "year"
AMOUNT = "amount"  # money, whole øre
NUMBER = "number"  # a factor or parameter value, up to 4 decimals
CHOICE = "choice"
DATE = "date"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    max_value: int | None = None  # for INT columns
    choices: type[models.TextChoices] | None = None
    default: str | None = None  # a choice's value when the cell is empty
    optional_header: bool = False  # the file may leave the whole column out
    fmt: str = ""  # what the cell accepts, for the guide
    help: str = ""  # what the column means, for the guide
    example: str = ""
    width: int = 18

    @property
    def format_text(self) -> str:
        """What the cell accepts, in Danish, for the guide."""
        if self.kind != CHOICE or self.choices is None:
            return self.fmt
        labels = " / ".join(f"»{label}«" for label in self.choices.labels)
        text = f"Én af: {labels}. Koden ({', '.join(self.choices.values)}) accepteres også."
        if self.default is not None:
            text += f" Tom: »{self.choices(self.default).label}«."
        elif not self.required:
            text += " Kan være tom."
        return text


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    help: str = ""
    # Columns headed by a year or a period (»2026«, »2027-2029« …) are read into
    # ``row["years"]`` as {header text: raw cell value}.
    year_columns: bool = False
    # Rows the sheet may have; 0 means MAX_ROWS. Large formats (student records) raise it.
    max_rows: int = 0

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def header(self, key: str) -> str:
        return self.column(key).header


@dataclass(frozen=True)
class FileFormat:
    """Everything export, import and the guide need to know about one kind of file."""

    sheets: tuple[Sheet, ...]
    guide_heading: str
    guide_intro: tuple[str, ...]
    guide_title: str = "Vejledning"

    def sheet(self, title: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise KeyError(title)


# --- issues --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportIssue:
    """One reason a file cannot be imported, with where it is as Excel shows it."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("Ark »%(sheet)s«") % {"sheet": self.sheet})
        if self.row:
            where.append(_("række %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("kolonne »%(column)s«") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class FileImportError(Exception):
    """The file cannot be imported. ``errors`` lists every problem; nothing was written."""

    def __init__(self, errors: Iterable[ImportIssue]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]


def call_service(row: Row | None, error_class: type[FileImportError], call, **kwargs):
    """Call a service; a rule it enforces that the file's checks missed becomes an issue on
    the row (the whole import is then refused)."""
    try:
        return call(**kwargs)
    except ServiceError as exc:
        if isinstance(exc, PermissionDeniedError):
            raise
        sheet, number = (row.sheet.title, row.number) if row is not None else ("", None)
        raise error_class([ImportIssue(sheet, number, "", m) for m in exc.messages]) from exc


@contextmanager
def import_writes(
    *,
    organisation,
    actor,
    object_type: str,
    object_repr: str,
    changes: Callable[[], dict[str, Any] | None],
    dry_run: bool = False,
) -> Iterator[None]:
    """Around the writes of a checked import: all or nothing in one transaction, then one
    IMPORT record in the history (``changes()`` is read after the writes; ``None``: nothing
    to record), and with ``dry_run`` everything rolled back once counted."""
    with transaction.atomic():
        yield
        recorded = changes()
        if recorded is not None:
            audit(
                organisation=organisation,
                actor=actor,
                action=AuditAction.IMPORT,
                object_type=object_type,
                object_id=organisation.pk if organisation is not None else "",
                object_repr=object_repr,
                changes=recorded,
            )
        if dry_run:
            transaction.set_rollback(True)


class CellError(ValueError):
    """A cell that cannot be read; the message is Danish."""


def file_issue(message: str) -> ImportIssue:
    return ImportIssue("", None, "", message)


def no_sheets_issue(sheets: Sequence[Sheet]) -> ImportIssue:
    """The file has none of the format's sheets."""
    return file_issue(
        _("Filen indeholder ingen af arkene %(sheets)s. Hent skabelonen.")
        % {"sheets": ", ".join(f"»{s.title}«" for s in sheets)}
    )


def issue_order(sheets: Sequence[Sheet]) -> Callable[[ImportIssue], tuple]:
    """A sort key putting issues in the order of the sheets, then rows, then columns."""
    titles = [s.title for s in sheets]

    def key(issue: ImportIssue) -> tuple:
        position = titles.index(issue.sheet) if issue.sheet in titles else -1
        return position, issue.row or 0, issue.column

    return key


@dataclass
class Row:
    """One row of a sheet: the parsed value per column key, and where it came from."""

    sheet: Sheet
    number: int
    values: dict[str, Any]
    bad: set[str]  # column keys whose cell could not be read
    absent: set[str] = field(default_factory=set)  # optional columns the file leaves out

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def ok(self, *keys: str) -> bool:
        return not self.bad.intersection(keys)

    def issue(self, key: str, message: str) -> ImportIssue:
        header = self.sheet.header(key) if key and key != "years" else ""
        return ImportIssue(self.sheet.title, self.number, header, message)

    def issue_at(self, header: str, message: str) -> ImportIssue:
        return ImportIssue(self.sheet.title, self.number, header, message)


class Percent(float):
    """A number from a spreadsheet cell formatted as a percentage: 0.225 shown as »22,5%«.
    It is a float, so parsers that do not care read it as before."""

    def as_text(self) -> str:
        shown = (Decimal(repr(float(self))) * 100).normalize()
        return format(shown, "f").replace(".", ",") + "%"


# --- reading files ---------------------------------------------------------------------------


def read_uploads(
    files, default_name: str = "fil.xlsx", *, name: str | None = None
) -> list[tuple[bytes, str]]:
    """``files`` as (bytes, name) pairs: one upload, path or bytes, or a list of them. A single
    file is called ``name`` when given (the name the person uploaded it under)."""
    if isinstance(files, list | tuple):
        read = [read_upload(f, default_name) for f in files]
    else:
        read = [read_upload(files, default_name)]
    if name and len(read) == 1:
        read = [(read[0][0], name)]
    return read


def file_names(files: Sequence[tuple[bytes, str]]) -> str:
    """The names of the files read, as an import's result and history say them."""
    return ", ".join(name for _data, name in files)


def read_upload(file, default_name: str = "fil.xlsx") -> tuple[bytes, str]:
    """The bytes and the file name of an upload, a path, or bytes."""
    if isinstance(file, bytes | bytearray):
        return bytes(file), default_name
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_SIZE + 1), path.name
    name = os.path.basename(getattr(file, "name", "") or default_name)
    if hasattr(file, "seek"):
        file.seek(0)
    # Never more than one byte past the limit: ``too_large`` refuses what is longer.
    return file.read(MAX_FILE_SIZE + 1), name


def too_large(data: bytes, name: str) -> ImportIssue | None:
    if len(data) <= MAX_FILE_SIZE:
        return None
    return file_issue(
        _("Filen »%(name)s« er for stor (højst %(mb)d MB).")
        % {"name": name, "mb": MAX_FILE_SIZE // (1024 * 1024)}
    )


class FileRefused(Exception):
    """The whole file is refused (a limit, its type, its encoding); ``issue`` says why."""

    def __init__(self, issue: ImportIssue):
        self.issue = issue
        super().__init__(str(issue))


# Kinds of file recognised by their first bytes, for the message refusing them.
_MAGIC = (
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"%PDF", "pdf"),
    (b"BM", "bmp"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf", "7z"),
    (b"{\\rtf", "rtf"),
)


def _kind_label(kind: str) -> str:
    return {
        "png": _("et PNG-billede"),
        "jpeg": _("et JPEG-billede"),
        "gif": _("et GIF-billede"),
        "bmp": _("et BMP-billede"),
        "pdf": _("en PDF-fil"),
        "gzip": _("en komprimeret gzip-fil"),
        "rar": _("en komprimeret RAR-fil"),
        "7z": _("en komprimeret 7z-fil"),
        "rtf": _("et RTF-dokument"),
        "docx": _("et Word-dokument"),
        "pptx": _("en PowerPoint-præsentation"),
        "ods": _("et OpenDocument-regneark"),
        "zip": _("en zip-fil"),
        "binary": _("en binær fil"),
    }[kind]


def _not_a_spreadsheet(name: str, kind: str) -> ImportIssue:
    return file_issue(
        _(
            "Filen »%(name)s« er ikke et Excel-ark (det er %(kind)s). Gem filen som »Excel-projektmappe (*.xlsx)« eller som CSV, og prøv igen."
        )
        % {"name": name, "kind": _kind_label(kind)}
    )


def _zip_kind(data: bytes) -> str:
    """What a zip archive holds, by the names of its parts: ``xlsx`` or another kind."""
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist()[: MAX_ZIP_ENTRIES + 1])
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "xlsx"  # a damaged archive: reading it says so
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    return "zip"


def _text_encoding(data: bytes) -> str | None:
    """The name of a Unicode encoding other than UTF-8 that ``data`` is written in, if any."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = data[:4096]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        # Every other byte zero: UTF-16 without a byte order mark.
        return "UTF-16"
    return None


def sniff(data: bytes, name: str) -> str:
    """``"xlsx"`` or ``"csv"`` by the file's content (its name only breaks a tie: a text file
    is read as CSV whatever it is called); raises FileRefused for anything else."""
    if not data.strip():
        raise FileRefused(file_issue(_("Filen »%(name)s« er tom.") % {"name": name}))
    if data.startswith(OLE_MAGIC):
        raise FileRefused(
            file_issue(
                _(
                    "Filen »%(name)s« er i det gamle Excel-format (.xls). Gem den som »Excel-projektmappe (*.xlsx)« og prøv igen."
                )
                % {"name": name}
            )
        )
    if data.startswith(XLSX_MAGIC):
        kind = _zip_kind(data)
        if kind != "xlsx":
            raise FileRefused(_not_a_spreadsheet(name, kind))
        return "xlsx"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise FileRefused(_not_a_spreadsheet(name, kind))
    encoding = _text_encoding(data)
    if encoding:
        raise FileRefused(
            file_issue(
                _(
                    "Filen »%(name)s« er %(encoding)s; gem den som UTF-8 (i Excel: »CSV UTF-8 (kommasepareret)«), og prøv igen."
                )
                % {"name": name, "encoding": encoding}
            )
        )
    if b"\x00" in data[:4096]:
        raise FileRefused(_not_a_spreadsheet(name, "binary"))
    return "csv"


def is_csv(data: bytes, name: str) -> bool:
    """Whether ``data`` is read as CSV (raises FileRefused for what is neither CSV nor XLSX)."""
    return sniff(data, name) == "csv"


def _mb(size: int) -> int:
    return size // (1024 * 1024)


def _count_rows(archive, info) -> int:
    """How many rows a worksheet part holds, counted in its bytes as they unpack (far quicker
    than parsing them, and in constant memory)."""
    count = 0
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(1024 * 1024):
            count += (tail + chunk).count(b"<row")
            tail = chunk[-3:]
    return count


def check_archive(data: bytes, name: str, *, max_rows: int = MAX_ROWS) -> None:
    """Refuse an XLSX archive, before parsing it, whose parts are too many or would unpack to
    too much, or whose sheets have far more rows than ``max_rows``: raises FileRefused naming
    the limit."""
    import zipfile

    def refuse(message: str) -> FileRefused:
        return FileRefused(file_issue(message))

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise refuse(
            _(
                "Filen »%(name)s« kan ikke læses som en Excel-fil (.xlsx). Den er måske beskadiget eller i et andet format."
            )
            % {"name": name}
        ) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise refuse(
            _(
                "Filen »%(name)s« består af %(n)d dele; et Excel-ark har højst %(max)d. Filen er afvist. Gem den igen fra Excel som »Excel-projektmappe (*.xlsx)«."
            )
            % {"name": name, "n": len(infos), "max": MAX_ZIP_ENTRIES}
        )
    total = 0
    for info in infos:
        is_sheet = info.filename.startswith("xl/worksheets/")
        limit = MAX_PART_SIZE if is_sheet else MAX_SMALL_PART_SIZE
        total += info.file_size
        too_big = info.file_size > limit
        too_packed = info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        )
        if too_big or too_packed or total > MAX_UNZIPPED_SIZE:
            raise refuse(
                _(
                    "Filen »%(name)s« fylder %(size)d MB, når den pakkes ud (delen »%(part)s«); der er plads til %(max)d MB, og en del må højst være pakket %(ratio)d gange sammen. Filen er afvist. Del den op i mindre filer."
                )
                % {
                    "name": name,
                    "size": _mb(max(info.file_size, total)),
                    "part": info.filename,
                    "max": _mb(limit),
                    "ratio": MAX_RATIO,
                }
            )
    archive = zipfile.ZipFile(io.BytesIO(data))
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            if _count_rows(archive, info) > max_rows + BLANK_ROW_ALLOWANCE:
                raise refuse(
                    _(
                        "Filen »%(name)s« har et ark med flere end %(n)d rækker. Filen er afvist; del den op i mindre filer."
                    )
                    % {"name": name, "n": max_rows}
                )


def open_workbook(data: bytes, name: str, *, max_rows: int = MAX_ROWS):
    """The workbook in ``data``, opened to stream its rows, or an ImportIssue saying why it is
    not an XLSX file or is refused."""
    try:
        if sniff(data, name) != "xlsx":
            return None, file_issue(
                _(
                    "Filen »%(name)s« er ikke en Excel-fil (.xlsx). Hent skabelonen, udfyld den, og gem den som »Excel-projektmappe (*.xlsx)«."
                )
                % {"name": name}
            )
        check_archive(data, name, max_rows=max_rows)
    except FileRefused as refused:
        return None, refused.issue
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it drops
            # read_only streams rows from the archive; openpyxl parses with defusedxml.
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to read a user's file is the same answer
        return None, file_issue(
            _(
                "Filen »%(name)s« kan ikke læses som en Excel-fil (.xlsx). Den er måske beskadiget eller i et andet format."
            )
            % {"name": name}
        )
    return workbook, None


def norm(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


# A raw-cell check: called with (sheet title, row number, raw values) for every row of every
# sheet of a file, the header row included, before any cell is parsed; returns the issues it
# finds (the student import refuses anything shaped like a CPR number this way). A check may
# carry ``clears(text) -> bool``: True when nothing in a CSV file's whole decoded text can give
# an issue, so that file's rows are not checked one by one (its issues would be the same: none).
RawCheck = Callable[[str, int, tuple], Iterable[ImportIssue]]


def _xlsx_lines(ws) -> Iterator[tuple]:
    """A worksheet's rows as tuples of values, streamed; percentage-formatted numbers become
    Percent."""
    if hasattr(ws, "reset_dimensions"):
        # A read-only sheet trusts the size the file states; a wrong one would drop rows.
        ws.reset_dimensions()
    for cells in ws.iter_rows():
        yield tuple(
            Percent(cell.value)
            if isinstance(cell.value, int | float)
            and not isinstance(cell.value, bool)
            and "%" in (cell.number_format or "")
            else cell.value
            for cell in cells
        )


def bounded(
    title: str,
    lines: Iterable[tuple],
    *,
    max_rows: int,
    check: RawCheck | None = None,
    found: list[ImportIssue] | None = None,
    text: bool = False,
) -> Iterator[tuple]:
    """``lines`` checked against the limits as they are read: raises FileRefused at the first
    row past them (rows, columns, cell length). ``check`` sees every row; its issues go to
    ``found``. ``text``: every cell is a str (CSV), so one ``max`` finds a cell too long."""
    for number, cells in enumerate(lines, start=1):
        if number > max_rows and (
            number > max_rows + BLANK_ROW_ALLOWANCE
            or any(v is not None and (not isinstance(v, str) or v.strip()) for v in cells)
        ):
            raise FileRefused(
                ImportIssue(
                    title,
                    number,
                    "",
                    _(
                        "Arket har flere end %(n)d rækker. Filen er afvist; del den op i mindre filer."
                    )
                    % {"n": max_rows},
                )
            )
        if len(cells) > MAX_COLUMNS and any(v is not None for v in cells[MAX_COLUMNS:]):
            raise FileRefused(
                ImportIssue(
                    title,
                    number,
                    "",
                    _(
                        "Rækken har flere end %(n)d kolonner. Filen er afvist; slet de overflødige kolonner."
                    )
                    % {"n": MAX_COLUMNS},
                )
            )
        if not text or (cells and max(map(len, cells)) > MAX_CELL_LENGTH):
            for value in cells:
                if isinstance(value, str) and len(value) > MAX_CELL_LENGTH:
                    raise FileRefused(
                        ImportIssue(
                            title,
                            number,
                            "",
                            _(
                                "En celle har %(n)d tegn; der er højst plads til %(max)d tegn i en celle. Filen er afvist."
                            )
                            % {"n": len(value), "max": MAX_CELL_LENGTH},
                        )
                    )
        if check is not None and found is not None:
            found.extend(check(title, number, cells))
        yield cells


def read_sheets(
    workbook,
    sheets: Sequence[Sheet],
    *,
    required: Sequence[str] | None = None,
    check: RawCheck | None = None,
    reader: Callable = None,
) -> tuple[dict[str, list[Row]], list[ImportIssue]]:
    """Every data sheet's rows, parsed, and every problem found on the way. Sheets named in
    ``required`` (all, when None) must be present; the others may be left out. A file past a
    limit gives only the issue naming the limit. With ``check``, every row of every sheet
    (the format's or not) is checked raw, and only its issues are returned when it finds any."""
    try:
        return _read_sheets(workbook, sheets, required, check, reader or read_lines)
    except FileRefused as refused:
        return {}, [refused.issue]
    finally:
        if hasattr(workbook, "close"):
            workbook.close()


def _read_sheets(workbook, sheets, required, check, reader):
    issues: list[ImportIssue] = []
    checked: list[ImportIssue] = []
    result: dict[str, list[Row]] = {}
    by_name = {norm(ws.title): ws for ws in workbook.worksheets}
    limit = max((s.max_rows or MAX_ROWS) for s in sheets) if sheets else MAX_ROWS
    for sheet in sheets:
        ws = by_name.pop(norm(sheet.title), None)
        if ws is None:
            if required is None or sheet.title in required:
                issues.append(
                    file_issue(
                        _(
                            "Filen mangler arket »%(sheet)s«. Hent skabelonen for at se, hvilke ark og kolonner filen skal have."
                        )
                        % {"sheet": sheet.title}
                    )
                )
            continue
        lines = bounded(
            ws.title,
            _xlsx_lines(ws),
            max_rows=sheet.max_rows or MAX_ROWS,
            check=check,
            found=checked,
        )
        rows, sheet_issues = reader(sheet, lines)
        if check is not None:
            for _line in lines:  # the rest of the sheet, past where parsing stopped
                pass
        result[sheet.title] = rows
        issues.extend(sheet_issues)
    if check is not None:
        for ws in by_name.values():  # sheets of one's own are checked too
            for _line in bounded(
                ws.title, _xlsx_lines(ws), max_rows=limit, check=check, found=checked
            ):
                pass
    if checked:
        return {}, checked
    return result, issues


def decode_csv(data: bytes, name: str = "") -> str:
    """CSV text as Danish Excel writes it: UTF-8 (with or without BOM), else Windows-1252.
    Raises FileRefused for UTF-16 and UTF-32, naming the encoding."""
    if not data.startswith(b"\xef\xbb\xbf") and _text_encoding(data):
        sniff(data, name or "fil.csv")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_lines(text: str, title: str = "") -> Iterator[tuple]:
    """The rows of CSV text; a field longer than a cell may be raises FileRefused."""
    first = text.split("\n", 1)[0]
    delimiter = ";"
    if ";" not in first:
        if "\t" in first:
            delimiter = "\t"
        elif "," in first:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from map(tuple, reader)
    except csv.Error:
        # The csv module's own limit on a field (131.072 characters) or a broken quote.
        raise FileRefused(
            ImportIssue(
                title,
                reader.line_num,
                "",
                _(
                    'Linjen kan ikke læses: et felt er længere end %(max)d tegn, eller et anførselstegn (") er ikke lukket. Filen er afvist.'
                )
                % {"max": MAX_CELL_LENGTH},
            )
        ) from None


def read_csv(
    data: bytes,
    name: str,
    sheets: Sequence[Sheet],
    *,
    check: RawCheck | None = None,
    reader: Callable = None,
) -> tuple[dict[str, list[Row]], list[ImportIssue]]:
    """A CSV file holds one sheet: the one named by the file (»Forbrug.csv«), else the one whose
    headers it has."""
    try:
        return _read_csv(data, name, sheets, check, reader or read_lines)
    except FileRefused as refused:
        return {}, [refused.issue]


def _read_csv(data, name, sheets, check, reader):
    limit = max((s.max_rows or MAX_ROWS) for s in sheets) if sheets else MAX_ROWS
    checked: list[ImportIssue] = []
    text = decode_csv(data, name)
    clears = getattr(check, "clears", None)
    if clears is not None and clears(text):
        check = None  # nothing in the file can give an issue: no need to look row by row
    lines = bounded(
        name, csv_lines(text, name), max_rows=limit, check=check, found=checked, text=True
    )
    first = next(lines, None)
    if first is None or not any(str(v).strip() for v in first):
        return {}, [file_issue(_("Filen »%(name)s« er tom.") % {"name": name})]
    stem = norm(Path(name).stem)
    # »Forbrug.csv«, or an export's »budget-Forbrug.csv«
    sheet = next(
        (
            s
            for s in sheets
            if stem == norm(s.title) or re.search(rf"[-_ ]{re.escape(norm(s.title))}$", stem)
        ),
        None,
    )
    if sheet is None:
        header = {norm(h) for h in first}
        # of the sheets whose required columns are all there, the one with most of its columns
        complete = [
            s for s in sheets if all(norm(c.header) in header for c in s.columns if c.required)
        ]
        if complete:
            sheet = max(complete, key=lambda s: sum(norm(c.header) in header for c in s.columns))
    if sheet is None:
        for _line in lines:
            pass
        if checked:
            return {}, checked
        titles = ", ".join(f"»{s.title}«" for s in sheets)
        return {}, [
            file_issue(
                _(
                    "Det kan ikke ses, hvilket ark CSV-filen »%(name)s« svarer til. Giv filen arkets navn (%(titles)s), eller brug overskrifterne fra skabelonen i første række."
                )
                % {"name": name, "titles": titles}
            )
        ]
    rows, issues = reader(sheet, _chain_first(first, lines))
    for _line in lines:
        pass
    if checked:
        return {}, checked
    return {sheet.title: rows}, issues


def _chain_first(first: tuple, rest: Iterator[tuple]) -> Iterator[tuple]:
    yield first
    yield from rest


def _header_positions(sheet: Sheet, header: tuple) -> tuple[dict, dict, list, list]:
    """The position of each of ``sheet``'s columns in ``header``, the year columns' positions,
    the header's issues and the headers of missing columns."""
    issues: list[ImportIssue] = []
    positions: dict[str, int] = {}
    years: dict[str, int] = {}  # a year column's header text -> its position
    wanted = {norm(col.header): col for col in sheet.columns}
    for index, text in enumerate(header):
        column = wanted.get(norm(text))
        if column is None:
            header_text = " ".join(str(text if text is not None else "").split())
            if sheet.year_columns and YEAR_HEADER_RE.match(header_text):
                years[header_text] = index
            continue  # extra columns (notes of one's own) are ignored
        if column.key in positions:
            issues.append(
                ImportIssue(sheet.title, 1, column.header, _("Kolonnen står der to gange."))
            )
        positions[column.key] = index
    missing = [
        col.header for col in sheet.columns if col.key not in positions and not col.optional_header
    ]
    for name in missing:
        issues.append(
            ImportIssue(
                sheet.title, 1, name, _("Kolonnen mangler. Overskriften skal stå i række 1.")
            )
        )
    return positions, years, issues, missing


def read_lines(sheet: Sheet, lines: Iterator[tuple]) -> tuple[list[Row], list[ImportIssue]]:
    """Parse a sheet given as rows of raw values, the first being the headers."""
    header = next(lines, None) or ()
    positions, years, issues, missing = _header_positions(sheet, header)
    if missing:
        return [], issues

    absent = {col.key for col in sheet.columns if col.key not in positions}
    plan = [(col.key, positions.get(col.key), cell_reader(col)) for col in sheet.columns]
    year_positions = list(years.items())
    max_rows = sheet.max_rows or MAX_ROWS
    rows: list[Row] = []
    for number, cells in enumerate(lines, start=2):
        width = len(cells)
        values: dict[str, Any] = {}
        failed: list[tuple[str, str]] = []
        blank = True
        for key, position, read in plan:
            raw = cells[position] if position is not None and position < width else None
            if blank and raw is not None and not (raw.__class__ is str and _blank(raw)):
                blank = False
            try:
                values[key] = read(raw)
            except CellError as exc:
                failed.append((key, str(exc)))
        raw_years = (
            {
                header: blank_to_none(cells[pos]) if pos < width else None
                for header, pos in year_positions
            }
            if year_positions
            else {}
        )
        if blank and all(v is None for v in raw_years.values()):
            continue
        if number > max_rows:
            issues.append(
                ImportIssue(
                    sheet.title,
                    number,
                    "",
                    _("Arket har flere end %(n)d rækker.") % {"n": max_rows},
                )
            )
            break
        row = Row(sheet, number, values, set(), absent)
        for key, message in failed:
            row.bad.add(key)
            issues.append(row.issue(key, message))
        if sheet.year_columns:
            row.values["years"] = {h: v for h, v in raw_years.items() if v is not None}
        rows.append(row)
    return rows, issues


def _blank(text: str) -> bool:
    """What blank_to_none makes None."""
    return not text or text.isspace()


class Table:
    """A sheet read column by column (``read_table``): the row number of every row that is
    not blank, each column's values of those rows in the same order (None for a cell that
    could not be read), and the positions (in that order) of the rows with such a cell."""

    __slots__ = ("sheet", "numbers", "columns", "bad")

    def __init__(self, sheet: Sheet, numbers: list[int], columns: dict[str, list], bad: set[int]):
        self.sheet = sheet
        self.numbers = numbers
        self.columns = columns
        self.bad = bad

    def __len__(self) -> int:
        return len(self.numbers)

    def records(self, *keys: str) -> Iterator[tuple]:
        """(row number, value per key) of every row whose cells could all be read."""
        rows = zip(self.numbers, *(self.columns[key] for key in keys), strict=True)
        if not self.bad:
            return rows
        return compress(rows, [i not in self.bad for i in range(len(self.numbers))])

    @classmethod
    def from_rows(cls, sheet: Sheet, rows: list[Row]) -> Table:
        return cls(
            sheet,
            [row.number for row in rows],
            {col.key: [row.values.get(col.key) for row in rows] for col in sheet.columns},
            {i for i, row in enumerate(rows) if row.bad},
        )


def read_table(sheet: Sheet, lines: Iterator[tuple]) -> tuple[Table, list[ImportIssue]]:
    """``read_lines`` for a large sheet of a format without year columns, as a Table: the same
    rows, values and issues (in the same order), read a column at a time. A column of texts
    (or empty cells) whose kind depends on the text alone (PURE_KINDS, TEXT) is read once per
    distinct text, and its values picked per row in C (a file repeats its dates, numbers and
    codes over and over); other columns are read cell by cell. A sheet whose rows are shorter
    than its headers, or that runs past its row limit, is read by ``read_lines`` instead.
    Without rows when a column is missing (the issues say which)."""
    header = next(lines, None) or ()
    body = list(lines)
    positions, _years, issues, missing = _header_positions(sheet, header)
    if missing:
        return Table(sheet, [], {col.key: [] for col in sheet.columns}, set()), issues
    max_rows = sheet.max_rows or MAX_ROWS
    if (
        sheet.year_columns
        or len(body) + 1 > max_rows
        or (body and positions and min(map(len, body)) <= max(positions.values()))
    ):
        rows, issues = read_lines(sheet, _chain_first(header, iter(body)))
        return Table.from_rows(sheet, rows), issues
    if not body:
        return Table(sheet, [], {col.key: [] for col in sheet.columns}, set()), issues
    count = len(body)
    by_position = list(zip(*body, strict=False))  # rows longer than the shortest: extra cells
    values: dict[str, list] = {}
    blanks: list[list[bool] | None] = []  # per column: which rows are blank; None: none
    no_blank_row = False  # a column without a blank cell: no row is blank
    failed: list[tuple[int, int, str, str]] = []  # (row index, plan position, key, message)
    for place, column in enumerate(sheet.columns):
        position = positions.get(column.key)
        raws = by_position[position] if position is not None else (None,) * count
        read = cell_reader(column)
        kinds = set(map(type, raws))
        if kinds <= _TEXT_OR_NONE and (column.kind in PURE_KINDS or column.kind == TEXT):
            distinct = dict.fromkeys(raws)
            wrong: dict[Any, str] = {}
            for raw in distinct:
                try:
                    distinct[raw] = read(raw)
                except CellError as exc:
                    distinct[raw] = None
                    wrong[raw] = str(exc)
            values[column.key] = list(map(distinct.__getitem__, raws))
            if not no_blank_row:
                empty = {raw for raw in distinct if raw is None or not raw or raw.isspace()}
                no_blank_row = not empty
                blanks.append(list(map(empty.__contains__, raws)) if empty else None)
            if wrong:
                failed.extend(
                    (i, place, column.key, wrong[raw]) for i, raw in enumerate(raws) if raw in wrong
                )
        else:
            column_values = []
            for i, raw in enumerate(raws):
                try:
                    column_values.append(read(raw))
                except CellError as exc:
                    column_values.append(None)
                    failed.append((i, place, column.key, str(exc)))
            values[column.key] = column_values
            if not no_blank_row:
                flags = [raw is None or (raw.__class__ is str and _blank(raw)) for raw in raws]
                no_blank_row = not any(flags)
                blanks.append(flags if not no_blank_row else None)
    if blanks and not no_blank_row:
        keep = [not all(flags) for flags in zip(*blanks, strict=True)]
    else:
        keep = None  # no row is blank
    if keep is not None and not all(keep):
        values = {key: list(compress(column, keep)) for key, column in values.items()}
        kept = list(compress(range(count), keep))
        index = {i: n for n, i in enumerate(kept)}
        failed = [f for f in failed if keep[f[0]]]
    else:
        kept = range(count)
        index = None
    failed.sort()
    bad: set[int] = set()
    title = sheet.title
    for i, _place, key, message in failed:
        bad.add(index[i] if index is not None else i)
        issues.append(ImportIssue(title, i + 2, sheet.header(key), message))
    return Table(sheet, [i + 2 for i in kept], values, bad), issues


_TEXT_OR_NONE = {str, type(None)}


def read_file(
    data: bytes,
    name: str,
    file_format: FileFormat | Sequence[Sheet],
    *,
    required: Sequence[str] | None = None,
    check: RawCheck | None = None,
    reader: Callable = None,
) -> tuple[dict[str, list[Row]], list[ImportIssue]]:
    """Read an XLSX file (every sheet) or a CSV file (one sheet) of ``file_format``, within
    the limits; ``check`` sees every raw row first (see ``RawCheck``). ``reader`` reads each
    sheet (``read_lines``, the default: a list of Rows; ``read_table``: a Table)."""
    sheets = file_format.sheets if isinstance(file_format, FileFormat) else tuple(file_format)
    issue = too_large(data, name)
    if issue:
        return {}, [issue]
    try:
        kind = sniff(data, name)
    except FileRefused as refused:
        return {}, [refused.issue]
    if kind == "csv":
        return read_csv(data, name, sheets, check=check, reader=reader)
    max_rows = max((s.max_rows or MAX_ROWS) for s in sheets)
    workbook, issue = open_workbook(data, name, max_rows=max_rows)
    if issue:
        return {}, [issue]
    return read_sheets(workbook, sheets, required=required, check=check, reader=reader)


def read_files(
    files: Sequence[tuple[bytes, str]],
    file_format: FileFormat | Sequence[Sheet],
    *,
    required: Sequence[str] | None = None,
    check: RawCheck | None = None,
    reader: Callable = None,
) -> tuple[dict[str, list[Row]], list[ImportIssue]]:
    """Read several files (e.g. one CSV per sheet) as one: a sheet may come from one file only."""
    sheets: dict[str, list[Row]] = {}
    issues: list[ImportIssue] = []
    for data, name in files:
        found, more = read_file(
            data, name, file_format, required=required, check=check, reader=reader
        )
        issues.extend(more)
        for title, rows in found.items():
            if title in sheets:
                issues.append(
                    file_issue(
                        _("Arket »%(sheet)s« findes i flere af filerne; indlæs det kun én gang.")
                        % {"sheet": title}
                    )
                )
                continue
            sheets[title] = rows
    return sheets, issues


def blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    return value


def shown(value: Any) -> str:
    if isinstance(value, Percent):
        return value.as_text()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


# --- parsing cells ---------------------------------------------------------------------------


def parse_cell(column: Column, value: Any) -> Any:
    """The cell's value for ``column``; raises CellError with a Danish message."""
    if value is None:
        if column.required:
            raise CellError(_("Feltet skal udfyldes."))
        if column.kind == CHOICE:
            return column.default
        return EMPTY.get(column.kind, None)
    parser = PARSERS[column.kind]
    result = parser(column, value)
    if column.max_length and isinstance(result, str) and len(result) > column.max_length:
        raise CellError(
            _("Teksten er %(n)d tegn lang; der er plads til %(max)d.")
            % {"n": len(result), "max": column.max_length}
        )
    return result


def cell_reader(column: Column) -> Callable[[Any], Any]:
    """A reader of ``column``'s raw cells (``blank_to_none`` then ``parse_cell``), with what it
    needs looked up once rather than per cell: a choice column's codes and labels (in the active
    language), and, for the kinds in PURE_KINDS, the value of each distinct text (a large file
    repeats the same dates, numbers and codes hundreds of thousands of times; remembered per
    column and language, at most MEMO_SIZE texts each). A cell that cannot be read raises its
    CellError every time; only values are remembered."""
    if column.kind == CHOICE and column.choices is not None:
        lookup = _choice_lookup(column.choices)
        longest = column.max_length

        def parse(value: Any) -> Any:
            if value is not None:
                code = lookup.get(norm(value))
                if code is not None and not (longest and len(code) > longest):
                    return code
            return parse_cell(column, value)  # empty cells and the Danish messages

    else:
        parse = partial(parse_cell, column)
    if column.kind == TEXT:
        return partial(_read_text, column.max_length, parse)
    if column.kind not in PURE_KINDS:
        return lambda raw: parse(blank_to_none(raw))
    memo = _MEMOS.setdefault((column, get_language()), {})

    def read(raw: Any) -> Any:
        if raw.__class__ is not str:  # None, or a spreadsheet's number, date or bool
            return parse(blank_to_none(raw))
        value = memo.get(raw, _UNREAD)
        if value is _UNREAD:
            value = parse(blank_to_none(raw))
            if len(memo) < MEMO_SIZE:
                memo[raw] = value
        return value

    return read


def _read_text(limit: int | None, parse: Callable[[Any], Any], raw: Any) -> Any:
    """``parse(blank_to_none(raw))`` for a TEXT column, with a text read directly: stripped,
    unguarded (csv_unguard), within ``limit``; anything else (and every message) from parse."""
    if raw.__class__ is not str:
        return parse(blank_to_none(raw))
    text = raw.strip()
    if not text:
        return parse(None)
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    value = csv_unguard(text)
    if limit and len(value) > limit:
        return parse(text)  # raises the message
    return value


def parse_text(column: Column, value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        raise CellError(
            _("Cellen indeholder en dato, men her skal stå tekst. Formatér kolonnen som tekst.")
        )
    return csv_unguard(shown(value))  # our CSV writes '=… for a text that starts with =…


def parse_code(column: Column, value: Any) -> str:
    if isinstance(value, bool) or isinstance(value, dt.datetime | dt.date):
        raise CellError(
            _(
                "Nummeret er blevet til en dato eller en sandhedsværdi i Excel. Formatér kolonnen som tekst, og skriv nummeret igen."
            )
        )
    if isinstance(value, float) and not value.is_integer():
        raise CellError(
            _(
                "Nummeret er gemt som tallet %(value)s i Excel, så fx »2.10« ikke kan skelnes fra »2.1«. Formatér kolonnen som tekst, og skriv nummeret igen."
            )
            % {"value": repr(float(value))}
        )
    text = shown(value)
    if not CODE_RE.match(text):
        raise CellError(
            _(
                "»%(value)s« er ikke et gyldigt nummer. Brug bogstaver, tal, punktum og bindestreg, fx »1.1« eller »2.10«."
            )
            % {"value": text}
        )
    return text


def parse_key(column: Column, value: Any) -> str:
    text = shown(value).strip()
    if not KEY_RE.match(text):
        raise CellError(
            _(
                "»%(value)s« er ikke en gyldig nøgle. Brug små bogstaver a-z, tal og _, og begynd med et bogstav, fx »timepris_frikob«."
            )
            % {"value": text}
        )
    return text


def whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"[+]?\d+", value.strip()):
        return int(value)
    return None


def parse_int(column: Column, value: Any) -> int:
    number = whole(value)
    if number is None or number < 1:
        raise CellError(
            _("»%(value)s« er ikke et helt tal på 1 eller derover.") % {"value": shown(value)}
        )
    if column.max_value is not None and number > column.max_value:
        raise CellError(
            _("Tallet skal være et helt tal fra 1 til %(max)d.") % {"max": column.max_value}
        )
    return number


def parse_year(column: Column, value: Any) -> int:
    year = whole(value)
    if year is None:
        raise CellError(_("»%(value)s« er ikke et årstal.") % {"value": shown(value)})
    if not 1990 <= year <= 2100:
        raise CellError(_("Året %(year)d ligger ikke mellem 1990 og 2100.") % {"year": year})
    return year


def parse_money(value: Any) -> Decimal:
    """A non-negative amount in kroner from a cell; raises CellError."""
    if isinstance(value, bool | dt.date | dt.datetime):
        raise CellError(_("»%(value)s« kan ikke læses som et beløb.") % {"value": shown(value)})
    try:
        amount = parse_amount(value)
    except AmountParseError as exc:
        raise CellError(
            _(
                "»%(value)s« kan ikke læses som et beløb. Skriv fx »1.008.000 kr.«, »201,60« eller »7,339 mio. kr.«."
            )
            % {"value": shown(value)}
        ) from exc
    if amount < 0:
        raise CellError(_("Beløbet kan ikke være negativt."))
    if abs(amount) >= MAX_NUMBER:
        raise CellError(_("Beløbet er for stort."))
    return amount


def parse_amount_cell(column: Column, value: Any) -> Decimal:
    return parse_money(value)


def parse_number_cell(column: Column, value: Any) -> Decimal:
    if isinstance(value, bool | dt.date | dt.datetime):
        raise CellError(_("»%(value)s« kan ikke læses som et tal.") % {"value": shown(value)})
    try:
        number = parse_number(value)
    except AmountParseError as exc:
        raise CellError(
            _("»%(value)s« kan ikke læses som et tal. Skriv fx »100«, »201,60« eller »0,25«.")
            % {"value": shown(value)}
        ) from exc
    if number < 0:
        raise CellError(_("Værdien kan ikke være negativ."))
    if abs(number) >= MAX_NUMBER:
        raise CellError(_("Værdien er for stor."))
    if number != number.quantize(FOUR_DECIMALS):
        if isinstance(value, float):
            # A spreadsheet number such as 0.1234567 from a calculation: keep 4 decimals.
            return number.quantize(FOUR_DECIMALS)
        raise CellError(_("»%(value)s« har flere end 4 decimaler.") % {"value": shown(value)})
    return number


_CHOICE_LOOKUPS: dict[tuple[type, str | None], dict[str, str]] = {}


def _choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    """{normalised code or label: code}, built once per set of choices and language (a large
    file reads the same few choices hundreds of thousands of times)."""
    key = (choices, get_language())
    lookup = _CHOICE_LOOKUPS.get(key)
    if lookup is None:
        lookup = {}
        for code, label in reversed(choices.choices):
            lookup[norm(label)] = code
            lookup[norm(code)] = code
        _CHOICE_LOOKUPS[key] = lookup
    return lookup


def parse_choice(column: Column, value: Any) -> str:
    text = norm(value)
    assert column.choices is not None
    code = _choice_lookup(column.choices).get(text)
    if code is not None:
        return code
    raise CellError(
        _("»%(value)s« er ikke en gyldig værdi. Brug en af: %(labels)s.")
        % {
            "value": shown(value),
            "labels": ", ".join(f"»{label}«" for label in column.choices.labels),
        }
    )


def parse_date(column: Column, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        day = read_date(value)  # DATE_FORMATS, without strptime
        if day is not None:
            return day
    raise CellError(
        _("»%(value)s« kan ikke læses som en dato. Skriv fx »01-01-2020«.")
        % {"value": shown(value)}
    )


# Kinds whose value depends on the cell's text alone (and the active language): a sheet reads
# each distinct text of such a column once (cell_reader). register_kind(pure=True) adds one.
PURE_KINDS = {INT, YEAR, AMOUNT, NUMBER, CHOICE, DATE}
MEMO_SIZE = 20_000  # distinct texts remembered per column and language
_MEMOS: dict[tuple[Column, str | None], dict[str, Any]] = {}
_UNREAD = object()

PARSERS: dict[str, Callable[[Column, Any], Any]] = {
    TEXT: parse_text,
    CODE: parse_code,
    KEY: parse_key,
    INT: parse_int,
    YEAR: parse_year,
    AMOUNT: parse_amount_cell,
    NUMBER: parse_number_cell,
    CHOICE: parse_choice,
    DATE: parse_date,
}
# What an empty, optional cell reads as, per kind (None when not listed).
EMPTY: dict[str, Any] = {TEXT: ""}
NUMBER_FORMATS: dict[str, str] = {
    CODE: "@",
    KEY: "@",
    TEXT: "@",
    CHOICE: "@",
    INT: "0",
    YEAR: "0",
    AMOUNT: "#,##0.00",
    NUMBER: "General",
    DATE: "dd-mm-yyyy",
}


def register_kind(
    kind: str,
    parser: Callable[[Column, Any], Any],
    *,
    number_format: str = "@",
    empty: Any = None,
    pure: bool = False,
) -> str:
    """Add a kind of cell with its parser, its spreadsheet number format and what an empty
    optional cell reads as. ``pure``: the parser's value depends on the cell's text alone (and
    the active language) and is immutable, so a sheet reads each distinct text once."""
    PARSERS[kind] = parser
    if pure:
        PURE_KINDS.add(kind)
    NUMBER_FORMATS[kind] = number_format
    if empty is not None:
        EMPTY[kind] = empty
    return kind


# --- writing files ---------------------------------------------------------------------------

MAX_ROW = 1_048_576


def spreadsheet_number(value: Decimal | None) -> int | Decimal | None:
    """A Decimal as a spreadsheet number: whole numbers as int, others without trailing zeros."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def _cell_value(column: Column, value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value == "":
        return None
    if column.kind == CHOICE and column.choices is not None:
        return str(column.choices(value).label)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _header_style():
    from openpyxl.styles import Font, PatternFill

    return Font(bold=True), PatternFill("solid", fgColor="DDE4EE")


def _write_sheet(wb, sheet: Sheet, rows: list[dict[str, Any]]) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    font, fill = _header_style()
    ws = wb.create_sheet(sheet.title)
    for col, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=col, value=column.header)
        cell.font = font
        cell.fill = fill
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = column.width
        ws.column_dimensions[letter].number_format = NUMBER_FORMATS[column.kind]
        if column.kind == CHOICE and column.choices is not None:
            labels = ",".join(str(label) for label in column.choices.labels)
            dv = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
            # Codes are accepted too, so Excel suggests the labels but does not refuse others.
            dv.showErrorMessage = False
            dv.add(f"{letter}2:{letter}{MAX_ROW}")
            ws.add_data_validation(dv)
    for r, row in enumerate(rows, start=2):
        for col, column in enumerate(sheet.columns, start=1):
            value = _cell_value(column, row.get(column.key))
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula, even when it starts with "="
            cell.number_format = NUMBER_FORMATS[column.kind]
            if column.kind == TEXT and isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(rows) + 1}"


def _write_guide(wb, file_format: FileFormat) -> None:
    from openpyxl.styles import Alignment, Font

    font, fill = _header_style()
    ws = wb.create_sheet(file_format.guide_title)
    ws.cell(row=1, column=1, value=file_format.guide_heading).font = Font(bold=True, size=14)
    r = 2
    for paragraph in file_format.guide_intro:
        ws.cell(row=r, column=1, value=paragraph)
        r += 1
    r += 1
    headers = [
        "Ark",
        "Kolonne",
        "Skal udfyldes",
        "Format og tilladte værdier",
        "Eksempel",
        "Forklaring",
    ]
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=r, column=col, value=header)
        cell.font = font
        cell.fill = fill
    for sheet in file_format.sheets:
        r += 1
        ws.cell(row=r, column=1, value=sheet.title).font = font
        ws.cell(row=r, column=6, value=sheet.help).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
        for column in sheet.columns:
            r += 1
            values = [
                sheet.title,
                column.header,
                "Ja" if column.required else "Nej",
                column.format_text,
                column.example,
                column.help,
            ]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=col, value=value)
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (14, 18, 13, 60, 30, 60), strict=True):
        ws.column_dimensions[letter].width = width


def workbook_bytes(file_format: FileFormat, rows: dict[str, list[dict[str, Any]]]) -> bytes:
    """An XLSX file with every sheet of the format (``rows`` by sheet title) and the guide."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in file_format.sheets:
        _write_sheet(wb, sheet, rows.get(sheet.title, []))
    _write_guide(wb, file_format)
    for ws in wb.worksheets:
        Book.print_setup(ws)
    return spreadsheet.workbook_bytes(wb)  # checks that no cell is a formula


def _csv_value(column: Column, value: Any) -> str:
    if value is None or value == "":
        return ""
    if column.kind == CHOICE and column.choices is not None:
        return csv_text(str(column.choices(value).label))
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format(Decimal(value), "f").replace(".", ",")  # a number, never guarded
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return csv_text(str(value))  # a text that would run as a formula gets an apostrophe


def csv_files(
    file_format: FileFormat, rows: dict[str, list[dict[str, Any]]], stem: str
) -> list[tuple[str, bytes]]:
    """An export as one CSV per sheet, named »<stem>-<sheet>.csv«: the import reads them
    together (by their names) as it reads the workbook."""
    return [
        (f"{stem}-{sheet.title}.csv", csv_bytes(sheet, rows.get(sheet.title, [])))
        for sheet in file_format.sheets
    ]


def csv_bytes(sheet: Sheet, rows: list[dict[str, Any]] = ()) -> bytes:
    """One sheet as CSV the way Danish Excel reads it: UTF-8 with BOM, semicolons, decimal
    comma."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(c.header) for c in sheet.columns])
    for row in rows:
        writer.writerow([_csv_value(c, row.get(c.key)) for c in sheet.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
