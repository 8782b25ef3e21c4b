"""A real SMTP server on localhost (aiosmtpd), started per test, and Django pointed at it.
Use it by importing the ``smtp`` fixture into a conftest."""

from __future__ import annotations

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """Collects what the server accepted; refuses the addresses in ``refuse``."""

    def __init__(self):
        self.messages: list[dict] = []  # To, From, Subject (decoded), body
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message = {name: str(parsed[name] or "").strip() for name in ("To", "From", "Subject")}
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        message["body"] = parsed.get_body(preferencelist=("plain",)).get_content()
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[dict]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]

    @staticmethod
    def body(message: dict) -> str:
        return message["body"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "Indsats <indsats@testrup.dk>"
    settings.SITE_URL = "https://indsats.testrup.dk"
    try:
        yield inbox
    finally:
        controller.stop()
