"""The status report's "Tabel" layout: the municipality's Word table as one landscape table,
a row per initiative, grouped by budget year (newest first) → budget note → initiative, with
the columns Budget · Budgetnotat · Indsats · Formål · Afsatte midler · Status pr. <dato>.

Nothing is computed again here: ``status_table`` lays out the rows ``build_status_report`` built
(the same money, statuses, overdue marks, values and footnotes), and the renderers below lay out
those table rows as PDF, DOCX and XLSX; the screen uses the same rows
(``reports/_status_table.html``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indsats.core.spreadsheet import Book

from .render import (
    docx_bytes,
    docx_document,
    docx_header,
    docx_muted,
    docx_small,
    docx_widths,
    pdf_from_template,
)
from .status import (
    IndicatorRow,
    IndicatorTable,
    InitiativeRow,
    NoteRow,
    StatusReport,
    StatusRow,
    docx_status_head,
)

LAYOUTS = ("rapport", "tabel")  # the URL's ?opstilling=; the CLI says report / table

# The table's status cell shows the latest years of each indicator (all years are in the other
# layout and the spreadsheet's "Indikatorer" sheet).
TABLE_YEARS = 3
PURPOSE_CHARS = 220

OVERDUE_COLOUR = "#a4001b"


def short_purpose(text: str, limit: int = PURPOSE_CHARS) -> str:
    """The purpose's first sentence, at most ``limit`` characters (cut at a word, "…")."""
    text = " ".join((text or "").split())
    first = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])", text, maxsplit=1)[0]
    return Truncator(first).chars(limit)


def allocation_lines(text: str) -> tuple[str, ...]:
    """``"2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)"`` as one line per
    period, the way the Word table writes them."""
    return tuple(part.strip() for part in (text or "").split(" / ") if part.strip())


_AMOUNT_SPACE = re.compile(r"(?<=\d) (?=(?:mio|mia|mill|t)\.)|(?<=\.) (?=kr\.)|(?<=\d) (?=kr\.)")


def keep_amounts(line: str) -> str:
    """``2027-2029: 5,373 mio. kr. årligt`` with no break inside an amount (PDF, screen, Word):
    a narrow column breaks after the period or before "årligt", never in "5,373 mio. kr."."""
    return _AMOUNT_SPACE.sub("\u00a0", line)


@dataclass(frozen=True)
class Figure:
    """An indicator in the status cell: its latest yearly values and its first target."""

    name: str
    values: tuple[tuple[int, str], ...]  # (year, "16 (2)")
    target: str = ""  # "Mål: 20 i 2026 – Bagud i forhold til målet"
    verdict_colour: str = ""
    owner: str = ""  # the note code for a note's own indicators, "" for an initiative's

    @property
    def values_text(self) -> str:
        """``2024: 20,1 % · 2025: 19,5 % (1)``; a figure never breaks before its "%"."""
        return " · ".join(f"{year}: {value}" for year, value in self.values).replace(
            " %", "\u00a0%"
        )

    @property
    def target_text(self) -> str:
        return self.target.replace(" %", "\u00a0%")

    @property
    def text(self) -> str:
        return f"{self.name}: {self.values_text or '–'}" + (
            f". {self.target_text}" if self.target else ""
        )


