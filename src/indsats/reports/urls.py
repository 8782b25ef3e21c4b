from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("prioritering.pdf", views.prioritisation_pdf, name="prioritisation_pdf"),
    path("prioritering.xlsx", views.prioritisation_xlsx, name="prioritisation_xlsx"),
    path("beskrivelser.pdf", views.descriptions_pdf, name="descriptions_pdf"),
    path("beskrivelser.docx", views.descriptions_docx, name="descriptions_docx"),
]
