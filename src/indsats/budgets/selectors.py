"""Reads for budget notes: allocated vs spent vs planned (from the cost model), per year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Prefetch, QuerySet

from indsats.calc import costs as calc
from indsats.calc.codes import note_order, note_order_key
from indsats.initiatives.selectors import (
    initiative_queryset,
    parameters_in_force,
    to_calc_model,
)
from indsats.organisations.models import Organisation

from .models import Allocation, BudgetNote, Spending


def note_queryset(organisation: Organisation) -> QuerySet[BudgetNote]:
    return (
        BudgetNote.objects.filter(organisation=organisation)
        .select_related("unit")
        .prefetch_related(
            Prefetch("initiatives", queryset=initiative_queryset(organisation).order_by("code")),
            Prefetch("allocations", queryset=Allocation.objects.order_by("year")),
            Prefetch("spendings", queryset=Spending.objects.order_by("year")),
            "funded_scenarios",
        )
    )


@dataclass
class YearFigures:
    year: int
    allocated: Decimal | None = None
    spent: Decimal | None = None
    planned: Decimal | None = None  # the cost model's one-time + yearly cost in the year

    @property
    def left(self) -> Decimal | None:
        if self.allocated is None:
            return None
        return self.allocated - (self.spent or Decimal(0))


@dataclass
class Finance:
    """A note's (or one initiative's share of a note's) money per year."""

    years: list[YearFigures] = field(default_factory=list)
    price_level: str = ""

    @property
    def allocated(self) -> dict[int, Decimal]:
        return {y.year: y.allocated for y in self.years if y.allocated is not None}


def finance(
    note: BudgetNote, *, parameters_by_year: dict[int, dict[str, Decimal]] | None = None
) -> dict[int | None, Finance]:
    """{None: the note as a whole, initiative id: its own allocation/spending} per year, with the
    planned cost of the note's initiatives from the cost model. Uses the prefetched rows."""
    initiatives = list(note.initiatives.all())
    if parameters_by_year is None:
        parameters_by_year = parameters_cache(note.organisation)
    return finance_of(
        allocations=[
            MoneyRow(a.year, a.amount, a.initiative_id, a.price_level)
            for a in note.allocations.all()
        ],
        spendings=[MoneyRow(s.year, s.amount, s.initiative_id) for s in note.spendings.all()],
        selected={i.pk: i.selected_scenario_id for i in initiatives},
        funded={s.initiative_id: s.pk for s in note.funded_scenarios.all()},
        models={i.pk: to_calc_model(i) for i in initiatives},
        parameters_by_year=parameters_by_year,
    )


class MoneyRow(NamedTuple):
    """An allocation or a spending as plain values."""

    year: int
    amount: Decimal
    initiative_id: int | None
    price_level: str = ""


def finance_of(
    *,
    allocations: list[MoneyRow],
    spendings: list[MoneyRow],
    selected: dict[int, int | None],
    funded: dict[int, int],
    models: dict[int, calc.InitiativeModel],
    parameters_by_year: dict[int, dict[str, Decimal]],
) -> dict[int | None, Finance]:
    """``finance`` from plain values: the note's allocations and spendings, its initiatives'
    selected scenario (``selected``, in the note's order), the scenario the note funds per
    initiative (``funded``) and their cost models."""
    years = sorted({a.year for a in allocations} | {s.year for s in spendings})
    # each initiative's cost in a year, worked out once: the note's total and the initiative's
    # own row both need it
    costs: dict[tuple[int, int], Decimal | None] = {}

    def cost(iid, year) -> Decimal | None:
        if (iid, year) not in costs:
            model = models[iid]
            chosen = funded.get(iid) or selected.get(iid)
            try:
                costs[iid, year] = calc.cost_in_year(
                    model,
                    parameters_by_year[year],
                    year,
                    calc.pick_scenario(model, str(chosen) if chosen else None),
                ).total
            except calc.CostModelError:
                costs[iid, year] = None
        return costs[iid, year]

    def planned(initiative_ids, year):
        total = Decimal(0)
        for iid in initiative_ids:
            amount = cost(iid, year)
            if amount is not None:
                total += amount
        return total

    keys: list[int | None] = [None] + sorted(
        {a.initiative_id for a in allocations if a.initiative_id}
        | {s.initiative_id for s in spendings if s.initiative_id}
    )
    result: dict[int | None, Finance] = {}
    for key in keys:
        alloc = {a.year: a.amount for a in allocations if a.initiative_id == key}
        spent = {s.year: s.amount for s in spendings if s.initiative_id == key}
        ids = list(selected) if key is None else [key]
        price = next(
            (a.price_level for a in allocations if a.initiative_id == key and a.price_level), ""
        )
        result[key] = Finance(
            years=[YearFigures(y, alloc.get(y), spent.get(y), planned(ids, y)) for y in years],
            price_level=price,
        )
    return result


def parameters_cache(organisation: Organisation) -> dict[int, dict[str, Decimal]]:
    """Parameter values for every year, from one query, for callers costing many notes
    (initiatives.selectors.parameters_in_force)."""
    return parameters_in_force(organisation)


def notes_by_year(organisation: Organisation) -> dict[int, list[BudgetNote]]:
    by_year: dict[int, list[BudgetNote]] = defaultdict(list)
    order = note_order_key(note_order(organisation.budget_note_order))
    notes = sorted(note_queryset(organisation), key=lambda n: (n.budget_year, order(n.code)))
    for note in notes:
        by_year[note.budget_year].append(note)
    return dict(by_year)
