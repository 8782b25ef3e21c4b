"""The strategy follow-up report (seed 002): a strategy's success criteria against their
targets, the student pipeline's figures and charts (cohorts from hire to job, intake against
the required intake, dropout by phase and cause, sick leave, where graduates were hired), the
focus areas with their initiatives, and the implementation status of the national programmes.

``build_strategy_report`` reads everything once, in a fixed number of queries whatever the
number of cohorts, criteria or programme items, into plain rows and ``pipeline_charts.Table``
objects, so the same rows feed the screen, the PDF, the DOCX and the XLSX.

Sharing mode (``shared=True``, "Til deling uden for organisationen"): every count passes
through calc.disclosure. Cohorts via students.shared (one decision); breakdowns via
ShownBreakdown.protected against
their totals (a phase or place breakdown is hidden whole when the cohort count it divides is
hidden); rates are hidden when a count they rest on is; the overall yield when any count it
rests on is; success criteria that rest on small counts show "<5" instead of the value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from indsats.calc import kpi, kpis
from indsats.calc.disclosure import THRESHOLD
from indsats.calc.indicators import Direction
from indsats.indicators.choices import HasVerdict
from indsats.strategies.choices import (
    CriterionKind,
    CriterionSource,
    ImplementationStatus,
    InitiativeState,
)
from indsats.strategies.models import (
    ProgrammeResponse,
    Strategy,
    SuccessCriterion,
)
from indsats.strategies.selectors import criterion_progress, strategy_detail
from indsats.students import selectors as student_selectors
from indsats.students.choices import Education
from indsats.students.selectors import IntakeRow
from indsats.students.shared import shared_figures

from . import pipeline_charts as pc
from .pipeline_charts import HIDDEN, NO_RATE, Cell, ShownBreakdown, Table
from .render import (
    danish_date,
    docx_bytes,
    docx_document,
    docx_footer,
    docx_header,
    docx_muted,
    docx_picture,
    docx_small,
    docx_widths,
    nowrap_amounts,
    pdf_from_template,
)

# The cohort table shows this many cohort years up to the report's year.
COHORT_YEARS = 8


# --- rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionRow(HasVerdict):
    id: int
    focus_area: str
    statement: str
    measure: str
    unit: str  # "percent", "count" or an indicator's unit
    baseline_value: Decimal | None  # None: none, or hidden
    baseline_text: str
    baseline_hidden: bool
    target_level: Decimal | None
    target_text: str
    latest_value: Decimal | None  # None: no value yet, or hidden
    latest_year: int | None
    latest_text: str
    latest_hidden: bool
    verdict: str
    values: tuple[tuple[int, str], ...]  # every year's value as shown
    explanation: str = ""  # why the verdict, in a sentence ("" when it would name a hidden figure)
    kpi: str = ""  # the pipeline KPI's code (calc.kpis), "" for an indicator

    @property
    def is_count(self) -> bool:
        return self.unit == "count"

    @property
    def values_text(self) -> str:
        return ", ".join(f"{year}: {text}" for year, text in self.values)


@dataclass(frozen=True)
class FocusAreaRow:
    name: str
    description: str
    started: tuple[str, ...]
    planned: tuple[str, ...]
    criteria: tuple[CriterionRow, ...]


@dataclass(frozen=True)
class ProgrammeRow:
    item: str
    initiative: str
    status: str  # "Implementeret primo 2023"
    status_code: str
    first: bool  # the first response to its item (the item is printed once)
    span: int  # how many responses the item has (rowspan on the first)

    @property
    def status_colour(self) -> str:
        return ImplementationStatus.colour(self.status_code) if self.status_code else "#5c5c5c"


@dataclass(frozen=True)
class ProgrammeBlock:
    name: str
    issuer: str
    published: str
    rows: tuple[ProgrammeRow, ...]

    @property
    def byline(self) -> str:
        return ", ".join(p for p in (self.issuer, self.published) if p)


@dataclass(frozen=True)
class Chart:
    """A chart and its table alternative."""

    anchor: str
    title: str
    svg: str
    table: Table
    note: str = ""

    @property
    def svg_safe(self) -> str:
        return mark_safe(self.svg)  # noqa: S308 - built by pipeline_charts from escaped values


@dataclass
class StrategyReport:
    organisation: object
    strategy_id: int
    strategy_title: str
    vision: str
    period: str
    adopted: str
    year: int
    shared: bool
    produced: dt.date
    criteria: list[CriterionRow] = field(default_factory=list)
    focus_areas: list[FocusAreaRow] = field(default_factory=list)
    cohorts: Chart | None = None
    overall_yield: Decimal | None = None
    overall_yield_basis: str = ""
    overall_yield_hidden: bool = False
    intake: Chart | None = None
    phases: Chart | None = None
    causes: Chart | None = None
    sick_leave: Chart | None = None
    places: Chart | None = None
    programmes: list[ProgrammeBlock] = field(default_factory=list)
    has_records: bool = False

    @property
    def title(self) -> str:
        return _("Opfølgning på strategien %(year)s") % {"year": self.year}

    @property
    def produced_text(self) -> str:
        return danish_date(self.produced)

    @property
    def shared_label(self) -> str:
        return _("Til deling uden for organisationen")

    @property
    def overall_yield_text(self) -> str:
        return pc.rate_text(self.overall_yield, "yield_rate")

    @property
    def charts(self) -> list[Chart]:
        """The pipeline sections in the order the report shows them."""
        return [
            c
            for c in (
                self.cohorts,
                self.intake,
                self.phases,
                self.causes,
                self.sick_leave,
                self.places,
            )
            if c is not None
        ]

    @property
    def tables(self) -> list[Table]:
        return [c.table for c in self.charts]

    @property
    def has_hidden(self) -> bool:
        return any(t.has_hidden for t in self.tables) or any(
            c.latest_hidden or c.baseline_hidden for c in self.criteria
        )

    @property
    def disclosure_note(self) -> str:
        return _(
            "»<5« står for et antal under 5: tal under 5 vises ikke, når rapporten deles uden "
            "for organisationen. »skjult« står for et tal, der kan være stort, men er skjult, "
            "for at et tal under 5 ikke kan regnes ud af totaler, andre tal eller tal for "
            "begge uddannelser tilsammen. En sats, der bygger på et skjult antal, vises som "
            "»–«, og det samme gør sygefraværet i et år med færre end 5 elever. At ingen "
            "elever er i gang på en afsluttet årgang, er ikke et lille tal og vises som 0."
        )


# --- building -------------------------------------------------------------------------------


def strategy_for_report(organisation, pk: int | None) -> Strategy | None:
    qs = Strategy.objects.filter(organisation=organisation)
    if pk is not None:
        return qs.filter(pk=pk).first()
    return qs.order_by("-start_year", "-id").first()


def _signed(value: Decimal) -> str:
    text = pc.format_number(abs(value), 0 if value == value.to_integral_value() else 1)
    return ("−" if value < 0 else "+") + text


def _target_text(c: SuccessCriterion, level: Decimal | None, unit: str, fmt) -> str:
    deadline = c.deadline_year
    target = Decimal(c.target_value)
    if c.kind == CriterionKind.MIN_PER_YEAR:
        word = _("mindst") if c.direction == Direction.HIGHER else _("højst")
        return _("%(word)s %(value)s om året til %(year)s") % {
            "word": word,
            "value": fmt(target),
            "year": deadline,
        }
    level_text = fmt(level) if level is not None else ""
    if c.kind == CriterionKind.CHANGE_POINTS:
        change = _("%(change)s procentpoint") % {"change": _signed(target)}
    elif c.kind == CriterionKind.CHANGE_RELATIVE:
        change = _("%(change)s %%") % {"change": _signed(target)}
    else:
        return _("%(level)s i %(year)s") % {"level": level_text, "year": deadline}
    if level is None:
        return _("%(change)s i %(year)s") % {"change": change, "year": deadline}
    return _("%(change)s til %(level)s i %(year)s") % {
        "change": change,
        "level": level_text,
        "year": deadline,
    }


def _kpi_hidden_years(pipe, figures, code: str, education: str, years) -> set[int]:
    """The years whose value of a pipeline KPI rests on a count that the organisation's shared
    figures (students.shared) hide."""
    source = kpis.get(code).source  # where the registry says the KPI is read
    if source == "sick_leave":
        return set()
    hidden = set()
    for year in years:
        if source == "intake":
            started = (
                sum(
                    r.started for r in pipe.intake if r.year == year and r.education in (education,)
                )
                if education
                else sum(r.started for r in pipe.intake if r.year == year)
            )
            if started < THRESHOLD:
                hidden.add(year)
            continue
        shared = figures.cohort(education, year)
        if shared is None:
            continue
        if source == "phases":
            main = sum(
                n
                for b in pipe.phases
                if b.year == year and (not education or b.education == education)
                for key, n in b.counts.items()
                if key and key != "GF"
            )
            shown = None if shared.started is None or main < THRESHOLD else 1
        else:
            shown = getattr(shared, code, 1)
        if shown is None:
            hidden.add(year)
    return hidden


def _shown_value(
    year: int, value: Decimal | None, unit: str, hidden_years: set[int], small_counts: bool, fmt
) -> tuple[Decimal | None, str]:
    """(value, text) of a criterion's figure as shown: (None, "<5") for a hidden count below
    5, (None, "skjult") for a count hidden to protect another, (None, "–") for a hidden rate."""
    if value is None:
        return None, ""
    if year in hidden_years or (small_counts and value < THRESHOLD):
        if unit != "count":
            return None, NO_RATE
        return None, HIDDEN if value < THRESHOLD else _("skjult")
    return value, fmt(value)


def _criterion_rows(
    strategy, criteria, pipe, figures, year: int, shared: bool
) -> list[CriterionRow]:
    """Each criterion's progress (strategies.selectors.criterion_progress: the series, target
    level and verdict up to ``year``) as shown; in a shared report the figures resting on small
    counts are hidden, and so is the explanation, which names the latest figure."""
    rows = []
    for p in criterion_progress(strategy, as_of_year=year, criteria=criteria):
        c = p.criterion
        unit = p.unit
        series = dict(sorted(p.series.items()))
        hidden_years: set[int] = set()
        if shared and c.source == CriterionSource.KPI:
            hidden_years = _kpi_hidden_years(pipe, figures, c.kpi, c.education, series)
        small_counts = shared and unit == "count" and c.source == CriterionSource.KPI
        result = p.result
        level = result.target_level if result else None
        latest_year = result.latest_year if result else None
        latest = result.latest if result else None
        baseline = p.baseline
        baseline_shown, baseline_text = _shown_value(
            c.baseline_year, baseline, unit, hidden_years, small_counts, p.format
        )
        latest_shown, latest_text = (
            _shown_value(latest_year, latest, unit, hidden_years, small_counts, p.format)
            if latest_year is not None
            else (None, "")
        )
        values = tuple(
            (y, _shown_value(y, v, unit, hidden_years, small_counts, p.format)[1])
            for y, v in series.items()
        )
        anything_hidden = any(text in (HIDDEN, NO_RATE, _("skjult")) for _y, text in values) or (
            baseline is not None and baseline_shown is None
        )
        rows.append(
            CriterionRow(
                id=c.pk,
                focus_area=c.focus_area.name if c.focus_area else "",
                statement=c.statement,
                measure=(
                    f"{p.measure}, {Education.short(c.education)}" if c.education else p.measure
                ),
                unit=unit,
                baseline_value=baseline_shown,
                baseline_text=f"{baseline_text} ({c.baseline_year})" if baseline_text else "",
                baseline_hidden=baseline is not None and baseline_shown is None,
                target_level=level,
                target_text=_target_text(c, level, unit, p.format),
                latest_value=latest_shown,
                latest_year=latest_year,
                latest_text=f"{latest_text} ({latest_year})" if latest_text else "",
                latest_hidden=latest_year is not None and latest_shown is None,
                verdict=str(p.verdict),
                values=values,
                explanation="" if anything_hidden or result is None else p.explanation,
                kpi=c.kpi if c.source == CriterionSource.KPI else "",
            )
        )
    return rows


def _status_text(response: ProgrammeResponse) -> str:
    label = str(ImplementationStatus(response.status).label) if response.status else ""
    note = response.status_note.strip()
    year = str(response.status_year) if response.status_year else ""
    if year and note and year in note:
        year = ""
    return " ".join(p for p in (label, year, note) if p)


def _programmes(strategy: Strategy) -> list[ProgrammeBlock]:
    blocks = []
    for programme in sorted(strategy.programmes.all(), key=lambda p: (p.order, p.id)):
        rows = []
        for item in sorted(programme.items.all(), key=lambda i: (i.order, i.id)):
            responses = sorted(item.responses.all(), key=lambda r: (r.order, r.id))
            if not responses:
                rows.append(ProgrammeRow(item.text, "", "", "", True, 1))
            for i, r in enumerate(responses):
                text = r.text
                if r.initiative is not None and r.initiative.title not in text:
                    text = f"{text} ({r.initiative.code} {r.initiative.title})".replace("( ", "(")
                rows.append(
                    ProgrammeRow(item.text, text, _status_text(r), r.status, i == 0, len(responses))
                )
        blocks.append(
            ProgrammeBlock(programme.name, programme.issuer, programme.published, tuple(rows))
        )
    return blocks


def _focus_areas(strategy: Strategy, criteria: list[CriterionRow]) -> list[FocusAreaRow]:
    out = []
    for area in strategy.focus_areas.all():
        links = list(area.initiative_links.all())

        def title(link) -> str:
            code = link.initiative.code
            return f"{code} {link.initiative.title}" if code else link.initiative.title

        out.append(
            FocusAreaRow(
                name=area.name,
                description=area.description,
                started=tuple(title(x) for x in links if x.state == InitiativeState.STARTED),
                planned=tuple(title(x) for x in links if x.state == InitiativeState.PLANNED),
                criteria=tuple(c for c in criteria if c.focus_area == area.name),
            )
        )
    return out


def _latest_per_education(items, year_attr: str, upto: int):
    best = {}
    for item in items:
        y = getattr(item, year_attr)
        if y <= upto and (
            item.education not in best or y > getattr(best[item.education], year_attr)
        ):
            best[item.education] = item
    return [best[e] for e in Education.values if e in best]


def build_strategy_report(
    strategy: Strategy, *, year: int, shared: bool = False, today: dt.date | None = None
) -> StrategyReport:
    """The report's rows for ``year`` (figures up to and including that year). A fixed number
    of queries (about 20) whatever the number of cohorts, criteria or programme items."""
    strategy = strategy_detail(strategy)
    organisation = strategy.organisation
    # outcomes as known by the end of the report's year (dated student records)
    pipe = student_selectors.pipeline(organisation, as_of=year)
    criteria = sorted(strategy.success_criteria.all(), key=lambda c: (c.order, c.id))
    figures = shared_figures(pipe) if shared else None
    criterion_rows = _criterion_rows(strategy, criteria, pipe, figures, year, shared)
    first_year = year - COHORT_YEARS + 1

    # Cohorts: the table over the window; the funnel and the overall yield over the newest
    # finished cohort of each education (the strategy's »senest færdige årgange«).
    window = [c for c in pipe.cohorts if first_year <= c.cohort_year <= year]
    finished = [kpi.latest_finished([c for c in window], e) for e in Education.values]
    finished = [c for c in finished if c is not None]
    shown_window = (
        [figures.cohort(c.education, c.cohort_year) for c in window] if shared else window
    )
    shown_by_key = {
        (c.education, c.cohort_year): s for c, s in zip(window, shown_window, strict=True)
    }
    funnel = [shown_by_key[(c.education, c.cohort_year)] for c in finished]
    overall = kpi.overall_yield(finished)
    overall_hidden = shared and any(s.started is None or s.hired is None for s in funnel)
    basis = (" " + _("og") + " ").join(
        f"{Education.short(c.education)} {c.cohort_year}" for c in finished
    )
    cohorts_chart = Chart(
        "aargange",
        _("Fra elev til ansat"),
        pc.funnel_chart(funnel, chart_id="strategi-tragt"),
        pc.funnel_table(shown_window),
        _("Diagrammet viser de senest afsluttede årgange; tabellen alle årgange fra %(first)s.")
        % {"first": first_year},
    )

    # Intake against the required intake.
    # Only years and educations with cohort figures: without them "0 hired" would be a guess.
    intake_rows = [
        r
        for r in pipe.intake
        if first_year <= r.year <= year and pipe.cohort(r.education, r.year) is not None
    ]
    if shared:
        intake_rows = [
            IntakeRow(
                r.education, r.year, r.started if r.started >= THRESHOLD else None, r.required
            )
            for r in intake_rows
        ]
    intake_chart = Chart(
        "dimensionering",
        _("Ansatte elever og dimensionering"),
        pc.intake_chart(intake_rows, chart_id="strategi-optag"),
        pc.intake_table(intake_rows),
    )

    # Dropout by phase and places of hire for the cohorts of the funnel (or the newest cohorts
    # with such figures): partitions of the cohort's dropouts and hires.
    def of_cohorts(breakdowns, total_attr: str) -> list[ShownBreakdown]:
        chosen = []
        for e in Education.values:
            c = next((x for x in finished if x.education == e), None)
            b = None
            if c is not None:
                b = next(
                    (x for x in breakdowns if x.education == e and x.year == c.cohort_year), None
                )
            if b is None:
                b = next(
                    iter(
                        _latest_per_education(
                            [x for x in breakdowns if x.education == e], "year", year
                        )
                    ),
                    None,
                )
            if b is None:
                continue
            if shared:
                counts, total, secondary = figures.breakdown(b, total_attr)
                chosen.append(ShownBreakdown(b.education, b.year, counts, total, True, secondary))
            else:
                chosen.append(ShownBreakdown.of(b))
        return chosen

    phases = of_cohorts(pipe.phases, "dropped_out")
    phase_chart = Chart(
        "faser",
        _("Hvornår falder eleverne fra?"),
        pc.phase_chart(phases, chart_id="strategi-faser"),
        pc.phase_table(phases),
    )
    places = of_cohorts(pipe.places, "hired")
    places_chart = Chart(
        "ansat-hvor",
        _("Hvor blev de færdiguddannede ansat?"),
        pc.places_chart(places, chart_id="strategi-ansat-hvor"),
        pc.places_table(places),
    )

    # Dropout causes in the newest year up to the report's year that has any.
    cause_years = [b.year for b in pipe.causes if b.year <= year]
    causes = []
    if cause_years:
        newest = max(cause_years)
        causes = [ShownBreakdown.of(b, shared=shared) for b in pipe.causes if b.year == newest]
    causes_chart = Chart(
        "aarsager",
        _("Årsager til frafald"),
        pc.causes_chart(causes, chart_id="strategi-aarsager"),
        pc.causes_table(causes),
        (_("Frafald i %(year)s fordelt på årsag.") % {"year": max(cause_years)})
        if cause_years
        else "",
    )

    # Sick leave of all students per year. Shared, a year whose rate rests on fewer than five
    # students is hidden: it would tell each one's absence.
    sick: dict[int, Decimal | None] = {
        y: v for (e, y), v in pipe.sick_leave.items() if e == "" and first_year <= y <= year
    }
    if shared:
        for y in sick:
            n = pipe.sick_leave_students.get(("", y))
            if n is not None and n < THRESHOLD:
                sick[y] = None
    sick_chart = Chart(
        "sygefravaer",
        _("Sygefravær"),
        pc.sick_leave_chart(sick, chart_id="strategi-sygefravaer"),
        pc.sick_leave_table(sick),
        _("Sygedage i forhold til planlagte arbejdsdage, alle elever."),
    )

    return StrategyReport(
        organisation=organisation,
        strategy_id=strategy.pk,
        strategy_title=strategy.title,
        vision=strategy.vision,
        period=f"{strategy.start_year}–{strategy.end_year}",
        adopted=strategy.adopted,
        year=year,
        shared=shared,
        produced=today or timezone.localdate(),
        criteria=criterion_rows,
        focus_areas=_focus_areas(strategy, criterion_rows),
        cohorts=cohorts_chart,
        overall_yield=None if overall_hidden else overall,
        overall_yield_basis=basis,
        overall_yield_hidden=overall_hidden,
        intake=intake_chart,
        phases=phase_chart,
        causes=causes_chart,
        sick_leave=sick_chart,
        places=places_chart,
        programmes=_programmes(strategy),
        has_records=pipe.has_records,
    )


def strategy_filename(report: StrategyReport, extension: str) -> str:
    """``strategi-frederikssund-2024.pdf``, ``strategi-frederikssund-2024-deling.xlsx``"""
    parts = ["strategi", slugify(report.organisation.slug), str(report.year)]
    if report.shared:
        parts.append("deling")
    return "-".join(parts) + "." + extension


def default_year(strategy: Strategy, today: dt.date | None = None) -> int:
    """This year, but not after the strategy's last year."""
    this_year = (today or timezone.localdate()).year
    return min(this_year, strategy.end_year)


