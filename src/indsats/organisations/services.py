"""Writes for organisations, members, units and parameters. Each runs in one transaction and
writes its audit record."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from indsats.core.services import (
    AuditAction,
    PermissionDeniedError,
    ServiceError,
    audit,
    diff,
    save_versioned,
    snapshot,
)

from .models import (
    EDIT_CATALOGUE,
    STUDENT_DATA_ROLES,
    ApiToken,
    Membership,
    Organisation,
    Parameter,
    ParameterValue,
    Role,
    Unit,
)


def membership_for(user, organisation: Organisation) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = user._membership_cache = {}
    if organisation.pk not in cache:
        cache[organisation.pk] = Membership.objects.filter(
            user=user, organisation=organisation
        ).first()
    return cache[organisation.pk]


def require_role(actor, organisation: Organisation, roles) -> None:
    """Raise unless ``actor`` has one of ``roles`` in ``organisation``. ``actor=None`` is the
    system itself (command line, demo loader) and may do anything."""
    if actor is None:
        return
    membership = membership_for(actor, organisation)
    if membership is None or membership.role not in roles:
        raise PermissionDeniedError(_("Du har ikke rettighed til at foretage denne ændring."))


def member_key(user) -> str | None:
    """How files name a member: the e-mail address, else the username."""
    if user is None:
        return None
    return user.email or user.username


def members_by_key(organisation: Organisation) -> dict[str, object]:
    """The organisation's members by casefolded username and e-mail address (one query)."""
    result: dict[str, object] = {}
    for m in Membership.objects.filter(organisation=organisation).select_related("user"):
        result[m.user.username.casefold()] = m.user
        if m.user.email:
            result.setdefault(m.user.email.casefold(), m.user)
    return result


def owner_check(organisation: Organisation, owner) -> None:
    """The person answerable for an item (its owner) must be a member of the organisation."""
    if (
        owner is not None
        and not Membership.objects.filter(organisation=organisation, user=owner).exists()
    ):
        raise ServiceError(
            errors={"owner": [_("Den ansvarlige skal være medlem af organisationen.")]}
        )


def validated(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ServiceError(errors={k: list(v) for k, v in exc.message_dict.items()}) from exc


@transaction.atomic
def organisation_create(
    *, actor, slug: str, name: str, kind: str = "municipality", budget_year: int | None = None
) -> Organisation:
    org = Organisation(
        slug=slug, name=name, kind=kind, budget_year=budget_year or dt.date.today().year
    )
    validated(org)
    org.save()
    audit(
        organisation=org,
        actor=actor,
        action=AuditAction.CREATE,
        obj=org,
        changes=diff({}, snapshot(org)),
    )
    return org


@transaction.atomic
def membership_set(*, actor, organisation: Organisation, user, role: str) -> Membership:
    require_role(actor, organisation, {Role.ADMIN})
    if role not in Role.values:
        raise ServiceError(_("Ukendt rolle: %(role)s.") % {"role": role})
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    before = {} if created else {"role": membership.role}
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=membership,
        changes=diff(before, {"role": role}),
    )
    return membership


def user_create(
    *, username: str, password: str, first_name: str = "", last_name: str = "", email: str = ""
):
    User = get_user_model()
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def unit_get_or_create(*, actor, organisation: Organisation, name: str) -> Unit:
    name = name.strip()
    unit = Unit.objects.filter(organisation=organisation, name__iexact=name).first()
    if unit:
        return unit
    require_role(actor, organisation, EDIT_CATALOGUE)
    unit = Unit(organisation=organisation, name=name)
    validated(unit, exclude=["organisation"])
    unit.save()
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=unit,
        changes=diff({}, snapshot(unit)),
    )
    return unit