@dataclass(frozen=True)
class TableRow:
    budget_year: int
    note: NoteRow
    initiative: InitiativeRow | None  # None: a note that funds no initiative yet
    first_in_year: bool
    first_in_note: bool
    purpose: str
    allocation: tuple[str, ...]  # lines, one per period
    allocation_label: str  # "SO03 i alt" above the note's allocation; "" for the row's own
    allocation_remark: str  # "Indgår i SO03's bevilling" for a row without its own money
    own_allocation: tuple[str, ...]  # an initiative's earmarked share under a note with its own
    figures: tuple[Figure, ...]

    @property
    def allocation_display(self) -> tuple[str, ...]:
        return tuple(keep_amounts(line) for line in self.allocation)

    @property
    def own_allocation_display(self) -> tuple[str, ...]:
        return tuple(keep_amounts(line) for line in self.own_allocation)

    @property
    def status(self) -> StatusRow | None:
        return self.initiative.status if self.initiative else None

    @property
    def code(self) -> str:
        return self.initiative.code if self.initiative else ""

    @property
    def title(self) -> str:
        return self.initiative.title if self.initiative else ""

    @property
    def overdue_text(self) -> str:
        return self.initiative.overdue_text if self.initiative else ""

    @property
    def status_plain(self) -> str:
        """The status cell as plain text (XLSX, tests): mark, state, account, figures."""
        parts = []
        if self.overdue_text:
            parts.append(self.overdue_text)
        if self.status:
            parts.append(
                _("%(state)s (pr. %(date)s)")
                % {"state": self.status.state_label, "date": self.status.as_of_text}
            )
            parts.append(self.status.plain)
        elif self.initiative:
            parts.append(_("Ingen status"))
        parts.extend(f.text for f in self.figures)
        return "\n\n".join(p for p in parts if p)


@dataclass(frozen=True)
class StatusTable:
    report: StatusReport
    rows: tuple[TableRow, ...]
    organisation_figures: tuple[Figure, ...]
    footnotes: tuple[tuple[str, str], ...]  # ("(1)", "Mentorer uddannet, 2026 pr. 30. april: …")
    notes: tuple[str, ...]  # what the table leaves out or marks: overdue, hidden money columns
    has_overdue: bool = False
    hidden_money: tuple[str, ...] = ()  # "planned", "spent": money columns the table leaves out

    @property
    def table_years(self) -> int:
        return TABLE_YEARS

    @property
    def status_heading(self) -> str:
        return _("Status pr. %(date)s") % {"date": self.report.as_of_text}

    @property
    def title(self) -> str:
        return self.report.title

    @property
    def year_spans(self) -> dict[int, int]:
        spans: dict[int, int] = {}
        for row in self.rows:
            spans[row.budget_year] = spans.get(row.budget_year, 0) + 1
        return spans


def _figures(
    table: IndicatorTable, markers: dict[tuple[int, str], str], *, owner: str = ""
) -> list[Figure]:
    figures = []
    for row in table.rows:
        figures.append(_figure(row, markers, owner=owner))
    return figures


def _figure(row: IndicatorRow, markers: dict[tuple[int, str], str], *, owner: str) -> Figure:
    marks = dict(row.marks)
    values = []
    for year, _value in row.values[-TABLE_YEARS:]:
        text = row.figure_text(year)  # as its kind is written: "3,2 mio. kr. ud af 5 mio. kr."
        if year in marks:
            text += " " + markers[(row.id, marks[year])]
        text += row.provisional_tail(year)  # " (foreløbig pr. 30. april 2026)"
        values.append((year, text))
    target = row.targets[0] if row.targets else None
    return Figure(
        name=row.name,
        values=tuple(values),
        target=_("Mål: %(target)s – %(verdict)s")
        % {"target": target.target_text, "verdict": target.verdict_label}
        if target
        else "",
        verdict_colour=target.verdict_colour if target else "",
        owner=owner,
    )


