from django.urls import include, path

urlpatterns = [
    path("", include("indsats.core.urls")),
    path("o/<slug:org>/", include("indsats.initiatives.urls")),
    path("o/<slug:org>/", include("indsats.organisations.urls")),
    path("o/<slug:org>/rapporter/", include("indsats.reports.urls")),
    path("o/<slug:org>/elever/data/", include("indsats.students.urls")),
    path("o/<slug:org>/katalog/", include("indsats.initiatives.transfer_urls")),
    # Before the budget and indicator pages under the same prefixes, so both resolve.
    path("o/<slug:org>/budget/import/", include("indsats.budgets.transfer_urls")),
    path("o/<slug:org>/indikatorer/import/", include("indsats.indicators.transfer_urls")),
    path("o/<slug:org>/status/import/", include("indsats.followup.transfer_urls")),
    path("o/<slug:org>/api-noegler/", include("indsats.organisations.token_urls")),
    path("o/<slug:org>/budget/", include("indsats.budgets.urls")),
    path("o/<slug:org>/indikatorer/", include("indsats.indicators.urls")),
    path("o/<slug:org>/status/", include("indsats.followup.urls")),
    path("o/<slug:org>/e-mails/", include("indsats.notifications.org_urls")),
    path("indstillinger/e-mail/", include("indsats.notifications.urls")),
    # The pipeline totals' import before the pipeline pages under the same prefix.
    path("o/<slug:org>/elever/tal/import/", include("indsats.students.totals_transfer_urls")),
    path("o/<slug:org>/elever/", include("indsats.students.pipeline_urls")),
    path("o/<slug:org>/cases/", include("indsats.casebank.org_urls")),
    path("o/<slug:org>/strategier/", include("indsats.strategies.urls")),
    # The editors' pages before the public case bank under the same prefix, so both resolve.
    path("casebank/redaktion/", include("indsats.casebank.editor_urls")),
    path("api/", include("indsats.api.urls")),
    path("casebank/", include("indsats.casebank.urls")),
]

handler404 = "indsats.core.views.not_found"
handler500 = "indsats.core.views.server_error"
