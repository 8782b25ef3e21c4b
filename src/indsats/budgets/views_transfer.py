"""Upload and download budget notes with allocations and spending (XLSX, or CSV per sheet)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from indsats.core.transfer_views import sheet_transfer_views

from .transfer import SHEETS, budget_export, budget_import, budget_template

_views = sheet_transfer_views(
    namespace="budget_transfer",
    sheets=SHEETS,
    run=budget_import,
    export=budget_export,
    template=budget_template,
    title=_("Importér budgetnotater"),
    intro=_(
        "Indlæs budgetnotater med bevillinger og forbrug fra en Excel-fil med arkene "
        "»Budgetnotater«, »Bevillinger« og »Forbrug«, eller fra CSV-filer med ét ark hver. "
        "Beløb kan skrives som »4,858 mio. kr. årligt i 2026-2029« eller »2026: 7,339 mio. kr. "
        "/ 2027-2029: 5,373 mio. kr. årligt«."
    ),
    export_label=_("Hent de nuværende budgetnotater (budget.xlsx)"),
    export_name="budget-{slug}.xlsx",
    template_name="skabelon-budget.xlsx",
)

budget_import_view = _views.import_view
budget_export_view = _views.export_view
budget_template_view = _views.template_view
budget_csv_template_view = _views.csv_view
