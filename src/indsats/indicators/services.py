"""Writes for indicators, their values and targets. Values are never overwritten: a correction
is a new row, so earlier reports can be reproduced."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.budgets.models import BudgetNote
from indsats.calc.indicators import Unit
from indsats.core.services import (
    AuditAction,
    ServiceError,
    audit,
    delete_unless_used,
    diff,
    save_versioned,
    snapshot,
)
from indsats.initiatives.models import Initiative
from indsats.organisations.models import EDIT_CATALOGUE, EDIT_STATUS, Organisation
from indsats.organisations.services import owner_check, require_role, validated

from .models import Indicator, IndicatorKind, IndicatorValue, Target, ValueAction
from .selectors import withdrawn_ids

INDICATOR_FIELDS = [
    "name",
    "unit",
    "direction",
    "definition",
    "source",
    "initiative",
    "budget_note",
    "order",
    "may_exceed_100",
    "kind",
    "since_year",
    "owner",
]


def _check_owner(
    organisation: Organisation, initiative: Initiative | None, budget_note: BudgetNote | None
) -> None:
    errors = {}
    if initiative is not None and initiative.organisation_id != organisation.pk:
        errors["initiative"] = [_("Indsatsen hører til en anden organisation.")]
    if budget_note is not None and budget_note.organisation_id != organisation.pk:
        errors["budget_note"] = [_("Budgetnotatet hører til en anden organisation.")]
    if initiative is not None and budget_note is not None:
        errors["budget_note"] = [
            _(
                "En indikator hører enten til en indsats, et budgetnotat eller organisationen – ikke flere."
            )
        ]
    if errors:
        raise ServiceError(errors=errors)


@transaction.atomic
def indicator_create(*, organisation: Organisation, actor, **fields) -> Indicator:
    require_role(actor, organisation, EDIT_CATALOGUE)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ServiceError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    _check_owner(organisation, fields.get("initiative"), fields.get("budget_note"))
    owner_check(organisation, fields.get("owner"))
    indicator = Indicator(organisation=organisation, **fields)
    validated(indicator, exclude=["organisation"])
    indicator.save()
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=indicator,
        root=indicator.initiative,
        changes=diff({}, snapshot(indicator, INDICATOR_FIELDS)),
    )
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, actor, expected_version: int | None, **fields
) -> Indicator:
    organisation = indicator.organisation
    require_role(actor, organisation, EDIT_CATALOGUE)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ServiceError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = snapshot(indicator, INDICATOR_FIELDS)
    if "unit" in fields and fields["unit"] != indicator.unit and indicator.values.exists():
        raise ServiceError(
            errors={"unit": [_("Enheden kan ikke ændres, når indikatoren har værdier.")]}
        )
    for name, value in fields.items():
        setattr(indicator, name, value)
    _check_owner(organisation, indicator.initiative, indicator.budget_note)
    if "owner" in fields:
        owner_check(organisation, indicator.owner)
    validated(indicator, exclude=["organisation"])
    save_versioned(indicator, expected_version=expected_version, fields=list(fields))
    changes = diff(before, snapshot(indicator, INDICATOR_FIELDS))
    if changes:
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=indicator,
            root=indicator.initiative,
            changes=changes,
        )
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, actor) -> None:
    require_role(actor, indicator.organisation, EDIT_CATALOGUE)
    audit(
        organisation=indicator.organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=indicator,
        root=indicator.initiative,
        changes=diff(snapshot(indicator, INDICATOR_FIELDS), {}),
    )
    delete_unless_used(indicator, noun=_("Indikatoren »%(name)s«") % {"name": indicator.name})


def format_number_text(value: Decimal) -> str:
    """``140`` -> ``140``; ``140.5`` -> ``140,5`` (the value as a person typed it)."""
    return f"{value.normalize():f}".replace(".", ",")


def validate_value(indicator: Indicator, value: Decimal) -> None:
    """Rules for a value in the indicator's unit (the Danish text was parsed by
    calc.indicators.parse_value, which also refuses a wrong unit sign)."""
    if value is None:
        raise ServiceError(errors={"value": [_("Angiv en værdi.")]})
    unit = Unit(indicator.unit)
    if unit == Unit.COUNT and (value != value.to_integral_value() or value < 0):
        raise ServiceError(
            errors={
                "value": [
                    _("%(name)s tæller antal: værdien skal være et helt tal på 0 eller derover.")
                    % {"name": indicator.name}
                ]
            }
        )
    if unit == Unit.PERCENT and not indicator.may_exceed_100 and not 0 <= value <= 100:
        raise ServiceError(
            errors={
                "value": [
                    _(
                        "%(v)s %% ligger uden for 0-100 %% for %(name)s. Er det rigtigt (fx en vækstrate), så markér indikatoren »må ligge uden for 0-100 %%«."
                    )
                    % {"v": format_number_text(value), "name": indicator.name}
                ]
            }
        )
    if unit == Unit.PERCENT and not Decimal(-1000) <= value <= Decimal(1000):
        raise ServiceError(
            errors={
                "value": [
                    _("%(v)s er ikke en rimelig procentsats for %(name)s.")
                    % {"v": value, "name": indicator.name}
                ]
            }
        )


@transaction.atomic
def indicator_value_add(
    *,
    indicator: Indicator,
    actor,
    year: int,
    value: Decimal,
    date: dt.date | None = None,
    note: str = "",
    recorded_on: dt.date | None = None,
    status_update=None,
    whole: Decimal | None = None,
) -> IndicatorValue:
    """Record a value for a year (or a date). An existing value for the same period is not
    changed; the new row is the newer version. ``whole``: what a share (indicator kind
    »X ud af Y«) is out of."""
    organisation = indicator.organisation
    require_role(actor, organisation, EDIT_STATUS)
    today = timezone.localdate()
    recorded_on = recorded_on or today
    errors: dict[str, list[str]] = {}
    if not 1990 <= int(year) <= 2100:
        errors["year"] = [_("Året skal ligge mellem 1990 og 2100.")]
    if date is not None and date.year != year:
        errors["date"] = [
            _("Datoen %(d)s ligger ikke i året %(y)s.")
            % {"d": date.strftime("%d.%m.%Y"), "y": year}
        ]
    if recorded_on > today:
        errors["recorded_on"] = [_("Datoen kan ikke ligge i fremtiden.")]
    elif 1990 <= int(year) <= 2100 and int(year) > recorded_on.year:
        # A value cannot be measured before its year has begun (nor a year in the future).
        errors.setdefault("year", []).append(
            _("En værdi for %(y)s kan ikke være opgjort pr. %(r)s, før året er begyndt.")
            % {"y": year, "r": recorded_on.strftime("%d.%m.%Y")}
        )
    elif date is not None and date > recorded_on:
        errors.setdefault("date", []).append(
            _("Datoen %(d)s ligger efter %(r)s, som værdien er opgjort pr.")
            % {"d": date.strftime("%d.%m.%Y"), "r": recorded_on.strftime("%d.%m.%Y")}
        )
    if whole is not None and indicator.kind != IndicatorKind.SHARE:
        errors["whole"] = [
            _(
                "%(name)s er ikke af arten »X ud af Y«; skriv kun værdien, fx »12«, eller skift indikatorens art."
            )
            % {"name": indicator.name}
        ]
    elif whole is not None and (whole <= 0 or (value is not None and value > whole)):
        errors["whole"] = [
            _(
                "»Ud af« skal være større end 0 og mindst lige så stor som værdien, fx »3,2 mio. kr. ud af 5 mio. kr.«."
            )
        ]
    if errors:
        raise ServiceError(errors=errors)
    validate_value(indicator, value)
    if whole is not None:
        validate_value(indicator, whole)
    row = IndicatorValue(
        indicator=indicator,
        year=year,
        date=date,
        value=value,
        whole=whole,
        note=note,
        recorded_on=recorded_on,
        entered_by=actor if getattr(actor, "pk", None) else None,
        entered_by_name=(actor.get_full_name() or actor.username)
        if getattr(actor, "pk", None)
        else _("system"),
        status_update=status_update,
    )
    validated(row, exclude=["indicator", "entered_by", "status_update"])
    row.save()
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        object_repr=f"{indicator.name} {year}",
        root=indicator.initiative,
        changes={
            "value": [None, format(value.normalize(), "f")],
            **({"whole": [None, format(whole.normalize(), "f")]} if whole is not None else {}),
            "year": [None, year],
            "note": [None, note or None],
        },
    )
    return row


def _value_action(*, value: IndicatorValue, actor, action: str, reason: str = "") -> IndicatorValue:
    indicator = value.indicator
    organisation = indicator.organisation
    require_role(actor, organisation, EDIT_STATUS)
    # Lock the indicator so two withdrawals of one value cannot both pass the check.
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    if value.action != ValueAction.VALUE:
        raise ServiceError(_("Kun en registreret værdi kan trækkes tilbage eller genindsættes."))
    hidden = value.pk in withdrawn_ids([indicator.pk])
    when = value.date.strftime("%d.%m.%Y") if value.date else str(value.year)
    if action == ValueAction.WITHDRAW and hidden:
        raise ServiceError(_("Værdien for %(p)s er allerede trukket tilbage.") % {"p": when})
    if action == ValueAction.RESTORE and not hidden:
        raise ServiceError(
            _("Værdien for %(p)s er ikke trukket tilbage; der er intet at fortryde.") % {"p": when}
        )
    named = getattr(actor, "pk", None)
    row = IndicatorValue.objects.create(
        indicator=indicator,
        year=value.year,
        date=value.date,
        value=value.value,
        whole=value.whole,
        recorded_on=timezone.localdate(),
        entered_by=actor if named else None,
        entered_by_name=(actor.get_full_name() or actor.username) if named else _("system"),
        note=reason[:500] or value.note,
        action=action,
        target=value,
    )
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=value,
        object_repr=f"{indicator.name} {when}",
        root=indicator.initiative,
        changes={
            "withdrawn": [hidden, action == ValueAction.WITHDRAW],
            **({"reason": [None, reason]} if reason else {}),
        },
    )
    return row


@transaction.atomic
def indicator_value_withdraw(*, value: IndicatorValue, actor, reason: str = "") -> IndicatorValue:
    """Withdraw a (wrong) value: a new row hides it in every series and report; the version
    before it counts again. Reversible with ``indicator_value_restore``."""
    return _value_action(value=value, actor=actor, action=ValueAction.WITHDRAW, reason=reason)


@transaction.atomic
def indicator_value_restore(*, value: IndicatorValue, actor, reason: str = "") -> IndicatorValue:
    """Undo a withdrawal ("fortryd"): a new row makes the value count again."""
    return _value_action(value=value, actor=actor, action=ValueAction.RESTORE, reason=reason)


@transaction.atomic
def target_set(
    *,
    indicator: Indicator,
    actor,
    baseline_value: Decimal,
    baseline_year: int,
    target_value: Decimal,
    deadline_year: int,
    target: Target | None = None,
    expected_version: int | None = None,
) -> Target:
    """Create or change a target. A target is part of its indicator: with ``expected_version``
    (the indicator's version when the form was opened) a stale form is refused, and the
    indicator's version moves on either way."""
    require_role(actor, indicator.organisation, EDIT_CATALOGUE)
    if target is not None and target.indicator_id != indicator.pk:
        raise ServiceError(_("Målet hører til en anden indikator."))
    if deadline_year < baseline_year:
        raise ServiceError(errors={"deadline_year": [_("Fristen kan ikke ligge før udgangsåret.")]})
    validate_value(indicator, baseline_value)
    validate_value(indicator, target_value)
    before = (
        snapshot(target, ["baseline_value", "baseline_year", "target_value", "deadline_year"])
        if target
        else {}
    )
    if expected_version is not None:
        save_versioned(indicator, expected_version=expected_version, fields=[])
    else:
        Indicator.objects.filter(pk=indicator.pk).update(version=F("version") + 1)
        indicator.version = Indicator.objects.values_list("version", flat=True).get(pk=indicator.pk)
    target = target or Target(indicator=indicator)
    target.baseline_value, target.baseline_year = baseline_value, baseline_year
    target.target_value, target.deadline_year = target_value, deadline_year
    validated(target, exclude=["indicator"])
    target.save()
    audit(
        organisation=indicator.organisation,
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=target,
        root=indicator.initiative,
        changes=diff(
            before,
            snapshot(target, ["baseline_value", "baseline_year", "target_value", "deadline_year"]),
        ),
    )
    return target
