"""Reads for the optimiser: the problem as the catalogue states it (costs per budget year under
each scenario, expected effects, frames, dependencies), the proposal with its grounds worded in
Danish, and the frontier. The page, the reports, the API and ``indsats optimise`` all call
``optimisation``. What-if changes (a frame, a parameter such as the hourly rate) are passed in
and never stored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indsats.calc import costs as calc
from indsats.calc import optimise as opt
from indsats.calc.codes import code_key
from indsats.calc.danish import format_kr, format_mio, format_number
from indsats.organisations.models import Organisation, ParameterValue, parameter_values_for_year

from .models import BudgetFrame, EffectUnit, ExpectedEffect, Initiative, InitiativeDependency
from .selectors import with_calc_models

WEIGHTED = "vaegtet"  # the objective key for the weighted sum of effects
BASE_KEY = "base"  # the option of an initiative without scenarios


class OptimiserInputError(ValueError):
    """Input the optimiser cannot use; the message is a Danish sentence."""


@dataclass
class Row:
    initiative: Initiative
    current: str  # the scenario selected today
    proposed: opt.Option | None
    item: opt.Item
    reason: opt.Reason | None
    why: str  # the reason, worded
    effects: dict[str, Decimal] = field(default_factory=dict)  # of the proposed option


@dataclass
class Optimisation:
    organisation: Organisation
    year: int
    objective: str  # an effect unit key or WEIGHTED
    objective_label: str
    units: list[EffectUnit]
    problem: opt.Problem
    proposal: opt.Proposal
    rows: list[Row]
    problems: list[str]  # infeasibility, worded
    notes: list[str]  # what was left out and why
    frontier: list[opt.FrontierPoint]
    current_value: Decimal
    current_usage: list[opt.FrameUse]
    frame_overrides: dict[tuple[int, int], Decimal]
    parameter_overrides: dict[str, Decimal]
    must: dict[int, str] = field(default_factory=dict)
    funding: str | None = None
    illustrative: bool = False  # some expected effect is an illustrative guess

    @property
    def adopt_choices(self) -> dict[int, int]:
        """Initiative id -> scenario id for every initiative the proposal selects in a scenario."""
        return {
            r.initiative.pk: int(r.proposed.key)
            for r in self.rows
            if r.proposed is not None and r.proposed.key != BASE_KEY
        }

    @property
    def unit(self) -> str:
        for u in self.units:
            if u.key == self.objective:
                return u.unit
        return _("point")


def _parameters(organisation, years, overrides) -> dict[int, dict[str, Decimal]]:
    values = list(
        ParameterValue.objects.filter(parameter__organisation=organisation).select_related(
            "parameter"
        )
    )
    return {y: {**parameter_values_for_year(values, y), **overrides} for y in years}


def optimisation(
    *,
    organisation: Organisation,
    year: int,
    objective: str | None = None,
    must: Mapping[int, str] | None = None,
    frame_overrides: Mapping[tuple[int, int], Decimal] | None = None,
    parameter_overrides: Mapping[str, Decimal] | None = None,
    funding: str | None = None,
    with_frontier: bool = True,
) -> Optimisation:
    """The best selection of the organisation's prioritised initiatives within the frames of
    ``year`` and the years after it that have frames."""
    units = list(EffectUnit.objects.filter(organisation=organisation))
    notes: list[str] = []
    if not units and not objective:
        # nothing to weigh yet: an empty proposal that says so, not an error
        notes.append(
            _("Organisationen har ingen effekttyper endnu. Opret fx »Hænder vundet« først.")
        )
        objective = ""
    keys = {u.key: u for u in units}
    objective = objective if objective is not None else units[0].key
    if not units and objective == "":
        weights: dict[str, Decimal] = {}
        label = ""
    elif objective == WEIGHTED:
        weights = {u.key: u.weight for u in units if u.weight is not None}
        if not weights:
            raise OptimiserInputError(
                _(
                    "Effekter i forskellige enheder lægges kun sammen med vægte. Sæt en vægt på "
                    "mindst én effekttype, fx 1 for »hænder« og 0,5 for »elever«."
                )
            )
        label = _("Vægtet sum af effekter")
    elif objective in keys:
        weights = {objective: Decimal(1)}
        label = keys[objective].name
    else:
        raise OptimiserInputError(
            _("Effekten »%(key)s« findes ikke. Vælg en af: %(keys)s.")
            % {"key": objective, "keys": ", ".join(keys)}
        )
    frame_overrides = dict(frame_overrides or {})
    parameter_overrides = dict(parameter_overrides or {})
    frames = {
        (f.step, f.year): f.amount
        for f in BudgetFrame.objects.filter(organisation=organisation, year__gte=year)
    }
    frames.update({k: v for k, v in frame_overrides.items() if k[1] >= year})
    if not any(y == year for _s, y in frames):
        notes.append(
            _("Der er ingen beløbsrammer for %(year)s. Sæt dem på prioriteringsoversigten.")
            % {"year": year}
        )
    years = sorted({y for _s, y in frames} | {year})
    parameters = _parameters(organisation, years, parameter_overrides)

    initiatives = (
        Initiative.objects.filter(organisation=organisation)
        .select_related("theme", "selected_scenario")
        .order_by("priority_step", "code")
    )
    if funding:
        initiatives = initiatives.filter(funding=funding)
    effects: dict[int, dict[str | None, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    illustrative = False
    for initiative_id, scenario_id, key, expected, guess in ExpectedEffect.objects.filter(
        initiative__organisation=organisation
    ).values_list("initiative_id", "scenario_id", "effect_unit__key", "expected", "illustrative"):
        effects[initiative_id][str(scenario_id) if scenario_id else None][key] = expected
        illustrative = illustrative or guess
    requires: dict[int, list[str]] = defaultdict(list)
    for a, b in InitiativeDependency.objects.filter(
        initiative__organisation=organisation
    ).values_list("initiative_id", "requires_id"):
        requires[a].append(str(b))
    must = dict(must or {})

    items: list[opt.Item] = []
    by_key: dict[str, Initiative] = {}
    unprioritised = []
    pairs = sorted(
        with_calc_models(initiatives),
        key=lambda p: (p[0].priority_step or 99, code_key(p[0].code)),
    )
    for initiative, model in pairs:
        if initiative.priority_step is None:
            unprioritised.append(initiative.code)
            continue
        scenarios = list(model.scenarios) or [calc.BASE]
        options = []
        try:
            for s in scenarios:
                key = s.key or BASE_KEY
                eff = {**effects[initiative.pk][None], **effects[initiative.pk].get(s.key, {})}
                cost = {
                    y: calc.cost_in_year(model, parameters[y], y, s).total
                    for y in years
                    if y in parameters
                }
                options.append(
                    opt.Option(key=key, name=s.name or _("Grundberegning"), cost=cost, effects=eff)
                )
        except calc.CostModelError as exc:
            notes.append(
                _("%(code)s indgår ikke: %(error)s") % {"code": initiative.code, "error": exc}
            )
            continue
        item_must = {"include": opt.Must.INCLUDE, "exclude": opt.Must.EXCLUDE}.get(
            must.get(initiative.pk, ""), opt.Must.FREE
        )
        items.append(
            opt.Item(
                key=str(initiative.pk),
                label=str(initiative),
                step=initiative.priority_step,
                options=tuple(options),
                must=item_must,
                requires=tuple(requires[initiative.pk]),
            )
        )
        by_key[str(initiative.pk)] = initiative
    if unprioritised:
        notes.append(
            _("Indsatser uden prioriteringstrin indgår ikke: %(codes)s.")
            % {"codes": ", ".join(sorted(unprioritised, key=code_key))}
        )
    problem = opt.Problem(items=tuple(items), frames=frames, weights=weights)
    proposal = opt.optimise(problem)
    labels = {i.key: by_key[i.key].code for i in items}
    # today's selection, measured the same way
    current = {
        i.key: (
            str(by_key[i.key].selected_scenario_id)
            if by_key[i.key].selected_scenario_id
            and any(o.key == str(by_key[i.key].selected_scenario_id) for o in i.options)
            else i.options[0].key
        )
        for i in items
        if i.options
    }
    today = opt.evaluate(problem, current)
    rows = []
    for item in items:
        initiative = by_key[item.key]
        chosen = proposal.choices.get(item.key)
        option = next((o for o in item.options if o.key == chosen), None)
        reason = proposal.reasons.get(item.key)
        rows.append(
            Row(
                initiative=initiative,
                current=initiative.selected_scenario.name
                if initiative.selected_scenario
                else (item.options[0].name if item.options else ""),
                proposed=option,
                item=item,
                reason=reason,
                why=explain(reason, labels, unit=keys[objective].unit if objective in keys else "")
                if reason
                else "",
                effects=dict(option.effects) if option else {},
            )
        )
    return Optimisation(
        organisation=organisation,
        year=year,
        objective=objective,
        objective_label=label,
        units=units,
        problem=problem,
        proposal=proposal,
        rows=rows,
        problems=[explain_obstacle(o, labels) for o in proposal.infeasible],
        notes=notes,
        frontier=opt.frontier(problem) if with_frontier and proposal.feasible else [],
        current_value=today.value,
        current_usage=today.usage,
        frame_overrides=frame_overrides,
        parameter_overrides=parameter_overrides,
        must=must,
        funding=funding,
        illustrative=illustrative,
    )


def _step_year(use: opt.FrameUse) -> str:
    return _("Trin %(step)s i %(year)s") % {"step": use.step, "year": use.year}


def explain(reason: opt.Reason, labels: Mapping[str, str], *, unit: str = "") -> str:
    """A choice's grounds as a Danish sentence with figures."""
    per = reason.effect_per_million
    per_text = (
        _("%(effect)s %(unit)s pr. mio. kr.")
        % {"effect": format_number(per, 1), "unit": unit or _("point")}
        if per is not None
        else ""
    )
    W = opt.Why
    if reason.why == W.MUST_INCLUDE:
        return _("Skal med (valgt af dig).")
    if reason.why == W.REQUIRED_BY:
        return _("Med, fordi %(other)s kræver den.") % {"other": labels.get(reason.other, "")}
    if reason.why == W.BEST and reason.frame is not None:
        return (
            _(
                "Det dyrere scenarie med mere effekt passer ikke: %(frame)s mangler %(short)s "
                "(tilbage: %(left)s). Det valgte giver %(per)s."
            )
            % {
                "frame": _step_year(reason.frame),
                "short": format_kr(reason.short_by),
                "left": format_kr(reason.frame.left),
                "per": per_text,
            }
        ).replace("kr..", "kr.")  # the sentence ends on the figure's own "kr."
    if reason.why in (W.BEST, W.BEST_ALL):
        if per is None:
            return _("Valgt: koster intet i rammeårene.")
        return _("Valgt i scenariet med mest effekt; giver %(per)s") % {"per": per_text}
    if reason.why == W.MUST_EXCLUDE:
        return _("Holdt ude (valgt af dig).")
    if reason.why == W.NO_EFFECT:
        return _("Der er ikke angivet nogen forventet effekt af den valgte slags.")
    if reason.why == W.NO_FRAME:
        return _("Ingen beløbsramme dækker indsatsens trin.")
    if reason.why == W.DEPENDENCY:
        return _("Kræver %(other)s, som ikke er med.") % {"other": labels.get(reason.other, "")}
    if reason.why == W.FRAME and reason.frame is not None:
        return _(
            "Passer ikke: selv det billigste scenarie koster %(short)s mere, end der er tilbage "
            "i %(frame)s (tilbage: %(left)s)."
        ) % {
            "short": format_kr(reason.short_by),
            "frame": _step_year(reason.frame),
            "left": format_kr(reason.frame.left),
        }
    return _(
        "Passer i rammen, men pengene giver mere effekt i andre indsatser; denne giver %(per)s"
    ) % {"per": per_text}


