"""Test data for the strategy follow-up report, made with the ORM and factories:
Frederikssund's published figures (seed 002) and an organisation with many small counts."""

from __future__ import annotations

from decimal import Decimal

from indsats.strategies.models import (
    NationalProgramme,
    ProgrammeItem,
    ProgrammeResponse,
    Strategy,
    StrategyFocusArea,
    StrategyInitiative,
    SuccessCriterion,
)
from indsats.students.models import (
    BreakdownFigure,
    CohortFigures,
    RequiredIntake,
    SickLeaveFigure,
)
from tests.factories import InitiativeFactory

SSA_CAUSES_2023 = {
    "private_life": 6,
    "academic_demands": 5,
    "absence": 4,
    "illness": 3,
    "ssa_to_ssh": 3,
    "job_elsewhere": 3,
    "moved": 1,
    "death": 1,
    "other": 2,
}
SSH_CAUSES_2023 = {"academic_demands": 5, "wrong_choice": 2, "other": 2}


def _cohort(org, education, year, started, completed, dropped_out, hired, unskilled=0, ssh=0):
    return CohortFigures.objects.create(
        organisation=org,
        education=education,
        cohort_year=year,
        started=started,
        completed=completed,
        dropped_out=dropped_out,
        hired=hired,
        internal_unskilled=unskilled,
        internal_ssh=ssh,
    )


def _breakdown(org, kind, education, year, counts):
    for key, count in counts.items():
        BreakdownFigure.objects.create(
            organisation=org, kind=kind, education=education, year=year, key=key, count=count
        )


def _strategy(org, *, title, criteria) -> Strategy:
    strategy = Strategy.objects.create(
        organisation=org,
        title=title,
        vision="Et godt uddannelsessted, der uddanner dygtige medarbejdere – og ansætter dem.",
        start_year=2024,
        end_year=2027,
        adopted="maj 2024",
    )
    areas = [
        StrategyFocusArea.objects.create(strategy=strategy, name=name, order=i)
        for i, name in enumerate(
            ("#1 Før uddannelse", "#2 Under uddannelse", "#3 Efter uddannelse")
        )
    ]
    started = InitiativeFactory(organisation=org, code="9.1", title="Personlige vejledere")
    planned = InitiativeFactory(organisation=org, code="9.2", title="Mentorordning for nyuddannede")
    StrategyInitiative.objects.create(focus_area=areas[1], initiative=started, state="started")
    StrategyInitiative.objects.create(focus_area=areas[2], initiative=planned, state="planned")
    for i, fields in enumerate(criteria):
        area = areas[fields.pop("area")]
        SuccessCriterion.objects.create(
            strategy=strategy, focus_area=area, source="kpi", order=i, **fields
        )
    programme = NationalProgramme.objects.create(
        strategy=strategy, name="Forberedt på fremtiden III", issuer="Regeringen",
        published="januar 2024",
    )  # fmt: skip
    item = ProgrammeItem.objects.create(
        programme=programme, text="SOSU-uddannelserne skal være mere attraktive", order=0
    )
    ProgrammeResponse.objects.create(
        item=item, text="Sprogundervisning under oplæringsperioder", status="implemented",
        status_year=2021, order=0,
    )  # fmt: skip
    ProgrammeResponse.objects.create(
        item=item, text="Personlig vejleder følger eleven", initiative=started,
        status="implemented", status_year=2023, status_note="primo 2023", order=1,
    )  # fmt: skip
    item2 = ProgrammeItem.objects.create(programme=programme, text="Spireordning", order=1)
    ProgrammeResponse.objects.create(item=item2, text="Sat i bero", status="awaiting", order=0)
    return strategy


