"""The one place Indsats sends e-mail from.

``mail_queue`` records a message under a reason key (``round:12:before:7``): a second call with
the same reason records nothing, so no message is ever sent twice for the same reason. The
message is rendered in the recipient's language and skipped for users who opted out of its kind.
``deliver_pending`` sends what is recorded; a server that is down leaves the messages waiting for
the next attempt (the worker, or the next ``indsats remind``), so a user's save never fails on
e-mail. A recipient the server refuses is recorded as refused and shown to the administrator.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import MAX_ATTEMPTS, MailPreference, MailState, OutgoingMail

log = logging.getLogger(__name__)


@dataclass
class Message:
    """What to send, before it is rendered: ``subject`` and ``lines`` are callables run with the
    recipient's language active (so gettext gives Danish or English)."""

    reason: str
    kind: str
    user: object | None
    to: str
    subject: object
    lines: object
    link: str = ""
    organisation: object | None = None
    extra: dict = field(default_factory=dict)


def preference_for(user) -> MailPreference | None:
    if user is None:
        return None
    try:
        return user.mail_preference
    except MailPreference.DoesNotExist:
        return None


def language_for(user) -> str:
    pref = preference_for(user)
    return pref.language if pref else settings.LANGUAGE_CODE


def opted_out(user, kind: str) -> bool:
    pref = preference_for(user)
    return bool(pref and kind in (pref.opted_out or []))


def absolute(path: str) -> str:
    return path if path.startswith("http") else settings.SITE_URL + path


def render(message: Message) -> tuple[str, str]:
    """Subject and body in the recipient's language."""
    with translation.override(language_for(message.user)):
        subject = str(message.subject())
        body = render_to_string(
            "notifications/mail.txt",
            {
                "name": (message.user.get_full_name() or message.user.username)
                if message.user
                else "",
                "lines": [str(line) for line in message.lines()],
                "link": absolute(message.link) if message.link else "",
                "settings_link": absolute(reverse("notifications:settings")),
            },
        )
    return subject, body


def mail_queue(message: Message) -> OutgoingMail | None:
    """Record ``message`` for sending; None when the reason was already recorded or the user
    opted out of this kind. Delivery starts when the current transaction commits."""
    if not message.to or opted_out(message.user, message.kind):
        return None
    if OutgoingMail.objects.filter(reason=message.reason).exists():
        return None
    subject, body = render(message)
    try:
        with transaction.atomic():
            mail = OutgoingMail.objects.create(
                reason=message.reason,
                kind=message.kind,
                organisation=message.organisation,
                user=message.user,
                to=message.to,
                subject=subject[:300],
                body=body,
            )
    except IntegrityError:  # recorded by a concurrent run
        return None
    transaction.on_commit(start_delivery)
    return mail


def start_delivery() -> None:
    """Hand delivery to the background worker (or run it at once without one). Never raises: a
    failure leaves the messages pending for the next attempt."""
    from .tasks import deliver

    try:
        deliver.enqueue()
    except Exception:  # noqa: BLE001 - e-mail must never break the caller
        log.exception("Could not start e-mail delivery; messages stay pending")


def deliver_pending(limit: int = 200) -> dict[str, int]:
    """Send pending messages, oldest first. Each message is claimed by raising its attempt count
    with a conditional update, so two processes never send the same one. Returns counts."""
    counts = {"sent": 0, "refused": 0, "waiting": 0}
    pending = list(
        OutgoingMail.objects.filter(state=MailState.PENDING).order_by("created_at", "id")[:limit]
    )
    if not pending:
        return counts
    connection = get_connection(fail_silently=False)
    try:
        for mail in pending:
            claimed = OutgoingMail.objects.filter(
                pk=mail.pk, state=MailState.PENDING, attempts=mail.attempts
            ).update(attempts=F("attempts") + 1)
            if not claimed:
                continue
            attempts = mail.attempts + 1
            message = EmailMessage(
                subject=mail.subject, body=mail.body, to=[mail.to], connection=connection
            )
            try:
                message.send()
            except smtplib.SMTPRecipientsRefused as exc:
                _finish(mail, MailState.REFUSED, error=_describe(exc))
                counts["refused"] += 1
            except (smtplib.SMTPException, OSError) as exc:
                state = MailState.FAILED if attempts >= MAX_ATTEMPTS else MailState.PENDING
                _finish(mail, state, error=_describe(exc))
                counts["waiting"] += 1
                if isinstance(exc, OSError | smtplib.SMTPServerDisconnected):
                    break  # the server is down: try the rest later
            else:
                _finish(mail, MailState.SENT)
                counts["sent"] += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            pass
    counts["waiting"] += (
        OutgoingMail.objects.filter(state=MailState.PENDING).count() - (counts["waiting"])
    )
    return counts


def _finish(mail: OutgoingMail, state: str, error: str = "") -> None:
    OutgoingMail.objects.filter(pk=mail.pk).update(
        state=state,
        last_error=error[:2000],
        sent_at=timezone.now() if state == MailState.SENT else None,
        updated_at=timezone.now(),
    )


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        )
    return f"{type(exc).__name__}: {exc}"
