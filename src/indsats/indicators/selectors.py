"""Reads for indicators: series as known on a date, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F, Q
from django.utils.translation import gettext as _

from indsats.calc.indicators import is_part_year
from indsats.reports.render import danish_date

from .models import IndicatorValue, Target, ValueAction


class Point(NamedTuple):
    """The value that counts for a year, with its remark and the date it was measured on
    (None: the whole year)."""

    value: Decimal
    note: str
    date: dt.date | None
    whole: Decimal | None = None  # what a share (»X ud af Y«) is out of


def part_years(points: dict[int, Point]) -> frozenset[int]:
    """The years whose value that counts was measured part of the way through the year: the
    one place that decides which values a verdict may judge (``calc.indicators.progress``
    judges whole-year values only and shows the newest part-year value as provisional)."""
    return frozenset(year for year, point in points.items() if is_part_year(year, point.date))


def provisional(points: dict[int, Point]) -> tuple[int, str] | None:
    """(year, »foreløbig pr. 30. april 2026«) when the newest value was measured part of the way
    through its year (shown, not judged); None when the newest value is for the whole year. The
    one wording of the mark: the indicator pages and the status report show it as it is."""
    year = max(points, default=None)
    if year is None or year not in part_years(points):
        return None
    return year, _("foreløbig pr. %(date)s") % {"date": danish_date(points[year].date)}


def provisional_tail(mark: tuple[int, str] | None, year: int) -> str:
    """`` (foreløbig pr. 30. april 2026)`` after ``year``'s figure when ``mark`` is for it."""
    return f" ({mark[1]})" if mark is not None and mark[0] == year else ""


def series_as_of(
    indicator_ids: Iterable[int], as_of: dt.date | None = None
) -> dict[int, dict[int, Decimal]]:
    """{indicator id: {year: value}} using, per year, the newest value recorded on or before
    ``as_of`` (all values when ``as_of`` is None). Per-date values within a year: the latest
    date counts, also over a value for the whole year (no date). One query."""
    return {
        indicator_id: {year: point.value for year, point in years.items()}
        for indicator_id, years in points_as_of(indicator_ids, as_of).items()
    }


def points_as_of(
    indicator_ids: Iterable[int], as_of: dt.date | None = None
) -> dict[int, dict[int, Point]]:
    """As ``series_as_of``, with each year's remark and measuring date. One query.

    A withdrawn value does not count (at any as-of date: a wrong value never was true), and the
    version before it counts again; withdrawals and their undoing are read regardless of
    ``as_of``."""
    ids = list(indicator_ids)
    rows = IndicatorValue.objects.filter(indicator_id__in=ids)
    if as_of is not None:
        rows = rows.filter(Q(recorded_on__lte=as_of) | ~Q(action=ValueAction.VALUE))
    rows = rows.order_by(
        "indicator_id",
        "year",
        F("date").asc(nulls_first=True),  # whole-year values before dated ones, on every DB
        "recorded_on",
        "created_at",
        "id",
    ).values_list(
        "id", "indicator_id", "year", "value", "note", "date", "action", "target_id", "whole"
    )
    rows = list(rows)
    hidden = _hidden(
        (row_id, action, target_id, created)
        for created, (row_id, _i, _y, _v, _n, _d, action, target_id, _w) in enumerate(rows)
    )
    result: dict[int, dict[int, Point]] = defaultdict(dict)
    for row_id, indicator_id, year, value, note, date, action, _target, whole in rows:
        if action != ValueAction.VALUE or row_id in hidden:
            continue
        # later rows (newer versions) win
        result[indicator_id][year] = Point(value, note, date, whole)
    return dict(result)


def _hidden(actions) -> set[int]:
    """Ids of value rows whose newest action is a withdrawal. ``actions``: (id, action,
    target id, order) with order increasing with creation."""
    newest: dict[int, tuple] = {}
    for row_id, action, target_id, order in actions:
        if action == ValueAction.VALUE:
            continue
        key = (order, row_id)
        if target_id not in newest or newest[target_id][0] < key:
            newest[target_id] = (key, action)
    return {t for t, (_k, action) in newest.items() if action == ValueAction.WITHDRAW}


class LaterChange(NamedTuple):
    """A change recorded after a report's date: a value recorded later (``withdrawn``: it has
    been withdrawn since), or the withdrawal, recorded later, of a value that counted on the
    date (``kind == "withdrawal"``)."""

    indicator_id: int
    year: int
    value: Decimal
    recorded_on: dt.date
    kind: str  # "value" or "withdrawal"
    withdrawn: bool


def changes_after(indicator_ids: Iterable[int], as_of: dt.date) -> list[LaterChange]:
    """What was recorded after ``as_of`` that a report as of that date does not show as it was
    printed then: values recorded later (withdrawn ones too, marked), and withdrawals recorded
    later of values recorded by then (a withdrawal counts at every date, so such a value has
    left the report). In recording order. One query."""
    rows = list(
        IndicatorValue.objects.filter(indicator_id__in=list(indicator_ids))
        .filter(Q(recorded_on__gt=as_of) | ~Q(action=ValueAction.VALUE))
        .order_by("created_at", "id")
        .values_list(
            "id", "indicator_id", "year", "value", "recorded_on", "action", "target_id",
            "target__recorded_on",
        )
    )  # fmt: skip
    hidden = _hidden((r[0], r[5], r[6], n) for n, r in enumerate(rows))
    changes = []
    for row_id, indicator_id, year, value, recorded_on, action, target_id, counted_on in rows:
        if recorded_on <= as_of:
            continue
        if action == ValueAction.VALUE:
            changes.append(
                LaterChange(indicator_id, year, value, recorded_on, "value", row_id in hidden)
            )
        elif (
            action == ValueAction.WITHDRAW
            and target_id in hidden
            and counted_on is not None
            and counted_on <= as_of
        ):
            changes.append(LaterChange(indicator_id, year, value, recorded_on, "withdrawal", True))
    # one line per value: its newest withdrawal recorded later
    seen: set[tuple] = set()
    unique = []
    for change in reversed(changes):
        key = (change.indicator_id, change.year, change.value, change.kind, change.withdrawn)
        if change.kind == "withdrawal" and key in seen:
            continue
        seen.add(key)
        unique.append(change)
    unique.reverse()
    return sorted(unique, key=lambda c: (c.recorded_on, c.indicator_id, c.year))


def withdrawn_ids(indicator_ids: Iterable[int]) -> set[int]:
    """Ids of the value rows that are withdrawn now. One query."""
    rows = (
        IndicatorValue.objects.filter(indicator_id__in=list(indicator_ids))
        .exclude(action=ValueAction.VALUE)
        .order_by("created_at", "id")
        .values_list("id", "action", "target_id")
    )
    return _hidden((i, a, t, n) for n, (i, a, t) in enumerate(rows))


def targets_for(indicator_ids: Iterable[int]) -> dict[int, list[Target]]:
    result: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(indicator_id__in=list(indicator_ids)).order_by(
        "deadline_year"
    ):
        result[target.indicator_id].append(target)
    return dict(result)
