"""The initiative catalogue and its cost models."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indsats.core.models import TimeStamped, Versioned
from indsats.organisations.models import Organisation, Parameter, Unit

from .choices import CostCategory, Funding, LifecycleState, Recurrence

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Theme(TimeStamped):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("navn"), max_length=200)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_theme_name")
        ]

    def __str__(self) -> str:
        return self.name


class FocusArea(TimeStamped):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="focus_areas"
    )
    name = models.CharField(_("navn"), max_length=200)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_focus_area_name")
        ]

    def __str__(self) -> str:
        return self.name


class KLRecommendation(models.Model):
    """KL's national recommendations KL1–KL38; shared by all organisations."""

    number = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(1), MaxValueValidator(38)]
    )
    title = models.CharField(_("titel"), max_length=300, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def code(self) -> str:
        return f"KL{self.number}"


code_validator = RegexValidator(
    r"^[0-9A-Za-zÆØÅæøå][0-9A-Za-zÆØÅæøå.\-]{0,19}$",
    _("Nummeret må kun indeholde bogstaver, tal, punktum og bindestreg, fx »1.1« eller »2.10«."),
)


class Initiative(Versioned):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="initiatives"
    )
    code = models.CharField(_("nummer"), max_length=20, validators=[code_validator])
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    purpose = models.TextField(_("formål"), blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("tema")
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("fokusområde"),
    )
    target_group = models.CharField(_("målgruppe"), max_length=300, blank=True)
    professions = models.CharField(_("faggrupper"), max_length=300, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("ansvarlig enhed"),
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
    priority_step = models.PositiveSmallIntegerField(
        _("prioriteringstrin"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    funding = models.CharField(
        _("finansiering"), max_length=20, choices=Funding.choices, default=Funding.SEPARATE
    )
    kl_recommendations = models.ManyToManyField(
        KLRecommendation, blank=True, related_name="initiatives", verbose_name=_("KL-anbefalinger")
    )
    state = models.CharField(
        _("status"), max_length=20, choices=LifecycleState.choices, default=LifecycleState.PROPOSED
    )
    start_year = models.PositiveSmallIntegerField(
        _("startår"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("slutår"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    selected_scenario = models.ForeignKey(
        "Scenario",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("valgt scenarie"),
    )
    source_case = models.ForeignKey(
        "casebank.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_as",
        verbose_name=_("fra casen"),
    )

    class Meta:
        ordering = ["theme__order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_initiative_code"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="initiative_years_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("Slutåret kan ikke ligge før startåret.")})


class CostLine(Versioned):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="cost_lines")
    order = models.PositiveIntegerField(default=0)
    label = models.CharField(_("betegnelse"), max_length=200, blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=CostCategory.choices)
    recurrence = models.CharField(_("gentagelse"), max_length=10, choices=Recurrence.choices)
    year = models.PositiveSmallIntegerField(
        _("år (engangs)"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Tomt: indsatsens startår."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("fra år"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("til år"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    stated_amount = models.DecimalField(
        _("besluttet beløb"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Det beløb, der er besluttet eller oplyst. Tomt: formlens resultat gælder."),
    )
    note = models.CharField(_("bemærkning"), max_length=500, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="cost_line_years_in_order",
            ),
            models.CheckConstraint(
                condition=Q(stated_amount__isnull=True) | Q(stated_amount__gte=0),
                name="stated_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative.code}: {self.label or self.get_category_display()}"

    @property
    def display_label(self) -> str:
        return self.label or self.get_category_display()


class CostFactor(models.Model):
    """One factor of a cost line's formula (persons, hours a month, months, hourly rate …)."""

    cost_line = models.ForeignKey(CostLine, on_delete=models.CASCADE, related_name="factors")
    order = models.PositiveIntegerField(default=0)
    key = models.CharField(
        _("nøgle"),
        max_length=60,
        validators=[
            RegexValidator(
                r"^[a-z][a-z0-9_]*$", _("Nøglen må kun indeholde små bogstaver a-z, tal og _.")
            )
        ],
    )
    label = models.CharField(_("betegnelse"), max_length=200)
    unit = models.CharField(_("enhed"), max_length=20, blank=True)
    value = models.DecimalField(_("værdi"), max_digits=16, decimal_places=4, null=True, blank=True)
    parameter = models.ForeignKey(
        Parameter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="factors",
        verbose_name=_("organisationsparameter"),
    )

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cost_line", "key"], name="unique_factor_key_per_line"),
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(parameter__isnull=True))
                | (Q(value__isnull=True) & Q(parameter__isnull=False)),
                name="factor_value_xor_parameter",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Scenario(Versioned):
    """A named set of factor values for an initiative, e.g. »10 timer pr. md.«."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("navn"), max_length=120)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "name"], name="unique_scenario_name")
        ]

    def __str__(self) -> str:
        return self.name


class ScenarioValue(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(_("nøgle"), max_length=60)
    value = models.DecimalField(_("værdi"), max_digits=16, decimal_places=4)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "key"], name="unique_scenario_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class BudgetFrame(TimeStamped):
    """The money available for a priority step in a budget year (beløbsramme)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="budget_frames"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    step = models.PositiveSmallIntegerField(
        _("trin"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    amount = models.DecimalField(
        _("beløbsramme"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["year", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "step"], name="one_frame_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"Trin {self.step} {self.year}"


# --- expected effects and dependencies (the optimiser's input) -----------------------------


class EffectUnit(TimeStamped):
    """A unit the organisation measures expected effects in, e.g. »hænder vundet« or »frafald
    undgået«. Effects in different units are only added when every unit involved has a weight."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="effect_units"
    )
    key = models.CharField(
        _("nøgle"),
        max_length=40,
        validators=[
            RegexValidator(
                r"^[a-z][a-z0-9_]*$", _("Nøglen må kun indeholde små bogstaver a-z, tal og _.")
            )
        ],
    )
    name = models.CharField(_("navn"), max_length=120)
    unit = models.CharField(_("enhed"), max_length=40, help_text=_("Fx »hænder« eller »elever«."))
    weight = models.DecimalField(
        _("vægt"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Bruges når flere effekter lægges sammen. Tom: indgår ikke i en samlet effekt."
        ),
    )
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unique_effect_unit_key")
        ]

    def __str__(self) -> str:
        return self.name


class ExpectedEffect(TimeStamped):
    """What an initiative is expected to achieve in one scenario (or in any scenario when
    ``scenario`` is empty), as a low, expected and high estimate in an effect unit."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="expected_effects"
    )
    scenario = models.ForeignKey(
        Scenario,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="expected_effects",
        verbose_name=_("scenarie"),
    )
    effect_unit = models.ForeignKey(
        EffectUnit, on_delete=models.RESTRICT, related_name="effects", verbose_name=_("effekt")
    )
    low = models.DecimalField(_("lav"), max_digits=12, decimal_places=2)
    expected = models.DecimalField(_("forventet"), max_digits=12, decimal_places=2)
    high = models.DecimalField(_("høj"), max_digits=12, decimal_places=2)
    source = models.TextField(_("kilde eller begrundelse"), blank=True)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expected_effects",
        verbose_name=_("indikator"),
    )
    illustrative = models.BooleanField(_("illustrativ"), default=False)

    class Meta:
        ordering = ["effect_unit__order", "scenario__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "scenario", "effect_unit"],
                name="one_effect_per_scenario_and_unit",
            ),
            models.UniqueConstraint(
                fields=["initiative", "effect_unit"],
                condition=Q(scenario__isnull=True),
                name="one_effect_per_unit_for_all_scenarios",
            ),
            models.CheckConstraint(
                condition=Q(low__lte=models.F("expected")) & Q(expected__lte=models.F("high")),
                name="effect_low_expected_high_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative.code}: {self.effect_unit}"

    def clean(self):
        if None not in (self.low, self.expected, self.high) and not (
            self.low <= self.expected <= self.high
        ):
            raise ValidationError(
                {
                    "expected": _(
                        "Skønnene skal stå i rækkefølge: lav ≤ forventet ≤ høj, fx 2, 4, 6."
                    )
                }
            )


class InitiativeDependency(models.Model):
    """»3.4 kun sammen med 1.1«: ``initiative`` can only be selected when ``requires`` is."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="dependencies"
    )
    requires = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="required_by", verbose_name=_("kræver")
    )

    class Meta:
        ordering = ["initiative_id", "requires__code"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "requires"], name="unique_dependency"),
            models.CheckConstraint(
                condition=~Q(initiative=models.F("requires")), name="dependency_not_on_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative.code} → {self.requires.code}"
