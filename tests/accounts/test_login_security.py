"""Login throttling, the login audit, password rules, reset by e-mail, change in »Min konto«,
and the session's idle timeout and absolute lifetime."""

from __future__ import annotations

import re
import time

import pytest
from axes.models import AccessAttempt
from django.core import mail

from indsats.core.models import AuditAction, AuditLog
from tests.factories import MembershipFactory, UserFactory

PASSWORD = "hemmeligt-kodeord"  # tests.factories.UserFactory's


def _login(client, username, password):
    return client.post("/log-ind/", {"username": username, "password": password})


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sixth_wrong_password_is_throttled_logged_and_the_right_one_refused(
    client, consultant, caplog
):
    for _ in range(5):
        response = _login(client, "konsulent", "forkert-kodeord")
        assert response.status_code == 200
        assert "Brugernavn eller adgangskode er forkert" in response.content.decode()
    response = _login(client, "konsulent", "forkert-kodeord")
    assert response.status_code == 429
    assert "Log ind er midlertidigt spærret" in response.content.decode()
    # The right password is refused too while the lockout lasts.
    response = _login(client, "konsulent", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    assert "locked out for user name 'konsulent'" in caplog.text
    actions = list(
        AuditLog.objects.filter(object_type="login", object_repr="konsulent").values_list(
            "action", flat=True
        )
    )
    assert actions.count(AuditAction.LOGIN_FAILED) == 5  # the 6th is the lockout
    assert AuditAction.LOCKED_OUT in actions
    assert AuditAction.LOGIN not in actions


def test_the_lockout_ends_after_the_cool_off_time(client, consultant, settings):
    for _ in range(6):
        _login(client, "konsulent", "forkert-kodeord")
    assert _login(client, "konsulent", PASSWORD).status_code == 429
    # Move the recorded attempts back past the cool-off time (15 minutes).
    attempts = AccessAttempt.objects.filter(username="konsulent")
    assert attempts.exists()
    earlier = attempts.first().attempt_time - settings.AXES_COOLOFF_TIME * 2
    attempts.update(attempt_time=earlier)
    response = _login(client, "konsulent", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_a_locked_out_unknown_user_name_reads_exactly_like_a_real_one(client, consultant):
    pages = {}
    for username in ("konsulent", "findes-ikke"):
        for _ in range(6):
            response = _login(client, username, "forkert-kodeord")
        pages[username] = (response.status_code, response.content.decode())
    assert pages["konsulent"][0] == pages["findes-ikke"][0] == 429

    def strip(html):  # the CSRF tokens differ on every page
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)

    assert strip(pages["konsulent"][1]) == strip(pages["findes-ikke"][1])
    # The lockout is for that user name from that address: others can still log in.
    assert _login(client.__class__(), "anden-bruger", "forkert-kodeord").status_code == 200


def test_a_login_and_a_failed_login_are_in_the_audit_log_of_the_users_organisation(
    client, consultant, org
):
    _login(client, "konsulent", "forkert-kodeord")
    response = _login(client, "konsulent", PASSWORD)
    assert response.status_code == 302
    rows = AuditLog.objects.filter(organisation=org, object_type="login")
    assert {r.action for r in rows} == {AuditAction.LOGIN, AuditAction.LOGIN_FAILED}
    assert all(r.changes["address"][1] == "127.0.0.1" for r in rows)
    # An unknown user name is logged without an organisation.
    _login(client.__class__(), "ukendt", "forkert-kodeord")
    assert AuditLog.objects.filter(
        organisation=None, object_type="login", object_repr="ukendt"
    ).exists()


def test_the_test_clients_login_still_works(client, consultant):
    assert client.login(username="konsulent", password=PASSWORD)


@pytest.mark.parametrize("password", ["12345678", "password", "konsulent1"])
def test_a_weak_password_is_refused_when_a_new_user_is_created(org, password):
    from django.contrib.auth import get_user_model

    from indsats.core.services import ServiceError
    from indsats.organisations.services import user_create

    with pytest.raises(ServiceError) as exc:
        user_create(username="konsulent1", password=password)
    assert "password" in exc.value.errors
    assert not get_user_model().objects.filter(username="konsulent1").exists()


def test_a_member_changes_the_password_in_min_konto_and_weak_ones_are_refused(client, consultant):
    client.force_login(consultant)
    page = client.get("/min-konto/")
    assert page.status_code == 200
    assert "Skift adgangskode" in page.content.decode()
    url = "/min-konto/adgangskode/"
    weak = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200
    assert "Denne adgangskode er for almindelig" in weak.content.decode()
    good = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "ny-og-lang-kode-77",
            "new_password2": "ny-og-lang-kode-77",
        },
        follow=True,
    )
    assert "Din adgangskode er skiftet." in good.content.decode()
    consultant.refresh_from_db()
    assert consultant.check_password("ny-og-lang-kode-77")
    assert AuditLog.objects.filter(object_type="user", changes__password=[None, "changed"]).exists()


