"""Helpers shared by the report renderers: PDF through WeasyPrint, XLSX cells, Danish dates
and file names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify

from indsats.calc.danish import format_kr, to_ore

MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]  # fmt: skip

# Number format for amounts in whole kroner, Danish style in a Danish Excel.
KR_FORMAT = '#,##0 "kr."'
KR_FORMAT_ORE = '#,##0.00 "kr."'

MINUS = "\u2212"


def danish_date(day: dt.date) -> str:
    """``22. november 2025``"""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def signed_kr(value: Decimal) -> str:
    """An amount with its sign written out: ``−200 kr.``, ``+5.484,80 kr.``"""
    if value < 0:
        return MINUS + format_kr(-value)
    if value > 0:
        return "+" + format_kr(value)
    return format_kr(value)


def kr_minus(value: Decimal) -> str:
    """``−311.500 kr.``: a negative amount with a typographic minus."""
    text = format_kr(value)
    return MINUS + text[1:] if text.startswith("-") else text


def report_filename(kind: str, organisation, extension: str, year: int | None = None) -> str:
    """``prioritering-ballerup-2020.pdf``, ``beskrivelser-ballerup.docx``"""
    parts = [kind, slugify(organisation.slug)]
    if year is not None:
        parts.append(str(year))
    return "-".join(parts) + "." + extension


def pdf_from_template(template: str, context: dict) -> bytes:
    """Render a Django template to HTML and the HTML to PDF. Relative URLs (fonts, images)
    resolve against the project's static folder."""
    from weasyprint import HTML

    static = Path(settings.BASE_DIR, "static")
    fonts = static / "vendor" / "dkfds" / "fonts" / "IBMPlexSans" / "complete" / "woff2"
    context = {**context, "vendored_fonts": (fonts / "IBMPlexSans-Regular.woff2").exists()}
    html = render_to_string(template, context)
    base_url = static.as_uri() + "/"
    return HTML(string=html, base_url=base_url).write_pdf()


def excel_amount(value: Decimal | None) -> int | Decimal | None:
    """An amount as a numeric cell value, exact: whole kroner as int, øre kept as Decimal
    (openpyxl writes the Decimal's own digits, never a binary float expansion)."""
    if value is None:
        return None
    value = to_ore(Decimal(value))
    if value == value.to_integral_value():
        return int(value)
    return value


def amount_format(value: Decimal | None) -> str:
    if value is None:
        return KR_FORMAT
    value = to_ore(Decimal(value))
    return KR_FORMAT if value == value.to_integral_value() else KR_FORMAT_ORE


def nowrap_amounts(text: str) -> str:
    """Keep ``1.008.000 kr.`` on one line and break a range only after its dash."""
    return text.replace(" kr.", "\u00a0kr.").replace(" – ", "\u00a0– ")
