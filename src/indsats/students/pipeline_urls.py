"""The pipeline pages; included by the project under ``/o/<org>/elever/``. (Student-level
records live under ``/o/<org>/elever/data/``, in their own URL module.)"""

from django.urls import path

from . import views_pipeline as views

app_name = "pipeline"

urlpatterns = [
    path("", views.pipeline_view, name="overview"),
    path("tal/", views.totals_view, name="totals"),
    path("tal/aargang/ny/", views.cohort_create, name="cohort_create"),
    path("tal/aargang/<int:figures_pk>/", views.cohort_edit, name="cohort_edit"),
    path("tal/aargang/<int:figures_pk>/slet/", views.cohort_delete, name="cohort_delete"),
    path("tal/fordeling/", views.breakdown_edit, name="breakdown_edit"),
    path("tal/aar/", views.year_edit, name="year_edit"),
    path("sammenligning/", views.comparison_view, name="comparison"),
]
