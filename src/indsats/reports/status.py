"""The status report: budget year → budget note → initiative, with purpose, the allocated funds
written the way budget notes write them, the latest status as of a chosen date, and the yearly
indicator figures against their targets.

``build_status_report`` reads everything once, in a fixed number of queries whatever the number
of notes, into plain rows (no model instances), so the same rows feed the screen, the PDF, the
XLSX and the DOCX, and a report as of a past date can be compared with itself later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indsats.budgets.models import Allocation, BudgetNote, Spending
from indsats.budgets.selectors import Finance, MoneyRow, finance_of, parameters_cache
from indsats.calc.allocations import format_allocation
from indsats.calc.codes import code_key, note_order, note_order_key
from indsats.calc.danish import format_kr
from indsats.calc.indicators import (
    Direction,
    Kind,
    format_figure,
    format_value,
    is_part_year,
    kind_label,
    progress,
    unit_label,
)
from indsats.core.spreadsheet import (
    HEADER_FILL,
    PERCENT_FORMAT,
    PERCENT_FORMAT_2,
    Book,
    percent_value,
    set_text,
)
from indsats.followup.models import StatusState
from indsats.followup.selectors import (
    owner_name,
    rounds_due,
    status_overdue,
    status_values_as_of,
)
from indsats.indicators.choices import HasVerdict
from indsats.indicators.models import Indicator
from indsats.indicators.selectors import (
    changes_after,
    part_years,
    points_as_of,
    provisional,
    provisional_tail,
    targets_for,
)
from indsats.initiatives.choices import LifecycleState
from indsats.initiatives.models import Initiative
from indsats.initiatives.selectors import calc_models
from indsats.organisations.models import Organisation

from .charts import sparkline
from .render import (
    amount_format,
    danish_date,
    docx_bytes,
    docx_document,
    docx_footer,
    docx_header,
    docx_muted,
    docx_small,
    docx_widths,
    excel_amount,
    kr_minus,
    pdf_from_template,
)

# The PDF and the DOCX show the latest years of a series; the screen and the XLSX show all.
PRINT_YEARS = 8

NO_STATUS_COLOUR = "#5c5c5c"


# --- the account: paragraphs and bullets, never HTML ------------------------------------

_BULLET = re.compile(r"^[-–•*]\s+(.*)$")


def account_blocks(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """A status account as blocks: ``("p", (paragraph,))`` and ``("ul", (item, …))``. A blank
    line starts a new paragraph; lines beginning with ``- `` are bullets; an indented line
    continues the bullet above. The text stays text: renderers escape it."""
    blocks: list[tuple[str, tuple[str, ...]]] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush_paragraph():
        if paragraph:
            blocks.append(("p", (" ".join(paragraph),)))
            paragraph.clear()

    def flush_items():
        if items:
            blocks.append(("ul", tuple(items)))
            items.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            flush_paragraph()
            flush_items()
            continue
        bullet = _BULLET.match(line)
        if bullet:
            flush_paragraph()
            items.append(bullet.group(1).strip())
        elif items and raw[:1] in (" ", "\t"):
            items[-1] += " " + line
        else:
            flush_items()
            paragraph.append(line)
    flush_paragraph()
    flush_items()
    return blocks


def account_plain(text: str) -> str:
    """The account as plain text with bullets as ``• ``, for spreadsheet cells."""
    parts = []
    for kind, lines in account_blocks(text):
        parts.append(lines[0] if kind == "p" else "\n".join(f"• {line}" for line in lines))
    return "\n\n".join(parts)


# --- rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    year: int
    allocated: Decimal | None
    spent: Decimal | None
    planned: Decimal | None

    @property
    def left(self) -> Decimal | None:
        if self.allocated is None:
            return None
        return self.allocated - (self.spent or Decimal(0))

    @property
    def left_text(self) -> str:
        """What is left of the year's allocation; an overspend with a real minus sign."""
        return kr_minus(self.left) if self.left is not None else ""


