"""Server-rendered SVG charts of the SOSU student pipeline, in the house style of
reports.charts: used on the pipeline pages, in the strategy follow-up report on screen and in
its PDF. Every chart has a <title> and <desc> for screen readers, and a table alternative
(``*_table`` → ``Table``, rendered by the template include ``reports/_pipeline_table.html`` and
by the PDF, DOCX and XLSX writers) with the same figures.

Every count may be ``None``: hidden because it is below the disclosure threshold (primary,
labelled "<5"), or because a small count could be worked out from it (secondary, labelled
"skjult"; calc.disclosure.Mark says which). A hidden count is drawn as no bar; a rate resting on
a hidden count is shown as "–".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

from indsats.calc import kpis
from indsats.calc.danish import format_number
from indsats.calc.disclosure import THRESHOLD, Mark, protect_partition
from indsats.calc.kpi import phase_order_key
from indsats.calc.kpis import CALENDAR_YEAR, COHORT
from indsats.students.choices import DropoutCause, Education, Phase
from indsats.students.kpis import label as kpi_label

from .charts import FONT, GRID_COLOUR, MUTED_COLOUR, TEXT_COLOUR, _n, _tick

HIDDEN = f"<{THRESHOLD}"
NO_RATE = "–"

# Stages of the funnel, darkest first; educations and series in the grouped charts.
STAGE_COLOURS = ("#1f4e8c", "#0059b3", "#6a9fd8")
SERIES_COLOURS = ("#0059b3", "#b35900", "#2e6b30", "#6b2e8c", "#595959", "#8a1d1d")
REQUIRED_COLOUR = "#b51d09"

_ids = itertools.count(1)


# --- figures as text ----------------------------------------------------------------------


def count_text(value: int | None, small: bool = True) -> str:
    """A count Danish style; hidden: "<5" when it is below 5 itself (``small``), else
    "skjult" (hidden so that a small count cannot be worked out)."""
    if value is None:
        return HIDDEN if small else _("skjult")
    return format_number(value)


def is_small(shown, name: str) -> bool:
    """Whether the hidden count ``name`` of a shown cohort (calc.disclosure.SharedCohort) is
    below 5 itself; a plain cohort hides nothing."""
    mark = getattr(shown, "mark", None)
    return mark is None or mark(name) != Mark.PROTECTS


def rate_text(value: Decimal | None, code: str) -> str:
    """The KPI ``code``'s figure with the registry's rounding ("83,8 %"), or "–" when hidden
    or without a denominator."""
    return NO_RATE if value is None else kpis.format_value(code, value)


def sick_leave_text(value: Decimal | None) -> str:
    """Sick leave with the registry's two decimals: "9,10 %", "8,64 %"."""
    return rate_text(value, "sick_leave_rate")


def education_label(education: str) -> str:
    return Education.short(education) if education else _("Begge uddannelser")


def cause_label(key: str) -> str:
    if not key:
        return _("Ikke oplyst")
    return str(DropoutCause(key).label) if key in DropoutCause.values else key


def phase_label(key: str) -> str:
    if not key:
        return _("Ikke oplyst")
    return str(Phase(key).label) if key in Phase.values else key


def place_label(key: str) -> str:
    return key or _("Ikke oplyst")


# --- tables: the charts' text alternative, and the rows of every report format --------------


