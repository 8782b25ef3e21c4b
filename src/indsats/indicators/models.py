"""Indicators: measured series (staff turnover %, applicants per posting …) with values per
year or date, and targets."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indsats.budgets.models import BudgetNote
from indsats.calc.danish import format_number
from indsats.core.models import TimeStamped, Versioned
from indsats.initiatives.models import YEAR_VALIDATORS, Initiative
from indsats.organisations.models import Organisation


def _number(value) -> str:
    """A figure as people write it (``95,5``, ``1.200``), in the object's name."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    places = max(0, -number.as_tuple().exponent)
    return format_number(number, places)


class IndicatorUnit(models.TextChoices):
    COUNT = "count", _("Antal")
    PERCENT = "percent", _("Procent")
    KR = "kr", _("Kroner")
    RATIO = "ratio", _("Forholdstal")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Højere er bedre")
    LOWER = "lower", _("Lavere er bedre")


class IndicatorKind(models.TextChoices):
    """What the figures are (calc.indicators.Kind): the kinds the status tables print."""

    YEARLY = "yearly", _("Tal pr. år")
    SHARE = "share", _("X ud af Y")
    PLANNED = "planned", _("Planlagt i alt")
    RUNNING = "running", _("I alt til dato")
    APPROX = "approx", _("Cirka pr. år")


class Indicator(Versioned):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(_("enhed"), max_length=10, choices=IndicatorUnit.choices)
    direction = models.CharField(
        _("retning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )
    former_owner = models.CharField(_("tidligere ansvarlig"), max_length=200, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    # A percentage normally lies between 0 and 100; growth rates and the like may not.
    may_exceed_100 = models.BooleanField(
        _("må ligge uden for 0-100 %"),
        default=False,
        help_text=_(
            "Kun for procent: fx en vækstrate, der kan være over 100 procent eller negativ."
        ),
    )
    kind = models.CharField(
        _("art"),
        max_length=10,
        choices=IndicatorKind.choices,
        default=IndicatorKind.YEARLY,
        help_text=_(
            "Tal pr. år; »X ud af Y« (fx 3,2 mio. kr. ud af 5 mio. kr.); planlagt i alt (fx 20 "
            "mentorer forventes uddannet); i alt til dato (fx 45 uddannet i alt); cirka pr. år "
            "(fx ca. 40 årligt)."
        ),
    )
    since_year = models.PositiveSmallIntegerField(
        _("talt fra (år)"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Kun for »i alt til dato«: det år, optællingen begyndte, fx 2021."),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("indsats"),
    )
    budget_note = models.ForeignKey(
        BudgetNote,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("budgetnotat"),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=True) | Q(budget_note__isnull=True),
                name="indicator_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ValueAction(models.TextChoices):
    VALUE = "", _("værdi")
    WITHDRAW = "withdraw", _("trukket tilbage")
    RESTORE = "restore", _("genindsat")


class IndicatorValue(TimeStamped):
    """One measured value for a year (or a date within it). Values are never overwritten: a
    correction is a new row for the same period, and the newest row counts (by ``created_at``,
    among rows recorded on or before the report's as-of date)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    date = models.DateField(
        _("dato"), null=True, blank=True, help_text=_("Tomt: værdien gælder hele året.")
    )
    value = models.DecimalField(_("værdi"), max_digits=16, decimal_places=4)
    # "3,2 mio. kr. ud af 5 mio. kr.": the whole of a share (indicator kind »X ud af Y«)
    whole = models.DecimalField(_("ud af"), max_digits=16, decimal_places=4, null=True, blank=True)
    note = models.CharField(_("bemærkning"), max_length=500, blank=True)
    recorded_on = models.DateField(
        _("registreret pr."), help_text=_("Den dato værdien er opgjort pr.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by_name = models.CharField(max_length=200, blank=True)
    status_update = models.ForeignKey(
        "followup.StatusUpdate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicator_values",
    )
    # A withdrawal (or its undoing) is a new row too: ``action`` says which, ``target`` is the
    # value row it withdraws or restores (year, date and value copied from it). The newest
    # action on a value decides whether it is hidden; the history keeps every row.
    action = models.CharField(
        _("handling"), max_length=10, choices=ValueAction.choices, default="", blank=True
    )
    target = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )

    class Meta:
        ordering = ["indicator", "year", "date", "created_at", "id"]
        indexes = [models.Index(fields=["indicator", "year", "recorded_on"])]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.year} = {_number(self.value)}"


class Target(TimeStamped):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    baseline_value = models.DecimalField(_("udgangsværdi"), max_digits=16, decimal_places=4)
    baseline_year = models.PositiveSmallIntegerField(_("udgangsår"), validators=YEAR_VALIDATORS)
    target_value = models.DecimalField(_("målværdi"), max_digits=16, decimal_places=4)
    deadline_year = models.PositiveSmallIntegerField(_("frist (år)"), validators=YEAR_VALIDATORS)

    class Meta:
        ordering = ["deadline_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_year__gte=models.F("baseline_year")),
                name="target_deadline_after_baseline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {_number(self.target_value)} i {self.deadline_year}"
