"""The same reminders through the background worker (django-tasks' database backend and its
`db_worker` command), against a real SMTP server."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from indsats.notifications.models import OutgoingMail

from .world import round_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO())


def test_the_worker_sends_the_reminders_once(smtp, worker_settings, org):
    round_world(org, today=timezone.localdate(), due_in_days=3)
    call_command("remind", "--org", "testrup", "--enqueue", stdout=io.StringIO())
    assert smtp.messages == []  # waiting for the worker
    run_worker()
    assert sorted(m["To"] for m in smtp.messages) == [
        "chef@testrup.dk",
        "karen@testrup.dk",
        "per@testrup.dk",
    ]
    assert smtp.to("karen@testrup.dk")[0]["Subject"].startswith("Påmindelse: Status pr. april")
    call_command("remind", "--enqueue", stdout=io.StringIO())
    run_worker()
    assert len(smtp.messages) == 3 and OutgoingMail.objects.count() == 3


def test_a_status_saved_while_mail_waits_for_the_worker_needs_no_smtp(worker_settings, org):
    """With the worker configured, recording a message only queues a task: the save never
    touches the SMTP server (here there is none)."""
    world = round_world(org, today=timezone.localdate(), due_in_days=3)
    from indsats.notifications.reminders import reminders_run

    planned = reminders_run(org_slug="testrup")
    assert len(planned) == 3
    assert OutgoingMail.objects.filter(state="pending").count() == 3
    assert world["round"].pk
