"""The municipality's side of the case bank: its cases, the case form (from scratch or from one
of its initiatives), media, consents and submitting. Thin: parse, check the role, call a service,
render. Members with EDIT_CATALOGUE roles edit; other members read."""

from __future__ import annotations

import os

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indsats.core.access import can_edit, org_view
from indsats.core.forms import apply_service_errors
from indsats.core.services import ConflictError, ServiceError
from indsats.organisations.models import EDIT_CATALOGUE

from . import services
from .forms import CaseForm, ConsentForm, FromInitiativeForm, MediaForm, prefill_from_initiative
from .models import Case, CaseMedia, CaseStatus, Consent
from .preview import case_with_relations, evidence_for, public_url, tags_by_kind

STATUS_COLOURS = {
    CaseStatus.DRAFT: "#5c5c5c",
    CaseStatus.SUBMITTED: "#1f4e8c",
    CaseStatus.RETURNED: "#a4001b",
    CaseStatus.PUBLISHED: "#2e6b30",
    CaseStatus.WITHDRAWN: "#5c5c5c",
    CaseStatus.UNPUBLISHED: "#8a4b00",
}
SUBMITTABLE = {CaseStatus.DRAFT, CaseStatus.RETURNED, CaseStatus.WITHDRAWN, CaseStatus.UNPUBLISHED}
WITHDRAWABLE = {CaseStatus.SUBMITTED, CaseStatus.PUBLISHED, CaseStatus.RETURNED}


def _cases(org):
    return Case.objects.filter(organisation=org)


def _get_case(org, case_pk) -> Case:
    return get_object_or_404(case_with_relations(_cases(org)), pk=case_pk)


@org_view()
def case_list(request, org):
    cases = list(_cases(org).order_by("-updated_at", "-pk"))
    return render(
        request,
        "casebank/org/list.html",
        {
            "cases": [(c, STATUS_COLOURS[c.status]) for c in cases],
            "can_edit": can_edit(request),
        },
    )


@org_view(roles=EDIT_CATALOGUE)
def from_initiative(request, org):
    """Choose an initiative and what to copy; the form sends the choice to case_create (GET)."""
    form = FromInitiativeForm(
        organisation=org,
        initial={"kopier": ["title", "description", "purpose", "indicators"]},
    )
    return render(request, "casebank/org/from_initiative.html", {"form": form})


def _initial_from_query(request, org) -> dict:
    if "indsats" not in request.GET:
        return {"municipality": org.name}
    chooser = FromInitiativeForm(request.GET, organisation=org)
    if not chooser.is_valid():
        raise Http404
    return prefill_from_initiative(
        chooser.cleaned_data["indsats"], set(chooser.cleaned_data["kopier"])
    )


@org_view(roles=EDIT_CATALOGUE)
def case_create(request, org):
    initial = _initial_from_query(request, org) if request.method == "GET" else {}
    form = CaseForm(request.POST or None, organisation=org, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case = services.case_create(
                    actor=request.user, organisation=org, **form.service_kwargs()
                )
            except ServiceError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Casen »%(t)s« er gemt som kladde. Tilføj medier og send den til redaktionen."
                    )
                    % {"t": case.title},
                )
                return redirect("org_cases:detail", org=org.slug, case_pk=case.pk)
    return render(
        request,
        "casebank/org/form.html",
        {"form": form, "case": None, "source": initial.get("source_initiative")},
        status=status,
    )


@org_view(roles=EDIT_CATALOGUE)
def case_edit(request, org, case_pk):
    case = _get_case(org, case_pk)
    form = CaseForm(request.POST or None, organisation=org, case=case)
    status = 200
    conflict = None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.case_update(
                    case=case,
                    actor=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    **form.service_kwargs(),
                )
            except ConflictError as exc:
                conflict = Case.objects.get(pk=case.pk)
                form.add_error(None, exc.messages[0])
                status = 409
            except ServiceError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Ændringerne er gemt."))
                return redirect("org_cases:detail", org=org.slug, case_pk=case.pk)
    return render(
        request,
        "casebank/org/form.html",
        {"form": form, "case": case, "conflict": conflict, "source": case.source_initiative},
        status=status,
    )


