"""Strategy pages: thin — look up, check the role, run forms through the services, render.
Every member reads; EDIT_STRATEGY writes."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indsats.core.access import org_view
from indsats.core.forms import submit
from indsats.core.services import state_of
from indsats.indicators.choices import VerdictChoices
from indsats.organisations.models import EDIT_STRATEGY
from indsats.reports.charts import indicator_chart

from . import selectors, services
from .choices import ImplementationStatus, InitiativeState
from .forms import (
    CriterionForm,
    FocusAreaForm,
    InitiativeLinkForm,
    ItemForm,
    ProgrammeForm,
    ResponseForm,
    StrategyForm,
)
from .models import (
    NationalProgramme,
    ProgrammeItem,
    ProgrammeResponse,
    Strategy,
    StrategyFocusArea,
    StrategyInitiative,
    SuccessCriterion,
)


def can_edit_strategy(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in EDIT_STRATEGY


def _strategy(org, pk) -> Strategy:
    return get_object_or_404(Strategy.objects.filter(organisation=org), pk=pk)


def _detail_url(org, strategy, anchor: str = "") -> str:
    url = reverse("strategies:detail", kwargs={"org": org.slug, "strategy_pk": strategy.pk})
    return f"{url}#{anchor}" if anchor else url


def status_text(response: ProgrammeResponse) -> str:
    """The status as a strategy prints it: »Implementeret primo 2023«, »Implementeret 2021«,
    »På vej – Implementeringen igangsættes ultimo 2024«, »Afventer«. A note that begins with a
    capital is a sentence of its own (after a dash); any other note continues the status; the
    year is left out when the note already names it."""
    label = str(ImplementationStatus(response.status).label)
    note, year = response.status_note.strip(), response.status_year
    text = label
    if year and str(year) not in note:
        text = f"{text} {year}"
    if not note:
        return text
    return f"{text} – {note}" if note[0].isupper() else f"{text} {note}"


def _form_page(
    request, form, *, title, cancel, status=200, conflict_url="", conflict=None, intro=""
):
    """The one form page. After a 409, ``conflict`` is the object as stored now: its version
    goes into the form, so saving again (after comparing) overwrites knowingly."""
    conflict_version = None
    if conflict is not None:
        conflict_version = type(conflict).objects.get(pk=conflict.pk).version
    return render(
        request,
        "strategies/form.html",
        {
            "form": form,
            "title": title,
            "cancel": cancel,
            "conflict_url": conflict_url,
            "conflict_version": conflict_version,
            "intro": intro,
        },
        status=status,
    )


def _saved(request, org, strategy, message, anchor=""):
    messages.success(request, message)
    return redirect(_detail_url(org, strategy, anchor))


# --- strategies ------------------------------------------------------------------------------


@org_view()
def strategy_list(request, org):
    strategies = selectors.strategy_queryset(org).annotate(
        n_areas=Count("focus_areas", distinct=True),
        n_criteria=Count("success_criteria", distinct=True),
    )
    return render(
        request,
        "strategies/list.html",
        {"strategies": strategies, "can_edit": can_edit_strategy(request)},
    )


def _criterion_chart(row: selectors.CriterionProgress) -> str:
    c = row.criterion
    level = row.result.target_level if row.result else None
    baseline = row.baseline
    targets = []
    if c.kind == "min_year" and level is not None:
        # A minimum every year: one flat line at the minimum, no path from a baseline.
        first = min([c.baseline_year, *row.series])
        targets = [
            {
                "baseline_value": level,
                "baseline_year": first,
                "target_value": level,
                "deadline_year": c.deadline_year,
            }
        ]
    elif level is not None and baseline is not None:
        targets = [
            {
                "baseline_value": baseline,
                "baseline_year": c.baseline_year,
                "target_value": level,
                "deadline_year": c.deadline_year,
            }
        ]
    unit = row.unit if row.unit in ("percent", "count", "kr", "ratio") else "count"
    return indicator_chart(
        {y: v for y, v in row.series.items()},
        targets,
        unit,
        row.measure or c.statement[:80],
        width=420,
        height=200,
        chart_id=f"kriterium-{c.pk}",
        # a pipeline KPI's figures and ticks as the registry writes them (calc.kpis)
        fmt=row.kpi.format if row.kpi else None,
        axis=row.kpi.axis if row.kpi else None,
        places=row.kpi.decimals if row.kpi else None,
    )


@org_view()
def strategy_detail(request, org, strategy_pk):
    strategy = selectors.strategy_detail(_strategy(org, strategy_pk))
    criteria = list(strategy.success_criteria.all())
    progress = selectors.criterion_progress(strategy, criteria=criteria)
    rows = []
    for row in progress:
        label, colour = VerdictChoices.label_of(row.verdict), VerdictChoices.colour(row.verdict)
        rows.append(
            {
                "row": row,
                "verdict": label,
                "colour": colour,
                "chart": mark_safe(_criterion_chart(row)) if row.series else "",  # noqa: S308 - built from escaped values
            }
        )
    areas = []
    for area in strategy.focus_areas.all():
        links = list(area.initiative_links.all())
        areas.append(
            {
                "area": area,
                "started": [link for link in links if link.state == InitiativeState.STARTED],
                "planned": [link for link in links if link.state == InitiativeState.PLANNED],
                "criteria": [r for r in rows if r["row"].criterion.focus_area_id == area.pk],
            }
        )
    loose = [r for r in rows if r["row"].criterion.focus_area_id is None]
    programmes = [
        {
            "programme": p,
            "items": [
                {
                    "item": item,
                    "responses": [
                        {
                            "response": r,
                            "status": status_text(r),
                            "colour": ImplementationStatus.colour(r.status),
                        }
                        for r in item.responses.all()
                    ],
                }
                for item in p.items.all()
            ],
        }
        for p in strategy.programmes.all()
    ]
    return render(
        request,
        "strategies/detail.html",
        {
            "strategy": strategy,
            "areas": areas,
            "loose_criteria": loose,
            "criteria_count": len(rows),
            "programmes": programmes,
            "can_edit": can_edit_strategy(request),
            "state_colours": {
                "started": InitiativeState.colour("started"),
                "planned": InitiativeState.colour("planned"),
            },
        },
    )


def _strategy_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    for key in ("adopted", "vision", "description"):
        data[key] = data.get(key) or ""
    return data


@org_view(roles=EDIT_STRATEGY)
def strategy_create(request, org):
    form = StrategyForm(request.POST or None)

    def save():
        return services.strategy_create(
            organisation=org, actor=request.user, **_strategy_fields(form)
        )

    sub = submit(request, form, save)
    if sub.saved:
        return _saved(request, org, sub.result, _("Strategien er oprettet."))
    return _form_page(
        request,
        form,
        title=_("Opret strategi"),
        cancel=reverse("strategies:list", kwargs={"org": org.slug}),
        status=sub.status,
    )


@org_view(roles=EDIT_STRATEGY)
def strategy_edit(request, org, strategy_pk):
    strategy = _strategy(org, strategy_pk)
    initial = {f: getattr(strategy, f) for f in services.STRATEGY_FIELDS}
    initial["version"] = strategy.version
    form = StrategyForm(request.POST or None, initial=initial)

    def save():
        return services.strategy_update(
            strategy=strategy,
            actor=request.user,
            expected_version=form.cleaned_data.get("version"),
            **_strategy_fields(form),
        )

    sub = submit(request, form, save)
    if sub.saved:
        return _saved(request, org, strategy, _("Ændringerne er gemt."))
    return _form_page(
        request,
        form,
        title=_("Redigér strategi"),
        cancel=_detail_url(org, strategy),
        status=sub.status,
        conflict_url=_detail_url(org, strategy) if sub.conflict else "",
        conflict=strategy if sub.conflict else None,
    )


def _confirm(request, *, title, text, cancel):
    return render(
        request, "strategies/confirm_delete.html", {"title": title, "text": text, "cancel": cancel}
    )


@org_view(roles=EDIT_STRATEGY)
def strategy_delete(request, org, strategy_pk):
    strategy = _strategy(org, strategy_pk)
    if request.method == "POST":
        services.strategy_delete(strategy=strategy, actor=request.user)
        messages.success(request, _("Strategien »%(t)s« er slettet.") % {"t": strategy.title})
        return redirect("strategies:list", org=org.slug)
    return _confirm(
        request,
        title=_("Slet strategien?"),
        text=_(
            "»%(t)s« slettes med fokusområder, succeskriterier og udspil. Indsatserne i "
            "kataloget bliver stående."
        )
        % {"t": strategy.title},
        cancel=_detail_url(org, strategy),
    )


# --- focus areas and initiatives -------------------------------------------------------------


def _area(org, strategy_pk, area_pk) -> StrategyFocusArea:
    return get_object_or_404(
        StrategyFocusArea.objects.select_related("strategy"),
        strategy__organisation=org,
        strategy_id=strategy_pk,
        pk=area_pk,
    )


@org_view(roles=EDIT_STRATEGY)
def focus_area_create(request, org, strategy_pk):
    strategy = _strategy(org, strategy_pk)
    form = FocusAreaForm(request.POST or None)

    def save():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        data.pop("seen", None)
        data["description"] = data.get("description") or ""
        return services.focus_area_save(strategy=strategy, actor=request.user, **data)

    sub = submit(request, form, save)
    if sub.saved:
        return _saved(
            request, org, strategy, _("Fokusområdet er oprettet."), f"fokus-{sub.result.pk}"
        )
    return _form_page(
        request,
        form,
        title=_("Nyt fokusområde"),
        cancel=_detail_url(org, strategy),
        status=sub.status,
    )


@org_view(roles=EDIT_STRATEGY)
def focus_area_edit(request, org, strategy_pk, area_pk):
    area = _area(org, strategy_pk, area_pk)
    form = FocusAreaForm(
        request.POST or None,
        initial={
            "name": area.name,
            "description": area.description,
            "order": area.order,
            "seen": state_of(area, services.FOCUS_AREA_FIELDS),
        },
    )

    def save():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        seen = data.pop("seen", None) or None
        data["description"] = data.get("description") or ""
        return services.focus_area_save(
            strategy=area.strategy,
            actor=request.user,
            focus_area=area,
            expected_state=seen,
            **data,
        )

    sub = submit(request, form, save)
    _refresh_seen(sub, form, StrategyFocusArea, area.pk, services.FOCUS_AREA_FIELDS)
    if sub.saved:
        return _saved(request, org, area.strategy, _("Ændringerne er gemt."), f"fokus-{area.pk}")
    return _form_page(
        request,
        form,
        title=_("Redigér fokusområde"),
        cancel=_detail_url(org, area.strategy),
        status=sub.status,
    )


@org_view(roles=EDIT_STRATEGY)
def focus_area_delete(request, org, strategy_pk, area_pk):
    area = _area(org, strategy_pk, area_pk)
    if request.method == "POST":
        services.focus_area_delete(focus_area=area, actor=request.user)
        return _saved(request, org, area.strategy, _("Fokusområdet er slettet."))
    return _confirm(
        request,
        title=_("Slet fokusområdet?"),
        text=_(
            "»%(n)s« slettes. Indsatserne bliver i kataloget; succeskriterierne under det "
            "bliver stående uden fokusområde."
        )
        % {"n": area.name},
        cancel=_detail_url(org, area.strategy),
    )


@org_view(roles=EDIT_STRATEGY)
def initiative_link(request, org, strategy_pk, area_pk):
    area = _area(org, strategy_pk, area_pk)
    form = InitiativeLinkForm(request.POST or None, organisation=org)

    def save():
        return services.initiative_link(
            focus_area=area,
            actor=request.user,
            initiative=form.cleaned_data["initiative"],
            state=form.cleaned_data["state"],
        )

    sub = submit(request, form, save)
    if sub.saved:
        return _saved(request, org, area.strategy, _("Indsatsen er tilføjet."), f"fokus-{area.pk}")
    return _form_page(
        request,
        form,
        title=_("Tilføj indsats under »%(n)s«") % {"n": area.name},
        cancel=_detail_url(org, area.strategy),
        status=sub.status,
        intro=_(
            "Vælg en indsats fra kataloget. Står den der allerede, ændres kun dens status. "
            "Opret nye indsatser i kataloget først."
        ),
    )


@org_view(roles=EDIT_STRATEGY)
def initiative_unlink(request, org, strategy_pk, link_pk):
    link = get_object_or_404(
        StrategyInitiative.objects.select_related("focus_area__strategy", "initiative"),
        focus_area__strategy__organisation=org,
        focus_area__strategy_id=strategy_pk,
        pk=link_pk,
    )
    strategy = link.focus_area.strategy
    if request.method == "POST":
        services.initiative_unlink(link=link, actor=request.user)
        return _saved(request, org, strategy, _("Indsatsen er fjernet fra fokusområdet."))
    return _confirm(
        request,
        title=_("Fjern indsatsen fra fokusområdet?"),
        text=_("»%(c)s %(t)s« fjernes fra »%(a)s«. Den bliver stående i kataloget.")
        % {"c": link.initiative.code, "t": link.initiative.title, "a": link.focus_area.name},
        cancel=_detail_url(org, strategy),
    )


# --- success criteria ------------------------------------------------------------------------


def _criterion(org, strategy_pk, criterion_pk) -> SuccessCriterion:
    return get_object_or_404(
        SuccessCriterion.objects.select_related("strategy", "indicator"),
        strategy__organisation=org,
        strategy_id=strategy_pk,
        pk=criterion_pk,
    )


@org_view(roles=EDIT_STRATEGY)
def criterion_create(request, org, strategy_pk):
    strategy = _strategy(org, strategy_pk)
    initial = {"baseline_year": strategy.start_year, "deadline_year": strategy.end_year}
    area = request.GET.get("fokus", "")
    if area.isdigit():
        initial["focus_area"] = area
    form = CriterionForm(request.POST or None, strategy=strategy, initial=initial)

    def save():
        return services.criterion_create(
            strategy=strategy, actor=request.user, **form.service_fields()
        )

    sub = submit(request, form, save)
    if sub.saved:
        return _saved(
            request, org, strategy, _("Succeskriteriet er oprettet."), f"kriterium-{sub.result.pk}"
        )
    return _form_page(
        request,
        form,
        title=_("Nyt succeskriterium"),
        cancel=_detail_url(org, strategy),
        status=sub.status,
    )


def _criterion_initial(c: SuccessCriterion) -> dict:
    return {
        "version": c.version,
        "statement": c.statement,
        "focus_area": str(c.focus_area_id or ""),
        "owner": c.owner_id,
        "source": c.source,
        "kpi": c.kpi,
        "education": c.education,
        "indicator": str(c.indicator_id or ""),
        "kind": c.kind,
        "direction": c.direction,
        "baseline_value": c.baseline_value.normalize() if c.baseline_value is not None else None,
        "baseline_year": c.baseline_year,
        "target_value": Decimal(c.target_value).normalize(),
        "deadline_year": c.deadline_year,
    }


@org_view(roles=EDIT_STRATEGY)
def criterion_edit(request, org, strategy_pk, criterion_pk):
    criterion = _criterion(org, strategy_pk, criterion_pk)
    strategy = criterion.strategy
    form = CriterionForm(
        request.POST or None, strategy=strategy, initial=_criterion_initial(criterion)
    )

    def save():
        return services.criterion_update(
            criterion=criterion,
            actor=request.user,
            expected_version=form.cleaned_data.get("version"),
            **form.service_fields(),
        )

    sub = submit(request, form, save)
    if sub.saved:
        return _saved(
            request, org, strategy, _("Ændringerne er gemt."), f"kriterium-{criterion.pk}"
        )
    return _form_page(
        request,
        form,
        title=_("Redigér succeskriterium"),
        cancel=_detail_url(org, strategy),
        status=sub.status,
        conflict_url=_detail_url(org, strategy, f"kriterium-{criterion.pk}")
        if sub.conflict
        else "",
        conflict=criterion if sub.conflict else None,
    )


@org_view(roles=EDIT_STRATEGY)
def criterion_delete(request, org, strategy_pk, criterion_pk):
    criterion = _criterion(org, strategy_pk, criterion_pk)
    if request.method == "POST":
        services.criterion_delete(criterion=criterion, actor=request.user)
        return _saved(request, org, criterion.strategy, _("Succeskriteriet er slettet."))
    return _confirm(
        request,
        title=_("Slet succeskriteriet?"),
        text=criterion.statement,
        cancel=_detail_url(org, criterion.strategy),
    )


# --- national programmes ---------------------------------------------------------------------


def _programme(org, strategy_pk, programme_pk) -> NationalProgramme:
    return get_object_or_404(
        NationalProgramme.objects.select_related("strategy"),
        strategy__organisation=org,
        strategy_id=strategy_pk,
        pk=programme_pk,
    )


def _item(org, strategy_pk, item_pk) -> ProgrammeItem:
    return get_object_or_404(
        ProgrammeItem.objects.select_related("programme__strategy"),
        programme__strategy__organisation=org,
        programme__strategy_id=strategy_pk,
        pk=item_pk,
    )


def _response(org, strategy_pk, response_pk) -> ProgrammeResponse:
    return get_object_or_404(
        ProgrammeResponse.objects.select_related("item__programme__strategy"),
        item__programme__strategy__organisation=org,
        item__programme__strategy_id=strategy_pk,
        pk=response_pk,
    )


def _refresh_seen(sub, form, model, pk, fields) -> None:
    """After a conflict the user has been told: the form now carries the stored state, so that
    saving again deliberately replaces the other person's change."""
    if sub.conflict:
        stored = model.objects.filter(pk=pk).first()
        if stored is not None:
            form.data = form.data.copy()
            form.data["seen"] = state_of(stored, fields)


