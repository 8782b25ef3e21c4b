"""/initiatives: the catalogue."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from indsats.core.history import object_history
from indsats.core.services import ServiceError
from indsats.initiatives import services
from indsats.organisations import services as org_services

from . import lookups, out
from .auth import actor, organisation, require_edit
from .errors import stale_version
from .schemas import (
    FundingValue,
    HistoryEntryOut,
    InitiativeIn,
    InitiativeOut,
    InitiativePage,
    InitiativePatch,
    StateValue,
    errors,
)

router = Router(tags=["initiatives"])


def _names_to_objects(organisation, user, data: dict) -> dict:
    """Theme, focus area and unit come by name; find or create them through the services.
    Their errors are reported on the field the name came in."""
    fields = dict(data)
    lookups_by_field = {
        "theme": services.theme_get_or_create,
        "focus_area": services.focus_area_get_or_create,
        "unit": org_services.unit_get_or_create,
    }
    for field, get_or_create in lookups_by_field.items():
        if field not in fields:
            continue
        name = (fields[field] or "").strip()
        if not name:
            fields[field] = None
            continue
        try:
            fields[field] = get_or_create(actor=user, organisation=organisation, name=name)
        except ServiceError as exc:
            if type(exc) is not ServiceError:
                raise
            raise ServiceError(errors={field: exc.messages}) from exc
    return fields


@router.get(
    "/initiatives",
    response={200: InitiativePage, **errors(401, 422)},
    summary="List initiatives",
    description="The organisation's initiatives by priority step, theme and number; filter and page.",
)
def list_initiatives(
    request,
    step: int | None = Query(None, ge=1, le=20, description="Priority step."),
    theme: str | None = Query(None, description="Theme name (exact, case-insensitive)."),
    funding: FundingValue | None = None,
    state: StateValue | None = None,
    q: str | None = Query(None, description="Search in number, title, description and purpose."),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    qs = lookups.initiative_list(
        organisation(request), step=step, theme=theme, funding=funding, state=state, q=q
    )
    items = [out.initiative(i) for i in qs[offset : offset + limit]]
    return Status(200, {"count": qs.count(), "limit": limit, "offset": offset, "items": items})


@router.post(
    "/initiatives",
    response={201: InitiativeOut, **errors(400, 401, 403, 422)},
    summary="Create an initiative",
)
def create_initiative(request, payload: InitiativeIn):
    require_edit(request)
    org, user = organisation(request), actor(request)
    data = payload.model_dump(exclude={"kl_recommendations"})
    with transaction.atomic():  # a theme created for a refused initiative is rolled back too
        fields = _names_to_objects(org, user, data)
        created = services.initiative_create(
            organisation=org, actor=user, kl_recommendations=payload.kl_recommendations, **fields
        )
    return Status(201, out.initiative(lookups.initiative(org, created.pk)))


@router.get(
    "/initiatives/{id}",
    response={200: InitiativeOut, **errors(401, 404, 422)},
    summary="Get an initiative",
)
def get_initiative(request, id: int):
    return Status(200, out.initiative(lookups.initiative(organisation(request), id)))


@router.get(
    "/initiatives/{id}/history",
    response={200: list[HistoryEntryOut], **errors(401, 404, 422)},
    summary="An initiative's history",
    description="Who changed what and when, newest first (the initiative with its cost lines, "
    "scenarios and the rest recorded under it; at most `limit` entries), in the same words as "
    "the initiative's page: field labels, choice labels, Danish amounts and dates.",
)
def initiative_history(request, id: int, limit: int = Query(100, ge=1, le=1000)):
    org = organisation(request)
    return Status(
        200, out.history(object_history(org, root=lookups.initiative(org, id), limit=limit))
    )


@router.patch(
    "/initiatives/{id}",
    response={200: InitiativeOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Change an initiative",
    description="Changes only the fields sent. `version` must be the version you read: if someone "
    "else has saved the initiative since (a cost line or scenario change counts), the answer is "
    "409 and nothing is changed.",
)
def update_initiative(request, id: int, payload: InitiativePatch):
    require_edit(request)
    org, user = organisation(request), actor(request)
    initiative = lookups.initiative(org, id)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    if version != initiative.version:
        raise stale_version(
            _("Indsatsen »%(obj)s«") % {"obj": initiative}, version, initiative.version
        )
    kl = data.pop("kl_recommendations", None)
    with transaction.atomic():
        fields = _names_to_objects(org, user, data)
        if "selected_scenario" in fields and fields["selected_scenario"] is not None:
            chosen = initiative.scenarios.filter(pk=fields["selected_scenario"]).first()
            if chosen is None:
                raise ServiceError(
                    errors={
                        "selected_scenario": [
                            _("Indsatsen har intet scenarie med id %(id)s.")
                            % {"id": fields["selected_scenario"]}
                        ]
                    }
                )
            fields["selected_scenario"] = chosen
        services.initiative_update(
            initiative=initiative,
            actor=user,
            expected_version=version,
            kl_recommendations=kl,
            **fields,
        )
    return Status(200, out.initiative(lookups.initiative(org, id)))


@router.delete(
    "/initiatives/{id}",
    response={204: None, **errors(401, 403, 404, 409, 422)},
    summary="Delete an initiative",
    description="With `version`, the initiative is deleted only if nobody has changed it since (else 409).",
)
def delete_initiative(request, id: int, version: int | None = Query(None, ge=1)):
    require_edit(request)
    initiative = lookups.initiative(organisation(request), id)
    if version is not None and version != initiative.version:
        raise stale_version(
            _("Indsatsen »%(obj)s«") % {"obj": initiative}, version, initiative.version
        )
    services.initiative_delete(
        initiative=initiative, actor=actor(request), expected_version=version
    )
    return Status(204, None)
