"""Forms for the catalogue. They parse and show Danish numbers; rules live in the services."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from indsats.core.forms import DanishDecimalField, DanishMoneyField, YearField
from indsats.organisations.forms import members_of, owner_label
from indsats.organisations.models import Parameter, Unit

from .choices import CostCategory, Funding, LifecycleState, Recurrence
from .models import CostLine, FocusArea, Initiative, Theme

KL_RE = re.compile(r"^\s*(?:KL)?\s*(\d{1,2})\s*$", re.IGNORECASE)


def parse_kl(text: str) -> list[int]:
    """``"KL20, KL35"`` or ``"20 35"`` -> [20, 35]."""
    numbers = []
    for part in re.split(r"[,;\s]+", text or ""):
        if not part.strip():
            continue
        match = KL_RE.match(part)
        if not match or not 1 <= int(match.group(1)) <= 38:
            raise forms.ValidationError(
                _("»%(part)s« er ikke en KL-anbefaling. Skriv fx »KL20, KL35« (KL1–KL38).")
                % {"part": part}
            )
        numbers.append(int(match.group(1)))
    return sorted(set(numbers))


class InitiativeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_theme = forms.CharField(
        label=_("… eller nyt tema"),
        required=False,
        max_length=200,
        help_text=_("Udfyld kun, hvis temaet ikke findes i listen."),
    )
    kl = forms.CharField(
        label=_("KL-anbefalinger"),
        required=False,
        max_length=200,
        help_text=_("KL's nationale anbefalinger, fx »KL20, KL35«."),
    )
    start_year = YearField(label=_("Startår"), required=False)
    end_year = YearField(label=_("Slutår"), required=False)

    class Meta:
        model = Initiative
        fields = [
            "code",
            "title",
            "theme",
            "focus_area",
            "priority_step",
            "funding",
            "state",
            "unit",
            "owner",
            "start_year",
            "end_year",
            "target_group",
            "professions",
            "description",
            "purpose",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "title": forms.TextInput(attrs={"size": 80}),
        }
        help_texts = {
            "code": _("Indsatsens nummer i kataloget, fx »1.1«."),
            "priority_step": _("Trin 1 finansieres først. Tomt: endnu ikke prioriteret."),
        }
        error_messages = {
            "code": {"required": _("Skriv indsatsens nummer, fx »1.1«.")},
            "title": {"required": _("Skriv en titel på indsatsen.")},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["theme"].queryset = Theme.objects.filter(organisation=organisation)
        self.fields["theme"].required = False
        self.fields["focus_area"].queryset = FocusArea.objects.filter(organisation=organisation)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)
        self.fields["owner"].queryset = members_of(organisation)
        self.fields["owner"].label_from_instance = owner_label
        self.fields["funding"].choices = Funding.choices
        self.fields["state"].choices = LifecycleState.choices
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["kl"].initial = ", ".join(
                f"KL{n}" for n in self.instance.kl_recommendations.values_list("number", flat=True)
            )

    def clean_kl(self):
        return parse_kl(self.cleaned_data.get("kl", ""))

    def clean(self):
        data = super().clean()
        if not data.get("theme") and not (data.get("new_theme") or "").strip():
            self.add_error("theme", _("Vælg et tema, eller skriv navnet på et nyt."))
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Slutåret kan ikke ligge før startåret."))
        return data

    def _post_clean(self):
        # Model validation (and uniqueness) is the service's job; the form only parses.
        pass


class CostLineForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    stated_amount = DanishMoneyField(
        label=_("Besluttet beløb (kr.)"),
        required=False,
        help_text=_("Det beløb, der er besluttet. Tomt: formlens resultat gælder."),
    )
    year = YearField(
        label=_("År (engangs)"), required=False, help_text=_("Tomt: indsatsens startår.")
    )
    start_year = YearField(
        label=_("Fra år"), required=False, help_text=_("Tomt: indsatsens startår.")
    )
    end_year = YearField(
        label=_("Til år"), required=False, help_text=_("Tomt: så længe indsatsen løber.")
    )

    class Meta:
        model = CostLine
        fields = [
            "label",
            "category",
            "recurrence",
            "year",
            "start_year",
            "end_year",
            "stated_amount",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = CostCategory.choices
        self.fields["recurrence"].choices = Recurrence.choices
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        pass


class FactorForm(forms.Form):
    key = forms.CharField(
        label=_("Nøgle"), required=False, max_length=60, widget=forms.TextInput(attrs={"size": 14})
    )
    label = forms.CharField(label=_("Betegnelse"), required=False, max_length=200)
    unit = forms.CharField(
        label=_("Enhed"), required=False, max_length=20, widget=forms.TextInput(attrs={"size": 8})
    )
    value = DanishDecimalField(label=_("Værdi"), required=False)
    parameter = forms.ChoiceField(label=_("… eller parameter"), required=False)

    def __init__(self, *args, parameters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parameter"].choices = [("", "—")] + [(p.key, p.name) for p in parameters]

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(
            data.get(f) not in (None, "") for f in ("key", "label", "value", "parameter")
        )

    def clean(self):
        data = super().clean()
        if self.is_blank:
            return data
        if not data.get("key"):
            self.add_error("key", _("Giv faktoren en nøgle, fx »timer_pr_md«."))
        if not data.get("label"):
            self.add_error("label", _("Giv faktoren en betegnelse, fx »Timer pr. måned«."))
        if data.get("value") is None and not data.get("parameter") and "value" not in self.errors:
            self.add_error("value", _("Angiv en værdi eller vælg en parameter."))
        if data.get("value") is not None and data.get("parameter"):
            self.add_error("parameter", _("Angiv enten en værdi eller en parameter, ikke begge."))
        return data


class BaseFactorFormSet(forms.BaseFormSet):
    def __init__(self, *args, parameters=(), **kwargs):
        self.parameters = list(parameters)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"parameters": self.parameters}

    @property
    def empty_form(self):
        return self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            parameters=self.parameters,
        )


FactorFormSet = forms.formset_factory(FactorForm, formset=BaseFactorFormSet, extra=0, max_num=12)

# Formula templates a consultant can start from (JS-free: a link that prefills the factors).
FORMULA_TEMPLATES = {
    "frikob": (
        _("Frikøb: personer × timer pr. md. × måneder × timepris"),
        [
            {"key": "personer", "label": _("Personer"), "unit": "personer"},
            {"key": "timer_pr_md", "label": _("Timer pr. måned"), "unit": "timer"},
            {"key": "maaneder", "label": _("Måneder pr. år"), "unit": "mdr.", "value": 10},
            {
                "key": "timepris",
                "label": _("Timepris, frikøb"),
                "unit": "kr.",
                "parameter": "timepris_frikob",
            },
        ],
    ),
    "kursus": (
        _("Kursus: personer × timer × timepris"),
        [
            {"key": "personer", "label": _("Personer"), "unit": "personer"},
            {"key": "timer", "label": _("Timer pr. person"), "unit": "timer"},
            {
                "key": "timepris",
                "label": _("Timepris, frikøb"),
                "unit": "kr.",
                "parameter": "timepris_frikob",
            },
        ],
    ),
    "andel": (
        _("Andel × grundbeløb"),
        [
            {"key": "andel", "label": _("Andel"), "unit": "%"},
            {"key": "grundbeloeb", "label": _("Grundbeløb"), "unit": "kr."},
        ],
    ),
}


def scenario_form_class(factors):
    """A form with one field per factor key used in the initiative's formulas."""
    fields = {
        "version": forms.IntegerField(widget=forms.HiddenInput, required=False),
        "name": forms.CharField(
            label=_("Navn"),
            max_length=120,
            # xgettext:no-python-format
            help_text=_("Fx »10 timer pr. md.« eller »50 % udbetales«."),
            error_messages={"required": _("Giv scenariet et navn.")},
        ),
    }
    seen = set()
    for factor in factors:
        if factor.key in seen:
            continue
        seen.add(factor.key)
        base = factor.value if factor.value is not None else None
        help_text = (
            _("Grundværdi: %(v)s %(u)s")
            % {"v": DanishDecimalField().prepare_value(base), "u": factor.unit}
            if base is not None
            else _("Fra parameteren »%(p)s«")
            % {"p": factor.parameter.name if factor.parameter_id else ""}
        )
        if factor.unit == "%":
            help_text = str(help_text) + " " + str(_("(andel: 0,25 = 25 %)"))
        fields[f"f_{factor.key}"] = DanishDecimalField(
            label=f"{factor.label} ({factor.key})",
            required=False,
            help_text=help_text,
        )
    return type("ScenarioForm", (forms.Form,), fields)