def _render_detail(request, org, case, *, media_form=None, consent_form=None, error="", status=200):
    editable = can_edit(request)
    return render(
        request,
        "casebank/org/detail.html",
        {
            "case": case,
            "colour": STATUS_COLOURS[case.status],
            "tags": tags_by_kind(case),
            "evidence": evidence_for(case),
            "visible_ids": {m.pk for m in case.visible_media},
            "public_url": public_url(case),
            "can_edit": editable,
            "can_submit": editable and case.status in SUBMITTABLE,
            "can_withdraw": editable and case.status in WITHDRAWABLE,
            "media_form": media_form or MediaForm(),
            "consent_form": consent_form or ConsentForm(case=case),
            "error": error,
        },
        status=status,
    )


@org_view()
def case_detail(request, org, case_pk):
    return _render_detail(request, org, _get_case(org, case_pk))


@org_view(roles=EDIT_CATALOGUE)
def media_add(request, org, case_pk):
    case = _get_case(org, case_pk)
    if request.method != "POST":
        return redirect("org_cases:detail", org=org.slug, case_pk=case.pk)
    form = MediaForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            media = services.media_add(
                case=case,
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                url=data["url"] or "",
                upload=data["file"],
            )
        except ServiceError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("»%(t)s« er tilføjet.") % {"t": media.title})
            return redirect("org_cases:detail", org=org.slug, case_pk=case.pk)
    return _render_detail(request, org, case, media_form=form, status=400)


@org_view()
def media_file(request, org, case_pk, media_pk):
    media = get_object_or_404(CaseMedia, pk=media_pk, case__organisation=org, case_id=case_pk)
    if not media.file:
        raise Http404
    return FileResponse(
        media.file.open("rb"),
        content_type=media.content_type,
        filename=os.path.basename(media.file.name),
    )


@org_view(roles=EDIT_CATALOGUE)
def consent_add(request, org, case_pk):
    case = _get_case(org, case_pk)
    if request.method != "POST":
        return redirect("org_cases:detail", org=org.slug, case_pk=case.pk)
    form = ConsentForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_add(
                case=case,
                actor=request.user,
                person=data["person"],
                given_on=data["given_on"],
                media=list(data["media"]),
            )
        except ServiceError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Samtykket er registreret."))
            return redirect("org_cases:detail", org=org.slug, case_pk=case.pk)
    return _render_detail(request, org, case, consent_form=form, status=400)


@require_POST
@org_view(roles=EDIT_CATALOGUE)
def consent_withdraw(request, org, case_pk, consent_pk):
    consent = get_object_or_404(Consent, pk=consent_pk, case_id=case_pk, case__organisation=org)
    try:
        services.consent_withdraw(consent=consent, actor=request.user)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Samtykket fra %(p)s er trukket tilbage; de medier, det dækker, vises ikke længere.")
            % {"p": consent.person},
        )
    return redirect("org_cases:detail", org=org.slug, case_pk=case_pk)


@require_POST
@org_view(roles=EDIT_CATALOGUE)
def case_transition(request, org, case_pk, action):
    case = _get_case(org, case_pk)
    try:
        services.case_transition(case=case, actor=request.user, action=action)
    except ServiceError as exc:
        return _render_detail(request, org, case, error=" ".join(exc.messages), status=400)
    done = {
        "submit": _("Casen er sendt til casebankens redaktion."),
        "withdraw": _("Casen er trukket tilbage og vises ikke offentligt."),
    }
    messages.success(request, done[action])
    return redirect("org_cases:detail", org=org.slug, case_pk=case.pk)
