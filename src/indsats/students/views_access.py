"""Administrators with student-data access: the student-data access log (page and CSV);
members with student-data access: find a student by key; administrators and consultants with
it: delete one student's data."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from indsats.core.services import ServiceError
from indsats.core.transfer import csv_bytes
from indsats.core.transfer_views import CSV, download
from indsats.organisations.models import ADMINISTER

from .access import audit_view, student_data_view
from .access_log import ACCESS_SHEET, AccessFilters, access_log, access_rows, keys_by_hash
from .models import Student
from .services import PURGE_ROLES, student_delete, student_find

PAGE_SIZE = 100


def _log(request, org):
    filters = AccessFilters.from_params(request.GET)
    keys = keys_by_hash(org, show_keys=True)  # administrators with student-data access only
    return filters, access_log(org, filters), keys


@student_data_view(roles=ADMINISTER)
@require_GET
def access_log_page(request, org):
    filters, entries, keys = _log(request, org)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "students/access_log.html",
        {
            "filters": filters,
            "page": page,
            "rows": access_rows(page.object_list, keys),
            "query": query.urlencode(),
            "retention_months": org.access_log_retention_months,
        },
    )


@student_data_view(roles=ADMINISTER)
@require_GET
def access_log_csv(request, org):
    filters, entries, keys = _log(request, org)
    rows = access_rows(entries, keys)
    audit_view(
        request,
        object_type="student_access_log",
        object_id=org.pk,
        object_repr=_("Adgangslog for elevdata (CSV)"),
        changes={"rows": len(rows)},
    )
    return download(csv_bytes(ACCESS_SHEET, rows), f"adgangslog-{org.slug}.csv", CSV)


@student_data_view()
@require_GET
def student_lookup(request, org):
    """»Find elev«: the record of the student with the typed key."""
    key = (request.GET.get("noegle", "") or "").strip()
    student = student_find(organisation=org, key=key) if key else None
    if student is None:
        messages.error(
            request,
            _(
                "Der findes ingen elev med nøglen »%(key)s«. Skriv nøglen, som den står i "
                "elevadministrationssystemet, fx »E-2023-0042«."
            )
            % {"key": key[:64]},
        )
        return redirect("student_data:list", org=org.slug)
    return redirect("student_data:detail", org=org.slug, student_pk=student.pk)


@student_data_view(roles=PURGE_ROLES)
@require_POST
def student_delete_view(request, org, student_pk):
    student = get_object_or_404(Student, organisation=org, pk=student_pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Bekræft, at elevens data skal slettes."))
        return redirect("student_data:detail", org=org.slug, student_pk=student.pk)
    try:
        student_delete(actor=request.user, organisation=org, key=student.key)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("student_data:list", org=org.slug)
    messages.success(
        request,
        _("Elevens data er slettet. Audit- og adgangsloggen nævner kun eleven ved et pseudonym."),
    )
    return redirect("student_data:list", org=org.slug)
