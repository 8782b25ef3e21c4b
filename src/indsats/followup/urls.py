from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("indsats/<int:initiative_pk>/ny/", views.status_create, name="create"),
    path("<int:status_pk>/ret/", views.status_correct, name="correct"),
    path("mangler/", views.overdue_list, name="overdue"),
    path("mine-opgaver/", views.my_tasks, name="mine"),
    path("runder/", views.round_list, name="rounds"),
    path("runder/<int:round_pk>/", views.round_detail, name="round"),
]