def explain_obstacle(obstacle: opt.Infeasibility, labels: Mapping[str, str]) -> str:
    """Why no selection fits, as a Danish sentence with figures."""
    ob = opt.Obstacle
    if obstacle.kind == ob.FRAME_TOO_SMALL:
        return _(
            "Trin %(step)s: de indsatser, der skal med, koster mindst %(need)s i %(year)s; "
            "rammen er %(frame)s."
        ) % {
            "step": obstacle.step,
            "need": format_mio(obstacle.need, 1),
            "year": obstacle.year,
            "frame": format_mio(obstacle.frame, 1),
        }
    if obstacle.kind == ob.EXCLUDED_DEPENDENCY:
        return _("%(item)s skal med, men kræver %(other)s, som er holdt ude.") % {
            "item": labels.get(obstacle.item, obstacle.item),
            "other": labels.get(obstacle.other, obstacle.other),
        }
    if obstacle.kind == ob.MISSING_DEPENDENCY:
        return _("%(item)s skal med, men kræver en indsats, der ikke indgår (uden trin).") % {
            "item": labels.get(obstacle.item, obstacle.item)
        }
    return _(
        "Ingen kombination af scenarier for de indsatser, der skal med, holder sig inden for "
        "alle rammer i alle år. Giv en ramme mere plads, eller tag en indsats ud af »skal med«."
    )


