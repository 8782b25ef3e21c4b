"""Catalogue views: thin — parse, check permission, call a service or selector, render."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indsats.calc import costs as calc
from indsats.calc.codes import code_key
from indsats.core.access import can_edit, org_view
from indsats.core.forms import apply_service_errors, submit
from indsats.core.history import object_history
from indsats.core.services import ConflictError, ServiceError
from indsats.organisations.models import EDIT_CATALOGUE, Unit
from indsats.reports.charts import step_cost_chart

from . import selectors, services
from .choices import Funding, LifecycleState
from .forms import (
    FORMULA_TEMPLATES,
    BudgetFrameForm,
    CostLineForm,
    FactorFormSet,
    InitiativeForm,
    parameters_of,
    scenario_form_class,
)
from .models import CostFactor, CostLine, Initiative, Scenario, Theme
from .overview_page import overview_table

SORTS = {
    "code": ("code",),
    "-code": ("-code",),
    "title": ("title",),
    "-title": ("-title",),
    "step": ("priority_step", "code"),
    "-step": ("-priority_step", "code"),
    "state": ("state", "code"),
    "-state": ("-state", "code"),
    "theme": ("theme__order", "theme__name", "code"),
    "-theme": ("-theme__order", "-theme__name", "code"),
}


@org_view()
def initiative_list(request, org):
    params = request.GET
    qs = Initiative.objects.filter(organisation=org).select_related("theme", "unit")
    q = params.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(code__icontains=q)
            | Q(title__icontains=q)
            | Q(description__icontains=q)
            | Q(purpose__icontains=q)
            | Q(target_group__icontains=q)
        )
    filters = {}
    for name, field, cast in [
        ("tema", "theme_id", int),
        ("trin", "priority_step", int),
        ("finansiering", "funding", str),
        ("status", "state", str),
        ("enhed", "unit_id", int),
    ]:
        value = params.get(name, "")
        if value == "ingen" and name == "trin":
            qs = qs.filter(priority_step__isnull=True)
            filters[name] = value
        elif value:
            try:
                qs = qs.filter(**{field: cast(value)})
                filters[name] = value
            except ValueError:
                return HttpResponseBadRequest(_("Ugyldigt filter: %(name)s.") % {"name": name})
    sort = params.get("sort", "step")
    if sort not in SORTS:
        sort = "step"
    initiatives = list(qs.order_by(*SORTS[sort]))
    if sort in {"code", "-code", "step", "-step"}:
        # Codes sort as numbers: 1.2 before 1.10.
        key = (
            (lambda i: code_key(i.code))
            if "code" in sort
            else (lambda i: (i.priority_step is None, i.priority_step or 0, code_key(i.code)))
        )
        initiatives.sort(key=key, reverse=sort == "-code")
        if sort == "-step":
            initiatives.sort(key=lambda i: (i.priority_step is None, -(i.priority_step or 0)))
    page = Paginator(initiatives, 100).get_page(params.get("side"))
    query = params.copy()
    query.pop("side", None)
    sort_query = params.copy()
    sort_query.pop("sort", None)
    sort_query.pop("side", None)
    context = {
        "page": page,
        "q": q,
        "filters": filters,
        "sort": sort,
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "themes": Theme.objects.filter(organisation=org),
        "units": Unit.objects.filter(organisation=org),
        "steps": sorted(
            {
                s
                for s in Initiative.objects.filter(
                    organisation=org, priority_step__isnull=False
                ).values_list("priority_step", flat=True)
            }
        ),
        "fundings": Funding.choices,
        "states": LifecycleState.choices,
        "can_edit": can_edit(request),
        "total": len(initiatives),
    }
    return render(request, "initiatives/list.html", context)


def _get_initiative(org, pk) -> Initiative:
    return get_object_or_404(selectors.initiative_queryset(org), pk=pk)


@org_view()
def initiative_detail(request, org, pk):
    initiative = _get_initiative(org, pk)
    try:
        costs = selectors.initiative_costs(initiative)
        cost_error = ""
    except calc.CostModelError as exc:
        costs, cost_error = None, str(exc)
    history = object_history(org, root=initiative, limit=100)
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "costs": costs,
            "cost_error": cost_error,
            "history": history,
            "can_edit": can_edit(request),
            "state_colour": LifecycleState.colour(initiative.state),
        },
    )


def _save_initiative(request, org, form, initiative=None):
    data = form.cleaned_data
    theme = data.get("theme")
    if not theme:
        theme = services.theme_get_or_create(
            actor=request.user, organisation=org, name=data["new_theme"]
        )
    fields = {f: data.get(f) for f in services.INITIATIVE_FIELDS if f in form.fields}
    fields["theme"] = theme
    for text in ("description", "purpose", "target_group", "professions"):
        fields[text] = fields.get(text) or ""
    if initiative is None:
        return services.initiative_create(
            organisation=org, actor=request.user, kl_recommendations=data["kl"], **fields
        )
    return services.initiative_update(
        initiative=initiative,
        actor=request.user,
        expected_version=data.get("version"),
        kl_recommendations=data["kl"],
        **fields,
    )


@org_view(roles=EDIT_CATALOGUE)
def initiative_create(request, org):
    form = InitiativeForm(
        request.POST or None,
        organisation=org,
        initial={"start_year": org.budget_year, "state": "proposed"},
    )
    sub = submit(request, form, lambda: _save_initiative(request, org, form))
    if sub.saved:
        messages.success(
            request,
            _("Indsatsen %(code)s er oprettet. Tilføj nu dens omkostninger.")
            % {"code": sub.result.code},
        )
        return redirect("initiatives:detail", org=org.slug, pk=sub.result.pk)
    return render(
        request, "initiatives/form.html", {"form": form, "initiative": None}, status=sub.status
    )


@org_view(roles=EDIT_CATALOGUE)
def initiative_edit(request, org, pk):
    initiative = _get_initiative(org, pk)
    form = InitiativeForm(request.POST or None, instance=initiative, organisation=org)
    sub = submit(request, form, lambda: _save_initiative(request, org, form, initiative))
    if sub.saved:
        messages.success(request, _("Ændringerne er gemt."))
        return redirect("initiatives:detail", org=org.slug, pk=pk)
    conflict = Initiative.objects.get(pk=pk) if sub.conflict else None
    return render(
        request,
        "initiatives/form.html",
        {"form": form, "initiative": initiative, "conflict": conflict},
        status=sub.status,
    )


@org_view(roles=EDIT_CATALOGUE)
def initiative_delete(request, org, pk):
    initiative = _get_initiative(org, pk)
    if request.method == "POST":
        try:
            services.initiative_delete(
                initiative=initiative,
                actor=request.user,
                expected_version=_int(request.POST.get("version")),
            )
        except ServiceError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("initiatives:detail", org=org.slug, pk=pk)
        messages.success(request, _("Indsatsen %(code)s er slettet.") % {"code": initiative.code})
        return redirect("initiatives:list", org=org.slug)
    return render(
        request,
        "initiatives/confirm_delete.html",
        {"object": initiative, "initiative": initiative, "what": _("indsatsen")},
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- cost lines ---------------------------------------------------------------------------


def _factor_initial(line: CostLine | None, template: str | None):
    if template in FORMULA_TEMPLATES:
        return [
            {k: (Decimal(v) if k == "value" else v) for k, v in f.items()}
            for f in FORMULA_TEMPLATES[template][1]
        ]
    if line is None:
        return []
    return [
        {
            "key": f.key,
            "label": f.label,
            "unit": f.unit,
            "value": f.value,
            "parameter": f.parameter.key if f.parameter_id else "",
        }
        for f in line.factors.select_related("parameter")
    ]


def _cost_line_form(request, org, initiative, line=None):
    parameters = list(parameters_of(org))
    template = request.GET.get("skabelon")
    preset = {
        "frikob": ("release_time", "yearly"),
        "kursus": ("release_time", "one_time"),
        "andel": ("wage", "yearly"),
    }.get(template or "")
    form = CostLineForm(
        request.POST or None,
        instance=line,
        prefix="line",
        initial={"category": preset[0], "recurrence": preset[1]} if preset else None,
    )
    initial = _factor_initial(line, template)
    formset = FactorFormSet(
        request.POST or None,
        prefix="factor",
        parameters=parameters,
        initial=initial or None,
    )
    if request.method != "POST":
        formset.extra = 2 if initial else 4
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            factors = [
                services.FactorInput(
                    key=f["key"],
                    label=f["label"],
                    unit=f.get("unit") or "",
                    value=f.get("value"),
                    parameter_key=f.get("parameter") or None,
                )
                for f in (fm.cleaned_data for fm in formset.forms if not fm.is_blank)
            ]
            fields = {
                k: data.get(k)
                for k in [
                    "label",
                    "category",
                    "recurrence",
                    "year",
                    "start_year",
                    "end_year",
                    "stated_amount",
                    "note",
                ]
            }
            fields["label"] = fields["label"] or ""
            fields["note"] = fields["note"] or ""
            try:
                services.cost_line_save(
                    initiative=initiative,
                    actor=request.user,
                    line=line,
                    expected_version=data.get("version"),
                    factors=factors,
                    **fields,
                )
            except ConflictError as exc:
                form.add_error(None, exc.messages[0])
                status = 409
            except ServiceError as exc:
                apply_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Omkostningslinjen er gemt."))
                return redirect("initiatives:detail", org=org.slug, pk=initiative.pk)
        else:
            status = 400
    return render(
        request,
        "initiatives/cost_line_form.html",
        {
            "form": form,
            "formset": formset,
            "initiative": initiative,
            "line": line,
            "templates": FORMULA_TEMPLATES,
            "parameters": parameters,
        },
        status=status,
    )


@org_view(roles=EDIT_CATALOGUE)
def cost_line_create(request, org, pk):
    return _cost_line_form(request, org, _get_initiative(org, pk))


@org_view(roles=EDIT_CATALOGUE)
def cost_line_edit(request, org, line_pk):
    line = get_object_or_404(
        CostLine.objects.select_related("initiative"), pk=line_pk, initiative__organisation=org
    )
    return _cost_line_form(request, org, line.initiative, line)


@org_view(roles=EDIT_CATALOGUE)
def cost_line_delete(request, org, line_pk):
    line = get_object_or_404(
        CostLine.objects.select_related("initiative"), pk=line_pk, initiative__organisation=org
    )
    if request.method == "POST":
        try:
            services.cost_line_delete(
                line=line, actor=request.user, expected_version=_int(request.POST.get("version"))
            )
        except ServiceError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Omkostningslinjen er slettet."))
        return redirect("initiatives:detail", org=org.slug, pk=line.initiative_id)
    return render(
        request,
        "initiatives/confirm_delete.html",
        {"object": line, "initiative": line.initiative, "what": _("omkostningslinjen")},
    )


# --- scenarios ----------------------------------------------------------------------------


def _scenario_form(request, org, initiative, scenario=None):
    factors = list(
        CostFactor.objects.filter(cost_line__initiative=initiative)
        .select_related("parameter")
        .order_by("cost_line__order", "order")
    )
    if not factors:
        messages.error(
            request,
            _(
                "Et scenarie ændrer faktorer i indsatsens formler. Tilføj først en omkostningslinje med en formel."
            ),
        )
        return redirect("initiatives:detail", org=org.slug, pk=initiative.pk)
    form_class = scenario_form_class(factors)
    initial = {}
    if scenario:
        initial = {
            "name": scenario.name,
            "version": scenario.version,
            **{f"f_{v.key}": v.value for v in scenario.values.all()},
        }
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            values = {k[2:]: v for k, v in data.items() if k.startswith("f_") and v is not None}
            try:
                services.scenario_save(
                    initiative=initiative,
                    actor=request.user,
                    name=data["name"],
                    values=values,
                    scenario=scenario,
                    expected_version=data.get("version"),
                )
            except ConflictError as exc:
                form.add_error(None, exc.messages[0])
                status = 409
            except ServiceError as exc:
                for field, msgs in exc.errors.items():
                    for m in msgs:
                        form.add_error("name" if field == "name" else None, m)
                status = 400
            else:
                messages.success(request, _("Scenariet er gemt."))
                return redirect(
                    reverse("initiatives:detail", kwargs={"org": org.slug, "pk": initiative.pk})
                    + "#scenarier"
                )
        else:
            status = 400
    return render(
        request,
        "initiatives/scenario_form.html",
        {"form": form, "initiative": initiative, "scenario": scenario},
        status=status,
    )


@org_view(roles=EDIT_CATALOGUE)
def scenario_create(request, org, pk):
    return _scenario_form(request, org, _get_initiative(org, pk))


@org_view(roles=EDIT_CATALOGUE)
def scenario_edit(request, org, scenario_pk):
    scenario = get_object_or_404(
        Scenario.objects.select_related("initiative"), pk=scenario_pk, initiative__organisation=org
    )
    return _scenario_form(request, org, scenario.initiative, scenario)


@org_view(roles=EDIT_CATALOGUE)
def scenario_delete(request, org, scenario_pk):
    scenario = get_object_or_404(
        Scenario.objects.select_related("initiative"), pk=scenario_pk, initiative__organisation=org
    )
    if request.method == "POST":
        services.scenario_delete(scenario=scenario, actor=request.user)
        messages.success(request, _("Scenariet er slettet."))
        return redirect("initiatives:detail", org=org.slug, pk=scenario.initiative_id)
    return render(
        request,
        "initiatives/confirm_delete.html",
        {"object": scenario, "initiative": scenario.initiative, "what": _("scenariet")},
    )


# --- the prioritisation overview ----------------------------------------------------------


def overview_params(request, org) -> tuple[int, dict[str, str], str | None]:
    """Read ``year``, ``s<initiative id>=<scenario id>`` and ``finansiering`` from the query."""
    try:
        year = int(request.GET.get("year") or org.budget_year)
    except ValueError:
        year = org.budget_year
    if not 1990 <= year <= 2100:
        year = org.budget_year
    selection = {
        k[1:]: v
        for k, v in request.GET.items()
        if k.startswith("s") and k[1:].isdigit() and v.isdigit()
    }
    funding = request.GET.get("finansiering") or None
    if funding not in Funding.values:
        funding = None
    return year, selection, funding


@org_view()
def prioritisation(request, org):
    year, selection, funding = overview_params(request, org)
    overview = selectors.prioritisation_overview(
        organisation=org, year=year, selection=selection, funding=funding
    )
    query = "&".join([f"year={year}"] + [f"s{k}={v}" for k, v in overview.selection.items()])
    context = {
        "overview": overview,
        "overview_table": overview_table(overview, org.slug),
        "chart_svg": mark_safe(
            step_cost_chart(overview, chart_id="step-chart", width=880, height=320)
        )
        if overview.steps
        else "",  # noqa: S308 - built from escaped values
        "years": range(min(year, org.budget_year) - 3, max(year, org.budget_year) + 6),
        "can_edit": can_edit(request),
        "export_query": query,
        "frame_forms": {
            s.step: BudgetFrameForm(
                initial={"step": s.step, "year": year, "amount": s.total.frame},
                prefix=f"frame{s.step}",
            )
            for s in overview.prioritised_steps
        },
        "fundings": Funding.choices,
        "funding": funding or "",
    }
    template = (
        "initiatives/_overview.html"
        if request.headers.get("HX-Request")
        else "initiatives/prioritisation.html"
    )
    return render(request, template, context)


@require_POST
@org_view(roles=EDIT_CATALOGUE)
def budget_frame_save(request, org):
    step = _int(request.POST.get("step"))
    form = BudgetFrameForm(request.POST, prefix=f"frame{step}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.budget_frame_set(
                organisation=org,
                actor=request.user,
                year=data["year"],
                step=data["step"],
                amount=data["amount"],
            )
        except ServiceError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Beløbsrammen for trin %(step)s er gemt.") % {"step": data["step"]}
            )
    else:
        errors = [
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
            for f, e in form.errors.items()
        ]
        messages.error(
            request, _("Beløbsrammen er ikke gemt. %(errors)s") % {"errors": " ".join(errors)}
        )
    return redirect(
        reverse("initiatives:prioritisation", kwargs={"org": org.slug})
        + "?"
        + request.POST.get("return_query", "")
    )


@require_POST
@org_view(roles=EDIT_CATALOGUE)
def selection_save(request, org):
    """Make the scenarios chosen on screen the initiatives' selected scenarios."""
    selection = {
        k[1:]: v
        for k, v in request.POST.items()
        if k.startswith("s") and k[1:].isdigit() and v.isdigit()
    }
    scenarios = {
        str(s.pk): s
        for s in Scenario.objects.filter(
            initiative__organisation=org, pk__in=[int(v) for v in selection.values()]
        ).select_related("initiative")
    }
    changed = 0
    for initiative_id, scenario_id in selection.items():
        scenario = scenarios.get(scenario_id)
        if scenario is None or str(scenario.initiative_id) != initiative_id:
            continue
        initiative = scenario.initiative
        if initiative.selected_scenario_id != scenario.pk:
            services.initiative_update(
                initiative=initiative,
                actor=request.user,
                expected_version=None,
                selected_scenario=scenario,
            )
            changed += 1
    messages.success(request, _("De valgte scenarier er gemt (%(n)d ændret).") % {"n": changed})
    query = "&".join(
        f"{k}={v}"
        for k, v in request.POST.items()
        if k == "year" or (k.startswith("s") and k[1:].isdigit())
    )
    target = reverse("initiatives:prioritisation", kwargs={"org": org.slug}) + "?" + query
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)
