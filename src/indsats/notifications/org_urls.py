from django.urls import path

from . import views

app_name = "org_mails"

urlpatterns = [
    path("", views.mail_log, name="log"),
]