@dataclass(frozen=True)
class Money:
    """Allocated, spent and planned per year, for a note or one initiative's own share."""

    allocation_text: str  # "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)"
    price_level: str
    years: tuple[YearRow, ...]
    finished: bool = False  # the money's initiatives are finished: what is left is not left
    from_initiatives: bool = False  # a note's allocation is the sum of its initiatives' own

    @property
    def show_spent(self) -> bool:
        """Forbrug (and Rest) only when somebody records spending."""
        return any(y.spent is not None for y in self.years)

    @property
    def show_left(self) -> bool:
        """Rest only beside spending, and never for finished initiatives (it is not money
        left to spend)."""
        return self.show_spent and not self.finished

    @property
    def show_planned(self) -> bool:
        """Planlagt only when a cost model gives a cost."""
        return any(y.planned for y in self.years)

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's money columns, in order: allocated always, the others when they say
        something (``show_*``)."""
        return (
            "allocated",
            *(("spent",) if self.show_spent else ()),
            *(("left",) if self.show_left else ()),
            *(("planned",) if self.show_planned else ()),
        )

    @property
    def has_figures(self) -> bool:
        return any(y.allocated is not None or y.spent is not None for y in self.years)

    @property
    def total_allocated(self) -> Decimal:
        return sum((y.allocated or Decimal(0) for y in self.years), Decimal(0))

    @property
    def total_spent(self) -> Decimal:
        return sum((y.spent or Decimal(0) for y in self.years), Decimal(0))


def _money(
    figures: Finance | None, *, own: bool = False, finished: bool = False, yearly: str = ""
) -> Money | None:
    """The figures as rows. An initiative's own share (``own``) lists only the years it has
    money allocated or spent in; a note lists every year of its allocation and spending.
    ``yearly``: the word for "per year" in the report's language (``_("årligt")``, asked once
    per report)."""
    if figures is None:
        return None
    years = figures.years
    if own:
        years = [y for y in years if y.allocated is not None or y.spent is not None]
    return Money(
        allocation_text=format_allocation(
            figures.allocated, price_level=figures.price_level, yearly=yearly or _("årligt")
        ),
        price_level=figures.price_level,
        years=tuple(YearRow(y.year, y.allocated, y.spent, y.planned) for y in years),
        finished=finished,
    )


def _note_money(figures: dict[int | None, Finance], *, finished: bool, yearly: str = "") -> Money:
    """A note's money. Its own allocation is the whole (earmarked shares are part of it); a note
    with none of its own has the sum of its initiatives' allocations, said as such, so the
    header never reads "–" while money exists."""
    yearly = yearly or _("årligt")
    own = figures[None]
    if own.allocated or len(figures) == 1:
        return _money(own, finished=finished, yearly=yearly)
    summed: dict[int, Decimal] = {}
    for key, share in figures.items():
        if key is None:
            continue
        for year, amount in share.allocated.items():
            summed[year] = summed.get(year, Decimal(0)) + amount
    levels = {share.price_level for key, share in figures.items() if key and share.allocated}
    price_level = levels.pop() if len(levels) == 1 else ""
    return Money(
        allocation_text=format_allocation(summed, price_level=price_level, yearly=yearly),
        price_level=price_level,
        years=tuple(YearRow(y.year, summed.get(y.year), y.spent, y.planned) for y in own.years),
        finished=finished,
        from_initiatives=True,
    )


@dataclass(frozen=True)
class TargetRow(HasVerdict):
    baseline_value: Decimal
    baseline_year: int
    target_value: Decimal
    deadline_year: int
    verdict: str
    share: Decimal | None
    unit: str

    @property
    def baseline_text(self) -> str:
        return f"{format_value(self.baseline_value, self.unit)} ({self.baseline_year})"

    @property
    def target_text(self) -> str:
        return f"{format_value(self.target_value, self.unit)} i {self.deadline_year}"

    @property
    def text(self) -> str:
        return _("Fra %(baseline)s til %(target)s") % {
            "baseline": self.baseline_text,
            "target": self.target_text,
        }


@dataclass(frozen=True)
class IndicatorRow:
    id: int
    name: str
    unit: str
    direction: str
    definition: str
    source: str
    values: tuple[tuple[int, Decimal], ...]  # (year, value), oldest first
    targets: tuple[TargetRow, ...]
    marks: tuple[tuple[int, str], ...] = ()  # (year, footnote marker) of values with a footnote
    kind: str = Kind.YEARLY  # calc.indicators.Kind: a share, a planned or running total …
    since_year: int | None = None  # a running total counted from this year
    wholes: tuple[tuple[int, Decimal], ...] = ()  # (year, whole) of a share's values
    # (year, "foreløbig pr. 30. april 2026") when the newest value is part-year: not judged
    provisional: tuple[int, str] | None = None

    @property
    def series(self) -> dict[int, Decimal]:
        return dict(self.values)

    @property
    def unit_label(self) -> str:
        """The unit, and the kind when the figures are not plain yearly values."""
        if self.kind == Kind.YEARLY:
            return unit_label(self.unit)
        return f"{unit_label(self.unit)}, {kind_label(self.kind)}"

    @property
    def direction_label(self) -> str:
        if self.direction == Direction.HIGHER:
            return _("højere er bedre")
        return _("lavere er bedre")

    def value_text(self, year: int) -> str:
        """``99,00 (2) (foreløbig pr. 31. marts 2026)``: the figure, its footnote mark and, for
        the newest value when it is part-year, the provisional mark."""
        return self.marked_figure(year) + self.provisional_tail(year)

    def marked_figure(self, year: int) -> str:
        """The year's figure with its footnote mark (``99,00 (2)``); empty without a value."""
        if self.series.get(year) is None:
            return ""
        mark = dict(self.marks).get(year)
        return self.figure_text(year) + (f" {mark}" if mark else "")

    def provisional_mark(self, year: int) -> str:
        """``foreløbig pr. 30. april 2026`` for the newest value when it is part-year."""
        if self.provisional is None or self.provisional[0] != year:
            return ""
        return self.provisional[1]

    def provisional_tail(self, year: int) -> str:
        """`` (foreløbig pr. 30. april 2026)`` after the newest value when it is part-year."""
        return provisional_tail(self.provisional, year)

    def figure_text(self, year: int) -> str:
        """The year's figure as its kind is written: ``3,2 mio. kr. ud af 5 mio. kr.``."""
        return format_figure(
            self.series.get(year),
            self.unit,
            self.kind,
            whole=dict(self.wholes).get(year),
            since_year=self.since_year,
        )

    def cells(self, years: Iterable[int]) -> list[tuple[str, str]]:
        """Each year's (figure with its footnote mark, provisional mark): the screen and the PDF
        set the provisional mark on a line of its own under the figure, so the year's column
        keeps its width."""
        return [(self.marked_figure(y), self.provisional_mark(y)) for y in years]

    @property
    def latest_text(self) -> str:
        if not self.values:
            return ""
        year, _value = self.values[-1]
        return f"{self.value_text(year)} ({year})"

    @property
    def sparkline_svg(self) -> str:
        return mark_safe(sparkline(self.series))  # numbers only; no text from users


@dataclass(frozen=True)
class IndicatorTable:
    """The indicators of a note, an initiative or the organisation, as one small table."""

    rows: tuple[IndicatorRow, ...]
    # (marker, text): a value's remark and a value measured before the year's end, e.g.
    # ("(1)", "Mentorer uddannet, 2026 pr. 30. april: flere følger til efteråret")
    footnotes: tuple[tuple[str, str], ...] = ()

    @property
    def years(self) -> list[int]:
        return sorted({year for row in self.rows for year, _ in row.values})

    @property
    def print_years(self) -> list[int]:
        return self.years[-PRINT_YEARS:]

    @property
    def cut(self) -> bool:
        return len(self.years) > PRINT_YEARS

    def table(self, years: list[int]) -> list[tuple[IndicatorRow, list[tuple[str, str]]]]:
        return [(row, row.cells(years)) for row in self.rows]

    @property
    def screen_rows(self) -> list[tuple[IndicatorRow, list[tuple[str, str]]]]:
        return self.table(self.years)

    @property
    def print_rows(self) -> list[tuple[IndicatorRow, list[tuple[str, str]]]]:
        return self.table(self.print_years)

    def __bool__(self) -> bool:
        return bool(self.rows)


@dataclass(frozen=True)
class StatusRow:
    id: int
    as_of: dt.date
    state: str
    state_label: str
    colour: str
    text: str
    author: str
    corrected: bool  # this version corrects an earlier one

    @property
    def blocks(self) -> list[tuple[str, tuple[str, ...]]]:
        return account_blocks(self.text)

    @property
    def as_of_text(self) -> str:
        return danish_date(self.as_of)

    @property
    def plain(self) -> str:
        return account_plain(self.text)


