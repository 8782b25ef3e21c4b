"""What every single sign-on login shares, SAML or OpenID Connect: the refusal (a Danish
message for the person, a precise one for the log), the role map, and applying a login that
the protocol module has verified: the IdP's role values become one Indsats role, the
just-in-time user and membership are created, and name, e-mail and role are brought up to date
(and audited) at every login."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from indsats.core.models import AuditAction
from indsats.core.services import ServiceError, audit
from indsats.organisations.models import STUDENT_DATA_ROLES, Membership, Role

from .models import IdentityProvider, SsoAccount


class SsoRefused(Exception):
    def __init__(self, user_message: str, log_message: str):
        self.user_message = user_message
        super().__init__(log_message)


def _role_map_line_error(number: int, line: str) -> str:
    roles = sorted(r.value for r in Role)
    return _(
        "Linje %(n)s i rolleoversættelsen (»%(line)s«) skal have formen "
        "»IdP-værdi = rolle« med en af rollerne %(roles)s, "
        "fx »Indsats-admin = admin«."
    ) % {"n": number, "line": line, "roles": ", ".join(roles)}


def parse_role_map(text: str) -> dict[str, str]:
    """Lines of »IdP-værdi = rolle« into a dict; a Danish ServiceError names the bad line."""
    roles = {r.value for r in Role}
    result: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        value, sep, role = line.rpartition("=")
        value, role = value.strip(), role.strip()
        if not sep or not value or role not in roles:
            raise ServiceError(errors={"role_map": [_role_map_line_error(number, line.strip())]})
        result[value] = role
    return result


def login_settings(
    *,
    name_attribute: str,
    email_attribute: str,
    role_attribute: str,
    role_map: dict[str, str] | None,
    default_role: str,
    password_login: bool,
) -> tuple[dict, dict[str, list[str]]]:
    """The settings every kind of identity provider has (claim names, role map, default role,
    password switch), checked: (field values, errors by field). The save services of SAML and
    OIDC add their own values and errors and write through identity_provider_write."""
    roles = {r.value for r in Role}
    role_map = dict(role_map or {})
    errors: dict[str, list[str]] = {}
    for number, (value, role) in enumerate(role_map.items(), start=1):
        if not str(value).strip() or role not in roles:
            errors["role_map"] = [_role_map_line_error(number, f"{value} = {role}")]
            break
    if default_role and default_role not in roles:
        errors["default_role"] = [_("Ukendt standardrolle.")]
    values = {
        "name_attribute": name_attribute,
        "email_attribute": email_attribute,
        "role_attribute": role_attribute,
        "role_map": role_map,
        "default_role": default_role,
        "password_login": bool(password_login),
    }
    return values, errors


def identity_provider_write(
    *, actor, organisation, values: dict, secret_changed: bool = False
) -> IdentityProvider:
    """Create or replace the organisation's identity provider with values (already checked)
    and audit the changed fields; metadata and secrets are never written into the history."""
    before = IdentityProvider.objects.filter(organisation=organisation).first()
    provider, created = IdentityProvider.objects.update_or_create(
        organisation=organisation, defaults=values
    )
    changes = {
        k: [getattr(before, k, None) if before else None, v]
        for k, v in values.items()
        if k not in {"metadata_xml", "client_secret_encrypted"}
        and (before is None or getattr(before, k) != v)
    }
    if secret_changed:
        changes["client_secret"] = [None, "ændret"]  # never the secret itself
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=provider,
        changes=changes,
    )
    return provider


def resolve_role(provider: IdentityProvider, *, role_values: list[str], subject: str) -> str:
    """The Indsats role for the IdP's role values, or SsoRefused."""
    org = provider.organisation
    mapped = [provider.role_map[v] for v in role_values if v in provider.role_map]
    if mapped:
        # Several mapped values: the one that may do most (the order of Role).
        order = [r.value for r in Role]
        return min(mapped, key=order.index)
    if role_values:
        raise SsoRefused(
            _(
                "Din rolle hos identitetsudbyderen (%(values)s) giver ikke adgang til Indsats. "
                "Kontakt din administrator."
            )
            % {"values": ", ".join(role_values)},
            f"org={org.slug}: unknown role value(s) {role_values!r} in "
            f"{provider.role_attribute!r} for subject {subject!r}",
        )
    if provider.default_role:
        return provider.default_role
    raise SsoRefused(
        _("Identitetsudbyderen sendte ingen rolle, og der er ingen standardrolle."),
        f"org={org.slug}: no {provider.role_attribute!r} attribute for subject {subject!r}",
    )


def sso_login_apply(
    *,
    provider: IdentityProvider,
    subject: str,
    name: str,
    email: str,
    role_values: list[str],
    before: Callable[[], None] | None = None,
):
    """Apply a login the protocol has verified; returns (user, membership). ``before`` runs
    inside the same transaction first (SAML marks its request answered there), so a refusal
    anywhere leaves nothing behind."""
    role = resolve_role(provider, role_values=role_values, subject=subject)
    if not subject:
        raise SsoRefused(
            _("Svaret fra identitetsudbyderen kunne ikke godkendes."),
            f"org={provider.organisation.slug}: {provider.kind} login without a subject",
        )
    with transaction.atomic():
        if before is not None:
            before()
        return _provision(provider, subject=subject, name=name, email=email, role=role)


def _provision(provider, *, subject: str, name: str, email: str, role: str):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    org = provider.organisation
    account = SsoAccount.objects.filter(provider=provider, subject=subject).select_related("user")
    account = account.first()
    first, _sep, last = name.partition(" ")
    if account is None:
        base = f"{org.slug}.{subject}"[:140]
        username, n = base, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}.{n}"
        user = User.objects.create_user(
            username=username, email=email, first_name=first[:150], last_name=last[:150]
        )
        SsoAccount.objects.create(provider=provider, subject=subject, user=user)
    else:
        user = account.user
        if (user.email, user.first_name, user.last_name) != (email, first[:150], last[:150]):
            user.email, user.first_name, user.last_name = email, first[:150], last[:150]
            user.save(update_fields=["email", "first_name", "last_name"])
    membership = Membership.objects.filter(user=user, organisation=org).first()
    if membership is None:
        membership = Membership.objects.create(user=user, organisation=org, role=role)
        audit(
            organisation=org,
            actor=user,
            action=AuditAction.CREATE,
            obj=membership,
            object_repr=f"{user.get_username()}: {role}",
            changes={"role": [None, role], "via": [None, "single sign-on"]},
        )
    elif membership.role != role:
        old = membership.role
        membership.role = role
        if role not in STUDENT_DATA_ROLES:
            membership.student_access = False
        membership.save()
        audit(
            organisation=org,
            actor=user,
            action=AuditAction.UPDATE,
            obj=membership,
            object_repr=f"{user.get_username()}: {role}",
            changes={"role": [old, role], "via": [None, "single sign-on"]},
        )
    return user, membership
