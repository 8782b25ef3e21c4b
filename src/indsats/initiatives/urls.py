from django.urls import path

from . import views, views_optimise

app_name = "initiatives"

urlpatterns = [
    path("indsatser/", views.initiative_list, name="list"),
    path("indsatser/ny/", views.initiative_create, name="create"),
    path("indsatser/<int:pk>/", views.initiative_detail, name="detail"),
    path("indsatser/<int:pk>/rediger/", views.initiative_edit, name="edit"),
    path("indsatser/<int:pk>/slet/", views.initiative_delete, name="delete"),
    path("indsatser/<int:pk>/omkostninger/ny/", views.cost_line_create, name="cost_line_create"),
    path("omkostninger/<int:line_pk>/rediger/", views.cost_line_edit, name="cost_line_edit"),
    path("omkostninger/<int:line_pk>/slet/", views.cost_line_delete, name="cost_line_delete"),
    path("indsatser/<int:pk>/scenarier/ny/", views.scenario_create, name="scenario_create"),
    path("scenarier/<int:scenario_pk>/rediger/", views.scenario_edit, name="scenario_edit"),
    path("scenarier/<int:scenario_pk>/slet/", views.scenario_delete, name="scenario_delete"),
    path("prioritering/", views.prioritisation, name="prioritisation"),
    path("prioritering/rammer/", views.budget_frame_save, name="budget_frame_save"),
    path("prioritering/scenarier/", views.selection_save, name="selection_save"),
    path("prioritering/optimering/", views_optimise.optimise, name="optimise"),
    path("prioritering/optimering/vedtag/", views_optimise.optimise_adopt, name="optimise_adopt"),
    path("indsatser/<int:pk>/effekter/", views_optimise.effects, name="effects"),
    path("casebank/<slug:slug>/brug/", views_optimise.case_adopt, name="case_adopt"),
]
