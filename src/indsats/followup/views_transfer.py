"""Upload and download status texts (XLSX, or a CSV file): the web side of
``indsats import|export statuses``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from indsats.core.transfer_views import sheet_transfer_views
from indsats.organisations.models import EDIT_STATUS

from .transfer import SHEETS, status_export, status_import, status_template

_views = sheet_transfer_views(
    namespace="status_transfer",
    sheets=SHEETS,
    run=status_import,
    export=status_export,
    template=status_template,
    title=_("Importér statustekster"),
    intro=_(
        "Indlæs statustekster fra en Excel-fil med arket »Status« eller fra en CSV-fil: én "
        "række pr. status med indsatsens nummer, »Status pr.« (fx 30-04-2026), vurdering, "
        "teksten og hvem der skrev den. En status, der allerede er gemt, springes over."
    ),
    export_label=_("Hent de nuværende statustekster (statustekster.xlsx)"),
    export_name="statustekster-{slug}.xlsx",
    template_name="skabelon-statustekster.xlsx",
    roles=EDIT_STATUS,
)

status_import_view = _views.import_view
status_export_view = _views.export_view
status_template_view = _views.template_view
status_csv_template_view = _views.csv_view
