"""The case bank editors' side: the queue of submitted cases, a preview of each case as it will
look in public, approve / return with a comment / unpublish. Only editors (services.is_editor);
other users get 403, anonymous visitors the login page."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indsats.core.forms import apply_service_errors
from indsats.core.services import ServiceError
from indsats.organisations.models import Membership, Role

from . import services
from .forms import ReturnForm
from .models import Case, CaseStatus
from .preview import case_with_relations, evidence_for, public_url, tags_by_kind

PUBLISHED_SHOWN = 50


def editor_permits(request, method: str = "GET") -> bool:
    """The editors' rule (``may`` asks it for links to these pages)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(request, "_is_casebank_editor"):
        request._is_casebank_editor = services.is_editor(user)
    return request._is_casebank_editor


def editor_view(view):
    """Only editors. The editor's organisation (e.g. KL) frames the page: its menu, its name."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not editor_permits(request):
            raise PermissionDenied
        membership = (
            Membership.objects.select_related("organisation")
            .filter(user=request.user, role=Role.EDITOR)
            .order_by("organisation__name")
            .first()
        )
        request.membership = membership
        request.organisation = membership.organisation
        return view(request, *args, **kwargs)

    wrapper.permits = editor_permits
    return wrapper


@editor_view
def queue(request):
    submitted = list(
        Case.objects.filter(status=CaseStatus.SUBMITTED)
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )
    published = list(
        Case.objects.filter(status=CaseStatus.PUBLISHED).order_by("-published_at", "-pk")[
            :PUBLISHED_SHOWN
        ]
    )
    return render(
        request,
        "casebank/editor/queue.html",
        {"submitted": submitted, "published": published, "published_shown": PUBLISHED_SHOWN},
    )


def _render_preview(request, case, *, return_form=None, error="", status=200):
    return render(
        request,
        "casebank/editor/preview.html",
        {
            "case": case,
            "tags": tags_by_kind(case),
            "evidence": evidence_for(case),
            "public_url": public_url(case),
            "return_form": return_form or ReturnForm(),
            "error": error,
        },
        status=status,
    )


def _get_case(case_pk) -> Case:
    return get_object_or_404(case_with_relations(Case.objects.all()), pk=case_pk)


@editor_view
def preview(request, case_pk):
    return _render_preview(request, _get_case(case_pk))


@require_POST
@editor_view
def approve(request, case_pk):
    case = _get_case(case_pk)
    try:
        services.case_transition(case=case, actor=request.user, action="approve")
    except ServiceError as exc:
        return _render_preview(request, case, error=" ".join(exc.messages), status=400)
    messages.success(request, _("»%(t)s« er offentliggjort.") % {"t": case.title})
    return redirect("casebank_editor:queue")


@require_POST
@editor_view
def return_case(request, case_pk):
    case = _get_case(case_pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.case_transition(
                case=case,
                actor=request.user,
                action="return",
                comment=form.cleaned_data["comment"],
            )
        except ServiceError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("»%(t)s« er sendt retur til kommunen.") % {"t": case.title})
            return redirect("casebank_editor:queue")
    return _render_preview(request, case, return_form=form, status=400)


@require_POST
@editor_view
def unpublish(request, case_pk):
    case = _get_case(case_pk)
    comment = request.POST.get("comment", "").strip()
    try:
        services.case_transition(case=case, actor=request.user, action="unpublish", comment=comment)
    except ServiceError as exc:
        return _render_preview(request, case, error=" ".join(exc.messages), status=400)
    messages.success(request, _("»%(t)s« er afpubliceret.") % {"t": case.title})
    return redirect("casebank_editor:queue")
