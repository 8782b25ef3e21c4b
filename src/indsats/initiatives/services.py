"""Writes for the initiative catalogue: initiatives, cost lines with their formulas, scenarios,
themes and budget frames. The UI, the API, imports and the command line all call these.

Each service validates, writes and records the audit entry in one transaction. Rules within one
row live in the model's ``clean``; rules across rows live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from indsats.core.services import (
    AuditAction,
    ServiceError,
    audit,
    delete_unless_used,
    diff,
    save_versioned,
    snapshot,
)
from indsats.organisations.models import EDIT_CATALOGUE, Organisation, Parameter, Unit
from indsats.organisations.services import owner_check, require_role, validated

from .choices import Recurrence
from .models import (
    BudgetFrame,
    CostFactor,
    CostLine,
    FocusArea,
    Initiative,
    KLRecommendation,
    Scenario,
    ScenarioValue,
    Theme,
)

INITIATIVE_FIELDS = [
    "code",
    "title",
    "description",
    "purpose",
    "theme",
    "focus_area",
    "target_group",
    "professions",
    "unit",
    "owner",
    "priority_step",
    "funding",
    "state",
    "start_year",
    "end_year",
]


def _check_same_org(organisation: Organisation, **objs) -> None:
    errors = {}
    for name, obj in objs.items():
        if obj is not None and getattr(obj, "organisation_id", organisation.pk) != organisation.pk:
            errors[name] = [_("Værdien hører til en anden organisation.")]
    if errors:
        raise ServiceError(errors=errors)


def _kl_snapshot(numbers) -> str:
    return ", ".join(f"KL{n}" for n in sorted(numbers))


def _set_kl(initiative: Initiative, numbers) -> None:
    numbers = sorted(set(numbers or []))
    bad = [n for n in numbers if not 1 <= int(n) <= 38]
    if bad:
        raise ServiceError(
            errors={"kl_recommendations": [_("KL-anbefalinger går fra KL1 til KL38.")]}
        )
    recs = [KLRecommendation.objects.get_or_create(number=n)[0] for n in numbers]
    initiative.kl_recommendations.set(recs)


@transaction.atomic
def theme_get_or_create(
    *, actor, organisation: Organisation, name: str, order: int | None = None
) -> Theme:
    name = name.strip()
    theme = Theme.objects.filter(organisation=organisation, name__iexact=name).first()
    if theme:
        return theme
    require_role(actor, organisation, EDIT_CATALOGUE)
    if order is None:
        order = Theme.objects.filter(organisation=organisation).count() + 1
    theme = Theme(organisation=organisation, name=name, order=order)
    validated(theme, exclude=["organisation"])
    theme.save()
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=theme,
        changes=diff({}, snapshot(theme)),
    )
    return theme


@transaction.atomic
def focus_area_get_or_create(*, actor, organisation: Organisation, name: str) -> FocusArea:
    name = name.strip()
    area = FocusArea.objects.filter(organisation=organisation, name__iexact=name).first()
    if area:
        return area
    require_role(actor, organisation, EDIT_CATALOGUE)
    area = FocusArea(
        organisation=organisation,
        name=name,
        order=FocusArea.objects.filter(organisation=organisation).count() + 1,
    )
    validated(area, exclude=["organisation"])
    area.save()
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=area,
        changes=diff({}, snapshot(area)),
    )
    return area


def _initiative_snapshot(initiative: Initiative, kl=None) -> dict[str, Any]:
    data = snapshot(initiative, INITIATIVE_FIELDS + ["selected_scenario"])
    if initiative.pk:
        data["kl_recommendations"] = _kl_snapshot(
            kl if kl is not None else initiative.kl_recommendations.values_list("number", flat=True)
        )
    return data


def _check_code_free(initiative: Initiative) -> None:
    clash = Initiative.objects.filter(
        organisation=initiative.organisation, code=initiative.code
    ).exclude(pk=initiative.pk)
    if clash.exists():
        raise ServiceError(
            errors={
                "code": [
                    _("Der findes allerede en indsats med nummer %(code)s.")
                    % {"code": initiative.code}
                ]
            }
        )


@transaction.atomic
def initiative_create(
    *, organisation: Organisation, actor, kl_recommendations=(), **fields
) -> Initiative:
    require_role(actor, organisation, EDIT_CATALOGUE)
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ServiceError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    initiative = Initiative(organisation=organisation, **fields)
    _check_same_org(
        organisation,
        theme=fields.get("theme"),
        focus_area=fields.get("focus_area"),
        unit=fields.get("unit"),
    )
    owner_check(organisation, fields.get("owner"))
    validated(initiative, exclude=["organisation", "selected_scenario"])
    _check_code_free(initiative)
    initiative.save()
    _set_kl(initiative, kl_recommendations)
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=initiative,
        changes=diff({}, _initiative_snapshot(initiative, kl_recommendations)),
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    actor,
    expected_version: int | None,
    kl_recommendations=None,
    **fields,
) -> Initiative:
    organisation = initiative.organisation
    require_role(actor, organisation, EDIT_CATALOGUE)
    unknown = set(fields) - set(INITIATIVE_FIELDS) - {"selected_scenario"}
    if unknown:
        raise ServiceError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = _initiative_snapshot(initiative)
    for name, value in fields.items():
        setattr(initiative, name, value)
    _check_same_org(
        organisation, theme=initiative.theme, focus_area=initiative.focus_area, unit=initiative.unit
    )
    if "owner" in fields:
        owner_check(organisation, initiative.owner)
        if initiative.owner is not None:
            initiative.former_owner = ""
            fields["former_owner"] = ""
    if (
        initiative.selected_scenario_id
        and initiative.selected_scenario.initiative_id != initiative.pk
    ):
        raise ServiceError(
            errors={"selected_scenario": [_("Scenariet hører til en anden indsats.")]}
        )
    validated(initiative, exclude=["organisation"])
    _check_code_free(initiative)
    save_versioned(initiative, expected_version=expected_version, fields=[*fields])
    if kl_recommendations is not None:
        _set_kl(initiative, kl_recommendations)
    after = _initiative_snapshot(initiative, kl_recommendations)
    changes = diff(before, after)
    if changes:
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=initiative,
            changes=changes,
        )
    return initiative


@transaction.atomic
def initiative_delete(
    *, initiative: Initiative, actor, expected_version: int | None = None
) -> None:
    organisation = initiative.organisation
    require_role(actor, organisation, EDIT_CATALOGUE)
    if expected_version is not None:
        # Checked against the stored version: raises ConflictError if somebody saved since.
        save_versioned(initiative, expected_version=expected_version, fields=[])
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=initiative,
        changes=diff(_initiative_snapshot(initiative), {}),
    )
    Initiative.objects.filter(pk=initiative.pk).update(selected_scenario=None)
    delete_unless_used(initiative, noun=_("Indsatsen »%(title)s«") % {"title": initiative.title})


# --- cost lines ---------------------------------------------------------------------------


@dataclass
class FactorInput:
    key: str
    label: str
    unit: str = ""
    value: Decimal | None = None
    parameter_key: str | None = None


COST_LINE_FIELDS = [
    "label",
    "category",
    "recurrence",
    "year",
    "start_year",
    "end_year",
    "stated_amount",
    "note",
    "order",
]


def _factor_snapshot(factors) -> list[dict[str, Any]]:
    """The formula as the audit record keeps it: each factor with its label, so the history
    can name it in people's words even after the line is gone (core.history formats it)."""
    return [
        {
            "key": f.key,
            "label": f.label,
            "value": f"{f.value.normalize():f}" if f.value is not None else None,
            "parameter": f.parameter.key if getattr(f, "parameter_id", None) else None,
            "unit": f.unit,
        }
        for f in factors
    ]


