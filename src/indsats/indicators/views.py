"""Indicator pages: thin — parse, check permission, call a service or selector, render."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indsats.calc.indicators import Direction as CalcDirection
from indsats.calc.indicators import format_figure, format_value, progress
from indsats.core.access import can_edit, org_view
from indsats.core.forms import apply_service_errors, submit
from indsats.core.services import ConflictError, ServiceError
from indsats.indicators.choices import VerdictChoices
from indsats.organisations.models import EDIT_CATALOGUE, EDIT_STATUS
from indsats.reports.charts import indicator_chart

from . import selectors, services
from .forms import IndicatorForm, TargetForm, ValueForm, WithdrawForm
from .models import Indicator, IndicatorValue, Target, ValueAction


@dataclass
class IndicatorRow:
    indicator: Indicator
    series: dict[int, Decimal] = field(default_factory=dict)
    target: Target | None = None
    verdict: tuple[str, str] | None = None
    # (year, "foreløbig pr. 30. april 2026") when the newest value is part-year: not judged
    provisional: tuple[int, str] | None = None

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def latest(self) -> tuple[int, str] | None:
        if not self.series:
            return None
        year = max(self.series)
        return year, self.figure(self.series[year]) + self.provisional_tail(year)

    def provisional_tail(self, year: int) -> str:
        return selectors.provisional_tail(self.provisional, year)

    def figure(self, value: Decimal) -> str:
        """A value as the indicator's kind writes it (``45 i alt``, ``ca. 40 årligt`` …)."""
        kind = self.indicator.kind
        return format_figure(value, self.unit, kind, since_year=self.indicator.since_year)

    @property
    def formatted(self) -> list[tuple[int, str]]:
        return [
            (y, self.figure(v) + self.provisional_tail(y)) for y, v in sorted(self.series.items())
        ]

    @property
    def target_text(self) -> str:
        t = self.target
        if t is None:
            return ""
        return _("%(target)s i %(deadline)s (fra %(base)s i %(year)s)") % {
            "target": format_value(t.target_value, self.unit),
            "deadline": t.deadline_year,
            "base": format_value(t.baseline_value, self.unit),
            "year": t.baseline_year,
        }


def _verdict(
    indicator: Indicator, target: Target | None, series, part_years
) -> tuple[str, str] | None:
    if target is None:
        return None
    result = progress(
        baseline=target.baseline_value,
        baseline_year=target.baseline_year,
        target=target.target_value,
        deadline_year=target.deadline_year,
        direction=CalcDirection(indicator.direction),
        series=series,
        part_years=part_years,
    )
    return VerdictChoices.label_of(result.verdict), VerdictChoices.colour(result.verdict)


def indicator_rows(indicators) -> list[IndicatorRow]:
    """Indicators with their current series (newest value per year), latest target and the
    verdict against it: three queries whatever the number of indicators."""
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    points = selectors.points_as_of(ids)
    targets = selectors.targets_for(ids)
    rows = []
    for indicator in indicators:
        known = points.get(indicator.pk, {})
        s = {year: point.value for year, point in known.items()}
        partial = selectors.part_years(known)
        target = (targets.get(indicator.pk) or [None])[-1]
        verdict = _verdict(indicator, target, s, partial)
        rows.append(IndicatorRow(indicator, s, target, verdict, selectors.provisional(known)))
    return rows


def _org_indicators(org):
    return Indicator.objects.filter(organisation=org).select_related("initiative", "budget_note")


def owner_label(indicator: Indicator) -> str:
    if indicator.initiative_id:
        return f"{indicator.initiative.code} {indicator.initiative.title}"
    if indicator.budget_note_id:
        return f"{indicator.budget_note.code} ({indicator.budget_note.budget_year})"
    return _("Organisationen")


@org_view()
def indicator_list(request, org):
    indicators = _org_indicators(org)
    q = request.GET.get("q", "").strip()
    if q:
        indicators = indicators.filter(
            Q(name__icontains=q)
            | Q(definition__icontains=q)
            | Q(initiative__code__iexact=q)
            | Q(budget_note__code__iexact=q)
        )
    rows = indicator_rows(indicators.order_by("name"))
    return render(
        request,
        "indicators/list.html",
        {
            "rows": [(r, owner_label(r.indicator)) for r in rows],
            "q": q,
            "can_edit": can_edit(request),
        },
    )


def _get_indicator(org, pk) -> Indicator:
    return get_object_or_404(_org_indicators(org), pk=pk)