def status_table(report: StatusReport) -> StatusTable:
    """The report's rows as the table's rows. Value footnotes are numbered once across the
    whole table ((1), (2), … in reading order) instead of per indicator table."""
    footnotes: list[tuple[str, str]] = []
    markers: dict[tuple[int, str], str] = {}

    def renumber(table: IndicatorTable) -> None:
        texts = dict(table.footnotes)
        for row in table.rows:
            for _year, marker in row.marks:
                if (row.id, marker) in markers:
                    continue
                new = f"({len(footnotes) + 1})"
                markers[(row.id, marker)] = new
                footnotes.append((new, texts[marker]))

    rows: list[TableRow] = []
    hidden: set[str] = set()
    overdue = False
    for section in report.sections:
        first_in_year = True
        for note in section.notes:
            renumber(note.indicators)
            money_on_note = bool(note.money.allocation_text) and not note.money.from_initiatives
            shares = [i for i in note.initiatives if i.money and i.money.allocation_text]
            for money in [note.money, *(i.money for i in note.initiatives if i.money)]:
                if money.show_spent:
                    hidden.add("spent")
                if money.show_planned:
                    hidden.add("planned")
            members: list[InitiativeRow | None] = list(note.initiatives) or [None]
            for position, ini in enumerate(members):
                first = position == 0
                if ini is not None:
                    renumber(ini.indicators)
                    overdue = overdue or ini.overdue
                own = allocation_lines(ini.money.allocation_text) if ini and ini.money else ()
                label, remark, lines, earmarked = "", "", (), ()
                if money_on_note:
                    if first:
                        lines = allocation_lines(note.money.allocation_text)
                        if len(members) > 1 or shares:
                            label = _("%(code)s i alt") % {"code": note.code}
                    elif not own:
                        remark = _("Indgår i %(code)ss bevilling") % {"code": note.code}
                    earmarked = own
                else:
                    lines = own
                figures = _figures(ini.indicators, markers) if ini else []
                if first:
                    figures = _figures(note.indicators, markers, owner=note.code) + figures
                rows.append(
                    TableRow(
                        budget_year=note.budget_year,
                        note=note,
                        initiative=ini,
                        first_in_year=first_in_year,
                        first_in_note=first,
                        purpose=short_purpose(ini.purpose if ini else note.purpose)
                        or (short_purpose(note.purpose) if first else ""),
                        allocation=lines,
                        allocation_label=label,
                        allocation_remark=remark,
                        own_allocation=earmarked,
                        figures=tuple(figures),
                    )
                )
                first_in_year = False
    renumber(report.organisation_indicators)
    organisation_figures = tuple(_figures(report.organisation_indicators, markers))

    notes = []
    if overdue:
        notes.append(
            _(
                "»Status mangler siden …«: den seneste status pr. %(date)s er ældre end "
                "organisationens rapporteringsinterval (%(days)s dage), eller en statusrunde med "
                "frist før rapportens dato er ikke besvaret."
            )
            % {"date": report.as_of_text, "days": report.organisation.reporting_interval_days}
        )
    if hidden:
        what = {
            ("spent",): _("Forbrug og rest"),
            ("planned",): _("Planlagt udgift (omkostningsmodel)"),
            ("planned", "spent"): _("Forbrug, rest og planlagt udgift (omkostningsmodel)"),
        }[tuple(sorted(hidden))]
        notes.append(
            _("%(what)s står ikke i tabellen; se opstillingen »Rapport« eller regnearket (XLSX).")
            % {"what": what}
        )
    notes.append(
        _(
            "Indikatorerne viser højst de seneste %(n)s år; alle år står i opstillingen "
            "»Rapport« og i regnearket."
        )
        % {"n": TABLE_YEARS}
    )
    return StatusTable(
        report=report,
        rows=tuple(rows),
        organisation_figures=organisation_figures,
        footnotes=tuple(footnotes),
        notes=tuple(notes),
        has_overdue=overdue,
        hidden_money=tuple(sorted(hidden)),
    )


# --- PDF ---------------------------------------------------------------------------------


def render_table_pdf(report: StatusReport) -> bytes:
    return pdf_from_template("reports/status_table_pdf.html", {"table": status_table(report)})


# --- DOCX --------------------------------------------------------------------------------

# Landscape A4 less 15 mm margins: 267 mm.
DOCX_WIDTHS_MM = (16, 36, 42, 50, 38, 85)


