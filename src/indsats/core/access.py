"""Tenancy: every organisation-scoped view names the organisation in its URL (``/o/<slug>/``)
and is reached only by members of that organisation. Non-members get 404, as if the
organisation did not exist, so nothing leaks about other tenants."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve

from indsats.organisations.models import EDIT_CATALOGUE, Membership

# Requests that change something; ``org_view(write_roles=...)`` guards these apart from reads.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def role_permits(roles=None, write_roles=None):
    """The one rule of ``org_view``: may a member with ``membership`` use ``method`` here?"""

    def permits(request, method: str = "GET") -> bool:
        membership = getattr(request, "membership", None)
        if membership is None:
            return False
        if roles is not None and membership.role not in roles:
            return False
        if write_roles is not None and method.upper() in WRITE_METHODS:
            return membership.role in write_roles
        return True

    return permits


def org_view(roles=None, *, write_roles=None):
    """Decorate a view taking ``org`` (slug) from the URL. Sets ``request.organisation`` and
    ``request.membership``; passes the Organisation as ``org``. With ``roles``, members with
    another role get 403; with ``write_roles``, so do POSTs by members with another role.

    The wrapper carries its rule as ``permits(request, method)``: ``may`` (and through it the
    menu and every button) asks the view itself, so a page never offers what the server
    refuses."""

    permits = role_permits(roles, write_roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, org, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = (
                Membership.objects.select_related("organisation")
                .filter(user=request.user, organisation__slug=org)
                .first()
            )
            if membership is None:
                raise Http404
            request.organisation = membership.organisation
            request.membership = membership
            request.user._membership_cache = {membership.organisation_id: membership}
            if not permits(request, request.method):
                raise PermissionDenied
            return view(request, membership.organisation, *args, **kwargs)

        wrapper.permits = permits
        return wrapper

    return decorator


def may(request, url: str, method: str = "GET") -> bool:
    """Whether the user behind ``request`` may open ``url`` (a path in this site) with
    ``method``, decided by the guard of the view the URL resolves to (its ``permits``).
    Views without one (public pages, login-only pages) are open to whoever reached this page.
    Asked for links inside the current organisation, with the member's current role."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return True
    permits = getattr(match.func, "permits", None)
    return permits is None or bool(permits(request, method))


def can_edit(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in EDIT_CATALOGUE
