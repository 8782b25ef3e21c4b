from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("min-konto/", views.account, name="account"),
    path("min-konto/adgangskode/", views.PasswordChangeView.as_view(), name="password_change"),
    path("min-konto/to-faktor/", views.otp_setup, name="otp_setup"),
    path("min-konto/to-faktor/kode/", views.otp_verify, name="otp_verify"),
    path("min-konto/to-faktor/nye-koder/", views.recovery_codes_new, name="recovery_codes"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("glemt-adgangskode/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "glemt-adgangskode/sendt/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "glemt-adgangskode/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("sso/<slug:slug>/", views.sso_login, name="sso_login"),
    path("sso/<slug:slug>/acs/", views.sso_acs, name="sso_acs"),
    path("sso/<slug:slug>/metadata/", views.sso_metadata, name="sso_metadata"),
    path("sso/<slug:slug>/oidc/callback/", views.sso_oidc_callback, name="sso_oidc_callback"),
]
