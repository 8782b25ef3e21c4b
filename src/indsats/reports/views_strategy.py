"""The strategy follow-up report on screen and as PDF, DOCX and XLSX downloads, for a year
(``?aar=2024``, default the current year, within the strategy's period where possible) and in
the sharing mode (``?deling=1``: counts below 5 hidden). Every member of the organisation may
read it: it holds aggregates only."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.core.access import org_view
from indsats.strategies.models import Strategy

from . import strategy as strategy_report
from .params import ReportParameterError, parse_year
from .views import _download
from .views_files import offer_report_file

RENDERERS = {"xlsx": strategy_report.render_xlsx}


def _strategy(org, strategy_pk: int) -> Strategy:
    strategy = strategy_report.strategy_for_report(org, strategy_pk)
    if strategy is None:
        raise Http404(_("Strategien findes ikke."))
    return strategy


def _params(request, strategy: Strategy) -> tuple[int, bool]:
    year = parse_year(request.GET.get("aar"), strategy_report.default_year(strategy))
    shared = request.GET.get("deling", "") in ("1", "on", "true", "ja")
    return year, shared


@org_view()
def strategy_list(request, org):
    strategies = Strategy.objects.filter(organisation=org).order_by("-start_year", "title")
    return render(request, "reports/strategy_list.html", {"strategies": strategies})


@org_view()
def strategy_page(request, org, strategy_pk: int):
    strategy = _strategy(org, strategy_pk)
    try:
        year, shared = _params(request, strategy)
    except ReportParameterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    report = strategy_report.build_strategy_report(strategy, year=year, shared=shared)
    query = [("aar", year)] + ([("deling", "1")] if shared else [])
    this_year = timezone.localdate().year
    years = sorted(
        set(range(strategy.start_year - 4, max(strategy.end_year, this_year) + 1)) | {year},
        reverse=True,
    )
    return render(
        request,
        "reports/strategy.html",
        {"report": report, "query": urlencode(query), "years": years},
    )


def _strategy_download(request, org, strategy_pk: int, extension: str):
    strategy = _strategy(org, strategy_pk)
    try:
        year, shared = _params(request, strategy)
    except ReportParameterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    report = strategy_report.build_strategy_report(strategy, year=year, shared=shared)
    return _download(
        RENDERERS[extension](report),
        strategy_report.strategy_filename(report, extension),
        extension,
    )


def _strategy_file(request, org, strategy_pk: int, extension: str):
    """PDF and DOCX come from the worker's file cache (reports.files)."""
    strategy = _strategy(org, strategy_pk)
    try:
        year, shared = _params(request, strategy)
    except ReportParameterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return offer_report_file(
        request,
        org,
        kind="strategy",
        extension=extension,
        params={"strategy": strategy.pk, "aar": year, "deling": shared},
    )


@org_view()
def strategy_pdf(request, org, strategy_pk: int):
    return _strategy_file(request, org, strategy_pk, "pdf")


@org_view()
def strategy_docx(request, org, strategy_pk: int):
    return _strategy_file(request, org, strategy_pk, "docx")


@org_view()
def strategy_xlsx(request, org, strategy_pk: int):
    return _strategy_download(request, org, strategy_pk, "xlsx")
