"""E-mail that Indsats sends: every message is recorded (who, what, when, why) under a reason
key that makes it unique, so nothing is ever sent twice for the same reason; and each user's
choices (language of the mails, kinds they opted out of)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indsats.core.models import TimeStamped


class MailKind(models.TextChoices):
    ROUND_BEFORE = "round_before", _("Påmindelse før en statusrundes frist")
    ROUND_AFTER = "round_after", _("Påmindelse efter en statusrundes frist")
    DIGEST = "digest", _("Ugentligt overblik over manglende status (ledere)")
    CASE_SUBMITTED = "case_submitted", _("Casebank: en case er indsendt (redaktører)")
    CASE_RETURNED = "case_returned", _("Casebank: en case er sendt retur")
    CASE_PUBLISHED = "case_published", _("Casebank: en case er offentliggjort")
    CASE_WITHDRAWN = "case_withdrawn", _("Casebank: en case er trukket tilbage")


class MailState(models.TextChoices):
    PENDING = "pending", _("Venter")
    SENT = "sent", _("Sendt")
    REFUSED = "refused", _("Afvist af modtagerens server")
    FAILED = "failed", _("Opgivet")


# Attempts before a message that keeps failing (server down) is given up.
MAX_ATTEMPTS = 8


class OutgoingMail(TimeStamped):
    reason = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("slags"), max_length=20, choices=MailKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outgoing_mails",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_mails",
    )
    to = models.EmailField(_("modtager"))
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField()
    state = models.CharField(
        _("tilstand"), max_length=10, choices=MailState.choices, default=MailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class MailPreference(TimeStamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference"
    )
    language = models.CharField(
        _("sprog i e-mails"), max_length=5, choices=settings.LANGUAGES, default="da"
    )
    opted_out = models.JSONField(default=list, blank=True)  # MailKind values

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
