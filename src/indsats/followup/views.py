"""Status update pages: write a status, correct one (a new version), and the reminders list."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.core.access import org_view
from indsats.core.forms import apply_service_errors, submit
from indsats.core.services import ServiceError
from indsats.initiatives.models import Initiative
from indsats.organisations.models import ADMINISTER, EDIT_CATALOGUE, EDIT_STATUS

from . import selectors, services
from .forms import StatusForm, StatusRoundForm
from .models import StatusRound, StatusState, StatusUpdate


def _indicators(initiative: Initiative):
    return list(
        services.indicators_for(initiative)
        .select_related("initiative", "budget_note")
        .order_by("order", "name")
    )


def _status_form(request, org, initiative: Initiative, corrects: StatusUpdate | None = None):
    indicators = _indicators(initiative)
    initial = {}
    status_round = _round_from_query(request, org)
    if status_round is not None:
        initial["as_of"] = status_round.as_of
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
                if status_round is not None:
                    return redirect("followup:mine", org=org.slug)
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
            "status_round": status_round,
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


def _round_from_query(request, org) -> StatusRound | None:
    """The round a reminder's link names (``?runde=ID``): the status form opens at its date."""
    value = request.GET.get("runde", "")
    if not value.isdigit():
        return None
    return StatusRound.objects.filter(organisation=org, pk=int(value)).first()


@org_view()
def my_tasks(request, org):
    """Mine opgaver: what is the member's to do, soonest due first, one click to each form."""
    today = timezone.localdate()
    tasks = selectors.my_tasks(user=request.user, organisation=org, today=today)
    for task in tasks:
        name, args = task["url"]
        task["href"] = reverse(name, args=args) + task["query"]
    return render(request, "followup/mine.html", {"tasks": tasks, "today": today})


@org_view(write_roles=EDIT_CATALOGUE)
def round_list(request, org):
    can_edit = request.membership.role in EDIT_CATALOGUE
    form = StatusRoundForm(request.POST or None)
    result = submit(
        request,
        form,
        lambda: services.status_round_create(
            actor=request.user, organisation=org, **form.cleaned_data
        ),
    )
    if result.saved:
        messages.success(request, _("Statusrunden er oprettet."))
        return redirect("followup:round", org=org.slug, round_pk=result.result.pk)
    rounds = list(StatusRound.objects.filter(organisation=org).order_by("-as_of", "-id"))
    return render(
        request,
        "followup/rounds.html",
        {
            "rounds": [(r, selectors.round_progress(r)) for r in rounds],
            "form": form,
            "can_edit": can_edit,
            "is_admin": request.membership.role in ADMINISTER,
            "without_owner": selectors.without_owner(org)
            if request.membership.role in ADMINISTER
            else None,
        },
        status=result.status,
    )


@org_view(write_roles=EDIT_CATALOGUE)
def round_detail(request, org, round_pk):
    status_round = get_object_or_404(StatusRound, organisation=org, pk=round_pk)
    can_edit = request.membership.role in EDIT_CATALOGUE
    if request.method == "POST":
        services.status_round_close(
            actor=request.user,
            status_round=status_round,
            closed=request.POST.get("closed") == "1",
        )
        return redirect("followup:round", org=org.slug, round_pk=status_round.pk)
    return render(
        request,
        "followup/round.html",
        {
            "progress": selectors.round_progress(status_round),
            "status_round": status_round,
            "can_edit": can_edit,
            "can_report": request.membership.role in EDIT_STATUS,
            "today": timezone.localdate(),
        },
    )