def render_table_docx(report: StatusReport) -> bytes:
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt

    table_rows = status_table(report)
    doc, section = docx_document(report.organisation, report.title, side_margin=15)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(15), Mm(15)

    docx_status_head(doc, section, report)

    def muted(cell_paragraph, text: str, size: float = 8):
        run = docx_muted(cell_paragraph.add_run(text))
        run.font.size = Pt(size)
        return run

    if not table_rows.rows:
        doc.add_paragraph(_("Der er ingen budgetnotater at vise."))
    else:
        labels = [_("Budget"), _("Budgetnotat"), _("Indsats"), _("Formål"), _("Afsatte midler"),
                  table_rows.status_heading]  # fmt: skip
        table = doc.add_table(rows=1, cols=len(labels))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        docx_header(table, labels, right=set())
        for row in table_rows.rows:
            tr = table.add_row()
            # never split a row across pages where Word can avoid it
            tr._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            cells = tr.cells
            if row.first_in_note:
                cells[0].text = str(row.budget_year)
                p = cells[1].paragraphs[0]
                p.add_run(row.note.code).bold = True
                p.add_run(" " + row.note.title)
            else:
                muted(cells[0].paragraphs[0], str(row.budget_year))
                muted(cells[1].paragraphs[0], row.note.code)
            p = cells[2].paragraphs[0]
            if row.initiative:
                p.add_run(row.code).bold = True
                p.add_run(" " + row.title)
            else:
                muted(p, _("Finansierer ingen indsatser endnu"))
            cells[3].text = row.purpose
            p = cells[4].paragraphs[0]
            if row.allocation_label:
                muted(p, row.allocation_label + ":")
                p = cells[4].add_paragraph()
            for i, line in enumerate(row.allocation_display):
                if i:
                    p = cells[4].add_paragraph()
                p.add_run(line)
            if row.allocation_remark:
                muted(p, row.allocation_remark)
            if row.own_allocation:
                p = cells[4].add_paragraph()
                muted(p, _("Øremærket indsatsen: "))
                p.add_run(" / ".join(row.own_allocation_display))
            status_cell(cells[5], row)
        docx_widths(table, [Mm(w) for w in DOCX_WIDTHS_MM])
        docx_small(table)
        # a note's rows together on a page where they fit (Word keeps a row with the next
        # while its paragraphs say "keep with next"; the last row of a note lets go)
        for word_row, following in zip(table.rows[1:], [*table_rows.rows[1:], None], strict=True):
            if following is not None and not following.first_in_note:
                for cell in word_row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True

    for marker, text in table_rows.footnotes:
        docx_muted(doc.add_paragraph().add_run(f"{marker} {text}")).font.size = Pt(8)
    for text in table_rows.notes:
        docx_muted(doc.add_paragraph().add_run(text)).font.size = Pt(8)
    if table_rows.organisation_figures:
        doc.add_heading(_("Indikatorer for hele organisationen"), level=2)
        for figure in table_rows.organisation_figures:
            doc.add_paragraph(figure.text, style="List Bullet")
    if report.later:
        doc.add_heading(_("Registreret senere end %(date)s") % {"date": report.as_of_text}, level=2)
        doc.add_paragraph(
            _(
                "Værdierne herunder er registreret efter rapportens dato og indgår ikke i tallene "
                "ovenfor."
            )
        )
        for value in report.later:
            doc.add_paragraph(value.text, style="List Bullet")
    return docx_bytes(doc)


def status_cell(cell, row: TableRow) -> None:
    """The Status pr. <dato> cell in Word: the overdue mark, the state, the account, the
    indicator figures."""
    from docx.shared import Pt, RGBColor

    p = cell.paragraphs[0]
    started = False

    def paragraph():
        nonlocal p, started
        if started:
            p = cell.add_paragraph()
        started = True
        return p

    if row.overdue_text:
        run = paragraph().add_run(row.overdue_text)
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(OVERDUE_COLOUR.lstrip("#"))
    if row.status:
        q = paragraph()
        run = q.add_run(row.status.state_label)
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(row.status.colour.lstrip("#"))
        docx_muted(q.add_run(" · " + _("pr. %(date)s") % {"date": row.status.as_of_text}))
        for kind, lines in row.status.blocks:
            if kind == "p":
                paragraph().add_run(lines[0])
            else:
                for line in lines:
                    q = paragraph()
                    q.add_run("• " + line)
                    q.paragraph_format.left_indent = Pt(8)
                    q.paragraph_format.first_line_indent = Pt(-8)
    elif row.initiative:
        docx_muted(paragraph().add_run(_("Ingen status")))
    for figure in row.figures:
        q = paragraph()
        name = figure.name + (f" ({figure.owner})" if figure.owner else "")
        q.add_run(name + ": ").bold = True
        q.add_run(figure.values_text or "–")
        if figure.target:
            run = q.add_run(". " + figure.target_text)
            run.font.color.rgb = RGBColor.from_string(
                (figure.verdict_colour or "#595959").lstrip("#")
            )
        for run in q.runs:
            run.font.size = Pt(8)


