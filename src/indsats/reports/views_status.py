"""The status report on screen and as PDF, XLSX and DOCX downloads, as of a date
(``?dato=2026-04-30``, default today) and optionally for some budget years (``?aar=2026``), in
the layout ``?opstilling=rapport`` (default) or ``?opstilling=tabel`` (one landscape table).
Every member of the organisation may read it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from indsats.budgets.models import BudgetNote
from indsats.core.access import org_view
from indsats.initiatives.models import Initiative

from . import status
from .params import ReportParameterError, parse_as_of, parse_years
from .status_table import LAYOUTS, TABLE_RENDERERS, status_table
from .views import _download
from .views_files import offer_report_file

RENDERERS = {"xlsx": status.render_xlsx}


def _layout(request) -> str:
    """The layout asked for; anything else than "tabel" is the default report layout."""
    layout = request.GET.get("opstilling", "").strip().lower()
    return layout if layout in LAYOUTS else LAYOUTS[0]


def _params(request):
    today = timezone.localdate()
    as_of = parse_as_of(request.GET.get("dato"), today)
    years = parse_years(request.GET.getlist("aar"))
    return as_of, years


@org_view()
def status_page(request, org):
    today = timezone.localdate()
    context = {
        "today": today,
        "dato": request.GET.get("dato", "").strip() or today.isoformat(),
        "budget_years": sorted(
            set(BudgetNote.objects.filter(organisation=org).values_list("budget_year", flat=True))
        ),
        "selected_years": [],
        "layout": _layout(request),
    }
    try:
        as_of, years = _params(request)
    except ReportParameterError as exc:
        context["error"] = str(exc)
        return render(request, "reports/status.html", context, status=400)
    layout = context["layout"]
    # The report layout opens as a summary (money, state, a few years); each initiative's
    # indicators come on demand (status_figures). ``?fuld=1`` is the whole report, as in the
    # files; the table layout is always whole.
    full = request.GET.get("fuld") == "1" or layout == "tabel"
    report = status.build_status_report(
        organisation=org, as_of=as_of, budget_years=years, indicators=full
    )
    params = [("dato", as_of.isoformat()), *(("aar", y) for y in years)]
    if layout != LAYOUTS[0]:
        params.append(("opstilling", layout))
    query = urlencode(params)
    context.update(
        report=report,
        table=status_table(report) if layout == "tabel" else None,
        dato=as_of.isoformat(),
        selected_years=years,
        query=query,
        full=full,
        full_query=query + "&fuld=1",
        summary_query=query,
    )
    if not full:
        # reversed once, not twice per initiative (the summary's links to its figures)
        figures = reverse(
            "reports:status_figures", kwargs={"org": org.slug, "initiative_pk": 987654321}
        )
        head, _pk, tail = figures.rpartition("987654321")
        context.update(
            status_url=reverse("reports:status", kwargs={"org": org.slug}),
            figures_head=head,
            figures_tail=tail,
        )
    return render(
        request, "reports/status.html" if full else "reports/status_summary.html", context
    )


@org_view()
def status_figures(request, org, initiative_pk: int):
    """One initiative's indicator table as of the report's date (the summary's on demand)."""
    initiative = get_object_or_404(Initiative, pk=initiative_pk, organisation=org)
    try:
        as_of, _years = _params(request)
    except ReportParameterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    table = status.initiative_indicators(organisation=org, initiative_id=initiative.pk, as_of=as_of)
    return render(
        request,
        "reports/_status_figures.html",
        {"initiative": initiative, "table": table},
    )


def _status_download(request, org, extension: str):
    try:
        as_of, years = _params(request)
    except ReportParameterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    report = status.build_status_report(organisation=org, as_of=as_of, budget_years=years)
    layout = _layout(request)
    renderers = TABLE_RENDERERS if layout == "tabel" else RENDERERS
    return _download(
        renderers[extension](report),
        status.status_filename(org, as_of, years, extension, layout=layout),
        extension,
    )


def _status_file(request, org, extension: str):
    """PDF and DOCX come from the worker's file cache (reports.files)."""
    try:
        as_of, years = _params(request)
    except ReportParameterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return offer_report_file(
        request,
        org,
        kind="status",
        extension=extension,
        params={
            "dato": as_of.isoformat(),
            "aar": years,
            **({"opstilling": "tabel"} if _layout(request) == "tabel" else {}),
        },
    )


@org_view()
def status_pdf(request, org):
    return _status_file(request, org, "pdf")


@org_view()
def status_xlsx(request, org):
    return _status_download(request, org, "xlsx")


@org_view()
def status_docx(request, org):
    return _status_file(request, org, "docx")
