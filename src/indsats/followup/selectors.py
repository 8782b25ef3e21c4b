"""Reads for follow-up: the status of initiatives as of a date, and which are overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import F, Max, Q

from indsats.initiatives.models import Initiative
from indsats.organisations.models import Organisation

from .models import StatusUpdate


def status_as_of(initiative_ids: Iterable[int], as_of: dt.date) -> dict[int, StatusUpdate]:
    """The status each initiative had as of ``as_of``: its update with the latest as-of date on
    or before ``as_of``; of several versions for that date, the newest. A version that has been
    corrected never counts, even when its correction moved the date. One query."""
    ids = list(initiative_ids)
    updates = (
        StatusUpdate.objects.filter(
            initiative_id__in=ids, as_of__lte=as_of, superseded_by__isnull=True
        )
        .order_by("initiative_id", "-as_of", "-created_at", "-id")
        .select_related("initiative")
    )
    result: dict[int, StatusUpdate] = {}
    for update in updates:
        result.setdefault(update.initiative_id, update)
    return result


def status_history(initiative: Initiative) -> list[StatusUpdate]:
    """Every status update of an initiative, newest first, corrections included."""
    return list(
        StatusUpdate.objects.filter(initiative=initiative)
        .select_related("supersedes")
        .prefetch_related("indicator_values__indicator")
        .order_by("-as_of", "-created_at", "-id")
    )


def overdue(organisation: Organisation, today: dt.date) -> list[tuple[Initiative, dt.date | None]]:
    """Initiatives being carried out (funded, running) whose latest status is older than the
    organisation's reporting interval, with the date of that status (None: never reported)."""
    cutoff = today - dt.timedelta(days=organisation.reporting_interval_days)
    initiatives = (
        Initiative.objects.filter(
            organisation=organisation, state__in=["funded", "running", "prioritised"]
        )
        .annotate(last_status=Max("status_updates__as_of"))
        .filter(Q(last_status__isnull=True) | Q(last_status__lt=cutoff))
        .select_related("unit", "theme")
        .order_by(F("last_status").asc(nulls_first=True), "code")
    )
    return [(i, i.last_status) for i in initiatives]
