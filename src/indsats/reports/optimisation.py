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
    top = Alignment(vertical="top")
    # The one spreadsheet writer: text that looks like a formula stays text, print set-up on
    # every sheet.
    book = Book()
    ws = book.sheet(_("Forslag"))
    book.text(
        ws, 1, 1, f"{report.title} – {report.organisation.name}", font=Font(bold=True, size=14)
    )
    # The facts: a label in A (running over the empty B and C), the figure in D, its unit in E.
    facts = [
        (_("Effekt"), report.objective, ""),
        (_("Forslagets effekt"), report.value, report.unit),
        (_("Dagens valg, samme mål"), report.current_value, report.unit),
    ]
    if report.illustrative:
        facts.append((_("Effekterne er illustrative skøn."), None, ""))
    facts += [(_("Hvad nu hvis"), line, "") for line in report.what_if]
    facts += [(_("Kan ikke løses"), line, "") for line in report.problems]
    facts += [(_("Bemærkning"), line, "") for line in report.notes]
    r = 2
    for label, value, unit in facts:
        book.text(ws, r, 1, label, font=bold)
        if isinstance(value, Decimal):
            book.number(ws, r, 4, value, "#,##0.0" if value % 1 else "#,##0")
            book.text(ws, r, 5, unit)
        elif value is not None:
            book.text(ws, r, 4, value)
        r += 1
    columns = [(_("Nr."), 7), (_("Indsats"), 44), (_("Trin"), 6), (_("Valgt i dag"), 18),
               (_("Forslag"), 18), (_("Effekt"), 9), (_("Omkostning i rammeårene"), 16),
               (_("Hvorfor?"), 60)]  # fmt: skip
    header_row = book.header(ws, r + 1, columns, freeze_column=3)
    r = header_row + 1
    for row in report.rows:
        for c, value in enumerate(
            (row.code, row.title, row.step, row.current, row.proposed or _("Ikke med")), start=1
        ):
            if isinstance(value, int):
                book.number(
                    ws, r, c, value, "0", alignment=Alignment(horizontal="center", vertical="top")
                )
            else:
                book.text(ws, r, c, value, alignment=wrap)
        if row.effect is not None:
            book.number(
                ws, r, 6, row.effect, "#,##0.0" if row.effect % 1 else "#,##0", alignment=top
            )
        book.number(ws, r, 7, excel_amount(row.cost), amount_format(row.cost), alignment=top)
        book.text(ws, r, 8, row.why, alignment=wrap)
        r += 1

    frames = book.sheet(_("Rammer"))
    book.header(frames, 1, [(_("Ramme"), 18), (_("Beløb"), 18), (_("Brugt i dag"), 18),
                            (_("Brugt af forslaget"), 18), (_("Tilbage"), 18)])  # fmt: skip
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

    front = book.sheet(_("Effektiv front"))
    book.header(front, 1, [(_("Rammer i pct. af i dag"), 22), (_("Rammer i alt"), 22),
                           (_("Omkostning"), 22), (_("Effekt"), 22)])  # fmt: skip
    for p in report.frontier:
        front.append([float(p.scale), excel_amount(p.budget), excel_amount(p.cost), float(p.value)])
        front.cell(front.max_row, 1).number_format = "0%"
        front.cell(front.max_row, 2).number_format = amount_format(p.budget)
        front.cell(front.max_row, 3).number_format = amount_format(p.cost)
    return book.to_bytes()
