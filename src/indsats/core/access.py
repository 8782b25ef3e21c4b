"""Tenancy: every organisation-scoped view names the organisation in its URL (``/o/<slug>/``)
and is reached only by members of that organisation. Non-members get 404, as if the
organisation did not exist, so nothing leaks about other tenants."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from indsats.organisations.models import EDIT_CATALOGUE, Membership


def org_view(roles=None):
    """Decorate a view taking ``org`` (slug) from the URL. Sets ``request.organisation`` and
    ``request.membership``; passes the Organisation as ``org``. With ``roles``, members with
    another role get 403."""

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
            if roles is not None and membership.role not in roles:
                raise PermissionDenied
            return view(request, membership.organisation, *args, **kwargs)

        return wrapper

    return decorator


def can_edit(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in EDIT_CATALOGUE
