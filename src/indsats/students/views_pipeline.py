"""The pipeline pages: figures (aggregates, every member), entered totals (every member reads,
EDIT_STRATEGY edits) and the national comparison. Thin: parse, call a selector or a service,
render. Nothing here shows a student record."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from indsats.calc import kpis
from indsats.core.access import org_view
from indsats.core.forms import submit
from indsats.organisations.models import EDIT_STRATEGY

from . import comparison as comparison_mod
from . import pipeline_page, selectors, services_totals
from .choices import Education
from .comparison_chart import comparison_chart
from .forms_totals import BreakdownChoiceForm, BreakdownForm, CohortFiguresForm, YearFiguresForm
from .models import BreakdownFigure, BreakdownKind, CohortFigures, RequiredIntake, SickLeaveFigure


def can_edit_totals(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in EDIT_STRATEGY


# The pipeline page opens on the newest cohorts; »fra«/»til« choose others.
DEFAULT_YEARS_SHOWN = 6


def _year_param(request, name: str) -> int | None:
    raw = (request.GET.get(name) or "").strip()
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else None


@org_view()
def pipeline_view(request, org):
    pipe = selectors.pipeline(org)
    years = sorted(
        {c.cohort_year for c in pipe.cohorts}
        | {r.year for r in pipe.intake}
        | {b.year for b in pipe.causes}
        | {y for (_e, y) in pipe.sick_leave}
    )
    first = last = None
    if years:
        last = _year_param(request, "til") or years[-1]
        first = _year_param(request, "fra") or max(years[0], last - DEFAULT_YEARS_SHOWN + 1)
        if first > last:
            first, last = last, first
        pipe = selectors.restrict(pipe, first, last)
    page = pipeline_page.build(pipe)
    return render(
        request,
        "students/pipeline.html",
        {
            "page": page,
            "charts": pipeline_page.charts(page),
            "can_edit": can_edit_totals(request),
            "years": years,
            "first": first,
            "last": last,
        },
    )


# --- entered totals --------------------------------------------------------------------------


@org_view()
def totals_view(request, org):
    figures = list(
        CohortFigures.objects.filter(organisation=org).order_by("education", "cohort_year")
    )
    breakdowns: dict[tuple[str, str, int], int] = {}
    for kind, education, year, count in BreakdownFigure.objects.filter(
        organisation=org
    ).values_list("kind", "education", "year", "count"):
        key = (kind, education, year)
        breakdowns[key] = breakdowns.get(key, 0) + count
    groups = [
        {
            "kind": kind,
            "kind_label": BreakdownKind(kind).label,
            "education": education,
            "education_label": Education.short(education),
            "year": year,
            "total": total,
        }
        for (kind, education, year), total in sorted(breakdowns.items())
    ]
    years: dict[int, dict[str, object]] = {}
    for r in RequiredIntake.objects.filter(organisation=org):
        years.setdefault(r.year, {})[f"required_{r.education}"] = r.required
    for s in SickLeaveFigure.objects.filter(organisation=org):
        years.setdefault(s.year, {})[f"sick_{s.education or 'all'}"] = s.rate
    return render(
        request,
        "students/totals.html",
        {
            "figures": figures,
            "groups": groups,
            "years": sorted(years.items()),
            "can_edit": can_edit_totals(request),
            "choice_form": BreakdownChoiceForm(),
        },
    )


def _cohort_form_page(request, org, figures: CohortFigures | None):
    form = CohortFiguresForm(request.POST or None, figures=figures)

    def save():
        data = form.cleaned_data
        return services_totals.cohort_figures_save(
            organisation=org,
            actor=request.user,
            education=data["education"],
            cohort_year=data["cohort_year"],
            note=data.get("note") or "",
            figures=figures,
            expected_version=data.get("version") if figures is not None else None,
            **form.counts(),
        )

    sub = submit(request, form, save)
    if sub.saved:
        messages.success(request, _("Årgangstallene er gemt."))
        return redirect("pipeline:totals", org=org.slug)
    conflict = CohortFigures.objects.get(pk=figures.pk) if sub.conflict else None
    return render(
        request,
        "students/cohort_form.html",
        {"form": form, "figures": figures, "conflict": conflict},
        status=sub.status,
    )


@require_http_methods(["GET", "POST"])
@org_view(roles=EDIT_STRATEGY)
def cohort_create(request, org):
    return _cohort_form_page(request, org, None)


@require_http_methods(["GET", "POST"])
@org_view(roles=EDIT_STRATEGY)
def cohort_edit(request, org, figures_pk):
    figures = get_object_or_404(CohortFigures, pk=figures_pk, organisation=org)
    return _cohort_form_page(request, org, figures)


@require_http_methods(["GET", "POST"])
@org_view(roles=EDIT_STRATEGY)
def cohort_delete(request, org, figures_pk):
    figures = get_object_or_404(CohortFigures, pk=figures_pk, organisation=org)
    if request.method == "POST":
        services_totals.cohort_figures_delete(figures=figures, actor=request.user)
        messages.success(request, _("Årgangstallene er slettet."))
        return redirect("pipeline:totals", org=org.slug)
    return render(request, "students/cohort_delete.html", {"figures": figures})


def _breakdown_choice(request) -> BreakdownChoiceForm:
    source = request.POST if request.method == "POST" else request.GET
    choice = BreakdownChoiceForm(
        {
            "kind": source.get("kind", ""),
            "education": source.get("education", ""),
            "year": source.get("year", ""),
        }
    )
    if not choice.is_valid():
        raise Http404
    return choice


@require_http_methods(["GET", "POST"])
@org_view(roles=EDIT_STRATEGY)
def breakdown_edit(request, org):
    choice = _breakdown_choice(request)
    kind = choice.cleaned_data["kind"]
    education = choice.cleaned_data["education"]
    year = choice.cleaned_data["year"]
    current = services_totals.breakdown_state(org, kind, education, year)
    data = request.POST if request.method == "POST" else None
    form = BreakdownForm(
        data, kind=kind, current=current, initial={"seen": services_totals.state_digest(current)}
    )

    def save():
        return services_totals.breakdown_figures_set(
            organisation=org,
            actor=request.user,
            kind=kind,
            education=education,
            year=year,
            counts=form.counts(),
            expected=form.cleaned_data.get("seen") or None,
        )

    sub = submit(request, form, save)
    if sub.conflict:
        # The user has now been told; saving again replaces what the other person stored.
        form.data = form.data.copy()
        form.data["seen"] = services_totals.state_digest(
            services_totals.breakdown_state(org, kind, education, year)
        )
    if sub.saved:
        messages.success(request, _("Tallene er gemt."))
        return redirect("pipeline:totals", org=org.slug)
    return render(
        request,
        "students/breakdown_form.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": BreakdownKind(kind).label,
            "education": education,
            "education_label": Education.short(education),
            "year": year,
            "year_help": _("år for frafaldet")
            if kind == BreakdownKind.DROPOUT_CAUSE
            else _("årgang (år ansat som elev)"),
        },
        status=sub.status,
    )


@require_http_methods(["GET", "POST"])
@org_view(roles=EDIT_STRATEGY)
def year_edit(request, org):
    source = request.POST if request.method == "POST" else request.GET
    try:
        year = int(source.get("year", ""))
    except ValueError as exc:
        raise Http404 from exc
    if not 1990 <= year <= 2100:
        raise Http404
    state = services_totals.year_state(org, year)
    initial = {
        name: state.get(name)
        for name in ("required_ssh", "required_ssa", "sick_all", "sick_ssh", "sick_ssa")
    }
    initial["seen"] = services_totals.state_digest(state)
    form = YearFiguresForm(request.POST or None, initial=initial)

    def save():
        data = form.cleaned_data
        services_totals.year_figures_set(
            organisation=org,
            actor=request.user,
            year=year,
            required={e: data.get(f"required_{e}") for e in Education.values},
            sick={
                "": data.get("sick_all"),
                "ssh": data.get("sick_ssh"),
                "ssa": data.get("sick_ssa"),
            },
            expected=data.get("seen") or None,
        )

    sub = submit(request, form, save)
    if sub.conflict:
        form.data = form.data.copy()
        form.data["seen"] = services_totals.state_digest(services_totals.year_state(org, year))
    if sub.saved:
        messages.success(request, _("Tallene for %(year)d er gemt.") % {"year": year})
        return redirect("pipeline:totals", org=org.slug)
    return render(
        request, "students/year_form.html", {"form": form, "year": year}, status=sub.status
    )


# --- the comparison ---------------------------------------------------------------------------


@org_view()
def comparison_view(request, org):
    kpi_code = request.GET.get("kpi", "completion_rate")
    if kpi_code not in comparison_mod.KPIS:
        kpi_code = "completion_rate"
    education = request.GET.get("uddannelse", "")
    if education not in comparison_mod.EDUCATIONS:
        education = ""
    result = comparison_mod.comparison(organisation=org, kpi_code=kpi_code, education=education)
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        year = None
    if year not in result.years:
        year = _default_year(result)
    rows = [(row, row.value(year)) for row in result.rows] if year else []
    chart = comparison_chart(result, year) if year else ""
    return render(
        request,
        "students/comparison.html",
        {
            "result": result,
            "kpis": [(code, str(label)) for code, label in comparison_mod.KPIS.items()],
            "educations": [("", _("Begge uddannelser"))]
            + [(e, Education.short(e)) for e in Education.values],
            "kpi": kpi_code,
            # the registry (calc.kpis) says whom the year counts and where the KPI is read
            "calendar_year": kpis.get(kpi_code).population == kpis.CALENDAR_YEAR,
            "finished_only": kpis.get(kpi_code).finished_only,
            "averaged": kpis.get(kpi_code).source == "sick_leave",
            "education": education,
            "year": year,
            "rows": rows,
            "national": result.national.get(year) if year else None,
            "median": result.median.get(year) if year else None,
            "basis": comparison_mod.BASIS.get(kpi_code),
            "chart": chart,
            "own_shares": org.share_pipeline,
            "settings_url": reverse("organisations:settings", kwargs={"org": org.slug}),
        },
    )


# The comparison opens on the newest year in which at least this many organisations have a
# shown figure (a comparison of one or two is hardly one), else the newest with any.
COMPARISON_MIN_ORGANISATIONS = 3


def _default_year(result) -> int | None:
    """The newest year with at least three organisations' figures shown; else the newest year
    with any; else the newest year."""
    counts = {y: sum(r.value(y).value is not None for r in result.rows) for y in result.years}
    for least in (COMPARISON_MIN_ORGANISATIONS, 1):
        shown = [y for y in result.years if counts[y] >= least]
        if shown:
            return shown[-1]
    return result.years[-1] if result.years else None
