"""Reads scoped to the token's organisation. An id of another organisation's object is
answered exactly like an id that does not exist (404), so nothing leaks between tenants."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from indsats.initiatives.models import CostFactor, CostLine, Initiative, Scenario
from indsats.initiatives.selectors import initiative_queryset
from indsats.organisations.models import Organisation, Parameter

from .errors import NotFound


def initiatives(organisation: Organisation) -> QuerySet[Initiative]:
    """What an initiative's JSON needs, in a fixed number of queries."""
    return (
        Initiative.objects.filter(organisation=organisation)
        .select_related("organisation", "theme", "focus_area", "unit")
        .prefetch_related("kl_recommendations")
    )


def initiative_list(
    organisation: Organisation,
    *,
    step: int | None = None,
    theme: str | None = None,
    funding: str | None = None,
    state: str | None = None,
    q: str | None = None,
) -> QuerySet[Initiative]:
    qs = initiatives(organisation)
    if step is not None:
        qs = qs.filter(priority_step=step)
    if theme:
        qs = qs.filter(theme__name__iexact=theme.strip())
    if funding:
        qs = qs.filter(funding=funding)
    if state:
        qs = qs.filter(state=state)
    if q and q.strip():
        term = q.strip()
        qs = qs.filter(
            Q(code__icontains=term)
            | Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(purpose__icontains=term)
        )
    return qs.order_by("priority_step", "theme__order", "theme__name", "code")


def _missing(noun: str, ident) -> NotFound:
    return NotFound(_("Der findes ingen %(noun)s med id %(id)s.") % {"noun": noun, "id": ident})


def initiative(organisation: Organisation, initiative_id: int) -> Initiative:
    found = initiatives(organisation).filter(pk=initiative_id).first()
    if found is None:
        raise _missing(_("indsats"), initiative_id)
    return found


def initiative_with_costs(organisation: Organisation, initiative_id: int) -> Initiative:
    """The initiative with its cost lines, factors and scenarios prefetched."""
    found = (
        initiative_queryset(organisation)
        .select_related("organisation")
        .filter(pk=initiative_id)
        .first()
    )
    if found is None:
        raise _missing(_("indsats"), initiative_id)
    return found


def _cost_lines() -> QuerySet[CostLine]:
    return CostLine.objects.select_related("initiative__organisation").prefetch_related(
        Prefetch("factors", queryset=CostFactor.objects.select_related("parameter"))
    )


def cost_lines_of(initiative: Initiative) -> QuerySet[CostLine]:
    return _cost_lines().filter(initiative=initiative)


def cost_line(organisation: Organisation, line_id: int) -> CostLine:
    found = _cost_lines().filter(initiative__organisation=organisation, pk=line_id).first()
    if found is None:
        raise _missing(_("omkostningslinje"), line_id)
    return found


def _scenarios() -> QuerySet[Scenario]:
    return Scenario.objects.select_related("initiative__organisation").prefetch_related("values")


def scenarios_of(initiative: Initiative) -> QuerySet[Scenario]:
    return _scenarios().filter(initiative=initiative)


def scenario(organisation: Organisation, scenario_id: int) -> Scenario:
    found = _scenarios().filter(initiative__organisation=organisation, pk=scenario_id).first()
    if found is None:
        raise _missing(_("scenarie"), scenario_id)
    return found


def parameters(organisation: Organisation) -> QuerySet[Parameter]:
    return (
        Parameter.objects.filter(organisation=organisation)
        .select_related("organisation")
        .prefetch_related("values")
    )


def parameter(organisation: Organisation, key: str) -> Parameter:
    found = parameters(organisation).filter(key=key).first()
    if found is None:
        raise NotFound(_("Der findes ingen parameter med nøglen »%(key)s«.") % {"key": key[:60]})
    return found


# --- budget notes, indicators and status updates ----------------------------------------------


def budget_notes(organisation: Organisation):
    from indsats.budgets.models import Allocation, BudgetNote, Spending

    return (
        BudgetNote.objects.filter(organisation=organisation)
        .select_related("organisation", "unit")
        .prefetch_related(
            Prefetch("initiatives", queryset=Initiative.objects.order_by("code")),
            Prefetch("allocations", queryset=Allocation.objects.order_by("year")),
            Prefetch("spendings", queryset=Spending.objects.order_by("year")),
        )
        .order_by("budget_year", "code")
    )


def budget_note(organisation: Organisation, note_id: int):
    found = budget_notes(organisation).filter(pk=note_id).first()
    if found is None:
        raise _missing(_("budgetnotat"), note_id)
    return found


def initiatives_by_code(organisation: Organisation, codes, field: str) -> list[Initiative]:
    """The organisation's initiatives with these numbers; an unknown number is a 400 on
    ``field``."""
    from indsats.core.services import ServiceError

    codes = list(dict.fromkeys(codes))
    found = {
        i.code: i for i in Initiative.objects.filter(organisation=organisation, code__in=codes)
    }
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ServiceError(
            errors={
                field: [
                    _("Der findes ingen indsats med nummeret %(codes)s i kataloget.")
                    % {"codes": ", ".join(f"»{c}«" for c in unknown)}
                ]
            }
        )
    return [found[c] for c in codes]


def indicators(organisation: Organisation):
    from indsats.indicators.models import Indicator

    return Indicator.objects.filter(organisation=organisation).select_related(
        "organisation", "initiative", "budget_note"
    )


def indicator(organisation: Organisation, indicator_id: int):
    found = indicators(organisation).filter(pk=indicator_id).first()
    if found is None:
        raise _missing(_("indikator"), indicator_id)
    return found


def status_updates():
    from indsats.followup.models import StatusUpdate
    from indsats.indicators.models import IndicatorValue

    return StatusUpdate.objects.select_related(
        "initiative__organisation", "superseded_by"
    ).prefetch_related(
        Prefetch(
            "indicator_values",
            queryset=IndicatorValue.objects.select_related("indicator").order_by(
                "indicator__order", "indicator__name", "year", "pk"
            ),
        )
    )


def status_update(organisation: Organisation, update_id: int):
    found = status_updates().filter(initiative__organisation=organisation, pk=update_id).first()
    if found is None:
        raise _missing(_("statusopdatering"), update_id)
    return found
