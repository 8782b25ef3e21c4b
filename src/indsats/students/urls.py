"""Student-level records; included by the project under ``/o/<org>/elever/data/``."""

from django.urls import path

from . import views

app_name = "student_data"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("import/", views.import_view, name="import"),
    path("elevdata.xlsx", views.export_view, name="export"),
    path("skabelon.xlsx", views.template_view, name="template"),
    path("skabelon.csv", views.csv_template_view, name="csv_template"),
    path("opbevaring/", views.retention_view, name="retention"),
    path("elev/<int:student_pk>/", views.record_detail, name="detail"),
]
