"""Writes for the optimiser's input and output: effect units, expected effects per initiative and
scenario, dependencies between initiatives, and adopting a proposal into the overview's
selection. Each validates, writes and audits in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from indsats.core.services import AuditAction, ServiceError, audit, diff, snapshot
from indsats.organisations.models import EDIT_CATALOGUE, Organisation
from indsats.organisations.services import require_role, validated

from .models import EffectUnit, ExpectedEffect, Initiative, InitiativeDependency, Scenario

UNIT_FIELDS = ["key", "name", "unit", "weight", "order"]
EFFECT_FIELDS = ["low", "expected", "high", "source", "indicator", "illustrative"]


def _own(organisation: Organisation, **objs) -> None:
    bad = {
        name: [_("Værdien hører til en anden organisation.")]
        for name, obj in objs.items()
        if obj is not None and obj.organisation_id != organisation.pk
    }
    if bad:
        raise ServiceError(errors=bad)


@transaction.atomic
def effect_unit_save(
    *,
    actor,
    organisation: Organisation,
    key: str,
    name: str,
    unit: str,
    weight: Decimal | None = None,
    order: int = 0,
) -> EffectUnit:
    """Create or change (found by key) an effect unit of the organisation."""
    require_role(actor, organisation, EDIT_CATALOGUE)
    obj = EffectUnit.objects.filter(organisation=organisation, key=key).first()
    before = snapshot(obj, UNIT_FIELDS) if obj else {}
    obj = obj or EffectUnit(organisation=organisation, key=key)
    obj.name, obj.unit, obj.weight, obj.order = name, unit, weight, order
    validated(obj, exclude=["organisation"])
    obj.save()
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=obj,
        changes=diff(before, snapshot(obj, UNIT_FIELDS)),
    )
    return obj


@transaction.atomic
def expected_effect_set(
    *,
    actor,
    organisation: Organisation,
    initiative: Initiative,
    effect_unit: EffectUnit,
    scenario: Scenario | None = None,
    low: Decimal,
    expected: Decimal,
    high: Decimal,
    source: str = "",
    indicator=None,
    illustrative: bool = False,
) -> ExpectedEffect:
    """Set the expected effect of an initiative in a scenario (``None``: in every scenario)."""
    require_role(actor, organisation, EDIT_CATALOGUE)
    _own(organisation, initiative=initiative, effect_unit=effect_unit, indicator=indicator)
    if scenario is not None and scenario.initiative_id != initiative.pk:
        raise ServiceError(errors={"scenario": [_("Scenariet hører til en anden indsats.")]})
    obj = ExpectedEffect.objects.filter(
        initiative=initiative, effect_unit=effect_unit, scenario=scenario
    ).first()
    before = snapshot(obj, EFFECT_FIELDS) if obj else {}
    obj = obj or ExpectedEffect(initiative=initiative, effect_unit=effect_unit, scenario=scenario)
    obj.low, obj.expected, obj.high = low, expected, high
    obj.source, obj.indicator, obj.illustrative = source, indicator, illustrative
    validated(obj)
    obj.save()
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=obj,
        changes=diff(before, snapshot(obj, EFFECT_FIELDS)),
        root=initiative,
    )
    return obj


@transaction.atomic
def expected_effect_delete(*, actor, organisation: Organisation, effect: ExpectedEffect) -> None:
    require_role(actor, organisation, EDIT_CATALOGUE)
    _own(organisation, initiative=effect.initiative)
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=effect,
        changes=diff(snapshot(effect, EFFECT_FIELDS), {}),
        root=effect.initiative,
    )
    effect.delete()


@transaction.atomic
def dependency_add(
    *, actor, organisation: Organisation, initiative: Initiative, requires: Initiative
) -> InitiativeDependency:
    """»``initiative`` only with ``requires``«."""
    require_role(actor, organisation, EDIT_CATALOGUE)
    _own(organisation, initiative=initiative, requires=requires)
    if initiative.pk == requires.pk:
        raise ServiceError(errors={"requires": [_("En indsats kan ikke afhænge af sig selv.")]})
    dep, created = InitiativeDependency.objects.get_or_create(
        initiative=initiative, requires=requires
    )
    if created:
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.CREATE,
            obj=dep,
            changes={"requires": [None, requires.code]},
            root=initiative,
        )
    return dep


@transaction.atomic
def dependency_remove(
    *, actor, organisation: Organisation, initiative: Initiative, requires: Initiative
) -> None:
    require_role(actor, organisation, EDIT_CATALOGUE)
    _own(organisation, initiative=initiative, requires=requires)
    dep = InitiativeDependency.objects.filter(initiative=initiative, requires=requires).first()
    if dep is None:
        return
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=dep,
        changes={"requires": [requires.code, None]},
        root=initiative,
    )
    dep.delete()


@transaction.atomic
def proposal_adopt(
    *, actor, organisation: Organisation, choices: Mapping[int, int]
) -> list[Initiative]:
    """Take an optimiser proposal into the overview's selection: each initiative named gets the
    scenario chosen for it as its selected scenario. ``choices`` maps initiative id to scenario
    id; initiatives not named keep theirs."""
    require_role(actor, organisation, EDIT_CATALOGUE)
    initiatives = {
        i.pk: i
        for i in Initiative.objects.filter(
            organisation=organisation, pk__in=choices
        ).select_related("selected_scenario")
    }
    scenarios = {
        s.pk: s
        for s in Scenario.objects.filter(
            initiative__organisation=organisation, pk__in=choices.values()
        )
    }
    changed = []
    for initiative_id, scenario_id in choices.items():
        initiative, scenario = initiatives.get(initiative_id), scenarios.get(scenario_id)
        if initiative is None or scenario is None or scenario.initiative_id != initiative.pk:
            raise ServiceError(
                _("Forslaget passer ikke til kataloget længere. Kør optimeringen igen.")
            )
        if initiative.selected_scenario_id == scenario.pk:
            continue
        before = initiative.selected_scenario.name if initiative.selected_scenario else None
        Initiative.objects.filter(pk=initiative.pk).update(selected_scenario=scenario)
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=initiative,
            changes={"selected_scenario": [before, scenario.name]},
        )
        changed.append(initiative)
    return changed
