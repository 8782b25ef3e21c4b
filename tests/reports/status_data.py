"""Test data for the status report, written through the services (actor=None): seven budget
notes over four budget years (2023–2026) with multi-year allocations — one of them
"2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt" — spending, initiatives with cost
models, indicators with yearly series and targets, and two status rounds.

The data is described once as plain specs; ``build`` writes it, and the ``expected_*``
helpers compute what a report as of a date must show, independently of the report code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal as D

from indsats.budgets import services as budgets
from indsats.followup.services import ReportedValue, status_update_create
from indsats.indicators import services as indicators
from indsats.initiatives import services as initiatives
from indsats.organisations.services import unit_get_or_create

HISTORY = dt.date(2026, 1, 15)  # when the older values were entered
ROUND_1 = dt.date(2026, 4, 30)  # "Status pr. april 2026"
ROUND_2 = dt.date(2026, 10, 31)  # the next round


@dataclass
class IndicatorSpec:
    name: str
    unit: str
    direction: str = "higher"
    history: dict[int, D] = field(default_factory=dict)  # recorded on HISTORY
    round_1: dict[int, D] = field(default_factory=dict)  # reported with the status of ROUND_1
    round_2: dict[int, D] = field(default_factory=dict)  # reported with the status of ROUND_2
    target: tuple[D, int, D, int] | None = None  # baseline value, year, target value, deadline
    source: str = ""


@dataclass
class StatusSpec:
    state: str
    text: str


@dataclass
class InitiativeSpec:
    code: str
    title: str
    purpose: str
    yearly_cost: D  # a stated yearly cost line from start_year: the planned cost
    start_year: int
    status_1: StatusSpec | None = None
    status_2: StatusSpec | None = None
    indicators: list[IndicatorSpec] = field(default_factory=list)
    unit: str = ""


@dataclass
class NoteSpec:
    code: str
    title: str
    budget_year: int
    unit: str
    purpose: str
    allocation: dict[int, D]
    price_level: str
    allocation_text: str  # how the report must write it
    spending: dict[int, D]
    initiatives: list[str]  # initiative codes
    indicators: list[IndicatorSpec] = field(default_factory=list)
    # an initiative's own allocation and spending under this note
    own: dict[str, tuple[dict[int, D], dict[int, D], str]] = field(default_factory=dict)


def _years(first: int, last: int, amount: D) -> dict[int, D]:
    return {y: amount for y in range(first, last + 1)}


INITIATIVES = [
    InitiativeSpec(
        "1.1",
        "Frikøb af tid til planlægning af praktikforløbet",
        "At flere elever gennemfører uddannelsen.",
        D("1008000"),
        2023,
        StatusSpec(
            "on_track",
            "Praktikvejlederne er frikøbt 10 timer om måneden.\n\n"
            "- 96 af 100 vejledere har fået tid\n- Planen følges",
        ),
        StatusSpec(
            "on_track",
            "Alle 100 vejledere har nu fået tid.\n\nNæste skridt:\n- Evaluering i december",
        ),
        [
            IndicatorSpec(
                "Elever, der gennemfører",
                "count",
                history={2021: D(61), 2022: D(64), 2023: D(70), 2024: D(74)},
                round_1={2025: D(79)},
                round_2={2025: D(81)},  # corrected in the next round
                target=(D(61), 2021, D(90), 2027),
                source="Elevdatabasen",
            ),
            IndicatorSpec(
                "Frafald under hovedforløbet",
                "percent",
                direction="lower",
                history={2021: D("24.5"), 2022: D("22.5"), 2023: D("21.25"), 2024: D("19.8")},
                round_1={2025: D("18.4")},
                target=(D("24.5"), 2021, D("17.5"), 2026),
            ),
        ],
        unit="Center for Sundhed og Omsorg",
    ),
    InitiativeSpec(
        "1.2",
        "Lektiecafé for SOSU-elever",
        "At færre elever falder fra på grund af det faglige niveau.",
        D("40000"),
        2024,
        StatusSpec("at_risk", "Cafeen mangler en fast underviser. <b>Ikke fed</b> & ikke HTML."),
        None,  # no update in round 2: the round-1 status stands
        [
            IndicatorSpec(
                "Fremmødte pr. gang",
                "ratio",
                history={2024: D("6.25")},
                round_1={2025: D("7.5")},
            ),
        ],
    ),
    InitiativeSpec(
        "2.1",
        "Mentorordning for nyansatte",
        "At færre nyansatte siger op i det første år.",
        D("350000"),
        2024,
        StatusSpec("off_track", "Kun halvdelen af de nyansatte har fået en mentor."),
        StatusSpec("at_risk", "Flere mentorer er uddannet.\n- 12 mentorer\n- 3 på vej"),
        [
            IndicatorSpec(
                "Personaleomsætning",
                "percent",
                direction="lower",
                history={
                    2020: D("31.2"),
                    2021: D("29.4"),
                    2022: D("28.6"),
                    2023: D("27.0"),
                    2024: D("26.35"),
                },  # fmt: skip
                round_1={2025: D("25.1")},
                round_2={2026: D("23.9")},
                target=(D("29.4"), 2021, D("22.5"), 2028),
            ),
            IndicatorSpec(
                "Mentorer uddannet",
                "count",
                history={2024: D(8)},
                round_1={2025: D(14)},
                round_2={2026: D(12)},
                target=(D(0), 2023, D(20), 2026),
            ),
        ],
    ),
    InitiativeSpec(
        "2.2",
        "Jobopslag, der skiller sig ud",
        "Flere ansøgere pr. stilling.",
        D("226500"),
        2025,
        StatusSpec("finished", "Kampagnen er afsluttet."),
        None,
        [
            IndicatorSpec(
                "Mediepris pr. stillingsopslag",
                "kr",
                direction="lower",
                history={2023: D("4250.50"), 2024: D("3980")},
                round_1={2025: D("3120.75")},
                target=(D("4250.50"), 2023, D("3000"), 2026),
            ),
            IndicatorSpec(
                "Ansøgere pr. opslag",
                "ratio",
                history={2023: D("2.4"), 2024: D("3.15")},
                round_1={2025: D("4.05")},
            ),
        ],
    ),
    InitiativeSpec(
        "3.1",
        "Udbetaling af søndagstillæg i stedet for afspadsering",
        "At flere vælger at tage vagter i weekenden.",
        D("3439000"),
        2026,
        None,
        StatusSpec("paused", "Sat på pause, indtil overenskomsten er på plads."),
        [],
    ),
    InitiativeSpec(
        "3.2",
        "Sprogstøtte til elever med dansk som andetsprog",
        "At elever med dansk som andetsprog gennemfører.",
        D("120000"),
        2026,
        None,
        None,  # never reported: "Ingen status"
        [
            IndicatorSpec(
                "Elever med sprogstøtte",
                "count",
                round_1={2026: D(11)},  # entered without a status update (see build)
            )
        ],
    ),
    InitiativeSpec(
        "4.1",
        "Opkvalificering af ufaglærte til SSH",
        "Flere ufaglærte bliver social- og sundhedshjælpere.",
        D("2016000"),
        2024,
        StatusSpec("on_track", "27 ufaglærte er startet på uddannelsen."),
        StatusSpec("on_track", "31 ufaglærte er startet; 4 er færdige."),
        [
            IndicatorSpec(
                "Medarbejdere startet på uddannelse",
                "count",
                history={2022: D(12), 2023: D(18), 2024: D(22)},
                round_1={2025: D(27)},
                round_2={2025: D(31), 2026: D(9)},
                target=(D(12), 2022, D(30), 2026),
            )
        ],
    ),
]

NOTES = [
    NoteSpec(
        "ØK12",
        "Flere elever gennemfører SOSU-uddannelsen",
        2023,
        "Center for Sundhed og Omsorg",
        "Færre elever falder fra, og flere bliver ansat efter uddannelsen.",
        _years(2023, 2026, D("1200000")),
        "2022-pl",
        "2023-2026: 1,200 mio. kr. årligt (2022-pl)",
        {2023: D("1150000"), 2024: D("1210500.50")},
        ["1.1", "1.2"],
        [
            IndicatorSpec(
                "Elever ansat efter endt uddannelse",
                "percent",
                history={2022: D("55.6"), 2023: D("58.0"), 2024: D("61.3")},
                round_1={2025: D("62.5")},
                target=(D("55.6"), 2022, D("70"), 2027),
            )
        ],
    ),
    NoteSpec(
        "SO9",
        "Mentorer og introduktion for nyansatte",
        2024,
        "Center for Ældre",
        "Nyansatte bliver.",
        {2024: D("2500000"), 2025: D("2500000")},
        "",
        "2024-2025: 2,500 mio. kr. årligt",
        {2024: D("2480000"), 2025: D("1312000")},
        ["2.1"],
    ),
    NoteSpec(
        "SO19",
        "God start i Socialforvaltningen",
        2024,
        "Socialforvaltningen",
        "En god start for nye medarbejdere og elever.",
        _years(2024, 2027, D("4200000")),
        "2024-pl",
        "2024-2027: 4,200 mio. kr. årligt (2024-pl)",
        {2024: D("3950000"), 2025: D("4380000")},
        ["2.1", "2.2"],
        own={"2.2": ({2025: D("800000"), 2026: D("400000")}, {2025: D("775250")}, "2024-pl")},
    ),
    NoteSpec(
        "ØK77",
        "Rekrutteringskampagne",
        2025,
        "",
        "",
        {2025: D("850000"), 2026: D("900000")},
        "",
        "2025: 850.000 kr. / 2026: 900.000 kr.",
        {2025: D("912000")},  # overspent: the rest is negative
        ["2.2"],
    ),
    NoteSpec(
        "SO27",
        "Weekendvagter og tillæg",
        2026,
        "Center for Sundhed og Omsorg",
        "Flere tager weekendvagter.",
        {2026: D("7339000"), 2027: D("5373000"), 2028: D("5373000"), 2029: D("5373000")},
        "2022-pl",
        "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)",
        {2026: D("6120000")},
        ["3.1"],
    ),
    NoteSpec(
        "BU4",
        "Sprog og inklusion",
        2026,
        "Børne- og Ungeforvaltningen",
        "Elever med dansk som andetsprog gennemfører.",
        _years(2026, 2029, D("4858000")),
        "",
        "2026-2029: 4,858 mio. kr. årligt",
        {},
        ["3.2"],
    ),
    NoteSpec(
        "SO3",
        "Fra ufaglært til faglært",
        2026,
        "Center for Ældre",
        "Ufaglærte bliver faglærte.",
        {2026: D("600000"), 2027: D("650000")},
        "2026-pl",
        "2026: 600.000 kr. / 2027: 650.000 kr. (2026-pl)",
        {2026: D("540000")},
        ["4.1"],
        own={"4.1": ({2026: D("300000"), 2027: D("300000")}, {2026: D("245000")}, "")},
    ),
]

ORGANISATION_INDICATOR = IndicatorSpec(
    "Sygefravær, hele ældreområdet",
    "percent",
    direction="lower",
    history={2023: D("8.64"), 2024: D("8.1")},
    round_1={2025: D("7.95")},
    target=(D("8.64"), 2023, D("7.64"), 2027),
)


@dataclass
class Built:
    organisation: object
    notes: dict[str, object]  # code -> BudgetNote
    initiatives: dict[str, object]  # code -> Initiative
    indicators: dict[str, object]  # name -> Indicator
    statuses: dict[tuple[str, int], object]  # (code, round) -> StatusUpdate


def _add_indicator(organisation, spec: IndicatorSpec, built: Built, **owner):
    indicator = indicators.indicator_create(
        organisation=organisation,
        actor=None,
        name=spec.name,
        unit=spec.unit,
        direction=spec.direction,
        source=spec.source,
        order=len(built.indicators),
        **owner,
    )
    built.indicators[spec.name] = indicator
    for year, value in spec.history.items():
        indicators.indicator_value_add(
            indicator=indicator, actor=None, year=year, value=value, recorded_on=HISTORY
        )
    if spec.target:
        baseline, baseline_year, target, deadline = spec.target
        indicators.target_set(
            indicator=indicator,
            actor=None,
            baseline_value=baseline,
            baseline_year=baseline_year,
            target_value=target,
            deadline_year=deadline,
        )
    return indicator


def _values(built: Built, specs: list[IndicatorSpec], which: str) -> list[ReportedValue]:
    return [
        ReportedValue(built.indicators[s.name], year, value)
        for s in specs
        for year, value in getattr(s, which).items()
    ]


def build(organisation) -> Built:
    built = Built(organisation, {}, {}, {}, {})
    theme = initiatives.theme_get_or_create(
        actor=None, organisation=organisation, name="Rekruttering og fastholdelse"
    )
    for spec in INITIATIVES:
        unit = (
            unit_get_or_create(actor=None, organisation=organisation, name=spec.unit)
            if spec.unit
            else None
        )
        initiative = initiatives.initiative_create(
            organisation=organisation,
            actor=None,
            code=spec.code,
            title=spec.title,
            purpose=spec.purpose,
            theme=theme,
            unit=unit,
            start_year=spec.start_year,
            state="running",
        )
        initiatives.cost_line_save(
            initiative=initiative,
            actor=None,
            label="Drift",
            category="other",
            recurrence="yearly",
            stated_amount=spec.yearly_cost,
        )
        built.initiatives[spec.code] = initiative
    for spec in NOTES:
        note = budgets.budget_note_create(
            organisation=organisation,
            actor=None,
            code=spec.code,
            title=spec.title,
            budget_year=spec.budget_year,
            unit=unit_get_or_create(actor=None, organisation=organisation, name=spec.unit)
            if spec.unit
            else None,
            purpose=spec.purpose,
            initiatives=[built.initiatives[c] for c in spec.initiatives],
        )
        built.notes[spec.code] = note
        budgets.allocation_set(
            note=note, actor=None, amounts=spec.allocation, price_level=spec.price_level
        )
        for year, amount in spec.spending.items():
            budgets.spending_set(note=note, actor=None, year=year, amount=amount)
        for code, (amounts, spent, price_level) in spec.own.items():
            budgets.allocation_set(
                note=note,
                actor=None,
                amounts=amounts,
                initiative=built.initiatives[code],
                price_level=price_level,
            )
            for year, amount in spent.items():
                budgets.spending_set(
                    note=note,
                    actor=None,
                    year=year,
                    amount=amount,
                    initiative=built.initiatives[code],
                )
        for ind in spec.indicators:
            _add_indicator(organisation, ind, built, budget_note=note)
    for spec in INITIATIVES:
        for ind in spec.indicators:
            _add_indicator(organisation, ind, built, initiative=built.initiatives[spec.code])
    _add_indicator(organisation, ORGANISATION_INDICATOR, built)
    note_indicators = [i for n in NOTES for i in n.indicators] + [ORGANISATION_INDICATOR]
    report_round(built, 1)
    # Values of note and organisation indicators are entered on the round's date, outside a
    # status update; so is 3.2's, whose initiative never reports a status.
    for spec in note_indicators + INITIATIVES[5].indicators:
        for year, value in spec.round_1.items():
            indicators.indicator_value_add(
                indicator=built.indicators[spec.name],
                actor=None,
                year=year,
                value=value,
                recorded_on=ROUND_1,
            )
    return built


def report_round(built: Built, number: int) -> None:
    """Write the status updates of round 1 or 2 with the indicator values they report."""
    as_of = ROUND_1 if number == 1 else ROUND_2
    for spec in INITIATIVES:
        status = spec.status_1 if number == 1 else spec.status_2
        if status is None:
            continue
        built.statuses[(spec.code, number)] = status_update_create(
            initiative=built.initiatives[spec.code],
            actor=None,
            as_of=as_of,
            state=status.state,
            text=status.text,
            values=_values(built, spec.indicators, f"round_{number}"),
        )


# --- what a report as of a date must show --------------------------------------------------


def expected_series(spec: IndicatorSpec, as_of: dt.date) -> dict[int, D]:
    series = dict(spec.history) if as_of >= HISTORY else {}
    if as_of >= ROUND_1:
        series.update(spec.round_1)
    if as_of >= ROUND_2:
        series.update(spec.round_2)
    return dict(sorted(series.items()))


def expected_status(spec: InitiativeSpec, as_of: dt.date) -> StatusSpec | None:
    if as_of >= ROUND_2 and spec.status_2:
        return spec.status_2
    if as_of >= ROUND_1:
        return spec.status_1
    return None


def expected_status_date(spec: InitiativeSpec, as_of: dt.date) -> dt.date | None:
    if as_of >= ROUND_2 and spec.status_2:
        return ROUND_2
    if as_of >= ROUND_1 and spec.status_1:
        return ROUND_1
    return None


def initiative_spec(code: str) -> InitiativeSpec:
    return next(s for s in INITIATIVES if s.code == code)


def many_notes(organisation, count: int, *, prefix: str = "N") -> None:
    """``count`` budget notes, each funding two new initiatives with an indicator, values and
    a status: for comparing query counts of reports of different sizes."""
    theme = initiatives.theme_get_or_create(
        actor=None, organisation=organisation, name="Mange notater"
    )
    for n in range(1, count + 1):
        pair = []
        for k in (1, 2):
            initiative = initiatives.initiative_create(
                organisation=organisation,
                actor=None,
                code=f"{n}.{k}",
                title=f"Indsats {n}.{k}",
                theme=theme,
                start_year=2025,
                state="running",
            )
            initiatives.cost_line_save(
                initiative=initiative,
                actor=None,
                label="Drift",
                category="other",
                recurrence="yearly",
                stated_amount=D(100000 * k),
            )
            indicator = indicators.indicator_create(
                organisation=organisation,
                actor=None,
                name=f"Indikator {n}.{k}",
                unit="count",
                initiative=initiative,
            )
            indicators.indicator_value_add(
                indicator=indicator, actor=None, year=2024, value=D(n), recorded_on=HISTORY
            )
            indicators.target_set(
                indicator=indicator,
                actor=None,
                baseline_value=D(0),
                baseline_year=2023,
                target_value=D(50),
                deadline_year=2027,
            )
            status_update_create(
                initiative=initiative,
                actor=None,
                as_of=ROUND_1,
                state="on_track",
                text=f"Status for {n}.{k}.\n- punkt",
                values=[ReportedValue(indicator, 2025, D(n + k))],
            )
            pair.append(initiative)
        note = budgets.budget_note_create(
            organisation=organisation,
            actor=None,
            code=f"{prefix}{n}",
            title=f"Budgetnotat {n}",
            budget_year=2025 + n % 2,
            initiatives=pair,
        )
        budgets.allocation_set(
            note=note, actor=None, amounts={2025: D(500000), 2026: D(500000)}, price_level="2025-pl"
        )
        budgets.spending_set(note=note, actor=None, year=2025, amount=D(480000))
        budgets.allocation_set(note=note, actor=None, amounts={2025: D(200000)}, initiative=pair[0])
        indicators.indicator_create(
            organisation=organisation, actor=None, name=f"Notatindikator {n}", unit="percent",
            budget_note=note,
        )  # fmt: skip
