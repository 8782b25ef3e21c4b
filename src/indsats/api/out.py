"""Model objects and cost results -> the JSON the schemas describe. Money always leaves as a
string with two decimals."""

from __future__ import annotations

from decimal import Decimal

from indsats.calc import costs as calc
from indsats.calc.danish import to_ore
from indsats.initiatives.models import CostLine, Initiative, Scenario
from indsats.initiatives.selectors import Overview
from indsats.organisations.models import Parameter


def money(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return f"{to_ore(Decimal(value)):.2f}"


def number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(Decimal(value).normalize(), "f")
    return text


def initiative(obj: Initiative) -> dict:
    return {
        "id": obj.pk,
        "code": obj.code,
        "title": obj.title,
        "description": obj.description,
        "purpose": obj.purpose,
        "theme": obj.theme.name,
        "focus_area": obj.focus_area.name if obj.focus_area_id else None,
        "unit": obj.unit.name if obj.unit_id else None,
        "target_group": obj.target_group,
        "professions": obj.professions,
        "priority_step": obj.priority_step,
        "funding": obj.funding,
        "state": obj.state,
        "start_year": obj.start_year,
        "end_year": obj.end_year,
        "kl_recommendations": [
            r.code for r in sorted(obj.kl_recommendations.all(), key=lambda r: r.number)
        ],
        "selected_scenario": obj.selected_scenario_id,
        "version": obj.version,
        "created_at": obj.created_at,
        "updated_at": obj.updated_at,
    }


def factor(f) -> dict:
    return {
        "key": f.key,
        "label": f.label,
        "unit": f.unit,
        "value": number(f.value) if not f.parameter_id else None,
        "parameter": f.parameter.key if f.parameter_id else None,
    }


def cost_line(line: CostLine) -> dict:
    return {
        "id": line.pk,
        "initiative_id": line.initiative_id,
        "order": line.order,
        "label": line.label,
        "category": line.category,
        "recurrence": line.recurrence,
        "year": line.year,
        "start_year": line.start_year,
        "end_year": line.end_year,
        "stated_amount": money(line.stated_amount),
        "note": line.note,
        "factors": [factor(f) for f in line.factors.all()],
        "version": line.version,
    }


def scenario(obj: Scenario) -> dict:
    return {
        "id": obj.pk,
        "initiative_id": obj.initiative_id,
        "name": obj.name,
        "order": obj.order,
        "values": {v.key: number(v.value) for v in obj.values.all()},
        "version": obj.version,
    }


def parameter(obj: Parameter) -> dict:
    return {
        "key": obj.key,
        "name": obj.name,
        "unit": obj.unit,
        "description": obj.description,
        "values": [
            {"valid_from": v.valid_from, "value": number(v.value)}
            for v in sorted(obj.values.all(), key=lambda v: v.valid_from)
        ],
        "version": obj.version,
    }


def year_cost(cost: calc.YearCost) -> dict:
    return {
        "one_time": money(cost.one_time),
        "yearly": money(cost.yearly),
        "total": money(cost.total),
    }


def cost_range(rng: calc.CostRange) -> dict:
    return {
        "one_time_low": money(rng.one_time_low),
        "one_time_high": money(rng.one_time_high),
        "yearly_low": money(rng.yearly_low),
        "yearly_high": money(rng.yearly_high),
    }


def scenario_ref(s: calc.Scenario) -> dict | None:
    return {"id": int(s.key), "name": s.name} if s.key else None


def _calc_factor(f: calc.Factor) -> dict:
    return {
        "key": f.key,
        "label": f.label,
        "unit": f.unit,
        "value": number(f.value) if f.parameter is None else None,
        "parameter": f.parameter,
    }


def initiative_costs(
    initiative_id: int,
    year: int,
    parameters: dict[str, Decimal],
    model: calc.InitiativeModel,
    scenario: calc.Scenario,
) -> dict:
    lines = []
    for line in model.lines:
        result = calc.evaluate_line(line, parameters, scenario)
        lines.append(
            {
                "id": int(line.key),
                "label": line.label,
                "category": line.category,
                "recurrence": str(line.recurrence),
                "years": calc.line_years(
                    line, start_year=model.start_year, end_year=model.end_year
                ),
                "applies": calc.applies_in_year(
                    line, year, start_year=model.start_year, end_year=model.end_year
                ),
                "formula_amount": money(result.formula_amount),
                "stated_amount": money(result.stated_amount),
                "amount": money(result.amount),
                "differs": result.differs,
                "expression": result.expression(),
                "factors": [_calc_factor(f) for f in line.factors],
            }
        )
    return {
        "initiative_id": initiative_id,
        "year": year,
        "scenario": scenario_ref(scenario),
        "parameters": {k: number(v) for k, v in sorted(parameters.items())},
        "lines": lines,
        "totals": year_cost(calc.cost_in_year(model, parameters, year, scenario)),
        "range": cost_range(calc.cost_range(model, parameters, year)),
        "scenarios": [
            {
                "id": int(s.key),
                "name": s.name,
                "cost": year_cost(calc.cost_in_year(model, parameters, year, s)),
            }
            for s in model.scenarios
        ],
    }


def prioritisation(overview: Overview) -> dict:
    steps = []
    for step in overview.steps:
        steps.append(
            {
                "step": step.step,
                "themes": [
                    {
                        "theme": theme.name,
                        "initiatives": [
                            {
                                "id": row.initiative.pk,
                                "code": row.initiative.code,
                                "title": row.initiative.title,
                                "funding": row.initiative.funding,
                                "state": row.initiative.state,
                                "scenario": scenario_ref(row.selected),
                                "cost": year_cost(row.cost),
                                "range": cost_range(row.range),
                                "error": row.error,
                            }
                            for row in rows
                        ],
                    }
                    for theme, rows in step.themes
                ],
                "total": year_cost(step.total.cost),
                "cumulated": year_cost(step.total.cumulated),
                "frame": money(step.total.frame),
                "left": money(step.total.left),
            }
        )
    return {"year": overview.year, "steps": steps, "grand_total": year_cost(overview.grand_total)}


# --- budget notes, indicators and status updates ----------------------------------------------


def budget_note(note) -> dict:
    from indsats.calc.allocations import format_allocation

    codes = {i.pk: i.code for i in note.initiatives.all()}
    scopes: dict[int | None, list] = {}
    for a in note.allocations.all():
        scopes.setdefault(a.initiative_id, []).append(a)
    allocations = []
    for scope in sorted(scopes, key=lambda s: (s is not None, codes.get(s, ""))):
        rows = scopes[scope]
        price = next((a.price_level for a in rows if a.price_level), "")
        amounts = {a.year: a.amount for a in rows}
        allocations.append(
            {
                "initiative": codes.get(scope) if scope else None,
                "amounts": {year: money(amount) for year, amount in amounts.items()},
                "price_level": price,
                "text": format_allocation(amounts),
            }
        )
    return {
        "id": note.pk,
        "code": note.code,
        "title": note.title,
        "budget_year": note.budget_year,
        "unit": note.unit.name if note.unit_id else None,
        "purpose": note.purpose,
        "initiatives": sorted(codes.values()),
        "allocations": allocations,
        "spending": [
            {
                "initiative": codes.get(s.initiative_id) if s.initiative_id else None,
                "year": s.year,
                "amount": money(s.amount),
                "comment": s.comment,
            }
            for s in sorted(note.spendings.all(), key=lambda s: (s.initiative_id or 0, s.year))
        ],
        "version": note.version,
        "created_at": note.created_at,
        "updated_at": note.updated_at,
    }


def indicator(obj) -> dict:
    return {
        "id": obj.pk,
        "name": obj.name,
        "unit": obj.unit,
        "direction": obj.direction,
        "definition": obj.definition,
        "source": obj.source,
        "initiative_id": obj.initiative_id,
        "budget_note_id": obj.budget_note_id,
        "order": obj.order,
        "kind": obj.kind,
        "since_year": obj.since_year,
        "version": obj.version,
    }


def indicator_value(v, unit: str, withdrawn: set[int] | frozenset = frozenset()) -> dict:
    from indsats.calc.indicators import format_value

    return {
        "id": v.pk,
        "indicator_id": v.indicator_id,
        "year": v.year,
        "date": v.date,
        "value": number(v.value),
        "whole": number(v.whole) if v.whole is not None else None,
        "text": format_value(v.value, unit),
        "note": v.note,
        "recorded_on": v.recorded_on,
        "entered_by": v.entered_by_name,
        "status_update_id": v.status_update_id,
        "created_at": v.created_at,
        "withdrawn": v.pk in withdrawn,
    }


def status_update(u) -> dict:
    from django.core.exceptions import ObjectDoesNotExist

    from indsats.followup.models import StatusState

    try:
        newer = u.superseded_by.pk
    except ObjectDoesNotExist:  # the reverse one-to-one raises when there is none
        newer = None
    return {
        "id": u.pk,
        "initiative_id": u.initiative_id,
        "as_of": u.as_of,
        "state": u.state,
        "state_label": u.get_state_display(),
        "colour": StatusState.colour(u.state),
        "text": u.text,
        "author": u.author_name,
        "supersedes": u.supersedes_id,
        "superseded_by": newer,
        "values": [indicator_value(v, v.indicator.unit) for v in u.indicator_values.all()],
        "created_at": u.created_at,
    }


def history(entries) -> list[dict]:
    """core.history entries (the one formatter the history pages use too)."""
    return [
        {
            "id": e.id,
            "at": e.at,
            "when": e.when,
            "actor": e.actor,
            "action": e.action,
            "kind": e.kind,
            "what": e.what,
            "changes": [
                {"field": c.field, "label": c.label, "before": c.before, "after": c.after}
                for c in e.changes
            ],
        }
        for e in entries
    ]
