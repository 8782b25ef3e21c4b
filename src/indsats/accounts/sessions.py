"""Session lifetime: an idle timeout set per organisation (the strictest of the user's
organisations applies) and an absolute lifetime from login (SESSION_COOKIE_AGE)."""

from __future__ import annotations

import time

DEFAULT_IDLE_MINUTES = 60
# The last-seen stamp is written at most this often, so ordinary requests do not save the session.
SEEN_RESOLUTION_SECONDS = 60


def idle_minutes_for(user) -> int:
    from indsats.organisations.models import Organisation

    values = Organisation.objects.filter(memberships__user=user).values_list(
        "session_idle_minutes", flat=True
    )
    return min(values, default=DEFAULT_IDLE_MINUTES)


def stamp_login(request, user) -> None:
    now = int(time.time())
    request.session["login_at"] = now
    request.session["seen_at"] = now
    request.session["idle_minutes"] = idle_minutes_for(user)


def expired(session, *, now: float, max_age_seconds: int) -> str:
    """'idle', 'absolute' or '' for a session stamped by stamp_login()."""
    login_at = session.get("login_at")
    if login_at is None:
        return ""
    if now - login_at > max_age_seconds:
        return "absolute"
    idle = session.get("idle_minutes", DEFAULT_IDLE_MINUTES) * 60
    if now - session.get("seen_at", login_at) > idle:
        return "idle"
    return ""
