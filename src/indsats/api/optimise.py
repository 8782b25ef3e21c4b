"""The optimiser: the best set of initiatives within the budget frames (with what-if frames and
parameters, must-include/exclude), and adopting that proposal into the overview's selection."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from indsats.initiatives import services_effects
from indsats.initiatives.optimiser import Optimisation, OptimiserInputError, optimisation

from . import out
from .auth import actor, organisation, require_edit
from .errors import ApiError
from .schemas import Amount, MoneyOut, NumberOut, Quantity, errors

router = Router(tags=["optimiser"])


class Unprocessable(ApiError):
    status = 422


class FrameIn(Schema):
    step: int = Field(ge=1, le=20)
    year: int = Field(ge=1990, le=2100)
    amount: Amount


class OptimiseIn(Schema):
    year: int | None = Field(None, ge=1990, le=2100, description="Default: the budget year.")
    effect: str | None = Field(
        None, description="An effect unit's key, or 'vaegtet' for the weighted sum."
    )
    funding: Literal["separate", "operations"] | None = None
    frames: list[FrameIn] = Field(default_factory=list, description="What-if frames.")
    parameters: dict[str, Quantity] = Field(
        default_factory=dict, description="What-if parameter values, e.g. the hourly rate."
    )
    must: dict[int, Literal["include", "exclude"]] = Field(
        default_factory=dict, description="Initiative id -> include or exclude."
    )
    frontier: bool = True


class FrameUseOut(Schema):
    step: int
    year: int
    amount: MoneyOut
    used: MoneyOut
    left: MoneyOut
    used_today: MoneyOut


class ChoiceOut(Schema):
    initiative: int
    code: str
    scenario: int | None = Field(description="The proposed scenario's id; null: not selected.")
    scenario_name: str
    effect: NumberOut | None
    cost: MoneyOut | None = Field(description="Over the frame years.")
    why: str


class FrontierOut(Schema):
    scale: NumberOut
    budget: MoneyOut
    cost: MoneyOut
    value: NumberOut


class OptimiseOut(Schema):
    year: int
    effect: str
    feasible: bool
    value: NumberOut
    current_value: NumberOut
    gap: float = Field(description="0 when proven optimal; else the proven relative gap.")
    problems: list[str] = Field(description="Why no selection fits, with figures (Danish).")
    notes: list[str]
    illustrative: bool
    frames: list[FrameUseOut]
    choices: list[ChoiceOut]
    frontier: list[FrontierOut]


class AdoptOut(Schema):
    changed: list[int] = Field(description="Initiatives whose selected scenario changed.")


def _run(request, data: OptimiseIn, *, frontier: bool) -> Optimisation:
    try:
        return optimisation(
            organisation=organisation(request),
            year=data.year or organisation(request).budget_year,
            objective=data.effect,
            funding=data.funding,
            frame_overrides={(f.step, f.year): f.amount for f in data.frames},
            parameter_overrides=dict(data.parameters),
            must=dict(data.must),
            with_frontier=frontier,
        )
    except OptimiserInputError as exc:
        raise Unprocessable(str(exc), field="effect" if "ffekt" in str(exc) else "") from exc


def _out(result: Optimisation) -> dict:
    proposal = result.proposal
    today = {(u.step, u.year): u.used for u in result.current_usage}
    years = proposal.years
    return {
        "year": result.year,
        "effect": result.objective,
        "feasible": proposal.feasible,
        "value": out.number(proposal.value),
        "current_value": out.number(result.current_value),
        "gap": proposal.gap,
        "problems": result.problems,
        "notes": result.notes,
        "illustrative": result.illustrative,
        "frames": [
            {
                "step": u.step,
                "year": u.year,
                "amount": out.money(u.amount),
                "used": out.money(u.used),
                "left": out.money(u.left),
                "used_today": out.money(today.get((u.step, u.year), 0)),
            }
            for u in proposal.usage
        ],
        "choices": [
            {
                "initiative": r.initiative.pk,
                "code": r.initiative.code,
                "scenario": int(r.proposed.key)
                if r.proposed and r.proposed.key.isdigit()
                else None,
                "scenario_name": r.proposed.name if r.proposed else "",
                "effect": out.number(r.proposed.value(result.problem.weights))
                if r.proposed
                else None,
                "cost": out.money(r.proposed.total_cost(years)) if r.proposed else None,
                "why": r.why,
            }
            for r in result.rows
        ],
        "frontier": [
            {
                "scale": out.number(p.scale),
                "budget": out.money(p.budget),
                "cost": out.money(p.cost),
                "value": out.number(p.value),
            }
            for p in result.frontier
        ],
    }


class OptimiseQuery(Schema):
    year: int | None = Field(None, ge=1990, le=2100, description="Default: the budget year.")
    effect: str | None = Field(
        None, description="An effect unit's key, or 'vaegtet' for the weighted sum."
    )
    funding: Literal["separate", "operations"] | None = None
    frame: list[str] = Field(
        default_factory=list,
        description="What-if frame STEP:YEAR:AMOUNT, e.g. 1:2020:1900000.00 (repeatable).",
    )
    parameter: list[str] = Field(
        default_factory=list,
        description="What-if parameter KEY=VALUE, e.g. timepris_frikob=220 (repeatable).",
    )
    include: list[int] = Field(default_factory=list, description="Initiative ids that must be in.")
    exclude: list[int] = Field(default_factory=list, description="Initiative ids to leave out.")
    frontier: bool = True


def _from_query(q: OptimiseQuery) -> OptimiseIn:
    frames, parameters = [], {}
    for text in q.frame:
        try:
            step, year, amount = text.split(":", 2)
            frames.append({"step": int(step), "year": int(year), "amount": amount})
        except (ValueError, TypeError):
            raise Unprocessable(
                f"»{text}« skal skrives TRIN:ÅR:BELØB, fx 1:2020:1900000.00.", field="frame"
            ) from None
    for text in q.parameter:
        key, sep, value = text.partition("=")
        if not sep:
            raise Unprocessable(
                f"»{text}« skal skrives NØGLE=VÆRDI, fx timepris_frikob=220.", field="parameter"
            )
        parameters[key] = value
    must = {i: "include" for i in q.include} | {i: "exclude" for i in q.exclude}
    try:
        return OptimiseIn(
            year=q.year,
            effect=q.effect,
            funding=q.funding,
            frames=frames,
            parameters=parameters,
            must=must,
            frontier=q.frontier,
        )
    except ValueError as exc:
        raise Unprocessable(
            "En ramme eller parameter er ikke et tal skrevet som tekst, fx 1:2020:1900000.00 "
            "eller timepris_frikob=220.",
            field="frame" if q.frame else "parameter",
        ) from exc


@router.get(
    "/optimise",
    response={200: OptimiseOut, **errors(401, 422)},
    summary="The best set of initiatives within the frames",
    description="Chooses per prioritised initiative one scenario or none so that the chosen "
    "effect (or the weighted sum, 'vaegtet') is largest without exceeding any frame of a step in "
    "any year from `year` on. What-if frames and parameters are used for this answer only. An "
    "infeasible problem answers 200 with `feasible: false` and `problems` saying why, with "
    "figures. 422 for input of the wrong form, an unknown effect, or weights missing.",
)
def optimise(request, q: Query[OptimiseQuery]):
    data = _from_query(q)
    return Status(200, _out(_run(request, data, frontier=data.frontier)))


@router.post(
    "/optimise/adopt",
    response={200: AdoptOut, **errors(400, 401, 403, 422)},
    summary="Adopt the proposal into the overview's selection",
    description="Runs the optimiser with the same input and sets each proposed initiative's "
    "selected scenario. 400 when there is no feasible proposal; 403 for a read-only role.",
)
def adopt(request, data: OptimiseIn):
    require_edit(request)
    result = _run(request, data, frontier=False)
    if not result.proposal.feasible:
        raise ApiError(" ".join(result.problems))
    changed = services_effects.proposal_adopt(
        actor=actor(request), organisation=organisation(request), choices=result.adopt_choices
    )
    return Status(200, {"changed": [i.pk for i in changed]})
