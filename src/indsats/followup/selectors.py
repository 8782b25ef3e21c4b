"""Reads for follow-up: the status of initiatives as of a date, which are overdue, status rounds
and their progress, and each member's own tasks ("Mine opgaver")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from indsats.initiatives.models import Initiative
from indsats.organisations.models import Organisation

from .models import StatusRound, StatusUpdate


def _latest_updates(initiative_ids: Iterable[int], as_of: dt.date):
    """THE rule for an initiative's status as of a date: its update with the latest as-of date
    on or before ``as_of``; of several versions for that date, the newest. A version that has
    been corrected never counts, even when its correction moved the date."""
    ids = initiative_ids if isinstance(initiative_ids, QuerySet) else list(initiative_ids)
    return StatusUpdate.objects.filter(
        initiative_id__in=ids, as_of__lte=as_of, superseded_by__isnull=True
    )


# of an initiative's counting updates, the first in this order is its status
_NEWEST_FIRST = ("-as_of", "-created_at", "-id")


def status_as_of(initiative_ids: Iterable[int], as_of: dt.date) -> dict[int, StatusUpdate]:
    """The status each initiative had as of ``as_of`` (``_latest_updates``). One query."""
    result: dict[int, StatusUpdate] = {}
    updates = _latest_updates(initiative_ids, as_of).order_by("initiative_id", *_NEWEST_FIRST)
    for update in updates.select_related("initiative"):
        result.setdefault(update.initiative_id, update)
    return result


class StatusValues(NamedTuple):
    """What the status report reads of an update, as plain values."""

    pk: int
    as_of: dt.date
    state: str
    text: str
    author_name: str
    supersedes_id: int | None


def status_values_as_of(
    initiative_ids: Iterable[int] | QuerySet, as_of: dt.date
) -> dict[int, StatusValues]:
    """``status_as_of`` as plain values, only the update that counts per initiative (a window
    in the query, so an initiative's older updates and their texts are not read): the status
    report of 600 initiatives built a model instance for each of their updates.
    ``initiative_ids`` may be a query of ids (a subquery). One query."""
    latest = (
        _latest_updates(initiative_ids, as_of)
        .order_by()
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=F("initiative_id"),
                order_by=[F(field[1:]).desc() for field in _NEWEST_FIRST],
            )
        )
        .filter(place=1)
        .values_list(
            "initiative_id", "pk", "as_of", "state", "text", "author_name", "supersedes_id"
        )
    )
    return {row[0]: StatusValues(*row[1:]) for row in latest}


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
ACTIVE_STATES = list(STATES_THAT_REPORT)


@dataclass(frozen=True)
class StatusOverdue:
    """A status that is missing: ``since`` is the date the next status was due (a round's due
    date, or the latest status's date plus the reporting interval); None when the initiative
    was never reported and no round asked for it."""

    since: dt.date | None
    latest: dt.date | None


def status_overdue(
    *,
    organisation: Organisation,
    state: str,
    latest: dt.date | None,
    as_of: dt.date,
    status_round: StatusRound | None = None,
) -> StatusOverdue | None:
    """THE rule for whether an initiative's status is overdue as of ``as_of`` (the report's
    date, or today). Returns None when it is not. Every reader (the overdue list, the status
    report's "Status mangler siden …", the rounds) asks this function. Pure: no query.

    - ``status_round``: the latest status round covering the initiative whose due date has
      passed on ``as_of`` (``rounds_due``). It wants a status as of its date or later: without
      one the status is missing since the round's due date, whatever the lifecycle state.
    - Otherwise (no round, or the round was answered) the interval: an initiative being carried
      out (``STATES_THAT_REPORT``) whose latest status on or before ``as_of`` (``latest``;
      None: none) is older than the organisation's reporting interval. An answered round long
      ago does not keep a status fresh: October's answer is overdue by April when the
      interval is 120 days and no later round has come due."""
    if status_round is not None and (latest is None or latest < status_round.as_of):
        return StatusOverdue(since=status_round.due_date, latest=latest)
    if state not in STATES_THAT_REPORT:
        return None
    if latest is None:
        return StatusOverdue(since=None, latest=None)
    due = latest + dt.timedelta(days=organisation.reporting_interval_days)
    if due >= as_of:
        return None
    return StatusOverdue(since=due, latest=latest)


def rounds_due(
    organisation: Organisation, initiative_ids: Iterable[int], as_of: dt.date
) -> dict[int, StatusRound]:
    """For each initiative, the latest status round covering it whose due date has passed on
    ``as_of`` (what ``status_overdue`` measures it by). One query, plus one or two per round."""
    ids = set(initiative_ids)
    result: dict[int, StatusRound] = {}
    if not ids:
        return result
    rounds = StatusRound.objects.filter(organisation=organisation, due_date__lte=as_of).order_by(
        "-due_date", "-id"
    )
    for status_round in rounds:
        if len(result) == len(ids):
            break
        covered = set(round_initiatives(status_round).values_list("pk", flat=True)) & ids
        for pk in covered:
            result.setdefault(pk, status_round)
    return result


def status_missing_since(
    organisation: Organisation,
    initiatives: Iterable[Initiative],
    as_of: dt.date,
    latest: dict[int, StatusUpdate] | None = None,
) -> dict[int, dt.date | None]:
    """``status_overdue`` for many initiatives at once: {id: since} of those overdue.
    ``latest``: ``status_as_of`` when the caller has it already."""
    initiatives = list(initiatives)
    ids = [i.pk for i in initiatives]
    if latest is None:
        latest = status_as_of(ids, as_of)
    rounds = rounds_due(organisation, ids, as_of)
    result: dict[int, dt.date | None] = {}
    for initiative in initiatives:
        status = latest.get(initiative.pk)
        missing = status_overdue(
            organisation=organisation,
            state=initiative.state,
            latest=status.as_of if status else None,
            as_of=as_of,
            status_round=rounds.get(initiative.pk),
        )
        if missing is not None:
            result[initiative.pk] = missing.since
    return result


def overdue(organisation: Organisation, today: dt.date) -> list[tuple[Initiative, dt.date | None]]:
    """Initiatives whose status is overdue today (``status_overdue``: a round past its due
    date, else the interval), with the date of their latest status (None: never reported);
    never reported first, then oldest first."""
    initiatives = list(
        Initiative.objects.filter(organisation=organisation)
        .filter(Q(state__in=STATES_THAT_REPORT) | Q(status_rounds__organisation=organisation))
        .distinct()
        .select_related("unit", "theme", "owner")
        .order_by("code")
    )
    latest = status_as_of([i.pk for i in initiatives], today)
    missing = status_missing_since(organisation, initiatives, today, latest=latest)
    rows = [
        (i, latest[i.pk].as_of if i.pk in latest else None) for i in initiatives if i.pk in missing
    ]
    rows.sort(key=lambda row: (row[1] is not None, row[1] or dt.date.min, row[0].code))
    return rows


def round_initiatives(status_round: StatusRound):
    """The initiatives a round covers: those chosen; else those on the budget notes of its budget
    year; else every initiative being carried out."""
    base = Initiative.objects.filter(organisation_id=status_round.organisation_id)
    chosen = list(status_round.initiatives.values_list("pk", flat=True))
    if chosen:
        return base.filter(pk__in=chosen)
    if status_round.budget_year:
        return base.filter(budget_notes__budget_year=status_round.budget_year).distinct()
    return base.filter(state__in=ACTIVE_STATES)


def round_reported(
    status_round: StatusRound, initiative_ids: Iterable[int]
) -> dict[int, StatusUpdate]:
    """The status each initiative has given for the round: its newest status as of the round's
    date or later (corrected versions never count). One query."""
    updates = StatusUpdate.objects.filter(
        initiative_id__in=list(initiative_ids),
        as_of__gte=status_round.as_of,
        superseded_by__isnull=True,
    ).order_by("initiative_id", "-as_of", "-created_at", "-id")
    result: dict[int, StatusUpdate] = {}
    for update in updates:
        result.setdefault(update.initiative_id, update)
    return result


def round_progress(status_round: StatusRound) -> dict:
    """A round's rows (initiative, owner, unit, the status given or None) and the counts of
    submitted and missing per owner and per unit. Three queries whatever the number of rows."""
    initiatives = list(
        round_initiatives(status_round).select_related("unit", "owner", "theme").order_by("code")
    )
    reported = round_reported(status_round, [i.pk for i in initiatives])
    rows = [{"initiative": i, "status": reported.get(i.pk)} for i in initiatives]

    def tally(key):
        groups: dict[str, dict] = {}
        for row in rows:
            name = key(row["initiative"])
            group = groups.setdefault(name, {"name": name, "submitted": 0, "missing": 0})
            group["submitted" if row["status"] else "missing"] += 1
        return sorted(groups.values(), key=lambda g: (-g["missing"], g["name"]))

    return {
        "round": status_round,
        "rows": rows,
        "submitted": sum(1 for r in rows if r["status"]),
        "missing": sum(1 for r in rows if not r["status"]),
        "by_owner": tally(lambda i: owner_name(i.owner) if i.owner else ""),
        "by_unit": tally(lambda i: i.unit.name if i.unit else ""),
    }


def owner_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def open_rounds(organisation: Organisation):
    return StatusRound.objects.filter(organisation=organisation, closed=False).order_by(
        "due_date", "id"
    )


def round_missing(status_round: StatusRound) -> list[Initiative]:
    """Initiatives of the round with no status for it yet, with owner and unit loaded."""
    initiatives = list(
        round_initiatives(status_round).select_related("owner", "unit").order_by("code")
    )
    reported = round_reported(status_round, [i.pk for i in initiatives])
    return [i for i in initiatives if i.pk not in reported]


def my_tasks(*, user, organisation: Organisation, today: dt.date) -> list[dict]:
    """What is a member's to do, soonest due first: status updates missing for open rounds of
    initiatives they own; values missing for last year of indicators they own (or that their
    success criteria are measured on); the organisation's cases returned by the editor (for
    members who edit the catalogue). Each task: kind, title, due date (or None), url name+args."""
    from indsats.casebank.models import Case, CaseStatus
    from indsats.indicators.models import Indicator
    from indsats.organisations.models import EDIT_CATALOGUE, Membership
    from indsats.strategies.models import SuccessCriterion

    tasks: list[dict] = []
    for status_round in open_rounds(organisation):
        for initiative in round_missing(status_round):
            if initiative.owner_id == user.pk:
                tasks.append(
                    {
                        "kind": "status",
                        "title": f"{initiative.code} {initiative.title}",
                        "context": status_round.name,
                        "due": status_round.due_date,
                        "overdue": status_round.due_date < today,
                        "url": ("followup:create", [organisation.slug, initiative.pk]),
                        "query": f"?runde={status_round.pk}",
                    }
                )
    year = today.year - 1
    criteria_indicators = SuccessCriterion.objects.filter(
        strategy__organisation=organisation, owner=user, indicator__isnull=False
    ).values_list("indicator_id", flat=True)
    indicators = (
        Indicator.objects.filter(organisation=organisation)
        .filter(Q(owner=user) | Q(pk__in=criteria_indicators))
        .exclude(values__year=year)
        .select_related("initiative")
        .distinct()
        .order_by("name")
    )
    for indicator in indicators:
        tasks.append(
            {
                "kind": "value",
                "title": indicator.name,
                "context": str(year),
                "due": None,
                "overdue": False,
                "url": ("indicators:value_add", [organisation.slug, indicator.pk]),
                "query": "",
            }
        )
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership and membership.role in EDIT_CATALOGUE:
        for case in Case.objects.filter(
            organisation=organisation, status=CaseStatus.RETURNED
        ).order_by("title"):
            tasks.append(
                {
                    "kind": "case",
                    "title": case.title,
                    "context": case.editor_comment,
                    "due": None,
                    "overdue": False,
                    "url": ("org_cases:edit", [organisation.slug, case.pk]),
                    "query": "",
                }
            )
    tasks.sort(key=lambda t: (t["due"] is None, t["due"] or dt.date.max))
    return tasks


def without_owner(organisation: Organisation) -> dict[str, list]:
    """Items whose owner left the organisation (``former_owner`` says who), for the
    administrator to hand over: initiatives, indicators, success criteria, budget notes."""
    from indsats.budgets.models import BudgetNote
    from indsats.indicators.models import Indicator
    from indsats.strategies.models import SuccessCriterion

    return {
        "initiatives": list(
            Initiative.objects.filter(organisation=organisation, owner__isnull=True)
            .exclude(former_owner="")
            .order_by("code")
        ),
        "indicators": list(
            Indicator.objects.filter(organisation=organisation, owner__isnull=True)
            .exclude(former_owner="")
            .order_by("name")
        ),
        "criteria": list(
            SuccessCriterion.objects.filter(strategy__organisation=organisation, owner__isnull=True)
            .exclude(former_owner="")
            .select_related("strategy")
        ),
        "budget_notes": list(
            BudgetNote.objects.filter(organisation=organisation, owner__isnull=True)
            .exclude(former_owner="")
            .order_by("budget_year", "code")
        ),
    }