@dataclass(frozen=True)
class Cell:
    """One table cell. ``kind`` is "text", "count" (a count of students: hidden below the
    threshold in a shared report), "rate" (a pipeline KPI's figure: ``code`` names it in the
    registry, calc.kpis, whose rounding it is shown with), "sick_leave" (the sick-leave
    KPI), "number" (not a count of people, e.g. the required intake) or "year"."""

    value: object
    kind: str = "text"
    # a hidden count: below 5 itself ("<5"), or hidden to protect another ("skjult")
    small: bool = True
    code: str = ""  # a rate's KPI code (calc.kpis)

    @property
    def hidden(self) -> bool:
        return self.kind in ("count", "rate", "sick_leave") and self.value is None

    @property
    def numeric(self) -> bool:
        return self.kind != "text"

    @property
    def kpi(self) -> kpis.Kpi:
        """The registry entry whose rounding a rate cell is shown with (ValueError for a rate
        that does not name its KPI)."""
        return kpis.get("sick_leave_rate" if self.kind == "sick_leave" else self.code)

    @property
    def text(self) -> str:
        if self.kind == "count":
            return count_text(self.value, self.small)
        if self.kind in ("rate", "sick_leave"):
            return rate_text(self.value, self.kpi.code)
        if self.kind == "number":
            return "–" if self.value is None else format_number(self.value)
        if self.kind == "year":
            return "" if self.value is None else str(self.value)
        return "" if self.value is None else str(self.value)


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # The "I alt" rows: (the total row's index, the indexes of the rows it adds up), so a
    # spreadsheet can write the total as a formula over them.
    sums: tuple[tuple[int, tuple[int, ...]], ...] = ()

    @property
    def numeric_columns(self) -> set[int]:
        return {i for row in self.rows for i, cell in enumerate(row) if cell.numeric}

    @property
    def has_hidden(self) -> bool:
        return any(cell.hidden for row in self.rows for cell in row)

    @property
    def has_secondary(self) -> bool:
        return any(cell.hidden and not cell.small for row in self.rows for cell in row)


# --- breakdowns as shown ----------------------------------------------------------------------


@dataclass(frozen=True)
class ShownBreakdown:
    """A breakdown (dropout causes, phases or places of hire for one education and year) as it
    is shown: in a shared report with small counts hidden against the breakdown's total."""

    education: str
    year: int
    counts: Mapping[str, int | None] = field(default_factory=dict)
    total: int | None = 0
    # Shown outside the organisation: a category missing from the counts (none there) is a
    # count below 5 too, so it is hidden rather than shown as 0.
    shared: bool = False
    # keys (and "total") hidden to protect another count, not because they are small
    secondary: frozenset = frozenset()
    # whom the year counts (calc.kpis): an intake cohort ("årgang 2022": phases, places of
    # hire) or the calendar year of the event ("frafaldet i 2022": dropout causes)
    population: str = COHORT

    def count(self, key: str) -> int | None:
        """The count of ``key`` as shown (None = hidden); 0 for a category with nobody."""
        if key in self.counts:
            return self.counts[key]
        return None if self.shared or self.total is None else 0

    def small(self, key: str) -> bool:
        """Whether a hidden count (``key`` or "total") is below 5 itself."""
        return key not in self.secondary

    def text(self, key: str) -> str:
        value = self.total if key == "total" else self.count(key)
        return count_text(value, self.small(key))

    @classmethod
    def protected(
        cls, education: str, year: int, counts: Mapping, *, total_hidden_above: bool = False
    ) -> ShownBreakdown:
        """A breakdown as shown outside the organisation (calc.disclosure): its total hidden
        when the partition above hides it."""
        total = sum(counts.values())
        d = protect_partition(None if total_hidden_above else total, dict(counts))
        return cls(
            education=education,
            year=year,
            counts={k: d.shown(k) for k in counts},
            total=d.shown("total"),
            shared=True,
            secondary=frozenset(k for k, m in d.marks.items() if m == Mark.PROTECTS),
        )

    @classmethod
    def of(cls, breakdown, *, shared: bool = False) -> ShownBreakdown:
        if isinstance(breakdown, ShownBreakdown):
            return breakdown
        counts = dict(breakdown.counts)
        total = sum(counts.values())
        if shared:
            return cls.protected(breakdown.education, breakdown.year, counts)
        return cls(
            education=breakdown.education,
            year=breakdown.year,
            counts=counts,
            total=total,
            shared=shared,
        )

    @property
    def label(self) -> str:
        if self.population == CALENDAR_YEAR:
            return _("%(education)s, frafaldet i %(year)s") % {
                "education": education_label(self.education),
                "year": self.year,
            }
        return _("%(education)s, årgang %(year)s") % {
            "education": education_label(self.education),
            "year": self.year,
        }

    def by_size(self) -> list[tuple[str, int | None]]:
        """Largest first; hidden counts last (their size is not shown), then by key."""
        return sorted(
            self.counts.items(),
            key=lambda kv: (kv[1] is None, -(kv[1] or 0), kv[0]),
        )

    def by_phase(self) -> list[tuple[str, int | None]]:
        return sorted(self.counts.items(), key=lambda kv: (phase_order_key(kv[0] or "ZZ"), kv[0]))


