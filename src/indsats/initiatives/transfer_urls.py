"""Import and export of the catalogue; included by the project under ``/o/<org>/katalog/``."""

from django.urls import path

from . import views_transfer

app_name = "transfer"

urlpatterns = [
    path("import/", views_transfer.catalogue_import_view, name="import"),
    path("katalog.xlsx", views_transfer.catalogue_export_view, name="export"),
    path("skabelon.xlsx", views_transfer.catalogue_template_view, name="template"),
]
