"""/strategies: strategies with their focus areas, success criteria (with progress and verdict)
and national programmes; writes for success criteria and programme responses."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from indsats.core.services import ServiceError
from indsats.indicators.models import Indicator
from indsats.organisations.models import EDIT_STRATEGY
from indsats.strategies import selectors, services
from indsats.strategies.choices import (
    CriterionKind,
    CriterionSource,
    ImplementationStatus,
    PipelineKpi,
)
from indsats.strategies.models import ProgrammeResponse, Strategy, SuccessCriterion

from .auth import actor, organisation
from .errors import Forbidden, NotFound, stale_version
from .schemas import Input, NumberOut, errors

router = Router(tags=["strategies"])

NumberIn = Annotated[
    str,
    Field(
        pattern=r"^-?\d{1,12}(\.\d{1,4})?$",
        examples=["8.64"],
        description="A decimal number as a string with '.' as decimal mark.",
    ),
]
KindValue = Literal[tuple(CriterionKind.values)]  # type: ignore[valid-type]
SourceValue = Literal[tuple(CriterionSource.values)]  # type: ignore[valid-type]
KpiValue = Literal[tuple(["", *PipelineKpi.values])]  # type: ignore[valid-type]
StatusValue = Literal[tuple(ImplementationStatus.values)]  # type: ignore[valid-type]
EducationValue = Literal["", "ssh", "ssa"]
DirectionValue = Literal["higher", "lower"]
VerdictValue = Literal["reached", "on_track", "off_track", "too_early", "no_data"]


def require_strategy_edit(request) -> None:
    membership = request.membership
    if membership.role not in EDIT_STRATEGY:
        raise Forbidden(
            _("Din rolle i %(org)s (%(role)s) giver ikke ret til at ændre strategier.")
            % {"org": membership.organisation.name, "role": membership.get_role_display()}
        )


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).normalize())


def _number_or_none(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


# --- schemas ---------------------------------------------------------------------------------


class StrategyOut(Schema):
    id: int
    title: str
    start_year: int
    end_year: int
    adopted: str
    version: int


class LinkOut(Schema):
    initiative_id: int
    code: str
    title: str
    state: Literal["started", "planned"]


class FocusAreaOut(Schema):
    id: int
    name: str
    description: str
    initiatives: list[LinkOut]


class ProgressOut(Schema):
    target_level: NumberOut | None = Field(description="The value the criterion aims at.")
    latest: NumberOut | None
    latest_year: int | None
    verdict: VerdictValue
    explanation: str = Field(
        description="The verdict explained in a sentence, in the request's language (Danish "
        "unless the language cookie chooses English)."
    )
    series: dict[str, NumberOut] = Field(description="The measured values by year.")
    target_text: str = Field(
        description="The target level as shown on the strategy page and in the reports (a "
        "pipeline KPI with the KPI registry's rounding), e.g. `37,2 %`."
    )
    latest_text: str = Field(description="The latest value as shown, e.g. `39,7 %`.")
    series_text: dict[str, str] = Field(description="The values by year as shown.")


class CriterionOut(Schema):
    id: int
    focus_area_id: int | None
    statement: str
    kind: KindValue
    source: SourceValue
    indicator_id: int | None
    kpi: str
    measure: str = Field(
        description="What the criterion is measured on, as the strategy page and the reports "
        "name it, in the request's language: a pipeline KPI's label from the KPI registry "
        "(e.g. `Frafald`), or the indicator's name."
    )
    education: str
    direction: DirectionValue
    baseline_value: NumberOut | None
    baseline_year: int
    target_value: NumberOut
    deadline_year: int
    version: int
    progress: ProgressOut | None = None


class ResponseOut(Schema):
    id: int
    text: str
    initiative_id: int | None
    status: StatusValue
    status_year: int | None
    status_note: str
    version: int


class ItemOut(Schema):
    id: int
    text: str
    responses: list[ResponseOut]


class ProgrammeOut(Schema):
    id: int
    name: str
    issuer: str
    published: str
    items: list[ItemOut]


class StrategyDetailOut(StrategyOut):
    vision: str
    description: str
    focus_areas: list[FocusAreaOut]
    criteria: list[CriterionOut]
    programmes: list[ProgrammeOut]


class CriterionIn(Input):
    focus_area_id: int | None = None
    statement: str = Field(min_length=1)
    kind: KindValue
    source: SourceValue
    indicator_id: int | None = None
    kpi: KpiValue = ""
    education: EducationValue = ""
    direction: DirectionValue = "higher"
    baseline_value: NumberIn | None = None
    baseline_year: int = Field(ge=1990, le=2100)
    target_value: NumberIn
    deadline_year: int = Field(ge=1990, le=2100)


class CriterionPatch(Input):
    version: int
    focus_area_id: int | None = None
    statement: str | None = Field(None, min_length=1)
    kind: KindValue | None = None
    source: SourceValue | None = None
    indicator_id: int | None = None
    kpi: KpiValue | None = None
    education: EducationValue | None = None
    direction: DirectionValue | None = None
    baseline_value: NumberIn | None = None
    baseline_year: int | None = Field(None, ge=1990, le=2100)
    target_value: NumberIn | None = None
    deadline_year: int | None = Field(None, ge=1990, le=2100)


class ResponsePatch(Input):
    version: int
    text: str | None = Field(None, min_length=1)
    initiative_id: int | None = None
    status: StatusValue | None = None
    status_year: int | None = Field(None, ge=1990, le=2100)
    status_note: str | None = None


# --- out -------------------------------------------------------------------------------------


def _strategy_out(s: Strategy) -> dict:
    return {
        "id": s.pk,
        "title": s.title,
        "start_year": s.start_year,
        "end_year": s.end_year,
        "adopted": s.adopted,
        "version": s.version,
    }


def _criterion_out(c: SuccessCriterion, row: selectors.CriterionProgress | None = None) -> dict:
    data = {
        "id": c.pk,
        "focus_area_id": c.focus_area_id,
        "statement": c.statement,
        "kind": c.kind,
        "source": c.source,
        "indicator_id": c.indicator_id,
        "kpi": c.kpi,
        "measure": row.measure if row is not None else services.measure_label(c),
        "education": c.education,
        "direction": c.direction,
        "baseline_value": _number(c.baseline_value),
        "baseline_year": c.baseline_year,
        "target_value": _number(c.target_value),
        "deadline_year": c.deadline_year,
        "version": c.version,
        "progress": None,
    }
    if row is not None and row.result is not None:
        r = row.result
        data["progress"] = {
            "target_level": _number(r.target_level),
            "latest": _number(r.latest),
            "latest_year": r.latest_year,
            "verdict": str(r.verdict),
            "explanation": row.explanation,
            "series": {str(y): _number(v) for y, v in sorted(row.series.items())},
            "target_text": row.target_text,
            "latest_text": row.latest_text,
            "series_text": {str(y): text for y, text in row.formatted},
        }
    return data


def _response_out(r: ProgrammeResponse) -> dict:
    return {
        "id": r.pk,
        "text": r.text,
        "initiative_id": r.initiative_id,
        "status": r.status,
        "status_year": r.status_year,
        "status_note": r.status_note,
        "version": r.version,
    }


# --- lookups ---------------------------------------------------------------------------------


def _strategy(org, strategy_id: int) -> Strategy:
    found = Strategy.objects.filter(organisation=org, pk=strategy_id).first()
    if found is None:
        raise NotFound(_("Der findes ingen strategi med id %(id)s.") % {"id": strategy_id})
    return found


def _criterion(org, criterion_id: int) -> SuccessCriterion:
    found = (
        SuccessCriterion.objects.select_related("strategy__organisation", "indicator")
        .filter(strategy__organisation=org, pk=criterion_id)
        .first()
    )
    if found is None:
        raise NotFound(_("Der findes ingen succeskriterier med id %(id)s.") % {"id": criterion_id})
    return found


def _response(org, response_id: int) -> ProgrammeResponse:
    found = (
        ProgrammeResponse.objects.select_related("item__programme__strategy__organisation")
        .filter(item__programme__strategy__organisation=org, pk=response_id)
        .first()
    )
    if found is None:
        raise NotFound(
            _("Der findes ingen initiativer under et udspil med id %(id)s.") % {"id": response_id}
        )
    return found


def _criterion_fields(strategy: Strategy, data: dict) -> dict:
    """API ids and numbers -> what the service takes; ids outside the organisation are 404."""
    fields = dict(data)
    if "focus_area_id" in fields:
        fid = fields.pop("focus_area_id")
        area = None
        if fid is not None:
            area = strategy.focus_areas.filter(pk=fid).first()
            if area is None:
                raise NotFound(_("Strategien har intet fokusområde med id %(id)s.") % {"id": fid})
        fields["focus_area"] = area
    if "indicator_id" in fields:
        iid = fields.pop("indicator_id")
        indicator = None
        if iid is not None:
            indicator = Indicator.objects.filter(organisation=strategy.organisation, pk=iid).first()
            if indicator is None:
                raise NotFound(_("Der findes ingen indikator med id %(id)s.") % {"id": iid})
        fields["indicator"] = indicator
    for key in ("baseline_value", "target_value"):
        if key in fields:
            fields[key] = _number_or_none(fields[key])
    if fields.get("target_value", 0) is None:
        raise ServiceError(errors={"target_value": [_("Skriv målet.")]})
    return fields


# --- routes ----------------------------------------------------------------------------------


@router.get(
    "/strategies",
    response={200: list[StrategyOut], **errors(401, 422)},
    summary="List strategies",
)
def list_strategies(request):
    return Status(
        200, [_strategy_out(s) for s in selectors.strategy_queryset(organisation(request))]
    )


@router.get(
    "/strategies/{id}",
    response={200: StrategyDetailOut, **errors(401, 404, 422)},
    summary="Get a strategy",
    description="The strategy with its focus areas and initiatives, its success criteria with "
    "progress (series, target level, latest value, verdict and an explanation) and its "
    "national programmes with the local initiatives and their implementation status.",
)
def get_strategy(request, id: int):
    strategy = selectors.strategy_detail(_strategy(organisation(request), id))
    criteria = list(strategy.success_criteria.all())
    rows = {r.criterion.pk: r for r in selectors.criterion_progress(strategy, criteria=criteria)}
    data = _strategy_out(strategy)
    data.update(
        vision=strategy.vision,
        description=strategy.description,
        focus_areas=[
            {
                "id": a.pk,
                "name": a.name,
                "description": a.description,
                "initiatives": [
                    {
                        "initiative_id": link.initiative_id,
                        "code": link.initiative.code,
                        "title": link.initiative.title,
                        "state": link.state,
                    }
                    for link in a.initiative_links.all()
                ],
            }
            for a in strategy.focus_areas.all()
        ],
        criteria=[_criterion_out(c, rows.get(c.pk)) for c in criteria],
        programmes=[
            {
                "id": p.pk,
                "name": p.name,
                "issuer": p.issuer,
                "published": p.published,
                "items": [
                    {
                        "id": item.pk,
                        "text": item.text,
                        "responses": [_response_out(r) for r in item.responses.all()],
                    }
                    for item in p.items.all()
                ],
            }
            for p in strategy.programmes.all()
        ],
    )
    return Status(200, data)


@router.post(
    "/strategies/{id}/criteria",
    response={201: CriterionOut, **errors(400, 401, 403, 404, 422)},
    summary="Add a success criterion",
    description="Measured on an indicator (`source` `indicator`, `indicator_id`) or a pipeline "
    "KPI (`source` `kpi`, `kpi`, `education`). A kind that does not fit what is measured "
    "(a change in points on a count, a relative change from 0) is refused (400).",
)
def create_criterion(request, id: int, payload: CriterionIn):
    require_strategy_edit(request)
    strategy = _strategy(organisation(request), id)
    fields = _criterion_fields(strategy, payload.model_dump())
    created = services.criterion_create(strategy=strategy, actor=actor(request), **fields)
    return Status(201, _criterion_out(created))


@router.patch(
    "/criteria/{id}",
    response={200: CriterionOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Change a success criterion",
    description="Changes only the fields sent. `version` must be the version you read (else 409).",
)
def update_criterion(request, id: int, payload: CriterionPatch):
    require_strategy_edit(request)
    criterion = _criterion(organisation(request), id)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    if version != criterion.version:
        raise stale_version(_("Succeskriteriet"), version, criterion.version)
    fields = _criterion_fields(criterion.strategy, data)
    services.criterion_update(
        criterion=criterion, actor=actor(request), expected_version=version, **fields
    )
    return Status(200, _criterion_out(_criterion(organisation(request), id)))


@router.patch(
    "/programme-responses/{id}",
    response={200: ResponseOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Change a local initiative under a national programme",
    description="Typically its implementation `status` (`implemented`, `partly`, "
    "`on_its_way`, `awaiting`, `not_implemented`) with `status_year` and `status_note`. "
    "`version` must be the version you read (else 409).",
)
def update_response(request, id: int, payload: ResponsePatch):
    require_strategy_edit(request)
    org = organisation(request)
    response = _response(org, id)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    if version != response.version:
        raise stale_version(_("Initiativet"), version, response.version)
    if "initiative_id" in data:
        iid = data.pop("initiative_id")
        initiative = None
        if iid is not None:
            from indsats.initiatives.models import Initiative

            initiative = Initiative.objects.filter(organisation=org, pk=iid).first()
            if initiative is None:
                raise NotFound(_("Der findes ingen indsats med id %(id)s.") % {"id": iid})
        data["initiative"] = initiative
    if data.get("status_note", "") is None:
        data["status_note"] = ""
    services.response_update(
        response=response, actor=actor(request), expected_version=version, **data
    )
    return Status(200, _response_out(_response(org, id)))
