"""Writes for organisations, members, units and parameters. Each runs in one transaction and
writes its audit record."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.calc.codes import note_order
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
    INVITATION_DAYS,
    STUDENT_DATA_ROLES,
    TOKEN_DEFAULT_DAYS,
    TOKEN_MAX_DAYS,
    WRITE_TOKEN_ROLES,
    ApiToken,
    Invitation,
    Membership,
    Organisation,
    Parameter,
    ParameterValue,
    Role,
    TokenScope,
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


def password_check(password: str, user=None) -> None:
    """Run the configured password validators (AUTH_PASSWORD_VALIDATORS) on ``password``;
    raise ServiceError with their Danish messages under ``password``."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(errors={"password": list(exc.messages)}) from exc


def user_create(
    *, username: str, password: str, first_name: str = "", last_name: str = "", email: str = ""
):
    """A new user. The password must pass the configured validators, like everywhere a
    password is set (the login form's change and reset pages use Django's forms, which run
    the same validators)."""
    User = get_user_model()
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    password_check(password, user)
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
def api_token_create(
    *,
    actor,
    organisation: Organisation,
    name: str,
    scope: str | None = None,
    days: int = TOKEN_DEFAULT_DAYS,
) -> tuple[ApiToken, str]:
    """Create a token for ``actor`` in ``organisation``; returns the token text, shown once.

    ``scope`` is read or write; only roles that may change something may have a write token.
    None means the widest the role allows (the command line and older callers). The token
    expires after ``days`` (1 to 365)."""
    membership = membership_for(actor, organisation)
    if membership is None:
        raise PermissionDeniedError(_("Du er ikke medlem af denne organisation."))
    if not name.strip():
        raise ServiceError(errors={"name": [_("Giv nøglen et navn, så du kan kende den igen.")]})
    may_write = membership.role in WRITE_TOKEN_ROLES
    if scope is None:
        scope = TokenScope.WRITE if may_write else TokenScope.READ
    if scope not in TokenScope.values:
        raise ServiceError(
            errors={"scope": [_("Vælg adgangen »Kun læse« eller »Læse og skrive«.")]}
        )
    if scope == TokenScope.WRITE and not may_write:
        raise ServiceError(
            errors={
                "scope": [
                    _(
                        "Din rolle (%(role)s) må ikke ændre data, så du kan kun oprette en "
                        "nøgle, der kun kan læse."
                    )
                    % {"role": membership.get_role_display()}
                ]
            }
        )
    if not isinstance(days, int) or not 1 <= days <= TOKEN_MAX_DAYS:
        raise ServiceError(
            errors={
                "days": [
                    _("En nøgle kan gælde fra 1 til %(max)s dage, fx 90.") % {"max": TOKEN_MAX_DAYS}
                ]
            }
        )
    raw = "ind_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        organisation=organisation,
        name=name.strip(),
        digest=ApiToken.hash(raw),
        prefix=raw[:8],
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=token,
        changes={
            "name": [None, token.name],
            "scope": [None, scope],
            "expires_at": [None, token.expires_at.isoformat()],
        },
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
def invitation_create(
    *,
    actor,
    organisation: Organisation,
    email: str,
    role: str,
    accept_url: str,
    send: bool = True,
    link_out: dict | None = None,
) -> Invitation:
    """Invite ``email`` to ``organisation`` with ``role``: an e-mail with a one-time link
    (``accept_url`` with ``{token}``) that the person follows to accept. Nobody becomes a
    member before accepting, and the answer is the same whether the address belongs to a user
    of another organisation or to nobody."""
    require_role(actor, organisation, {Role.ADMIN})
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ServiceError(
            errors={"email": [_("Skriv en gyldig e-mailadresse, fx mette.hansen@kommune.dk.")]}
        ) from exc
    if role not in Role.values:
        raise ServiceError(errors={"role": [_("Ukendt rolle: %(role)s.") % {"role": role}]})
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ServiceError(
            errors={
                "email": [_("%(email)s er allerede medlem af organisationen.") % {"email": email}]
            }
        )
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        digest=ApiToken.hash(raw),
        invited_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=invitation,
        changes={"email": [None, email], "role": [None, role]},
    )
    link = accept_url.replace("{token}", raw)
    if link_out is not None:  # the command line's --print-link
        link_out["link"] = link
    if not send:
        return invitation
    subject = _("Invitation til %(org)s i Indsats") % {"org": organisation.name}
    body = _(
        "Du er inviteret til %(org)s i Indsats med rollen %(role)s.\n\n"
        "Åbn linket for at tage imod invitationen (det virker i %(days)s dage og kun én gang):\n"
        "%(link)s\n\n"
        "Har du allerede en bruger i Indsats, kan du logge ind med den; ellers opretter du en.\n"
        "Forventede du ikke invitationen, kan du se bort fra denne e-mail."
    ) % {
        "org": organisation.name,
        "role": invitation.get_role_display(),
        "days": INVITATION_DAYS,
        "link": link,
    }
    try:
        send_mail(subject, body, None, [email])
    except OSError as exc:
        raise ServiceError(
            _(
                "Invitationen kunne ikke sendes: e-mailserveren svarede ikke (%(error)s). "
                "Intet er gemt; prøv igen senere."
            )
            % {"error": exc}
        ) from exc
    return invitation


