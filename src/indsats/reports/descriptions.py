"""Initiative descriptions (seed 001): one block per initiative with its description, purpose,
KL references and the cost calculation written out with its scenarios.

``build_descriptions`` builds the blocks once (a fixed number of queries); ``render_pdf`` and
``render_docx`` lay them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.calc import costs as calc
from indsats.calc.codes import code_key
from indsats.calc.danish import format_kr, format_range
from indsats.initiatives.choices import CostCategory, Funding, Recurrence
from indsats.initiatives.selectors import (
    initiative_queryset,
    parameters_in_force,
    to_calc_model,
)
from indsats.organisations.models import Organisation

from .render import (
    DOCX_MUTED,
    danish_date,
    docx_bytes,
    docx_document,
    docx_footer,
    docx_header,
    docx_muted,
    docx_small,
    docx_widths,
    pdf_from_template,
    signed_kr,
)


@dataclass
class LineBlock:
    label: str
    category: str
    recurrence: str  # "Engangs 2020", "Pr. år 2020–2022"
    expression: str  # the formula written out; "" for a stated amount without formula
    decided: Decimal | None
    formula: Decimal | None
    amount: Decimal
    varies: bool  # a scenario changes this line
    note: str = ""
    scenario: str = ""  # the scenario the amount is calculated with, where scenarios change it

    @property
    def differs(self) -> bool:
        return (
            self.decided is not None and self.formula is not None and self.decided != self.formula
        )

    @property
    def flag_text(self) -> str:
        if not self.differs:
            return ""
        return _("Besluttet: %(decided)s — formlen giver %(formula)s (forskel %(difference)s)") % {
            "decided": format_kr(self.decided),
            "formula": format_kr(self.formula),
            "difference": signed_kr(self.decided - self.formula),
        }

    @property
    def amount_text(self) -> str:
        return format_kr(self.amount)

    @property
    def scenario_note(self) -> str:
        return _("Beregnet med scenariet »%(scenario)s«; de andre scenarier står nedenfor.") % {
            "scenario": self.scenario
        }


@dataclass
class ScenarioCost:
    name: str
    one_time: Decimal
    yearly: Decimal
    selected: bool
    changes: str = ""  # what the scenario sets: »Timer pr. måned: 15 timer«
    counted: bool = False  # the overview counts it (chosen, or the first while none is)
    base: bool = False  # the base case, for comparison

    @property
    def mark(self) -> str:
        if self.selected:
            return " (valgt)"
        if self.counted:
            return " (tæller med, indtil et scenarie er valgt)"
        return ""


@dataclass
class InitiativeBlock:
    code: str
    title: str
    description: list[str]  # paragraphs
    purpose: list[str]
    kl: list[str]
    facts: list[tuple[str, str]]
    lines: list[LineBlock]
    scenarios: list[ScenarioCost]
    range: calc.CostRange | None
    error: str = ""

    @property
    def heading(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def range_text(self) -> str:
        if self.range is None:
            return ""
        parts = []
        r = self.range
        if r.one_time_high > 0:
            parts.append(
                _("%(amount)s engangs") % {"amount": format_range(r.one_time_low, r.one_time_high)}
            )
        if r.yearly_high > 0:
            parts.append(
                _("%(amount)s pr. år") % {"amount": format_range(r.yearly_low, r.yearly_high)}
            )
        return " + ".join(parts)

    @property
    def has_range(self) -> bool:
        return self.range is not None and self.range.has_range

    @property
    def scenario_columns(self) -> list[tuple[str, str]]:
        """The scenario table's amount columns: only those where some scenario costs money."""
        columns = [("one_time", _("Engangs")), ("yearly", _("Pr. år"))]
        shown = [c for c in columns if any(getattr(s, c[0]) for s in self.scenarios)]
        return shown or columns[1:]

    @property
    def scenario_rows(self) -> list[tuple[ScenarioCost, list[str]]]:
        return [
            (
                s,
                [
                    format_kr(getattr(s, key)) if getattr(s, key) else "–"
                    for key, _label in self.scenario_columns
                ],
            )
            for s in self.scenarios
        ]

    @property
    def flags(self) -> list[LineBlock]:
        return [line for line in self.lines if line.differs]


@dataclass
class ThemeSection:
    name: str
    blocks: list[InitiativeBlock]


