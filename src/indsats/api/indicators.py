"""/indicators: measured series with values per year or date. Values are never overwritten:
a new value for the same year is a newer version, and the older ones stay."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from indsats.calc.indicators import Unit, unit_label
from indsats.core.services import ServiceError
from indsats.indicators import services
from indsats.indicators.models import IndicatorValue, ValueAction
from indsats.indicators.selectors import withdrawn_ids

from . import lookups, out
from .auth import actor, organisation, require_edit, require_status_edit
from .errors import stale_version
from .followup_schemas import IndicatorIn, IndicatorOut, IndicatorPatch, ValueIn, ValueOut
from .schemas import errors

router = Router(tags=["indicators"])

_VALUE = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(%|kr\.?)?$")


def read_value(text: str, indicator, field: str = "value") -> Decimal:
    """An API value (``"22.5"``, ``"22.5%"``, ``"4500 kr."``) in the indicator's unit; a unit
    sign that does not match the unit is a 400 on ``field``."""
    match = _VALUE.match(text.strip())
    number, sign = Decimal(match.group(1)), match.group(2)
    unit = Unit(indicator.unit)
    if sign == "%" and unit != Unit.PERCENT:
        message = _("»%(text)s« er en procentsats, men »%(name)s« måles i %(unit)s.")
    elif sign and sign.startswith("kr") and unit != Unit.KR:
        message = _("»%(text)s« er et kronebeløb, men »%(name)s« måles i %(unit)s.")
    else:
        return number
    raise ServiceError(
        errors={field: [message % {"text": text, "name": indicator.name, "unit": unit_label(unit)}]}
    )


def _owners(org, data: dict) -> dict:
    """initiative_id / budget_note_id -> the objects, looked up in the token's organisation
    (another organisation's id is refused like a missing one)."""
    fields = dict(data)
    if "initiative_id" in fields:
        iid = fields.pop("initiative_id")
        fields["initiative"] = lookups.initiative(org, iid) if iid is not None else None
    if "budget_note_id" in fields:
        nid = fields.pop("budget_note_id")
        fields["budget_note"] = lookups.budget_note(org, nid) if nid is not None else None
    return fields


@router.get(
    "/indicators",
    response={200: list[IndicatorOut], **errors(401, 422)},
    summary="List indicators",
    description="The organisation's indicators; filter by owner.",
)
def list_indicators(
    request,
    initiative_id: int | None = Query(None, description="Only this initiative's."),
    budget_note_id: int | None = Query(None, description="Only this budget note's."),
):
    qs = lookups.indicators(organisation(request))
    if initiative_id is not None:
        qs = qs.filter(initiative_id=initiative_id)
    if budget_note_id is not None:
        qs = qs.filter(budget_note_id=budget_note_id)
    return Status(200, [out.indicator(i) for i in qs.order_by("order", "name", "pk")])


@router.post(
    "/indicators",
    response={201: IndicatorOut, **errors(400, 401, 403, 404, 422)},
    summary="Create an indicator",
    description="Owned by an initiative (`initiative_id`), a budget note (`budget_note_id`) or, "
    "with neither, the organisation. An owner id not in your organisation answers 404.",
)
def create_indicator(request, payload: IndicatorIn):
    require_edit(request)
    org = organisation(request)
    fields = _owners(org, payload.model_dump())
    created = services.indicator_create(organisation=org, actor=actor(request), **fields)
    return Status(201, out.indicator(lookups.indicator(org, created.pk)))


@router.get(
    "/indicators/{id}",
    response={200: IndicatorOut, **errors(401, 404, 422)},
    summary="Get an indicator",
)
def get_indicator(request, id: int):
    return Status(200, out.indicator(lookups.indicator(organisation(request), id)))


@router.patch(
    "/indicators/{id}",
    response={200: IndicatorOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Change an indicator",
    description="Changes only the fields sent; the unit cannot change once there are values "
    "(400). `version` must be the version you read (else 409).",
)
def update_indicator(request, id: int, payload: IndicatorPatch):
    require_edit(request)
    org = organisation(request)
    indicator = lookups.indicator(org, id)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    if version != indicator.version:
        raise stale_version(
            _("Indikatoren »%(obj)s«") % {"obj": indicator}, version, indicator.version
        )
    services.indicator_update(
        indicator=indicator, actor=actor(request), expected_version=version, **_owners(org, data)
    )
    return Status(200, out.indicator(lookups.indicator(org, id)))


@router.delete(
    "/indicators/{id}",
    response={204: None, **errors(401, 403, 404, 409, 422)},
    summary="Delete an indicator",
    description="Deletes the indicator with its values and targets. With `version`, only if "
    "nobody has changed it since (else 409).",
)
def delete_indicator(request, id: int, version: int | None = Query(None, ge=1)):
    require_edit(request)
    indicator = lookups.indicator(organisation(request), id)
    if version is not None and version != indicator.version:
        raise stale_version(
            _("Indikatoren »%(obj)s«") % {"obj": indicator}, version, indicator.version
        )
    services.indicator_delete(indicator=indicator, actor=actor(request))
    return Status(204, None)


@router.get(
    "/indicators/{id}/values",
    response={200: list[ValueOut], **errors(401, 404, 422)},
    summary="List an indicator's values",
    description="Every value, oldest first, corrections included (the newest value of a year "
    "counts; a withdrawn value has `withdrawn` true and counts nowhere). With `as_of`, only "
    "values reported as of that date or earlier.",
)
def list_values(
    request,
    id: int,
    as_of: dt.date | None = None,
):
    indicator = lookups.indicator(organisation(request), id)
    rows = IndicatorValue.objects.filter(indicator=indicator, action=ValueAction.VALUE)
    if as_of is not None:
        rows = rows.filter(recorded_on__lte=as_of)
    rows = rows.order_by("year", "date", "recorded_on", "created_at", "pk")
    withdrawn = withdrawn_ids([indicator.pk])
    return Status(200, [out.indicator_value(v, indicator.unit, withdrawn) for v in rows])


@router.post(
    "/indicators/{id}/values",
    response={201: ValueOut, **errors(400, 401, 403, 404, 422)},
    summary="Add a value",
    description="Adds a value for a year (or a date within it); never overwrites: an earlier "
    "value for the same year stays, and the newest counts. A value in the wrong unit (e.g. "
    "'22.5%' for a count, or a fraction of a count) or a future `recorded_on` is refused (400). "
    "Needs the role administrator, consultant or manager.",
)
def add_value(request, id: int, payload: ValueIn):
    require_status_edit(request)
    indicator = lookups.indicator(organisation(request), id)
    row = services.indicator_value_add(
        indicator=indicator,
        actor=actor(request),
        year=payload.year,
        value=read_value(payload.value, indicator),
        whole=read_value(payload.whole, indicator, "whole") if payload.whole is not None else None,
        date=payload.date,
        note=payload.note,
        recorded_on=payload.recorded_on,
    )
    return Status(201, out.indicator_value(row, indicator.unit))


def _value(indicator, value_id: int) -> IndicatorValue:
    found = IndicatorValue.objects.filter(
        indicator=indicator, pk=value_id, action=ValueAction.VALUE
    ).first()
    if found is None:
        raise lookups._missing(_("værdi"), value_id)  # noqa: SLF001 - the shared 404 text
    return found


@router.post(
    "/indicators/{id}/values/{value_id}/withdraw",
    response={200: ValueOut, **errors(400, 401, 403, 404, 422)},
    summary="Withdraw a value",
    description="Withdraws a wrong value: it counts nowhere (series, charts, reports at any "
    "date) and the version before it counts again. Nothing is deleted: the withdrawal is a new, "
    "audited version, undone with `/restore`. An already withdrawn value is refused (400). Needs "
    "the role administrator, consultant or manager.",
)
def withdraw_value(request, id: int, value_id: int):
    require_status_edit(request)
    indicator = lookups.indicator(organisation(request), id)
    value = _value(indicator, value_id)
    services.indicator_value_withdraw(value=value, actor=actor(request))
    return Status(200, out.indicator_value(value, indicator.unit, {value.pk}))


@router.post(
    "/indicators/{id}/values/{value_id}/restore",
    response={200: ValueOut, **errors(400, 401, 403, 404, 422)},
    summary="Restore a withdrawn value",
    description="Undoes a withdrawal: the value counts again (a new, audited version). A value "
    "that is not withdrawn is refused (400). Needs the role administrator, consultant or manager.",
)
def restore_value(request, id: int, value_id: int):
    require_status_edit(request)
    indicator = lookups.indicator(organisation(request), id)
    value = _value(indicator, value_id)
    services.indicator_value_restore(value=value, actor=actor(request))
    return Status(200, out.indicator_value(value, indicator.unit))
