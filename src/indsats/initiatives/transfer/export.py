"""Write the catalogue of an organisation as an XLSX file in the import format."""

from __future__ import annotations

from typing import Any

from indsats.core.transfer import spreadsheet_number as _number
from indsats.core.transfer import workbook_bytes
from indsats.organisations.models import Organisation, Parameter
from indsats.organisations.services import member_key

from ..selectors import initiative_queryset
from . import columns as c


def catalogue_rows(organisation: Organisation) -> dict[str, list[dict[str, Any]]]:
    """The organisation's catalogue as rows per sheet, keyed by column key. Reads in a fixed
    number of queries."""
    initiatives: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    factors: list[dict[str, Any]] = []
    scenarios: list[dict[str, Any]] = []
    for initiative in initiative_queryset(organisation).order_by(
        "theme__order", "theme__name", "code"
    ):
        code = initiative.code
        scenario_list = list(initiative.scenarios.all())
        selected = next(
            (s.name for s in scenario_list if s.pk == initiative.selected_scenario_id), None
        )
        initiatives.append(
            {
                "code": code,
                "title": initiative.title,
                "description": initiative.description,
                "purpose": initiative.purpose,
                "theme": initiative.theme.name,
                "focus_area": initiative.focus_area.name if initiative.focus_area else None,
                "target_group": initiative.target_group,
                "professions": initiative.professions,
                "unit": initiative.unit.name if initiative.unit else None,
                "owner": member_key(initiative.owner),
                "priority_step": initiative.priority_step,
                "funding": initiative.funding,
                "kl": ", ".join(
                    f"KL{n}" for n in sorted(r.number for r in initiative.kl_recommendations.all())
                ),
                "state": initiative.state,
                "start_year": initiative.start_year,
                "end_year": initiative.end_year,
                "selected": selected,
            }
        )
        for number, line in c.numbered_lines(initiative.cost_lines.all()):
            lines.append(
                {
                    "code": code,
                    "number": number,
                    "label": line.label,
                    "category": line.category,
                    "recurrence": line.recurrence,
                    "year": line.year,
                    "start_year": line.start_year,
                    "end_year": line.end_year,
                    "stated": _number(line.stated_amount),
                    "note": line.note,
                }
            )
            for factor in line.factors.all():
                factors.append(
                    {
                        "code": code,
                        "number": number,
                        "key": factor.key,
                        "label": factor.label,
                        "unit": factor.unit,
                        "value": _number(factor.value),
                        "parameter": factor.parameter.key if factor.parameter_id else None,
                    }
                )
        for scenario in scenario_list:
            for value in scenario.values.all():
                scenarios.append(
                    {
                        "code": code,
                        "name": scenario.name,
                        "key": value.key,
                        "value": _number(value.value),
                    }
                )
    parameters = [
        {
            "key": p.key,
            "name": p.name,
            "unit": p.unit,
            "valid_from": v.valid_from,
            "value": _number(v.value),
        }
        for p in Parameter.objects.filter(organisation=organisation)
        .prefetch_related("values")
        .order_by("key")
        for v in sorted(p.values.all(), key=lambda v: v.valid_from)
    ]
    return {
        c.INITIATIVES.title: initiatives,
        c.COST_LINES.title: lines,
        c.FACTORS.title: factors,
        c.SCENARIOS.title: scenarios,
        c.PARAMETERS.title: parameters,
    }


def catalogue_export(organisation: Organisation) -> bytes:
    """The organisation's catalogue as XLSX, in the columns the import reads."""
    return workbook_bytes(c.CATALOGUE, catalogue_rows(organisation))


def catalogue_template() -> bytes:
    """An empty catalogue: the sheets with their headers, dropdowns and the guide."""
    return workbook_bytes(c.CATALOGUE, {})
