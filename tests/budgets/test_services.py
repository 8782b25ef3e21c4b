"""Budget notes, allocations and spending: every change through the services, one audit record
each, nothing written when a rule is broken."""

from decimal import Decimal

import pytest

from indsats.budgets import services
from indsats.budgets.models import Allocation, BudgetNote, Spending
from indsats.budgets.selectors import finance, note_queryset
from indsats.core.models import AuditLog
from indsats.core.services import ConflictError, PermissionDeniedError, ServiceError
from tests.factories import CostLineFactory, InitiativeFactory, UnitFactory

D = Decimal


@pytest.fixture
def mentor(org):
    """A mentor scheme costing 226.500 kr. once, in 2026."""
    initiative = InitiativeFactory(organisation=org, code="3.9", start_year=2026)
    CostLineFactory(initiative=initiative)
    return initiative


@pytest.fixture
def note(org, consultant, mentor):
    note = services.budget_note_create(
        organisation=org,
        actor=consultant,
        initiatives=[mentor],
        code="SO19",
        title="God start i Socialforvaltningen",
        budget_year=2026,
        purpose="Flere nyansatte bliver.",
    )
    services.allocation_set(
        note=note,
        actor=consultant,
        amounts={2026: D("7339000"), 2027: D("5373000"), 2028: D("5373000"), 2029: D("5373000")},
    )
    return _as_freshly_opened(note)


def _as_freshly_opened(note):
    """Setting the allocation moved the note's version on; the tests open the note from here,
    at version 1."""
    BudgetNote.objects.filter(pk=note.pk).update(version=1)
    note.refresh_from_db()
    return note


def audit_count(org):
    return AuditLog.objects.filter(organisation=org).count()


def state(note):
    """Everything the services may write about a note, to show that nothing changed."""
    note.refresh_from_db()
    return (
        note.version,
        note.title,
        sorted(note.initiatives.values_list("code", flat=True)),
        list(Allocation.objects.filter(note=note).values_list("initiative", "year", "amount")),
        list(Spending.objects.filter(note=note).values_list("initiative", "year", "amount")),
        AuditLog.objects.filter(organisation=note.organisation).count(),
    )


def test_create_writes_the_note_and_one_audit_record(org, consultant, mentor):
    before = audit_count(org)
    note = services.budget_note_create(
        organisation=org,
        actor=consultant,
        initiatives=[mentor],
        code="ØK77",
        title="Fastholdelse af nyuddannede",
        budget_year=2025,
    )
    assert audit_count(org) == before + 1
    entry = AuditLog.objects.filter(organisation=org).first()
    assert (entry.action, entry.object_type, entry.object_id) == (
        "create",
        "budgetnote",
        str(note.pk),
    )
    assert entry.actor == consultant
    assert entry.changes["code"] == [None, "ØK77"]
    assert entry.changes["initiatives"] == [None, "3.9"]


def test_each_change_writes_one_audit_record(org, consultant, note, mentor):
    count = audit_count(org)
    services.budget_note_update(note=note, actor=consultant, expected_version=1, title="Ny titel")
    assert audit_count(org) == count + 1
    services.allocation_set(
        note=note, actor=consultant, amounts={2026: D("7339000"), 2027: D("5373000")}
    )
    entry = AuditLog.objects.filter(organisation=org).first()
    assert entry.changes == {
        "allocation": [
            "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt",
            "2026: 7,339 mio. kr. / 2027: 5,373 mio. kr.",
        ]
    }
    services.spending_set(note=note, actor=consultant, year=2026, amount=D("7100000"))
    services.spending_set(
        note=note, actor=consultant, year=2026, amount=D("7100000"), comment="Forsinket opstart."
    )
    services.spending_set(
        note=note, actor=consultant, year=2027, amount=D("1200.50"), initiative=mentor
    )
    assert audit_count(org) == count + 5
    comment_only = AuditLog.objects.filter(organisation=org)[1]
    assert comment_only.changes == {"comment": ["", "Forsinket opstart."]}
    latest = AuditLog.objects.filter(organisation=org).first()
    assert latest.object_repr.endswith("forbrug 2027 3.9")
    assert latest.changes == {"spending": [None, "1200.50"]}


