from django.urls import path

from . import views

app_name = "strategies"

S = "<int:strategy_pk>/"

urlpatterns = [
    path("", views.strategy_list, name="list"),
    path("ny/", views.strategy_create, name="create"),
    path(S, views.strategy_detail, name="detail"),
    path(S + "rediger/", views.strategy_edit, name="edit"),
    path(S + "slet/", views.strategy_delete, name="delete"),
    path(S + "fokusomraader/ny/", views.focus_area_create, name="area_create"),
    path(S + "fokusomraader/<int:area_pk>/", views.focus_area_edit, name="area_edit"),
    path(S + "fokusomraader/<int:area_pk>/slet/", views.focus_area_delete, name="area_delete"),
    path(S + "fokusomraader/<int:area_pk>/indsats/", views.initiative_link, name="link"),
    path(S + "indsatser/<int:link_pk>/fjern/", views.initiative_unlink, name="unlink"),
    path(S + "succeskriterier/ny/", views.criterion_create, name="criterion_create"),
    path(S + "succeskriterier/<int:criterion_pk>/", views.criterion_edit, name="criterion_edit"),
    path(
        S + "succeskriterier/<int:criterion_pk>/slet/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path(S + "udspil/ny/", views.programme_create, name="programme_create"),
    path(S + "udspil/<int:programme_pk>/", views.programme_edit, name="programme_edit"),
    path(S + "udspil/<int:programme_pk>/slet/", views.programme_delete, name="programme_delete"),
    path(S + "udspil/<int:programme_pk>/punkt/ny/", views.item_create, name="item_create"),
    path(S + "punkter/<int:item_pk>/", views.item_edit, name="item_edit"),
    path(S + "punkter/<int:item_pk>/slet/", views.item_delete, name="item_delete"),
    path(S + "punkter/<int:item_pk>/initiativ/ny/", views.response_create, name="response_create"),
    path(S + "initiativer/<int:response_pk>/", views.response_edit, name="response_edit"),
    path(S + "initiativer/<int:response_pk>/slet/", views.response_delete, name="response_delete"),
]