def _validate_factors(
    organisation: Organisation, factors: list[FactorInput]
) -> list[tuple[FactorInput, Parameter | None]]:
    errors: dict[str, list[str]] = {}
    seen = set()
    params = {p.key: p for p in Parameter.objects.filter(organisation=organisation)}
    resolved = []
    for i, f in enumerate(factors, start=1):
        where = _("Faktor %(n)d") % {"n": i}
        if not re.fullmatch(r"[a-z][a-z0-9_]*", f.key or ""):
            errors.setdefault("factors", []).append(
                _("%(where)s: nøglen »%(key)s« må kun indeholde små bogstaver a-z, tal og _.")
                % {"where": where, "key": f.key}
            )
        if f.key in seen:
            errors.setdefault("factors", []).append(
                _("%(where)s: nøglen »%(key)s« er brugt to gange.") % {"where": where, "key": f.key}
            )
        seen.add(f.key)
        if not f.label.strip():
            errors.setdefault("factors", []).append(
                _("%(where)s mangler en betegnelse.") % {"where": where}
            )
        param = None
        if f.parameter_key:
            param = params.get(f.parameter_key)
            if param is None:
                errors.setdefault("factors", []).append(
                    _("%(where)s: parameteren »%(key)s« findes ikke.")
                    % {"where": where, "key": f.parameter_key}
                )
            if f.value is not None:
                errors.setdefault("factors", []).append(
                    _("%(where)s: angiv enten en værdi eller en parameter, ikke begge.")
                    % {"where": where}
                )
        elif f.value is None:
            errors.setdefault("factors", []).append(
                _("%(where)s mangler en værdi.") % {"where": where}
            )
        elif f.value < 0:
            errors.setdefault("factors", []).append(
                _("%(where)s: værdien kan ikke være negativ.") % {"where": where}
            )
        resolved.append((f, param))
    if errors:
        raise ServiceError(errors=errors)
    return resolved


