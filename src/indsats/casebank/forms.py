"""Forms for the municipality side of the case bank. They only read input; every rule (required
fields, no HTML, start year not in the future, file type and size) lives in the services, whose
Danish messages the views put on these forms."""

from __future__ import annotations

from django import forms
from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indsats.core.forms import YearField
from indsats.indicators.models import Indicator
from indsats.initiatives.models import Initiative

from .models import Case, CaseMedia, MediaKind, Region, TagKind

TAG_FIELDS = {
    "themes": TagKind.THEME,
    "target_groups": TagKind.TARGET_GROUP,
    "professions": TagKind.PROFESSION,
}

# What "Ny case fra indsats" may copy: key -> label.
COPY_CHOICES = [
    ("title", _("Titel")),
    ("description", _("Beskrivelse (som resumé og kernen i indsatsen)")),
    ("purpose", _("Formål (som problemet, indsatsen løser)")),
    ("indicators", _("Indsatsens indikatorer (som målt effekt)")),
    ("target_group", _("Målgruppe")),
    ("professions", _("Faggrupper")),
]


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        if obj.initiative_id:
            return f"{obj.name} ({obj.initiative.code} {obj.initiative.title})"
        return obj.name


def indicator_choices(organisation, source: Initiative | None):
    """The organisation's indicators, those of the source initiative first."""
    qs = Indicator.objects.filter(organisation=organisation).select_related("initiative")
    source_id = source.pk if source else 0
    first = CaseWhen(
        When(initiative_id=source_id, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return qs.annotate(source_first=first).order_by("source_first", "name", "pk")


class CaseForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source_initiative = forms.ModelChoiceField(
        queryset=Initiative.objects.none(), required=False, widget=forms.HiddenInput
    )
    municipality = forms.CharField(
        label=_("Kommune"),
        max_length=120,
        error_messages={"required": _("Skriv hvilken kommune casen kommer fra.")},
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", "–"), *Region.choices]
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=250,
        error_messages={"required": _("Skriv en titel på casen.")},
    )
    summary = forms.CharField(
        label=_("Resumé"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv et kort resumé af casen.")},
    )
    start_year = YearField(label=_("Startår"), required=False)
    problem = forms.CharField(
        label=_("Problemet, indsatsen løser"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    core = forms.CharField(
        label=_("Kernen i indsatsen"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    effects = forms.CharField(
        label=_("Effekter"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = IndicatorChoiceField(
        label=_("Målt effekt: vælg indikatorer"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        help_text=_("Indikatorernes værdier vises som diagrammer på casen."),
    )
    themes = forms.CharField(
        label=_("Temaer"), required=False, help_text=_("Adskil flere med komma.")
    )
    target_groups = forms.CharField(
        label=_("Målgrupper"), required=False, help_text=_("Adskil flere med komma.")
    )
    professions = forms.CharField(
        label=_("Faggrupper"), required=False, help_text=_("Adskil flere med komma.")
    )
    contact_name = forms.CharField(label=_("Kontaktperson"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx navn@kommune.dk.")},
    )
    contact_phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)

    def __init__(self, *args, organisation, case: Case | None = None, **kwargs):
        source = None
        if case is not None:
            source = case.source_initiative
            kwargs.setdefault("initial", {}).update(self.initial_from_case(case))
        initial_source = kwargs.get("initial", {}).get("source_initiative")
        if source is None and isinstance(initial_source, Initiative):
            source = initial_source
        posted_source = (args[0] if args and args[0] else {}).get("source_initiative", "")
        if source is None and str(posted_source).isdigit():
            source = Initiative.objects.filter(
                organisation=organisation, pk=int(posted_source)
            ).first()
        super().__init__(*args, **kwargs)
        self.fields["source_initiative"].queryset = Initiative.objects.filter(
            organisation=organisation
        )
        self.fields["evidence"].queryset = indicator_choices(organisation, source)

    @staticmethod
    def initial_from_case(case: Case) -> dict:
        tags = {kind: [] for kind in TagKind.values}
        for tag in case.tags.all():
            tags[tag.kind].append(tag.name)
        return {
            "version": case.version,
            "source_initiative": case.source_initiative,
            **{
                f: getattr(case, f)
                for f in (
                    "municipality",
                    "region",
                    "title",
                    "summary",
                    "start_year",
                    "problem",
                    "core",
                    "effects",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                )
            },
            "evidence": list(case.evidence.all()),
            **{field: ", ".join(tags[kind]) for field, kind in TAG_FIELDS.items()},
        }

    def service_kwargs(self) -> dict:
        """The cleaned data as keyword arguments for case_create/case_update."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        tags = {kind: split_tags(data.pop(field)) for field, kind in TAG_FIELDS.items()}
        evidence = list(data.pop("evidence"))
        return {**data, "tags": tags, "evidence": evidence}


class FromInitiativeForm(forms.Form):
    """Choose one of the organisation's initiatives and what to copy into a new case."""

    indsats = forms.ModelChoiceField(
        label=_("Indsats"),
        queryset=Initiative.objects.none(),
        empty_label=None,
        error_messages={"required": _("Vælg den indsats, casen skal bygge på.")},
    )
    kopier = forms.MultipleChoiceField(
        label=_("Kopiér"),
        choices=COPY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indsats"].queryset = Initiative.objects.filter(
            organisation=organisation
        ).order_by("code")
        self.fields["indsats"].label_from_instance = lambda i: f"{i.code} {i.title}"


def prefill_from_initiative(initiative: Initiative, copy: set[str]) -> dict:
    """Initial case form values copied from an initiative (only the parts chosen in ``copy``)."""
    initial: dict = {
        "source_initiative": initiative,
        "municipality": initiative.organisation.name,
    }
    if "title" in copy:
        initial["title"] = initiative.title
    if "description" in copy and initiative.description:
        initial["summary"] = initiative.description
        initial["core"] = initiative.description
    if "purpose" in copy and initiative.purpose:
        initial["problem"] = initiative.purpose
    if "indicators" in copy:
        initial["evidence"] = list(initiative.indicators.all())
    if "target_group" in copy and initiative.target_group:
        initial["target_groups"] = initiative.target_group
    if "professions" in copy and initiative.professions:
        initial["professions"] = initiative.professions
    if initiative.start_year and initiative.start_year <= timezone.localdate().year:
        initial["start_year"] = initiative.start_year
    return initial


class MediaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=MediaKind.choices)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Giv mediet en titel.")},
    )
    url = forms.CharField(
        label=_("Webadresse (video eller link)"),
        max_length=500,
        required=False,
        help_text=_("Fx https://www.youtube.com/watch?v=…"),
    )
    file = forms.FileField(
        label=_("Fil (bilag)"),
        required=False,
        help_text=_("PDF, Word, PowerPoint, Excel, PNG eller JPEG; højst 10 MB."),
    )


class ConsentForm(forms.Form):
    person = forms.CharField(
        label=_("Person"),
        max_length=200,
        help_text=_("Navn eller rolle, fx »Social- og sundhedsassistent i videoen«."),
        error_messages={"required": _("Skriv hvem samtykket er fra (navn eller rolle).")},
    )
    given_on = forms.DateField(
        label=_("Givet den"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Skriv datoen, samtykket blev givet."),
            "invalid": _("Skriv datoen som åååå-mm-dd, fx 2026-03-01."),
        },
    )
    media = forms.ModelMultipleChoiceField(
        label=_("Samtykket dækker"),
        queryset=CaseMedia.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        error_messages={"required": _("Vælg de medier fra casen, samtykket dækker.")},
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["media"].queryset = CaseMedia.objects.filter(case=case)
        self.fields["media"].label_from_instance = lambda m: m.title


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til kommunen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv en kommentar til kommunen om, hvad der skal rettes.")},
    )
