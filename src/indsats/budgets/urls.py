from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.note_list, name="list"),
    path("ny/", views.note_create, name="create"),
    path("<int:note_pk>/", views.note_detail, name="detail"),
    path("<int:note_pk>/rediger/", views.note_edit, name="edit"),
    path("<int:note_pk>/slet/", views.note_delete, name="delete"),
    path("<int:note_pk>/bevilling/", views.allocation_edit, name="allocation"),
    path("<int:note_pk>/forbrug/", views.spending_edit, name="spending"),
    path("<int:note_pk>/scenarier/", views.funded_scenarios_edit, name="scenarios"),
]
