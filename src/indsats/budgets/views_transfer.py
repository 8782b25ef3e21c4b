"""Upload and download budget notes with allocations and spending (XLSX, or CSV per sheet)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from indsats.core.access import org_view
from indsats.core.transfer_views import ImportPage, csv_template, download, import_view
from indsats.organisations.models import EDIT_CATALOGUE

from .transfer import SHEETS, budget_export, budget_import, budget_template


def _url(name: str, org) -> str:
    return reverse(f"budget_transfer:{name}", kwargs={"org": org.slug})


@require_http_methods(["GET", "POST"])
@org_view(roles=EDIT_CATALOGUE)
def budget_import_view(request, org):
    page = ImportPage(
        title=_("Importér budgetnotater"),
        intro=_(
            "Indlæs budgetnotater med bevillinger og forbrug fra en Excel-fil med arkene "
            "»Budgetnotater«, »Bevillinger« og »Forbrug«, eller fra CSV-filer med ét ark hver. "
            "Beløb kan skrives som »4,858 mio. kr. årligt i 2026-2029« eller »2026: 7,339 mio. kr. "
            "/ 2027-2029: 5,373 mio. kr. årligt«."
        ),
        run=budget_import,
        template_url=_url("template", org),
        export_url=_url("export", org),
        export_label=_("Hent de nuværende budgetnotater (budget.xlsx)"),
        csv_templates=[(s.title, f"{_url('csv_template', org)}?ark={s.title}") for s in SHEETS],
    )
    return import_view(request, org, page)


@require_GET
@org_view()
def budget_export_view(request, org):
    return download(budget_export(org), f"budget-{org.slug}.xlsx")


@require_GET
@org_view()
def budget_template_view(request, org):
    return download(budget_template(), "skabelon-budget.xlsx")


@require_GET
@org_view()
def budget_csv_template_view(request, org):
    return csv_template(request, SHEETS)
