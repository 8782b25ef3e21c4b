from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from indsats.organisations.models import Membership


@login_required
def home(request):
    """One organisation: go straight to its catalogue. Several: choose."""
    memberships = list(Membership.objects.filter(user=request.user).select_related("organisation"))
    if len(memberships) == 1:
        return redirect("initiatives:prioritisation", org=memberships[0].organisation.slug)
    return render(request, "core/home.html", {"memberships": memberships})


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True