@dataclass
class DescriptionsReport:
    organisation: Organisation
    produced: dt.date
    themes: list[ThemeSection] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Beskrivelse af rekrutterings- og fastholdelsesindsatser")

    @property
    def produced_text(self) -> str:
        return danish_date(self.produced)

    @property
    def blocks(self) -> list[InitiativeBlock]:
        return [b for t in self.themes for b in t.blocks]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _recurrence_text(line: calc.CostLine, model: calc.InitiativeModel) -> str:
    label = str(Recurrence(str(line.recurrence)).label)
    years = calc.line_years(line, start_year=model.start_year, end_year=model.end_year)
    return f"{label} {years}".strip()


def _period(first: int | None, last: int | None) -> str:
    if first and last:
        return str(first) if first == last else f"{first}–{last}"
    if first:
        return _("fra %(year)s") % {"year": first}
    if last:
        return _("til %(year)s") % {"year": last}
    return ""


def _block(initiative, parameters: dict[str, Decimal]) -> InitiativeBlock:
    model = to_calc_model(initiative)
    db_lines = list(initiative.cost_lines.all())
    lines: list[LineBlock] = []
    error = ""
    scenarios: list[ScenarioCost] = []
    cost_range = None
    try:
        selected = str(initiative.selected_scenario_id or "")
        counted = calc.pick_scenario(model, selected)
        for db_line, line in zip(db_lines, model.lines, strict=True):
            varies = any(
                calc.evaluate_line(line, parameters, s).overridden for s in model.scenarios
            )
            # The amount that counts: under the chosen (else the first) scenario, named.
            shown = calc.evaluate_line(line, parameters, counted if varies else calc.BASE)
            lines.append(
                LineBlock(
                    label=line.label,
                    category=str(CostCategory(line.category).label),
                    recurrence=_recurrence_text(line, model),
                    expression=shown.expression() if shown.formula_amount is not None else "",
                    decided=shown.stated_amount,
                    formula=shown.formula_amount,
                    amount=shown.amount,
                    varies=varies,
                    note=db_line.note,
                    scenario=counted.name if varies else "",
                )
            )
        if model.lines and model.scenarios:
            base_cost = calc.cost_in_year(model, parameters, None)
            scenarios = [
                ScenarioCost(
                    name=_("Grundberegning (kun til sammenligning)"),
                    one_time=base_cost.one_time,
                    yearly=base_cost.yearly,
                    selected=False,
                    changes="; ".join(
                        f"{f.label}: {f.base}"
                        for f in calc.scenario_changes(model, calc.BASE, parameters)
                    ),
                    base=True,
                )
            ] + [
                ScenarioCost(
                    name=s.name,
                    one_time=(c := calc.cost_in_year(model, parameters, None, s)).one_time,
                    yearly=c.yearly,
                    selected=s.key == selected,
                    changes="; ".join(
                        f"{f.label}: {f.value}" for f in calc.scenario_changes(model, s, parameters)
                    ),
                    counted=s.key == counted.key,
                )
                for s in model.scenarios
            ]
        if model.lines:
            cost_range = calc.cost_range(model, parameters, None)
    except calc.CostModelError as exc:
        error = str(exc)
    facts = []
    if initiative.priority_step:
        facts.append((_("Prioritering"), _("Trin %(step)s") % {"step": initiative.priority_step}))
    facts.append((_("Finansiering"), str(Funding(initiative.funding).label)))
    if initiative.unit_id:
        facts.append((_("Ansvarlig"), initiative.unit.name))
    if initiative.target_group:
        facts.append((_("Målgruppe"), initiative.target_group))
    period = _period(initiative.start_year, initiative.end_year)
    if period:
        facts.append((_("Periode"), period))
    return InitiativeBlock(
        code=initiative.code,
        title=initiative.title,
        description=_paragraphs(initiative.description),
        purpose=_paragraphs(initiative.purpose),
        kl=[str(k) for k in initiative.kl_recommendations.all()],
        facts=facts,
        lines=lines,
        scenarios=scenarios,
        range=cost_range,
        error=error,
    )


def build_descriptions(
    *, organisation: Organisation, produced: dt.date | None = None
) -> DescriptionsReport:
    """Every initiative, grouped by theme and ordered by number: those financed over operations
    too, with their facts and description and without a cost section. Each is costed with the
    parameters in force in its start year (the organisation's budget year when it has none)."""
    by_year = parameters_in_force(organisation)
    themes: dict[int, tuple] = {}
    for initiative in initiative_queryset(organisation):
        year = initiative.start_year or organisation.budget_year
        theme = initiative.theme
        themes.setdefault(theme.pk, (theme, []))[1].append(_block(initiative, by_year[year]))
    sections = [
        ThemeSection(name=theme.name, blocks=sorted(blocks, key=lambda b: code_key(b.code)))
        for theme, blocks in sorted(themes.values(), key=lambda t: (t[0].order, t[0].name))
    ]
    return DescriptionsReport(
        organisation=organisation, produced=produced or timezone.localdate(), themes=sections
    )


