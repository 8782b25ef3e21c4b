from django.urls import path

from . import views, views_files, views_optimisation, views_status, views_strategy

app_name = "reports"

urlpatterns = [
    path("prioritering.pdf", views.prioritisation_pdf, name="prioritisation_pdf"),
    path("prioritering.xlsx", views.prioritisation_xlsx, name="prioritisation_xlsx"),
    path("optimering.pdf", views_optimisation.optimisation_pdf, name="optimisation_pdf"),
    path("optimering.xlsx", views_optimisation.optimisation_xlsx, name="optimisation_xlsx"),
    path("beskrivelser.pdf", views.descriptions_pdf, name="descriptions_pdf"),
    path("beskrivelser.docx", views.descriptions_docx, name="descriptions_docx"),
    path("filer/<int:file_pk>/", views_files.file_progress, name="file"),
    path("filer/<int:file_pk>/hent/", views_files.file_download, name="file_download"),
    path("status/", views_status.status_page, name="status"),
    path(
        "status/indsats/<int:initiative_pk>/tal/",
        views_status.status_figures,
        name="status_figures",
    ),
    path("status.pdf", views_status.status_pdf, name="status_pdf"),
    path("status.xlsx", views_status.status_xlsx, name="status_xlsx"),
    path("status.docx", views_status.status_docx, name="status_docx"),
    path("strategi/", views_strategy.strategy_list, name="strategy_list"),
    path("strategi/<int:strategy_pk>/", views_strategy.strategy_page, name="strategy"),
    path(
        "strategi/<int:strategy_pk>/strategi.pdf", views_strategy.strategy_pdf, name="strategy_pdf"
    ),
    path(
        "strategi/<int:strategy_pk>/strategi.docx",
        views_strategy.strategy_docx,
        name="strategy_docx",
    ),
    path(
        "strategi/<int:strategy_pk>/strategi.xlsx",
        views_strategy.strategy_xlsx,
        name="strategy_xlsx",
    ),
]
