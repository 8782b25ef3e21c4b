from django.urls import path

from . import views_editor as views

app_name = "casebank_editor"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:case_pk>/", views.preview, name="preview"),
    path("<int:case_pk>/godkend/", views.approve, name="approve"),
    path("<int:case_pk>/send-retur/", views.return_case, name="return"),
    path("<int:case_pk>/godkend-evidens/", views.approve_evidence, name="approve_evidence"),
    path("<int:case_pk>/afpublicer/", views.unpublish, name="unpublish"),
]
