"""The only write path for strategies, their focus areas, linked initiatives, success criteria
and national programmes. Each function checks the actor's role (EDIT_STRATEGY; ``actor=None``
is the system: CLI, demo loader), validates, writes and audits in one transaction. Strategy,
SuccessCriterion and ProgrammeResponse are versioned: an update names the version it started
from and is refused (ConflictError) when somebody saved in between."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from indsats.calc import kpis
from indsats.core.services import (
    AuditAction,
    ServiceError,
    audit,
    delete_unless_used,
    diff,
    require_unchanged,
    save_versioned,
    snapshot,
)
from indsats.initiatives.models import Initiative
from indsats.organisations.models import EDIT_STRATEGY, Organisation
from indsats.organisations.services import owner_check, require_role, validated
from indsats.students.kpis import label as kpi_label

from .choices import CriterionKind, CriterionSource, InitiativeState
from .models import (
    NationalProgramme,
    ProgrammeItem,
    ProgrammeResponse,
    Strategy,
    StrategyFocusArea,
    StrategyInitiative,
    SuccessCriterion,
)

STRATEGY_FIELDS = ["title", "vision", "description", "start_year", "end_year", "adopted"]
FOCUS_AREA_FIELDS = ["name", "description", "order"]
CRITERION_FIELDS = [
    "focus_area",
    "statement",
    "kind",
    "source",
    "indicator",
    "kpi",
    "education",
    "direction",
    "baseline_value",
    "baseline_year",
    "target_value",
    "deadline_year",
    "order",
    "owner",
]
PROGRAMME_FIELDS = ["name", "issuer", "published", "order"]
ITEM_FIELDS = ["text", "order"]
RESPONSE_FIELDS = ["text", "initiative", "status", "status_year", "status_note", "order"]

# Pipeline KPIs that count students: a change in percentage points makes no sense for them.
COUNT_KPIS = kpis.COUNT_KPIS  # the registry says which KPIs are counts


def _check_fields(fields: dict, allowed: list[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ServiceError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})


def _audit(strategy: Strategy, actor, action: str, obj, before: dict, after: dict) -> None:
    changes = diff(before, after)
    if action == AuditAction.UPDATE and not changes:
        return
    audit(
        organisation=strategy.organisation,
        actor=actor,
        action=action,
        obj=obj,
        root=strategy,
        changes=changes,
    )


# --- strategies ------------------------------------------------------------------------------


def _check_period(strategy: Strategy) -> None:
    if strategy.start_year and strategy.end_year and strategy.end_year < strategy.start_year:
        raise ServiceError(
            errors={
                "end_year": [
                    _("Strategien kan ikke slutte (%(end)s), før den begynder (%(start)s).")
                    % {"end": strategy.end_year, "start": strategy.start_year}
                ]
            }
        )


@transaction.atomic
def strategy_create(*, organisation: Organisation, actor, **fields) -> Strategy:
    require_role(actor, organisation, EDIT_STRATEGY)
    _check_fields(fields, STRATEGY_FIELDS)
    strategy = Strategy(organisation=organisation, **fields)
    _check_period(strategy)
    validated(strategy, exclude=["organisation"])
    strategy.save()
    _audit(strategy, actor, AuditAction.CREATE, strategy, {}, snapshot(strategy, STRATEGY_FIELDS))
    return strategy


@transaction.atomic
def strategy_update(
    *, strategy: Strategy, actor, expected_version: int | None, **fields
) -> Strategy:
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _check_fields(fields, STRATEGY_FIELDS)
    before = snapshot(strategy, STRATEGY_FIELDS)
    for name, value in fields.items():
        setattr(strategy, name, value)
    _check_period(strategy)
    validated(strategy, exclude=["organisation"])
    save_versioned(strategy, expected_version=expected_version, fields=list(fields))
    _audit(
        strategy, actor, AuditAction.UPDATE, strategy, before, snapshot(strategy, STRATEGY_FIELDS)
    )
    return strategy


@transaction.atomic
def strategy_delete(*, strategy: Strategy, actor) -> None:
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    audit(
        organisation=strategy.organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=strategy,
        changes=diff(snapshot(strategy, STRATEGY_FIELDS), {}),
    )
    delete_unless_used(strategy, noun=_("Strategien »%(title)s«") % {"title": strategy})


# --- focus areas and their initiatives -------------------------------------------------------


@transaction.atomic
def focus_area_save(
    *,
    strategy: Strategy,
    actor,
    focus_area: StrategyFocusArea | None = None,
    expected_state: str | None = None,
    **fields,
) -> StrategyFocusArea:
    """Create a focus area (``focus_area=None``) or change one. ``expected_state``: the
    core.services.state_of() the user saw; a focus area changed since raises ConflictError."""
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _check_fields(fields, FOCUS_AREA_FIELDS)
    if focus_area is not None and focus_area.strategy_id != strategy.pk:
        raise ServiceError(_("Fokusområdet hører til en anden strategi."))
    if focus_area is not None:
        require_unchanged(focus_area, FOCUS_AREA_FIELDS, expected_state)
    before = snapshot(focus_area, FOCUS_AREA_FIELDS) if focus_area else {}
    if focus_area is None:
        focus_area = StrategyFocusArea(strategy=strategy)
        if "order" not in fields:
            fields["order"] = strategy.focus_areas.count() + 1
    for name, value in fields.items():
        setattr(focus_area, name, value)
    name = (focus_area.name or "").strip()
    if not name:
        raise ServiceError(errors={"name": [_("Giv fokusområdet et navn.")]})
    clash = strategy.focus_areas.filter(name=name).exclude(pk=focus_area.pk).exists()
    if clash:
        raise ServiceError(
            errors={
                "name": [
                    _("Strategien har allerede et fokusområde, der hedder »%(name)s«.")
                    % {"name": name}
                ]
            }
        )
    focus_area.name = name
    creating = focus_area.pk is None
    focus_area.save()
    _audit(
        strategy,
        actor,
        AuditAction.CREATE if creating else AuditAction.UPDATE,
        focus_area,
        before,
        snapshot(focus_area, FOCUS_AREA_FIELDS),
    )
    return focus_area


@transaction.atomic
def focus_area_delete(*, focus_area: StrategyFocusArea, actor) -> None:
    strategy = focus_area.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _audit(
        strategy, actor, AuditAction.DELETE, focus_area, snapshot(focus_area, FOCUS_AREA_FIELDS), {}
    )
    delete_unless_used(focus_area, noun=_("Fokusområdet »%(name)s«") % {"name": focus_area})


@transaction.atomic
def initiative_link(
    *,
    focus_area: StrategyFocusArea,
    actor,
    initiative: Initiative,
    state: str,
    order: int | None = None,
) -> StrategyInitiative:
    """Place a catalogue initiative under a focus area as started or planned (again: the state
    and order of the existing link change)."""
    strategy = focus_area.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    if initiative.organisation_id != strategy.organisation_id:
        raise ServiceError(errors={"initiative": [_("Indsatsen hører til en anden organisation.")]})
    if state not in InitiativeState.values:
        raise ServiceError(
            errors={"state": [_("Vælg, om indsatsen allerede er iværksat eller fremtidig.")]}
        )
    link = StrategyInitiative.objects.filter(focus_area=focus_area, initiative=initiative).first()
    before = snapshot(link, ["state", "order"]) if link else {}
    if link is None:
        link = StrategyInitiative(focus_area=focus_area, initiative=initiative)
        if order is None:
            order = focus_area.initiative_links.count() + 1
    link.state = state
    if order is not None:
        link.order = order
    creating = link.pk is None
    link.save()
    after = snapshot(link, ["state", "order"])
    after["initiative"] = f"{initiative.code} {initiative.title}"
    if not creating:
        before["initiative"] = after["initiative"]
    _audit(
        strategy,
        actor,
        AuditAction.CREATE if creating else AuditAction.UPDATE,
        link,
        before,
        after,
    )
    return link


@transaction.atomic
def initiative_unlink(*, link: StrategyInitiative, actor) -> None:
    strategy = link.focus_area.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    before = snapshot(link, ["state", "order"])
    before["initiative"] = f"{link.initiative.code} {link.initiative.title}"
    _audit(strategy, actor, AuditAction.DELETE, link, before, {})
    link.delete()


# --- success criteria ------------------------------------------------------------------------


def _check_criterion(criterion: SuccessCriterion) -> None:
    """Rules a model constraint cannot say in Danish: what is measured, the period, and whether
    the kind of target fits what is measured."""
    strategy = criterion.strategy
    errors: dict[str, list[str]] = {}
    if criterion.source == CriterionSource.INDICATOR:
        criterion.kpi = ""
        if criterion.indicator is None:
            errors["indicator"] = [_("Vælg den indikator, succeskriteriet måles på.")]
        elif criterion.indicator.organisation_id != strategy.organisation_id:
            errors["indicator"] = [_("Indikatoren hører til en anden organisation.")]
    elif criterion.source == CriterionSource.KPI:
        criterion.indicator = None
        if criterion.kpi not in kpis.KPIS:
            errors["kpi"] = [_("Vælg det elev-nøgletal, succeskriteriet måles på.")]
    else:
        errors["source"] = [
            _("Vælg, om succeskriteriet måles på en indikator eller et elev-nøgletal.")
        ]
    if criterion.focus_area is not None and criterion.focus_area.strategy_id != strategy.pk:
        errors["focus_area"] = [_("Fokusområdet hører til en anden strategi.")]
    if (
        criterion.baseline_year
        and criterion.deadline_year
        and criterion.deadline_year < criterion.baseline_year
    ):
        errors["deadline_year"] = [
            _("Fristen (%(deadline)s) kan ikke ligge før udgangsåret (%(baseline)s).")
            % {"deadline": criterion.deadline_year, "baseline": criterion.baseline_year}
        ]
    counts = (criterion.source == CriterionSource.KPI and criterion.kpi in COUNT_KPIS) or (
        criterion.source == CriterionSource.INDICATOR
        and criterion.indicator is not None
        and criterion.indicator.unit == "count"
    )
    if criterion.kind == CriterionKind.CHANGE_POINTS and counts:
        errors["kind"] = [
            _(
                "»%(measure)s« tæller antal, så målet kan ikke være en ændring i procentpoint. "
                "Brug et niveau, en relativ ændring eller et mindste antal pr. år."
            )
            % {"measure": measure_label(criterion)}
        ]
    if criterion.kind == CriterionKind.CHANGE_RELATIVE and criterion.baseline_value is not None:
        if Decimal(criterion.baseline_value) == 0:
            errors["baseline_value"] = [
                _(
                    "En relativ ændring kan ikke regnes fra en udgangsværdi på 0. Angiv målet "
                    "som et niveau eller en ændring i procentpoint."
                )
            ]
    if criterion.kind == CriterionKind.MIN_PER_YEAR and criterion.target_value is not None:
        if Decimal(criterion.target_value) < 0:
            errors["target_value"] = [_("Et mindste antal pr. år kan ikke være negativt.")]
    if criterion.kind == CriterionKind.CHANGE_RELATIVE and criterion.target_value is not None:
        if Decimal(criterion.target_value) <= -100:
            errors["target_value"] = [
                _("En relativ ændring på %(v)s %% eller mere nedad er ikke mulig.") % {"v": "-100"}
            ]
    if errors:
        raise ServiceError(errors=errors)


def measure_label(criterion: SuccessCriterion) -> str:
    """What a criterion measures, in words: the indicator's name or the KPI's label."""
    if criterion.source == CriterionSource.INDICATOR and criterion.indicator is not None:
        return criterion.indicator.name
    return kpi_label(criterion.kpi) if criterion.kpi in kpis.KPIS else ""


@transaction.atomic
def criterion_create(*, strategy: Strategy, actor, **fields) -> SuccessCriterion:
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _check_fields(fields, CRITERION_FIELDS)
    criterion = SuccessCriterion(strategy=strategy, **fields)
    owner_check(strategy.organisation, fields.get("owner"))
    if "order" not in fields:
        criterion.order = strategy.success_criteria.count() + 1
    _check_criterion(criterion)
    validated(criterion, exclude=["strategy"])
    criterion.save()
    _audit(
        strategy, actor, AuditAction.CREATE, criterion, {}, snapshot(criterion, CRITERION_FIELDS)
    )
    return criterion


@transaction.atomic
def criterion_update(
    *, criterion: SuccessCriterion, actor, expected_version: int | None, **fields
) -> SuccessCriterion:
    strategy = criterion.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _check_fields(fields, CRITERION_FIELDS)
    before = snapshot(criterion, CRITERION_FIELDS)
    for name, value in fields.items():
        setattr(criterion, name, value)
    if "owner" in fields:
        owner_check(strategy.organisation, criterion.owner)
    _check_criterion(criterion)
    validated(criterion, exclude=["strategy"])
    save_versioned(
        criterion,
        expected_version=expected_version,
        fields=sorted(set(fields) | {"indicator", "kpi"}),
    )
    _audit(
        strategy,
        actor,
        AuditAction.UPDATE,
        criterion,
        before,
        snapshot(criterion, CRITERION_FIELDS),
    )
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: SuccessCriterion, actor) -> None:
    strategy = criterion.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _audit(
        strategy, actor, AuditAction.DELETE, criterion, snapshot(criterion, CRITERION_FIELDS), {}
    )
    criterion.delete()


# --- national programmes ---------------------------------------------------------------------


@transaction.atomic
def programme_save(
    *,
    strategy: Strategy,
    actor,
    programme: NationalProgramme | None = None,
    expected_state: str | None = None,
    **fields,
) -> NationalProgramme:
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _check_fields(fields, PROGRAMME_FIELDS)
    if programme is not None and programme.strategy_id != strategy.pk:
        raise ServiceError(_("Udspillet hører til en anden strategi."))
    if programme is not None:
        require_unchanged(programme, PROGRAMME_FIELDS, expected_state)
    before = snapshot(programme, PROGRAMME_FIELDS) if programme else {}
    if programme is None:
        programme = NationalProgramme(strategy=strategy)
        if "order" not in fields:
            fields["order"] = strategy.programmes.count() + 1
    for name, value in fields.items():
        setattr(programme, name, value)
    if not (programme.name or "").strip():
        raise ServiceError(errors={"name": [_("Giv udspillet et navn.")]})
    validated(programme, exclude=["strategy"])
    creating = programme.pk is None
    programme.save()
    _audit(
        strategy,
        actor,
        AuditAction.CREATE if creating else AuditAction.UPDATE,
        programme,
        before,
        snapshot(programme, PROGRAMME_FIELDS),
    )
    return programme


@transaction.atomic
def programme_delete(*, programme: NationalProgramme, actor) -> None:
    strategy = programme.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _audit(
        strategy, actor, AuditAction.DELETE, programme, snapshot(programme, PROGRAMME_FIELDS), {}
    )
    programme.delete()


@transaction.atomic
def item_save(
    *,
    programme: NationalProgramme,
    actor,
    item: ProgrammeItem | None = None,
    expected_state: str | None = None,
    **fields,
) -> ProgrammeItem:
    strategy = programme.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _check_fields(fields, ITEM_FIELDS)
    if item is not None and item.programme_id != programme.pk:
        raise ServiceError(_("Punktet hører til et andet udspil."))
    if item is not None:
        require_unchanged(item, ITEM_FIELDS, expected_state)
    before = snapshot(item, ITEM_FIELDS) if item else {}
    if item is None:
        item = ProgrammeItem(programme=programme)
        if "order" not in fields:
            fields["order"] = programme.items.count() + 1
    for name, value in fields.items():
        setattr(item, name, value)
    if not (item.text or "").strip():
        raise ServiceError(errors={"text": [_("Skriv udspillets punkt.")]})
    creating = item.pk is None
    item.save()
    _audit(
        strategy,
        actor,
        AuditAction.CREATE if creating else AuditAction.UPDATE,
        item,
        before,
        snapshot(item, ITEM_FIELDS),
    )
    return item


@transaction.atomic
def item_delete(*, item: ProgrammeItem, actor) -> None:
    strategy = item.programme.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _audit(strategy, actor, AuditAction.DELETE, item, snapshot(item, ITEM_FIELDS), {})
    item.delete()


def _check_response(response: ProgrammeResponse, strategy: Strategy) -> None:
    errors: dict[str, list[str]] = {}
    if not (response.text or "").strip():
        errors["text"] = [_("Beskriv kommunens initiativ.")]
    if response.initiative is not None and (
        response.initiative.organisation_id != strategy.organisation_id
    ):
        errors["initiative"] = [_("Indsatsen hører til en anden organisation.")]
    if errors:
        raise ServiceError(errors=errors)


@transaction.atomic
def response_create(*, item: ProgrammeItem, actor, **fields) -> ProgrammeResponse:
    strategy = item.programme.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _check_fields(fields, RESPONSE_FIELDS)
    response = ProgrammeResponse(item=item, **fields)
    if "order" not in fields:
        response.order = item.responses.count() + 1
    _check_response(response, strategy)
    validated(response, exclude=["item"])
    response.save()
    _audit(strategy, actor, AuditAction.CREATE, response, {}, snapshot(response, RESPONSE_FIELDS))
    return response


@transaction.atomic
def response_update(
    *, response: ProgrammeResponse, actor, expected_version: int | None, **fields
) -> ProgrammeResponse:
    strategy = response.item.programme.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _check_fields(fields, RESPONSE_FIELDS)
    before = snapshot(response, RESPONSE_FIELDS)
    for name, value in fields.items():
        setattr(response, name, value)
    _check_response(response, strategy)
    validated(response, exclude=["item"])
    save_versioned(response, expected_version=expected_version, fields=list(fields))
    _audit(
        strategy, actor, AuditAction.UPDATE, response, before, snapshot(response, RESPONSE_FIELDS)
    )
    return response


@transaction.atomic
def response_delete(*, response: ProgrammeResponse, actor) -> None:
    strategy = response.item.programme.strategy
    require_role(actor, strategy.organisation, EDIT_STRATEGY)
    _audit(strategy, actor, AuditAction.DELETE, response, snapshot(response, RESPONSE_FIELDS), {})
    response.delete()
