"""Read the catalogue file: open the workbook, find the sheets and columns, and turn each cell
into a Python value or a Danish message saying why it cannot be read."""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from indsats.calc.danish import AmountParseError, parse_amount, parse_number

from ..models import code_validator
from . import columns as c

MAX_ROWS = 20_000
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
CODE_RE = re.compile(code_validator.regex.pattern)
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
KL_RE = re.compile(r"^(?:KL)?\s*(\d+)$", re.IGNORECASE)
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")
MAX_NUMBER = Decimal(10) ** 12
FOUR_DECIMALS = Decimal("0.0001")


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


class CellError(ValueError):
    """A cell that cannot be read; the message is Danish."""


@dataclass
class Row:
    """One row of a sheet: the parsed value per column key, and where it came from."""

    sheet: c.Sheet
    number: int
    values: dict[str, Any]
    bad: set[str]  # column keys whose cell could not be read

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def ok(self, *keys: str) -> bool:
        return not self.bad.intersection(keys)

    def issue(self, key: str, message: str) -> ImportIssue:
        return ImportIssue(self.sheet.title, self.number, self.sheet.header(key), message)


def file_issue(message: str) -> ImportIssue:
    return ImportIssue("", None, "", message)


def open_workbook(data: bytes, name: str):
    """The workbook in ``data``, or an ImportIssue saying why it is not an XLSX file."""
    if data.startswith(OLE_MAGIC):
        return None, file_issue(
            _(
                "Filen »%(name)s« er i det gamle Excel-format (.xls). Gem den som »Excel-projektmappe (*.xlsx)« og prøv igen."
            )
            % {"name": name}
        )
    if not data.startswith(XLSX_MAGIC):
        return None, file_issue(
            _(
                "Filen »%(name)s« er ikke en Excel-fil (.xlsx). Hent skabelonen, udfyld den, og gem den som »Excel-projektmappe (*.xlsx)«."
            )
            % {"name": name}
        )
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it drops
            workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001 - any failure to read a user's file is the same answer
        return None, file_issue(
            _(
                "Filen »%(name)s« kan ikke læses som en Excel-fil (.xlsx). Den er måske beskadiget eller i et andet format."
            )
            % {"name": name}
        )
    return workbook, None


def _norm(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def read_sheets(workbook) -> tuple[dict[str, list[Row]], list[ImportIssue]]:
    """Every data sheet's rows, parsed, and every problem found on the way."""
    issues: list[ImportIssue] = []
    result: dict[str, list[Row]] = {}
    by_name = {_norm(ws.title): ws for ws in workbook.worksheets}
    for sheet in c.SHEETS:
        ws = by_name.get(_norm(sheet.title))
        if ws is None:
            issues.append(
                file_issue(
                    _(
                        "Filen mangler arket »%(sheet)s«. Hent skabelonen for at se, hvilke ark og kolonner filen skal have."
                    )
                    % {"sheet": sheet.title}
                )
            )
            continue
        rows, sheet_issues = _read_sheet(sheet, ws)
        result[sheet.title] = rows
        issues.extend(sheet_issues)
    return result, issues


def _read_sheet(sheet: c.Sheet, ws) -> tuple[list[Row], list[ImportIssue]]:
    issues: list[ImportIssue] = []
    lines = ws.iter_rows(values_only=True)
    header = next(lines, None) or ()
    positions: dict[str, int] = {}
    wanted = {_norm(col.header): col for col in sheet.columns}
    for index, text in enumerate(header):
        column = wanted.get(_norm(text))
        if column is None:
            continue  # extra columns (notes of one's own) are ignored
        if column.key in positions:
            issues.append(
                ImportIssue(sheet.title, 1, column.header, _("Kolonnen står der to gange."))
            )
        positions[column.key] = index
    missing = [col.header for col in sheet.columns if col.key not in positions]
    for name in missing:
        issues.append(
            ImportIssue(
                sheet.title, 1, name, _("Kolonnen mangler. Overskriften skal stå i række 1.")
            )
        )
    if missing:
        return [], issues
    rows: list[Row] = []
    for number, cells in enumerate(lines, start=2):
        raw = {
            col.key: _blank_to_none(
                cells[positions[col.key]] if positions[col.key] < len(cells) else None
            )
            for col in sheet.columns
        }
        if all(v is None for v in raw.values()):
            continue
        if number > MAX_ROWS:
            issues.append(
                ImportIssue(
                    sheet.title,
                    number,
                    "",
                    _("Arket har flere end %(n)d rækker.") % {"n": MAX_ROWS},
                )
            )
            break
        row = Row(sheet, number, {}, set())
        for column in sheet.columns:
            try:
                row.values[column.key] = parse_cell(column, raw[column.key])
            except CellError as exc:
                row.bad.add(column.key)
                issues.append(row.issue(column.key, str(exc)))
        rows.append(row)
    return rows, issues


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    return value


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y")
    return str(value)


def parse_cell(column: c.Column, value: Any) -> Any:
    """The cell's value for ``column``; raises CellError with a Danish message."""
    if value is None:
        if column.required:
            raise CellError(_("Feltet skal udfyldes."))
        if column.kind == c.CHOICE:
            return column.default
        if column.kind == c.KL:
            return ()
        return "" if column.kind == c.TEXT else None
    parser = PARSERS[column.kind]
    result = parser(column, value)
    if column.max_length and isinstance(result, str) and len(result) > column.max_length:
        raise CellError(
            _("Teksten er %(n)d tegn lang; der er plads til %(max)d.")
            % {"n": len(result), "max": column.max_length}
        )
    return result


def _text(column: c.Column, value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        raise CellError(
            _("Cellen indeholder en dato, men her skal stå tekst. Formatér kolonnen som tekst.")
        )
    return _shown(value)


def _code(column: c.Column, value: Any) -> str:
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
            % {"value": repr(value)}
        )
    text = _shown(value)
    if not CODE_RE.match(text):
        raise CellError(
            _(
                "»%(value)s« er ikke et gyldigt nummer. Brug bogstaver, tal, punktum og bindestreg, fx »1.1« eller »2.10«."
            )
            % {"value": text}
        )
    return text


def _key(column: c.Column, value: Any) -> str:
    text = _shown(value).strip()
    if not KEY_RE.match(text):
        raise CellError(
            _(
                "»%(value)s« er ikke en gyldig nøgle. Brug små bogstaver a-z, tal og _, og begynd med et bogstav, fx »timepris_frikob«."
            )
            % {"value": text}
        )
    return text


def _int(column: c.Column, value: Any) -> int:
    number = _whole(value)
    if number is None or number < 1:
        raise CellError(
            _("»%(value)s« er ikke et helt tal på 1 eller derover.") % {"value": _shown(value)}
        )
    if column.key == "priority_step" and number > 20:
        raise CellError(_("Trinnet skal være et helt tal fra 1 til 20."))
    return number


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"[+]?\d+", value.strip()):
        return int(value)
    return None


