"""Budget notes (budgetnotater): the political decisions that fund initiatives, with money
allocated and spent per year."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indsats.core.models import TimeStamped, Versioned
from indsats.initiatives.models import YEAR_VALIDATORS, Initiative
from indsats.organisations.models import Organisation, Unit


class BudgetNote(Versioned):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="budget_notes"
    )
    code = models.CharField(_("kode"), max_length=30, help_text=_("Fx »SO19« eller »ØK77«."))
    title = models.CharField(_("titel"), max_length=300)
    budget_year = models.PositiveSmallIntegerField(_("budgetår"), validators=YEAR_VALIDATORS)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_notes",
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
    purpose = models.TextField(_("formål"), blank=True)
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="budget_notes", verbose_name=_("indsatser")
    )
    # The scenario of each initiative that the note funds (at most one per initiative, set by
    # budgets.services.funded_scenarios_set). Its cost is the note's "Planlagt"; without one,
    # the initiative's selected scenario counts.
    funded_scenarios = models.ManyToManyField(
        "initiatives.Scenario",
        blank=True,
        related_name="funding_notes",
        verbose_name=_("finansierede scenarier"),
    )

    class Meta:
        ordering = ["budget_year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "budget_year", "code"],
                name="unique_budget_note_code_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class Allocation(TimeStamped):
    """Money allocated by a note for one year (afsatte midler), for the note as a whole or for
    one of its initiatives."""

    note = models.ForeignKey(BudgetNote, on_delete=models.CASCADE, related_name="allocations")
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("indsats"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(
        _("beløb"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    price_level = models.CharField(
        _("prisniveau"), max_length=20, blank=True, help_text=_("Fx »2022-pl«.")
    )

    class Meta:
        ordering = ["note", "initiative", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["note", "initiative", "year"],
                condition=Q(initiative__isnull=False),
                name="one_allocation_per_initiative_year",
            ),
            models.UniqueConstraint(
                fields=["note", "year"],
                condition=Q(initiative__isnull=True),
                name="one_allocation_per_note_year",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.note.code} {self.year}: {self.amount}"


class Spending(TimeStamped):
    """Money spent (forbrug) in a year, against a note (and optionally one initiative)."""

    note = models.ForeignKey(BudgetNote, on_delete=models.CASCADE, related_name="spendings")
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="spendings",
        verbose_name=_("indsats"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(_("beløb"), max_digits=14, decimal_places=2)
    comment = models.CharField(_("bemærkning"), max_length=500, blank=True)

    class Meta:
        ordering = ["note", "initiative", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["note", "initiative", "year"],
                condition=Q(initiative__isnull=False),
                name="one_spending_per_initiative_year",
            ),
            models.UniqueConstraint(
                fields=["note", "year"],
                condition=Q(initiative__isnull=True),
                name="one_spending_per_note_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.note.code} {self.year}: {self.amount}"
