"""Bearer-token authentication. A token belongs to one user in one organisation; every request
made with it sees that organisation only, with the user's role there."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from indsats.organisations.models import (
    EDIT_CATALOGUE,
    WRITE_TOKEN_ROLES,
    ApiToken,
    Membership,
    Organisation,
    TokenScope,
)

from .errors import Forbidden

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        token = token.strip()
        if not token:
            return None
        api_token = (
            ApiToken.objects.select_related("user", "organisation")
            .filter(digest=ApiToken.hash(token))
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        now = timezone.now()
        if api_token.expires_at <= now:  # expired: as if it did not exist (401)
            return None
        membership = Membership.objects.filter(
            user_id=api_token.user_id, organisation_id=api_token.organisation_id
        ).first()
        if membership is None:  # the user has left the organisation: the token no longer works
            return None
        if request.method not in SAFE_METHODS:
            if membership.role not in WRITE_TOKEN_ROLES:
                raise Forbidden(
                    _("Din rolle i %(org)s (%(role)s) giver ikke ret til at ændre data.")
                    % {
                        "org": api_token.organisation.name,
                        "role": membership.get_role_display(),
                    }
                )
            if api_token.scope != TokenScope.WRITE:
                raise Forbidden(
                    _(
                        "API-nøglen »%(name)s« må kun læse. Opret en nøgle med adgangen »Læse og "
                        "skrive« for at ændre data."
                    )
                    % {"name": api_token.name}
                )
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
        user = api_token.user
        membership.organisation = api_token.organisation
        user._membership_cache = {api_token.organisation_id: membership}
        request.user = user
        request.organisation = api_token.organisation
        request.membership = membership
        return api_token


def organisation(request: HttpRequest) -> Organisation:
    return request.auth.organisation


def actor(request: HttpRequest):
    return request.auth.user


def require_edit(request: HttpRequest) -> None:
    """Writes to the catalogue need an editing role (administrator or consultant)."""
    membership: Membership = request.membership
    if membership.role not in EDIT_CATALOGUE:
        raise Forbidden(
            _("Din rolle i %(org)s (%(role)s) giver ikke ret til at ændre kataloget.")
            % {"org": membership.organisation.name, "role": membership.get_role_display()}
        )


def require_status_edit(request: HttpRequest) -> None:
    """Status updates and indicator values need the role administrator, consultant or manager."""
    from indsats.organisations.models import EDIT_STATUS

    membership: Membership = request.membership
    if membership.role not in EDIT_STATUS:
        raise Forbidden(
            _(
                "Din rolle i %(org)s (%(role)s) giver ikke ret til at ændre status og indikatorværdier."
            )
            % {"org": membership.organisation.name, "role": membership.get_role_display()}
        )
