"""Request and response bodies.

Money is never a JSON number: amounts are strings in kroner with exactly two decimals and a
full stop as decimal mark (``"1008000.00"``); factor and parameter values are strings too
(``"201.6"``, ``"10"``). Input amounts and values are accepted as such strings (or whole JSON
numbers); JSON floats are refused, so no amount ever passes through binary floating point.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from ninja import Schema
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from indsats.initiatives.choices import CostCategory, Funding, LifecycleState, Recurrence

FundingValue = Literal[tuple(Funding.values)]
StateValue = Literal[tuple(LifecycleState.values)]
CategoryValue = Literal[tuple(CostCategory.values)]
RecurrenceValue = Literal[tuple(Recurrence.values)]

_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_NEGATIVE = re.compile(r"^-\s*\d+(\.\d+)?$")


def _decimal_parser(places: int, max_digits: int):
    """A strict parser for decimal input: text like "403000.00", never a float."""

    def parse(value):
        if isinstance(value, bool) or isinstance(value, float):
            raise PydanticCustomError(
                "indsats_float",
                'skal skrives som tekst, fx "403000.00", ikke som et kommatal i JSON (så intet går tabt ved afrunding).',
            )
        if isinstance(value, int):
            text = str(value)
        elif isinstance(value, str):
            text = value.strip()
        else:
            raise PydanticCustomError(
                "indsats_not_number", 'skal være et tal skrevet som tekst, fx "10".'
            )
        if _NEGATIVE.match(text) or (isinstance(value, int) and value < 0):
            raise PydanticCustomError("indsats_negative", "kan ikke være negativ.")
        if not _NUMBER.match(text):
            raise PydanticCustomError(
                "indsats_not_number",
                'har værdien »{text}«, som ikke er et tal. Skriv fx "403000.00": punktum som '
                "decimaltegn og ingen tusindtalsseparator.",
                {"text": text[:40]},
            )
        try:
            number = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only numbers
            raise PydanticCustomError("indsats_not_number", "er ikke et tal.") from exc
        whole, _, fraction = text.partition(".")
        if len(fraction.rstrip("0")) > places:
            raise PydanticCustomError(
                "indsats_places", "må højst have {places} decimaler.", {"places": places}
            )
        if len(whole.lstrip("0")) > max_digits - places:
            raise PydanticCustomError("indsats_too_large", "er for stort.")
        return number

    return parse


Amount = Annotated[
    Decimal,
    BeforeValidator(_decimal_parser(2, 14)),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{1,12}(\.\d{1,2})?$",
            "examples": ["403000.00"],
            "description": "Kroner as a string, at most 2 decimals, '.' as decimal mark.",
        }
    ),
]
Quantity = Annotated[
    Decimal,
    BeforeValidator(_decimal_parser(4, 16)),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{1,12}(\.\d{1,4})?$",
            "examples": ["10", "201.60"],
            "description": "A non-negative number as a string, at most 4 decimals.",
        }
    ),
]
MoneyOut = Annotated[
    str,
    Field(
        pattern=r"^-?\d+\.\d{2}$",
        examples=["1008000.00"],
        description="Kroner as a string with exactly 2 decimals; never a float.",
    ),
]
NumberOut = Annotated[str, Field(examples=["201.6"], description="A decimal number as a string.")]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _kl_code(value) -> int:
    """ "KL20" -> 20."""
    text = value.strip().upper() if isinstance(value, str) else ""
    match = re.fullmatch(r"KL(\d{1,2})", text)
    if not match or not 1 <= int(match.group(1)) <= 38:
        raise PydanticCustomError(
            "indsats_kl",
            'indeholder »{value}«, som ikke er en KL-anbefaling. Skriv fx "KL20"; de går fra KL1 til KL38.',
            {"value": str(value)[:20]},
        )
    return int(match.group(1))


KLCode = Annotated[
    int,
    BeforeValidator(_kl_code),
    WithJsonSchema({"type": "string", "pattern": r"^KL\d{1,2}$", "examples": ["KL20"]}),
]


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


# --- errors -------------------------------------------------------------------------------


class FieldError(Schema):
    field: str = Field(
        description="The input field the message is about; '' for the request as a whole."
    )
    message: str = Field(description="A full sentence in Danish.")


class ErrorOut(Schema):
    detail: list[FieldError]


# --- initiatives --------------------------------------------------------------------------


class InitiativeIn(Input):
    code: NonEmpty = Field(examples=["1.1"])
    title: NonEmpty
    theme: NonEmpty = Field(
        description="Theme name; created when the organisation has none by that name."
    )
    description: str = ""
    purpose: str = ""
    focus_area: str | None = Field(None, description="Focus area name; created if new.")
    unit: str | None = Field(None, description="Name of the responsible unit; created if new.")
    target_group: str = ""
    professions: str = ""
    priority_step: int | None = Field(None, ge=1, le=20)
    funding: FundingValue = Funding.SEPARATE.value
    state: StateValue = LifecycleState.PROPOSED.value
    start_year: int | None = Field(None, ge=1990, le=2100)
    end_year: int | None = Field(None, ge=1990, le=2100)
    kl_recommendations: list[KLCode] = Field(default_factory=list, examples=[["KL20", "KL25"]])


class InitiativePatch(Input):
    """Only the fields sent are changed. ``version`` is the version you read."""

    version: int = Field(ge=1, description="The version you read; a stale one is refused with 409.")
    code: NonEmpty = None
    title: NonEmpty = None
    theme: NonEmpty = None
    description: str = None
    purpose: str = None
    focus_area: str | None = None
    unit: str | None = None
    target_group: str = None
    professions: str = None
    priority_step: int | None = Field(None, ge=1, le=20)
    funding: FundingValue = None
    state: StateValue = None
    start_year: int | None = Field(None, ge=1990, le=2100)
    end_year: int | None = Field(None, ge=1990, le=2100)
    kl_recommendations: list[KLCode] = None
    selected_scenario: int | None = Field(
        None, description="Id of one of the initiative's scenarios."
    )


class InitiativeOut(Schema):
    id: int
    code: str
    title: str
    description: str
    purpose: str
    theme: str
    focus_area: str | None
    unit: str | None
    target_group: str
    professions: str
    priority_step: int | None
    funding: FundingValue
    state: StateValue
    start_year: int | None
    end_year: int | None
    kl_recommendations: list[str]
    selected_scenario: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class InitiativePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[InitiativeOut]


# --- cost lines ---------------------------------------------------------------------------


class FactorIn(Input):
    key: NonEmpty = Field(examples=["timer_pr_md"])
    label: NonEmpty = Field(examples=["Timer pr. måned"])
    unit: str = Field("", examples=["timer"])
    value: Quantity | None = Field(
        None, description="The factor's own value; give this or parameter."
    )
    parameter: str | None = Field(
        None, description="Key of an organisation parameter to take the value from."
    )


class FactorOut(Schema):
    key: str
    label: str
    unit: str
    value: NumberOut | None
    parameter: str | None


class CostLineIn(Input):
    """A cost line: a stated amount, a formula (product of factors), or both."""

    label: str = ""
    category: CategoryValue
    recurrence: RecurrenceValue
    year: int | None = Field(
        None, ge=1990, le=2100, description="One-time lines: the year it is paid."
    )
    start_year: int | None = Field(None, ge=1990, le=2100, description="Yearly lines: first year.")
    end_year: int | None = Field(None, ge=1990, le=2100, description="Yearly lines: last year.")
    stated_amount: Amount | None = None
    note: str = ""
    order: int | None = Field(None, ge=0)
    factors: list[FactorIn] = Field(default_factory=list)


class CostLinePut(CostLineIn):
    version: int = Field(ge=1, description="The version you read; a stale one is refused with 409.")


class CostLineOut(Schema):
    id: int
    initiative_id: int
    order: int
    label: str
    category: CategoryValue
    recurrence: RecurrenceValue
    year: int | None
    start_year: int | None
    end_year: int | None
    stated_amount: MoneyOut | None
    note: str
    factors: list[FactorOut]
    version: int


# --- scenarios ----------------------------------------------------------------------------


class ScenarioIn(Input):
    name: NonEmpty = Field(examples=["10 timer pr. md."])
    values: dict[str, Quantity] = Field(
        examples=[{"timer_pr_md": "10"}], description="Factor key -> value."
    )
    order: int | None = Field(None, ge=0)


class ScenarioPut(ScenarioIn):
    version: int = Field(ge=1, description="The version you read; a stale one is refused with 409.")


class ScenarioOut(Schema):
    id: int
    initiative_id: int
    name: str
    order: int
    values: dict[str, NumberOut]
    version: int


# --- parameters ---------------------------------------------------------------------------


class ParameterValueIn(Input):
    value: Quantity
    valid_from: dt.date


class ParameterIn(ParameterValueIn):
    key: NonEmpty = Field(examples=["timepris_frikob"])
    name: NonEmpty = Field(examples=["Timepris, frikøb"])
    unit: str = Field("", examples=["kr."])
    description: str = ""


class ParameterValueOut(Schema):
    valid_from: dt.date
    value: NumberOut


class ParameterOut(Schema):
    key: str
    name: str
    unit: str
    description: str
    values: list[ParameterValueOut]
    version: int


# --- costs --------------------------------------------------------------------------------


class YearCostOut(Schema):
    one_time: MoneyOut
    yearly: MoneyOut
    total: MoneyOut


class RangeOut(Schema):
    one_time_low: MoneyOut
    one_time_high: MoneyOut
    yearly_low: MoneyOut
    yearly_high: MoneyOut


class ScenarioRef(Schema):
    id: int
    name: str


class CostLineResultOut(Schema):
    id: int
    label: str
    category: CategoryValue
    recurrence: RecurrenceValue
    years: str = Field(description="The years the line is paid, e.g. '2020–2022' or 'fra 2020'.")
    applies: bool = Field(description="Whether the line is paid in the chosen year.")
    formula_amount: MoneyOut | None = Field(
        description="What the formula gives; null without a formula."
    )
    stated_amount: MoneyOut | None = Field(
        description="The decided amount; null when none was decided."
    )
    amount: MoneyOut = Field(
        description="What counts: the decided amount, or the formula's where none is decided or the scenario changes a factor."
    )
    differs: bool = Field(description="The decided amount is not what the formula gives.")
    expression: str = Field(description="The calculation written out, Danish style.")
    factors: list[FactorOut]


class ScenarioCostOut(Schema):
    id: int
    name: str
    cost: YearCostOut


class InitiativeCostsOut(Schema):
    initiative_id: int
    year: int
    scenario: ScenarioRef | None = Field(
        description="The scenario the lines and totals are computed under."
    )
    parameters: dict[str, NumberOut] = Field(
        description="Organisation parameters in force in the year."
    )
    lines: list[CostLineResultOut]
    totals: YearCostOut = Field(description="Cost in the year under the scenario.")
    range: RangeOut = Field(description="Cheapest and dearest scenario in the year.")
    scenarios: list[ScenarioCostOut]


class OverviewInitiativeOut(Schema):
    id: int
    code: str
    title: str
    funding: FundingValue
    state: StateValue
    scenario: ScenarioRef | None
    cost: YearCostOut
    range: RangeOut
    error: str = Field(description="Why the cost could not be computed; '' when it could.")


class OverviewThemeOut(Schema):
    theme: str
    initiatives: list[OverviewInitiativeOut]


class OverviewStepOut(Schema):
    step: int | None = Field(description="Priority step; null for initiatives not yet prioritised.")
    themes: list[OverviewThemeOut]
    total: YearCostOut
    cumulated: YearCostOut = Field(description="Sum of this and all earlier steps.")
    frame: MoneyOut | None = Field(description="The step's budget frame in the year, if set.")
    left: MoneyOut | None = Field(description="Frame minus the step's total cost.")


class PrioritisationOut(Schema):
    year: int
    steps: list[OverviewStepOut]
    grand_total: YearCostOut


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error answers an operation can give, for its ``response=`` declaration.

    400 a rule in the services was broken; 401 no or an invalid token; 403 the token's role may
    not write; 404 no such object in the token's organisation; 409 the version sent is stale;
    422 the input does not have the documented form (type, range, unknown field)."""
    return {code: ErrorOut for code in codes}


class HistoryChangeOut(Schema):
    field: str = Field(description="The field as recorded (for programs), e.g. `funding`.")
    label: str = Field(description="The field's label as in the form, e.g. »Finansiering«.")
    before: str = Field(description="The value before, in people's words (»–« when empty).")
    after: str = Field(description="The value after, in people's words (»–« when empty).")


class HistoryEntryOut(Schema):
    id: int
    at: dt.datetime
    when: str = Field(
        description="The time in the request's language, e.g. »6. december 2026 08:15«."
    )
    actor: str
    action: str = Field(description="What was done, e.g. »Ændret«.")
    kind: str = Field(
        description="The recorded action: `create` (only `after` says something), `update`, "
        "`delete` (only `before`), `import`, …"
    )
    what: str = Field(description="The object, e.g. »Omkostningslinje »1.1: Løn««.")
    changes: list[HistoryChangeOut]
