"""Upload and download indicators and their values (XLSX, or CSV per sheet)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from indsats.core.transfer_views import sheet_transfer_views

from .transfer import SHEETS, indicator_export, indicator_import, indicator_template

_views = sheet_transfer_views(
    namespace="indicator_transfer",
    sheets=SHEETS,
    run=indicator_import,
    export=indicator_export,
    template=indicator_template,
    title=_("Importér indikatorer"),
    intro=_(
        "Indlæs indikatorer og deres værdier fra en Excel-fil med arkene »Indikatorer« og "
        "»Værdier«, eller fra CSV-filer med ét ark hver. Værdier skrives i indikatorens "
        "enhed, fx »1.309« eller »22,5%«; en værdi, der allerede er gemt, springes over."
    ),
    export_label=_("Hent de nuværende indikatorer og værdier (indikatorer.xlsx)"),
    export_name="indikatorer-{slug}.xlsx",
    template_name="skabelon-indikatorer.xlsx",
)

indicator_import_view = _views.import_view
indicator_export_view = _views.export_view
indicator_template_view = _views.template_view
indicator_csv_template_view = _views.csv_view
