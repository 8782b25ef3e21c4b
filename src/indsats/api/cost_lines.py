"""Cost lines of an initiative, each a stated amount and/or a formula of factors."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from indsats.initiatives import services
from indsats.initiatives.services import FactorInput

from . import lookups, out
from .auth import actor, organisation, require_edit
from .errors import stale_version
from .schemas import CostLineIn, CostLineOut, CostLinePut, errors

router = Router(tags=["cost lines"])


def _factors(payload: CostLineIn) -> list[FactorInput]:
    return [
        FactorInput(
            key=f.key, label=f.label, unit=f.unit, value=f.value, parameter_key=f.parameter or None
        )
        for f in payload.factors
    ]


def _fields(payload: CostLineIn) -> dict:
    fields = payload.model_dump(exclude={"factors", "version"})
    if fields["order"] is None:
        del fields["order"]
    return fields


@router.get(
    "/initiatives/{id}/cost-lines",
    response={200: list[CostLineOut], **errors(401, 404, 422)},
    summary="List an initiative's cost lines",
)
def list_cost_lines(request, id: int):
    initiative = lookups.initiative(organisation(request), id)
    return Status(200, [out.cost_line(line) for line in lookups.cost_lines_of(initiative)])


@router.post(
    "/initiatives/{id}/cost-lines",
    response={201: CostLineOut, **errors(400, 401, 403, 404, 422)},
    summary="Add a cost line",
    description="Give `stated_amount`, `factors` (the formula is their product) or both. A factor "
    "has either its own `value` or names an organisation `parameter`.",
)
def create_cost_line(request, id: int, payload: CostLineIn):
    require_edit(request)
    org = organisation(request)
    initiative = lookups.initiative(org, id)
    line = services.cost_line_save(
        initiative=initiative, actor=actor(request), factors=_factors(payload), **_fields(payload)
    )
    return Status(201, out.cost_line(lookups.cost_line(org, line.pk)))


@router.get(
    "/cost-lines/{id}",
    response={200: CostLineOut, **errors(401, 404, 422)},
    summary="Get a cost line",
)
def get_cost_line(request, id: int):
    return Status(200, out.cost_line(lookups.cost_line(organisation(request), id)))


@router.put(
    "/cost-lines/{id}",
    response={200: CostLineOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Replace a cost line",
    description="Replaces the line and all its factors. `version` must be the version you read; "
    "if someone else has saved the line since, the answer is 409 and nothing is changed.",
)
def replace_cost_line(request, id: int, payload: CostLinePut):
    require_edit(request)
    org = organisation(request)
    line = lookups.cost_line(org, id)
    if payload.version != line.version:
        raise stale_version(
            _("Omkostningslinjen »%(obj)s«") % {"obj": line}, payload.version, line.version
        )
    services.cost_line_save(
        initiative=line.initiative,
        actor=actor(request),
        line=line,
        expected_version=payload.version,
        factors=_factors(payload),
        **_fields(payload),
    )
    return Status(200, out.cost_line(lookups.cost_line(org, id)))


@router.delete(
    "/cost-lines/{id}",
    response={204: None, **errors(401, 403, 404, 409, 422)},
    summary="Delete a cost line",
    description="With `version`, the line is deleted only if nobody has changed it since (else 409).",
)
def delete_cost_line(request, id: int, version: int | None = Query(None, ge=1)):
    require_edit(request)
    line = lookups.cost_line(organisation(request), id)
    if version is not None and version != line.version:
        raise stale_version(_("Omkostningslinjen »%(obj)s«") % {"obj": line}, version, line.version)
    services.cost_line_delete(line=line, actor=actor(request), expected_version=version)
    return Status(204, None)
