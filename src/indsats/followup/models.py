"""Status updates on initiatives: an as-of date, a state with a colour, an account, and the
indicator values reported. History is kept: a correction is a new version, never an overwrite."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indsats.core.models import TimeStamped
from indsats.initiatives.choices import COLOURS
from indsats.initiatives.models import Initiative


class StatusState(models.TextChoices):
    ON_TRACK = "on_track", _("Følger planen")
    AT_RISK = "at_risk", _("I risiko")
    OFF_TRACK = "off_track", _("Følger ikke planen")
    FINISHED = "finished", _("Afsluttet")
    PAUSED = "paused", _("Sat på pause")
    NOT_ASSESSED = "not_assessed", _("Ikke vurderet")  # an imported text without a state

    @classmethod
    def colour(cls, value: str) -> str:
        return COLOURS["StatusState"].get(value, "#4a4a4a")


COLOURS["StatusState"] = {
    "on_track": "#2e6b30",
    "at_risk": "#8a5a00",
    "off_track": "#a4001b",
    "finished": "#1f4e8c",
    "paused": "#5c5c5c",
    "not_assessed": "#4a4a4a",
}


class StatusUpdate(TimeStamped):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_updates"
    )
    as_of = models.DateField(_("status pr."))
    state = models.CharField(_("status"), max_length=20, choices=StatusState.choices)
    text = models.TextField(
        _("beskrivelse"),
        help_text=_(
            "Hvad er gjort, og hvad er næste skridt? Tom linje giver nyt afsnit; linjer, der begynder med »- «, bliver til punkter."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text=_("The earlier version this update corrects."),
    )

    class Meta:
        ordering = ["initiative", "-as_of", "-created_at", "-id"]
        indexes = [models.Index(fields=["initiative", "as_of"])]

    def __str__(self) -> str:
        return f"{self.initiative.code} pr. {self.as_of:%d.%m.%Y}: {self.get_state_display()}"


class StatusRound(TimeStamped):
    """A status round: by ``due_date`` the owners report the status of the initiatives it covers
    as of ``as_of`` ("Status pr. april 2026", due 15 April). It covers the initiatives chosen, or
    those on the budget notes of ``budget_year``, or else every initiative being carried out."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="status_rounds"
    )
    name = models.CharField(_("navn"), max_length=200, help_text=_("Fx »Status pr. april 2026«."))
    as_of = models.DateField(_("status pr."))
    due_date = models.DateField(_("frist"))
    budget_year = models.PositiveSmallIntegerField(
        _("budgetår"),
        null=True,
        blank=True,
        help_text=_("Tom: runden dækker de valgte indsatser eller alle igangværende."),
    )
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="status_rounds", verbose_name=_("indsatser")
    )
    remind_days_before = models.PositiveSmallIntegerField(_("påmind dage før fristen"), default=7)
    remind_days_after = models.PositiveSmallIntegerField(_("påmind dage efter fristen"), default=2)
    closed = models.BooleanField(_("afsluttet"), default=False)

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("statusrunde")

    def __str__(self) -> str:
        return self.name
