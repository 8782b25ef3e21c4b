"""Student-level records under /o/<org>/elever/data/: the import page, the list, one student,
the export and the retention page. Only for members with student-data access (403 for
everyone else); every view of records is written to the audit log."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from indsats.core.services import PermissionDeniedError, ServiceError
from indsats.core.transfer import FileImportError, csv_bytes
from indsats.core.transfer_views import ACCEPT, CSV, UploadForm, download

from .access import audit_view, record_access, student_data_view
from .choices import Education, Outcome
from .models import AccessKind
from .records import RecordFilters, cohort_years, record_queryset, with_details
from .services import PURGE_ROLES, retention_cutoff
from .services import student_records_delete_expired as delete_expired
from .transfer import SHEETS, student_export, student_import, student_template

PAGE_SIZE = 50


def pipeline_url(org) -> str:
    """The pipeline page (another part of the app); a plain path when it is not installed."""
    try:
        return reverse("pipeline:index", kwargs={"org": org.slug})
    except NoReverseMatch:
        return f"/o/{org.slug}/elever/"


@require_http_methods(["GET", "POST"])
@student_data_view()
def import_view(request, org):
    errors = []
    result = None
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            uploads = form.cleaned_data["file"]
            try:
                result = student_import(
                    organisation=org,
                    actor=request.user,
                    file=uploads if len(uploads) > 1 else uploads[0],
                    file_name=uploads[0].name if len(uploads) == 1 else None,
                )
            except FileImportError as exc:
                errors = exc.errors
                status = 400
            except PermissionDeniedError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 403
            else:
                form = UploadForm()
        else:
            status = 400
    else:
        form = UploadForm()
    return render(
        request,
        "students/import.html",
        {
            "form": form,
            "errors": errors,
            "result": result,
            "accept": ACCEPT,
            "sheets": SHEETS,
            "pipeline_url": pipeline_url(org),
        },
        status=status,
    )


@require_GET
@student_data_view()
def template_view(request, org):
    return download(student_template(), "skabelon-elevdata.xlsx")


@require_GET
@student_data_view()
def csv_template_view(request, org):
    wanted = request.GET.get("ark", "")
    sheet = next((s for s in SHEETS if s.title == wanted), SHEETS[0])
    return download(csv_bytes(sheet), f"{sheet.title}.csv", CSV)


@require_GET
@student_data_view()
def record_list(request, org):
    filters = RecordFilters.from_params(request.GET)
    page = Paginator(record_queryset(org, filters), PAGE_SIZE).get_page(request.GET.get("side"))
    audit_view(
        request,
        object_type="student_list",
        object_id=org.pk,
        object_repr=_("Elevliste, side %(page)d") % {"page": page.number},
        changes={"filters": filters.as_dict(), "shown": len(page.object_list)},
    )
    record_access(
        organisation=org,
        actor=request.user,
        keys=[s.key for s in page.object_list],
        kind=AccessKind.LIST,
    )
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "students/list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "educations": Education.choices,
            "outcomes": Outcome.choices,
            "cohorts": cohort_years(org),
            "pipeline_url": pipeline_url(org),
            "can_purge": request.membership.role in PURGE_ROLES,
        },
    )


@require_GET
@student_data_view()
def record_detail(request, org, student_pk):
    student = get_object_or_404(with_details(record_queryset(org)), pk=student_pk)
    audit_view(
        request,
        object_type="student",
        object_id=student.pk,
        object_repr=_("Elevpost %(id)d") % {"id": student.pk},
    )
    record_access(organisation=org, actor=request.user, keys=[student.key], kind=AccessKind.DETAIL)
    return render(
        request,
        "students/detail.html",
        {"student": student, "can_delete": request.membership.role in PURGE_ROLES},
    )


@require_GET
@student_data_view()
def export_view(request, org):
    filters = RecordFilters.from_params(request.GET)
    queryset = with_details(record_queryset(org, filters))
    data = student_export(org, queryset)
    audit_view(
        request,
        object_type="student_list",
        object_id=org.pk,
        object_repr=_("Eksport af elevdata"),
        changes={"filters": filters.as_dict(), "format": "xlsx"},
    )
    record_access(
        organisation=org,
        actor=request.user,
        keys=queryset.values_list("key", flat=True),
        kind=AccessKind.EXPORT,
    )
    return download(data, f"elevdata-{org.slug}.xlsx")


class PurgeForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Ja, slet elevdata ud over opbevaringsperioden"),
        error_messages={"required": gettext_lazy("Bekræft, at elevdata skal slettes.")},
    )


@require_http_methods(["GET", "POST"])
@student_data_view(roles=PURGE_ROLES)
def retention_view(request, org):
    today = dt.date.today()
    form = PurgeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = delete_expired(
                    organisation=org, actor=request.user, today=today, dry_run=False
                )
            except ServiceError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, result.summary() + ".")
            return redirect("student_data:retention", org=org.slug)
        status = 400
    preview = delete_expired(organisation=org, actor=request.user, today=today, dry_run=True)
    return render(
        request,
        "students/retention.html",
        {
            "form": form,
            "preview": preview,
            "cutoff": retention_cutoff(org, today),
            "total": record_queryset(org).count(),
        },
        status=status,
    )