# --- PDF ---------------------------------------------------------------------------------


def render_pdf(report: DescriptionsReport) -> bytes:
    return pdf_from_template("reports/descriptions_pdf.html", {"report": report})


# --- DOCX --------------------------------------------------------------------------------

RED = "B51D09"


def render_docx(report: DescriptionsReport) -> bytes:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    doc, section = docx_document(report.organisation, report.title, side_margin=22)
    meta = doc.add_paragraph()
    docx_muted(
        meta.add_run(
            _(
                "Udskrevet %(date)s. Beløb i hele kroner; beregningen er skrevet ud for hver "
                "omkostning."
            )
            % {"date": report.produced_text}
        )
    )
    docx_footer(
        section,
        _("%(organisation)s · Indsatsbeskrivelser · Side ")
        % {"organisation": report.organisation.name},
        produced_text=report.produced_text,
    )

    for theme in report.themes:
        doc.add_heading(theme.name, level=1)
        for block in theme.blocks:
            doc.add_heading(block.heading, level=2)
            facts = doc.add_paragraph()
            for i, (label, value) in enumerate(block.facts):
                if i:
                    docx_muted(facts.add_run(" · "))
                docx_muted(facts.add_run(f"{label}: "))
                facts.add_run(value)
            for label, paragraphs in (
                (_("Beskrivelse"), block.description),
                (_("Formål"), block.purpose),
            ):
                if not paragraphs:
                    continue
                doc.add_heading(label, level=3)
                for text in paragraphs:
                    doc.add_paragraph(text)
            if block.kl:
                p = doc.add_paragraph()
                p.add_run(_("KL-anbefalinger: ")).bold = True
                p.add_run(", ".join(block.kl))
            if block.error:
                p = doc.add_paragraph()
                run = p.add_run(block.error)
                run.font.color.rgb = RGBColor.from_string(RED)
            if block.lines:
                doc.add_heading(_("Økonomi"), level=3)
                table = doc.add_table(rows=1, cols=4)
                table.style = "Table Grid"
                table.alignment = WD_TABLE_ALIGNMENT.CENTER
                docx_header(
                    table, [_("Omkostning"), _("Gentagelse"), _("Beregning"), _("Beløb")], right={3}
                )
                for line in block.lines:
                    cells = table.add_row().cells
                    cells[0].text = (
                        f"{line.category}"
                        if line.label == line.category
                        else f"{line.category}: {line.label}"
                    )
                    cells[1].text = line.recurrence
                    calc_text = line.expression or _("Besluttet beløb")
                    cells[2].text = calc_text
                    extra = []
                    if line.varies:
                        extra.append((line.scenario_note, DOCX_MUTED))
                    if line.note:
                        extra.append((line.note, DOCX_MUTED))
                    if line.differs:
                        extra.append((line.flag_text, RED))
                    for text, colour in extra:
                        run = cells[2].add_paragraph().add_run(text)
                        run.font.size = Pt(8.5)
                        run.font.color.rgb = RGBColor.from_string(colour)
                        if colour == RED:
                            run.bold = True
                    cells[3].text = line.amount_text
                    cells[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                docx_widths(table, [Mm(38), Mm(30), Mm(70), Mm(28)])
                docx_small(table)
            if block.scenarios:
                doc.add_heading(_("Scenarier"), level=3)
                labels = [label for _key, label in block.scenario_columns]
                table = doc.add_table(rows=1, cols=2 + len(labels))
                table.style = "Table Grid"
                table.alignment = WD_TABLE_ALIGNMENT.CENTER
                docx_header(
                    table,
                    [_("Scenarie"), _("Sætter"), *labels],
                    right=set(range(2, 2 + len(labels))),
                )
                for s, amounts in block.scenario_rows:
                    cells = table.add_row().cells
                    cells[0].text = s.name + s.mark
                    cells[1].text = s.changes
                    for c, text in enumerate(amounts, start=2):
                        cells[c].text = text
                        cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                amount_width = 30 if len(labels) > 1 else 34
                docx_widths(
                    table,
                    [Mm(52), Mm(114 - amount_width * len(labels))]
                    + [Mm(amount_width)] * len(labels),
                )
                docx_small(table)
            if block.range_text:
                p = doc.add_paragraph()
                p.paragraph_format.space_before = Pt(6)
                p.add_run(_("Spænd: ") if block.has_range else _("Beløbsramme: ")).bold = True
                p.add_run(block.range_text)
    return docx_bytes(doc)
