from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from indsats.accounts.views import LoginView

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("indsats.accounts.urls")),
    path("sprog/", set_language, name="set_language"),
]
