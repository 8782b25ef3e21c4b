"""Write the catalogue of an organisation as an XLSX file in the import format."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indsats.organisations.models import Organisation, Parameter

from ..selectors import initiative_queryset
from . import columns as c

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
NUMBER_FORMATS = {
    c.CODE: "@",
    c.KEY: "@",
    c.TEXT: "@",
    c.CHOICE: "@",
    c.KL: "@",
    c.INT: "0",
    c.YEAR: "0",
    c.AMOUNT: "#,##0.00",
    c.NUMBER: "General",
    c.DATE: "dd-mm-yyyy",
}
MAX_ROW = 1_048_576


def _number(value: Decimal | None) -> int | Decimal | None:
    """A Decimal as a spreadsheet number: whole numbers as int, others without trailing zeros."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def catalogue_rows(organisation: Organisation) -> dict[str, list[dict[str, Any]]]:
    """The organisation's catalogue as rows per sheet, keyed by column key. Reads in a fixed
    number of queries."""
    initiatives: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    factors: list[dict[str, Any]] = []
    scenarios: list[dict[str, Any]] = []
    for initiative in initiative_queryset(organisation).order_by(
        "theme__order", "theme__name", "code"
    ):
        code = initiative.code
        scenario_list = list(initiative.scenarios.all())
        selected = next(
            (s.name for s in scenario_list if s.pk == initiative.selected_scenario_id), None
        )
        initiatives.append(
            {
                "code": code,
                "title": initiative.title,
                "description": initiative.description,
                "purpose": initiative.purpose,
                "theme": initiative.theme.name,
                "focus_area": initiative.focus_area.name if initiative.focus_area else None,
                "target_group": initiative.target_group,
                "professions": initiative.professions,
                "unit": initiative.unit.name if initiative.unit else None,
                "priority_step": initiative.priority_step,
                "funding": initiative.funding,
                "kl": ", ".join(
                    f"KL{n}" for n in sorted(r.number for r in initiative.kl_recommendations.all())
                ),
                "state": initiative.state,
                "start_year": initiative.start_year,
                "end_year": initiative.end_year,
                "selected": selected,
            }
        )
        for number, line in c.numbered_lines(initiative.cost_lines.all()):
            lines.append(
                {
                    "code": code,
                    "number": number,
                    "label": line.label,
                    "category": line.category,
                    "recurrence": line.recurrence,
                    "year": line.year,
                    "start_year": line.start_year,
                    "end_year": line.end_year,
                    "stated": _number(line.stated_amount),
                    "note": line.note,
                }
            )
            for factor in line.factors.all():
                factors.append(
                    {
                        "code": code,
                        "number": number,
                        "key": factor.key,
                        "label": factor.label,
                        "unit": factor.unit,
                        "value": _number(factor.value),
                        "parameter": factor.parameter.key if factor.parameter_id else None,
                    }
                )
        for scenario in scenario_list:
            for value in scenario.values.all():
                scenarios.append(
                    {
                        "code": code,
                        "name": scenario.name,
                        "key": value.key,
                        "value": _number(value.value),
                    }
                )
    parameters = [
        {
            "key": p.key,
            "name": p.name,
            "unit": p.unit,
            "valid_from": v.valid_from,
            "value": _number(v.value),
        }
        for p in Parameter.objects.filter(organisation=organisation)
        .prefetch_related("values")
        .order_by("key")
        for v in sorted(p.values.all(), key=lambda v: v.valid_from)
    ]
    return {
        c.INITIATIVES.title: initiatives,
        c.COST_LINES.title: lines,
        c.FACTORS.title: factors,
        c.SCENARIOS.title: scenarios,
        c.PARAMETERS.title: parameters,
    }


def _cell_value(column: c.Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column.kind == c.CHOICE and column.choices is not None:
        return str(column.choices(value).label)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _write_sheet(wb: Workbook, sheet: c.Sheet, rows: list[dict[str, Any]]) -> None:
    ws = wb.create_sheet(sheet.title)
    for col, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=col, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = column.width
        ws.column_dimensions[letter].number_format = NUMBER_FORMATS[column.kind]
        if column.kind == c.CHOICE and column.choices is not None:
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
            if column.kind == c.TEXT and isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(rows) + 1}"


def _write_guide(wb: Workbook) -> None:
    ws = wb.create_sheet(c.GUIDE_TITLE)
    ws.cell(row=1, column=1, value="Vejledning til indsatskataloget").font = Font(
        bold=True, size=14
    )
    r = 2
    for paragraph in c.GUIDE_INTRO:
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
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for sheet in c.SHEETS:
        r += 1
        ws.cell(row=r, column=1, value=sheet.title).font = HEADER_FONT
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


def _workbook_bytes(rows: dict[str, list[dict[str, Any]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in c.SHEETS:
        _write_sheet(wb, sheet, rows.get(sheet.title, []))
    _write_guide(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def catalogue_export(organisation: Organisation) -> bytes:
    """The organisation's catalogue as XLSX, in the columns the import reads."""
    return _workbook_bytes(catalogue_rows(organisation))


def catalogue_template() -> bytes:
    """An empty catalogue: the sheets with their headers, dropdowns and the guide."""
    return _workbook_bytes({})
