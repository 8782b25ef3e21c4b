"""Import and export of status texts; included by the project under ``/o/<org>/status/import/``."""

from django.urls import path

from . import views_transfer

app_name = "status_transfer"

urlpatterns = [
    path("", views_transfer.status_import_view, name="import"),
    path("statustekster.xlsx", views_transfer.status_export_view, name="export"),
    path("skabelon.xlsx", views_transfer.status_template_view, name="template"),
    path("skabelon.csv", views_transfer.status_csv_template_view, name="csv_template"),
]
