"""Public case bank pages under /casebank/ (no login)."""

from django.urls import path

from . import views_public

app_name = "casebank"

urlpatterns = [
    path("", views_public.case_list, name="list"),
    path("feed.atom", views_public.NewCasesFeed(), name="feed"),
    path("<slug:slug>/", views_public.case_detail, name="detail"),
    path("<slug:slug>/bilag/<int:media_pk>/", views_public.attachment, name="attachment"),
]
