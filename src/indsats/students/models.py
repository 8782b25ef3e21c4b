"""The SOSU student pipeline: pseudonymous student records (for organisations that import them
from their student administration system) and cohort totals entered by hand (for those that
only have published figures). The KPIs (students.selectors) read either: for each education and
cohort, student records when there are any, else the entered totals.

Student records are personal data: no CPR number is ever stored (imports refuse them), the key
is pseudonymous, only members with student-data access see records one by one, and records are
deleted after the organisation's retention period."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from indsats.core.models import TimeStamped, Versioned
from indsats.initiatives.models import YEAR_VALIDATORS
from indsats.organisations.models import Organisation

from .choices import AgeBand, DropoutCause, Education, Origin, Outcome, Phase


class Student(TimeStamped):
    """One student (elev), known by a pseudonymous key from the student administration system."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="students"
    )
    key = models.CharField(_("elevnøgle"), max_length=64)
    education = models.CharField(_("uddannelse"), max_length=3, choices=Education.choices)
    hire_date = models.DateField(_("ansat som elev"))
    # The cohort: the year the student was hired. Stored so that KPIs group in the database.
    cohort_year = models.PositiveSmallIntegerField(_("årgang"), validators=YEAR_VALIDATORS)
    age_band = models.CharField(_("aldersgruppe"), max_length=5, choices=AgeBand.choices)
    origin = models.CharField(
        _("baggrund"), max_length=15, choices=Origin.choices, default=Origin.EXTERNAL
    )
    outcome = models.CharField(
        _("udfald"), max_length=12, choices=Outcome.choices, default=Outcome.ONGOING
    )
    outcome_date = models.DateField(_("dato for udfald"), null=True, blank=True)
    # The year of ``outcome_date``; dropout causes are counted per year of dropout.
    outcome_year = models.PositiveSmallIntegerField(null=True, blank=True)
    dropout_phase = models.CharField(
        _("frafaldsfase"), max_length=2, choices=Phase.choices, blank=True
    )
    dropout_cause = models.CharField(
        _("frafaldsårsag"), max_length=20, choices=DropoutCause.choices, blank=True
    )
    hired_after = models.BooleanField(
        _("ansat efter uddannelsen"),
        null=True,
        blank=True,
        help_text=_("Ansat i kommunen efter endt uddannelse. Tom: ikke afklaret."),
    )
    hired_where = models.CharField(_("ansat hvor"), max_length=200, blank=True)
    # Which import last wrote the student (an AuditLog-style label, e.g. the file name and time).
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        ordering = ["education", "cohort_year", "key"]
        verbose_name = _("elev")
        verbose_name_plural = _("elever")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unique_student_key"),
            models.CheckConstraint(
                condition=Q(outcome="ongoing") | Q(outcome_date__isnull=False),
                name="student_outcome_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="dropped_out") | ~Q(dropout_cause=""),
                name="student_dropout_has_cause",
            ),
            models.CheckConstraint(
                condition=Q(outcome_date__isnull=True) | Q(outcome_date__gte=F("hire_date")),
                name="student_outcome_after_hire",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "education", "cohort_year", "outcome"],
                name="student_cohort_idx",
            ),
            models.Index(
                fields=["organisation", "education", "outcome_year"], name="student_outcome_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({Education.short(self.education)} {self.cohort_year})"


class StudentPhase(models.Model):
    """One phase of a student's education: basic course, a school period or a training period
    (with its training place)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("fase"), max_length=2, choices=Phase.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("slut"), null=True, blank=True)
    place = models.CharField(_("oplæringssted"), max_length=200, blank=True)

    class Meta:
        ordering = ["student", "start"]
        constraints = [
            models.UniqueConstraint(fields=["student", "phase"], name="one_row_per_phase"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="phase_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student.key} {self.phase}"


class AbsencePeriod(models.Model):
    """Planned working days and sick days of a student in one period (within one calendar
    year; sick leave over time is counted per year of the period)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="absences")
    start = models.DateField(_("periode fra"))
    end = models.DateField(_("periode til"))
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    planned_days = models.DecimalField(_("planlagte dage"), max_digits=7, decimal_places=2)
    sick_days = models.DecimalField(_("sygedage"), max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["student", "start"]
        constraints = [
            models.UniqueConstraint(fields=["student", "start"], name="one_absence_per_start"),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="absence_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(sick_days__lte=F("planned_days")), name="absence_sick_within_planned"
            ),
        ]
        indexes = [models.Index(fields=["student", "year"], name="absence_year_idx")]

    def __str__(self) -> str:
        return f"{self.student.key} {self.start}–{self.end}"