def frederikssund(org) -> Strategy:
    """Seed 002's published totals: SSH 2022 37/31/19, SSA 2020 45/27/15, the 2023 dropout
    causes, where the graduates were hired, sick leave 8,64 % in 2023, the required intake."""
    _cohort(org, "ssa", 2020, 45, 27, 18, 15)
    _cohort(org, "ssh", 2022, 37, 31, 6, 19)
    _cohort(org, "ssh", 2023, 41, 0, 0, 0, unskilled=6)
    _cohort(org, "ssa", 2023, 57, 0, 0, 0, unskilled=5, ssh=5)
    _breakdown(org, "cause", "ssa", 2023, SSA_CAUSES_2023)
    _breakdown(org, "cause", "ssh", 2023, SSH_CAUSES_2023)
    _breakdown(org, "phase", "ssa", 2020, {"GF": 5, "S1": 3, "O1": 6, "O2": 2, "S3": 2})
    _breakdown(org, "phase", "ssh", 2022, {"GF": 2, "O1": 3, "O2": 1})
    _breakdown(
        org, "place", "ssh", 2022,
        {"Døgnplejen": 7, "Omsorgscentre/daghjem": 7, "Ansat som SSA-elever": 5},
    )  # fmt: skip
    _breakdown(
        org, "place", "ssa", 2020,
        {"Døgnplejen": 8, "Omsorgscentre/daghjem": 5,
         "Rehabilitering og de midlertidige pladser": 2},
    )  # fmt: skip
    SickLeaveFigure.objects.create(organisation=org, education="", year=2022, rate=Decimal("9.10"))
    SickLeaveFigure.objects.create(organisation=org, education="", year=2023, rate=Decimal("8.64"))
    for year in range(2020, 2024):
        RequiredIntake.objects.create(organisation=org, education="ssa", year=year, required=56)
        RequiredIntake.objects.create(organisation=org, education="ssh", year=year, required=27)
    return _strategy(
        org,
        title="Uddannelse af fremtidens social- og sundhedsmedarbejdere",
        criteria=[
            dict(area=0, statement="Vi uddanner minimum 8 af vores egne ufaglærte om året.",
                 kind="min_year", kpi="internal_unskilled", baseline_year=2023,
                 target_value=8, deadline_year=2027),
            dict(area=1, statement="Frafaldet under hovedforløbet reduceres med 7 % inden 2026.",
                 kind="change_rel", kpi="dropout_rate", education="ssa", direction="lower",
                 baseline_value=Decimal(40), baseline_year=2020, target_value=-7,
                 deadline_year=2026),
            dict(area=1, statement="Elevernes sygefravær falder 1 procentpoint frem mod 2027.",
                 kind="change_pp", kpi="sick_leave_rate", direction="lower",
                 baseline_value=Decimal("8.64"), baseline_year=2023, target_value=-1,
                 deadline_year=2027),
            dict(area=2, statement="Vi ansætter årligt minimum fem egne SSH som SSA-elever.",
                 kind="min_year", kpi="internal_ssh", education="ssa", baseline_year=2023,
                 target_value=5, deadline_year=2027),
        ],
    )  # fmt: skip


def small_counts(org) -> Strategy:
    """An organisation whose counts are mostly below 5."""
    _cohort(org, "ssh", 2021, 9, 6, 3, 4)
    _cohort(org, "ssa", 2021, 12, 7, 5, 3)
    _cohort(org, "ssa", 2023, 8, 0, 0, 0, unskilled=2, ssh=3)
    _cohort(org, "ssh", 2023, 3, 0, 0, 0)
    _breakdown(org, "cause", "ssa", 2023, {"private_life": 3, "absence": 2, "illness": 1})
    _breakdown(org, "cause", "ssh", 2023, {"other": 1})
    _breakdown(org, "phase", "ssa", 2021, {"GF": 3, "O1": 2})
    _breakdown(org, "phase", "ssh", 2021, {"GF": 1, "O1": 2})
    _breakdown(org, "place", "ssa", 2021, {"Døgnplejen": 3})
    _breakdown(org, "place", "ssh", 2021, {"Døgnplejen": 2, "Omsorgscentre": 2})
    SickLeaveFigure.objects.create(organisation=org, education="", year=2023, rate=Decimal("7.5"))
    for year in (2021, 2023):
        RequiredIntake.objects.create(organisation=org, education="ssa", year=year, required=10)
        RequiredIntake.objects.create(organisation=org, education="ssh", year=year, required=4)
    return _strategy(
        org,
        title="Lille strategi",
        criteria=[
            dict(area=2, statement="Vi ansætter årligt minimum fem egne SSH som SSA-elever.",
                 kind="min_year", kpi="internal_ssh", education="ssa", baseline_year=2023,
                 target_value=5, deadline_year=2027),
            dict(area=0, statement="Mindst 4 egne ufaglærte om året.", kind="min_year",
                 kpi="internal_unskilled", baseline_year=2021, target_value=4,
                 deadline_year=2027),
            dict(area=1, statement="Gennemførelsen på SSH stiger til 70 %.", kind="level",
                 kpi="completion_rate", education="ssh", baseline_year=2021,
                 target_value=70, deadline_year=2026),
        ],
    )  # fmt: skip