def test_an_unchanged_save_writes_no_audit_record(org, consultant, note):
    services.spending_set(note=note, actor=consultant, year=2026, amount=D("7100000"))
    count = audit_count(org)
    services.spending_set(note=note, actor=consultant, year=2026, amount=D("7100000.00"))
    services.allocation_set(
        note=note,
        actor=consultant,
        amounts={2026: D("7339000"), 2027: D("5373000"), 2028: D("5373000"), 2029: D("5373000")},
    )
    assert audit_count(org) == count


def test_spending_outside_the_allocation_is_refused_and_nothing_is_written(consultant, note):
    before = state(note)
    with pytest.raises(ServiceError) as error:
        services.spending_set(note=note, actor=consultant, year=2031, amount=D("100000"))
    assert error.value.errors == {
        "year": ["Året 2031 ligger uden for budgetnotatets bevilling (2026-2029)."]
    }
    assert state(note) == before


def test_spending_on_a_note_without_allocation_names_no_years(org, consultant):
    empty = services.budget_note_create(
        organisation=org, actor=consultant, code="SO20", title="Uden bevilling", budget_year=2026
    )
    with pytest.raises(ServiceError) as error:
        services.spending_set(note=empty, actor=consultant, year=2026, amount=D(1))
    assert error.value.messages == [
        "Året 2026 ligger uden for budgetnotatets bevilling (ingen år)."
    ]


def test_an_allocation_cannot_drop_a_year_that_has_spending(consultant, note):
    services.spending_set(note=note, actor=consultant, year=2029, amount=D("5000000"))
    before = state(note)
    with pytest.raises(ServiceError) as error:
        services.allocation_set(note=note, actor=consultant, amounts={2026: D("7339000")})
    assert error.value.messages == [
        "Der er registreret forbrug i 2029, som ikke længere har en bevilling."
    ]
    assert state(note) == before


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ({2026: D("-1")}, "Bevillingen for 2026 skal være et beløb på 0 kr. eller derover."),
        ({2026: None}, "Bevillingen for 2026 skal være et beløb på 0 kr. eller derover."),
        ({1989: D(1)}, "Året 1989 ligger ikke mellem 1990 og 2100."),
    ],
)
def test_bad_allocations_are_refused(consultant, note, amounts, message):
    before = state(note)
    with pytest.raises(ServiceError) as error:
        services.allocation_set(note=note, actor=consultant, amounts=amounts)
    assert error.value.messages == [message]
    assert state(note) == before


def test_an_allocation_for_an_initiative_the_note_does_not_fund_is_refused(org, consultant, note):
    other = InitiativeFactory(organisation=org, code="2.4")
    before = state(note)
    with pytest.raises(ServiceError, match="Indsatsen 2.4 er ikke knyttet til budgetnotatet."):
        services.allocation_set(note=note, actor=consultant, amounts={2026: D(1)}, initiative=other)
    with pytest.raises(ServiceError, match="Indsatsen 2.4 er ikke knyttet til budgetnotatet."):
        services.spending_set(note=note, actor=consultant, year=2026, amount=D(1), initiative=other)
    assert state(note) == before


@pytest.mark.parametrize("role", ["readonly", "manager"])
def test_only_admins_and_consultants_change_budget_notes(org, make_member, note, mentor, role):
    user = make_member(org, role)
    before = state(note)
    with pytest.raises(PermissionDeniedError):
        services.budget_note_create(
            organisation=org, actor=user, code="SO30", title="X", budget_year=2026
        )
    with pytest.raises(PermissionDeniedError):
        services.budget_note_update(note=note, actor=user, expected_version=1, title="X")
    with pytest.raises(PermissionDeniedError):
        services.allocation_set(note=note, actor=user, amounts={2026: D(1)})
    with pytest.raises(PermissionDeniedError):
        services.spending_set(note=note, actor=user, year=2026, amount=D(1))
    with pytest.raises(PermissionDeniedError):
        services.budget_note_delete(note=note, actor=user)
    assert state(note) == before
    assert not BudgetNote.objects.filter(code="SO30").exists()


