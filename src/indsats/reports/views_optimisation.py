"""The optimiser's proposal as PDF and XLSX, from the same query as the page."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest

from indsats.core.access import org_view
from indsats.initiatives.optimiser import OptimiserInputError, optimisation, params_from_query

from . import optimisation as report_module
from .render import report_filename
from .views import _download


def _export(request, org, extension: str) -> HttpResponse:
    try:
        result = optimisation(organisation=org, **params_from_query(request.GET, org))
    except OptimiserInputError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    report = report_module.build_optimisation(result)
    render = report_module.render_pdf if extension == "pdf" else report_module.render_xlsx
    return _download(
        render(report), report_filename("optimering", org, extension, result.year), extension
    )


@org_view()
def optimisation_pdf(request, org):
    return _export(request, org, "pdf")


@org_view()
def optimisation_xlsx(request, org):
    return _export(request, org, "xlsx")