def _year(column: c.Column, value: Any) -> int:
    year = _whole(value)
    if year is None:
        raise CellError(_("»%(value)s« er ikke et årstal.") % {"value": _shown(value)})
    if not 1990 <= year <= 2100:
        raise CellError(_("Året %(year)d ligger ikke mellem 1990 og 2100.") % {"year": year})
    return year


def _amount(column: c.Column, value: Any) -> Decimal:
    if isinstance(value, bool | dt.date | dt.datetime):
        raise CellError(_("»%(value)s« kan ikke læses som et beløb.") % {"value": _shown(value)})
    try:
        amount = parse_amount(value)
    except AmountParseError as exc:
        raise CellError(
            _(
                "»%(value)s« kan ikke læses som et beløb. Skriv fx »1.008.000 kr.«, »201,60« eller »7,339 mio. kr.«."
            )
            % {"value": _shown(value)}
        ) from exc
    if amount < 0:
        raise CellError(_("Beløbet kan ikke være negativt."))
    if abs(amount) >= MAX_NUMBER:
        raise CellError(_("Beløbet er for stort."))
    return amount


def _number(column: c.Column, value: Any) -> Decimal:
    if isinstance(value, bool | dt.date | dt.datetime):
        raise CellError(_("»%(value)s« kan ikke læses som et tal.") % {"value": _shown(value)})
    try:
        number = parse_number(value)
    except AmountParseError as exc:
        raise CellError(
            _("»%(value)s« kan ikke læses som et tal. Skriv fx »100«, »201,60« eller »0,25«.")
            % {"value": _shown(value)}
        ) from exc
    if number < 0:
        raise CellError(_("Værdien kan ikke være negativ."))
    if abs(number) >= MAX_NUMBER:
        raise CellError(_("Værdien er for stor."))
    if number != number.quantize(FOUR_DECIMALS):
        if isinstance(value, float):
            # A spreadsheet number such as 0.1234567 from a calculation: keep 4 decimals.
            return number.quantize(FOUR_DECIMALS)
        raise CellError(_("»%(value)s« har flere end 4 decimaler.") % {"value": _shown(value)})
    return number


def _choice(column: c.Column, value: Any) -> str:
    text = _norm(value)
    assert column.choices is not None
    for code, label in column.choices.choices:
        if text in {_norm(code), _norm(label)}:
            return code
    raise CellError(
        _("»%(value)s« er ikke en gyldig værdi. Brug en af: %(labels)s.")
        % {
            "value": _shown(value),
            "labels": ", ".join(f"»{label}«" for label in column.choices.labels),
        }
    )


def _kl(column: c.Column, value: Any) -> tuple[int, ...]:
    parts = [_shown(value)] if not isinstance(value, str) else re.split(r"[,;/\n]+", value)
    numbers = set()
    for part in parts:
        part = part.strip()
        if not part:
            continue
        match = KL_RE.match(part)
        if not match or not 1 <= int(match.group(1)) <= 38:
            raise CellError(
                _(
                    "»%(value)s« er ikke en KL-anbefaling. Skriv numrene fra KL1 til KL38 adskilt af komma, fx »KL20, KL35«."
                )
                % {"value": part}
            )
        numbers.add(int(match.group(1)))
    return tuple(sorted(numbers))


def _date(column: c.Column, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    raise CellError(
        _("»%(value)s« kan ikke læses som en dato. Skriv fx »01-01-2020«.")
        % {"value": _shown(value)}
    )


PARSERS = {
    c.TEXT: _text,
    c.CODE: _code,
    c.KEY: _key,
    c.INT: _int,
    c.YEAR: _year,
    c.AMOUNT: _amount,
    c.NUMBER: _number,
    c.CHOICE: _choice,
    c.KL: _kl,
    c.DATE: _date,
}