def _programme_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("seen", None)
    for key in ("issuer", "published"):
        data[key] = data.get(key) or ""
    return data


@org_view(roles=EDIT_STRATEGY)
def programme_create(request, org, strategy_pk):
    strategy = _strategy(org, strategy_pk)
    form = ProgrammeForm(request.POST or None)

    def save():
        return services.programme_save(
            strategy=strategy, actor=request.user, **_programme_fields(form)
        )

    sub = submit(request, form, save)
    if sub.saved:
        return _saved(
            request, org, strategy, _("Udspillet er oprettet."), f"udspil-{sub.result.pk}"
        )
    return _form_page(
        request,
        form,
        title=_("Nyt nationalt udspil"),
        cancel=_detail_url(org, strategy),
        status=sub.status,
    )


@org_view(roles=EDIT_STRATEGY)
def programme_edit(request, org, strategy_pk, programme_pk):
    programme = _programme(org, strategy_pk, programme_pk)
    form = ProgrammeForm(
        request.POST or None,
        initial={
            "name": programme.name,
            "issuer": programme.issuer,
            "published": programme.published,
            "seen": state_of(programme, services.PROGRAMME_FIELDS),
        },
    )

    def save():
        return services.programme_save(
            strategy=programme.strategy,
            actor=request.user,
            programme=programme,
            expected_state=form.cleaned_data.get("seen") or None,
            **_programme_fields(form),
        )

    sub = submit(request, form, save)
    _refresh_seen(sub, form, NationalProgramme, programme.pk, services.PROGRAMME_FIELDS)
    if sub.saved:
        return _saved(
            request, org, programme.strategy, _("Ændringerne er gemt."), f"udspil-{programme.pk}"
        )
    return _form_page(
        request,
        form,
        title=_("Redigér nationalt udspil"),
        cancel=_detail_url(org, programme.strategy),
        status=sub.status,
    )


