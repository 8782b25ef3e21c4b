"""Two-factor login for local accounts: TOTP (an authenticator app) with ten one-time recovery
codes (django-otp's TOTP and static devices). Required for administrators and members with
student-data access when settings.TWO_FACTOR_REQUIRED is on.

Whether a login still needs its second factor is decided once, at login, and kept in the
session (``otp_step``: "verify" or "enrol"), so ordinary requests cost no extra query."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from indsats.core.models import AuditAction
from indsats.core.services import audit

SESSION_KEY = "otp_step"
RECOVERY_CODES = 10


def has_two_factor(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def must_have_two_factor(user) -> bool:
    from indsats.organisations.models import ADMINISTER, STUDENT_DATA_ROLES, Membership

    if not settings.TWO_FACTOR_REQUIRED:
        return False
    return (
        Membership.objects.filter(user=user, role__in=ADMINISTER).exists()
        or Membership.objects.filter(
            user=user, student_access=True, role__in=STUDENT_DATA_ROLES
        ).exists()
    )


def step_after_password(user) -> str:
    """ "verify" (ask for a code), "enrol" (must set up two-factor first) or ""."""
    if has_two_factor(user):
        return "verify"
    if must_have_two_factor(user):
        return "enrol"
    return ""


def totp_device_for_setup(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device (a new secret), created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Indsats", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1a1a1a")


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Gendannelseskoder", confirmed=True)
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def _audit_all(user, changes: dict) -> None:
    from indsats.organisations.models import Membership

    for m in Membership.objects.filter(user=user).select_related("organisation"):
        audit(
            organisation=m.organisation,
            actor=user,
            action=AuditAction.UPDATE,
            object_type="user",
            object_id=user.pk,
            object_repr=user.get_username(),
            changes=changes,
        )


@transaction.atomic
def two_factor_enrol(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the TOTP device with a code from the app; returns the recovery codes (shown
    once), or None when the code is wrong."""
    if not device.verify_token((code or "").replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _audit_all(user, {"two_factor": [None, "totp"]})
    return codes


def two_factor_check(*, user, code: str):
    """The device a code belongs to (a TOTP code, or a recovery code, which is used up), or
    None. django-otp throttles repeated wrong codes per device."""
    code = (code or "").replace(" ", "").strip()
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(code):
            if isinstance(device, StaticDevice):
                _audit_all(user, {"recovery_code": [None, "used"]})
            return device
    return None


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    codes = _new_recovery_codes(user)
    _audit_all(user, {"recovery_codes": [None, "renewed"]})
    return codes
