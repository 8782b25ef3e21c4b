from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("ny/", views.indicator_create, name="create"),
    path("<int:indicator_pk>/", views.indicator_detail, name="detail"),
    path("<int:indicator_pk>/rediger/", views.indicator_edit, name="edit"),
    path("<int:indicator_pk>/slet/", views.indicator_delete, name="delete"),
    path("<int:indicator_pk>/ny-vaerdi/", views.value_add, name="value_add"),
    path(
        "<int:indicator_pk>/vaerdi/<int:value_pk>/tilbagetraek/",
        views.value_withdraw,
        {"restore": False},
        name="value_withdraw",
    ),
    path(
        "<int:indicator_pk>/vaerdi/<int:value_pk>/fortryd/",
        views.value_withdraw,
        {"restore": True},
        name="value_restore",
    ),
    path("<int:indicator_pk>/maal/", views.target_edit, name="target"),
]
