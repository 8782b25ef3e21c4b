"""Upload and download indicators and their values (XLSX, or CSV per sheet)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from indsats.core.access import org_view
from indsats.core.transfer_views import ImportPage, csv_template, download, import_view
from indsats.organisations.models import EDIT_CATALOGUE

from .transfer import SHEETS, indicator_export, indicator_import, indicator_template


def _url(name: str, org) -> str:
    return reverse(f"indicator_transfer:{name}", kwargs={"org": org.slug})


@require_http_methods(["GET", "POST"])
@org_view(roles=EDIT_CATALOGUE)
def indicator_import_view(request, org):
    page = ImportPage(
        title=_("Importér indikatorer"),
        intro=_(
            "Indlæs indikatorer og deres værdier fra en Excel-fil med arkene »Indikatorer« og "
            "»Værdier«, eller fra CSV-filer med ét ark hver. Værdier skrives i indikatorens "
            "enhed, fx »1.309« eller »22,5%«; en værdi, der allerede er gemt, springes over."
        ),
        run=indicator_import,
        template_url=_url("template", org),
        export_url=_url("export", org),
        export_label=_("Hent de nuværende indikatorer og værdier (indikatorer.xlsx)"),
        csv_templates=[(s.title, f"{_url('csv_template', org)}?ark={s.title}") for s in SHEETS],
    )
    return import_view(request, org, page)


@require_GET
@org_view()
def indicator_export_view(request, org):
    return download(indicator_export(org), f"indikatorer-{org.slug}.xlsx")


@require_GET
@org_view()
def indicator_template_view(request, org):
    return download(indicator_template(), "skabelon-indikatorer.xlsx")


@require_GET
@org_view()
def indicator_csv_template_view(request, org):
    return csv_template(request, SHEETS)
