"""Import and export of entered pipeline totals; included by the project under
``/o/<org>/elever/tal/import/``."""

from django.urls import path

from . import views_totals_transfer as views

app_name = "pipeline_transfer"

urlpatterns = [
    path("", views.totals_import_view, name="import"),
    path("elevtal.xlsx", views.totals_export_view, name="export"),
    path("skabelon.xlsx", views.totals_template_view, name="template"),
    path("skabelon.csv", views.totals_csv_template_view, name="csv_template"),
]
