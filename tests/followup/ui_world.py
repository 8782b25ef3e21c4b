"""A small organisation for the budget, indicator and status pages' tests: two initiatives with
cost lines, a budget note funding both with a multi-year allocation, and indicators."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from indsats.budgets import services as budget_services
from indsats.budgets.models import BudgetNote
from indsats.indicators import services as indicator_services
from indsats.indicators.models import Indicator
from indsats.initiatives import services as initiative_services
from indsats.initiatives.models import Initiative
from indsats.organisations import services as org_services


@dataclass
class World:
    initiative: Initiative
    other: Initiative
    note: BudgetNote
    turnover: Indicator  # percent, on the initiative
    started: Indicator  # count, on the note


def build(org, actor) -> World:
    theme = initiative_services.theme_get_or_create(
        actor=actor, organisation=org, name="Rekruttering til og fastholdelse i stillinger"
    )
    unit = org_services.unit_get_or_create(actor=actor, organisation=org, name="Center for Ældre")
    initiative = initiative_services.initiative_create(
        organisation=org,
        actor=actor,
        code="1.1",
        title="Frikøb af praktikvejledere",
        theme=theme,
        unit=unit,
        priority_step=1,
        funding="separate",
        state="running",
        start_year=2026,
    )
    initiative_services.cost_line_save(
        initiative=initiative,
        actor=actor,
        label="Frikøb",
        category="release_time",
        recurrence="yearly",
        stated_amount=Decimal("1008000"),
    )
    other = initiative_services.initiative_create(
        organisation=org,
        actor=actor,
        code="2.1",
        title="Mentorordning for nyansatte",
        theme=theme,
        funding="separate",
        state="funded",
        start_year=2026,
    )
    note = budget_services.budget_note_create(
        organisation=org,
        actor=actor,
        code="SO19",
        title="God start i Socialforvaltningen",
        budget_year=2026,
        unit=unit,
        purpose="Flere elever gennemfører og bliver ansat.",
        initiatives=[initiative, other],
    )
    budget_services.allocation_set(
        note=note,
        actor=actor,
        amounts={
            2026: Decimal("7339000"),
            2027: Decimal("5373000"),
            2028: Decimal("5373000"),
            2029: Decimal("5373000"),
        },
        price_level="2022-pl",
    )
    turnover = indicator_services.indicator_create(
        organisation=org,
        actor=actor,
        name="Personaleomsætning",
        unit="percent",
        direction="lower",
        initiative=initiative,
    )
    started = indicator_services.indicator_create(
        organisation=org,
        actor=actor,
        name="Medarbejdere startet på uddannelse",
        unit="count",
        direction="higher",
        budget_note=note,
    )
    # Setting the allocation moved the note's version on; the tests open the note from here,
    # at version 1.
    type(note).objects.filter(pk=note.pk).update(version=1)
    note.refresh_from_db()
    return World(initiative, other, note, turnover, started)


def url(org, name, **kwargs) -> str:
    return reverse(name, kwargs={"org": org.slug, **kwargs})


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page's text without tags and with collapsed white space."""
    body = re.sub(r"<[^>]+>", " ", html(response))
    return re.sub(r"\s+", " ", body)


def yesterday() -> dt.date:
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=1)
