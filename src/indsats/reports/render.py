"""Helpers shared by the report renderers: PDF through WeasyPrint, XLSX cells, Danish dates
and file names."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language

from indsats.calc.danish import format_kr, to_ore

MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]  # fmt: skip
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip

# Number format for amounts in whole kroner, Danish style in a Danish Excel.
KR_FORMAT = '#,##0 "kr."'
KR_FORMAT_ORE = '#,##0.00 "kr."'

MINUS = "\u2212"


def danish_date(day: dt.date, language: str | None = None) -> str:
    """A report's long date in the active language (or ``language``): ``22. november 2025`` in
    Danish (the default), ``22 November 2025`` in English."""
    if ((language if language is not None else get_language()) or "da").startswith("en"):
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
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
    fonts = static / "vendor" / "dkfds" / "fonts" / "IBMPlexSans" / "complete" / "ttf"
    context = {**context, "vendored_fonts": (fonts / "IBMPlexSans-Bold.ttf").exists()}
    html = render_to_string(template, context)
    base_url = static.as_uri() + "/"
    # Tagged (PDF/UA-minded): a structure tree with headings, tables and their header cells,
    # the language from <html lang> and the title from <title>.
    return HTML(string=html, base_url=base_url).write_pdf(pdf_tags=True)


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
    """Keep ``1.008.000 kr.`` and ``41,5 %`` on one line and break a range only after its
    dash."""
    return text.replace(" kr.", "\u00a0kr.").replace(" %", "\u00a0%").replace(" – ", "\u00a0– ")


# --- DOCX (python-docx is imported lazily: only the DOCX downloads need it) ---------------

DOCX_BLUE = "0059B3"
DOCX_DARK = "1A1A1A"
DOCX_MUTED = "595959"


_FONT_FAMILY = re.compile(r'font-family="[^"]*"')


def svg_to_png(svg: str, *, scale: float = 2) -> bytes:
    """A chart's SVG as PNG, ``scale`` times its own pixel size, for documents that cannot
    embed SVG (Word). CairoSVG takes only the first family of a font-family list and cairo
    does not fall back along it, so the charts' list is replaced by Arial, the font the Word
    reports are set in (fontconfig gives the metric-compatible Liberation Sans on Linux)."""
    import cairosvg

    svg = _FONT_FAMILY.sub('font-family="Arial"', svg)
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, background_color="white")


def docx_picture(doc, svg: str, *, width_mm: float, alt: str, scale: float = 2) -> None:
    """A chart as a PNG picture in its own paragraph, ``width_mm`` wide, kept with the table
    that follows it; ``alt`` is its description for screen readers."""
    from docx.shared import Mm

    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    picture = paragraph.add_run().add_picture(
        io.BytesIO(svg_to_png(svg, scale=scale)), width=Mm(width_mm)
    )
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", alt)


def docx_language(doc, language: str) -> None:
    """Mark the document's text as ``language`` (``da-DK``, ``en-GB``) so Word spell-checks it
    in that language: in the document defaults, every style and the core properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    targets = [rpr_default.find(qn("w:rPr"))] if rpr_default is not None else []
    from docx.enum.style import WD_STYLE_TYPE

    kinds = (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER)
    targets += [style.element.get_or_add_rPr() for style in doc.styles if style.type in kinds]
    for rpr in targets:
        if rpr is None:
            continue
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), language)
    doc.core_properties.language = language


def docx_document(organisation, title: str, *, side_margin: int):
    """A portrait A4 document in Arial with the report's heading styles, its title and author
    set, opening with the organisation's name and the title. Returns (document, section)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(side_margin)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    docx_east_asian_font(normal, "Arial")
    for name, size, colour in (
        ("Title", 20, DOCX_DARK),
        ("Heading 1", 15, DOCX_BLUE),
        ("Heading 2", 12, DOCX_DARK),
        ("Heading 3", 10.5, DOCX_DARK),
    ):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor.from_string(colour)
        docx_east_asian_font(style, "Arial")
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True

    docx_language(doc, "en-GB" if (get_language() or "da").startswith("en") else "da-DK")
    doc.core_properties.title = f"{title} – {organisation.name}"
    doc.core_properties.author = organisation.name

    org_line = doc.add_paragraph()
    run = org_line.add_run(organisation.name.upper())
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(DOCX_BLUE)
    doc.add_paragraph(title, style="Title")
    return doc, section


def docx_footer(section, text: str, *, produced_text: str = "") -> None:
    """A right-aligned muted footer: ``text`` (ending in "Side "), the page number "X af Y"
    and the date the document was produced."""
    from django.utils.translation import gettext
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    docx_muted(footer.add_run(text))
    docx_page_field(docx_muted(footer.add_run()))
    docx_muted(footer.add_run(" " + gettext("af") + " "))  # "Side 2 af 7"
    docx_page_field(docx_muted(footer.add_run()), "NUMPAGES")
    if produced_text:
        # the date never breaks over two lines ("6. / december 2026")
        docx_muted(footer.add_run(" · " + produced_text.replace(" ", "\u00a0")))


def docx_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_muted(run):
    from docx.shared import RGBColor

    run.font.color.rgb = RGBColor.from_string(DOCX_MUTED)
    return run


def docx_east_asian_font(style, name: str) -> None:
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        from docx.oxml import OxmlElement

        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def docx_header(table, labels: list[str], *, right: set[int]) -> None:
    """Fill the table's first row with bold, shaded labels repeated on each page; the columns
    in ``right`` are right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    row = table.rows[0]
    # Repeat the header row on each page.
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for i, label in enumerate(labels):
        cell = row.cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        if i in right:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "E6EEF7")
        cell._tc.get_or_add_tcPr().append(shading)


def docx_widths(table, widths) -> None:
    """The same widths in the table grid and every cell, with a fixed layout: Word reads the
    cells, LibreOffice and Google Docs the grid; when they disagree words break mid-word."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu

    table.autofit = False
    grid = table._tbl.tblGrid
    columns = grid.findall(qn("w:gridCol"))
    for column, width in zip(columns, widths, strict=False):
        column.set(qn("w:w"), str(Emu(int(width)).twips))
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def docx_small(table) -> None:
    """9 pt text without space after paragraphs in every cell (runs already sized keep theirs)."""
    from docx.shared import Pt

    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    if run.font.size is None:
                        run.font.size = Pt(9)


def docx_page_field(run, field: str = "PAGE") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, field), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