@org_view(roles=EDIT_STRATEGY)
def programme_delete(request, org, strategy_pk, programme_pk):
    programme = _programme(org, strategy_pk, programme_pk)
    if request.method == "POST":
        services.programme_delete(programme=programme, actor=request.user)
        return _saved(request, org, programme.strategy, _("Udspillet er slettet."))
    return _confirm(
        request,
        title=_("Slet udspillet?"),
        text=_("»%(n)s« slettes med alle punkter og kommunens initiativer under dem.")
        % {"n": programme.name},
        cancel=_detail_url(org, programme.strategy),
    )


@org_view(roles=EDIT_STRATEGY)
def item_create(request, org, strategy_pk, programme_pk):
    programme = _programme(org, strategy_pk, programme_pk)
    form = ItemForm(request.POST or None)

    def save():
        return services.item_save(
            programme=programme, actor=request.user, text=form.cleaned_data["text"]
        )

    sub = submit(request, form, save)
    if sub.saved:
        return _saved(
            request, org, programme.strategy, _("Punktet er oprettet."), f"udspil-{programme.pk}"
        )
    return _form_page(
        request,
        form,
        title=_("Nyt punkt i »%(n)s«") % {"n": programme.name},
        cancel=_detail_url(org, programme.strategy),
        status=sub.status,
    )


