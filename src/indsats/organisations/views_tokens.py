"""The »API-nøgler« page: members create and revoke their own bearer tokens for the JSON API.

A new token is shown once, in the answer to the request that created it; only its hash is
stored, so it can never be shown again."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from indsats.core.access import org_view
from indsats.core.services import ServiceError

from . import services
from .models import ApiToken

TEMPLATE = "organisations/api_tokens.html"


def _page(
    request,
    org,
    *,
    new_token: str = "",
    new_token_obj=None,
    name: str = "",
    errors=None,
    status=200,
):
    tokens = ApiToken.objects.filter(user=request.user, organisation=org).order_by("-created_at")
    return render(
        request,
        TEMPLATE,
        {
            "org": org,
            "tokens": tokens,
            "new_token": new_token,
            "new_token_obj": new_token_obj,
            "name": name,
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
    try:
        token, raw = services.api_token_create(actor=request.user, organisation=org, name=name)
    except ServiceError as exc:
        return _page(request, org, name=name, errors=exc.errors, status=400)
    # Rendered, not redirected: the token text lives only in this answer.
    response = _page(request, org, new_token=raw, new_token_obj=token)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@org_view()
def token_delete(request, org, pk: int):
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(pk=pk, organisation=org, user=request.user)
        .first()
    )
    if token is None:
        raise Http404
    services.api_token_delete(actor=request.user, token=token)
    messages.success(
        request,
        _("API-nøglen »%(name)s« er trukket tilbage og virker ikke længere.")
        % {"name": token.name},
    )
    return redirect("tokens:list", org=org.slug)
