"""Choices that carry a label and a colour, used alike by templates, PDF and XLSX."""

from django.db import models
from django.utils.translation import gettext_lazy as _

COLOURS: dict[str, dict[str, str]] = {
    "Funding": {"separate": "#8a1d1d", "operations": "#2e6b30", "external": "#1f4e8c"},
    "LifecycleState": {
        "proposed": "#5c5c5c",
        "prioritised": "#1f4e8c",
        "funded": "#6a3d8f",
        "running": "#2e6b30",
        "paused": "#8a5a00",
        "finished": "#333333",
    },
}


class ColouredChoices(models.TextChoices):
    @classmethod
    def colour(cls, value: str) -> str:
        return COLOURS.get(cls.__name__, {}).get(value, "#4a4a4a")


class Funding(ColouredChoices):
    SEPARATE = "separate", _("Kræver særskilt finansiering")
    OPERATIONS = "operations", _("Finansieres over driften")
    EXTERNAL = "external", _("Ekstern pulje")


class LifecycleState(ColouredChoices):
    PROPOSED = "proposed", _("Foreslået")
    PRIORITISED = "prioritised", _("Prioriteret")
    FUNDED = "funded", _("Finansieret")
    RUNNING = "running", _("I gang")
    PAUSED = "paused", _("Sat på pause")
    FINISHED = "finished", _("Afsluttet")


class CostCategory(ColouredChoices):
    RELEASE_TIME = "release_time", _("Frikøb")
    COURSE_PURCHASE = "course_purchase", _("Kursusindkøb")
    DEVELOPMENT = "development", _("Udvikling")
    WAGE = "wage", _("Løn/tillæg")
    OTHER = "other", _("Andet")


class Recurrence(models.TextChoices):
    ONE_TIME = "one_time", _("Engangs")
    YEARLY = "yearly", _("Pr. år")
