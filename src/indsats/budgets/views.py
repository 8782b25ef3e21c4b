"""Budget note pages: thin — parse, check permission, call a service or selector, render."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from indsats.calc.allocations import format_allocation
from indsats.calc.codes import code_key, note_order, note_order_key
from indsats.core.access import can_edit, org_view
from indsats.core.forms import apply_service_errors, submit
from indsats.core.history import object_history
from indsats.core.services import ConflictError, InUseError, ServiceError
from indsats.indicators.views import indicator_rows
from indsats.organisations.models import EDIT_CATALOGUE

from . import selectors, services
from .forms import (
    AllocationForm,
    BudgetNoteForm,
    FundedScenariosForm,
    SpendingForm,
    allocation_text,
)
from .models import BudgetNote


def note_allocation(note: BudgetNote) -> tuple[dict[int, Decimal], str]:
    """The note's allocation per year and its price level, from the prefetched rows: the
    allocation to the note as a whole, or (when it has none) the sum of its initiatives'."""
    rows = list(note.allocations.all())
    whole = [a for a in rows if a.initiative_id is None] or rows
    amounts: dict[int, Decimal] = defaultdict(Decimal)
    for a in whole:
        amounts[a.year] += a.amount
    price = next((a.price_level for a in whole if a.price_level), "")
    return dict(amounts), price


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _allocation_label(note: BudgetNote) -> str:
    amounts, price = note_allocation(note)
    return format_allocation(amounts, price_level=price)


@org_view()
def note_list(request, org):
    notes = selectors.note_queryset(org)
    q = request.GET.get("q", "").strip()
    if q:
        notes = notes.filter(
            Q(code__icontains=q)
            | Q(title__icontains=q)
            | Q(purpose__icontains=q)
            | Q(initiatives__code__iexact=q)
            | Q(initiatives__title__icontains=q)
        ).distinct()
    years = sorted(
        set(BudgetNote.objects.filter(organisation=org).values_list("budget_year", flat=True)),
        reverse=True,
    )
    year = request.GET.get("aar", "")
    if year:
        if not year.isdigit():
            year = ""
        else:
            notes = notes.filter(budget_year=int(year))
    groups: dict[int, list] = defaultdict(list)
    order = note_order_key(note_order(org.budget_note_order))  # the organisation's order
    for note in sorted(notes, key=lambda n: (-n.budget_year, order(n.code))):
        groups[note.budget_year].append((note, _allocation_label(note)))
    return render(
        request,
        "budgets/list.html",
        {
            "groups": sorted(groups.items(), reverse=True),
            "years": years,
            "year": year,
            "q": q,
            "total": sum(len(g) for g in groups.values()),
            "can_edit": can_edit(request),
        },
    )


def _get_note(org, pk) -> BudgetNote:
    return get_object_or_404(selectors.note_queryset(org), pk=pk)


@org_view()
def note_detail(request, org, note_pk):
    note = _get_note(org, note_pk)
    figures = selectors.finance(note)
    initiatives = {i.pk: i for i in note.initiatives.all()}
    finances = []
    for key, fin in figures.items():
        initiative = initiatives.get(key)
        own = {a.year: a.amount for a in note.allocations.all() if a.initiative_id == key}
        finances.append(
            {
                "initiative": initiative,
                "finance": fin,
                "text": format_allocation(own, price_level=fin.price_level),
                "totals": {
                    "allocated": sum((y.allocated or 0 for y in fin.years), Decimal(0)),
                    "spent": sum((y.spent or 0 for y in fin.years), Decimal(0)),
                    "planned": sum((y.planned or 0 for y in fin.years), Decimal(0)),
                },
            }
        )
    history = object_history(org, obj=note, limit=50)
    return render(
        request,
        "budgets/detail.html",
        {
            "note": note,
            "allocation_text": _allocation_label(note),
            "finances": finances,
            "initiatives": sorted(initiatives.values(), key=lambda i: code_key(i.code)),
            "indicators": indicator_rows(note.indicators.all()),
            "history": history,
            "can_edit": can_edit(request),
        },
    )


def _save_note(request, org, form, note=None):
    data = form.cleaned_data
    fields = {f: data.get(f) for f in services.NOTE_FIELDS}
    fields["purpose"] = fields["purpose"] or ""
    if note is None:
        return services.budget_note_create(
            organisation=org, actor=request.user, initiatives=data["initiatives"], **fields
        )
    return services.budget_note_update(
        note=note,
        actor=request.user,
        expected_version=data.get("version"),
        initiatives=data["initiatives"],
        **fields,
    )


@org_view(roles=EDIT_CATALOGUE)
def note_create(request, org):
    form = BudgetNoteForm(
        request.POST or None, organisation=org, initial={"budget_year": org.budget_year}
    )
    sub = submit(request, form, lambda: _save_note(request, org, form))
    if sub.saved:
        messages.success(
            request,
            _("Budgetnotatet %(code)s er oprettet. Skriv nu de afsatte midler.")
            % {"code": sub.result.code},
        )
        return redirect("budgets:allocation", org=org.slug, note_pk=sub.result.pk)
    return render(request, "budgets/form.html", {"form": form, "note": None}, status=sub.status)


@org_view(roles=EDIT_CATALOGUE)
def note_edit(request, org, note_pk):
    note = _get_note(org, note_pk)
    form = BudgetNoteForm(request.POST or None, instance=note, organisation=org)
    sub = submit(request, form, lambda: _save_note(request, org, form, note))
    if sub.saved:
        messages.success(request, _("Ændringerne er gemt."))
        return redirect("budgets:detail", org=org.slug, note_pk=note.pk)
    conflict = BudgetNote.objects.get(pk=note.pk) if sub.conflict else None
    return render(
        request,
        "budgets/form.html",
        {"form": form, "note": note, "conflict": conflict},
        status=sub.status,
    )