@transaction.atomic
def parameter_create(
    *,
    actor,
    organisation: Organisation,
    key: str,
    name: str,
    unit: str = "",
    description: str = "",
    value: Decimal,
    valid_from: dt.date,
) -> Parameter:
    require_role(actor, organisation, {Role.ADMIN, Role.CONSULTANT})
    if Parameter.objects.filter(organisation=organisation, key=key).exists():
        raise ServiceError(
            errors={
                "key": [_("Der findes allerede en parameter med nøglen »%(key)s«.") % {"key": key}]
            }
        )
    param = Parameter(
        organisation=organisation, key=key, name=name, unit=unit, description=description
    )
    validated(param, exclude=["organisation"])
    param.save()
    pv = ParameterValue(parameter=param, valid_from=valid_from, value=value)
    validated(pv, exclude=["parameter"])
    pv.save()
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=param,
        changes=diff(
            {}, {**snapshot(param), "value": str(value), "valid_from": valid_from.isoformat()}
        ),
    )
    return param


@transaction.atomic
def parameter_update(
    *,
    actor,
    parameter: Parameter,
    expected_version: int | None,
    name: str,
    unit: str = "",
    description: str = "",
) -> Parameter:
    require_role(actor, parameter.organisation, {Role.ADMIN, Role.CONSULTANT})
    before = snapshot(parameter)
    parameter.name, parameter.unit, parameter.description = name, unit, description
    validated(parameter, exclude=["organisation", "key"])
    save_versioned(
        parameter, expected_version=expected_version, fields=["name", "unit", "description"]
    )
    audit(
        organisation=parameter.organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=parameter,
        changes=diff(before, snapshot(parameter)),
    )
    return parameter


@transaction.atomic
def parameter_value_set(
    *, actor, parameter: Parameter, value: Decimal, valid_from: dt.date
) -> ParameterValue:
    """Give a parameter a new value from a date. Earlier values stay, so budgets for earlier
    years keep the rate they were decided at."""
    require_role(actor, parameter.organisation, {Role.ADMIN, Role.CONSULTANT})
    if value is None or value < 0:
        raise ServiceError(errors={"value": [_("Værdien skal være et tal på 0 eller derover.")]})
    existing = ParameterValue.objects.filter(parameter=parameter, valid_from=valid_from).first()
    before = snapshot(existing, ["value"]) if existing else {}
    pv = existing or ParameterValue(parameter=parameter, valid_from=valid_from)
    pv.value = value
    validated(pv, exclude=["parameter"])
    pv.save()
    Parameter.objects.filter(pk=parameter.pk).update(version=F("version") + 1)
    parameter.version = Parameter.objects.values_list("version", flat=True).get(pk=parameter.pk)
    audit(
        organisation=parameter.organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=parameter,
        changes={
            "value": [before.get("value"), snapshot(pv, ["value"])["value"]],
            "valid_from": [None, valid_from.isoformat()],
        },
    )
    return pv