@dataclass(frozen=True)
class InitiativeRow:
    id: int
    code: str
    title: str
    purpose: str
    unit: str
    money: Money | None  # the initiative's own allocation/spending under the note, if any
    status: StatusRow | None
    indicators: IndicatorTable
    state: str = ""
    overdue: bool = False  # followup.selectors.status_overdue said so as of the report's date
    overdue_since: dt.date | None = None  # the date the missing status was due
    owner: str = ""
    indicator_count: int = 0  # the number of its indicators (also when not loaded)

    @property
    def heading(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def overdue_since_text(self) -> str:
        return danish_date(self.overdue_since) if self.overdue_since else ""

    @property
    def overdue_text(self) -> str:
        """»Status mangler siden 28. august 2025«; »Status mangler« when never reported."""
        if not self.overdue:
            return ""
        if self.overdue_since is None:
            return _("Status mangler")
        return _("Status mangler siden %(date)s") % {"date": danish_date(self.overdue_since)}


@dataclass(frozen=True)
class NoteRow:
    id: int
    code: str
    title: str
    budget_year: int
    unit: str
    purpose: str
    money: Money
    indicators: IndicatorTable
    initiatives: tuple[InitiativeRow, ...]

    @property
    def heading(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def anchor(self) -> str:
        return f"notat-{self.id}"


@dataclass(frozen=True)
class YearSection:
    budget_year: int
    notes: tuple[NoteRow, ...]


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class LaterValue:
    """A value recorded after the report's date: not in the report's figures, listed so that a
    figure back-filled later does not vanish unnoticed."""

    indicator: str
    year: int
    value_text: str
    recorded_on: dt.date
    # "value": recorded after the date; "withdrawal": a value that counted on the date,
    # withdrawn after it (indicators.selectors.changes_after)
    kind: str = "value"
    withdrawn: bool = False  # withdrawn since: it does not count anywhere

    @property
    def recorded_text(self) -> str:
        return danish_date(self.recorded_on)

    @property
    def remark(self) -> str:
        if self.kind == "withdrawal":
            return "trukket tilbage"
        return "registreret, siden trukket tilbage" if self.withdrawn else ""

    @property
    def text(self) -> str:
        if self.kind == "withdrawal":
            return (
                f"{self.indicator}, {self.year}: {self.value_text} "
                f"(trukket tilbage {self.recorded_text})"
            )
        withdrawn = ", siden trukket tilbage" if self.withdrawn else ""
        return (
            f"{self.indicator}, {self.year}: {self.value_text} "
            f"(registreret {self.recorded_text}{withdrawn})"
        )


@dataclass
class StatusReport:
    organisation: Organisation
    as_of: dt.date
    produced: dt.date
    budget_years: tuple[int, ...]  # the filter; empty: every year
    sections: tuple[YearSection, ...]
    organisation_indicators: IndicatorTable
    summary: tuple[StateCount, ...] = field(default=())
    later: tuple[LaterValue, ...] = field(default=())  # values registered after ``as_of``

    @property
    def title(self) -> str:
        return _("Status pr. %(date)s") % {"date": danish_date(self.as_of)}

    @property
    def subtitle(self) -> str:
        years = self.budget_years or tuple(s.budget_year for s in self.sections)
        if not years:
            return _("Budgetnotater og indsatser")
        shown = str(years[0]) if len(years) == 1 else _years_text(years)
        return _("Budgetnotater og indsatser, budgetår %(years)s") % {"years": shown}

    @property
    def produced_text(self) -> str:
        return danish_date(self.produced)

    @property
    def as_of_text(self) -> str:
        return danish_date(self.as_of)

    @property
    def notes(self) -> list[NoteRow]:
        return [n for s in self.sections for n in s.notes]

    @property
    def money_years(self) -> list[int]:
        years = set()
        for note in self.notes:
            years |= {y.year for y in note.money.years}
            for ini in note.initiatives:
                if ini.money:
                    years |= {y.year for y in ini.money.years}
        return sorted(years)

    @property
    def indicator_years(self) -> list[int]:
        years = set(self.organisation_indicators.years)
        for note in self.notes:
            years |= set(note.indicators.years)
            for ini in note.initiatives:
                years |= set(ini.indicators.years)
        return sorted(years)

    def data(self) -> dict:
        """The rows as plain data, to compare two builds (dates and Decimals as text)."""
        return {
            "as_of": self.as_of.isoformat(),
            "budget_years": list(self.budget_years),
            "sections": [asdict(s) for s in self.sections],
            "organisation_indicators": asdict(self.organisation_indicators),
        }


def _years_text(years: Iterable[int]) -> str:
    years = sorted(set(years))
    if years and years[-1] - years[0] + 1 == len(years):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def status_filename(
    organisation, as_of: dt.date, years: Iterable[int], extension: str, *, layout: str = ""
) -> str:
    """``status-ballerup-2026-04-30.pdf``, ``status-ballerup-2026-04-30-2026.xlsx``; the table
    layout ``status-tabel-ballerup-2026-04-30.pdf``."""
    kind = "status-tabel" if layout in ("table", "tabel") else "status"
    parts = [kind, slugify(organisation.slug), as_of.isoformat(), *map(str, years)]
    return "-".join(parts) + "." + extension


# --- building ------------------------------------------------------------------------------


def _footnote(name: str, year: int, point) -> str:
    """The footnote of a value with a remark or measured before its year's end; "" if none."""
    partial = is_part_year(year, point.date)
    remark = point.note.strip()
    if remark and remark == "*" * len(remark):
        remark = ""  # a bare footnote marker from the source says nothing of its own
    if not partial and not remark:
        return ""
    when = (
        _("%(year)s pr. %(date)s") % {"year": year, "date": danish_date(point.date)[:-5]}
        if partial
        else str(year)
    )
    return f"{name}, {when}" + (f": {remark}" if remark else "")


def _indicator_rows(indicators: list[Indicator], points: dict, targets: dict) -> IndicatorTable:
    rows = []
    footnotes: list[tuple[str, str]] = []
    for indicator in indicators:
        known = points.get(indicator.pk, {})
        values = {year: point.value for year, point in known.items()}
        partial = part_years(known)
        marks = []
        for year in sorted(known):
            text = _footnote(indicator.name, year, known[year])
            if text:
                marker = f"({len(footnotes) + 1})"
                footnotes.append((marker, text))
                marks.append((year, marker))
        target_rows = []
        for target in targets.get(indicator.pk, []):
            result = progress(
                baseline=target.baseline_value,
                baseline_year=target.baseline_year,
                target=target.target_value,
                deadline_year=target.deadline_year,
                direction=Direction(indicator.direction),
                series=values,
                part_years=partial,
            )
            target_rows.append(
                TargetRow(
                    baseline_value=target.baseline_value,
                    baseline_year=target.baseline_year,
                    target_value=target.target_value,
                    deadline_year=target.deadline_year,
                    verdict=str(result.verdict),
                    share=result.share,
                    unit=indicator.unit,
                )
            )
        rows.append(
            IndicatorRow(
                id=indicator.pk,
                name=indicator.name,
                unit=indicator.unit,
                direction=indicator.direction,
                definition=indicator.definition,
                source=indicator.source,
                values=tuple(sorted(values.items())),
                targets=tuple(target_rows),
                marks=tuple(marks),
                kind=indicator.kind or Kind.YEARLY,
                since_year=indicator.since_year,
                wholes=tuple(
                    (year, point.whole)
                    for year, point in sorted(known.items())
                    if point.whole is not None
                ),
                provisional=provisional(known),
            )
        )
    return IndicatorTable(rows=tuple(rows), footnotes=tuple(footnotes))


def _status_row(update, labels: dict[str, str]) -> StatusRow | None:
    """``update``: followup.selectors.StatusValues; ``labels``: the states' labels."""
    if update is None:
        return None
    return StatusRow(
        id=update.pk,
        as_of=update.as_of,
        state=update.state,
        state_label=labels[update.state],
        colour=StatusState.colour(update.state),
        text=update.text,
        author=update.author_name,
        corrected=update.supersedes_id is not None,
    )


class _Initiative(NamedTuple):
    pk: int
    code: str
    title: str
    purpose: str
    unit: str
    state: str
    owner: str
    start_year: int | None  # for the cost model (initiatives.selectors.calc_models)
    end_year: int | None


class _Note(NamedTuple):
    pk: int
    code: str
    title: str
    budget_year: int
    purpose: str
    unit: str
    initiatives: tuple[_Initiative, ...]  # in code order
    figures: dict  # budgets.selectors.finance_of


def _notes_query(organisation: Organisation, years: tuple[int, ...]):
    """The report's notes: the organisation's, of the budget years asked for (all: none)."""
    notes = BudgetNote.objects.filter(organisation=organisation)
    return notes.filter(budget_year__in=years) if years else notes


def _initiatives_query(organisation: Organisation, years: tuple[int, ...]):
    """The ids of the initiatives the report's notes fund, as a subquery."""
    return BudgetNote.initiatives.through.objects.filter(
        budgetnote_id__in=_notes_query(organisation, years).values("pk")
    ).values("initiative_id")


def _notes(organisation: Organisation, years: tuple[int, ...], parameters) -> list[_Note]:
    """The notes with their initiatives and money, read as plain values (as the
    prioritisation overview's ``calc_models``): ten queries whatever the number of
    notes, and no model instance per note, initiative, cost line, factor or scenario. The later
    queries select the notes and their initiatives by subquery, not by a list of ids: Django
    prepares each id of an ``__in`` list one by one (a fifth of this function's time)."""
    notes_qs = _notes_query(organisation, years)
    notes = list(
        notes_qs.values_list("pk", "code", "title", "budget_year", "purpose", "unit__name")
    )
    in_notes = notes_qs.values("pk")
    membership = BudgetNote.initiatives.through.objects.filter(budgetnote_id__in=in_notes)
    in_members = _initiatives_query(organisation, years)
    members: dict[int, list[int]] = {}
    for note_id, initiative_id in membership.order_by("id").values_list(
        "budgetnote_id", "initiative_id"
    ):
        members.setdefault(note_id, []).append(initiative_id)
    User = Initiative._meta.get_field("owner").related_model
    initiatives: dict[int, _Initiative] = {}
    selected: dict[int, int | None] = {}
    for (
        pk,
        code,
        title,
        purpose,
        unit,
        state,
        chosen,
        username,
        first,
        last,
        start_year,
        end_year,
    ) in Initiative.objects.filter(pk__in=in_members).values_list(
        "pk",
        "code",
        "title",
        "purpose",
        "unit__name",
        "state",
        "selected_scenario_id",
        "owner__username",
        "owner__first_name",
        "owner__last_name",
        "start_year",
        "end_year",
    ):
        owner = User(username=username, first_name=first, last_name=last) if username else None
        initiatives[pk] = _Initiative(
            pk, code, title, purpose, unit or "", state, owner_name(owner), start_year, end_year
        )
        selected[pk] = chosen
    models = {
        initiative.pk: model
        for initiative, model in calc_models(in_members, list(initiatives.values()))
    }
    allocations: dict[int, list[MoneyRow]] = {}
    for note_id, year, amount, initiative_id, price_level in (
        Allocation.objects.filter(note_id__in=in_notes)
        .order_by("year", "id")
        .values_list("note_id", "year", "amount", "initiative_id", "price_level")
    ):
        allocations.setdefault(note_id, []).append(
            MoneyRow(year, amount, initiative_id, price_level)
        )
    spendings: dict[int, list[MoneyRow]] = {}
    for note_id, year, amount, initiative_id in (
        Spending.objects.filter(note_id__in=in_notes)
        .order_by("year", "id")
        .values_list("note_id", "year", "amount", "initiative_id")
    ):
        spendings.setdefault(note_id, []).append(MoneyRow(year, amount, initiative_id))
    funded: dict[int, dict[int, int]] = {}
    for note_id, scenario_id, initiative_id in (
        BudgetNote.funded_scenarios.through.objects.filter(budgetnote_id__in=in_notes)
        .order_by("id")
        .values_list("budgetnote_id", "scenario_id", "scenario__initiative_id")
    ):
        funded.setdefault(note_id, {})[initiative_id] = scenario_id

    result = []
    for pk, code, title, budget_year, purpose, unit in notes:
        own = members.get(pk, [])
        result.append(
            _Note(
                pk,
                code,
                title,
                budget_year,
                purpose,
                unit or "",
                tuple(sorted((initiatives[i] for i in own), key=lambda i: code_key(i.code))),
                finance_of(
                    allocations=allocations.get(pk, []),
                    spendings=spendings.get(pk, []),
                    selected={i: selected[i] for i in own},
                    funded=funded.get(pk, {}),
                    models={i: models[i] for i in own},
                    parameters_by_year=parameters,
                ),
            )
        )
    return result


def build_status_report(
    *,
    organisation: Organisation,
    as_of: dt.date,
    budget_years: Iterable[int] | None = None,
    produced: dt.date | None = None,
    indicators: bool = True,
) -> StatusReport:
    """Build the report's rows once. Queries: the notes with their initiatives (and cost
    models), allocations and spending; the parameters; the indicators; their values as of the
    date; their targets; the statuses as of the date — the same number for 6 notes or 300."""
    years = tuple(sorted({int(y) for y in budget_years})) if budget_years else ()
    with_indicators = indicators
    parameters = parameters_cache(organisation)
    # newest budget year first; within a year the order the organisation sets (else code order)
    order = note_order_key(note_order(organisation.budget_note_order))
    notes = sorted(
        _notes(organisation, years, parameters), key=lambda n: (-n.budget_year, order(n.code))
    )

    initiative_ids = sorted({i.pk for n in notes for i in n.initiatives})
    note_ids = {n.pk for n in notes}
    wanted = set(initiative_ids)
    # The summary page (indicators=False) loads each initiative's figures on demand
    # (initiative_indicators).
    indicators = [
        i
        for i in (
            Indicator.objects.filter(organisation=organisation).order_by("order", "name", "id")
            if with_indicators
            else ()
        )
        if (i.initiative_id in wanted)
        or (i.budget_note_id in note_ids)
        or (i.initiative_id is None and i.budget_note_id is None)
    ]
    indicator_ids = [i.pk for i in indicators]
    series = points_as_of(indicator_ids, as_of) if indicator_ids else {}
    targets = targets_for(indicator_ids) if indicator_ids else {}
    # by subquery rather than a list of 600 ids (Django prepares a list's ids one by one)
    in_initiatives = _initiatives_query(organisation, years)
    statuses = status_values_as_of(in_initiatives, as_of) if initiative_ids else {}
    names = {i.pk: (i.name, i.unit) for i in indicators}
    later = [
        LaterValue(
            names[c.indicator_id][0],
            c.year,
            format_value(c.value, names[c.indicator_id][1]),
            c.recorded_on,
            kind=c.kind,
            withdrawn=c.withdrawn,
        )
        for c in (changes_after(indicator_ids, as_of) if indicator_ids else [])
    ]
    rounds = rounds_due(organisation, initiative_ids, as_of)
    if with_indicators:
        counts = {}
        for indicator in indicators:
            if indicator.initiative_id:
                counts[indicator.initiative_id] = counts.get(indicator.initiative_id, 0) + 1
    else:
        counts = dict(
            Indicator.objects.filter(organisation=organisation, initiative_id__in=in_initiatives)
            .values_list("initiative_id")
            .annotate(n=Count("id"))
            .order_by()
        )

    by_initiative: dict[int, list[Indicator]] = {}
    by_note: dict[int, list[Indicator]] = {}
    organisation_level: list[Indicator] = []
    for indicator in indicators:
        if indicator.initiative_id:
            by_initiative.setdefault(indicator.initiative_id, []).append(indicator)
        elif indicator.budget_note_id:
            by_note.setdefault(indicator.budget_note_id, []).append(indicator)
        else:
            organisation_level.append(indicator)

    # texts asked once per report, not per row (a gettext call costs as much as a row's work)
    yearly = _("årligt")
    labels = {value: str(label) for value, label in StatusState.choices}
    sections: dict[int, list[NoteRow]] = {}
    for note in notes:
        figures = note.figures
        initiative_rows = []
        members = note.initiatives
        for initiative in members:
            status = statuses.get(initiative.pk)
            missing = status_overdue(
                organisation=organisation,
                state=initiative.state,
                latest=status.as_of if status else None,
                as_of=as_of,
                status_round=rounds.get(initiative.pk),
            )
            initiative_rows.append(
                InitiativeRow(
                    id=initiative.pk,
                    code=initiative.code,
                    title=initiative.title,
                    purpose=initiative.purpose,
                    unit=initiative.unit,
                    money=_money(
                        figures.get(initiative.pk),
                        own=True,
                        finished=initiative.state == LifecycleState.FINISHED,
                        yearly=yearly,
                    ),
                    status=_status_row(status, labels),
                    indicators=_indicator_rows(
                        by_initiative.get(initiative.pk, []), series, targets
                    ),
                    state=initiative.state,
                    overdue=missing is not None,
                    overdue_since=missing.since if missing else None,
                    owner=initiative.owner,
                    indicator_count=counts.get(initiative.pk, 0),
                )
            )
        sections.setdefault(note.budget_year, []).append(
            NoteRow(
                id=note.pk,
                code=note.code,
                title=note.title,
                budget_year=note.budget_year,
                unit=note.unit,
                purpose=note.purpose,
                money=_note_money(
                    figures,
                    finished=bool(members)
                    and all(i.state == LifecycleState.FINISHED for i in members),
                    yearly=yearly,
                ),
                indicators=_indicator_rows(by_note.get(note.pk, []), series, targets),
                initiatives=tuple(initiative_rows),
            )
        )

    counts: dict[str | None, int] = {}
    seen = set()
    for note_rows in sections.values():
        for note in note_rows:
            for ini in note.initiatives:
                if ini.id in seen:
                    continue
                seen.add(ini.id)
                key = ini.status.state if ini.status else None
                counts[key] = counts.get(key, 0) + 1
    summary = [
        StateCount(value, labels[value], StatusState.colour(value), counts[value])
        for value, label in StatusState.choices
        if counts.get(value)
    ]
    if counts.get(None):
        summary.append(StateCount("", _("Ingen status"), NO_STATUS_COLOUR, counts[None]))

    return StatusReport(
        organisation=organisation,
        as_of=as_of,
        produced=produced or timezone.localdate(),
        budget_years=years,
        sections=tuple(
            YearSection(y, tuple(rows)) for y, rows in sorted(sections.items(), reverse=True)
        ),
        organisation_indicators=_indicator_rows(organisation_level, series, targets),
        summary=tuple(summary),
        later=tuple(later),
    )


def initiative_indicators(
    *, organisation: Organisation, initiative_id: int, as_of: dt.date
) -> IndicatorTable:
    """One initiative's indicator table as of the date, for the summary page's on-demand
    figures: the same rows as in the full report, in four queries."""
    indicators = list(
        Indicator.objects.filter(organisation=organisation, initiative_id=initiative_id).order_by(
            "order", "name", "id"
        )
    )
    ids = [i.pk for i in indicators]
    if not ids:
        return _indicator_rows([], {}, {})
    return _indicator_rows(indicators, points_as_of(ids, as_of), targets_for(ids))


# --- PDF ---------------------------------------------------------------------------------


def render_pdf(report: StatusReport) -> bytes:
    return pdf_from_template(
        "reports/status_pdf.html", {"report": report, "print_years": PRINT_YEARS}
    )


# --- XLSX --------------------------------------------------------------------------------

VALUE_FORMATS = {"count": "#,##0", "percent": PERCENT_FORMAT, "ratio": "0.00"}


def _indicator_format(unit: str, value: Decimal) -> str:
    if unit == "kr":
        return amount_format(value)
    if unit == "percent" and value * 10 != (value * 10).to_integral_value():
        return PERCENT_FORMAT_2
    return VALUE_FORMATS[unit]


def _indicator_value(unit: str, value: Decimal) -> int | Decimal:
    """A percentage as the fraction a spreadsheet stores (41,46 % as 0.4146)."""
    return percent_value(value) if unit == "percent" else _number(value)


def _number(value: Decimal) -> int | Decimal:
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


# The status workbook's column names: each is its column's key and, translated, its header.
XLSX_HEADERS = frozenset({
    gettext_noop("Budgetår"), gettext_noop("Budgetnotat"), gettext_noop("Niveau"), gettext_noop("Nr."), gettext_noop("Titel"),
    gettext_noop("Ansvarlig enhed"), gettext_noop("Formål"), gettext_noop("Bevilling"), gettext_noop("Prisniveau"), gettext_noop("Status"),
    gettext_noop("Status pr."), gettext_noop("Status mangler siden"), gettext_noop("Beskrivelse"), gettext_noop("Skrevet af"),
    gettext_noop("Indsats"), gettext_noop("Indikator"), gettext_noop("Enhed"), gettext_noop("Retning"), gettext_noop("Udgangsværdi"),
    gettext_noop("Udgangsår"), gettext_noop("Målværdi"), gettext_noop("Frist"), gettext_noop("Vurdering"), gettext_noop("Flere mål"),
    gettext_noop("Fodnoter"), gettext_noop("År"), gettext_noop("Værdi"), gettext_noop("Registreret"),
    gettext_noop("Bemærkning"),
})  # fmt: skip


def render_xlsx(report: StatusReport) -> bytes:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    title_font = Font(bold=True, size=14)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    note_fill = PatternFill("solid", fgColor="F2F2F2")
    thin = Side(style="thin", color="BFBFBF")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    def header(ws, title: str, columns: list[tuple[str, int]]) -> int:
        ws["A1"] = title
        ws["A1"].font = title_font
        ws["A2"] = f"{report.organisation.name} · {report.subtitle}"
        ws["A3"] = _("Status og indikatorværdier pr. %(date)s. Udskrevet %(produced)s.") % {
            "date": report.as_of_text,
            "produced": report.produced_text,
        }
        row = 5
        for i, (text, width) in enumerate(columns, start=1):
            # The column's Danish name is its key (col[...]); the header is in the reader's language.
            cell = ws.cell(row=row, column=i, value=_(text) if text in XLSX_HEADERS else text)
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
            cell.border = Border(bottom=thin)
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.print_title_rows = f"{row}:{row}"
        return row

    def text(ws, r: int, c: int, value, *, alignment=top, font=None):
        cell = set_text(ws.cell(row=r, column=c), value)  # text, never a formula
        cell.alignment = alignment
        if font is not None:
            cell.font = font
        return cell

    def money(ws, r: int, c: int, value, *, font=None):
        if value is None:
            return None
        cell = ws.cell(row=r, column=c, value=excel_amount(value))
        cell.number_format = amount_format(value)
        cell.alignment = top
        if font is not None:
            cell.font = font
        return cell

    book = Book()
    wb = book.wb
    ws = book.sheet(_("Status"))
    years = report.money_years
    fixed = [("Budgetår", 9), ("Budgetnotat", 12), ("Niveau", 9), ("Nr.", 7), ("Titel", 46),
             ("Ansvarlig enhed", 22), ("Formål", 46), ("Bevilling", 40), ("Prisniveau", 10)]  # fmt: skip
    per_year = []
    for y in years:
        per_year += [(_("Bevilget %(year)s") % {"year": y}, 14),
                     (_("Forbrug %(year)s") % {"year": y}, 14),
                     (_("Planlagt %(year)s") % {"year": y}, 14)]  # fmt: skip
    tail = [("Status", 18), ("Status pr.", 12), ("Status mangler siden", 14), ("Beskrivelse", 70),
            ("Skrevet af", 20)]  # fmt: skip
    columns = fixed + per_year + tail
    col = {name: i for i, (name, _) in enumerate(columns, start=1)}
    header_row = header(ws, report.title, columns)
    r = header_row + 1

    def money_columns(r: int, m: Money | None, font=None):
        if m is None:
            return
        text(ws, r, col["Bevilling"], m.allocation_text, alignment=wrap, font=font)
        text(ws, r, col["Prisniveau"], m.price_level, font=font)
        for y in m.years:
            year = {"year": y.year}
            money(ws, r, col[_("Bevilget %(year)s") % year], y.allocated, font=font)
            money(ws, r, col[_("Forbrug %(year)s") % year], y.spent, font=font)
            money(ws, r, col[_("Planlagt %(year)s") % year], y.planned, font=font)

    for section in report.sections:
        for note in section.notes:
            ws.cell(row=r, column=col["Budgetår"], value=note.budget_year).font = bold
            text(ws, r, col["Budgetnotat"], note.code, font=bold)
            text(ws, r, col["Niveau"], _("Notat"), font=bold)
            text(ws, r, col["Titel"], note.title, alignment=wrap, font=bold)
            text(ws, r, col["Ansvarlig enhed"], note.unit, alignment=wrap)
            text(ws, r, col["Formål"], note.purpose, alignment=wrap)
            money_columns(r, note.money, font=bold)
            for c in range(1, len(columns) + 1):
                ws.cell(row=r, column=c).fill = note_fill
                ws.cell(row=r, column=c).border = Border(top=thin)
            r += 1
            for ini in note.initiatives:
                ws.cell(row=r, column=col["Budgetår"], value=note.budget_year)
                text(ws, r, col["Budgetnotat"], note.code)
                text(ws, r, col["Niveau"], _("Indsats"))
                text(ws, r, col["Nr."], ini.code)
                text(ws, r, col["Titel"], ini.title, alignment=wrap)
                text(ws, r, col["Ansvarlig enhed"], ini.unit, alignment=wrap)
                text(ws, r, col["Formål"], ini.purpose, alignment=wrap)
                money_columns(r, ini.money)
                if ini.status:
                    text(ws, r, col["Status"], ini.status.state_label)
                    cell = ws.cell(row=r, column=col["Status pr."], value=ini.status.as_of)
                    cell.number_format = "DD-MM-YYYY"
                    cell.alignment = top
                    text(ws, r, col["Beskrivelse"], ini.status.plain, alignment=wrap)
                    text(ws, r, col["Skrevet af"], ini.status.author)
                else:
                    text(ws, r, col["Status"], _("Ingen status"))
                if ini.overdue_since:
                    cell = ws.cell(
                        row=r, column=col["Status mangler siden"], value=ini.overdue_since
                    )
                    cell.number_format = "DD-MM-YYYY"
                    cell.alignment = top
                elif ini.overdue:
                    text(ws, r, col["Status mangler siden"], _("Aldrig skrevet"))
                r += 1
    last = get_column_letter(len(columns))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=col["Titel"] + 1)
    if r > header_row + 1:
        ws.auto_filter.ref = f"A{header_row}:{last}{r - 1}"
    book.print_setup(ws)

    # Indicators: one row per indicator, a column per year.
    ws = wb.create_sheet(_("Indikatorer"))
    years = report.indicator_years
    columns = [("Budgetår", 9), ("Budgetnotat", 12), ("Nr.", 7), ("Indsats", 40), ("Indikator", 40),
               ("Enhed", 12), ("Retning", 16), ("Udgangsværdi", 13), ("Udgangsår", 10),
               ("Målværdi", 12), ("Frist", 8), ("Vurdering", 26), ("Flere mål", 30),
               ("Fodnoter", 40)]  # fmt: skip
    columns += [(str(y), 12) for y in years]
    col = {name: i for i, (name, _) in enumerate(columns, start=1)}
    header_row = header(
        ws, _("Indikatorer – værdier pr. %(date)s") % {"date": report.as_of_text}, columns
    )
    r = header_row + 1

    notes: dict[str, str] = {}

    def indicator_row(r: int, row: IndicatorRow, year=None, note_code="", code="", title=""):
        if year is not None:
            ws.cell(row=r, column=col["Budgetår"], value=year)
        text(ws, r, col["Budgetnotat"], note_code)
        text(ws, r, col["Nr."], code)
        text(ws, r, col["Indsats"], title, alignment=wrap)
        text(ws, r, col["Indikator"], row.name, alignment=wrap)
        text(ws, r, col["Enhed"], row.unit_label)
        text(ws, r, col["Retning"], row.direction_label)
        if row.targets:
            first = row.targets[0]
            for name, value in (
                ("Udgangsværdi", first.baseline_value),
                ("Målværdi", first.target_value),
            ):
                cell = ws.cell(row=r, column=col[name], value=_indicator_value(row.unit, value))
                cell.number_format = _indicator_format(row.unit, value)
            ws.cell(row=r, column=col["Udgangsår"], value=first.baseline_year)
            ws.cell(row=r, column=col["Frist"], value=first.deadline_year)
            text(ws, r, col["Vurdering"], first.verdict_label)
            if len(row.targets) > 1:
                text(
                    ws,
                    r,
                    col["Flere mål"],
                    "; ".join(t.text for t in row.targets[1:]),
                    alignment=wrap,
                )
        for y, value in row.values:
            if row.kind != Kind.YEARLY:  # "3,2 mio. kr. ud af 5 mio. kr.", "45 i alt" …
                text(ws, r, col[str(y)], row.figure_text(y))
                continue
            cell = ws.cell(row=r, column=col[str(y)], value=_indicator_value(row.unit, value))
            cell.number_format = _indicator_format(row.unit, value)
        remarks = [notes[m] for _, m in row.marks]
        if row.provisional:  # the newest value is part-year: shown, not judged
            remarks.append(f"{row.provisional[0]}: {row.provisional[1]}")
        if remarks:
            text(ws, r, col["Fodnoter"], "\n".join(remarks), alignment=wrap)

    for section in report.sections:
        for note in section.notes:
            notes.clear()
            notes.update(note.indicators.footnotes)
            for row in note.indicators.rows:
                indicator_row(r, row, note.budget_year, note.code, "", note.title)
                r += 1
            for ini in note.initiatives:
                notes.clear()
                notes.update(ini.indicators.footnotes)
                for row in ini.indicators.rows:
                    indicator_row(r, row, note.budget_year, note.code, ini.code, ini.title)
                    r += 1
    notes.clear()
    notes.update(report.organisation_indicators.footnotes)
    for row in report.organisation_indicators.rows:
        indicator_row(r, row, title="Hele organisationen")
        r += 1
    ws.freeze_panes = ws.cell(row=header_row + 1, column=col["Enhed"])
    if r > header_row + 1:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{r - 1}"
    book.print_setup(ws)

    if report.later:
        ws = book.sheet(_("Registreret senere"))
        columns = [("Indikator", 40), ("År", 8), ("Værdi", 14), ("Registreret", 14),
                   ("Bemærkning", 30)]  # fmt: skip
        header_row = header(
            ws, _("Registreret senere end %(date)s") % {"date": report.as_of_text}, columns
        )
        for r, value in enumerate(report.later, start=header_row + 1):
            text(ws, r, 1, value.indicator, alignment=wrap)
            ws.cell(row=r, column=2, value=value.year)
            text(ws, r, 3, value.value_text)
            cell = ws.cell(row=r, column=4, value=value.recorded_on)
            cell.number_format = "DD-MM-YYYY"
            text(ws, r, 5, value.remark)
        book.print_setup(ws)

    return book.to_bytes()


# --- DOCX --------------------------------------------------------------------------------


def docx_status_head(doc, section, report: StatusReport) -> None:
    """The status DOCX's opening lines (what the report holds, the date it was made, the
    counts by state) and its footer — the same in both layouts."""
    from docx.shared import RGBColor

    meta = doc.add_paragraph()
    docx_muted(
        meta.add_run(
            _(
                "%(subtitle)s. Status og indikatorværdier, som de var kendt pr. %(date)s. "
                "Udskrevet %(produced)s."
            )
            % {
                "subtitle": report.subtitle,
                "date": report.as_of_text,
                "produced": report.produced_text,
            }
        )
    )
    if report.summary:
        p = doc.add_paragraph()
        for i, count in enumerate(report.summary):
            if i:
                docx_muted(p.add_run(" · "))
            run = p.add_run(f"{count.label}: {count.count}")
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(count.colour.lstrip("#"))
    docx_footer(
        section,
        f"{report.organisation.name} · {report.title} · " + _("Side") + " ",
        produced_text=report.produced_text,
    )


def _unbroken(figure: str) -> str:
    """A figure with its unit (``61,0 %``, ``1.200.000 kr.``) joined by no-break spaces: Word
    broke a narrow year column between the number and its unit."""
    return figure.replace(" ", "\u00a0")


def render_docx(report: StatusReport) -> bytes:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    doc, section = docx_document(report.organisation, report.title, side_margin=20)
    bullet_style = doc.styles["List Bullet"]
    bullet_style.font.name = "Arial"
    bullet_style.font.size = Pt(10)

    docx_status_head(doc, section, report)

    def facts(pairs):
        p = doc.add_paragraph()
        first = True
        for label, value in pairs:
            if not value:
                continue
            if not first:
                docx_muted(p.add_run(" · "))
            docx_muted(p.add_run(f"{label}: "))
            p.add_run(value)
            first = False

    def money_table(m: Money):
        if not m.has_figures:
            return
        labels = {
            "allocated": _("Bevilget"),
            "spent": _("Forbrug"),
            "left": _("Rest"),
            "planned": _("Planlagt"),
        }
        columns = m.columns
        table = doc.add_table(rows=1, cols=1 + len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        docx_header(
            table, [_("År"), *(labels[c] for c in columns)], right=set(range(1, 1 + len(columns)))
        )
        for y in m.years:
            cells = table.add_row().cells
            cells[0].text = str(y.year)
            values = {
                "allocated": format_kr(y.allocated) if y.allocated is not None else "–",
                "spent": format_kr(y.spent) if y.spent is not None else "–",
                "left": y.left_text or "–",
                "planned": format_kr(y.planned) if y.planned is not None else "–",
            }
            for c, name in enumerate(columns, start=1):
                cells[c].text = _unbroken(values[name])
                cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        docx_widths(table, [Mm(16)] + [Mm(32)] * len(columns))
        docx_small(table)

    def indicator_table(indicators: IndicatorTable):
        if not indicators:
            return
        years = indicators.print_years
        table = doc.add_table(rows=1, cols=2 + len(years))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        docx_header(
            table,
            [_("Indikator"), *map(str, years), _("Mål")],
            right=set(range(1, 1 + len(years))),
        )
        for row, cells_text in indicators.print_rows:
            cells = table.add_row().cells
            cells[0].text = row.name
            docx_muted(
                cells[0].add_paragraph().add_run(row.unit_label + ", " + row.direction_label)
            ).font.size = Pt(7.5)
            for c, (figure, part_year_mark) in enumerate(cells_text, start=1):
                cells[c].text = _unbroken(figure or "–")
                cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if part_year_mark:  # on its own line under the figure, as on screen and in the PDF
                    p = cells[c].add_paragraph()
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    docx_muted(p.add_run(part_year_mark)).font.size = Pt(7)
            target_cell = cells[-1]
            target_cell.text = "" if row.targets else _("Intet mål")
            for i, target in enumerate(row.targets):
                p = target_cell.paragraphs[0] if i == 0 else target_cell.add_paragraph()
                p.add_run(target.text)
                verdict = p.add_run(f" – {target.verdict_label}")
                verdict.bold = True
                verdict.font.color.rgb = RGBColor.from_string(target.verdict_colour.lstrip("#"))
        widths = [Mm(46)] + [Mm(12)] * len(years) + [Mm(170 - 46 - 12 * len(years))]
        docx_widths(table, widths)
        docx_small(table)
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        if run.font.size == Pt(9):
                            run.font.size = Pt(8)
        for marker, note in indicators.footnotes:
            docx_muted(doc.add_paragraph().add_run(f"{marker} {note}")).font.size = Pt(8)
        if indicators.cut:
            docx_muted(
                doc.add_paragraph().add_run(
                    _("Tabellen viser de seneste %(n)s år; alle år står i regnearket.")
                    % {"n": PRINT_YEARS}
                )
            ).font.size = Pt(8)

    def account(status: StatusRow):
        for kind, lines in status.blocks:
            if kind == "p":
                doc.add_paragraph(lines[0])
            else:
                for line in lines:
                    doc.add_paragraph(line, style="List Bullet")

    for year_section in report.sections:
        doc.add_heading(_("Budgetår %(year)s") % {"year": year_section.budget_year}, level=1)
        for note in year_section.notes:
            doc.add_heading(note.heading, level=2)
            allocation = note.money.allocation_text
            if allocation and note.money.from_initiatives:
                allocation += " " + _("(summen af indsatsernes bevillinger)")
            facts([(_("Ansvarlig enhed"), note.unit), (_("Bevilling"), allocation)])
            if note.purpose:
                p = doc.add_paragraph()
                p.add_run(_("Formål: ")).bold = True
                p.add_run(note.purpose)
            money_table(note.money)
            indicator_table(note.indicators)
            for ini in note.initiatives:
                doc.add_heading(ini.heading, level=3)
                facts([
                    (_("Ansvarlig enhed"), ini.unit),
                    (_("Egen bevilling"), ini.money.allocation_text if ini.money else ""),
                ])  # fmt: skip
                if ini.purpose:
                    p = doc.add_paragraph()
                    p.add_run(_("Formål: ")).bold = True
                    p.add_run(ini.purpose)
                if ini.overdue:
                    run = doc.add_paragraph().add_run(ini.overdue_text)
                    run.bold = True
                    run.font.color.rgb = RGBColor.from_string("A4001B")
                p = doc.add_paragraph()
                if ini.status:
                    p.add_run(
                        _("Status pr. %(date)s: ") % {"date": ini.status.as_of_text}
                    ).bold = True
                    run = p.add_run(ini.status.state_label)
                    run.bold = True
                    run.font.color.rgb = RGBColor.from_string(ini.status.colour.lstrip("#"))
                    docx_muted(p.add_run(
                        f" · {ini.status.author}"
                        + (" · " + _("rettet version") if ini.status.corrected else "")
                    ))  # fmt: skip
                    account(ini.status)
                else:
                    docx_muted(
                        p.add_run(_("Ingen status pr. %(date)s.") % {"date": report.as_of_text})
                    )
                if ini.money:
                    money_table(ini.money)
                indicator_table(ini.indicators)
    if report.organisation_indicators:
        doc.add_heading(_("Indikatorer for hele organisationen"), level=1)
        indicator_table(report.organisation_indicators)
    if not report.sections:
        doc.add_paragraph(_("Der er ingen budgetnotater at vise."))
    if report.later:
        doc.add_heading(_("Registreret senere end %(date)s") % {"date": report.as_of_text}, level=1)
        for value in report.later:
            doc.add_paragraph(value.text, style="List Bullet")
    return docx_bytes(doc)