@org_view(roles=EDIT_CATALOGUE)
def note_delete(request, org, note_pk):
    note = _get_note(org, note_pk)
    if request.method == "POST":
        try:
            services.budget_note_delete(
                note=note, actor=request.user, expected_version=_int(request.POST.get("version"))
            )
        except InUseError:
            raise  # a 409 page naming what depends on the note (core.middleware.InUseMiddleware)
        except ServiceError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("budgets:detail", org=org.slug, note_pk=note.pk)
        messages.success(request, _("Budgetnotatet %(code)s er slettet.") % {"code": note.code})
        return redirect("budgets:list", org=org.slug)
    return render(request, "budgets/confirm_delete.html", {"note": note})


@org_view(roles=EDIT_CATALOGUE)
def allocation_edit(request, org, note_pk):
    note = _get_note(org, note_pk)
    current = []
    by_initiative: dict = defaultdict(dict)
    prices: dict = {}
    for a in note.allocations.all():
        by_initiative[a.initiative_id][a.year] = a.amount
        prices.setdefault(a.initiative_id, a.price_level)
    initiatives = {i.pk: i for i in note.initiatives.all()}
    for key, amounts in by_initiative.items():
        current.append(
            (initiatives.get(key), format_allocation(amounts, price_level=prices.get(key, "")))
        )
    # ?indsats=<pk> opens the form on one initiative's own allocation.
    chosen = initiatives.get(_int(request.GET.get("indsats")))
    key = chosen.pk if chosen else None
    form = AllocationForm(
        request.POST or None,
        note=note,
        initial={
            "text": allocation_text(by_initiative.get(key, {})),
            "price_level": prices.get(key) or org.price_level,
            "initiative": chosen,
            "version": note.version,
        },
    )
    status = 200
    conflict = False
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.allocation_set(
                    note=note,
                    actor=request.user,
                    amounts=data["text"],
                    initiative=data["initiative"],
                    price_level=data["price_level"].strip(),
                    expected_version=data.get("version"),
                )
            except ConflictError as exc:
                form.add_error(None, exc.messages[0])
                conflict = True
            except ServiceError as exc:
                for field, msgs in exc.errors.items():
                    for m in msgs:
                        form.add_error("text" if field == "amounts" else None, m)
            else:
                messages.success(
                    request,
                    _("Bevillingen er gemt: %(text)s")
                    % {
                        "text": format_allocation(
                            data["text"], price_level=data["price_level"].strip()
                        )
                    },
                )
                return redirect("budgets:detail", org=org.slug, note_pk=note.pk)
        status = 409 if conflict else 400
    return render(
        request,
        "budgets/allocation_form.html",
        {
            "form": form,
            "note": note,
            "current": sorted(current, key=lambda c: (c[0] is not None, c[0] and c[0].code)),
        },
        status=status,
    )


@org_view(roles=EDIT_CATALOGUE)
def spending_edit(request, org, note_pk):
    note = _get_note(org, note_pk)
    years = sorted({a.year for a in note.allocations.all()})
    if not years:
        messages.error(
            request,
            _(
                "Budgetnotatet har ingen bevilling endnu. Skriv de afsatte midler, før du "
                "registrerer forbrug."
            ),
        )
        return redirect("budgets:allocation", org=org.slug, note_pk=note.pk)
    default_year = org.budget_year if org.budget_year in years else years[-1]
    form = SpendingForm(
        request.POST or None,
        note=note,
        years=years,
        initial={"year": default_year, "version": note.version},
    )
    status = 200
    conflict = False
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.spending_set(
                    note=note,
                    actor=request.user,
                    year=data["year"],
                    amount=data["amount"],
                    initiative=data["initiative"],
                    comment=data["comment"] or "",
                    expected_version=data.get("version"),
                )
            except ConflictError as exc:
                form.add_error(None, exc.messages[0])
                conflict = True
            except ServiceError as exc:
                apply_service_errors(form, exc)
            else:
                if data["amount"] is None:
                    text = _("Forbruget for %(year)s er fjernet.") % {"year": data["year"]}
                else:
                    text = _("Forbruget for %(year)s er gemt.") % {"year": data["year"]}
                messages.success(request, text)
                return redirect("budgets:detail", org=org.slug, note_pk=note.pk)
        status = 409 if conflict else 400
    spendings = sorted(
        note.spendings.all(), key=lambda s: (s.year, s.initiative_id is not None, s.initiative_id)
    )
    initiatives = {i.pk: i for i in note.initiatives.all()}
    return render(
        request,
        "budgets/spending_form.html",
        {
            "form": form,
            "note": note,
            "years": years,
            "spendings": [(s, initiatives.get(s.initiative_id)) for s in spendings],
        },
        status=status,
    )


@org_view(roles=EDIT_CATALOGUE)
def funded_scenarios_edit(request, org, note_pk):
    """Which scenario of each initiative the note funds (»Planlagt« is its cost)."""
    note = _get_note(org, note_pk)
    form = FundedScenariosForm(request.POST or None, note=note)

    def save():
        return services.funded_scenarios_set(note=note, actor=request.user, scenarios=form.chosen())

    sub = submit(request, form, save)
    if sub.saved:
        messages.success(request, _("De finansierede scenarier er gemt."))
        return redirect("budgets:detail", org=org.slug, note_pk=note.pk)
    return render(
        request,
        "budgets/scenarios_form.html",
        {"form": form, "note": note},
        status=sub.status,
    )