@transaction.atomic
def api_token_create(*, actor, organisation: Organisation, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``actor`` in ``organisation``; returns the token text, shown once."""
    if membership_for(actor, organisation) is None:
        raise PermissionDeniedError(_("Du er ikke medlem af denne organisation."))
    if not name.strip():
        raise ServiceError(errors={"name": [_("Giv nøglen et navn, så du kan kende den igen.")]})
    raw = "ind_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        organisation=organisation,
        name=name.strip(),
        digest=ApiToken.hash(raw),
        prefix=raw[:8],
    )
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=token,
        changes={"name": [None, token.name]},
    )
    return token, raw


@transaction.atomic
def api_token_delete(*, actor, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        require_role(actor, token.organisation, {Role.ADMIN})
    audit(
        organisation=token.organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=token,
        changes={"name": [token.name, None]},
    )
    token.delete()


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    organisation = membership.organisation
    require_role(actor, organisation, {Role.ADMIN})
    if (
        membership.role == Role.ADMIN
        and not Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ServiceError(_("Organisationen skal have mindst én administrator."))
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=membership,
        changes={"role": [membership.role, None]},
    )
    owned_items_release(actor=actor, organisation=organisation, user=membership.user)
    membership.delete()


def owned_items_release(*, actor, organisation: Organisation, user) -> int:
    """A member leaves: the initiatives, indicators, success criteria and budget notes they own
    get no owner, remember who had them (``former_owner``) and land on the administrator's
    "Uden ansvarlig" list; each change is audited. Returns the number of items moved."""
    from indsats.budgets.models import BudgetNote
    from indsats.indicators.models import Indicator
    from indsats.initiatives.models import Initiative
    from indsats.strategies.models import SuccessCriterion

    name = user.get_full_name() or user.username
    moved = 0
    for queryset in (
        Initiative.objects.filter(organisation=organisation, owner=user),
        Indicator.objects.filter(organisation=organisation, owner=user),
        SuccessCriterion.objects.filter(strategy__organisation=organisation, owner=user),
        BudgetNote.objects.filter(organisation=organisation, owner=user),
    ):
        for item in queryset:
            audit(
                organisation=organisation,
                actor=actor,
                action=AuditAction.UPDATE,
                obj=item,
                changes={"owner": [name, None]},
            )
            moved += 1
        queryset.update(owner=None, former_owner=name[:200])
    return moved


@transaction.atomic
def membership_student_access_set(*, actor, membership: Membership, student_access: bool):
    """Grant or revoke a member's access to student-level records (administrators only). Only
    administrators, consultants and managers can be granted it."""
    organisation = membership.organisation
    require_role(actor, organisation, {Role.ADMIN})
    if student_access and membership.role not in STUDENT_DATA_ROLES:
        raise ServiceError(
            _(
                "%(u)s har rollen »%(role)s« og kan ikke få adgang til elevdata. Kun "
                "administratorer, konsulenter og ledere kan få adgang."
            )
            % {"u": membership.user.username, "role": membership.get_role_display()}
        )
    if membership.student_access == student_access:
        return membership
    before = membership.student_access
    membership.student_access = student_access
    membership.save(update_fields=["student_access", "updated_at"])
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=membership,
        changes={"student_access": [before, student_access]},
    )
    return membership


@transaction.atomic
def member_add(
    *,
    actor,
    organisation: Organisation,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    role: str,
) -> Membership:
    """Add a user to the organisation; creates the user if the username is new."""
    require_role(actor, organisation, {Role.ADMIN})
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        if not password or len(password) < 8:
            raise ServiceError(
                errors={"password": [_("En ny bruger skal have en adgangskode på mindst 8 tegn.")]}
            )
        user = user_create(
            username=username,
            password=password,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
    elif Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ServiceError(
            errors={
                "username": [_("%(u)s er allerede medlem af organisationen.") % {"u": username}]
            }
        )
    return membership_set(actor=actor, organisation=organisation, user=user, role=role)


@transaction.atomic
def organisation_update(
    *,
    actor,
    organisation: Organisation,
    name: str,
    budget_year: int,
    price_level: str,
    reporting_interval_days: int | None = None,
    student_retention_years: int | None = None,
    share_pipeline: bool | None = None,
) -> Organisation:
    """Change the organisation's settings; the optional ones stay as they are when None."""
    require_role(actor, organisation, {Role.ADMIN})
    fields = [
        "name",
        "budget_year",
        "price_level",
        "reporting_interval_days",
        "student_retention_years",
        "share_pipeline",
    ]
    before = snapshot(organisation, fields)
    organisation.name, organisation.budget_year, organisation.price_level = (
        name,
        budget_year,
        price_level,
    )
    if reporting_interval_days is not None:
        organisation.reporting_interval_days = reporting_interval_days
    if student_retention_years is not None:
        if not 1 <= student_retention_years <= 50:
            raise ServiceError(
                errors={
                    "student_retention_years": [
                        _("Opbevaringsperioden for elevdata skal være fra 1 til 50 år.")
                    ]
                }
            )
        organisation.student_retention_years = student_retention_years
    if share_pipeline is not None:
        organisation.share_pipeline = share_pipeline
    validated(organisation)
    organisation.save(update_fields=[*fields, "updated_at"])
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=organisation,
        changes=diff(before, snapshot(organisation, fields)),
    )
    return organisation