class BudgetFrameForm(forms.Form):
    step = forms.IntegerField(min_value=1, max_value=20, widget=forms.HiddenInput)
    year = YearField(widget=forms.HiddenInput)
    amount = DanishMoneyField(label=_("Beløbsramme"), required=False)


def parameters_of(organisation):
    return Parameter.objects.filter(organisation=organisation).order_by("name")


class EffectUnitForm(forms.Form):
    key = forms.RegexField(
        label=_("Nøgle"),
        regex=r"^[a-z][a-z0-9_]*$",
        max_length=40,
        error_messages={
            "invalid": _("Nøglen må kun indeholde små bogstaver a-z, tal og _, fx »haender«.")
        },
    )
    name = forms.CharField(label=_("Navn"), max_length=120, help_text=_("Fx »Hænder vundet«."))
    unit = forms.CharField(label=_("Enhed"), max_length=40, help_text=_("Fx »hænder«."))
    weight = DanishDecimalField(
        label=_("Vægt"),
        required=False,
        help_text=_("Kun til en samlet, vægtet effekt. Tom: lægges ikke sammen med andre."),
    )


class ExpectedEffectForm(forms.Form):
    effect_unit = forms.ModelChoiceField(label=_("Effekt"), queryset=None)
    scenario = forms.ModelChoiceField(
        label=_("Scenarie"), queryset=None, required=False, empty_label=_("Alle scenarier")
    )
    low = DanishDecimalField(label=_("Lav"))
    expected = DanishDecimalField(label=_("Forventet"))
    high = DanishDecimalField(label=_("Høj"))
    source = forms.CharField(
        label=_("Kilde eller begrundelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator = forms.ModelChoiceField(label=_("Indikator"), queryset=None, required=False)
    illustrative = forms.BooleanField(label=_("Illustrativt skøn"), required=False)

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        from indsats.indicators.models import Indicator

        from .models import EffectUnit

        self.fields["effect_unit"].queryset = EffectUnit.objects.filter(
            organisation_id=initiative.organisation_id
        )
        self.fields["scenario"].queryset = initiative.scenarios.all()
        self.fields["indicator"].queryset = Indicator.objects.filter(
            organisation_id=initiative.organisation_id
        )

    def clean(self):
        data = super().clean()
        low, expected, high = data.get("low"), data.get("expected"), data.get("high")
        if None not in (low, expected, high) and not (low <= expected <= high):
            self.add_error(
                "expected",
                _("Skønnene skal stå i rækkefølge: lav ≤ forventet ≤ høj, fx 2, 4, 6."),
            )
        return data


class DependencyForm(forms.Form):
    requires = forms.ModelChoiceField(label=_("Kræver indsats"), queryset=None)

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requires"].queryset = Initiative.objects.filter(
            organisation_id=initiative.organisation_id
        ).exclude(pk=initiative.pk)
