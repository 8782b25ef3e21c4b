"""Ends a session after the organisation's idle timeout or the absolute lifetime."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .sessions import SEEN_RESOLUTION_SECONDS, expired


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get("login_at") is not None:
            now = time.time()
            why = expired(session, now=now, max_age_seconds=settings.SESSION_COOKIE_AGE)
            if why:
                minutes = session.get("idle_minutes")
                logout(request)
                if why == "idle":
                    text = _(
                        "Du er blevet logget ud, fordi du ikke har brugt Indsats i %(n)s "
                        "minutter. Log ind igen."
                    ) % {"n": minutes}
                else:
                    text = _("Du er blevet logget ud, fordi din session er udløbet. Log ind igen.")
                messages.info(request, text)
                login_url = resolve_url(settings.LOGIN_URL)
                return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            if now - session.get("seen_at", 0) >= SEEN_RESOLUTION_SECONDS:
                session["seen_at"] = int(now)
        return self.get_response(request)


# Paths a login that still needs its second factor may reach.
OPEN_PATHS = ("/log-ind/", "/log-ud/", "/min-konto/to-faktor/", "/static/", "/sprog/", "/api/")


class TwoFactorMiddleware:
    """After the password: send a login that still needs its code (or must set up two-factor)
    to that page, whatever it asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .two_factor import SESSION_KEY

        session = getattr(request, "session", None)
        step = session.get(SESSION_KEY) if session is not None else None
        if step and not request.path.startswith(OPEN_PATHS):
            target = "accounts:otp_verify" if step == "verify" else "accounts:otp_setup"
            return redirect(f"{resolve_url(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
