"""The one verdict vocabulary: label and colour of every verdict of calc.indicators /
calc.criteria, used alike by the indicator and strategy pages, the status and strategy reports
(screen, PDF, DOCX, XLSX) and the API (which gives the value and this label)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from indsats.calc.indicators import Verdict

COLOURS = {
    Verdict.REACHED: "#2e6b30",  # green
    Verdict.ON_TRACK: "#1f4e8c",  # blue
    Verdict.OFF_TRACK: "#a4001b",  # red
    Verdict.TOO_EARLY: "#5c5c5c",  # grey
    Verdict.NO_DATA: "#5c5c5c",
}


class VerdictChoices(models.TextChoices):
    REACHED = Verdict.REACHED.value, _("Målet er nået")
    ON_TRACK = Verdict.ON_TRACK.value, _("På vej mod målet")
    OFF_TRACK = Verdict.OFF_TRACK.value, _("Bagud i forhold til målet")
    TOO_EARLY = Verdict.TOO_EARLY.value, _("Kan endnu ikke vurderes")
    NO_DATA = Verdict.NO_DATA.value, _("Ingen målinger endnu")

    @classmethod
    def colour(cls, value: str) -> str:
        return COLOURS[Verdict(value)]

    @classmethod
    def label_of(cls, value: str) -> str:
        return str(cls(str(value)).label)


class HasVerdict:
    """A row with a ``verdict`` (a report's criterion or target row): its label and colour,
    read from VerdictChoices, so every row of every report says the same."""

    verdict: str

    @property
    def verdict_label(self) -> str:
        return VerdictChoices.label_of(self.verdict)

    @property
    def verdict_colour(self) -> str:
        return VerdictChoices.colour(self.verdict)
