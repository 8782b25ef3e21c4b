"""Included by the project under /o/<org>/api-noegler/."""

from django.urls import path

from . import views_tokens

app_name = "tokens"

urlpatterns = [
    path("", views_tokens.token_list, name="list"),
    path("alle/", views_tokens.token_all, name="all"),
    path("opret/", views_tokens.token_create, name="create"),
    path("<int:pk>/slet/", views_tokens.token_delete, name="delete"),
]
