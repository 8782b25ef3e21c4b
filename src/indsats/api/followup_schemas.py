"""Request and response bodies for budget notes, allocations, spending, indicators, their
values and status updates. Money is a string in kroner with '.' as decimal mark, as everywhere
in the API (see ``schemas``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from indsats.followup.models import StatusState
from indsats.indicators.models import Direction, IndicatorKind, IndicatorUnit

from .errors import INDICATOR_VALUE_PATTERN
from .schemas import Amount, Input, MoneyOut, NonEmpty, NumberOut

UnitValue = Literal[tuple(IndicatorUnit.values)]
KindValue = Literal[tuple(IndicatorKind.values)]
DirectionValue = Literal[tuple(Direction.values)]
StatusValue = Literal[tuple(StatusState.values)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
IndicatorValueText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=INDICATOR_VALUE_PATTERN),
    Field(
        examples=["22.5", "22.5%", "1309", "4500 kr."],
        description="A number with '.' as decimal mark (at most 4 decimals), optionally followed "
        "by the unit sign: '%' for a percent indicator, 'kr.' for a kroner indicator. A sign "
        "that does not match the indicator's unit is refused (400).",
    ),
]


# --- budget notes ---------------------------------------------------------------------------


class BudgetNoteIn(Input):
    code: Code = Field(examples=["SO19"])
    title: NonEmpty = Field(examples=["God start i Socialforvaltningen"])
    budget_year: Year
    unit: str | None = Field(None, description="Name of the owning unit; created if new.")
    purpose: str = ""
    initiatives: list[Code] = Field(
        default_factory=list,
        examples=[["1.1", "2.3"]],
        description="Numbers of the initiatives the note funds.",
    )


class BudgetNotePatch(Input):
    """Only the fields sent are changed. ``version`` is the version you read."""

    version: int = Field(ge=1, description="The version you read; a stale one is refused with 409.")
    code: Code = None
    title: NonEmpty = None
    budget_year: Year = None
    unit: str | None = None
    purpose: str = None
    initiatives: list[Code] = None


class AllocationOut(Schema):
    initiative: str | None = Field(
        description="The initiative's number for an earmarked allocation; null for the note."
    )
    amounts: dict[int, MoneyOut] = Field(description="Year -> amount.")
    price_level: str = Field(examples=["2022-pl"])
    text: str = Field(
        description="As people write it, e.g. '2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt'."
    )


class SpendingOut(Schema):
    initiative: str | None
    year: int
    amount: MoneyOut
    comment: str


class BudgetNoteOut(Schema):
    id: int
    code: str
    title: str
    budget_year: int
    unit: str | None
    purpose: str
    initiatives: list[str]
    allocations: list[AllocationOut]
    spending: list[SpendingOut]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class AllocationPut(Input):
    """The whole allocation of the note (or of one of its initiatives): by year, or as text."""

    initiative: Code | None = Field(
        None, description="Number of one of the note's initiatives; null for the note as a whole."
    )
    amounts: dict[Year, Amount] | None = Field(
        None,
        examples=[{"2026": "7339000.00", "2027": "5373000.00"}],
        description="Year -> amount. Give this or `text`; {} removes the allocation.",
    )
    text: str | None = Field(
        None,
        examples=["2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt"],
        description="The allocation written in Danish, e.g. '4,858 mio. kr. årligt i 2026-2029'.",
    )
    price_level: str = Field("", max_length=20, examples=["2022-pl"])


class SpendingPut(Input):
    year: Year
    amount: Amount | None = Field(description="The spending of the year; null removes it.")
    initiative: Code | None = Field(
        None, description="Number of one of the note's initiatives; null for the note."
    )
    comment: str = Field("", max_length=500)


# --- indicators -----------------------------------------------------------------------------


class IndicatorIn(Input):
    name: NonEmpty = Field(examples=["Personaleomsætning"])
    unit: UnitValue
    direction: DirectionValue = Direction.HIGHER.value
    definition: str = ""
    source: str = ""
    initiative_id: int | None = Field(None, description="Owner: an initiative; or")
    budget_note_id: int | None = Field(
        None, description="owner: a budget note; neither: the organisation."
    )
    order: int = Field(0, ge=0)
    kind: KindValue = Field(
        IndicatorKind.YEARLY.value,
        description="yearly figures; share (X out of Y, values with a whole); planned total; "
        "running total; approx (about N a year).",
    )
    since_year: Year | None = Field(None, description="A running total counted from this year.")


class IndicatorPatch(Input):
    version: int = Field(ge=1, description="The version you read; a stale one is refused with 409.")
    name: NonEmpty = None
    unit: UnitValue = None
    direction: DirectionValue = None
    definition: str = None
    source: str = None
    initiative_id: int | None = None
    budget_note_id: int | None = None
    order: int = Field(None, ge=0)
    kind: KindValue = None
    since_year: Year | None = None


class IndicatorOut(Schema):
    id: int
    name: str
    unit: UnitValue
    direction: DirectionValue
    definition: str
    source: str
    initiative_id: int | None
    budget_note_id: int | None
    order: int
    kind: KindValue
    since_year: int | None
    version: int


class ValueIn(Input):
    year: Year
    value: IndicatorValueText
    whole: IndicatorValueText | None = Field(
        None, description="For a share (kind 'share'): what the value is out of, e.g. '5 mio. kr.'."
    )
    date: dt.date | None = Field(None, description="A date within the year; null: the whole year.")
    note: str = Field("", max_length=500)
    recorded_on: dt.date | None = Field(
        None, description="The date the value is reported as of (not in the future); null: today."
    )


class ValueOut(Schema):
    id: int
    indicator_id: int
    year: int
    date: dt.date | None
    value: NumberOut
    whole: NumberOut | None = Field(None, description="A share's whole; null otherwise.")
    text: str = Field(description="The value written in Danish in its unit, e.g. '22,5 %'.")
    note: str
    recorded_on: dt.date
    entered_by: str
    status_update_id: int | None
    created_at: dt.datetime
    withdrawn: bool = Field(
        False, description="True when the value is withdrawn (it counts nowhere until restored)."
    )


# --- status updates -------------------------------------------------------------------------


class ReportedValueIn(Input):
    indicator_id: int
    year: Year
    value: IndicatorValueText
    note: str = Field("", max_length=500)


class StatusUpdateIn(Input):
    as_of: dt.date = Field(description="The date the status is as of; not in the future.")
    state: StatusValue
    text: str = Field(description="What has been done and what comes next.")
    values: list[ReportedValueIn] = Field(
        default_factory=list, description="Indicator values reported with the status."
    )


class StatusUpdateOut(Schema):
    id: int
    initiative_id: int
    as_of: dt.date
    state: StatusValue
    state_label: str
    colour: str = Field(examples=["#2e6b30"])
    text: str
    author: str
    supersedes: int | None = Field(description="The earlier version this one corrects.")
    superseded_by: int | None = Field(description="The newer version that corrects this one.")
    values: list[ValueOut]
    created_at: dt.datetime


__all__ = [
    "AllocationPut",
    "BudgetNoteIn",
    "BudgetNoteOut",
    "BudgetNotePatch",
    "IndicatorIn",
    "IndicatorOut",
    "IndicatorPatch",
    "MoneyOut",
    "SpendingPut",
    "StatusUpdateIn",
    "StatusUpdateOut",
    "ValueIn",
    "ValueOut",
]
