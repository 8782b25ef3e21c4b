"""`indsats remind` against a real SMTP server on localhost: who gets what, in Danish, with a
link; nothing twice; nothing for those who opted out; the server down or refusing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from indsats.notifications.models import MailKind, MailState, OutgoingMail
from indsats.notifications.services import mail_preference_set

from .world import round_world

pytestmark = pytest.mark.django_db


def remind(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command("remind", *args, stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def world(org):
    return round_world(org, today=timezone.localdate(), due_in_days=3)


def test_owners_get_one_danish_reminder_each_with_a_link_and_the_manager_a_digest(smtp, world):
    remind("--org", "testrup")
    karen = smtp.to("karen@testrup.dk")
    per = smtp.to("per@testrup.dk")
    chef = smtp.to("chef@testrup.dk")
    assert (len(karen), len(per), len(chef)) == (1, 1, 1)
    assert len(smtp.messages) == 3
    due = world["round"].due_date.strftime("%d.%m.%Y")
    assert karen[0]["Subject"] == f"Påmindelse: Status pr. april 2026 – frist {due}"
    assert karen[0]["To"] == "karen@testrup.dk"
    assert karen[0]["From"] == "Indsats <indsats@testrup.dk>"
    body = smtp.body(karen[0])
    assert "Kære Karen Jensen" in body
    assert "1.1 Indsats 1.1" in body and "1.2" not in body  # 1.2 has its status
    link = (
        f"https://indsats.testrup.dk/o/testrup/status/indsats/{world['initiatives']['1.1'].pk}"
        f"/ny/?runde={world['round'].pk}"
    )
    assert link in body
    assert "https://indsats.testrup.dk/indstillinger/e-mail/" in body  # where to opt out
    assert "2.1 Indsats 2.1" in smtp.body(per[0])
    assert chef[0]["Subject"] == "Ugens overblik: status, der mangler i Testrup Kommune"
    assert "2 indsatser mangler status" in smtp.body(chef[0])
    sent = OutgoingMail.objects.filter(state=MailState.SENT)
    assert sent.count() == 3 and all(m.sent_at for m in sent)


def test_a_second_run_sends_nothing_again(smtp, world):
    remind("--org", "testrup")
    assert len(smtp.messages) == 3
    out = remind("--org", "testrup")
    remind()
    assert len(smtp.messages) == 3
    assert OutgoingMail.objects.count() == 3
    assert "0 nye e-mails" in out


def test_nothing_for_users_who_opted_out(smtp, world):
    mail_preference_set(
        user=world["karen"],
        language="da",
        wanted=[k for k in MailKind.values if k != MailKind.ROUND_BEFORE],
    )
    remind("--org", "testrup")
    assert smtp.to("karen@testrup.dk") == []
    assert len(smtp.to("per@testrup.dk")) == 1
    assert not OutgoingMail.objects.filter(user=world["karen"]).exists()


def test_after_the_due_date_the_reminder_says_the_status_is_missing(smtp, org):
    world = round_world(org, today=timezone.localdate(), due_in_days=-3)
    remind("--org", "testrup")
    (message,) = smtp.to("karen@testrup.dk")
    due = world["round"].due_date.strftime("%d.%m.%Y")
    assert message["Subject"] == f"Status mangler: Status pr. april 2026 – fristen var {due}"
    assert OutgoingMail.objects.get(user=world["karen"]).kind == MailKind.ROUND_AFTER


def test_no_reminder_before_the_days_set_on_the_round(smtp, org):
    round_world(org, today=timezone.localdate(), due_in_days=20)
    remind("--org", "testrup")
    assert smtp.to("karen@testrup.dk") == [] and smtp.to("per@testrup.dk") == []


def test_an_english_user_gets_english(smtp, world):
    mail_preference_set(user=world["per"], language="en", wanted=MailKind.values)
    remind("--org", "testrup")
    (message,) = smtp.to("per@testrup.dk")
    due = world["round"].due_date.strftime("%d.%m.%Y")
    assert message["Subject"] == f"Reminder: Status pr. april 2026 – due {due}"
    assert "Dear Per Hansen" in smtp.body(message)


def test_dry_run_prints_who_would_get_what_and_sends_nothing(smtp, world):
    out = remind("--org", "testrup", "--dry-run")
    assert "karen@testrup.dk\tround_before\tPåmindelse: Status pr. april 2026" in out
    assert "per@testrup.dk" in out and "chef@testrup.dk\tdigest" in out
    assert "3 e-mails ville blive sendt" in out
    assert smtp.messages == [] and OutgoingMail.objects.count() == 0


def test_a_server_that_is_down_delays_the_mail_and_a_later_run_sends_it_once(smtp, world, settings):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    remind("--org", "testrup")
    assert smtp.messages == []
    waiting = OutgoingMail.objects.filter(state=MailState.PENDING)
    assert waiting.count() == 3
    assert any(m.last_error for m in waiting)
    settings.EMAIL_PORT = port
    remind("--org", "testrup")
    assert len(smtp.messages) == 3
    assert OutgoingMail.objects.filter(state=MailState.SENT).count() == 3


def test_a_refused_recipient_is_recorded_and_shown_to_the_administrator(
    smtp, world, org, client, admin_user
):
    smtp.refuse.add("per@testrup.dk")
    remind("--org", "testrup")
    refused = OutgoingMail.objects.get(to="per@testrup.dk")
    assert refused.state == MailState.REFUSED and "550" in refused.last_error
    assert len(smtp.messages) == 2
    client.force_login(admin_user)
    page = client.get("/o/testrup/e-mails/").content.decode()
    assert "per@testrup.dk" in page and "Afvist af modtagerens server" in page
    assert "1 e-mail er ikke kommet frem" in page


def test_an_unknown_organisation_is_a_clear_danish_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Organisationen »ukendt« findes ikke"):
        remind("--org", "ukendt")


def test_a_closed_round_reminds_nobody(smtp, world):
    world["round"].closed = True
    world["round"].save()
    remind("--org", "testrup")
    assert smtp.messages == []


def test_only_the_administrator_sees_the_mail_log(client, world, org):
    client.force_login(world["per"])
    assert client.get("/o/testrup/e-mails/").status_code == 403
