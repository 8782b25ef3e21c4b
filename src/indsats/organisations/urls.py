from django.urls import path

from indsats.accounts.views import sso_oidc_settings, sso_settings

from . import views

app_name = "organisations"

urlpatterns = [
    path("parametre/", views.parameter_list, name="parameters"),
    path("parametre/<int:pk>/ny-vaerdi/", views.parameter_value_add, name="parameter_value_add"),
    path("medlemmer/", views.member_list, name="members"),
    path("indstillinger/", views.organisation_settings, name="settings"),
    path("indstillinger/single-sign-on/", sso_settings, name="sso"),
    path("indstillinger/single-sign-on/openid-connect/", sso_oidc_settings, name="sso_oidc"),
]