def chart_svg(indicator: Indicator, series: dict[int, Decimal], targets: list[Target]) -> str:
    """The indicator's chart with its target line and baseline (reports.charts)."""
    return indicator_chart(
        series,
        targets,
        indicator.unit,
        indicator.name,
        width=640,
        height=280,
        chart_id=f"indikator-{indicator.pk}",
    )


@org_view()
def indicator_detail(request, org, indicator_pk):
    indicator = _get_indicator(org, indicator_pk)
    row = indicator_rows([indicator])[0]
    rows = list(
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("status_update")
        .order_by("year", "date", "recorded_on", "created_at", "id")
    )
    values = [v for v in rows if v.action == ValueAction.VALUE]
    # Withdrawals and their undoing, per value, oldest first; the newest decides.
    actions: dict[int, list[IndicatorValue]] = {}
    for v in sorted(rows, key=lambda v: (v.created_at, v.pk)):
        if v.action != ValueAction.VALUE:
            actions.setdefault(v.target_id, []).append(v)
    withdrawn = {pk for pk, acts in actions.items() if acts[-1].action == ValueAction.WITHDRAW}
    # The newest value of each period that is not withdrawn counts; the rest are older versions.
    current = {}
    for v in values:
        if v.pk not in withdrawn:
            current[(v.year, v.date)] = v.pk
    by_year = []
    for v in reversed(values):
        by_year.append(
            {
                "row": v,
                "text": format_figure(
                    v.value,
                    indicator.unit,
                    indicator.kind,
                    whole=v.whole,
                    since_year=indicator.since_year,
                ),
                "current": current.get((v.year, v.date)) == v.pk,
                "withdrawn": v.pk in withdrawn,
                "actions": actions.get(v.pk, []),
            }
        )
    targets = list(indicator.targets.all())
    membership = request.membership
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "row": row,
            "owner": owner_label(indicator),
            "values": by_year,
            "targets": [(t, row.target_text if t == row.target else "") for t in targets],
            "chart": mark_safe(chart_svg(indicator, row.series, targets)) if row.series else "",  # noqa: S308 - built from escaped values
            "can_edit": can_edit(request),
            "can_report": membership.role in EDIT_STATUS,
        },
    )


def _owner_initial(request, org) -> str:
    initiative = request.GET.get("indsats", "")
    note = request.GET.get("notat", "")
    if initiative.isdigit():
        return f"i{initiative}"
    if note.isdigit():
        return f"n{note}"
    return "org"


@org_view(roles=EDIT_CATALOGUE)
def indicator_create(request, org):
    form = IndicatorForm(
        request.POST or None,
        organisation=org,
        initial={"owner": _owner_initial(request, org), "direction": "higher"},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                indicator = services.indicator_create(
                    organisation=org,
                    actor=request.user,
                    name=data["name"],
                    unit=data["unit"],
                    direction=data["direction"],
                    definition=data["definition"] or "",
                    source=data["source"] or "",
                    may_exceed_100=bool(data.get("may_exceed_100")),
                    kind=data.get("kind") or "yearly",
                    since_year=data.get("since_year"),
                    owner=data["responsible"],
                    **data["owner"],
                )
            except ServiceError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Indikatoren »%(name)s« er oprettet. Tilføj nu et mål og de første værdier.")
                    % {"name": indicator.name},
                )
                return redirect("indicators:detail", org=org.slug, indicator_pk=indicator.pk)
        status = 400
    return render(request, "indicators/form.html", {"form": form, "indicator": None}, status=status)


@org_view(roles=EDIT_CATALOGUE)
def indicator_edit(request, org, indicator_pk):
    indicator = _get_indicator(org, indicator_pk)
    form = IndicatorForm(request.POST or None, instance=indicator, organisation=org)

    def save():
        data = form.cleaned_data
        return services.indicator_update(
            indicator=indicator,
            actor=request.user,
            expected_version=data.get("version"),
            name=data["name"],
            unit=data["unit"],
            direction=data["direction"],
            definition=data["definition"] or "",
            source=data["source"] or "",
            may_exceed_100=bool(data.get("may_exceed_100")),
            kind=data.get("kind") or "yearly",
            since_year=data.get("since_year"),
            owner=data["responsible"],
            **data["owner"],
        )

    sub = submit(request, form, save)
    if sub.saved:
        messages.success(request, _("Ændringerne er gemt."))
        return redirect("indicators:detail", org=org.slug, indicator_pk=indicator.pk)
    conflict = Indicator.objects.get(pk=indicator.pk) if sub.conflict else None
    return render(
        request,
        "indicators/form.html",
        {"form": form, "indicator": indicator, "conflict": conflict},
        status=sub.status,
    )