@org_view(roles=EDIT_STRATEGY)
def item_edit(request, org, strategy_pk, item_pk):
    item = _item(org, strategy_pk, item_pk)
    strategy = item.programme.strategy
    form = ItemForm(
        request.POST or None,
        initial={"text": item.text, "seen": state_of(item, services.ITEM_FIELDS)},
    )

    def save():
        return services.item_save(
            programme=item.programme,
            actor=request.user,
            item=item,
            expected_state=form.cleaned_data.get("seen") or None,
            text=form.cleaned_data["text"],
        )

    sub = submit(request, form, save)
    _refresh_seen(sub, form, ProgrammeItem, item.pk, services.ITEM_FIELDS)
    if sub.saved:
        return _saved(
            request, org, strategy, _("Ændringerne er gemt."), f"udspil-{item.programme_id}"
        )
    return _form_page(
        request,
        form,
        title=_("Redigér punkt"),
        cancel=_detail_url(org, strategy),
        status=sub.status,
    )


@org_view(roles=EDIT_STRATEGY)
def item_delete(request, org, strategy_pk, item_pk):
    item = _item(org, strategy_pk, item_pk)
    strategy = item.programme.strategy
    if request.method == "POST":
        services.item_delete(item=item, actor=request.user)
        return _saved(request, org, strategy, _("Punktet er slettet."))
    return _confirm(
        request, title=_("Slet punktet?"), text=item.text, cancel=_detail_url(org, strategy)
    )


