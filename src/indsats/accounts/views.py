"""Login, »Min konto«, password change and password reset by e-mail.

Django's own views do the work (and run AUTH_PASSWORD_VALIDATORS); these subclasses only
choose templates and write the audit row for a changed password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from indsats.core.models import AuditAction
from indsats.organisations.models import Membership


def _audit_password(user, *, how: str) -> None:
    from indsats.core.services import audit

    for m in Membership.objects.filter(user=user).select_related("organisation"):
        audit(
            organisation=m.organisation,
            actor=user,
            action=AuditAction.UPDATE,
            object_type="user",
            object_id=user.pk,
            object_repr=user.get_username(),
            changes={"password": [None, how]},
        )


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


@login_required
def account(request):
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    return render(request, "accounts/account.html", {"memberships": memberships})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        _audit_password(self.request.user, how="changed")
        messages.success(self.request, _("Din adgangskode er skiftet."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        _audit_password(form.user, how="reset by e-mail")
        messages.success(self.request, _("Din nye adgangskode er gemt. Log ind med den."))
        return response
