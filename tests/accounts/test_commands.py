"""Operator commands: create an organisation and invite its first administrator; the footer's
accessibility statement link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from indsats.core.models import AuditLog
from indsats.organisations.models import Invitation, Membership, Organisation


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_an_organisation_and_invite_its_first_administrator(db, client):
    out = _run("org", "create", "frederikssund", "Frederikssund Kommune")
    assert "Frederikssund Kommune (frederikssund) er oprettet" in out
    org = Organisation.objects.get(slug="frederikssund")
    assert AuditLog.objects.filter(organisation=org, object_type="organisation").exists()

    out = _run("user", "invite", "it@frederikssund.dk", "--org", "frederikssund", "--role", "admin")
    assert "Invitationen er sendt til it@frederikssund.dk" in out
    link = re.search(r"http://localhost:8000(/invitation/\S+/)", mail.outbox[0].body).group(1)
    client.post(
        link,
        {
            "username": "itchef",
            "password": "sommer-og-vinter-26",
            "password2": "sommer-og-vinter-26",
        },
    )
    assert Membership.objects.get(organisation=org, user__username="itchef").role == "admin"


def test_print_link_sends_nothing_and_prints_a_working_link(db, client):
    _run("org", "create", "hjem", "Hjem Kommune")
    out = _run(
        "user", "invite", "a@hjem.dk", "--org", "hjem", "--role", "consultant", "--print-link"
    )
    assert not mail.outbox
    link = re.search(r"http://localhost:8000(/invitation/\S+/)", out).group(1)
    assert client.get(link).status_code == 200


def test_bad_input_is_refused_in_danish_and_changes_nothing(db):
    _run("org", "create", "hjem", "Hjem Kommune")
    with pytest.raises(CommandError, match="(?i)kort navn"):
        _run("org", "create", "hjem", "Hjem Kommune igen")
    with pytest.raises(CommandError, match="findes ikke"):
        _run("user", "invite", "a@hjem.dk", "--org", "ukendt", "--role", "admin")
    with pytest.raises(CommandError, match="gyldig e-mailadresse"):
        _run("user", "invite", "a@", "--org", "hjem", "--role", "admin")
    assert Organisation.objects.count() == 1 and not Invitation.objects.exists()


def test_the_footer_links_to_the_accessibility_statement(client, settings, db):
    settings.ACCESSIBILITY_URL = "https://was.digst.dk/indsats-testrup-dk"
    html = client.get("/log-ind/").content.decode()
    assert 'href="https://was.digst.dk/indsats-testrup-dk">Tilgængelighedserklæring</a>' in html
    settings.ACCESSIBILITY_URL = ""
    assert "Tilgængelighedserklæring" not in client.get("/log-ind/").content.decode()