# --- PDF --------------------------------------------------------------------------------------


def render_pdf(report: StrategyReport) -> bytes:
    return pdf_from_template("reports/strategy_pdf.html", {"report": report})


# --- DOCX -------------------------------------------------------------------------------------


def _docx_table(doc, table: Table, width_mm: int):
    """A Table as a Word table: header row repeated on each page, figures right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    numeric = table.numeric_columns - {0}
    if table.caption:
        caption = doc.add_paragraph()
        caption.add_run(table.caption).bold = True
        caption.paragraph_format.keep_with_next = True
    t = doc.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    t.style = "Table Grid"
    docx_header(t, list(table.headers), right=numeric)
    for r, row in enumerate(table.rows, start=1):
        for c, cell in enumerate(row):
            target = t.rows[r].cells[c]
            target.text = cell.text
            if c in numeric:
                target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    first = Mm(width_mm) * 0.34 if len(table.headers) > 2 else Mm(width_mm) * 0.5
    rest = (Mm(width_mm) - first) / max(len(table.headers) - 1, 1)
    docx_widths(t, [int(first)] + [int(rest)] * (len(table.headers) - 1))
    docx_small(t)
    doc.add_paragraph()
    return t


CHART_WIDTH_MM = 160


def render_docx(report: StrategyReport) -> bytes:
    from docx.shared import Mm, Pt, RGBColor

    doc, section = docx_document(report.organisation, report.strategy_title, side_margin=18)
    width = 210 - 2 * 18
    meta = doc.add_paragraph()
    parts = [report.title, _("Strategiperiode") + " " + report.period]
    if report.adopted:
        parts.append(report.adopted)
    parts.append(_("Udskrevet %(d)s") % {"d": report.produced_text})
    docx_muted(meta.add_run(" · ".join(parts)))
    if report.shared:
        banner = doc.add_paragraph()
        run = banner.add_run(
            f"{report.shared_label}. " + _("Antal under 5 er skjult (se note sidst i rapporten).")
        )
        run.bold = True
        run.font.color.rgb = RGBColor.from_string("B51D09")
    docx_footer(
        section,
        f"{report.organisation.name} · {report.strategy_title}"
        + (f" · {report.shared_label}" if report.shared else "")
        + " · "
        + _("Side")
        + " ",
        produced_text=report.produced_text,
    )
    if report.vision:
        doc.add_paragraph().add_run(report.vision).italic = True

    doc.add_heading(_("Succeskriterier"), level=1)
    if report.criteria:
        headers = [_("Succeskriterium"), _("Måles på"), _("Udgangspunkt"), _("Mål"), _("Seneste"),
                   _("Vurdering")]  # fmt: skip
        t = doc.add_table(rows=1 + len(report.criteria), cols=len(headers))
        t.style = "Table Grid"
        docx_header(t, headers, right=set())
        for r, c in enumerate(report.criteria, start=1):
            cells = t.rows[r].cells
            statement = cells[0].paragraphs[0]
            if c.focus_area:
                docx_muted(statement.add_run(c.focus_area + "\n")).font.size = Pt(8)
            statement.add_run(c.statement)
            values = nowrap_amounts(c.values_text) if c.values else ""
            cells[1].text = c.measure + (f"\n{values}" if values else "")
            cells[2].text = nowrap_amounts(c.baseline_text) or "–"
            cells[3].text = nowrap_amounts(c.target_text)
            cells[4].text = nowrap_amounts(c.latest_text) or "–"
            run = cells[5].paragraphs[0].add_run(c.verdict_label)
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(c.verdict_colour.lstrip("#").upper())
            if c.explanation:
                docx_muted(cells[5].paragraphs[0].add_run("\n" + c.explanation)).font.size = Pt(8)
        docx_widths(t, [Mm(40), Mm(29), Mm(26), Mm(24), Mm(18), Mm(37)])
        docx_small(t)
    else:
        doc.add_paragraph(_("Strategien har ingen succeskriterier endnu."))

    doc.add_heading(_("Elevforløbet i tal"), level=1)
    if report.overall_yield_basis:
        p = doc.add_paragraph(
            _(
                "Ansat efter endt uddannelse, af alle der startede på de senest afsluttede "
                "årgange (%(basis)s):"
            )
            % {"basis": report.overall_yield_basis}
            + " "
        )
        p.add_run(report.overall_yield_text).bold = True
    for chart in report.charts:
        doc.add_heading(chart.title, level=2)
        if chart.note:
            docx_muted(doc.add_paragraph().add_run(chart.note))
        alt = _("Diagram: %(title)s. Tallene står i tabellen under diagrammet.") % {
            "title": chart.title
        }
        docx_picture(doc, chart.svg, width_mm=CHART_WIDTH_MM, alt=alt)
        if chart.table.rows:
            _docx_table(doc, chart.table, width)
        else:
            docx_muted(doc.add_paragraph().add_run(_("Ingen tal.")))

    if report.focus_areas:
        doc.add_heading(_("Fokusområder og initiativer"), level=1)
        for area in report.focus_areas:
            doc.add_heading(area.name, level=2)
            if area.description:
                doc.add_paragraph(area.description)
            for heading, items in (
                (_("Allerede iværksat"), area.started),
                (_("Fremtidige initiativer"), area.planned),
            ):
                doc.add_heading(heading, level=3)
                if items:
                    for item in items:
                        doc.add_paragraph(item, style="List Bullet")
                else:
                    docx_muted(doc.add_paragraph().add_run(_("Ingen")))

    if report.programmes:
        doc.add_heading(_("Nationale udspil: status for implementering"), level=1)
        for block in report.programmes:
            doc.add_heading(block.name, level=2)
            if block.byline:
                docx_muted(doc.add_paragraph().add_run(block.byline))
            headers = [_("Udspillets punkt"), _("Initiativ i kommunen"), _("Status")]
            t = doc.add_table(rows=1 + len(block.rows), cols=3)
            t.style = "Table Grid"
            docx_header(t, headers, right=set())
            start = None
            for r, row in enumerate(block.rows, start=1):
                cells = t.rows[r].cells
                if row.first:
                    cells[0].text = row.item
                    start = r
                cells[1].text = row.initiative or "–"
                cells[2].text = row.status or "–"
                if not row.first and start is not None and r == start + row.span - 1:
                    t.cell(start, 0).merge(t.cell(r, 0))
            docx_widths(t, [Mm(60), Mm(70), Mm(44)])
            docx_small(t)

    if report.shared:
        p = doc.add_paragraph()
        p.add_run(_("Små tal er skjult.") + " ").bold = True
        p.add_run(report.disclosure_note)
    return docx_bytes(doc)


# --- XLSX -------------------------------------------------------------------------------------

COUNT_FORMAT = "#,##0"
INDICATOR_RATE_FORMAT = (
    "0.0#%"  # an indicator's percentage (a KPI's: Book.percent, registry places)
)


def _short_sheet_names() -> dict[str, str]:
    """Sheet tabs for the chart sections whose headings are longer than Excel's 31 characters."""
    return {
        "dimensionering": _("Optag og dimensionering"),
        "faser": _("Frafald pr. fase"),
        "ansat-hvor": _("Ansat hvor efter uddannelsen"),
    }


