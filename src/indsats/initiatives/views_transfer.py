"""Upload and download the initiative catalogue as XLSX."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from indsats.core.access import org_view
from indsats.organisations.models import EDIT_CATALOGUE

from .transfer import CatalogueImportError, catalogue_export, catalogue_import, catalogue_template
from .transfer.importer import MAX_FILE_SIZE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Where a successful import lands: the catalogue's list of initiatives.
INITIATIVE_LIST = "initiatives:list"


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel-fil (.xlsx)"),
        error_messages={"required": gettext_lazy("Vælg den Excel-fil, der skal indlæses.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("Filen er for stor (højst %(mb)d MB).") % {"mb": MAX_FILE_SIZE // (1024 * 1024)}
            )
        return upload


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _after_import_url(org) -> str:
    return reverse(INITIATIVE_LIST, kwargs={"org": org.slug})


@require_GET
@org_view()
def catalogue_export_view(request, org):
    return _xlsx_response(catalogue_export(org), f"katalog-{org.slug}.xlsx")


@require_GET
@org_view()
def catalogue_template_view(request, org):
    return _xlsx_response(catalogue_template(), "skabelon.xlsx")


@require_http_methods(["GET", "POST"])
@org_view(roles=EDIT_CATALOGUE)
def catalogue_import_view(request, org):
    errors = []
    status = 200
    if request.method == "POST":
        form = CatalogueUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = catalogue_import(
                    organisation=org, actor=request.user, file=upload, file_name=upload.name
                )
            except CatalogueImportError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request, _("Importeret: %(summary)s.") % {"summary": result.summary()}
                )
                return redirect(_after_import_url(org))
        status = 400
    else:
        form = CatalogueUploadForm()
    return render(
        request,
        "initiatives/transfer_import.html",
        {"form": form, "errors": errors, "organisation": org},
        status=status,
    )
