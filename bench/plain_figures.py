"""The pages' figures in plain Python over the raw rows a page's SELECTs return: the "plain
Python" half of a floor ("the raw SQL for the same rows plus plain Python for the same
figures"). Deliberately not the product's code: straightforward loops over tuples with Decimal
arithmetic, written from the rules in calc/costs.py and budgets/selectors.finance_of, so the
floor does the same work a page must do at the least (cost every line under every scenario,
round to øre, sum, range, step totals; a note's money table per year), and nothing of the
page's machinery (ORM, models, templates, formatting).

``results`` is what floors.replay returns: a list of (sql, column names, rows).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")
ZERO = Decimal("0.00")


def dec(value) -> Decimal | None:
    """SQLite hands decimals back as int/float (the raw cursor has no converters)."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def table(results, marker: str):
    """The (columns → index, rows) of the first replayed SELECT containing ``marker``."""
    found = [r for r in results if marker in r[0]]
    if not found:
        raise SystemExit(f"no replayed SELECT has {marker!r}")
    _sql, columns, rows = found[0]
    index: dict[str, int] = {}
    for i, name in enumerate(columns):
        index.setdefault(name, i)  # joined tables repeat "id": the first is the main table's
    return index, rows


def parameters(results, year: int) -> dict[str, Decimal]:
    """Each parameter's value on 1 January of ``year`` (or its earliest)."""
    col, rows = table(results, 'FROM "organisations_parametervalue"')
    key_at = col["key"]  # the joined parameter's key (the value row has no "key" of its own)
    cutoff = dt.date(year, 1, 1)
    chosen: dict[str, Decimal] = {}
    for row in sorted(rows, key=lambda r: r[col["valid_from"]]):
        valid_from = row[col["valid_from"]]
        if isinstance(valid_from, str):
            valid_from = dt.date.fromisoformat(valid_from)
        if valid_from <= cutoff or row[key_at] not in chosen:
            chosen[row[key_at]] = dec(row[col["value"]])
    return chosen


def cost_models(results):
    """{initiative id: (lines, scenarios)}; a line is (recurrence, year, start, end, stated,
    factors), a factor (key, value, parameter key), a scenario (id, {key: value})."""
    col, rows = table(results, 'FROM "initiatives_costfactor"')
    factors = defaultdict(list)
    for row in rows:
        factors[row[col["cost_line_id"]]].append(
            (row[col["key"]], dec(row[col["value"]]), row[col["parameter__key"]])
        )
    col, rows = table(results, 'FROM "initiatives_costline"')
    lines = defaultdict(list)
    for row in rows:
        lines[row[col["initiative_id"]]].append(
            (
                row[col["recurrence"]],
                row[col["year"]],
                row[col["start_year"]],
                row[col["end_year"]],
                dec(row[col["stated_amount"]]),
                factors.get(row[col["pk"]], []),
            )
        )
    col, rows = table(results, 'FROM "initiatives_scenariovalue"')
    overrides = defaultdict(dict)
    for row in rows:
        overrides[row[col["scenario_id"]]][row[col["key"]]] = dec(row[col["value"]])
    col, rows = table(results, 'FROM "initiatives_scenario" ')
    scenarios = defaultdict(list)
    for row in rows:
        scenarios[row[col["initiative_id"]]].append((row[col["pk"]], overrides[row[col["pk"]]]))
    return lines, scenarios


def year_cost(lines, start, end, params, overrides, year) -> tuple[Decimal, Decimal]:
    """(one-time, yearly) of one initiative's lines paid in ``year`` under ``overrides``."""
    one_time = yearly = ZERO
    for recurrence, paid, first, last, stated, factors in lines:
        if recurrence == "one_time":
            paid = paid if paid is not None else start
            if paid is not None and paid != year:
                continue
        else:
            first = first if first is not None else start
            last = last if last is not None else end
            if (first is not None and year < first) or (last is not None and year > last):
                continue
        amount = None
        overridden = False
        if factors:
            product = Decimal(1)
            for key, value, parameter in factors:
                if key in overrides:
                    value = overrides[key]
                    overridden = True
                elif value is None:
                    value = params[parameter]  # a missing one is an error row on the page
                product *= value
            amount = product.quantize(ORE, rounding=ROUND_HALF_UP)
        if stated is not None and not overridden:
            amount = stated.quantize(ORE, rounding=ROUND_HALF_UP)
        if recurrence == "one_time":
            one_time += amount
        else:
            yearly += amount
    return one_time, yearly