def _sheet_title(text: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    clean = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31].strip()
    name, n = clean, 2
    while name in used:
        suffix = f" {n}"
        name = clean[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def render_xlsx(report: StrategyReport) -> bytes:
    """One sheet per section; counts and rates as numbers with Danish number formats; a hidden
    count is the text "<5"."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from indsats.core.spreadsheet import HEADER_FILL, Book, percent_value, set_text

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    thin = Side(style="thin", color="BFBFBF")
    wrap = Alignment(wrap_text=True, vertical="top")
    right = Alignment(horizontal="right", vertical="top")
    used: set[str] = set()
    book = Book()
    wb = book.wb

    def sheet(title: str, name: str | None = None):
        ws = book.sheet(_sheet_title(name or title, used))
        set_text(ws["A1"], title)
        ws["A1"].font = Font(bold=True, size=14)
        set_text(ws["A2"], f"{report.organisation.name} · {report.strategy_title} · {report.title}")
        ws["A3"] = (
            f"{report.shared_label}. " + _("Antal under 5 er skjult som »<5«.")
            if report.shared
            else _("Til intern brug.")
        )
        if report.shared:
            ws["A3"].font = Font(bold=True, color="B51D09")
        return ws

    def header(ws, row: int, labels, widths):
        for i, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
            cell = ws.cell(row=row, column=i, value=label)
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
            cell.border = Border(bottom=thin)
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = ws.cell(row=row + 1, column=1)
        ws.print_title_rows = f"{row}:{row}"

    def text(ws, r: int, c: int, value, alignment=wrap):
        cell = set_text(ws.cell(row=r, column=c), value)  # text, never a formula
        cell.alignment = alignment
        return cell

    def figure(ws, r: int, c: int, cell: Cell):
        if cell.kind == "count":
            if cell.value is None:
                return text(ws, r, c, HIDDEN, right)
            target = ws.cell(row=r, column=c, value=int(cell.value))
            target.number_format = COUNT_FORMAT
        elif cell.kind in ("rate", "sick_leave"):
            if cell.value is None:
                return text(ws, r, c, NO_RATE, right)
            k = cell.kpi
            target = book.percent(ws, r, c, k.round(cell.value), places=k.decimals)
        elif cell.kind == "number":
            target = ws.cell(row=r, column=c, value=cell.value)
            target.number_format = COUNT_FORMAT
        elif cell.kind == "year":
            target = ws.cell(row=r, column=c, value=cell.value)
            target.number_format = "0"
        else:
            return text(ws, r, c, cell.text)
        target.alignment = right
        return target

    # Success criteria
    ws = sheet(_("Succeskriterier"))
    labels = [_("Fokusområde"), _("Succeskriterium"), _("Måles på"), _("Udgangsår"),
              _("Udgangspunkt"), _("Mål"), _("Målniveau"), _("Seneste år"), _("Seneste værdi"),
              _("Vurdering"), _("Værdier pr. år"), _("Forklaring")]  # fmt: skip
    header(ws, 5, labels, [18, 40, 24, 10, 14, 24, 11, 9, 12, 18, 32, 45])
    r = 6
    for c in report.criteria:
        text(ws, r, 1, c.focus_area)
        text(ws, r, 2, c.statement)
        text(ws, r, 3, c.measure)
        for col, value, hidden, shown_text in (
            (5, c.baseline_value, c.baseline_hidden, c.baseline_text),
            (9, c.latest_value, c.latest_hidden, c.latest_text),
        ):
            kind = "count" if c.is_count else "rate" if c.unit == "percent" else "number"
            if hidden:
                # "<5", "skjult" or "–", as on the page
                text(ws, r, col, shown_text.split(" (")[0] if c.is_count else NO_RATE, right)
            elif value is not None:
                if kind == "rate" and c.kpi:
                    k = kpis.get(c.kpi)  # the registry's rounding, as on the page
                    cell = book.percent(ws, r, col, k.round(value), places=k.decimals)
                elif kind == "rate":
                    cell = ws.cell(
                        row=r,
                        column=col,
                        value=percent_value(Decimal(value).quantize(Decimal("0.01"))),
                    )
                    cell.number_format = INDICATOR_RATE_FORMAT
                else:
                    cell = ws.cell(row=r, column=col, value=Decimal(value).normalize())
                    cell.number_format = COUNT_FORMAT
                cell.alignment = right
        baseline_year = c.baseline_text.rsplit("(", 1)[-1].rstrip(")") if c.baseline_text else ""
        if baseline_year.isdigit():
            ws.cell(row=r, column=4, value=int(baseline_year)).alignment = right
        text(ws, r, 6, c.target_text)
        if c.target_level is not None:
            level_value = Decimal(c.target_level).quantize(Decimal("0.01"))
            if c.unit == "percent" and c.kpi:
                k = kpis.get(c.kpi)
                level = book.percent(ws, r, 7, k.round(c.target_level), places=k.decimals)
            elif c.unit == "percent":
                level = ws.cell(row=r, column=7, value=percent_value(level_value))
                level.number_format = INDICATOR_RATE_FORMAT
            else:
                level = ws.cell(row=r, column=7, value=level_value)
                level.number_format = COUNT_FORMAT
            level.alignment = right
        if c.latest_year is not None:
            ws.cell(row=r, column=8, value=c.latest_year).alignment = right
        text(ws, r, 10, c.verdict_label)
        text(ws, r, 11, c.values_text)
        text(ws, r, 12, c.explanation)
        r += 1

    # The pipeline sections, one sheet each, from the same tables as the page.
    for chart in report.charts:
        ws = sheet(chart.title, _short_sheet_names().get(chart.anchor))
        table = chart.table
        widths = [max(12, min(44, len(h) + 4)) for h in table.headers]
        if table.rows:
            widths[0] = max(widths[0], max(len(row[0].text) for row in table.rows) + 2)
        header(ws, 5, list(table.headers), widths)
        r = 6
        totals = dict(table.sums)
        for i, row in enumerate(table.rows):
            for c, cell in enumerate(row, start=1):
                parts = [table.rows[p][c - 1] for p in totals.get(i, ())]
                if parts and _adds_up(cell, parts):
                    # "I alt" as a formula over the rows it adds up, with the figure cached
                    refs = [f"{get_column_letter(c)}{6 + p}" for p in totals[i]]
                    total = book.total(ws, r, c, _ranges(refs), int(cell.value), COUNT_FORMAT)
                    total.alignment = right
                else:
                    figure(ws, r, c, cell)
            r += 1
        if chart.note:
            text(ws, r + 1, 1, chart.note, Alignment(vertical="top"))
    if report.overall_yield_basis:
        ws = wb[_sheet_title_lookup(wb, report.cohorts.title if report.cohorts else "")]
        row = ws.max_row + 2
        text(ws, row, 1, _("Ansat efter uddannelsen af startede, %(basis)s")
             % {"basis": report.overall_yield_basis})  # fmt: skip
        figure(ws, row, 2, Cell(report.overall_yield, "rate", code="yield_rate"))

    # Focus areas and their initiatives
    if report.focus_areas:
        ws = sheet(_("Fokusområder"))
        header(ws, 5, [_("Fokusområde"), _("Status"), _("Initiativ")], [28, 20, 70])
        r = 6
        for area in report.focus_areas:
            for state, items in ((_("Allerede iværksat"), area.started),
                                 (_("Fremtidig"), area.planned)):  # fmt: skip
                for item in items:
                    text(ws, r, 1, area.name)
                    text(ws, r, 2, state)
                    text(ws, r, 3, item)
                    r += 1

    # National programmes
    if report.programmes:
        ws = sheet(_("Nationale udspil"))
        header(ws, 5, [_("Udspil"), _("Udspillets punkt"), _("Initiativ i kommunen"), _("Status")],
               [26, 50, 60, 30])  # fmt: skip
        r = 6
        for block in report.programmes:
            for row in block.rows:
                text(ws, r, 1, block.name)
                text(ws, r, 2, row.item)
                text(ws, r, 3, row.initiative)
                text(ws, r, 4, row.status)
                r += 1

    if report.shared:
        ws = sheet(_("Om små tal"))
        text(ws, 5, 1, report.disclosure_note)
        ws.column_dimensions["A"].width = 100
    return book.to_bytes()


def _adds_up(total: Cell, parts: list[Cell]) -> bool:
    """Whether a total can be a formula over its parts: every one a shown count, and they add
    up to it (a hidden part would make the formula show less than the total)."""
    if total.kind != "count" or total.value is None:
        return False
    if any(p.kind != "count" or p.value is None for p in parts):
        return False
    return sum(int(p.value) for p in parts) == int(total.value)


def _ranges(refs: list[str]) -> list[str]:
    """``["B6", "B7", "B8"]`` -> ``["B6:B8"]`` (consecutive cells of one column)."""
    first, last = refs[0], refs[-1]
    return [f"{first}:{last}"] if len(refs) > 1 else refs


def _sheet_title_lookup(wb, title: str) -> str:
    """The name the sheet for ``title`` got (the first sheet whose A1 is the title)."""
    for ws in wb.worksheets:
        if ws["A1"].value == title:
            return ws.title
    return wb.worksheets[0].title
