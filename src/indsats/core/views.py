from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from indsats.organisations.models import Membership


@login_required
def home(request):
    """One organisation: go straight to where its kind and the member's role start
    (core.menu.landing_url). Several: choose."""
    from indsats.core.menu import landing_url

    memberships = list(Membership.objects.filter(user=request.user).select_related("organisation"))
    if len(memberships) == 1:
        return redirect(landing_url(request, memberships[0]))
    for membership in memberships:
        membership.landing_url = landing_url(request, membership)
    return render(request, "core/home.html", {"memberships": memberships})


def not_found(request, exception=None):
    """404: JSON in the API's error shape under /api/, the ordinary page elsewhere."""
    from django.http import JsonResponse
    from django.utils.translation import gettext as _
    from django.views.defaults import page_not_found

    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": [
                    {"field": "", "message": _("Adressen findes ikke i API'et. Se /api/v1/docs.")}
                ]
            },
            status=404,
        )
    return page_not_found(request, exception)


def server_error(request):
    """500: JSON in the API's error shape under /api/; elsewhere a page of its own in the
    design system, in the user's language, that needs nothing from the database (the
    database may be what failed)."""
    from django.http import HttpResponseServerError, JsonResponse
    from django.template.loader import render_to_string

    from indsats.api.errors import detail, server_error_message

    if request.path.startswith("/api/"):
        return JsonResponse(detail(("", server_error_message())), status=500)
    return HttpResponseServerError(render_to_string("500.html"))
