"""Import and export of indicators and their values; included by the project under ``/o/<org>/indikatorer/import/``."""

from django.urls import path

from . import views_transfer

app_name = "indicator_transfer"

urlpatterns = [
    path("", views_transfer.indicator_import_view, name="import"),
    path("indikatorer.xlsx", views_transfer.indicator_export_view, name="export"),
    path("skabelon.xlsx", views_transfer.indicator_template_view, name="template"),
    path("skabelon.csv", views_transfer.indicator_csv_template_view, name="csv_template"),
]
