"""Forms for strategies, focus areas, initiative links, success criteria and national
programmes. They parse Danish input; the rules live in strategies.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from indsats.calc.codes import code_key
from indsats.core.forms import DanishDecimalField, YearField
from indsats.indicators.models import Direction, Indicator
from indsats.initiatives.models import Initiative
from indsats.organisations.forms import members_of, owner_label
from indsats.students.choices import Education

from .choices import (
    CriterionKind,
    CriterionSource,
    ImplementationStatus,
    InitiativeState,
    PipelineKpi,
)
from .models import StrategyFocusArea, SuccessCriterion


def _initiative_choices(organisation, blank: str | None = None) -> list:
    initiatives = sorted(
        Initiative.objects.filter(organisation=organisation).only("pk", "code", "title"),
        key=lambda i: code_key(i.code),
    )
    choices = [(str(i.pk), f"{i.code} {i.title}") for i in initiatives]
    return ([("", blank)] if blank is not None else []) + choices


class StrategyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("Titel"),
        max_length=300,
        error_messages={"required": _("Giv strategien en titel.")},
        widget=forms.TextInput(attrs={"size": 70}),
    )
    start_year = YearField(label=_("Fra år"))
    end_year = YearField(label=_("Til år"))
    adopted = forms.CharField(
        label=_("Vedtaget"),
        max_length=100,
        required=False,
        help_text=_("Fx »maj 2024« eller »Udkast, maj 2024«."),
    )
    vision = forms.CharField(
        label=_("Mål"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_year"].error_messages["required"] = _(
            "Skriv, hvilket år strategien begynder."
        )
        self.fields["end_year"].error_messages["required"] = _(
            "Skriv, hvilket år strategien slutter."
        )


class FocusAreaForm(forms.Form):
    # core.services.state_of() of what the form showed: a save cannot silently replace a change
    # someone else made meanwhile.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        error_messages={"required": _("Giv fokusområdet et navn, fx »#1 Før uddannelse«.")},
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = forms.IntegerField(label=_("Rækkefølge"), min_value=0, required=False)


class InitiativeLinkForm(forms.Form):
    initiative = forms.ChoiceField(
        label=_("Indsats fra kataloget"),
        error_messages={
            "required": _("Vælg en indsats fra kataloget."),
            "invalid_choice": _("Vælg en indsats fra kataloget."),
        },
    )
    state = forms.ChoiceField(
        label=_("Status i strategien"),
        choices=InitiativeState.choices,
        initial=InitiativeState.STARTED,
        error_messages={"required": _("Vælg, om indsatsen allerede er iværksat eller fremtidig.")},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["initiative"].choices = _initiative_choices(organisation, blank="")

    def clean_initiative(self):
        return Initiative.objects.get(
            organisation=self.organisation, pk=self.cleaned_data["initiative"]
        )


class CriterionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    statement = forms.CharField(
        label=_("Succeskriterium"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Som strategien formulerer det."),
        error_messages={"required": _("Skriv succeskriteriet, som strategien formulerer det.")},
    )
    focus_area = forms.ChoiceField(label=_("Fokusområde"), required=False)
    owner = forms.ModelChoiceField(
        label=_("Ansvarlig"),
        queryset=SuccessCriterion.objects.none(),
        required=False,
        help_text=_("Den, der følger op på målingerne; får dem på »Mine opgaver«."),
    )
    source = forms.ChoiceField(
        label=_("Måles på"),
        choices=CriterionSource.choices,
        initial=CriterionSource.KPI,
        error_messages={
            "required": _("Vælg, om succeskriteriet måles på en indikator eller et elev-nøgletal.")
        },
    )
    kpi = forms.ChoiceField(label=_("Elev-nøgletal"), required=False)
    education = forms.ChoiceField(
        label=_("Uddannelse"),
        required=False,
        choices=[("", _("Begge uddannelser under ét")), *Education.choices],
    )
    indicator = forms.ChoiceField(label=_("Indikator"), required=False)
    kind = forms.ChoiceField(
        label=_("Type mål"),
        choices=CriterionKind.choices,
        error_messages={"required": _("Vælg, hvordan målet er formuleret.")},
    )
    direction = forms.ChoiceField(label=_("Retning"), choices=Direction.choices)
    baseline_value = DanishDecimalField(
        label=_("Udgangsværdi"),
        required=False,
        min_value=None,
        help_text=_(
            "Fx »8,64« (procent) eller »11« (antal). Tom: læses af målingerne i udgangsåret."
        ),
    )
    baseline_year = YearField(label=_("Udgangsår"))
    target_value = DanishDecimalField(
        label=_("Mål"),
        min_value=None,
        help_text=_(
            "Efter typen: niveauet (45), ændringen i procentpoint (−1), den relative ændring i "
            "% (−7) eller mindste antal pr. år (5)."
        ),
        error_messages={"required": _("Skriv målet.")},
    )
    deadline_year = YearField(label=_("Frist (år)"))

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.fields["owner"].queryset = members_of(strategy.organisation)
        self.fields["owner"].label_from_instance = owner_label
        areas = StrategyFocusArea.objects.filter(strategy=strategy).order_by("order", "id")
        self.fields["focus_area"].choices = [("", _("(intet)"))] + [
            (str(a.pk), a.name) for a in areas
        ]
        self.fields["kpi"].choices = [("", "")] + list(PipelineKpi.choices)
        indicators = Indicator.objects.filter(organisation=strategy.organisation).order_by("name")
        self.fields["indicator"].choices = [("", "")] + [(str(i.pk), i.name) for i in indicators]
        self.fields["baseline_year"].error_messages["required"] = _("Skriv udgangsåret.")
        self.fields["deadline_year"].error_messages["required"] = _("Skriv fristen (år).")

    def clean_focus_area(self):
        pk = self.cleaned_data.get("focus_area")
        if not pk:
            return None
        return StrategyFocusArea.objects.filter(strategy=self.strategy, pk=pk).first()

    def clean_indicator(self):
        pk = self.cleaned_data.get("indicator")
        if not pk:
            return None
        return Indicator.objects.filter(organisation=self.strategy.organisation, pk=pk).first()

    def clean(self):
        data = super().clean()
        first, last = data.get("baseline_year"), data.get("deadline_year")
        if first and last and last < first:
            self.add_error(
                "deadline_year",
                _("Fristen (%(deadline)s) kan ikke ligge før udgangsåret (%(baseline)s).")
                % {"deadline": last, "baseline": first},
            )
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["kpi"] = data.get("kpi") or ""
        data["education"] = data.get("education") or ""
        return data


class ProgrammeForm(forms.Form):
    # core.services.state_of() of what the form showed: a save cannot silently replace a change
    # someone else made meanwhile.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    name = forms.CharField(
        label=_("Navn"),
        max_length=300,
        error_messages={"required": _("Giv udspillet et navn.")},
        widget=forms.TextInput(attrs={"size": 70}),
    )
    issuer = forms.CharField(label=_("Udgivet af"), max_length=300, required=False)
    published = forms.CharField(
        label=_("Udgivet"), max_length=100, required=False, help_text=_("Fx »januar 2024«.")
    )


class ItemForm(forms.Form):
    # core.services.state_of() of what the form showed: a save cannot silently replace a change
    # someone else made meanwhile.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    text = forms.CharField(
        label=_("Udspillets punkt"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv udspillets punkt.")},
    )


class ResponseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Initiativ i kommunen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beskriv kommunens initiativ.")},
    )
    initiative = forms.ChoiceField(label=_("Indsats i kataloget"), required=False)
    status = forms.ChoiceField(
        label=_("Status for implementering"),
        choices=ImplementationStatus.choices,
        error_messages={"required": _("Vælg en status for implementeringen.")},
    )
    status_year = YearField(label=_("År"), required=False)
    status_note = forms.CharField(
        label=_("Bemærkning til status"),
        max_length=300,
        required=False,
        help_text=_("Fx »primo 2023« eller »dog ikke relevant for …«."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["initiative"].choices = _initiative_choices(organisation, blank=_("(ingen)"))

    def clean_initiative(self):
        pk = self.cleaned_data.get("initiative")
        if not pk:
            return None
        return Initiative.objects.filter(organisation=self.organisation, pk=pk).first()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["status_note"] = data.get("status_note") or ""
        return data
