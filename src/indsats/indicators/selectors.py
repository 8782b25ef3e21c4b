"""Reads for indicators: series as known on a date, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F

from .models import IndicatorValue, Target


class Point(NamedTuple):
    """The value that counts for a year, with its remark and the date it was measured on
    (None: the whole year)."""

    value: Decimal
    note: str
    date: dt.date | None


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
    """As ``series_as_of``, with each year's remark and measuring date. One query."""
    rows = IndicatorValue.objects.filter(indicator_id__in=list(indicator_ids))
    if as_of is not None:
        rows = rows.filter(recorded_on__lte=as_of)
    rows = rows.order_by(
        "indicator_id",
        "year",
        F("date").asc(nulls_first=True),  # whole-year values before dated ones, on every DB
        "recorded_on",
        "created_at",
        "id",
    ).values_list("indicator_id", "year", "value", "note", "date")
    result: dict[int, dict[int, Point]] = defaultdict(dict)
    for indicator_id, year, value, note, date in rows:
        result[indicator_id][year] = Point(value, note, date)  # later rows (newer versions) win
    return dict(result)


def targets_for(indicator_ids: Iterable[int]) -> dict[int, list[Target]]:
    result: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(indicator_id__in=list(indicator_ids)).order_by(
        "deadline_year"
    ):
        result[target.indicator_id].append(target)
    return dict(result)
