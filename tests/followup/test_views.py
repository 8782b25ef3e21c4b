"""Status update pages: write a status with indicator values, corrections as new versions, the
history on the initiative page, the reminders list and who may do what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indsats.budgets.models import Allocation, BudgetNote, Spending
from indsats.followup import services
from indsats.followup.models import StatusUpdate
from indsats.indicators.models import Indicator, IndicatorValue, Target
from indsats.organisations.models import Organisation
from tests.followup.ui_world import build, html, text, url, yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, consultant):
    return build(org, consultant)


@pytest.fixture
def manager(org, make_member):
    return make_member(org, "manager", "leder")


def status_data(world, **overrides) -> dict[str, str]:
    data = {
        "as_of": yesterday().isoformat(),
        "state": "on_track",
        "text": "Alle 100 vejledere er frikøbt.\n\n- Næste skridt: evaluering\n- Ny runde i efteråret",
        f"v{world.turnover.pk}": "18,4 %",
        f"y{world.turnover.pk}": "2025",
        f"n{world.turnover.pk}": "Fra lønsystemet",
        f"v{world.started.pk}": "12",
        f"y{world.started.pk}": "",
        f"n{world.started.pk}": "",
    }
    data.update(overrides)
    return data


def test_the_form_has_a_field_per_indicator_and_defaults(client, org, manager, world):
    client.force_login(manager)
    page = client.get(url(org, "followup:create", initiative_pk=world.initiative.pk))
    assert page.status_code == 200
    body = html(page)
    today = timezone.localdate()
    assert f'name="as_of" value="{today.isoformat()}"' in body
    assert f'name="y{world.turnover.pk}" value="{today.year}"' in body
    assert f'name="v{world.started.pk}"' in body
    for label in ("Følger planen", "I risiko", "Følger ikke planen", "Afsluttet", "Sat på pause"):
        assert label in body
    assert "background: #a4001b" in body  # off track's colour


def test_a_manager_writes_a_status_with_indicator_values(client, org, manager, world):
    client.force_login(manager)
    response = client.post(
        url(org, "followup:create", initiative_pk=world.initiative.pk), status_data(world)
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/indsatser/{world.initiative.pk}/#status")
    update = StatusUpdate.objects.get()
    assert (update.initiative, update.as_of, update.state) == (
        world.initiative,
        yesterday(),
        "on_track",
    )
    values = {
        (v.indicator.name, v.year): (v.value, v.recorded_on, v.note)
        for v in IndicatorValue.objects.filter(status_update=update)
    }
    assert values == {
        ("Personaleomsætning", 2025): (Decimal("18.4000"), yesterday(), "Fra lønsystemet"),
        ("Medarbejdere startet på uddannelse", yesterday().year): (
            Decimal("12.0000"),
            yesterday(),
            "",
        ),
    }
    page = client.get(url(org, "initiatives:detail", pk=world.initiative.pk))
    body = text(page)
    assert f"Status pr. {yesterday().day}." in body
    assert "Følger planen" in body
    assert "Alle 100 vejledere er frikøbt." in body
    assert "<li>Næste skridt: evaluering</li>" in html(page)
    assert "Personaleomsætning 2025 18,4 % Fra lønsystemet" in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"as_of": (timezone.localdate() + dt.timedelta(days=2)).isoformat()},
            "ligger i fremtiden",
        ),
        ({"text": "  "}, "Skriv, hvad der er gjort, og hvad der er næste skridt."),
        ({"state": ""}, "Vælg en status."),
        ({"as_of": ""}, "Angiv den dato, status er opgjort pr."),
        ("started", "»22,5%« er en procentsats, men indikatoren måles i antal."),
        ("turnover", "»1.000 kr.« er et kronebeløb, men indikatoren måles i procent."),
    ],
)
def test_bad_status_input_is_refused_and_nothing_is_saved(
    client, org, manager, world, overrides, message
):
    if overrides == "started":
        overrides = {f"v{world.started.pk}": "22,5%"}
    elif overrides == "turnover":
        overrides = {f"v{world.turnover.pk}": "1.000 kr."}
    client.force_login(manager)
    response = client.post(
        url(org, "followup:create", initiative_pk=world.initiative.pk),
        status_data(world, **overrides),
    )
    assert response.status_code == 400
    assert message in html(response)
    assert "Status er ikke gemt" in html(response)
    assert not StatusUpdate.objects.exists()
    assert not IndicatorValue.objects.exists()
    # The input is kept.
    assert "Alle 100 vejledere er frikøbt." in html(response) or overrides.get("text")


def test_a_wrong_unit_error_names_the_indicator(client, org, manager, world):
    client.force_login(manager)
    response = client.post(
        url(org, "followup:create", initiative_pk=world.initiative.pk),
        status_data(world, **{f"v{world.started.pk}": "22,5%"}),
    )
    assert "Værdi for »Medarbejdere startet på uddannelse«" in html(response)
    assert 'aria-invalid="true"' in html(response)


def test_a_correction_is_a_new_version_and_the_old_one_stays_visible(
    client, org, manager, consultant, world
):
    original = services.status_update_create(
        initiative=world.initiative,
        actor=consultant,
        as_of=yesterday(),
        state="at_risk",
        text="Kun 60 vejledere frikøbt.",
        values=[services.ReportedValue(world.started, 2026, Decimal(9))],
    )
    client.force_login(manager)
    form = client.get(url(org, "followup:correct", status_pk=original.pk))
    assert form.status_code == 200
    body = html(form)
    assert "Kun 60 vejledere frikøbt." in body
    assert f'name="v{world.started.pk}" value="9"' in body
    assert 'value="at_risk" id="id_state_1" class="form-radio" checked' in body

    response = client.post(
        url(org, "followup:correct", status_pk=original.pk),
        status_data(
            world,
            state="on_track",
            text="Rettet: 80 vejledere frikøbt.",
            **{f"v{world.started.pk}": "11", f"v{world.turnover.pk}": ""},
        ),
    )
    assert response.status_code == 302
    assert StatusUpdate.objects.count() == 2
    correction = StatusUpdate.objects.exclude(pk=original.pk).get()
    assert correction.supersedes == original
    original.refresh_from_db()
    assert original.text == "Kun 60 vejledere frikøbt."

    page = client.get(url(org, "initiatives:detail", pk=world.initiative.pk))
    body = text(page)
    assert body.index("Rettet: 80 vejledere frikøbt.") < body.index("Kun 60 vejledere frikøbt.")
    assert f"rettet af {manager.get_full_name()}" in body
    assert "rettelse" in body
    # Only the newest version offers "Ret status".
    assert url(org, "followup:correct", status_pk=correction.pk) in html(page)
    assert url(org, "followup:correct", status_pk=original.pk) not in html(page)


def test_correcting_an_already_corrected_status_leads_to_the_newest(
    client, org, manager, consultant, world
):
    original = services.status_update_create(
        initiative=world.initiative, actor=consultant, as_of=yesterday(), state="at_risk", text="A"
    )
    newer = services.status_update_create(
        initiative=world.initiative,
        actor=consultant,
        as_of=yesterday(),
        state="on_track",
        text="B",
        corrects=original,
    )
    client.force_login(manager)
    response = client.get(url(org, "followup:correct", status_pk=original.pk))
    assert response.status_code == 302
    assert response["Location"] == url(org, "followup:correct", status_pk=newer.pk)
    posted = client.post(
        url(org, "followup:correct", status_pk=original.pk), status_data(world, text="C")
    )
    assert posted.status_code == 302
    assert StatusUpdate.objects.count() == 2


def test_history_query_count_does_not_grow_with_updates(client, org, consultant, world):
    client.force_login(consultant)
    detail = url(org, "initiatives:detail", pk=world.initiative.pk)

    def add(n):
        for i in range(n):
            services.status_update_create(
                initiative=world.initiative,
                actor=consultant,
                as_of=yesterday() - dt.timedelta(days=i + 10 * n),
                state="on_track",
                text=f"Status {n}-{i}",
                values=[services.ReportedValue(world.started, 2026, Decimal(i))],
            )

    add(1)
    with CaptureQueriesContext(connection) as few:
        client.get(detail)
    add(6)
    with CaptureQueriesContext(connection) as many:
        assert "Status 6-5" in html(client.get(detail))
    assert len(many) == len(few)


def test_reminders_list_initiatives_without_recent_status(client, org, consultant, world):
    services.status_update_create(
        initiative=world.other,
        actor=consultant,
        as_of=timezone.localdate() - dt.timedelta(days=200),
        state="on_track",
        text="Gammel status",
    )
    client.force_login(consultant)
    page = client.get(url(org, "followup:overdue"))
    assert page.status_code == 200
    body = text(page)
    assert "som ikke har fået status i 120 dage" in body
    assert "2 indsatser mangler status" in body
    # Never reported comes first, then the oldest status.
    assert body.index("Frikøb af praktikvejledere") < body.index("Mentorordning for nyansatte")
    assert "Aldrig" in body and "200 dage siden" in body
    assert "Center for Ældre" in body
    assert url(org, "followup:create", initiative_pk=world.initiative.pk) in html(page)

    services.status_update_create(
        initiative=world.initiative,
        actor=consultant,
        as_of=timezone.localdate(),
        state="on_track",
        text="Ny status",
    )
    body = text(client.get(url(org, "followup:overdue")))
    assert "1 indsats mangler status" in body
    assert "Frikøb af praktikvejledere" not in body


def test_the_reporting_interval_is_set_on_the_settings_page(client, org, admin_user, world):
    client.force_login(admin_user)
    form = client.get(url(org, "organisations:settings"))
    assert 'name="reporting_interval_days" value="120"' in html(form)
    response = client.post(
        url(org, "organisations:settings"),
        {
            "name": org.name,
            "budget_year": "2026",
            "price_level": "",
            "reporting_interval_days": "3",
        },
    )
    assert response.status_code == 400
    assert "Statusintervallet skal være mindst 7 dage." in html(response)
    response = client.post(
        url(org, "organisations:settings"),
        {
            "name": org.name,
            "budget_year": "2026",
            "price_level": "",
            "reporting_interval_days": "90",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(pk=org.pk).reporting_interval_days == 90
    assert "i 90 dage" in text(client.get(url(org, "followup:overdue")))


def test_manager_may_write_status_but_not_edit_notes(client, org, manager, world):
    client.force_login(manager)
    assert (
        client.get(url(org, "followup:create", initiative_pk=world.initiative.pk)).status_code
        == 200
    )
    before = BudgetNote.objects.get(pk=world.note.pk).title
    for name in ("budgets:edit", "budgets:allocation", "budgets:spending", "budgets:delete"):
        target = url(org, name, note_pk=world.note.pk)
        assert client.get(target).status_code == 403, name
        assert (
            client.post(target, {"title": "Leders titel", "text": "2026: 1 kr."}).status_code == 403
        )
    assert client.get(url(org, "budgets:create")).status_code == 403
    assert BudgetNote.objects.get(pk=world.note.pk).title == before
    detail = client.get(url(org, "initiatives:detail", pk=world.initiative.pk))
    assert "Ny status" in html(detail)


def _edit_urls(org, world, update):
    return [
        url(org, "budgets:create"),
        url(org, "budgets:edit", note_pk=world.note.pk),
        url(org, "budgets:delete", note_pk=world.note.pk),
        url(org, "budgets:allocation", note_pk=world.note.pk),
        url(org, "budgets:spending", note_pk=world.note.pk),
        url(org, "indicators:create"),
        url(org, "indicators:edit", indicator_pk=world.turnover.pk),
        url(org, "indicators:delete", indicator_pk=world.turnover.pk),
        url(org, "indicators:value_add", indicator_pk=world.turnover.pk),
        url(org, "indicators:target", indicator_pk=world.turnover.pk),
        url(org, "followup:create", initiative_pk=world.initiative.pk),
        url(org, "followup:correct", status_pk=update.pk),
    ]


def _state():
    return [
        list(m.objects.order_by("pk").values())
        for m in (BudgetNote, Allocation, Spending, Indicator, IndicatorValue, Target, StatusUpdate)
    ]


def test_a_reader_gets_403_on_every_edit_url(client, org, reader, consultant, world):
    update = services.status_update_create(
        initiative=world.initiative, actor=consultant, as_of=yesterday(), state="at_risk", text="A"
    )
    client.force_login(reader)
    before = _state()
    for target in _edit_urls(org, world, update):
        assert client.get(target).status_code == 403, target
        assert client.post(target, status_data(world)).status_code == 403, target
    assert _state() == before
    # … while the pages themselves are open to the reader, without edit buttons.
    for name, kwargs in (
        ("budgets:list", {}),
        ("budgets:detail", {"note_pk": world.note.pk}),
        ("indicators:list", {}),
        ("indicators:detail", {"indicator_pk": world.turnover.pk}),
        ("followup:overdue", {}),
    ):
        page = client.get(url(org, name, **kwargs))
        assert page.status_code == 200, name
        assert "Ny status" not in html(page) and "Redigér" not in html(page)
    detail = html(client.get(url(org, "initiatives:detail", pk=world.initiative.pk)))
    assert "Ny status" not in detail and "Ret status" not in detail
