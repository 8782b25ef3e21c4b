"""Budget note pages through the Django test client: list, detail with allocated / spent /
planned per year, create and edit (with optimistic locking), allocation text and spending."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from indsats.budgets import services
from indsats.budgets.models import Allocation, BudgetNote, Spending
from tests.followup.ui_world import build, html, text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, consultant):
    return build(org, consultant)


def note_data(world, **overrides) -> dict[str, object]:
    data = {
        "code": "ØK77",
        "title": "Rekruttering af sygeplejersker",
        "budget_year": "2027",
        "unit": "",
        "purpose": "Flere søger stillingerne.",
        "initiatives": [str(world.initiative.pk)],
        "version": "",
    }
    data.update(overrides)
    return data


def test_list_groups_notes_by_budget_year_and_filters(consultant_client, org, consultant, world):
    services.budget_note_create(
        organisation=org, actor=consultant, code="ØK77", title="Sygeplejersker", budget_year=2025
    )
    page = consultant_client.get(url(org, "budgets:list"))
    assert page.status_code == 200
    body = text(page)
    assert body.index("Budget 2026") < body.index("Budget 2025")
    assert "SO19" in body and "God start i Socialforvaltningen" in body
    assert "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)" in body
    assert "1.1" in body and "2.1" in body

    only_2025 = text(consultant_client.get(url(org, "budgets:list") + "?aar=2025"))
    assert "ØK77" in only_2025 and "SO19" not in only_2025
    search = text(consultant_client.get(url(org, "budgets:list") + "?q=socialforvaltningen"))
    assert "SO19" in search and "ØK77" not in search
    assert "1 budgetnotat" in search


def test_detail_shows_allocation_spending_and_planned_cost_per_year(
    consultant_client, org, consultant, world
):
    services.spending_set(note=world.note, actor=consultant, year=2026, amount=Decimal("2500000"))
    page = consultant_client.get(url(org, "budgets:detail", note_pk=world.note.pk))
    assert page.status_code == 200
    body = text(page)
    assert "SO19: God start i Socialforvaltningen" in body
    assert "Flere elever gennemfører og bliver ansat." in body
    assert "Center for Ældre" in body
    assert "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)" in body
    # 2026: allocated 7.339.000, spent 2.500.000, planned 1.008.000 (1.1's cost line), left
    assert "2026 7.339.000 kr. 2.500.000 kr. 1.008.000 kr. 4.839.000 kr." in body
    assert "2027 5.373.000 kr. – 1.008.000 kr. 5.373.000 kr." in body
    assert "I alt 23.458.000 kr. 2.500.000 kr. 4.032.000 kr." in body
    # Initiatives funded link to their pages; the note's indicator is listed.
    assert f'href="/o/{org.slug}/indsatser/{world.initiative.pk}/"' in html(page)
    assert "Medarbejdere startet på uddannelse" in body


def test_an_initiative_with_its_own_allocation_gets_its_own_table(
    consultant_client, org, consultant, world
):
    response = consultant_client.post(
        url(org, "budgets:allocation", note_pk=world.note.pk),
        {
            "text": "2.000.000 kr. årligt i 2026-2027",
            "price_level": "",
            "initiative": world.other.pk,
        },
    )
    assert response.status_code == 302
    body = text(consultant_client.get(url(org, "budgets:detail", note_pk=world.note.pk)))
    assert "2.1 Mentorordning for nyansatte (egen bevilling)" in body
    assert "2026-2027: 2,000 mio. kr. årligt" in body
    assert "Budgetnotatet som helhed" in body


def test_create_note_with_initiatives_then_write_its_allocation(consultant_client, org, world):
    response = consultant_client.post(url(org, "budgets:create"), note_data(world))
    note = BudgetNote.objects.get(organisation=org, code="ØK77")
    assert response.status_code == 302
    assert response["Location"] == url(org, "budgets:allocation", note_pk=note.pk)
    assert list(note.initiatives.all()) == [world.initiative]
    assert note.budget_year == 2027

    form = consultant_client.get(response["Location"])
    assert "Budgetnotatet ØK77 er oprettet" in html(form)
    saved = consultant_client.post(
        response["Location"],
        {
            "text": "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt",
            "price_level": "2022-pl",
            "initiative": "",
        },
    )
    assert saved.status_code == 302
    rows = {a.year: (a.amount, a.price_level) for a in Allocation.objects.filter(note=note)}
    assert rows == {
        2026: (Decimal("7339000.00"), "2022-pl"),
        2027: (Decimal("5373000.00"), "2022-pl"),
        2028: (Decimal("5373000.00"), "2022-pl"),
        2029: (Decimal("5373000.00"), "2022-pl"),
    }
    detail = consultant_client.get(saved["Location"])
    assert "Bevillingen er gemt: 2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt" in (
        text(detail)
    )


def test_the_allocation_form_shows_the_current_allocation_to_edit(consultant_client, org, world):
    page = consultant_client.get(url(org, "budgets:allocation", note_pk=world.note.pk))
    assert 'value="2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt"' in html(page)
    assert 'value="2022-pl"' in html(page)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Skriv en titel på budgetnotatet."),
        ({"code": ""}, "Skriv budgetnotatets kode, fx »SO19«."),
        ({"budget_year": "27"}, "Årstallet skal ligge mellem 1990 og 2100."),
        (
            {"code": "SO19", "budget_year": "2026"},
            "Der findes allerede et budgetnotat SO19 for 2026.",
        ),
    ],
)
def test_create_refuses_bad_input_in_danish(consultant_client, org, world, overrides, message):
    before = BudgetNote.objects.count()
    response = consultant_client.post(url(org, "budgets:create"), note_data(world, **overrides))
    assert response.status_code == 400
    assert message in html(response)
    assert "Budgetnotatet er ikke gemt" in html(response)
    assert BudgetNote.objects.count() == before


@pytest.mark.parametrize(
    ("allocation", "message"),
    [
        ("7,339 mio. kr.", "nævner ikke hvilket år beløbet gælder"),
        ("2026: syv mio.", "Bevillingen kan ikke læses"),
        ("2029-2027: 1 mio. kr.", "slutter før den begynder"),
        ("", "Skriv bevillingen, fx »2026-2029: 4,2 mio. kr. årligt«."),
    ],
)
def test_an_allocation_that_does_not_parse_is_refused(
    consultant_client, org, world, allocation, message
):
    before = list(Allocation.objects.order_by("pk").values_list("year", "amount"))
    response = consultant_client.post(
        url(org, "budgets:allocation", note_pk=world.note.pk),
        {"text": allocation, "price_level": "", "initiative": ""},
    )
    assert response.status_code == 400
    assert message in html(response)
    assert "Bevillingen er ikke gemt" in html(response)
    assert list(Allocation.objects.order_by("pk").values_list("year", "amount")) == before


def test_spending_is_recorded_for_an_allocated_year(consultant_client, org, world):
    form = consultant_client.get(url(org, "budgets:spending", note_pk=world.note.pk))
    assert form.status_code == 200
    # The year select offers exactly the allocated years.
    assert [f'<option value="{y}"' in html(form) for y in (2025, 2026, 2029, 2030)] == [
        False,
        True,
        True,
        False,
    ]
    response = consultant_client.post(
        url(org, "budgets:spending", note_pk=world.note.pk),
        {"year": "2026", "amount": "1,25 mio. kr.", "initiative": "", "comment": "Halvår"},
    )
    assert response.status_code == 302
    spending = Spending.objects.get(note=world.note)
    assert (spending.year, spending.amount, spending.comment) == (
        2026,
        Decimal("1250000.00"),
        "Halvår",
    )


def test_spending_in_a_year_outside_the_allocation_is_refused(consultant_client, org, world):
    response = consultant_client.post(
        url(org, "budgets:spending", note_pk=world.note.pk),
        {"year": "2031", "amount": "100.000 kr.", "initiative": "", "comment": ""},
    )
    assert response.status_code == 400
    assert "Året 2031 ligger uden for budgetnotatets bevilling (2026-2029)." in html(response)
    assert not Spending.objects.exists()


def test_spending_that_does_not_parse_is_refused(consultant_client, org, world):
    response = consultant_client.post(
        url(org, "budgets:spending", note_pk=world.note.pk),
        {"year": "2026", "amount": "en del", "initiative": "", "comment": ""},
    )
    assert response.status_code == 400
    assert "Forbruget er ikke gemt" in html(response)
    assert not Spending.objects.exists()


def test_edit_note_changes_its_initiatives(consultant_client, org, world):
    response = consultant_client.post(
        url(org, "budgets:edit", note_pk=world.note.pk),
        note_data(
            world,
            code="SO19",
            budget_year="2026",
            title="God start",
            initiatives=[str(world.initiative.pk)],
            version="1",
        ),
    )
    assert response.status_code == 302
    world.note.refresh_from_db()
    assert (world.note.title, world.note.version) == ("God start", 2)
    assert list(world.note.initiatives.all()) == [world.initiative]


def test_concurrent_note_edit_gets_409_and_keeps_the_input(org, world, consultant, make_member):
    first, second = Client(), Client()
    first.force_login(consultant)
    second.force_login(make_member(org, "admin", "kollega"))
    edit = url(org, "budgets:edit", note_pk=world.note.pk)
    for c in (first, second):
        assert 'name="version" value="1"' in html(c.get(edit))
    common = {"code": "SO19", "budget_year": "2026", "version": "1"}
    saved = first.post(edit, note_data(world, title="Den første brugers titel", **common))
    assert saved.status_code == 302

    conflict = second.post(
        edit,
        note_data(
            world,
            title="Den anden brugers titel",
            purpose="Den anden brugers formål",
            **common,
        ),
    )
    assert conflict.status_code == 409
    body = html(conflict)
    assert "er blevet ændret af en anden, efter du åbnede den" in body
    assert "Gemt nu: SO19 Den første brugers titel." in body
    assert 'value="Den anden brugers titel"' in body
    assert "Den anden brugers formål" in body
    assert 'name="version" value="2"' in body
    world.note.refresh_from_db()
    assert (world.note.title, world.note.version) == ("Den første brugers titel", 2)


def test_delete_note(consultant_client, org, world):
    page = consultant_client.get(url(org, "budgets:delete", note_pk=world.note.pk))
    assert "Slet budgetnotatet?" in html(page)
    response = consultant_client.post(
        url(org, "budgets:delete", note_pk=world.note.pk), {"version": "1"}
    )
    assert response.status_code == 302
    assert not BudgetNote.objects.filter(pk=world.note.pk).exists()


def test_readers_see_notes_without_edit_buttons(client, org, reader, world):
    client.force_login(reader)
    page = client.get(url(org, "budgets:detail", note_pk=world.note.pk))
    assert page.status_code == 200
    assert "Redigér budgetnotat" not in html(page)
    assert "Opret budgetnotat" not in html(client.get(url(org, "budgets:list")))


def test_detail_query_count_does_not_grow_with_initiatives(
    consultant_client, org, consultant, world
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indsats.initiatives import services as initiative_services

    consultant_client.get(url(org, "budgets:detail", note_pk=world.note.pk))
    with CaptureQueriesContext(connection) as few:
        consultant_client.get(url(org, "budgets:detail", note_pk=world.note.pk))
    extra = [
        initiative_services.initiative_create(
            organisation=org,
            actor=consultant,
            code=f"5.{n}",
            title=f"Indsats {n}",
            theme=world.initiative.theme,
            funding="separate",
            state="funded",
        )
        for n in range(1, 6)
    ]
    services.budget_note_update(
        note=world.note,
        actor=consultant,
        expected_version=None,
        initiatives=[world.initiative, world.other, *extra],
    )
    with CaptureQueriesContext(connection) as many:
        consultant_client.get(url(org, "budgets:detail", note_pk=world.note.pk))
    assert len(many) == len(few)
