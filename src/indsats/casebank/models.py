"""The case bank: initiatives that worked, shared between municipalities and with the public.

A municipality submits a case (from scratch or from one of its initiatives); a case bank editor
approves it or returns it with a comment; approved cases are published and readable without
login. Media showing people are covered by consent records; withdrawing a consent hides the
media it covers at once."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from indsats.core.models import TimeStamped, Versioned
from indsats.indicators.models import Indicator
from indsats.initiatives.models import Initiative
from indsats.organisations.models import Organisation


class Region(models.TextChoices):
    HOVEDSTADEN = "hovedstaden", _("Region Hovedstaden")
    SJAELLAND = "sjaelland", _("Region Sjælland")
    SYDDANMARK = "syddanmark", _("Region Syddanmark")
    MIDTJYLLAND = "midtjylland", _("Region Midtjylland")
    NORDJYLLAND = "nordjylland", _("Region Nordjylland")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SUBMITTED = "submitted", _("Indsendt")
    RETURNED = "returned", _("Sendt retur")
    PUBLISHED = "published", _("Offentliggjort")
    WITHDRAWN = "withdrawn", _("Trukket tilbage")
    UNPUBLISHED = "unpublished", _("Afpubliceret")


class TagKind(models.TextChoices):
    THEME = "theme", _("Tema")
    TARGET_GROUP = "target_group", _("Målgruppe")
    PROFESSION = "profession", _("Faggruppe")


class Tag(models.Model):
    """A theme, target group or profession cases are filed under (shared by all cases)."""

    kind = models.CharField(_("type"), max_length=20, choices=TagKind.choices)
    name = models.CharField(_("navn"), max_length=120)
    sort_key = models.CharField(max_length=130, editable=False, db_index=True)

    class Meta:
        ordering = ["kind", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_tag_per_kind")]

    def __str__(self) -> str:
        return self.name


class Case(Versioned):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        help_text=_(
            "The submitting organisation in Indsats; empty for cases imported from elsewhere."
        ),
    )
    municipality = models.CharField(_("kommune"), max_length=120)
    municipality_sort_key = models.CharField(max_length=130, editable=False, db_index=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    slug = models.SlugField(_("webadresse"), max_length=160, unique=True)
    title = models.CharField(_("titel"), max_length=250)
    summary = models.TextField(_("resumé"))
    start_year = models.PositiveSmallIntegerField(
        _("startår"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    problem = models.TextField(_("problemet, indsatsen løser"), blank=True)
    core = models.TextField(_("kernen i indsatsen"), blank=True)
    effects = models.TextField(_("effekter"), blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="cases", verbose_name=_("emner"))
    source_initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("indsats i Indsats"),
    )
    evidence = models.ManyToManyField(
        Indicator, blank=True, related_name="cases", verbose_name=_("målt effekt (indikatorer)")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    editor_comment = models.TextField(_("redaktørens kommentar"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Search: the plain text and its Danish stems (similar cases match them); the search index
    # itself is casebank.search_index (FTS5 on SQLite, this weighted tsvector on PostgreSQL,
    # NULL on SQLite). All are written by the services.
    search_document = models.TextField(editable=False, blank=True)
    search_stems = models.TextField(editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            # The search's hits looked up without reading the wide rows (SQLite:
            # casebank.selectors._one_pass uses it by name).
            models.Index(
                fields=["id", "status", "region", "published_at", "municipality_sort_key"],
                name="casebank_case_search_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.title}"

    @property
    def has_measured_effect(self) -> bool:
        return self.evidence.exists()


class SearchWord(models.Model):
    """A folded word that occurs in some case, once (the vocabulary behind "Mente du …?").
    Written by casebank.search_index; only grows. A suggestion is offered only when it finds
    published cases, so words of unpublished cases never show."""

    word = models.CharField(max_length=60, primary_key=True)
    head = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["head", "length"], name="casebank_searchword_head_len")]

    def __str__(self) -> str:
        return self.word


class MediaKind(models.TextChoices):
    VIDEO = "video", _("Video")
    LINK = "link", _("Link")
    FILE = "file", _("Bilag")


class CaseMedia(TimeStamped):
    """A link (e.g. a video) or an attached document or image."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("type"), max_length=10, choices=MediaKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    url = models.URLField(_("webadresse"), blank=True, max_length=500)
    file = models.FileField(_("fil"), upload_to="casebank/%Y/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Consent(TimeStamped):
    """A person shown in media has consented; withdrawing hides the media it covers at once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    person = models.CharField(
        _("person"),
        max_length=200,
        help_text=_("Navn eller rolle, fx »Social- og sundhedsassistent i videoen«."),
    )
    given_on = models.DateField(_("givet den"))
    withdrawn_on = models.DateField(_("trukket tilbage den"), null=True, blank=True)
    media = models.ManyToManyField(CaseMedia, related_name="consents", verbose_name=_("dækker"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return self.person

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class EvidenceSnapshot(TimeStamped):
    """An indicator's figures as the case bank editor approved them for a published case. The
    public page and the API show these, never the live series: a value added later reaches the
    public only when the editor approves the update (casebank.evidence)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_snapshots")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("indikator"), max_length=200)
    unit = models.CharField(_("enhed"), max_length=20)
    # {"2019": "14.0000", ...}: each year's value as a decimal string.
    values = models.JSONField(default=dict)
    # [{"baseline_year": 2019, "baseline_value": "14", "deadline_year": 2027, "target_value": "30"}]
    targets = models.JSONField(default=list)
    approved_at = models.DateTimeField()
    approved_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "indicator"], name="one_evidence_snapshot_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.name}"