def _validate_cost_line(line: CostLine, factors: list[FactorInput]) -> None:
    errors: dict[str, list[str]] = {}
    if line.stated_amount is None and not factors:
        errors["stated_amount"] = [_("Angiv et beløb eller en formel (mindst én faktor).")]
    if line.recurrence == Recurrence.ONE_TIME and (line.start_year or line.end_year):
        errors["start_year"] = [_("Et engangsbeløb har ét år, ikke en periode. Brug feltet »år«.")]
    if line.recurrence == Recurrence.YEARLY and line.year:
        errors["year"] = [_("Et årligt beløb har en periode (fra år – til år), ikke ét år.")]
    if line.start_year and line.end_year and line.end_year < line.start_year:
        errors["end_year"] = [_("Slutåret kan ikke ligge før startåret.")]
    if errors:
        raise ServiceError(errors=errors)
    validated(line, exclude=["initiative"])


def _cost_line_snapshot(line: CostLine, factors) -> dict[str, Any]:
    return {**snapshot(line, COST_LINE_FIELDS), "factors": _factor_snapshot(factors)}


def _touch(initiative: Initiative) -> None:
    """A change to a cost line or scenario is a change to the initiative: its version moves,
    so a form opened on the old version is refused."""
    Initiative.objects.filter(pk=initiative.pk).update(version=F("version") + 1)
    initiative.version = Initiative.objects.values_list("version", flat=True).get(pk=initiative.pk)


@transaction.atomic
def cost_line_save(
    *,
    initiative: Initiative,
    actor,
    line: CostLine | None = None,
    expected_version: int | None = None,
    factors: list[FactorInput] | None = None,
    **fields,
) -> CostLine:
    """Create (``line=None``) or update a cost line and replace its factors."""
    organisation = initiative.organisation
    require_role(actor, organisation, EDIT_CATALOGUE)
    unknown = set(fields) - set(COST_LINE_FIELDS)
    if unknown:
        raise ServiceError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    factors = list(factors or [])
    resolved = _validate_factors(organisation, factors)
    creating = line is None
    if creating:
        fields.setdefault("order", initiative.cost_lines.count() + 1)
        line = CostLine(initiative=initiative, **fields)
        before = {}
    else:
        if line.initiative_id != initiative.pk:
            raise ServiceError(_("Omkostningslinjen hører til en anden indsats."))
        before = _cost_line_snapshot(line, line.factors.select_related("parameter"))
        for name, value in fields.items():
            setattr(line, name, value)
    _validate_cost_line(line, factors)
    if creating:
        line.save()
    else:
        save_versioned(line, expected_version=expected_version, fields=list(fields))
        line.factors.all().delete()
    CostFactor.objects.bulk_create(
        [
            CostFactor(
                cost_line=line,
                order=i,
                key=f.key,
                label=f.label.strip(),
                unit=f.unit.strip(),
                value=None if p else f.value,
                parameter=p,
            )
            for i, (f, p) in enumerate(resolved, start=1)
        ]
    )
    _touch(initiative)
    after = _cost_line_snapshot(line, line.factors.select_related("parameter"))
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=line,
        root=initiative,
        changes=diff(before, after),
    )
    return line


@transaction.atomic
def cost_line_delete(*, line: CostLine, actor, expected_version: int | None = None) -> None:
    initiative = line.initiative
    require_role(actor, initiative.organisation, EDIT_CATALOGUE)
    if expected_version is not None:
        save_versioned(line, expected_version=expected_version, fields=[])  # ConflictError if stale
    before = _cost_line_snapshot(line, line.factors.select_related("parameter"))
    audit(
        organisation=initiative.organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=line,
        root=initiative,
        changes=diff(before, {}),
    )
    line.delete()
    _touch(initiative)


# --- scenarios ----------------------------------------------------------------------------


