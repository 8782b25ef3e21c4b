"""Status rounds: creating one (bad input refused in Danish, nothing changed), its progress per
owner and unit, "Mine opgaver", and an owner who leaves (their items on the "Uden ansvarlig"
list, never silently)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from indsats.followup.models import StatusRound
from indsats.followup.selectors import round_progress
from indsats.initiatives.models import Initiative
from indsats.organisations.models import Membership
from indsats.organisations.services import membership_remove
from tests.notifications.world import round_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org):
    return round_world(org, today=timezone.localdate(), due_in_days=3)


def test_progress_counts_submitted_and_missing_per_owner_and_unit(world, django_assert_num_queries):
    with django_assert_num_queries(3):
        progress = round_progress(world["round"])
    assert (progress["submitted"], progress["missing"]) == (1, 2)
    by_owner = {g["name"]: (g["submitted"], g["missing"]) for g in progress["by_owner"]}
    assert by_owner == {"Karen Jensen": (1, 1), "Per Hansen": (0, 1)}
    assert progress["by_unit"] == [{"name": "Center for Ældre", "submitted": 1, "missing": 2}]


def test_the_round_page_shows_progress_and_the_missing_with_a_link(client, world, org):
    client.force_login(world["per"])
    page = client.get(f"/o/testrup/status/runder/{world['round'].pk}/").content.decode()
    assert "1 indsendt, 2 mangler" in page
    assert f"/o/testrup/status/indsats/{world['initiatives']['2.1'].pk}/ny/?runde=" in page
    assert "Per Hansen" in page and "Center for Ældre" in page


def test_creating_a_round_with_the_due_date_before_the_as_of_date_is_refused(client, world, org):
    client.force_login(world["per"])
    before = StatusRound.objects.count()
    response = client.post(
        "/o/testrup/status/runder/",
        {
            "name": "Status pr. oktober 2026",
            "as_of": "01.10.2026",
            "due_date": "15.09.2026",
            "remind_days_before": "7",
            "remind_days_after": "2",
        },
    )
    assert response.status_code == 400
    assert "Fristen kan ikke ligge før datoen" in response.content.decode()
    assert StatusRound.objects.count() == before
    response = client.post(
        "/o/testrup/status/runder/",
        {"name": "", "as_of": "1. oktober", "due_date": "", "remind_days_before": "7"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Giv runden et navn" in body and "Skriv datoen som dd.mm.åååå" in body
    assert StatusRound.objects.count() == before


def test_a_consultant_creates_a_round(client, world, org):
    client.force_login(world["per"])
    response = client.post(
        "/o/testrup/status/runder/",
        {
            "name": "Status pr. oktober 2026",
            "as_of": "01.10.2026",
            "due_date": "15.10.2026",
            "remind_days_before": "5",
            "remind_days_after": "1",
        },
    )
    created = StatusRound.objects.get(name="Status pr. oktober 2026")
    assert response.status_code == 302
    assert (created.due_date, created.remind_days_before) == (dt.date(2026, 10, 15), 5)


def test_a_reader_cannot_create_a_round(client, world, org, reader):
    client.force_login(reader)
    response = client.post("/o/testrup/status/runder/", {"name": "x"})
    assert response.status_code == 403


def test_mine_opgaver_lists_the_owners_missing_status_with_the_due_date(client, world):
    client.force_login(world["karen"])
    page = client.get("/o/testrup/status/mine-opgaver/").content.decode()
    assert "1.1 Indsats 1.1" in page and "1.2 Indsats 1.2" not in page
    assert "2.1" not in page  # Per's
    link = (
        f"/o/testrup/status/indsats/{world['initiatives']['1.1'].pk}/ny/?runde={world['round'].pk}"
    )
    assert link in page
    form = client.get(link).content.decode()
    assert f'value="{world["round"].as_of.isoformat()}"' in form  # opens at the round's date
    assert "Status til Status pr. april 2026" in form


def test_an_owner_lands_on_mine_opgaver(client, world):
    client.force_login(world["karen"])
    assert client.get("/").url == "/o/testrup/status/mine-opgaver/"


def test_an_owner_who_leaves_puts_their_items_on_the_no_owner_list(client, world, org, admin_user):
    karen_membership = Membership.objects.get(user=world["karen"], organisation=org)
    membership_remove(actor=admin_user, membership=karen_membership)
    moved = Initiative.objects.filter(organisation=org, former_owner="Karen Jensen")
    assert sorted(moved.values_list("code", flat=True)) == ["1.1", "1.2"]
    assert not moved.filter(owner__isnull=False).exists()
    client.force_login(admin_user)
    page = client.get("/o/testrup/status/runder/").content.decode()
    assert "Uden ansvarlig" in page
    assert "1.1 Indsats 1.1" in page and "tidligere: Karen Jensen" in page
    detail = client.get(f"/o/testrup/indsatser/{moved.get(code='1.1').pk}/").content.decode()
    assert "tidligere Karen Jensen, som har forladt organisationen" in detail


def test_an_owner_must_be_a_member(world, org, other_org, outsider):
    from indsats.core.services import ServiceError
    from indsats.initiatives.services import initiative_update

    initiative = world["initiatives"]["1.1"]
    with pytest.raises(ServiceError) as exc:
        initiative_update(initiative=initiative, actor=None, expected_version=None, owner=outsider)
    assert "medlem af organisationen" in exc.value.errors["owner"][0]
    assert Initiative.objects.get(pk=initiative.pk).owner == world["karen"]


def test_the_mail_settings_page_stores_language_and_opt_outs(client, world):
    from indsats.notifications.models import MailPreference

    client.force_login(world["karen"])
    assert client.get("/indstillinger/e-mail/").status_code == 200
    response = client.post(
        "/indstillinger/e-mail/", {"language": "en", "kinds": ["round_after", "digest"]}
    )
    assert response.status_code == 302
    pref = MailPreference.objects.get(user=world["karen"])
    assert pref.language == "en"
    assert "round_before" in pref.opted_out and "digest" not in pref.opted_out
    response = client.post("/indstillinger/e-mail/", {"language": "fr"})
    assert response.status_code == 400
    assert MailPreference.objects.get(user=world["karen"]).language == "en"
