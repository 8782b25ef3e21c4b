"""Strategies: focus areas with the initiatives under them, success criteria that follow an
indicator or a pipeline KPI, and the national programmes the strategy answers, item by item
with an implementation status (seed 002, Frederikssund)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from indsats.core.models import TimeStamped, Versioned
from indsats.indicators.models import Direction, Indicator
from indsats.initiatives.models import YEAR_VALIDATORS, Initiative
from indsats.organisations.models import Organisation
from indsats.students.choices import Education

from .choices import (
    CriterionKind,
    CriterionSource,
    ImplementationStatus,
    InitiativeState,
    pipeline_kpi_choices,
)


class Strategy(Versioned):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="strategies"
    )
    title = models.CharField(_("titel"), max_length=300)
    vision = models.TextField(_("mål"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("fra år"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("til år"), validators=YEAR_VALIDATORS)
    adopted = models.CharField(
        _("vedtaget"), max_length=100, blank=True, help_text=_("Fx »maj 2024« eller »udkast«.")
    )

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("strategi")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="strategy_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class StrategyFocusArea(TimeStamped):
    """A focus area of a strategy, e.g. »#1 Før uddannelse«."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="focus_areas")
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "name"], name="unique_strategy_focus_area"),
        ]

    def __str__(self) -> str:
        return self.name


class StrategyInitiative(TimeStamped):
    """An initiative of the catalogue placed under a focus area, started or planned."""

    focus_area = models.ForeignKey(
        StrategyFocusArea, on_delete=models.CASCADE, related_name="initiative_links"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="strategy_links"
    )
    state = models.CharField(_("status"), max_length=10, choices=InitiativeState.choices)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["focus_area", "initiative"], name="initiative_once_per_focus_area"
            ),
        ]


class SuccessCriterion(Versioned):
    """A success criterion: what is measured (an indicator, or a pipeline KPI for one or both
    educations), the kind of target, the baseline and the deadline. ``target_value`` means what
    ``kind`` says: the level to reach, the change in percentage points (−1 = down one point),
    the relative change in % (−7 = down 7 %), or the minimum count each year."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="success_criteria"
    )
    focus_area = models.ForeignKey(
        StrategyFocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="success_criteria",
        verbose_name=_("fokusområde"),
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
    statement = models.TextField(_("succeskriterium"))
    kind = models.CharField(_("type mål"), max_length=10, choices=CriterionKind.choices)
    source = models.CharField(_("måles på"), max_length=10, choices=CriterionSource.choices)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="success_criteria",
        verbose_name=_("indikator"),
    )
    kpi = models.CharField(_("nøgletal"), max_length=20, choices=pipeline_kpi_choices, blank=True)
    education = models.CharField(
        _("uddannelse"),
        max_length=3,
        choices=Education.choices,
        blank=True,
        help_text=_("Tom: begge uddannelser under ét."),
    )
    direction = models.CharField(
        _("retning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(
        _("udgangsværdi"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("udgangsår"), validators=YEAR_VALIDATORS)
    target_value = models.DecimalField(_("mål"), max_digits=16, decimal_places=4)
    deadline_year = models.PositiveSmallIntegerField(_("frist (år)"), validators=YEAR_VALIDATORS)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("succeskriterium")
        verbose_name_plural = _("succeskriterier")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_year__gte=F("baseline_year")),
                name="criterion_deadline_after_baseline",
            ),
            models.CheckConstraint(
                condition=(Q(source="indicator") & Q(indicator__isnull=False) & Q(kpi=""))
                | (Q(source="kpi") & Q(indicator__isnull=True) & ~Q(kpi="")),
                name="criterion_measures_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:80]


class NationalProgramme(TimeStamped):
    """A national programme the strategy answers, e.g. the government's »Forberedt på fremtiden
    III« (January 2024) or the national framework paper (Det nationale rammepapir, March 2023)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(_("navn"), max_length=300)
    issuer = models.CharField(_("udgivet af"), max_length=300, blank=True)
    published = models.CharField(_("udgivet"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class ProgrammeItem(TimeStamped):
    """One point of a national programme (»Spireordning, hvor 14-17-årige …«)."""

    programme = models.ForeignKey(NationalProgramme, on_delete=models.CASCADE, related_name="items")
    text = models.TextField(_("udspillets punkt"))
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ProgrammeResponse(Versioned):
    """A local initiative that answers a programme item, with its implementation status
    (»Implementeret primo 2023«, »På vej«, »Afventer« …)."""

    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField(_("initiativ i kommunen"))
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_responses",
        verbose_name=_("indsats i kataloget"),
    )
    status = models.CharField(
        _("status for implementering"), max_length=20, choices=ImplementationStatus.choices
    )
    status_year = models.PositiveSmallIntegerField(
        _("år"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    status_note = models.CharField(
        _("bemærkning til status"),
        max_length=300,
        blank=True,
        help_text=_("Fx »primo 2023« eller »dog ikke relevant for …«."),
    )
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:80]
