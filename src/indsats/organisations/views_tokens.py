"""The »API-nøgler« page: members create and revoke their own bearer tokens for the JSON API.

A new token is shown once, in the answer to the request that created it; only its hash is
stored, so it can never be shown again."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from indsats.core.access import org_view
from indsats.core.services import ServiceError

from . import services
from .models import ADMINISTER, TOKEN_DEFAULT_DAYS, WRITE_TOKEN_ROLES, ApiToken, TokenScope

TEMPLATE = "organisations/api_tokens.html"
DAY_CHOICES = [("30", "30"), ("90", "90"), ("180", "180"), ("365", "365")]


def _page(
    request,
    org,
    *,
    new_token: str = "",
    new_token_obj=None,
    name: str = "",
    scope: str = TokenScope.READ,
    days: str = "",
    errors=None,
    status=200,
):
    tokens = ApiToken.objects.filter(user=request.user, organisation=org).order_by("-created_at")
    membership = request.membership
    return render(
        request,
        TEMPLATE,
        {
            "org": org,
            "tokens": tokens,
            "new_token": new_token,
            "new_token_obj": new_token_obj,
            "name": name,
            "scope": scope,
            "days": days or str(TOKEN_DEFAULT_DAYS),
            "day_choices": DAY_CHOICES,
            "may_write": membership.role in WRITE_TOKEN_ROLES,
            "is_admin": membership.role in ADMINISTER,
            "now": timezone.now(),
            "name_errors": (errors or {}).get("name", []),
            "other_errors": [
                m for field, ms in (errors or {}).items() if field != "name" for m in ms
            ],
            "docs_url": "/api/v1/docs",
        },
        status=status,
    )


@require_GET
@org_view()
def token_list(request, org):
    return _page(request, org)


@require_POST
@org_view()
def token_create(request, org):
    name = request.POST.get("name", "")
    scope = request.POST.get("scope", TokenScope.READ)
    days = request.POST.get("days", str(TOKEN_DEFAULT_DAYS))
    try:
        token, raw = services.api_token_create(
            actor=request.user,
            organisation=org,
            name=name,
            scope=scope,
            days=int(days) if days.isdigit() else -1,
        )
    except ServiceError as exc:
        return _page(request, org, name=name, scope=scope, days=days, errors=exc.errors, status=400)
    # Rendered, not redirected: the token text lives only in this answer.
    response = _page(request, org, new_token=raw, new_token_obj=token)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@org_view()
def token_delete(request, org, pk: int):
    tokens = ApiToken.objects.select_related("organisation", "user").filter(pk=pk, organisation=org)
    is_admin = request.membership.role in ADMINISTER
    if not is_admin:
        tokens = tokens.filter(user=request.user)
    token = tokens.first()
    if token is None:
        raise Http404
    services.api_token_delete(actor=request.user, token=token)
    messages.success(
        request,
        _("API-nøglen »%(name)s« er trukket tilbage og virker ikke længere.")
        % {"name": token.name},
    )
    if token.user_id != request.user.pk:
        return redirect("tokens:all", org=org.slug)
    return redirect("tokens:list", org=org.slug)


@require_GET
@org_view(roles=ADMINISTER)
def token_all(request, org):
    """Administrators: every member's tokens in the organisation, with last use, to revoke."""
    tokens = (
        ApiToken.objects.filter(organisation=org)
        .select_related("user")
        .order_by("user__username", "-created_at")
    )
    return render(
        request,
        "organisations/api_tokens_all.html",
        {"org": org, "tokens": tokens, "now": timezone.now()},
    )