def _shown(breakdowns, population: str = COHORT) -> list[ShownBreakdown]:
    return [replace(ShownBreakdown.of(b), population=population) for b in breakdowns]


# --- SVG pieces ---------------------------------------------------------------------------


def _open(uid: str, css: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pipeline-chart {css}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="{FONT}" font-size="11">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
    ]


def all_hidden_message() -> str:
    return _(
        "Tallene vises ikke: de er under %(threshold)s, eller et tal under %(threshold)s "
        "kunne regnes ud af dem"
    ) % {"threshold": THRESHOLD}


def _empty(uid: str, css: str, width: int, title: str, message: str) -> str:
    out = _open(uid, css, width, 60, title, message)
    out.append(
        f'<text x="{width // 2}" y="34" text-anchor="middle" fill="{MUTED_COLOUR}">'
        f"{escape(message)}</text>"
    )
    out.append("</svg>")
    return "\n".join(out)


def _count_tick(top: Decimal, *, whole: bool) -> Decimal:
    """A round tick distance; never below 1 for counts (no "0,5 students" gridline)."""
    tick = _tick(top)
    return max(tick, Decimal(1)) if whole else tick


def _scale_max(values: Iterable[int | Decimal | None], *, whole: bool = True) -> Decimal:
    shown = [Decimal(v) for v in values if v is not None]
    top = max(shown, default=Decimal(0))
    if top <= 0:
        return Decimal(1)
    tick = _count_tick(top, whole=whole)
    return (top / tick).to_integral_value(rounding="ROUND_CEILING") * tick


LABEL_CHARS = 34  # longer bar labels are shortened with "…" (the table has them in full)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Bar:
    label: str
    value: int | Decimal | None
    text: str  # the figure printed next to the bar
    colour: str


