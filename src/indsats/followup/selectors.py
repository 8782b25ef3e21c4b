"""Reads for follow-up: the status of initiatives as of a date, and which are overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Max

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


# The lifecycle states in which an initiative is carried out and so owes a status.
STATES_THAT_REPORT = ("funded", "running", "prioritised")


@dataclass(frozen=True)
class StatusOverdue:
    """A status that is missing: ``since`` is the date the next status was due (the latest
    status's date plus the reporting interval); None when the initiative was never reported."""

    since: dt.date | None
    latest: dt.date | None


def status_overdue(
    *, organisation: Organisation, state: str, latest: dt.date | None, as_of: dt.date
) -> StatusOverdue | None:
    """THE rule for whether an initiative's status is overdue as of ``as_of`` (the report's
    date, or today): it is carried out (``STATES_THAT_REPORT``) and its latest status on or
    before ``as_of`` (``latest``; None: none) is older than the organisation's reporting
    interval. Returns None when the status is not overdue. Every reader (the overdue list, the
    status report's "Status mangler siden …") asks this function; a later rule (status rounds
    with their own deadlines) belongs here too. Pure: no query."""
    if state not in STATES_THAT_REPORT:
        return None
    if latest is None:
        return StatusOverdue(since=None, latest=None)
    due = latest + dt.timedelta(days=organisation.reporting_interval_days)
    if due >= as_of:
        return None
    return StatusOverdue(since=due, latest=latest)


def overdue(organisation: Organisation, today: dt.date) -> list[tuple[Initiative, dt.date | None]]:
    """Initiatives whose status is overdue today (see ``status_overdue``), with the date of
    their latest status (None: never reported), oldest first. One query."""
    initiatives = (
        Initiative.objects.filter(organisation=organisation, state__in=STATES_THAT_REPORT)
        .annotate(last_status=Max("status_updates__as_of"))
        .select_related("unit", "theme")
        .order_by(F("last_status").asc(nulls_first=True), "code")
    )
    return [
        (i, i.last_status)
        for i in initiatives
        if status_overdue(
            organisation=organisation, state=i.state, latest=i.last_status, as_of=today
        )
    ]
