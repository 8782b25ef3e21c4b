from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.mail_settings, name="settings"),
]
