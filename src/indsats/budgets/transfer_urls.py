"""Import and export of budget notes; included by the project under ``/o/<org>/budget/import/``."""

from django.urls import path

from . import views_transfer

app_name = "budget_transfer"

urlpatterns = [
    path("", views_transfer.budget_import_view, name="import"),
    path("budget.xlsx", views_transfer.budget_export_view, name="export"),
    path("skabelon.xlsx", views_transfer.budget_template_view, name="template"),
    path("skabelon.csv", views_transfer.budget_csv_template_view, name="csv_template"),
]