@org_view(roles=EDIT_STRATEGY)
def response_create(request, org, strategy_pk, item_pk):
    item = _item(org, strategy_pk, item_pk)
    strategy = item.programme.strategy
    form = ResponseForm(request.POST or None, organisation=org)

    def save():
        return services.response_create(item=item, actor=request.user, **form.service_fields())

    sub = submit(request, form, save)
    if sub.saved:
        return _saved(
            request, org, strategy, _("Initiativet er tilføjet."), f"udspil-{item.programme_id}"
        )
    return _form_page(
        request,
        form,
        title=_("Nyt initiativ i kommunen"),
        cancel=_detail_url(org, strategy),
        status=sub.status,
        intro=item.text,
    )


@org_view(roles=EDIT_STRATEGY)
def response_edit(request, org, strategy_pk, response_pk):
    response = _response(org, strategy_pk, response_pk)
    strategy = response.item.programme.strategy
    form = ResponseForm(
        request.POST or None,
        organisation=org,
        initial={
            "version": response.version,
            "text": response.text,
            "initiative": str(response.initiative_id or ""),
            "status": response.status,
            "status_year": response.status_year,
            "status_note": response.status_note,
        },
    )

    def save():
        return services.response_update(
            response=response,
            actor=request.user,
            expected_version=form.cleaned_data.get("version"),
            **form.service_fields(),
        )

    sub = submit(request, form, save)
    if sub.saved:
        return _saved(
            request, org, strategy, _("Status er gemt."), f"udspil-{response.item.programme_id}"
        )
    return _form_page(
        request,
        form,
        title=_("Redigér initiativ og status"),
        cancel=_detail_url(org, strategy),
        status=sub.status,
        conflict_url=_detail_url(org, strategy, f"udspil-{response.item.programme_id}")
        if sub.conflict
        else "",
        conflict=response if sub.conflict else None,
        intro=response.item.text,
    )


@org_view(roles=EDIT_STRATEGY)
def response_delete(request, org, strategy_pk, response_pk):
    response = _response(org, strategy_pk, response_pk)
    strategy = response.item.programme.strategy
    if request.method == "POST":
        services.response_delete(response=response, actor=request.user)
        return _saved(request, org, strategy, _("Initiativet er slettet."))
    return _confirm(
        request, title=_("Slet initiativet?"), text=response.text, cancel=_detail_url(org, strategy)
    )
