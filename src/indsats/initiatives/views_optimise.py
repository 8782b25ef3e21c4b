"""The optimiser page (proposal beside today's selection, frames used and left, the frontier,
»Hvorfor?«, what-if), adopting a proposal, and an initiative's expected effects and
dependencies. Thin: parse, check permission, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indsats.core.access import can_edit, org_view
from indsats.core.forms import submit
from indsats.core.services import ServiceError
from indsats.organisations.models import EDIT_CATALOGUE, Parameter
from indsats.reports.optimisation import build_optimisation

from . import services_effects
from .forms import DependencyForm, EffectUnitForm, ExpectedEffectForm
from .models import BudgetFrame, EffectUnit, ExpectedEffect, Initiative, InitiativeDependency
from .optimiser import (
    WEIGHTED,
    OptimiserInputError,
    optimisation,
    params_from_query,
    query_from_params,
    query_pairs,
)


@org_view()
def optimise(request, org):
    units = list(EffectUnit.objects.filter(organisation=org))
    context = {
        "units": units,
        "weighted": WEIGHTED,
        "can_edit": can_edit(request),
        "parameters": list(Parameter.objects.filter(organisation=org).order_by("name")),
    }
    try:
        params = params_from_query(request.GET, org)
        result = optimisation(organisation=org, **params)
    except OptimiserInputError as exc:
        context["error"] = str(exc)
        context["year"] = org.budget_year
        return render(request, "initiatives/optimise.html", context, status=400 if units else 200)
    frames = sorted(
        {(f.step, f.year) for f in BudgetFrame.objects.filter(organisation=org, year=result.year)}
        | {(s, y) for (s, y) in result.problem.frames if y == result.year}
    )
    context.update(
        {
            "result": result,
            "report": build_optimisation(result),
            "year": result.year,
            "query": query_from_params(result),
            "pairs": query_pairs(result),
            "frame_fields": [
                (f"r{s}_{y}", s, y, result.problem.frames.get((s, y))) for s, y in frames
            ],
        }
    )
    return render(request, "initiatives/optimise.html", context)


@require_POST
@org_view(roles=EDIT_CATALOGUE)
def optimise_adopt(request, org):
    """Take the proposal the page showed (recomputed from the same query) into the overview."""
    try:
        params = params_from_query(request.POST, org)
        result = optimisation(organisation=org, with_frontier=False, **params)
    except OptimiserInputError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("initiatives:optimise", kwargs={"org": org.slug}))
    if not result.proposal.feasible:
        messages.error(request, _("Der er intet forslag at vedtage: ") + " ".join(result.problems))
        return redirect(
            reverse("initiatives:optimise", kwargs={"org": org.slug})
            + "?"
            + query_from_params(result)
        )
    try:
        changed = services_effects.proposal_adopt(
            actor=request.user, organisation=org, choices=result.adopt_choices
        )
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("initiatives:optimise", kwargs={"org": org.slug}))
    messages.success(
        request,
        _("Forslaget er taget ind i oversigten: %(n)s indsatser har fået nyt scenarie.")
        % {"n": len(changed)},
    )
    return redirect(
        reverse("initiatives:prioritisation", kwargs={"org": org.slug}) + f"?year={result.year}"
    )


def _initiative(org, pk) -> Initiative:
    return get_object_or_404(Initiative, organisation=org, pk=pk)


@org_view(write_roles=EDIT_CATALOGUE)
def effects(request, org, pk):
    """An initiative's expected effects and dependencies; members who edit the catalogue add
    effect units, effects and dependencies here."""
    initiative = _initiative(org, pk)
    editing = can_edit(request)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    effect_form = ExpectedEffectForm(
        request.POST if action == "effect" else None, initiative=initiative
    )
    unit_form = EffectUnitForm(request.POST if action == "unit" else None, prefix="unit")
    dependency_form = DependencyForm(
        request.POST if action == "dependency" else None, initiative=initiative, prefix="dep"
    )
    status = 200
    if action == "effect":
        sub = submit(
            request,
            effect_form,
            lambda: services_effects.expected_effect_set(
                actor=request.user,
                organisation=org,
                initiative=initiative,
                **effect_form.cleaned_data,
            ),
        )
        status = sub.status
        if sub.saved:
            messages.success(request, _("Den forventede effekt er gemt."))
            return redirect(request.path)
    elif action == "unit":
        sub = submit(
            request,
            unit_form,
            lambda: services_effects.effect_unit_save(
                actor=request.user, organisation=org, **unit_form.cleaned_data
            ),
        )
        status = sub.status
        if sub.saved:
            messages.success(request, _("Effekttypen er gemt."))
            return redirect(request.path)
    elif action == "dependency":
        sub = submit(
            request,
            dependency_form,
            lambda: services_effects.dependency_add(
                actor=request.user,
                organisation=org,
                initiative=initiative,
                requires=dependency_form.cleaned_data["requires"],
            ),
        )
        status = sub.status
        if sub.saved:
            messages.success(request, _("Afhængigheden er gemt."))
            return redirect(request.path)
    elif action == "remove_dependency":
        requires = Initiative.objects.filter(
            organisation=org, pk=request.POST.get("requires") or 0
        ).first()
        if requires is not None:
            services_effects.dependency_remove(
                actor=request.user, organisation=org, initiative=initiative, requires=requires
            )
            messages.success(request, _("Afhængigheden er fjernet."))
        return redirect(request.path)
    return render(
        request,
        "initiatives/effects.html",
        {
            "initiative": initiative,
            "effects": ExpectedEffect.objects.filter(initiative=initiative).select_related(
                "effect_unit", "scenario", "indicator"
            ),
            "dependencies": InitiativeDependency.objects.filter(
                initiative=initiative
            ).select_related("requires"),
            "required_by": InitiativeDependency.objects.filter(requires=initiative).select_related(
                "initiative"
            ),
            "effect_form": effect_form,
            "unit_form": unit_form,
            "dependency_form": dependency_form,
            "can_edit": editing,
            "has_units": EffectUnit.objects.filter(organisation=org).exists(),
        },
        status=status,
    )


@require_POST
@org_view(roles=EDIT_CATALOGUE)
def case_adopt(request, org, slug):
    """»Brug denne case«: copy a published case into this organisation's catalogue."""
    from indsats.casebank.selectors import case_for_public

    from .services_from_case import initiative_from_case

    case = case_for_public(slug)
    if case is None:
        raise Http404(_("Der findes ingen offentliggjort case med denne adresse."))
    try:
        initiative = initiative_from_case(actor=request.user, organisation=org, case=case)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("casebank:detail", kwargs={"slug": slug}))
    messages.success(
        request,
        _("Casen er kopieret ind i kataloget som foreslået indsats %(code)s.")
        % {"code": initiative.code},
    )
    return redirect(reverse("initiatives:detail", kwargs={"org": org.slug, "pk": initiative.pk}))
