"""Upload and download entered pipeline totals (XLSX, or CSV per sheet)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from indsats.core.transfer_views import sheet_transfer_views

from .transfer_totals import SHEETS, totals_export, totals_import, totals_template

_views = sheet_transfer_views(
    namespace="pipeline_transfer",
    sheets=SHEETS,
    run=totals_import,
    export=totals_export,
    template=totals_template,
    title=_("Importér elevtal"),
    intro=_(
        "Indlæs årgangstal, frafaldsårsager, frafald pr. fase, ansættelsessteder, sygefravær og "
        "dimensionering fra en Excel-fil med et ark for hver, eller fra CSV-filer med ét ark "
        "hver. Et ark, der ikke er med, lader de gemte tal af den slags være."
    ),
    export_label=_("Hent de nuværende elevtal (elevtal.xlsx)"),
    export_name="elevtal-{slug}.xlsx",
    template_name="skabelon-elevtal.xlsx",
)

totals_import_view = _views.import_view
totals_export_view = _views.export_view
totals_template_view = _views.template_view
totals_csv_template_view = _views.csv_view