def test_password_reset_by_e_mail(client, org):
    user = UserFactory(username="glemsom", email="glemsom@testrup.dk")
    MembershipFactory(user=user, organisation=org, role="consultant")
    response = client.post("/glemt-adgangskode/", {"email": "glemsom@testrup.dk"}, follow=True)
    assert "Tjek din e-mail" in response.content.decode()
    # An unknown address answers the same, and sends nothing.
    other = client.post("/glemt-adgangskode/", {"email": "ingen@testrup.dk"}, follow=True)
    assert "Tjek din e-mail" in other.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["glemsom@testrup.dk"]
    assert "glemsom" in message.body
    link = re.search(r"http://testserver(/glemt-adgangskode/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Vælg ny adgangskode" in form.content.decode()
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    weak = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert "Denne adgangskode er for almindelig" in weak.content.decode()
    done = client.post(
        set_url,
        {"new_password1": "ny-og-lang-kode-77", "new_password2": "ny-og-lang-kode-77"},
        follow=True,
    )
    assert "Din nye adgangskode er gemt" in done.content.decode()
    assert _login(client.__class__(), "glemsom", "ny-og-lang-kode-77").status_code == 302
    # The link works once.
    again = client.get(link, follow=True)
    assert "Linket virker ikke længere" in again.content.decode()


def _logged_in_client(client, user):
    assert _login(client, user.username, PASSWORD).status_code == 302
    return client


def test_the_session_ends_after_the_organisations_idle_timeout(client, consultant, org):
    org.session_idle_minutes = 30
    org.save()
    _logged_in_client(client, consultant)
    session = client.session
    assert session["idle_minutes"] == 30
    session["seen_at"] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(f"/o/{org.slug}/indstillinger/").status_code == 200
    # That request was seen: the clock restarted.
    session = client.session
    assert session["seen_at"] > time.time() - 60
    session["seen_at"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(f"/o/{org.slug}/indstillinger/", follow=True)
    assert response.redirect_chain[0][0].startswith("/log-ind/?next=")
    assert "ikke har brugt Indsats i 30 minutter" in response.content.decode()
    assert not _logged_in(client)


def test_the_session_ends_after_its_absolute_lifetime(client, consultant, org, settings):
    _logged_in_client(client, consultant)
    session = client.session
    session["login_at"] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1
    session.save()
    response = client.get(f"/o/{org.slug}/indstillinger/", follow=True)
    assert "din session er udløbet" in response.content.decode()
    assert not _logged_in(client)


def test_the_idle_timeout_is_an_organisation_setting(client, admin_user, org):
    client.force_login(admin_user)
    page = client.get(f"/o/{org.slug}/indstillinger/")
    assert "Log ud efter inaktivitet" in page.content.decode()
    data = {"name": org.name, "budget_year": 2026, "price_level": "", "session_idle_minutes": 2}
    bad = client.post(f"/o/{org.slug}/indstillinger/", data)
    assert bad.status_code == 400
    assert "mindst 5 minutter" in bad.content.decode()
    data["session_idle_minutes"] = 45
    assert client.post(f"/o/{org.slug}/indstillinger/", data).status_code == 302
    org.refresh_from_db()
    assert org.session_idle_minutes == 45