def test_a_member_of_another_organisation_is_refused(outsider, note):
    before = state(note)
    with pytest.raises(PermissionDeniedError):
        services.budget_note_update(note=note, actor=outsider, expected_version=1, title="X")
    with pytest.raises(PermissionDeniedError):
        services.spending_set(note=note, actor=outsider, year=2026, amount=D(1))
    assert state(note) == before


def test_initiatives_and_units_of_another_organisation_are_refused(
    org, other_org, consultant, note
):
    foreign = InitiativeFactory(organisation=other_org, code="1.1")
    foreign_unit = UnitFactory(organisation=other_org)
    count = audit_count(org)
    with pytest.raises(ServiceError) as error:
        services.budget_note_create(
            organisation=org,
            actor=consultant,
            initiatives=[foreign],
            code="SO40",
            title="X",
            budget_year=2026,
        )
    assert error.value.errors == {
        "initiatives": ["En af indsatserne hører til en anden organisation."]
    }
    with pytest.raises(ServiceError) as error:
        services.budget_note_create(
            organisation=org,
            actor=consultant,
            code="SO40",
            title="X",
            budget_year=2026,
            unit=foreign_unit,
        )
    assert error.value.errors == {"unit": ["Enheden hører til en anden organisation."]}
    before = state(note)
    with pytest.raises(ServiceError):
        services.budget_note_update(
            note=note, actor=consultant, expected_version=1, initiatives=[foreign]
        )
    with pytest.raises(ServiceError):
        services.allocation_set(
            note=note, actor=consultant, amounts={2026: D(1)}, initiative=foreign
        )
    assert state(note) == before
    assert audit_count(org) == count
    assert not BudgetNote.objects.filter(code="SO40").exists()


def test_a_code_is_used_once_per_budget_year(org, consultant, note):
    with pytest.raises(ServiceError) as error:
        services.budget_note_create(
            organisation=org, actor=consultant, code="SO19", title="Igen", budget_year=2026
        )
    assert error.value.errors == {"code": ["Der findes allerede et budgetnotat SO19 for 2026."]}
    services.budget_note_create(
        organisation=org, actor=consultant, code="SO19", title="Næste år", budget_year=2027
    )


def test_update_with_an_old_version_is_a_conflict_and_writes_nothing(consultant, note):
    first = BudgetNote.objects.get(pk=note.pk)
    second = BudgetNote.objects.get(pk=note.pk)
    services.budget_note_update(
        note=first, actor=consultant, expected_version=1, title="Første brugers titel"
    )
    before = state(note)
    with pytest.raises(ConflictError):
        services.budget_note_update(
            note=second, actor=consultant, expected_version=1, title="Anden brugers titel"
        )
    assert state(note) == before
    assert note.title == "Første brugers titel"
    assert note.version == 2


def test_an_initiative_with_its_own_money_cannot_be_dropped_from_the_note(
    org, consultant, note, mentor
):
    other = InitiativeFactory(organisation=org, code="2.4")
    services.budget_note_update(
        note=note, actor=consultant, expected_version=1, initiatives=[mentor, other]
    )
    services.spending_set(
        note=note, actor=consultant, year=2026, amount=D("226500"), initiative=mentor
    )
    before = state(note)
    with pytest.raises(ServiceError) as error:
        services.budget_note_update(
            note=note, actor=consultant, expected_version=note.version, initiatives=[other]
        )
    assert "eget forbrug" in error.value.messages[0]
    assert state(note) == before
    # without money of its own, an initiative can be dropped
    services.budget_note_update(
        note=note, actor=consultant, expected_version=note.version, initiatives=[mentor]
    )
    assert list(note.initiatives.values_list("code", flat=True)) == ["3.9"]


def test_delete_writes_an_audit_record(org, consultant, note):
    count = audit_count(org)
    services.budget_note_delete(note=note, actor=consultant, expected_version=1)
    assert not BudgetNote.objects.filter(code="SO19").exists()
    assert audit_count(org) == count + 1
    assert AuditLog.objects.filter(organisation=org).first().action == "delete"


