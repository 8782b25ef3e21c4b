"""Report files rendered by the background worker and kept as a cache: one row per
organisation, report (kind, format, parameters, language, day) and data version."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportFileState(models.TextChoices):
    WAITING = "waiting", "Venter"
    RUNNING = "running", "Laves"
    READY = "ready", "Klar"
    FAILED = "failed", "Fejlede"


class ReportFile(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="report_files"
    )
    kind = models.CharField(max_length=20)  # status, strategy, prioritisation, descriptions
    extension = models.CharField(max_length=5)  # pdf, docx
    params = models.JSONField(default=dict)  # normalised: what the renderer needs
    key = models.CharField(max_length=64)  # sha256 of kind, extension, params, language, day
    data_version = models.BigIntegerField()  # the organisation's latest audit row id
    state = models.CharField(
        max_length=10, choices=ReportFileState.choices, default=ReportFileState.WAITING
    )
    filename = models.CharField(max_length=200)  # the name the download is offered under
    path = models.CharField(max_length=300, blank=True)  # under settings.REPORT_FILES_DIR
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "data_version"], name="report_file_once"
            )
        ]
        indexes = [models.Index(fields=["organisation", "state", "finished_at"])]

    def __str__(self) -> str:
        return self.filename
