"""Report downloads: the prioritisation overview as PDF and XLSX, the initiative descriptions
as PDF and DOCX. Every member of the organisation may read them."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest

from indsats.core.access import org_view

from . import prioritisation
from .params import ReportParameterError, parse_selection, parse_year
from .render import report_filename

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _download(content: bytes, filename: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _prioritisation(request, org, extension: str) -> HttpResponse:
    try:
        year = parse_year(request.GET.get("year"), org.budget_year)
    except ReportParameterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    report = prioritisation.build_prioritisation(
        organisation=org, year=year, selection=parse_selection(request.GET)
    )
    render = prioritisation.render_pdf if extension == "pdf" else prioritisation.render_xlsx
    return _download(
        render(report), report_filename("prioritering", org, extension, year), extension
    )


@org_view()
def prioritisation_pdf(request, org):
    """From the worker's file cache (reports.files)."""
    from .views_files import offer_report_file

    try:
        year = parse_year(request.GET.get("year"), org.budget_year)
    except ReportParameterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    params = {"year": year, "selection": parse_selection(request.GET)}
    return offer_report_file(request, org, kind="prioritisation", extension="pdf", params=params)


@org_view()
def prioritisation_xlsx(request, org):
    return _prioritisation(request, org, "xlsx")


@org_view()
def descriptions_pdf(request, org):
    from .views_files import offer_report_file

    return offer_report_file(request, org, kind="descriptions", extension="pdf", params={})


@org_view()
def descriptions_docx(request, org):
    from .views_files import offer_report_file

    return offer_report_file(request, org, kind="descriptions", extension="docx", params={})