# --- XLSX --------------------------------------------------------------------------------

XLSX_COLUMNS = ((gettext_noop("Budget"), 8), (gettext_noop("Budgetnotat"), 24), (gettext_noop("Indsats"), 30),
                (gettext_noop("Formål"), 36), (gettext_noop("Afsatte midler"), 28))  # fmt: skip
XLSX_STATUS_WIDTH = 72


def render_table_xlsx(report: StatusReport) -> bytes:
    from openpyxl.styles import Alignment, Font

    table = status_table(report)
    book = Book()
    ws = book.sheet(_("Tabel"))
    wrap = Alignment(wrap_text=True, vertical="top")
    ws["A1"] = report.title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"{report.organisation.name} · {report.subtitle}"
    ws["A3"] = _("Status og indikatorværdier pr. %(date)s. Udskrevet %(produced)s.") % {
        "date": report.as_of_text,
        "produced": report.produced_text,
    }
    header_row = 5
    columns = [*((_(h), w) for h, w in XLSX_COLUMNS), (table.status_heading, XLSX_STATUS_WIDTH)]
    book.header(ws, header_row, columns, freeze_column=3)
    r = header_row
    for row in table.rows:
        r += 1
        ws.cell(row=r, column=1, value=row.budget_year).alignment = wrap
        book.text(ws, r, 2, f"{row.note.code} {row.note.title}", alignment=wrap,
                  font=Font(bold=row.first_in_note))  # fmt: skip
        initiative = f"{row.code} {row.title}" if row.initiative else _("Ingen indsatser endnu")
        book.text(ws, r, 3, initiative, alignment=wrap)
        book.text(ws, r, 4, row.purpose, alignment=wrap)
        money = list(row.allocation)
        if row.allocation_label:
            money.insert(0, row.allocation_label + ":")
        if row.allocation_remark:
            money.append(row.allocation_remark)
        if row.own_allocation:
            money.append(_("Øremærket indsatsen: ") + " / ".join(row.own_allocation))
        book.text(ws, r, 5, "\n".join(money), alignment=wrap)
        book.text(ws, r, 6, row.status_plain, alignment=wrap)  # opens with the overdue mark
        ws.row_dimensions[r].height = _row_height(
            [ws.cell(row=r, column=c).value for c in range(1, 7)], [w for _, w in columns]
        )
    if r > header_row:
        ws.auto_filter.ref = f"A{header_row}:F{r}"
    r += 1
    for marker, text in table.footnotes:
        r += 1
        book.text(ws, r, 1, f"{marker} {text}")
    for text in table.notes:
        r += 1
        book.text(ws, r, 1, text)
    if table.organisation_figures:
        r += 2
        book.text(ws, r, 1, _("Indikatorer for hele organisationen"), font=Font(bold=True))
        for figure in table.organisation_figures:
            r += 1
            book.text(ws, r, 1, figure.text)
    if report.later:
        r += 2
        book.text(ws, r, 1, f"Registreret senere end {report.as_of_text}", font=Font(bold=True))
        for value in report.later:
            r += 1
            book.text(ws, r, 1, value.text)
    book.print_setup(ws)
    return book.to_bytes()


def _row_height(values, widths) -> float:
    """A row tall enough for its wrapped cells: spreadsheet programs do not grow a row to its
    wrapped text when they open a file, so the text would be cut off on screen and in print.
    Estimated from the characters per line a column of that width holds (11 pt, 14,5 pt a line),
    at most Excel's 409 pt."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        if not isinstance(value, str):
            continue
        per_line = max(1, int(width * 1.2))
        count = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
        lines = max(lines, count)
    return min(409.0, lines * 14.5)


TABLE_RENDERERS = {"pdf": render_table_pdf, "xlsx": render_table_xlsx, "docx": render_table_docx}