def params_from_query(query: Mapping[str, str], organisation: Organisation) -> dict:
    """The optimiser's keyword arguments from a page's or report's query string:
    ``year``, ``effekt``, ``finansiering``, ``r<trin>_<år>`` (a frame in kr., what-if),
    ``p_<parameter>`` (a parameter value, what-if) and ``m<indsats-id>=include|exclude``.
    Raises OptimiserInputError with a Danish sentence naming the field and an example."""
    from indsats.calc.danish import AmountParseError, parse_amount, parse_number

    from .choices import Funding

    try:
        year = int(query.get("year") or organisation.budget_year)
    except ValueError:
        raise OptimiserInputError(
            _("Budgetåret »%(value)s« er ikke et årstal. Skriv fx 2026.")
            % {"value": query.get("year")}
        ) from None
    if not 1990 <= year <= 2100:
        raise OptimiserInputError(_("Budgetåret skal ligge mellem 1990 og 2100, fx 2026."))
    funding = query.get("finansiering") or None
    if funding and funding not in Funding.values:
        raise OptimiserInputError(
            _("Finansieringen »%(value)s« findes ikke. Brug fx »%(example)s«.")
            % {"value": funding, "example": Funding.SEPARATE}
        )
    frames: dict[tuple[int, int], Decimal] = {}
    parameters: dict[str, Decimal] = {}
    must: dict[int, str] = {}
    for key, value in query.items():
        if not value:
            continue
        if key.startswith("r") and "_" in key and key[1:].replace("_", "").isdigit():
            step, frame_year = (int(x) for x in key[1:].split("_", 1))
            try:
                amount = parse_amount(value)
            except AmountParseError:
                raise OptimiserInputError(
                    _(
                        "Rammen for trin %(step)s i %(year)s, »%(value)s«, er ikke et beløb. Skriv fx 1.700.000."
                    )
                    % {"step": step, "year": frame_year, "value": value}
                ) from None
            if amount < 0:
                raise OptimiserInputError(
                    _(
                        "Rammen for trin %(step)s i %(year)s kan ikke være negativ. Skriv fx 1.700.000."
                    )
                    % {"step": step, "year": frame_year}
                )
            frames[(step, frame_year)] = amount
        elif key.startswith("p_"):
            try:
                parameters[key[2:]] = parse_number(value)
            except AmountParseError:
                raise OptimiserInputError(
                    _("Parameteren »%(key)s«, »%(value)s«, er ikke et tal. Skriv fx 201,60.")
                    % {"key": key[2:], "value": value}
                ) from None
        elif key.startswith("m") and key[1:].isdigit():
            if value not in ("include", "exclude"):
                raise OptimiserInputError(
                    _(
                        "Valget for en indsats skal være »include« (skal med) eller »exclude« (holdes ude)."
                    )
                )
            must[int(key[1:])] = value
    return {
        "year": year,
        "objective": query.get("effekt") or None,
        "funding": funding,
        "frame_overrides": frames,
        "parameter_overrides": parameters,
        "must": must,
    }


def _danish(value: Decimal) -> str:
    exponent = value.normalize().as_tuple().exponent
    return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def query_pairs(result: Optimisation) -> list[tuple[str, str]]:
    """The query that gives ``result`` again (for exports, the adopt form and the CLI)."""
    pairs = [("year", str(result.year)), ("effekt", result.objective)]
    if result.funding:
        pairs.append(("finansiering", result.funding))
    pairs += [(f"r{s}_{y}", _danish(v)) for (s, y), v in sorted(result.frame_overrides.items())]
    pairs += [(f"p_{k}", _danish(v)) for k, v in sorted(result.parameter_overrides.items())]
    pairs += [(f"m{k}", v) for k, v in sorted(result.must.items())]
    return pairs


def query_from_params(result: Optimisation) -> str:
    from urllib.parse import urlencode

    return urlencode(query_pairs(result))