def _hbar_panels(
    uid: str,
    css: str,
    title: str,
    desc: str,
    panels: list[tuple[str, list[_Bar]]],
    *,
    width: int,
    label_width: int | None = None,
    legend: list[tuple[str, str]] | None = None,
) -> str:
    """Horizontal bars in panels (one per cohort or breakdown) sharing one scale. The label
    column is as wide as the longest label needs (about 6 px a character at 11 px)."""
    row_h, bar_h, head_h, gap = 20, 13, 22, 10
    if label_width is None:
        longest = max((len(_short(bar.label)) for _, bars in panels for bar in bars), default=10)
        label_width = min(max(90, 6 * longest + 14), width * 45 // 100)
    top = 30 if legend else 8
    height = top + sum(head_h + row_h * len(bars) + gap for _, bars in panels) + 4
    out = _open(uid, css, width, height, title, desc)
    if legend:
        out.append('<g class="legend" aria-hidden="true">')
        lx = Decimal(label_width)
        for colour, text in legend:
            out.append(f'<rect x="{_n(lx)}" y="8" width="12" height="12" fill="{colour}"/>')
            out.append(f'<text x="{_n(lx + 16)}" y="18" fill="{TEXT_COLOUR}">{escape(text)}</text>')
            lx += Decimal(16 + 7 * len(text) + 16)
        out.append("</g>")
    plot_left = Decimal(label_width)
    plot_w = Decimal(width - label_width - 70)
    top_value = _scale_max(bar.value for _, bars in panels for bar in bars)
    y = top
    out.append('<g class="bars" aria-hidden="true">')
    for heading, bars in panels:
        out.append(
            f'<text class="panel" x="0" y="{y + 15}" font-weight="600" fill="{TEXT_COLOUR}">'
            f"{escape(heading)}</text>"
        )
        y += head_h
        for bar in bars:
            out.append(
                f'<text x="{label_width - 8}" y="{y + 11}" text-anchor="end" '
                f'fill="{TEXT_COLOUR}">{escape(_short(bar.label))}</text>'
            )
            end = plot_left
            if bar.value is not None and bar.value > 0:
                w = plot_w * Decimal(bar.value) / top_value
                out.append(
                    f'<rect x="{_n(plot_left)}" y="{y + 1}" width="{_n(w)}" height="{bar_h}" '
                    f'fill="{bar.colour}"/>'
                )
                end = plot_left + w
            colour = MUTED_COLOUR if bar.value is None else TEXT_COLOUR
            out.append(
                f'<text class="value" x="{_n(end + 5)}" y="{y + 11}" fill="{colour}">'
                f"{escape(bar.text)}</text>"
            )
            y += row_h
        y += gap
    out.append(
        f'<line x1="{_n(plot_left)}" y1="{top}" x2="{_n(plot_left)}" y2="{y - gap}" '
        f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
    )
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


@dataclass(frozen=True)
class _Column:
    value: int | Decimal | None
    text: str
    colour: str
    marker: int | Decimal | None = None  # e.g. the required intake, drawn as a red dash


def _column_chart(
    uid: str,
    css: str,
    title: str,
    desc: str,
    groups: list[tuple[str, list[_Column]]],
    *,
    width: int,
    height: int,
    legend: list[tuple[str, str, str]],
    kpi: kpis.Kpi | None = None,
) -> str:
    """Vertical columns, grouped (e.g. per phase or year, one column per series), with the
    figure printed above each column and a horizontal grid. The columns are counts, or the
    figures of ``kpi``, whose registry entry formats the axis ticks (Kpi.axis)."""
    percent = kpi is not None and kpi.unit == "percent"
    left, right, top, bottom = Decimal(46), Decimal(10), Decimal(34), Decimal(30)
    plot_w = Decimal(width) - left - right
    plot_h = Decimal(height) - top - bottom
    values = [c.value for _, cols in groups for c in cols] + [
        c.marker for _, cols in groups for c in cols
    ]
    top_value = _scale_max(values, whole=not percent)
    tick = _count_tick(top_value, whole=not percent)

    def y(value) -> Decimal:
        return top + plot_h - plot_h * Decimal(value) / top_value

    out = _open(uid, css, width, height, title, desc)
    out.append('<g class="legend" aria-hidden="true">')
    lx = left
    for kind, colour, text in legend:
        if kind == "marker":
            out.append(
                f'<line x1="{_n(lx)}" y1="14" x2="{_n(lx + 14)}" y2="14" stroke="{colour}" '
                'stroke-width="2.5"/>'
            )
        else:
            out.append(f'<rect x="{_n(lx)}" y="8" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{_n(lx + 18)}" y="18" fill="{TEXT_COLOUR}">{escape(text)}</text>')
        lx += Decimal(18 + 7 * len(text) + 16)
    out.append("</g>")
    out.append('<g class="grid" aria-hidden="true">')
    value = Decimal(0)
    while value <= top_value:
        gy = y(value)
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(gy)}" x2="{_n(left + plot_w)}" y2="{_n(gy)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        label = kpi.axis(value) if kpi is not None else format_number(value, 0)
        out.append(
            f'<text class="tick" x="{_n(left - 6)}" y="{_n(gy + 4)}" text-anchor="end" '
            f'fill="{MUTED_COLOUR}">{escape(label)}</text>'
        )
        value += tick
    out.append("</g>")
    slot = plot_w / max(len(groups), 1)
    out.append('<g class="bars" aria-hidden="true">')
    for i, (label, cols) in enumerate(groups):
        cx = left + slot * i + slot / 2
        inner = min(slot * Decimal("0.8"), Decimal(34) * len(cols))
        col_w = inner / max(len(cols), 1)
        x0 = cx - inner / 2
        for j, col in enumerate(cols):
            x = x0 + col_w * j
            base = y(0)
            if col.value is not None and col.value > 0:
                out.append(
                    f'<rect x="{_n(x + 1)}" y="{_n(y(col.value))}" width="{_n(col_w - 2)}" '
                    f'height="{_n(base - y(col.value))}" fill="{col.colour}"/>'
                )
                text_y = y(col.value) - 3
            else:
                text_y = base - 3
            if col.marker is not None:
                out.append(
                    f'<line class="marker" x1="{_n(x - 1)}" y1="{_n(y(col.marker))}" '
                    f'x2="{_n(x + col_w + 1)}" y2="{_n(y(col.marker))}" '
                    f'stroke="{REQUIRED_COLOUR}" stroke-width="2.5"/>'
                )
                if col.value is not None and abs(y(col.marker) - text_y) < 12:
                    text_y = min(text_y, y(col.marker) - 4)
            colour = MUTED_COLOUR if col.value is None else TEXT_COLOUR
            out.append(
                f'<text class="value" x="{_n(x + col_w / 2)}" y="{_n(text_y)}" '
                f'text-anchor="middle" font-size="10" fill="{colour}">{escape(col.text)}</text>'
            )
        out.append(
            f'<text x="{_n(cx)}" y="{_n(top + plot_h + 16)}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _series_colours(keys: list) -> dict:
    return {key: SERIES_COLOURS[i % len(SERIES_COLOURS)] for i, key in enumerate(keys)}


# The rates of the funnel's table, in the order of its columns (calc.kpis codes).
FUNNEL_RATES = ("completion_rate", "dropout_rate", "hire_rate", "yield_rate")


# --- the funnel -----------------------------------------------------------------------------


def _cohort_heading(c) -> str:
    return _("%(education)s, årgang %(year)s") % {
        "education": education_label(c.education),
        "year": c.cohort_year,
    }


def _funnel_stages(c) -> list[tuple[str, int | None, str]]:
    return [
        (_("Startet"), c.started, count_text(c.started, is_small(c, "started"))),
        (
            _("Gennemført"),
            c.completed,
            _("%(count)s (%(rate)s af startede)")
            % {
                "count": count_text(c.completed, is_small(c, "completed")),
                "rate": rate_text(c.completion_rate, "completion_rate"),
            },
        ),
        (
            _("Ansat efter uddannelsen"),
            c.hired,
            _("%(count)s (%(rate)s af gennemførte)")
            % {
                "count": count_text(c.hired, is_small(c, "hired")),
                "rate": rate_text(c.hire_rate, "hire_rate"),
            },
        ),
    ]


def funnel_chart(cohorts, *, width: int = 600, chart_id: str | None = None) -> str:
    """Started → completed → hired after graduation, one panel per cohort (CohortCounts or
    calc.disclosure.SharedCohort), with the counts and rates printed."""
    uid = chart_id or f"tragt-{next(_ids)}"
    cohorts = list(cohorts)
    title = _("Fra elev til ansat: startet, gennemført og ansat efter uddannelsen")
    if not cohorts:
        return _empty(uid, "funnel-chart", width, title, _("Ingen afsluttede årgange endnu"))
    if all(c.started is None for c in cohorts):
        return _empty(uid, "funnel-chart", width, title, all_hidden_message())
    parts = []
    panels = []
    for c in cohorts:
        stages = _funnel_stages(c)
        parts.append(
            _cohort_heading(c) + ": " + ", ".join(f"{label} {text}" for label, _v, text in stages)
        )
        panels.append(
            (
                _cohort_heading(c),
                [
                    _Bar(label, value, text, STAGE_COLOURS[i])
                    for i, (label, value, text) in enumerate(stages)
                ],
            )
        )
    desc = _("Søjlediagram.") + " " + "; ".join(parts) + "."
    return _hbar_panels(uid, "funnel-chart", title, desc, panels, width=width)


def funnel_table(cohorts, *, caption: str | None = None) -> Table:
    """Every cohort's counts and rates. The rates of a cohort still under way (``finished``
    false: some students have neither completed nor dropped out) are not final and show "–"."""
    rows = []
    for c in cohorts:
        finished = getattr(c, "finished", True)
        label = _cohort_heading(c)
        if not finished:
            label = _("%(cohort)s (i gang)") % {"cohort": label}

        def final(value, finished=finished):
            return value if finished else None

        rows.append(
            (
                Cell(label),
                Cell(c.started, "count", is_small(c, "started")),
                Cell(c.completed, "count", is_small(c, "completed")),
                Cell(c.dropped_out, "count", is_small(c, "dropped_out")),
                Cell(c.ongoing, "count", is_small(c, "ongoing")),
                Cell(c.hired, "count", is_small(c, "hired")),
            )
            + tuple(Cell(final(getattr(c, code)), "rate", code=code) for code in FUNNEL_RATES)
        )
    return Table(
        caption or _("Startet, gennemført og ansat efter uddannelsen pr. årgang"),
        (
            _("Årgang"),
            _("Startet"),
            _("Gennemført"),
            _("Frafaldet"),
            _("I gang"),
            _("Ansat efter uddannelsen"),
        )
        + tuple(kpi_label(code) for code in FUNNEL_RATES),
        tuple(rows),
    )


# --- dropout by phase -----------------------------------------------------------------------


def _phase_keys(shown: list[ShownBreakdown]) -> list[str]:
    keys = {key for b in shown for key in b.counts}
    return sorted(keys, key=lambda k: (phase_order_key(k or "ZZ"), k))


def phase_chart(breakdowns, *, width: int = 600, height: int = 260, chart_id=None) -> str:
    """Dropouts per phase (GF, S1, O1, … in the order students meet them), one column per
    breakdown (education and cohort) in each phase."""
    uid = chart_id or f"faser-{next(_ids)}"
    shown = _shown(breakdowns)
    title = _("Frafald fordelt på fase")
    if not shown or not any(b.counts for b in shown):
        return _empty(uid, "phase-chart", width, title, _("Ingen frafald registreret"))
    if all(v is None for b in shown for v in b.counts.values()):
        return _empty(uid, "phase-chart", width, title, all_hidden_message())
    keys = _phase_keys(shown)
    colours = _series_colours([b.label for b in shown])
    groups = [
        (
            key or "?",
            [
                _Column(b.counts.get(key), b.text(key), colours[b.label])
                for b in shown
                if key in b.counts
            ],
        )
        for key in keys
    ]
    parts = [
        f"{b.label}: "
        + ", ".join(f"{phase_label(key)} {b.text(key)}" for key, _value in b.by_phase())
        for b in shown
    ]
    desc = _("Søjlediagram.") + " " + "; ".join(parts) + "."
    legend = [("bar", colours[b.label], b.label) for b in shown]
    return _column_chart(
        uid, "phase-chart", title, desc, groups, width=width, height=height, legend=legend
    )


def phase_table(breakdowns, *, caption: str | None = None) -> Table:
    shown = _shown(breakdowns)
    keys = _phase_keys(shown)
    rows = [
        (Cell(f"{key} {phase_label(key)}" if key else phase_label(key)),)
        + tuple(Cell(b.count(key), "count", b.small(key)) for b in shown)
        for key in keys
    ]
    rows.append(
        (Cell(_("I alt")),) + tuple(Cell(b.total, "count", b.small("total")) for b in shown)
    )
    return Table(
        caption or _("Frafald pr. fase"),
        (_("Fase"),) + tuple(b.label for b in shown),
        tuple(rows),
        sums=((len(keys), tuple(range(len(keys)))),),
    )


# --- dropout causes and places of hire: horizontal bars, largest first ------------------------


def _breakdown_heading(b: ShownBreakdown, what: str) -> str:
    return _("%(label)s (%(total)s %(what)s i alt)") % {
        "label": b.label,
        "total": b.text("total"),
        "what": what,
    }


def _ranked_chart(
    breakdowns, *, uid, css, title, labeller, what, empty, width, population=COHORT
) -> str:
    shown = [b for b in _shown(breakdowns, population) if b.counts]
    if not shown:
        return _empty(uid, css, width, title, empty)
    if all(v is None for b in shown for v in b.counts.values()):
        return _empty(uid, css, width, title, all_hidden_message())
    panels = []
    parts = []
    for i, b in enumerate(shown):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        items = b.by_size()
        panels.append(
            (
                _breakdown_heading(b, what),
                [_Bar(labeller(key), value, b.text(key), colour) for key, value in items],
            )
        )
        parts.append(
            _breakdown_heading(b, what)
            + ": "
            + ", ".join(f"{labeller(key)} {b.text(key)}" for key, _value in items)
        )
    desc = _("Søjlediagram.") + " " + "; ".join(parts) + "."
    return _hbar_panels(uid, css, title, desc, panels, width=width)


def _ranked_table(breakdowns, *, caption, first, labeller, population=COHORT) -> Table:
    rows = []
    sums = []
    for b in _shown(breakdowns, population):
        if not b.counts:
            continue
        first_row = len(rows)
        for key, value in b.by_size():
            rows.append(
                (Cell(education_label(b.education)), Cell(b.year, "year"))
                + (Cell(labeller(key)), Cell(value, "count", b.small(key)))
            )
        rows.append(
            (
                Cell(education_label(b.education)),
                Cell(b.year, "year"),
                Cell(_("I alt")),
                Cell(b.total, "count", b.small("total")),
            )
        )
        sums.append((len(rows) - 1, tuple(range(first_row, len(rows) - 1))))
    year = _("Årgang") if population == COHORT else _("Frafaldsår")
    return Table(caption, (_("Uddannelse"), year, first, _("Antal")), tuple(rows), sums=tuple(sums))


def causes_chart(breakdowns, *, width: int = 600, chart_id: str | None = None) -> str:
    """Dropouts per cause, one panel per education and year, largest cause first."""
    return _ranked_chart(
        breakdowns,
        uid=chart_id or f"aarsager-{next(_ids)}",
        css="causes-chart",
        title=_("Årsager til frafald"),
        labeller=cause_label,
        what=_("frafald"),
        empty=_("Ingen frafaldsårsager registreret"),
        width=width,
        population=CALENDAR_YEAR,
    )


def causes_table(breakdowns, *, caption: str | None = None) -> Table:
    return _ranked_table(
        breakdowns,
        caption=caption or _("Årsager til frafald pr. år"),
        first=_("Årsag"),
        labeller=cause_label,
        population=CALENDAR_YEAR,
    )


def places_chart(breakdowns, *, width: int = 600, chart_id: str | None = None) -> str:
    """Where the graduates of each cohort were hired, largest first."""
    return _ranked_chart(
        breakdowns,
        uid=chart_id or f"ansat-hvor-{next(_ids)}",
        css="places-chart",
        title=_("Hvor blev de færdiguddannede ansat?"),
        labeller=place_label,
        what=_("ansat"),
        empty=_("Ingen ansættelsessteder registreret"),
        width=width,
    )


def places_table(breakdowns, *, caption: str | None = None) -> Table:
    return _ranked_table(
        breakdowns,
        caption=caption or _("Hvor de færdiguddannede blev ansat, pr. årgang"),
        first=_("Ansat hvor"),
        labeller=place_label,
    )


# --- sick leave -----------------------------------------------------------------------------


def sick_leave_chart(
    series: Mapping[int, Decimal | None], *, width: int = 600, height: int = 220, chart_id=None
) -> str:
    """Sick leave (sick days ÷ planned working days, %) per year as columns."""
    uid = chart_id or f"sygefravaer-{next(_ids)}"
    title = _("Elevernes sygefravær pr. år")
    points = sorted(series.items())
    if not points:
        return _empty(uid, "sick-leave-chart", width, title, _("Intet sygefravær registreret"))
    groups = [
        (str(year), [_Column(value, sick_leave_text(value), SERIES_COLOURS[0])])
        for year, value in points
    ]
    desc = (
        _("Søjlediagram.")
        + " "
        + "; ".join(f"{year}: {sick_leave_text(value)}" for year, value in points)
        + "."
    )
    legend = [("bar", SERIES_COLOURS[0], _("Sygefravær"))]
    return _column_chart(
        uid,
        "sick-leave-chart",
        title,
        desc,
        groups,
        width=width,
        height=height,
        legend=legend,
        kpi=kpis.get("sick_leave_rate"),
    )


def sick_leave_table(series: Mapping[int, Decimal | None], *, caption: str | None = None) -> Table:
    return Table(
        caption or _("Sygefravær pr. år"),
        (_("År"), kpi_label("sick_leave_rate")),
        tuple(
            (Cell(year, "year"), Cell(value, "sick_leave"))
            for year, value in sorted(series.items())
        ),
    )


# --- intake against the required intake ---------------------------------------------------


def intake_chart(rows, *, width: int = 600, height: int = 260, chart_id=None) -> str:
    """Students hired per year and education (columns) against the required intake
    (dimensionering, a red mark). ``rows`` have education, year, started (None = hidden) and
    required (None = not set)."""
    uid = chart_id or f"optag-{next(_ids)}"
    rows = list(rows)
    title = _("Ansatte elever i forhold til dimensioneringen")
    if not rows:
        return _empty(uid, "intake-chart", width, title, _("Ingen ansatte elever registreret"))
    if all(r.started is None for r in rows):
        return _empty(uid, "intake-chart", width, title, all_hidden_message())
    educations = [e for e in Education.values if any(r.education == e for r in rows)]
    educations += sorted({r.education for r in rows} - set(educations))
    colours = {e: SERIES_COLOURS[i % len(SERIES_COLOURS)] for i, e in enumerate(educations)}
    years = sorted({r.year for r in rows})
    by_key = {(r.education, r.year): r for r in rows}
    groups = []
    for year in years:
        cols = []
        for e in educations:
            r = by_key.get((e, year))
            if r is None:
                continue
            cols.append(_Column(r.started, count_text(r.started), colours[e], r.required))
        groups.append((str(year), cols))
    parts = []
    for r in sorted(rows, key=lambda r: (r.year, educations.index(r.education))):
        text = f"{education_label(r.education)} {r.year}: " + _("ansat %(count)s") % {
            "count": count_text(r.started)
        }
        if r.required:
            text += ", " + _("dimensionering %(required)s") % {
                "required": format_number(r.required)
            }
        parts.append(text)
    desc = _("Søjlediagram.") + " " + "; ".join(parts) + "."
    legend = [("bar", colours[e], education_label(e)) for e in educations]
    if any(r.required for r in rows):
        legend.append(("marker", REQUIRED_COLOUR, _("Dimensionering")))
    return _column_chart(
        uid, "intake-chart", title, desc, groups, width=width, height=height, legend=legend
    )


def intake_table(rows, *, caption: str | None = None) -> Table:
    out = []
    for r in rows:
        ratio = None
        if r.started is not None and r.required:
            ratio = Decimal(r.started) * 100 / Decimal(r.required)
        out.append(
            (
                Cell(r.year, "year"),
                Cell(education_label(r.education)),
                Cell(r.started, "count"),
                Cell(r.required, "number"),
                Cell(ratio, "rate", code="intake_ratio"),
            )
        )
    return Table(
        caption or _("Ansatte elever og dimensionering pr. år"),
        (
            _("År"),
            _("Uddannelse"),
            _("Ansat som elev"),
            _("Dimensionering"),
            kpi_label("intake_ratio"),
        ),  # fmt: skip
        tuple(out),
    )
