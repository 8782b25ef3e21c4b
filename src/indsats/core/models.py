"""Base models and the audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Versioned(TimeStamped):
    """Optimistic locking: every saved change increments ``version``; a save that names an
    older version is refused (see core.services.save_versioned)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("Oprettet")
    UPDATE = "update", _("Ændret")
    DELETE = "delete", _("Slettet")
    IMPORT = "import", _("Importeret")
    VIEW = "view", _("Set")
    LOGIN = "login", _("Logget ind")
    LOGIN_FAILED = "loginfail", _("Forkert login")
    LOCKED_OUT = "lockout", _("Login spærret")


class AuditLog(models.Model):
    """Who changed what, when: before and after, written in the same transaction as the change."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="audit_log", null=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=300, blank=True)
    # The initiative (or other root object) the change belongs to, for its history page.
    root_type = models.CharField(max_length=60, blank=True)
    root_id = models.CharField(max_length=40, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # {field: [before, after]}

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "root_type", "root_id"]),
            models.Index(fields=["organisation", "object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
