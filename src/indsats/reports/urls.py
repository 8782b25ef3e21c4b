from django.urls import path

from . import views, views_status

app_name = "reports"

urlpatterns = [
    path("prioritering.pdf", views.prioritisation_pdf, name="prioritisation_pdf"),
    path("prioritering.xlsx", views.prioritisation_xlsx, name="prioritisation_xlsx"),
    path("beskrivelser.pdf", views.descriptions_pdf, name="descriptions_pdf"),
    path("beskrivelser.docx", views.descriptions_docx, name="descriptions_docx"),
    path("status/", views_status.status_page, name="status"),
    path("status.pdf", views_status.status_pdf, name="status_pdf"),
    path("status.xlsx", views_status.status_xlsx, name="status_xlsx"),
    path("status.docx", views_status.status_docx, name="status_docx"),
]
