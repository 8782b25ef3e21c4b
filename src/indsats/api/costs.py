"""Computed costs: one initiative's written-out calculation, and the prioritisation overview."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from indsats.calc import costs as calc
from indsats.initiatives import selectors

from . import lookups, out
from .auth import organisation
from .errors import NotFound
from .schemas import FundingValue, InitiativeCostsOut, PrioritisationOut, errors

router = Router(tags=["costs"])


@router.get(
    "/initiatives/{id}/costs",
    response={200: InitiativeCostsOut, **errors(400, 401, 404, 422)},
    summary="An initiative's costs",
    description="Every cost line under the scenario (default: the initiative's selected scenario, "
    "else its first), with what the formula gives, what was decided, and whether they differ; "
    "totals in the year; and the range over all scenarios. Without `year`, the initiative's start "
    "year (or the organisation's budget year). 400 when a line cannot be computed, e.g. a "
    "parameter without a value.",
)
def initiative_costs(
    request,
    id: int,
    year: int | None = Query(None, ge=1990, le=2100),
    scenario: int | None = Query(None, description="Scenario id; must belong to the initiative."),
):
    initiative = lookups.initiative_with_costs(organisation(request), id)
    data = selectors.initiative_costs(initiative, year)
    model = data["model"]
    if scenario is not None:
        chosen = next((s for s in model.scenarios if s.key == str(scenario)), None)
        if chosen is None:
            raise NotFound(
                _("Indsatsen har intet scenarie med id %(id)s.") % {"id": scenario},
                field="scenario",
            )
    else:
        chosen = calc.pick_scenario(
            model, str(initiative.selected_scenario_id) if initiative.selected_scenario_id else None
        )
    return Status(
        200, out.initiative_costs(initiative.pk, data["year"], data["parameters"], model, chosen)
    )


@router.get(
    "/prioritisation",
    response={200: PrioritisationOut, **errors(401, 422)},
    summary="Prioritisation overview",
    description="Priority steps with their themes and initiatives, each initiative's cost in the "
    "year under its selected scenario and its range over all scenarios, totals per step and "
    "cumulated over steps (not-prioritised initiatives last, not cumulated). Without `year`, the "
    "organisation's budget year.",
)
def prioritisation(
    request,
    year: int | None = Query(None, ge=1990, le=2100),
    funding: FundingValue | None = None,
):
    org = organisation(request)
    overview = selectors.prioritisation_overview(
        organisation=org, year=year or org.budget_year, funding=funding
    )
    return Status(200, out.prioritisation(overview))
