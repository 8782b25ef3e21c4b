from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("indsats/<int:initiative_pk>/ny/", views.status_create, name="create"),
    path("<int:status_pk>/ret/", views.status_correct, name="correct"),
    path("mangler/", views.overdue_list, name="overdue"),
]
