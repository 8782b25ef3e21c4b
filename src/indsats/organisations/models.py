"""Organisations (tenants), their units, members with roles, shared parameters and API tokens."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from indsats.core.models import TimeStamped, Versioned


def current_year() -> int:
    return dt.date.today().year


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    REGION = "region", _("Region")
    ASSOCIATION = "association", _("Forening (fx KL)")


class Module(models.TextChoices):
    """The parts of Indsats an organisation works with; its kind decides which (KIND_MODULES)."""

    PRIORITISATION = "prioritisation", _("Prioritering")
    INITIATIVES = "initiatives", _("Indsatser")
    BUDGET = "budget", _("Budget")
    INDICATORS = "indicators", _("Indikatorer")
    STUDENTS = "students", _("Elever")
    COMPARISON = "comparison", _("Sammenligning")
    TASKS = "tasks", _("Mine opgaver")
    OVERDUE = "overdue", _("Mangler status")
    STATUS = "status", _("Status")
    STRATEGIES = "strategies", _("Strategier")
    CASES = "cases", _("Cases")
    CASEBANK = "casebank", _("Casebanken")
    CASEBANK_EDITOR = "casebank_editor", _("Redaktion")
    PARAMETERS = "parameters", _("Parametre")
    SETTINGS = "settings", _("Indstillinger")


# What an organisation of each kind works with: its menu (in this order) and its landing page
# (the first module the member may open). Municipalities and regions plan, fund and follow up
# initiatives and employ SOSU students; a national body (KL) compares the sharing
# municipalities and edits the case bank.
_PLANNING = (
    Module.PRIORITISATION,
    Module.INITIATIVES,
    Module.BUDGET,
    Module.INDICATORS,
    Module.STUDENTS,
    Module.TASKS,
    Module.OVERDUE,
    Module.STATUS,
    Module.STRATEGIES,
    Module.CASES,
    Module.CASEBANK_EDITOR,
    Module.PARAMETERS,
    Module.SETTINGS,
)
KIND_MODULES = {
    OrganisationKind.MUNICIPALITY: _PLANNING,
    OrganisationKind.REGION: _PLANNING,
    OrganisationKind.ASSOCIATION: (
        Module.CASEBANK_EDITOR,
        Module.COMPARISON,
        Module.CASEBANK,
        Module.SETTINGS,
    ),
}


class Organisation(TimeStamped):
    slug = models.SlugField(_("kort navn"), unique=True, max_length=60)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.MUNICIPALITY,
    )
    budget_year = models.PositiveIntegerField(
        _("aktuelt budgetår"),
        default=current_year,
        help_text=_("Året oversigterne åbner på."),
    )
    price_level = models.CharField(
        _("prisniveau"), max_length=20, blank=True, help_text=_("Fx »2026-pl«.")
    )
    budget_note_order = models.TextField(
        _("budgetnotaternes rækkefølge"),
        blank=True,
        help_text=_(
            "Koderne i den rækkefølge, statusrapporten og eksporten viser notaterne i hvert "
            "budgetår, adskilt af komma eller linjeskift, fx »SO19, ØK77, SO3«. Notater, der ikke "
            "står her, kommer bagefter i kodeorden. Tom: kodeorden."
        ),
    )
    reporting_interval_days = models.PositiveSmallIntegerField(
        _("statusinterval (dage)"),
        default=120,
        help_text=_("Indsatser uden status i så mange dage står på påmindelseslisten."),
    )
    student_retention_years = models.PositiveSmallIntegerField(
        _("opbevaring af elevdata (år)"),
        default=5,
        help_text=_(
            "Elevdata slettes, når så mange år er gået, siden eleven gennemførte eller faldt fra."
        ),
    )
    # Bumped by core.services.audit in the same transaction as every audited change: the
    # report file cache (reports.files) keys its files by it.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    access_log_retention_months = models.PositiveSmallIntegerField(
        _("opbevaring af adgangslog for elevdata (måneder)"),
        default=24,
        help_text=_("Hvem der har set hvilke elever, gemmes så mange måneder."),
    )
    session_idle_minutes = models.PositiveSmallIntegerField(
        _("log ud efter inaktivitet (minutter)"),
        default=60,
        help_text=_("Et medlem, der ikke har brugt Indsats i så mange minutter, logges ud."),
    )
    share_pipeline = models.BooleanField(
        _("del elev-nøgletal med andre kommuner"),
        default=False,
        help_text=_(
            "Kun samlede nøgletal pr. uddannelse og årgang deles, aldrig elevdata; "
            "tal under 5 skjules."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    CONSULTANT = "consultant", _("Konsulent")
    MANAGER = "manager", _("Leder")
    READONLY = "readonly", _("Læseadgang")
    EDITOR = "editor", _("Casebank-redaktør")


# What each role may do. Policy lives here, in one place, and is checked by services and views.
EDIT_CATALOGUE = {Role.ADMIN, Role.CONSULTANT}
EDIT_STATUS = {Role.ADMIN, Role.CONSULTANT, Role.MANAGER}
ADMINISTER = {Role.ADMIN}
EDIT_CASEBANK = {Role.EDITOR}
# Roles that may be granted student-data access (Membership.student_access).
STUDENT_DATA_ROLES = {Role.ADMIN, Role.CONSULTANT, Role.MANAGER}
# Who may edit strategies, success criteria, national programmes and entered cohort totals.
EDIT_STRATEGY = {Role.ADMIN, Role.CONSULTANT}


class Membership(TimeStamped):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    student_access = models.BooleanField(
        _("adgang til elevdata"),
        default=False,
        help_text=_("Må se og importere data om den enkelte elev. Alle andre ser kun nøgletal."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def can_edit_catalogue(self) -> bool:
        return self.role in EDIT_CATALOGUE

    @property
    def can_see_students(self) -> bool:
        """Student-level records: only members granted student-data access (never read-only
        members or case bank editors, whatever the flag says)."""
        return self.student_access and self.role in STUDENT_DATA_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role in ADMINISTER


class Unit(TimeStamped):
    """A forvaltning, center or enhed that owns initiatives."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_unit_name"),
        ]

    def __str__(self) -> str:
        return self.name


