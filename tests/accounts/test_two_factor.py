"""Two-factor login: TOTP with recovery codes, required for administrators and members with
student-data access (when TWO_FACTOR_REQUIRED is on, as in production)."""

from __future__ import annotations

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "hemmeligt-kodeord"


def code_for(device, ahead: int = 0) -> str:
    """The app's code now (``ahead`` steps later: a code not used before)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.drift = ahead
    return f"{totp.token():0{device.digits}d}"


def _login(client, username):
    return client.post("/log-ind/", {"username": username, "password": PASSWORD})


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def test_an_administrator_must_set_up_two_factor_before_anything_else(
    client, org, admin_user, required
):
    assert _login(client, "administrator").status_code == 302
    response = client.get(f"/o/{org.slug}/indstillinger/")
    assert response.status_code == 302
    assert response["Location"].startswith("/min-konto/to-faktor/?next=")
    setup = client.get(response["Location"])
    html = setup.content.decode()
    assert "Din rolle giver adgang til administration eller elevdata" in html and "<svg" in html
    wrong = client.post("/min-konto/to-faktor/", {"code": "000000"})
    assert wrong.status_code == 400 and "Koden passer ikke" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles: the next try waits a second after a wrong code
    device = TOTPDevice.objects.get(user=admin_user)
    done = client.post(
        "/min-konto/to-faktor/", {"code": code_for(device), "next": f"/o/{org.slug}/indstillinger/"}
    )
    codes = re.findall(r"<li><code>(\d{8})</code></li>", done.content.decode())
    assert len(codes) == 10, done.content.decode()[-3000:]
    assert client.get(f"/o/{org.slug}/indstillinger/").status_code == 200


def test_a_login_with_two_factor_asks_for_a_code_and_takes_a_recovery_code_once(
    client, org, consultant
):
    client.force_login(consultant)
    client.get("/min-konto/to-faktor/")
    device = TOTPDevice.objects.get(user=consultant)
    done = client.post("/min-konto/to-faktor/", {"code": code_for(device)})
    codes = re.findall(r"<li><code>(\d{8})</code></li>", done.content.decode())
    client.post("/log-ud/")

    # Password, then the code.
    _login(client, "konsulent")
    assert client.get(f"/o/{org.slug}/").status_code == 302
    wrong = client.post("/min-konto/to-faktor/kode/", {"code": "123"})
    assert "Koden passer ikke" in wrong.content.decode()
    time.sleep(1.1)  # the throttle after a wrong code
    device.refresh_from_db()
    ok = client.post("/min-konto/to-faktor/kode/", {"code": code_for(device, ahead=1)})
    assert ok.status_code == 302
    assert client.get(f"/o/{org.slug}/indstillinger/").status_code == 200
    client.post("/log-ud/")

    # A recovery code works once.
    for attempt in (1, 2):
        other = client.__class__()
        _login(other, "konsulent")
        response = other.post("/min-konto/to-faktor/kode/", {"code": codes[0]})
        if attempt == 1:
            assert response.status_code == 302
            assert other.get(f"/o/{org.slug}/indstillinger/").status_code == 200
        else:
            assert response.status_code == 400


def test_members_without_admin_or_student_access_are_not_forced(client, org, consultant, required):
    _login(client, "konsulent")
    assert client.get(f"/o/{org.slug}/indstillinger/").status_code == 200


def test_the_demo_and_development_leave_two_factor_optional(client, org, admin_user):
    _login(client, "administrator")
    assert client.get(f"/o/{org.slug}/indstillinger/").status_code == 200
