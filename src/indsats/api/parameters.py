"""Organisation parameters (e.g. the release-time hourly rate) and their values over time."""

from __future__ import annotations

from ninja import Router, Status

from indsats.organisations import services

from . import lookups, out
from .auth import actor, organisation, require_edit
from .schemas import ParameterIn, ParameterOut, ParameterValueIn, errors

router = Router(tags=["parameters"])


@router.get(
    "/parameters", response={200: list[ParameterOut], **errors(401)}, summary="List parameters"
)
def list_parameters(request):
    return Status(200, [out.parameter(p) for p in lookups.parameters(organisation(request))])


@router.post(
    "/parameters",
    response={201: ParameterOut, **errors(400, 401, 403, 422)},
    summary="Create a parameter",
    description="Creates the parameter with its first value, in force from `valid_from`.",
)
def create_parameter(request, payload: ParameterIn):
    require_edit(request)
    org = organisation(request)
    created = services.parameter_create(
        actor=actor(request), organisation=org, **payload.model_dump()
    )
    return Status(201, out.parameter(lookups.parameter(org, created.key)))


@router.get(
    "/parameters/{key}",
    response={200: ParameterOut, **errors(401, 404)},
    summary="Get a parameter",
)
def get_parameter(request, key: str):
    return Status(200, out.parameter(lookups.parameter(organisation(request), key)))


@router.post(
    "/parameters/{key}/values",
    response={200: ParameterOut, **errors(400, 401, 403, 404, 422)},
    summary="Give a parameter a value from a date",
    description="Earlier values stay, so costs for earlier years keep the value in force then. A "
    "value for a date that already has one replaces it.",
)
def set_parameter_value(request, key: str, payload: ParameterValueIn):
    require_edit(request)
    org = organisation(request)
    parameter = lookups.parameter(org, key)
    services.parameter_value_set(
        actor=actor(request),
        parameter=parameter,
        value=payload.value,
        valid_from=payload.valid_from,
    )
    return Status(200, out.parameter(lookups.parameter(org, key)))