class SickLeaveYear(models.Model):
    """Sick leave per organisation, education and year, summed from the absence records. Kept by
    the student import and the purge (services.sick_leave_totals_refresh) in their transaction;
    the comparison across organisations reads these few rows instead of every absence period."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    education = models.CharField(max_length=3, choices=Education.choices)
    year = models.PositiveSmallIntegerField()
    planned_days = models.DecimalField(max_digits=14, decimal_places=2)
    sick_days = models.DecimalField(max_digits=14, decimal_places=2)
    students = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "education", "year"], name="one_sick_leave_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.education} {self.year}"


class CohortFigures(Versioned):
    """Totals for one cohort entered by hand, for an organisation without student records
    (like the published figures in seed 002). Used where no student records exist for the
    same education and cohort."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="cohort_figures"
    )
    education = models.CharField(_("uddannelse"), max_length=3, choices=Education.choices)
    cohort_year = models.PositiveSmallIntegerField(_("årgang"), validators=YEAR_VALIDATORS)
    started = models.PositiveIntegerField(_("ansat som elev"))
    completed = models.PositiveIntegerField(_("gennemført"), default=0)
    dropped_out = models.PositiveIntegerField(_("frafaldet"), default=0)
    hired = models.PositiveIntegerField(_("ansat efter uddannelsen"), default=0)
    internal_unskilled = models.PositiveIntegerField(_("heraf egne ufaglærte"), default=0)
    internal_ssh = models.PositiveIntegerField(_("heraf egne SSH til SSA"), default=0)
    note = models.CharField(_("kilde/bemærkning"), max_length=300, blank=True)

    class Meta:
        ordering = ["education", "cohort_year"]
        verbose_name = _("årgangstal")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "education", "cohort_year"], name="one_figure_per_cohort"
            ),
            models.CheckConstraint(
                condition=Q(completed__lte=F("started") - F("dropped_out")),
                name="cohort_completed_within_started",
            ),
            models.CheckConstraint(
                condition=Q(hired__lte=F("completed")), name="cohort_hired_within_completed"
            ),
        ]

    def __str__(self) -> str:
        return f"{Education.short(self.education)} {self.cohort_year}"


class BreakdownKind(models.TextChoices):
    DROPOUT_CAUSE = "cause", _("Frafaldsårsag")
    DROPOUT_PHASE = "phase", _("Frafald pr. fase")
    HIRE_PLACE = "place", _("Ansat hvor")


class BreakdownFigure(TimeStamped):
    """An entered count in a breakdown, for organisations without student records: dropouts per
    cause in a year (``year`` = the year of dropout, as seed 002's Bilag 2), dropouts per phase
    of a cohort, or graduates of a cohort hired per place (``year`` = the cohort)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="breakdown_figures"
    )
    kind = models.CharField(_("opdeling"), max_length=5, choices=BreakdownKind.choices)
    education = models.CharField(_("uddannelse"), max_length=3, choices=Education.choices)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    # A DropoutCause value, a Phase value, or the name of a place.
    key = models.CharField(_("kategori"), max_length=200)
    count = models.PositiveIntegerField(_("antal"))

    class Meta:
        ordering = ["kind", "education", "year", "-count", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "education", "year", "key"],
                name="one_breakdown_figure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.education} {self.year} {self.key}: {self.count}"


class SickLeaveFigure(TimeStamped):
    """Sick leave entered as a percentage for a year (education empty = all students), for
    organisations without absence records. Seed 002: 8,64 % in 2023."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sick_leave_figures"
    )
    education = models.CharField(
        _("uddannelse"), max_length=3, choices=Education.choices, blank=True
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    rate = models.DecimalField(_("sygefravær (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["year", "education"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "education", "year"], name="one_sick_leave_figure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.education or 'alle'}: {self.rate} %"


class RequiredIntake(TimeStamped):
    """Dimensionering: the minimum number of students the organisation must hire in a year."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="required_intakes"
    )
    education = models.CharField(_("uddannelse"), max_length=3, choices=Education.choices)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    required = models.PositiveIntegerField(_("dimensionering"))

    class Meta:
        ordering = ["year", "education"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "education", "year"], name="one_required_intake"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.education} {self.year}: {self.required}"


class AccessKind(models.TextChoices):
    DETAIL = "detail", _("Elevpost set")
    LIST = "list", _("Elevliste set")
    EXPORT = "export", _("Eksporteret")
    API = "api", _("Hentet via API")
    CLI = "cli", _("Eksporteret på kommandolinjen")


class StudentAccess(models.Model):
    """Who saw or exported which student's record, when: one row per student per access, for
    the access log administrators read (a data subject's right of access). The student is known
    by a salted hash of the key (students.access.key_hash), never the key, so the log survives
    the student's deletion without keeping the key in clear."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="student_accesses"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    key_hash = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=AccessKind.choices)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "key_hash"]),
            models.Index(fields=["organisation", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.kind} #{self.key_hash[:8]}"