def _scenario_keys(initiative: Initiative) -> set[str]:
    keys = set(
        CostFactor.objects.filter(cost_line__initiative=initiative).values_list("key", flat=True)
    )
    return keys


@transaction.atomic
def scenario_save(
    *,
    initiative: Initiative,
    actor,
    name: str,
    values: dict[str, Decimal],
    scenario: Scenario | None = None,
    expected_version: int | None = None,
    order: int | None = None,
) -> Scenario:
    organisation = initiative.organisation
    require_role(actor, organisation, EDIT_CATALOGUE)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Giv scenariet et navn, fx »10 timer pr. md.«.")]
    elif (
        Scenario.objects.filter(initiative=initiative, name=name)
        .exclude(pk=getattr(scenario, "pk", None))
        .exists()
    ):
        errors["name"] = [
            _("Indsatsen har allerede et scenarie med navnet »%(name)s«.") % {"name": name}
        ]
    known = _scenario_keys(initiative)
    for key, value in values.items():
        if key not in known:
            errors.setdefault("values", []).append(
                _("»%(key)s« er ikke en faktor i indsatsens formler (kendte: %(known)s).")
                % {"key": key, "known": ", ".join(sorted(known)) or "ingen"}
            )
        elif value is None or value < 0:
            errors.setdefault("values", []).append(
                _("Værdien for »%(key)s« skal være et tal på 0 eller derover.") % {"key": key}
            )
    if not values:
        errors.setdefault("values", []).append(_("Et scenarie skal ændre mindst én faktor."))
    if errors:
        raise ServiceError(errors=errors)
    creating = scenario is None
    if creating:
        scenario = Scenario.objects.create(
            initiative=initiative,
            name=name,
            order=order if order is not None else initiative.scenarios.count() + 1,
        )
        before = {}
    else:
        if scenario.initiative_id != initiative.pk:
            raise ServiceError(_("Scenariet hører til en anden indsats."))
        before = {
            "name": scenario.name,
            **{
                k: format(v.normalize(), "f")
                for k, v in scenario.values.values_list("key", "value")
            },
        }
        scenario.name = name
        fields = ["name"]
        if order is not None:
            scenario.order = order
            fields.append("order")
        save_versioned(scenario, expected_version=expected_version, fields=fields)
        scenario.values.all().delete()
    ScenarioValue.objects.bulk_create(
        [ScenarioValue(scenario=scenario, key=k, value=v) for k, v in sorted(values.items())]
    )
    _touch(initiative)
    after = {"name": name, **{k: format(Decimal(v).normalize(), "f") for k, v in values.items()}}
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=scenario,
        root=initiative,
        changes=diff(before, after),
    )
    return scenario


@transaction.atomic
def scenario_delete(*, scenario: Scenario, actor) -> None:
    initiative = scenario.initiative
    require_role(actor, initiative.organisation, EDIT_CATALOGUE)
    audit(
        organisation=initiative.organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=scenario,
        root=initiative,
        changes={"name": [scenario.name, None]},
    )
    Initiative.objects.filter(selected_scenario=scenario).update(selected_scenario=None)
    scenario.delete()
    _touch(initiative)


# --- budget frames ------------------------------------------------------------------------


@transaction.atomic
def budget_frame_set(
    *, organisation: Organisation, actor, year: int, step: int, amount: Decimal | None
) -> BudgetFrame | None:
    """Set (or with ``amount=None`` remove) the budget frame of a priority step in a year."""
    require_role(actor, organisation, EDIT_CATALOGUE)
    frame = BudgetFrame.objects.filter(organisation=organisation, year=year, step=step).first()
    before = snapshot(frame, ["amount"]) if frame else {}
    if amount is None:
        if frame:
            audit(
                organisation=organisation,
                actor=actor,
                action=AuditAction.DELETE,
                obj=frame,
                changes=diff(before, {}),
            )
            frame.delete()
        return None
    if amount < 0:
        raise ServiceError(errors={"amount": [_("Beløbsrammen kan ikke være negativ.")]})
    frame = frame or BudgetFrame(organisation=organisation, year=year, step=step)
    frame.amount = amount
    validated(frame, exclude=["organisation"])
    frame.save()
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=frame,
        changes=diff(before, snapshot(frame, ["amount"])),
    )
    return frame


__all__ = [
    "FactorInput",
    "Unit",
    "budget_frame_set",
    "cost_line_delete",
    "cost_line_save",
    "focus_area_get_or_create",
    "initiative_create",
    "initiative_delete",
    "initiative_update",
    "scenario_delete",
    "scenario_save",
    "theme_get_or_create",
]