parameter_key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    _("Nøglen må kun indeholde små bogstaver a-z, tal og _, og skal begynde med et bogstav."),
)


class Parameter(Versioned):
    """An organisation-wide named value used by cost formulas, e.g. the release-time hourly rate.
    Its value changes over time: see ParameterValue."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="parameters"
    )
    key = models.CharField(_("nøgle"), max_length=60, validators=[parameter_key_validator])
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(
        _("enhed"), max_length=20, blank=True, help_text=_("Fx »kr.« eller »timer«.")
    )
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unique_parameter_key"),
        ]

    def __str__(self) -> str:
        return self.name


class ParameterValue(TimeStamped):
    parameter = models.ForeignKey(Parameter, on_delete=models.CASCADE, related_name="values")
    valid_from = models.DateField(_("gælder fra"))
    value = models.DecimalField(_("værdi"), max_digits=16, decimal_places=4)

    class Meta:
        ordering = ["parameter", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["parameter", "valid_from"], name="one_value_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.parameter}: {self.value} fra {self.valid_from}"


def parameter_values_for_year(values: list[ParameterValue], year: int) -> dict[str, Decimal]:
    """The value of each parameter in force on 1 January of ``year`` (or the earliest value,
    when the parameter starts later in that year or after). ``values`` must carry
    ``parameter.key``."""
    cutoff = dt.date(year, 1, 1)
    chosen: dict[str, ParameterValue] = {}
    for v in sorted(values, key=lambda v: v.valid_from):
        key = v.parameter.key
        if v.valid_from <= cutoff or key not in chosen:
            chosen[key] = v
    return {k: v.value for k, v in chosen.items()}


class TokenScope(models.TextChoices):
    READ = "read", _("Kun læse")
    WRITE = "write", _("Læse og skrive")


# Roles that may hold a token that writes (the roles that may change anything at all).
WRITE_TOKEN_ROLES = EDIT_STATUS | EDIT_CASEBANK
TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


def token_default_expiry() -> dt.datetime:
    from django.utils import timezone

    return timezone.now() + dt.timedelta(days=TOKEN_DEFAULT_DAYS)


class ApiToken(TimeStamped):
    """A bearer token for the JSON API, bound to one user in one organisation. Only a hash is
    stored; the token is shown once when created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    last_used_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(
        _("adgang"), max_length=5, choices=TokenScope.choices, default=TokenScope.READ
    )
    expires_at = models.DateTimeField(_("udløber"), default=token_default_expiry)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        from django.utils import timezone

        return self.expires_at <= timezone.now()

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


INVITATION_DAYS = 7


def invitation_default_expiry() -> dt.datetime:
    from django.utils import timezone

    return timezone.now() + dt.timedelta(days=INVITATION_DAYS)


class Invitation(TimeStamped):
    """An administrator invites a person by e-mail; the person accepts through the link (with
    an existing account, or a new one) and only then becomes a member. Only a hash of the
    link's token is stored."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(default=invitation_default_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def open(self) -> bool:
        from django.utils import timezone

        return self.accepted_at is None and self.expires_at > timezone.now()
