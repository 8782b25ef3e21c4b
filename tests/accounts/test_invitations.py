"""Members by invitation: an e-mail with a one-time link; nobody is added before accepting,
and an administrator learns nothing about users of other organisations."""

from __future__ import annotations

import re

from django.core import mail

from indsats.organisations.models import Invitation, Membership

PASSWORD = "hemmeligt-kodeord"


def _invite(client, org, email, role="consultant"):
    return client.post(f"/o/{org.slug}/medlemmer/", {"m-email": email, "m-role": role}, follow=True)


def _link(message) -> str:
    return re.search(r"http://testserver(/invitation/[^/\s]+/)", message.body).group(1)


def test_an_invited_person_creates_a_user_and_becomes_a_member(client, org, admin_user):
    client.force_login(admin_user)
    page = _invite(client, org, "mette.hansen@testrup.dk", role="manager")
    assert "Invitationen er sendt til mette.hansen@testrup.dk" in page.content.decode()
    assert "mette.hansen@testrup.dk" in page.content.decode()  # listed as not yet accepted
    (message,) = mail.outbox
    assert message.to == ["mette.hansen@testrup.dk"]
    assert "Testrup Kommune" in message.subject
    assert not Membership.objects.filter(user__email="mette.hansen@testrup.dk").exists()

    invitee = client.__class__()
    link = _link(message)
    form = invitee.get(link)
    assert "Invitation til Testrup Kommune" in form.content.decode()
    weak = invitee.post(
        link,
        {"username": "mette", "password": "12345678", "password2": "12345678"},
    )
    assert weak.status_code == 400
    assert "Denne adgangskode er for almindelig" in weak.content.decode()
    done = invitee.post(
        link,
        {
            "username": "mette",
            "first_name": "Mette",
            "last_name": "Hansen",
            "password": "sommer-i-testrup-26",
            "password2": "sommer-i-testrup-26",
        },
        follow=True,
    )
    assert "du er medlem af Testrup Kommune" in done.content.decode()
    membership = Membership.objects.get(user__username="mette")
    assert membership.organisation == org and membership.role == "manager"
    assert membership.user.email == "mette.hansen@testrup.dk"
    # The link works once.
    again = invitee.get(link)
    assert again.status_code == 404
    assert "Invitationen virker ikke" in again.content.decode()


def test_a_user_of_another_organisation_is_added_only_when_accepting(
    client, org, admin_user, outsider, other_org
):
    outsider.email = "udefra@andeby.dk"
    outsider.save()
    client.force_login(admin_user)
    _invite(client, org, "udefra@andeby.dk")
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()
    # The old way, typing a user name, adds nobody.
    client.post(
        f"/o/{org.slug}/medlemmer/",
        {"m-username": "udefra", "m-role": "consultant", "m-password": ""},
    )
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()

    invitee = client.__class__()
    invitee.force_login(outsider)
    link = _link(mail.outbox[0])
    page = invitee.get(link).content.decode()
    assert "Tag imod som udefra" in page
    invitee.post(link)
    assert Membership.objects.get(user=outsider, organisation=org).role == "consultant"
    assert Membership.objects.get(user=outsider, organisation=other_org).role == "admin"


def test_inviting_a_user_of_another_organisation_reads_like_inviting_nobody(
    client, org, admin_user, outsider
):
    outsider.email = "udefra@andeby.dk"
    outsider.save()
    client.force_login(admin_user)
    known = _invite(client, org, "udefra@andeby.dk").content.decode()
    unknown = _invite(client, org, "ingen@andeby.dk").content.decode()
    assert "udefra" not in known.replace("udefra@andeby.dk", "")
    for html, email in ((known, "udefra@andeby.dk"), (unknown, "ingen@andeby.dk")):
        assert f"Invitationen er sendt til {email}" in html
    assert len(mail.outbox) == 2


def test_a_bad_address_is_refused_in_danish_and_nothing_is_sent(client, org, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/o/{org.slug}/medlemmer/", {"m-email": "mette@", "m-role": "admin"})
    assert response.status_code == 400
    assert "Skriv en gyldig e-mailadresse" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_an_administrator_revokes_an_invitation(client, org, admin_user):
    client.force_login(admin_user)
    _invite(client, org, "fortrudt@testrup.dk")
    invitation = Invitation.objects.get()
    client.post(
        f"/o/{org.slug}/medlemmer/", {"action": "revoke_invitation", "invitation": invitation.pk}
    )
    assert not Invitation.objects.exists()
    assert client.__class__().get(_link(mail.outbox[0])).status_code == 404


def test_only_administrators_invite(client, org, consultant):
    client.force_login(consultant)
    client.post(f"/o/{org.slug}/medlemmer/", {"m-email": "x@testrup.dk", "m-role": "admin"})
    assert not Invitation.objects.exists() and not mail.outbox