def test_finance_gives_allocated_spent_and_planned_per_year(org, consultant, note, mentor):
    services.spending_set(note=note, actor=consultant, year=2026, amount=D("7100000"))
    services.allocation_set(
        note=note, actor=consultant, amounts={2026: D("226500")}, initiative=mentor
    )
    services.spending_set(
        note=note, actor=consultant, year=2026, amount=D("230000"), initiative=mentor
    )
    figures = finance(note_queryset(org).get(pk=note.pk))
    whole = figures[None]
    assert [(y.year, y.allocated, y.spent, y.planned) for y in whole.years] == [
        (2026, D("7339000"), D("7100000"), D("226500")),
        (2027, D("5373000"), None, D(0)),
        (2028, D("5373000"), None, D(0)),
        (2029, D("5373000"), None, D(0)),
    ]
    assert whole.years[0].left == D("239000")
    assert whole.years[1].left == D("5373000")
    own = figures[mentor.pk]
    # an initiative's share is shown over the note's years
    assert [(y.year, y.allocated, y.spent, y.planned) for y in own.years] == [
        (2026, D("226500"), D("230000"), D("226500")),
        (2027, None, None, D(0)),
        (2028, None, None, D(0)),
        (2029, None, None, D(0)),
    ]
    assert own.allocated == {2026: D("226500")}
    assert own.years[0].left == D("-3500")


# --- the scenario a note funds -----------------------------------------------------------------


@pytest.fixture
def supervisors(org, consultant):
    """Release time: hours a month × 1.000 kr. an hour, yearly from 2026; scenarios of 5 and 15
    hours, the catalogue's selected one being 5 hours."""
    from indsats.initiatives import services as initiative_services
    from tests.factories import CostFactorFactory

    initiative = InitiativeFactory(organisation=org, code="1.1", start_year=2026)
    line = CostLineFactory(initiative=initiative, recurrence="yearly", stated_amount=None)
    CostFactorFactory(cost_line=line, key="timer", label="Timer", unit="timer", value=D(5))
    CostFactorFactory(cost_line=line, key="sats", label="Sats", unit="kr.", value=D(1000))
    five, fifteen = (
        initiative_services.scenario_save(
            initiative=initiative, actor=consultant, name=f"{h} timer", values={"timer": D(h)}
        )
        for h in (5, 15)
    )
    initiative.selected_scenario = five
    initiative.save()
    return initiative, five, fifteen


def test_planned_is_the_cost_of_the_scenario_the_note_funds(org, consultant, supervisors, mentor):
    initiative, five, fifteen = supervisors
    note = services.budget_note_create(
        organisation=org, actor=consultant, initiatives=[initiative, mentor], code="SO03",
        title="God start", budget_year=2026,
    )  # fmt: skip
    services.allocation_set(note=note, actor=consultant, amounts={2026: D("3000000")})

    def planned():
        return finance(note_queryset(org).get(pk=note.pk))[None].years[0].planned

    assert planned() == D("5000") + D("226500")  # the selected scenario: 5 hours
    before = audit_count(org)
    services.funded_scenarios_set(note=note, actor=consultant, scenarios=[fifteen])
    assert planned() == D("15000") + D("226500")
    assert audit_count(org) == before + 1
    entry = AuditLog.objects.filter(organisation=org).latest("pk")
    assert entry.changes == {"funded_scenarios": ["", "1.1: 15 timer"]}
    services.funded_scenarios_set(note=note, actor=consultant, scenarios=[fifteen])
    assert audit_count(org) == before + 1  # unchanged: no record

    with pytest.raises(ServiceError) as error:
        services.funded_scenarios_set(note=note, actor=consultant, scenarios=[five, fifteen])
    assert error.value.errors == {"scenarios": ["Vælg højst ét scenarie for indsats 1.1."]}
    other = services.budget_note_create(
        organisation=org, actor=consultant, code="ØK1", title="Andet", budget_year=2026
    )
    with pytest.raises(ServiceError) as error:
        services.funded_scenarios_set(note=other, actor=consultant, scenarios=[five])
    assert error.value.errors == {
        "scenarios": ["Scenariet »5 timer« hører til en indsats, notatet ikke finansierer."]
    }
    assert planned() == D("15000") + D("226500")


def test_a_reader_may_not_set_the_funded_scenario(org, supervisors, note, make_member):
    reader = make_member(org, "reader", "laeser")
    with pytest.raises(PermissionDeniedError):
        services.funded_scenarios_set(note=note, actor=reader, scenarios=[])
