"""Scenarios: named sets of factor values, e.g. »10 timer pr. md.«."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from indsats.initiatives import services

from . import lookups, out
from .auth import actor, organisation, require_edit
from .errors import stale_version
from .schemas import ScenarioIn, ScenarioOut, ScenarioPut, errors

router = Router(tags=["scenarios"])


@router.get(
    "/initiatives/{id}/scenarios",
    response={200: list[ScenarioOut], **errors(401, 404, 422)},
    summary="List an initiative's scenarios",
)
def list_scenarios(request, id: int):
    initiative = lookups.initiative(organisation(request), id)
    return Status(200, [out.scenario(s) for s in lookups.scenarios_of(initiative)])


@router.post(
    "/initiatives/{id}/scenarios",
    response={201: ScenarioOut, **errors(400, 401, 403, 404, 422)},
    summary="Add a scenario",
    description="`values` maps factor keys of the initiative's cost lines to the scenario's values.",
)
def create_scenario(request, id: int, payload: ScenarioIn):
    require_edit(request)
    org = organisation(request)
    initiative = lookups.initiative(org, id)
    created = services.scenario_save(
        initiative=initiative,
        actor=actor(request),
        name=payload.name,
        values=payload.values,
        order=payload.order,
    )
    return Status(201, out.scenario(lookups.scenario(org, created.pk)))


@router.get(
    "/scenarios/{id}",
    response={200: ScenarioOut, **errors(401, 404, 422)},
    summary="Get a scenario",
)
def get_scenario(request, id: int):
    return Status(200, out.scenario(lookups.scenario(organisation(request), id)))


@router.put(
    "/scenarios/{id}",
    response={200: ScenarioOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Replace a scenario",
    description="Replaces name and values. `version` must be the version you read; if someone "
    "else has saved the scenario since, the answer is 409 and nothing is changed.",
)
def replace_scenario(request, id: int, payload: ScenarioPut):
    require_edit(request)
    org = organisation(request)
    scenario = lookups.scenario(org, id)
    if payload.version != scenario.version:
        raise stale_version(
            _("Scenariet »%(obj)s«") % {"obj": scenario}, payload.version, scenario.version
        )
    services.scenario_save(
        initiative=scenario.initiative,
        actor=actor(request),
        scenario=scenario,
        expected_version=payload.version,
        name=payload.name,
        values=payload.values,
        order=payload.order,
    )
    return Status(200, out.scenario(lookups.scenario(org, id)))


@router.delete(
    "/scenarios/{id}",
    response={204: None, **errors(401, 403, 404, 409, 422)},
    summary="Delete a scenario",
    description="With `version`, the scenario is deleted only if nobody has changed it since (else 409).",
)
def delete_scenario(request, id: int, version: int | None = Query(None, ge=1)):
    require_edit(request)
    scenario = lookups.scenario(organisation(request), id)
    if version is not None and version != scenario.version:
        raise stale_version(_("Scenariet »%(obj)s«") % {"obj": scenario}, version, scenario.version)
    services.scenario_delete(scenario=scenario, actor=actor(request))
    return Status(204, None)
