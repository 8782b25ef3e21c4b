"""Logins in the audit log: success, failure and lockout. A failed login names the user name
that was typed, never the password; whether that user exists is not shown to anyone but the
audit log's readers."""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from indsats.core.models import AuditAction
from indsats.core.services import audit

from .sessions import stamp_login

log = logging.getLogger("indsats.accounts")


def _address(request) -> str:
    if request is None:
        return ""
    return getattr(request, "axes_ip_address", "") or request.META.get("REMOTE_ADDR", "")


def _organisations(user) -> list:
    from indsats.organisations.models import Organisation

    if user is None:
        return [None]
    orgs = list(Organisation.objects.filter(memberships__user=user))
    return orgs or [None]


def _record(*, user, username: str, action: str, request, detail: str = "") -> None:
    """One audit row per organisation the user belongs to (so each administrator sees the
    logins of their own members); one row without organisation for an unknown user name."""
    changes = {"address": [None, _address(request)]}
    if detail:
        changes["detail"] = [None, detail]
    for organisation in _organisations(user):
        audit(
            organisation=organisation,
            actor=user if user is not None else username,
            action=action,
            object_type="login",
            object_id=user.pk if user is not None else "",
            object_repr=username[:300],
            changes=changes,
        )


def _user_named(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        stamp_login(request, user)
        from .two_factor import SESSION_KEY, step_after_password

        # Through single sign-on the identity provider does the second factor.
        step = None if getattr(request, "indsats_login_method", "") else step_after_password(user)
        if step:
            request.session[SESSION_KEY] = step
    _record(
        user=user,
        username=user.get_username(),
        action=AuditAction.LOGIN,
        request=request,
        detail=getattr(request, "indsats_login_method", ""),
    )


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = (credentials or {}).get("username", "") or ""
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # written once by on_locked_out below
    log.warning("login failed for user name %r from %s", username, _address(request))
    _record(
        user=_user_named(username),
        username=username,
        action=AuditAction.LOGIN_FAILED,
        request=request,
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    log.warning("login locked out for user name %r from %s", username, ip_address)
    _record(
        user=_user_named(username or ""),
        username=username or "",
        action=AuditAction.LOCKED_OUT,
        request=request,
        detail="throttled",
    )