def overview(results, year: int):
    """The prioritisation overview's figures: each initiative's cost under each scenario, the
    range, the chosen scenario's cost; per step the total, range, frame, rest and cumulated."""
    params = parameters(results, year)
    lines, scenarios = cost_models(results)
    col, rows = table(results, 'FROM "initiatives_initiative"')
    step_cost = defaultdict(lambda: [ZERO, ZERO])
    step_range = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    initiatives = []
    key = col["id"] if "id" in col else col["pk"]  # a model row or a values() row
    for row in rows:
        pk = row[key]
        start, end = row[col["start_year"]], row[col["end_year"]]
        chosen_id = row[col["selected_scenario_id"]]
        own = scenarios.get(pk) or [(None, {})]
        try:
            costs = [
                (sid, year_cost(lines[pk], start, end, params, over, year)) for sid, over in own
            ]
        except KeyError:
            initiatives.append((pk, None))
            continue
        chosen = next((c for sid, c in costs if sid == chosen_id), costs[0][1])
        low_high = (
            min(c[0] for _s, c in costs),
            max(c[0] for _s, c in costs),
            min(c[1] for _s, c in costs),
            max(c[1] for _s, c in costs),
        )
        step = row[col["priority_step"]]
        totals = step_cost[step]
        totals[0] += chosen[0]
        totals[1] += chosen[1]
        spans = step_range[step]
        for i in range(4):
            spans[i] += low_high[i]
        initiatives.append((pk, costs, chosen, low_high))
    col, rows = table(results, 'FROM "initiatives_budgetframe"')
    frames = {row[col["step"]]: dec(row[col["amount"]]) for row in rows}
    steps = []
    running = [ZERO, ZERO]
    for step in sorted(s for s in step_cost if s is not None):
        one_time, yearly = step_cost[step]
        running = [running[0] + one_time, running[1] + yearly]
        frame = frames.get(step)
        rest = frame - (one_time + yearly) if frame is not None else None
        steps.append((step, one_time, yearly, one_time + yearly, tuple(running), rest))
    return initiatives, steps


def status_page(results, as_of: dt.date):
    """The status summary's figures: per note and per initiative with money of its own, the
    allocation, spending and planned cost (selected or funded scenario) per year; and the
    latest status of each initiative as of the date, counted per state."""
    lines, scenarios = cost_models(results)
    col, rows = table(results, 'SELECT "initiatives_initiative"."id" AS "pk"')
    years_of = {row[col["pk"]]: (row[col["start_year"]], row[col["end_year"]]) for row in rows}
    selected = {row[col["pk"]]: row[col["selected_scenario_id"]] for row in rows}
    col, rows = table(results, 'FROM "budgets_budgetnote_initiatives"')
    members = defaultdict(list)
    for row in rows:
        members[row[col["budgetnote_id"]]].append(row[col["initiative_id"]])
    col, rows = table(results, 'FROM "budgets_budgetnote_funded_scenarios"')
    funded = defaultdict(dict)
    for row in rows:
        funded[row[col["budgetnote_id"]]][row[col["scenario__initiative_id"]]] = row[
            col["scenario_id"]
        ]
    money = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    col, rows = table(results, 'FROM "budgets_allocation"')
    for row in rows:
        money[row[col["note_id"]]][row[col["initiative_id"]]][row[col["year"]]]["allocated"] = dec(
            row[col["amount"]]
        )
    col, rows = table(results, 'FROM "budgets_spending"')
    for row in rows:
        money[row[col["note_id"]]][row[col["initiative_id"]]][row[col["year"]]]["spent"] = dec(
            row[col["amount"]]
        )
    params_by_year: dict[int, dict] = {}
    cost_cache: dict[tuple, Decimal] = {}

    def planned(initiative_id, scenario_id, year):
        key = (initiative_id, scenario_id, year)
        if key not in cost_cache:
            if year not in params_by_year:
                params_by_year[year] = parameters(results, year)
            own = scenarios.get(initiative_id) or [(None, {})]
            over = next((o for sid, o in own if sid == scenario_id), own[0][1])
            start, end = years_of[initiative_id]
            try:
                one_time, yearly = year_cost(
                    lines[initiative_id], start, end, params_by_year[year], over, year
                )
                cost_cache[key] = one_time + yearly
            except KeyError:
                cost_cache[key] = ZERO
        return cost_cache[key]

    col, rows = table(results, 'SELECT "budgets_budgetnote"."id" AS "pk"')
    notes = []
    for row in rows:
        note = row[col["pk"]]
        own_money = money.get(note, {})
        years = sorted({y for by_year in own_money.values() for y in by_year})
        keys = [None] + sorted(k for k in own_money if k is not None)
        table_rows = []
        for key in keys:
            ids = members[note] if key is None else [key]
            for year in years:
                cell = own_money.get(key, {}).get(year, {})
                total = sum(
                    (planned(i, funded[note].get(i) or selected.get(i), year) for i in ids), ZERO
                )
                table_rows.append((key, year, cell.get("allocated"), cell.get("spent"), total))
        notes.append((note, table_rows))
    col, rows = table(results, 'FROM "followup_statusupdate"')
    latest: dict[int, tuple] = {}
    for row in rows:
        when = row[col["as_of"]]
        if isinstance(when, str):
            when = dt.date.fromisoformat(when)
        if when > as_of:
            continue
        initiative = row[col["initiative_id"]]
        if initiative not in latest or when >= latest[initiative][0]:
            latest[initiative] = (when, row[col["state"]])
    counts: dict[str | None, int] = defaultdict(int)
    for initiative in {i for ids in members.values() for i in ids}:
        counts[latest[initiative][1] if initiative in latest else None] += 1
    return notes, dict(counts)
