from django.urls import include, path

urlpatterns = [
    path("", include("indsats.core.urls")),
    path("o/<slug:org>/", include("indsats.initiatives.urls")),
    path("o/<slug:org>/", include("indsats.organisations.urls")),
    path("o/<slug:org>/rapporter/", include("indsats.reports.urls")),
    path("api/", include("indsats.api.urls")),
]
