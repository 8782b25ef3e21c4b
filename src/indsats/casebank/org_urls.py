from django.urls import path

from . import views_org as views

app_name = "org_cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("ny/", views.case_create, name="create"),
    path("fra-indsats/", views.from_initiative, name="from_initiative"),
    path("<int:case_pk>/", views.case_detail, name="detail"),
    path("<int:case_pk>/rediger/", views.case_edit, name="edit"),
    path("<int:case_pk>/medier/", views.media_add, name="media_add"),
    path("<int:case_pk>/medier/<int:media_pk>/fil/", views.media_file, name="media_file"),
    path("<int:case_pk>/samtykker/", views.consent_add, name="consent_add"),
    path(
        "<int:case_pk>/samtykker/<int:consent_pk>/traek-tilbage/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:case_pk>/indsend/", views.case_transition, {"action": "submit"}, name="submit"),
    path(
        "<int:case_pk>/traek-tilbage/",
        views.case_transition,
        {"action": "withdraw"},
        name="withdraw",
    ),
]
