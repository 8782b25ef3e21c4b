"""Student-level records; included by the project under ``/o/<org>/elever/data/``."""

from django.urls import path

from . import views, views_access

app_name = "student_data"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("import/", views.import_view, name="import"),
    path("elevdata.xlsx", views.export_view, name="export"),
    path("skabelon.xlsx", views.template_view, name="template"),
    path("skabelon.csv", views.csv_template_view, name="csv_template"),
    path("opbevaring/", views.retention_view, name="retention"),
    path("elev/<int:student_pk>/", views.record_detail, name="detail"),
    path("elev/<int:student_pk>/slet/", views_access.student_delete_view, name="delete"),
    path("find/", views_access.student_lookup, name="lookup"),
    path("adgangslog/", views_access.access_log_page, name="access_log"),
    path("adgangslog.csv", views_access.access_log_csv, name="access_log_csv"),
]
