"""The optimiser's proposal as a report: rows built once from ``initiatives.optimiser``'s
result, rendered as PDF (WeasyPrint) and XLSX (openpyxl). The renderers lay out rows; they never
call ``calc`` or the ORM."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indsats.calc.danish import format_kr, format_number
from indsats.initiatives.optimiser import Optimisation

from .charts import frontier_chart
from .render import amount_format, danish_date, excel_amount, pdf_from_template


@dataclass(frozen=True)
class ProposalRow:
    code: str
    title: str
    step: int | None
    current: str
    proposed: str  # scenario name, or "" for not selected
    effect: Decimal | None
    cost: Decimal | None  # over the frame years
    why: str


@dataclass(frozen=True)
class FrameRow:
    label: str
    amount: Decimal
    used_today: Decimal
    used: Decimal
    left: Decimal


@dataclass(frozen=True)
class FrontierRow:
    scale: Decimal
    budget: Decimal
    cost: Decimal
    value: Decimal


@dataclass
class OptimisationReport:
    title: str
    organisation: object
    year: int
    objective: str
    unit: str
    value: Decimal
    current_value: Decimal
    gap: float
    rows: list[ProposalRow]
    frames: list[FrameRow]
    frontier: list[FrontierRow]
    problems: list[str]
    notes: list[str]
    illustrative: bool
    what_if: list[str]
    generated: str
    chart_svg: str = ""


def build_optimisation(result: Optimisation) -> OptimisationReport:
    proposal = result.proposal
    years = proposal.years
    today = {(u.step, u.year): u.used for u in result.current_usage}
    rows = [
        ProposalRow(
            code=r.initiative.code,
            title=r.initiative.title,
            step=r.initiative.priority_step,
            current=r.current,
            proposed=r.proposed.name if r.proposed else "",
            effect=r.proposed.value(result.problem.weights) if r.proposed else None,
            cost=r.proposed.total_cost(years) if r.proposed else None,
            why=r.why,
        )
        for r in result.rows
    ]
    frames = [
        FrameRow(
            label=_("Trin %(step)s, %(year)s") % {"step": u.step, "year": u.year},
            amount=u.amount,
            used_today=today.get((u.step, u.year), Decimal(0)),
            used=u.used,
            left=u.left,
        )
        for u in proposal.usage
    ]
    what_if = [
        _("Ramme for trin %(step)s i %(year)s sat til %(amount)s")
        % {"step": s, "year": y, "amount": format_kr(v)}
        for (s, y), v in sorted(result.frame_overrides.items())
    ] + [
        _("Parameteren %(key)s sat til %(value)s") % {"key": k, "value": format_number(v, 2)}
        for k, v in sorted(result.parameter_overrides.items())
    ]
    report = OptimisationReport(
        title=_("Forslag til prioritering %(year)s") % {"year": result.year},
        organisation=result.organisation,
        year=result.year,
        objective=result.objective_label,
        unit=result.unit,
        value=proposal.value,
        current_value=result.current_value,
        gap=proposal.gap,
        rows=rows,
        frames=frames,
        frontier=[FrontierRow(p.scale, p.budget, p.cost, p.value) for p in result.frontier],
        problems=result.problems,
        notes=result.notes,
        illustrative=result.illustrative,
        what_if=what_if,
        generated=danish_date(timezone.localdate()),
    )
    if result.frontier:
        report.chart_svg = mark_safe(  # noqa: S308 - built from escaped values
            frontier_chart(
                result.frontier,
                unit=result.unit,
                current=(proposal.cost, proposal.value) if proposal.feasible else None,
                chart_id="frontier-chart",
            )
        )
    return report


def render_pdf(report: OptimisationReport) -> bytes:
    return pdf_from_template("reports/optimisation_pdf.html", {"report": report})


def render_xlsx(report: OptimisationReport) -> bytes:
    from openpyxl.styles import Alignment, Font

    from indsats.core.spreadsheet import Book

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    # The one spreadsheet writer: text that looks like a formula stays text, print set-up on
    # every sheet.
    book = Book()
    wb = book.wb
    ws = book.sheet(_("Forslag"))
    ws.append([f"{report.title} – {report.organisation.name}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("Effekt"), report.objective])
    ws.append([_("Forslagets effekt"), float(report.value), report.unit])
    ws.append([_("Dagens valg, samme mål"), float(report.current_value), report.unit])
    if report.illustrative:
        ws.append([_("Effekterne er illustrative skøn.")])
    for line in report.what_if:
        ws.append([_("Hvad nu hvis"), line])
    for line in report.problems:
        ws.append([_("Kan ikke løses"), line])
    for line in report.notes:
        ws.append([_("Bemærkning"), line])
    ws.append([])
    header = [
        _("Nr."),
        _("Indsats"),
        _("Trin"),
        _("Valgt i dag"),
        _("Forslag"),
        _("Effekt"),
        _("Omkostning i rammeårene"),
        _("Hvorfor?"),
    ]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = bold
    for r in report.rows:
        ws.append(
            [
                r.code,
                r.title,
                r.step,
                r.current,
                r.proposed or _("Ikke med"),
                float(r.effect) if r.effect is not None else None,
                excel_amount(r.cost),
                r.why,
            ]
        )
        ws.cell(ws.max_row, 7).number_format = amount_format(r.cost)
        ws.cell(ws.max_row, 8).alignment = wrap
    for col, width in zip("ABCDEFGH", (7, 50, 6, 18, 18, 10, 20, 70), strict=True):
        ws.column_dimensions[col].width = width

    frames = wb.create_sheet(_("Rammer"))
    frames.append([_("Ramme"), _("Beløb"), _("Brugt i dag"), _("Brugt af forslaget"), _("Tilbage")])
    for cell in frames[1]:
        cell.font = bold
    for f in report.frames:
        frames.append(
            [
                f.label,
                excel_amount(f.amount),
                excel_amount(f.used_today),
                excel_amount(f.used),
                excel_amount(f.left),
            ]
        )
        for c in range(2, 6):
            frames.cell(frames.max_row, c).number_format = amount_format(f.amount)
    frames.column_dimensions["A"].width = 18
    for col in "BCDE":
        frames.column_dimensions[col].width = 18

    front = wb.create_sheet(_("Effektiv front"))
    front.append([_("Rammer i pct. af i dag"), _("Rammer i alt"), _("Omkostning"), _("Effekt")])
    for cell in front[1]:
        cell.font = bold
    for p in report.frontier:
        front.append([float(p.scale), excel_amount(p.budget), excel_amount(p.cost), float(p.value)])
        front.cell(front.max_row, 1).number_format = "0%"
        front.cell(front.max_row, 2).number_format = amount_format(p.budget)
        front.cell(front.max_row, 3).number_format = amount_format(p.cost)
    for col in "ABCD":
        front.column_dimensions[col].width = 22
    return book.to_bytes()
