"""Upload and download the initiative catalogue as XLSX."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from indsats.core.access import org_view
from indsats.core.transfer_views import XLSX, ImportPage, download, import_view
from indsats.organisations.models import EDIT_CATALOGUE

from .transfer import catalogue_export, catalogue_import, catalogue_template
from .transfer.importer import MAX_FILE_SIZE

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


def _url(name: str, org) -> str:
    return reverse(name, kwargs={"org": org.slug})


@require_GET
@org_view()
def catalogue_export_view(request, org):
    return download(catalogue_export(org), f"katalog-{org.slug}.xlsx")


@require_GET
@org_view()
def catalogue_template_view(request, org):
    return download(catalogue_template(), "skabelon.xlsx")


@require_http_methods(["GET", "POST"])
@org_view(roles=EDIT_CATALOGUE)
def catalogue_import_view(request, org):
    page = ImportPage(
        title=_("Importér indsatskatalog"),
        intro=_(
            "Indlæs indsatser, omkostningslinjer, faktorer, scenarier og parametre fra en "
            "Excel-fil. Indsatser genkendes på deres nummer."
        ),
        run=catalogue_import,
        template_url=_url("transfer:template", org),
        export_url=_url("transfer:export", org),
        export_label=_("Hent det nuværende katalog (katalog.xlsx)"),
        export_note=_("for at rette i det og indlæse det igen."),
        form_class=CatalogueUploadForm,
        accept=f".xlsx,{XLSX}",
        success_url=_url(INITIATIVE_LIST, org),
    )
    return import_view(request, org, page)
