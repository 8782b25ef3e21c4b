from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.core.access import can_edit, org_view
from indsats.core.forms import apply_service_errors
from indsats.core.services import ServiceError
from indsats.organisations.models import ADMINISTER, EDIT_CATALOGUE

from . import services
from .forms import ParameterForm, ParameterValueForm
from .models import Parameter, ParameterValue


@org_view()
def parameter_list(request, org):
    parameters = (
        Parameter.objects.filter(organisation=org)
        .annotate(uses=Count("factors", distinct=True))
        .prefetch_related(
            Prefetch("values", queryset=ParameterValue.objects.order_by("-valid_from"))
        )
    )
    form = None
    status = 200
    if can_edit(request):
        form = ParameterForm(request.POST or None, prefix="new")
        if request.method == "POST":
            if form.is_valid():
                d = form.cleaned_data
                try:
                    services.parameter_create(
                        actor=request.user,
                        organisation=org,
                        key=d["key"],
                        name=d["name"],
                        unit=d["unit"],
                        value=d["value"],
                        valid_from=d["valid_from"],
                    )
                except ServiceError as exc:
                    apply_service_errors(form, exc)
                    status = 400
                else:
                    messages.success(request, _("Parameteren er oprettet."))
                    return redirect("organisations:parameters", org=org.slug)
            else:
                status = 400
    return render(
        request,
        "organisations/parameters.html",
        {"parameters": parameters, "form": form, "value_form": ParameterValueForm(prefix="v")},
        status=status,
    )


@org_view(roles=EDIT_CATALOGUE)
def parameter_value_add(request, org, pk):
    parameter = get_object_or_404(Parameter, pk=pk, organisation=org)
    form = ParameterValueForm(request.POST or None, prefix="v")
    if request.method == "POST" and form.is_valid():
        try:
            services.parameter_value_set(
                actor=request.user,
                parameter=parameter,
                value=form.cleaned_data["value"],
                valid_from=form.cleaned_data["valid_from"],
            )
        except ServiceError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Den nye værdi for %(name)s er gemt. Alle indsatser, der bruger den, er genberegnet fra datoen."
                )
                % {"name": parameter.name},
            )
            return redirect("organisations:parameters", org=org.slug)
    return render(
        request,
        "organisations/parameter_value_form.html",
        {"parameter": parameter, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@org_view()
def member_list(request, org):
    from django.urls import reverse

    from .forms import InviteForm
    from .models import ADMINISTER, STUDENT_DATA_ROLES, Invitation, Membership, Role

    is_admin = request.membership.role in ADMINISTER
    form = InviteForm(request.POST or None, prefix="m") if is_admin else None
    status = 200
    if is_admin and request.method == "POST":
        action = request.POST.get("action")
        if action in {"role", "remove", "student_access"}:
            membership = get_object_or_404(
                Membership, pk=request.POST.get("membership"), organisation=org
            )
            try:
                if action == "student_access":
                    grant = request.POST.get("student_access") == "1"
                    services.membership_student_access_set(
                        actor=request.user, membership=membership, student_access=grant
                    )
                    messages.success(
                        request,
                        (
                            _("%(u)s har nu adgang til elevdata.")
                            if grant
                            else _("%(u)s har ikke længere adgang til elevdata.")
                        )
                        % {"u": membership.user.username},
                    )
                elif action == "remove":
                    services.membership_remove(actor=request.user, membership=membership)
                    messages.success(
                        request,
                        _("%(u)s er fjernet fra organisationen.") % {"u": membership.user.username},
                    )
                elif request.POST.get("role") in Role.values:
                    services.membership_set(
                        actor=request.user,
                        organisation=org,
                        user=membership.user,
                        role=request.POST["role"],
                    )
                    messages.success(request, _("Rollen er ændret."))
            except ServiceError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("organisations:members", org=org.slug)
        if action == "revoke_invitation":
            invitation = get_object_or_404(
                Invitation, pk=request.POST.get("invitation"), organisation=org
            )
            services.invitation_revoke(actor=request.user, invitation=invitation)
            messages.success(
                request,
                _("Invitationen til %(email)s er trukket tilbage.") % {"email": invitation.email},
            )
            return redirect("organisations:members", org=org.slug)
        if form.is_valid():
            accept = reverse("accounts:invitation", kwargs={"token": "TOKEN"})
            try:
                services.invitation_create(
                    actor=request.user,
                    organisation=org,
                    accept_url=request.build_absolute_uri(accept).replace("TOKEN", "{token}"),
                    **form.cleaned_data,
                )
            except ServiceError as exc:
                apply_service_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Invitationen er sendt til %(email)s. Personen bliver medlem, når "
                        "invitationen er taget imod."
                    )
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("organisations:members", org=org.slug)
        else:
            status = 400
    members = (
        Membership.objects.filter(organisation=org)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    return render(
        request,
        "organisations/members.html",
        {
            "members": members,
            "invitations": (
                Invitation.objects.filter(
                    organisation=org, accepted_at=None, expires_at__gt=timezone.now()
                )
                if is_admin
                else []
            ),
            "form": form,
            "is_admin": is_admin,
            "roles": Role.choices,
            "student_roles": STUDENT_DATA_ROLES,
        },
        status=status,
    )


@org_view(write_roles=ADMINISTER)
def organisation_settings(request, org):
    from .forms import OrganisationForm
    from .models import ADMINISTER

    is_admin = request.membership.role in ADMINISTER
    form = OrganisationForm(
        request.POST or None,
        initial={
            "name": org.name,
            "budget_year": org.budget_year,
            "price_level": org.price_level,
            "reporting_interval_days": org.reporting_interval_days,
            "budget_note_order": org.budget_note_order,
            "student_retention_years": org.student_retention_years,
            "share_pipeline": org.share_pipeline,
            "session_idle_minutes": org.session_idle_minutes,
            "access_log_retention_months": org.access_log_retention_months,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.organisation_update(
                    actor=request.user, organisation=org, **form.cleaned_data
                )
            except ServiceError as exc:
                apply_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Indstillingerne er gemt."))
                return redirect("organisations:settings", org=org.slug)
        else:
            status = 400
    return render(
        request, "organisations/settings.html", {"form": form, "is_admin": is_admin}, status=status
    )