def invitation_for_token(raw: str) -> Invitation | None:
    """The open invitation behind a link's token, or None (unknown, used or expired)."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(digest=ApiToken.hash(raw or ""))
        .first()
    )
    return invitation if invitation is not None and invitation.open else None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """``user`` accepts: becomes a member with the invited role (an existing membership keeps
    its role). The invitation can be used once."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.open:
        raise ServiceError(_("Invitationen er allerede brugt eller er udløbet."))
    organisation = locked.organisation
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": locked.role}
    )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    if created:
        audit(
            organisation=organisation,
            actor=user,
            action=AuditAction.CREATE,
            obj=membership,
            changes={"role": [None, membership.role], "invitation": [None, locked.email]},
        )
    return membership


@transaction.atomic
def invitation_accept_new_user(
    *,
    invitation: Invitation,
    username: str,
    first_name: str,
    last_name: str,
    password: str,
) -> Membership:
    """A person without a user accepts by creating one (the e-mail is the invited address)."""
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise ServiceError(errors={"username": [_("Vælg et brugernavn, fx mette.hansen.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            errors={"username": [_("Brugernavnet er optaget. Vælg et andet, fx mette.hansen2.")]}
        )
    user = user_create(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=invitation.email,
    )
    return invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> None:
    require_role(actor, invitation.organisation, {Role.ADMIN})
    audit(
        organisation=invitation.organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=invitation,
        changes={"email": [invitation.email, None]},
    )
    invitation.delete()


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
    session_idle_minutes: int | None = None,
    access_log_retention_months: int | None = None,
    budget_note_order: str | None = None,
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
        "session_idle_minutes",
        "access_log_retention_months",
        "budget_note_order",
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
    if session_idle_minutes is not None:
        if not 5 <= session_idle_minutes <= 720:
            raise ServiceError(
                errors={
                    "session_idle_minutes": [
                        _("Log ud efter inaktivitet skal være fra 5 til 720 minutter, fx 60.")
                    ]
                }
            )
        organisation.session_idle_minutes = session_idle_minutes
    if access_log_retention_months is not None:
        if not 1 <= access_log_retention_months <= 120:
            raise ServiceError(
                errors={
                    "access_log_retention_months": [
                        _("Adgangsloggen skal gemmes fra 1 til 120 måneder, fx 24.")
                    ]
                }
            )
        organisation.access_log_retention_months = access_log_retention_months
    if budget_note_order is not None:
        # kept as the codes in order, one line: "SO19, ØK77, SO3"
        organisation.budget_note_order = ", ".join(note_order(budget_note_order))
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