@org_view(roles=EDIT_CATALOGUE)
def indicator_delete(request, org, indicator_pk):
    indicator = _get_indicator(org, indicator_pk)
    if request.method == "POST":
        services.indicator_delete(indicator=indicator, actor=request.user)
        messages.success(
            request, _("Indikatoren »%(name)s« er slettet.") % {"name": indicator.name}
        )
        return redirect("indicators:list", org=org.slug)
    return render(
        request,
        "indicators/confirm_delete.html",
        {
            "indicator": indicator,
            "count": indicator.values.filter(action=ValueAction.VALUE).count(),
        },
    )


@org_view(roles=EDIT_STATUS)
def value_add(request, org, indicator_pk):
    indicator = _get_indicator(org, indicator_pk)
    year = request.GET.get("aar", "")
    form = ValueForm(
        request.POST or None,
        indicator=indicator,
        initial={"year": int(year) if year.isdigit() else org.budget_year},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.indicator_value_add(
                    indicator=indicator,
                    actor=request.user,
                    year=data["year"],
                    value=data["value"],
                    whole=data.get("whole"),
                    date=data["date"],
                    note=data["note"] or "",
                    recorded_on=data["recorded_on"],
                )
            except ServiceError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Værdien for %(year)s er gemt: %(value)s.")
                    % {
                        "year": data["year"],
                        "value": format_figure(
                            data["value"],
                            indicator.unit,
                            indicator.kind,
                            whole=data.get("whole"),
                            since_year=indicator.since_year,
                        ),
                    },
                )
                return redirect("indicators:detail", org=org.slug, indicator_pk=indicator.pk)
        status = 400
    return render(
        request,
        "indicators/value_form.html",
        {"form": form, "indicator": indicator},
        status=status,
    )


@org_view(roles=EDIT_STATUS)
def value_withdraw(request, org, indicator_pk, value_pk, restore: bool):
    """Withdraw a value (or undo a withdrawal): GET asks, POST does it."""
    indicator = _get_indicator(org, indicator_pk)
    value = get_object_or_404(
        IndicatorValue, indicator=indicator, pk=value_pk, action=ValueAction.VALUE
    )
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    service = services.indicator_value_restore if restore else services.indicator_value_withdraw
    sub = submit(
        request,
        form,
        lambda: service(value=value, actor=request.user, reason=form.cleaned_data["reason"]),
    )
    text = format_value(value.value, indicator.unit)
    period = value.date.strftime("%d.%m.%Y") if value.date else str(value.year)
    if sub.saved:
        if restore:
            msg = _("Værdien %(value)s for %(period)s tæller igen.")
        else:
            msg = _(
                "Værdien %(value)s for %(period)s er trukket tilbage. Du kan fortryde i listen."
            )
        messages.success(request, msg % {"value": text, "period": period})
        return redirect(
            reverse("indicators:detail", kwargs={"org": org.slug, "indicator_pk": indicator.pk})
            + "#vaerdier"
        )
    return render(
        request,
        "indicators/value_withdraw.html",
        {
            "form": form,
            "indicator": indicator,
            "value": value,
            "text": text,
            "period": period,
            "restore": restore,
        },
        status=sub.status,
    )


@org_view(roles=EDIT_CATALOGUE)
def target_edit(request, org, indicator_pk):
    """Set the indicator's target (its latest one is changed; the first is created)."""
    indicator = _get_indicator(org, indicator_pk)
    target = indicator.targets.order_by("deadline_year", "id").last()
    initial = {}
    if target:
        initial = {
            "baseline_value": target.baseline_value,
            "baseline_year": target.baseline_year,
            "target_value": target.target_value,
            "deadline_year": target.deadline_year,
        }
    initial["version"] = indicator.version
    form = TargetForm(request.POST or None, indicator=indicator, initial=initial)
    status = 200
    conflict = False
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            expected = data.pop("version", None)
            try:
                services.target_set(
                    indicator=indicator,
                    actor=request.user,
                    target=target,
                    expected_version=expected,
                    **data,
                )
            except ConflictError as exc:
                form.add_error(None, exc.messages[0])
                conflict = True
            except ServiceError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Målet er gemt."))
                return redirect("indicators:detail", org=org.slug, indicator_pk=indicator.pk)
        status = 409 if conflict else 400
    return render(
        request,
        "indicators/target_form.html",
        {"form": form, "indicator": indicator, "target": target},
        status=status,
    )
