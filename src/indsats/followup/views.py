"""Status update pages: write a status, correct one (a new version), and the reminders list."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.core.access import org_view
from indsats.core.forms import apply_service_errors
from indsats.core.services import ServiceError
from indsats.initiatives.models import Initiative
from indsats.organisations.models import ADMINISTER, EDIT_STATUS

from . import selectors, services
from .forms import StatusForm
from .models import StatusState, StatusUpdate


def _indicators(initiative: Initiative):
    return list(
        services.indicators_for(initiative)
        .select_related("initiative", "budget_note")
        .order_by("order", "name")
    )


def _status_form(request, org, initiative: Initiative, corrects: StatusUpdate | None = None):
    indicators = _indicators(initiative)
    initial = {}
    if corrects is not None:
        initial = {"as_of": corrects.as_of, "state": corrects.state, "text": corrects.text}
        for value in corrects.indicator_values.all():
            initial[f"v{value.indicator_id}"] = value.value
            initial[f"y{value.indicator_id}"] = value.year
            initial[f"n{value.indicator_id}"] = value.note
    form = StatusForm(request.POST or None, indicators=indicators, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.status_update_create(
                    initiative=initiative,
                    actor=request.user,
                    as_of=data["as_of"],
                    state=data["state"],
                    text=data["text"],
                    values=[
                        services.ReportedValue(indicator=i, year=y, value=v, note=n)
                        for i, y, v, n in form.reported()
                    ],
                    corrects=corrects,
                )
            except ServiceError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    (
                        _("Rettelsen er gemt som en ny version; den tidligere står i historikken.")
                        if corrects
                        else _("Status pr. %(date)s er gemt.")
                        % {"date": data["as_of"].strftime("%d.%m.%Y")}
                    ),
                )
                return redirect(
                    reverse("initiatives:detail", kwargs={"org": org.slug, "pk": initiative.pk})
                    + "#status"
                )
        status = 400
    return render(
        request,
        "followup/status_form.html",
        {
            "form": form,
            "initiative": initiative,
            "corrects": corrects,
            "state_colours": {v: StatusState.colour(v) for v in StatusState.values},
        },
        status=status,
    )


@org_view(roles=EDIT_STATUS)
def status_create(request, org, initiative_pk):
    initiative = get_object_or_404(
        Initiative.objects.select_related("unit"), organisation=org, pk=initiative_pk
    )
    return _status_form(request, org, initiative)


@org_view(roles=EDIT_STATUS)
def status_correct(request, org, status_pk):
    update = get_object_or_404(
        StatusUpdate.objects.select_related("initiative").prefetch_related("indicator_values"),
        initiative__organisation=org,
        pk=status_pk,
    )
    newer = StatusUpdate.objects.filter(supersedes=update).first()
    if newer is not None:
        messages.error(
            request,
            _("Denne status er allerede rettet af en nyere version. Ret den nyeste version."),
        )
        return redirect("followup:correct", org=org.slug, status_pk=newer.pk)
    return _status_form(request, org, update.initiative, corrects=update)


@org_view()
def overdue_list(request, org):
    today = timezone.localdate()
    rows = [
        {
            "initiative": initiative,
            "last": last,
            "days": (today - last).days if last else None,
        }
        for initiative, last in selectors.overdue(org, today)
    ]
    return render(
        request,
        "followup/overdue.html",
        {
            "rows": rows,
            "today": today,
            "interval": org.reporting_interval_days,
            "can_report": request.membership.role in EDIT_STATUS,
            "is_admin": request.membership.role in ADMINISTER,
        },
    )
