"""Forms for indicators, their values and targets. Values are read in the indicator's unit with
calc.indicators.parse_value; rules live in the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indsats.budgets.models import BudgetNote
from indsats.calc.codes import code_key
from indsats.calc.danish import AmountParseError
from indsats.calc.indicators import KIND_EXAMPLES, Kind, Unit, parse_value, read_figure
from indsats.core.forms import YearField, _danish
from indsats.initiatives.models import Initiative
from indsats.organisations.forms import members_of, owner_label

from .models import Direction, Indicator, IndicatorUnit

ORG_OWNER = "org"


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IndicatorValueField(forms.CharField):
    """A value in an indicator's unit: ``"22,5 %"`` for a percentage, ``"1.309"`` for a count.
    The error names the indicator, so a form with several of them says which is wrong."""

    def __init__(self, *, indicator: Indicator, figure: bool = False, **kwargs):
        self.indicator = indicator
        self.figure = figure  # read as the indicator's kind writes it: a calc Figure
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if value is not None and not isinstance(value, str):
            suffix = {"percent": " %", "kr": " kr."}.get(self.indicator.unit, "")
            return _danish(value) + suffix
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if self.figure:
                kind = Kind(self.indicator.kind or Kind.YEARLY)
                return read_figure(value, Unit(self.indicator.unit), kind)
            return parse_value(value, Unit(self.indicator.unit))
        except AmountParseError as exc:
            raise forms.ValidationError(
                _("%(label)s for »%(name)s«: %(error)s")
                % {"label": self.label, "name": self.indicator.name, "error": exc}
            ) from exc


def unit_hint(indicator: Indicator) -> str:
    return {
        "count": _("Et helt tal, fx »12«."),
        "percent": _("I procent, fx »22,5 %«."),
        "kr": _("I kroner, fx »4.500 kr.«"),
        "ratio": _("Et forholdstal, fx »3,4«."),
    }[indicator.unit]


def owner_choices(organisation) -> list:
    initiatives = sorted(
        Initiative.objects.filter(organisation=organisation), key=lambda i: code_key(i.code)
    )
    notes = BudgetNote.objects.filter(organisation=organisation).order_by("-budget_year", "code")
    return [
        (ORG_OWNER, _("Organisationen som helhed")),
        (_("Indsatser"), [(f"i{i.pk}", f"{i.code} {i.title}") for i in initiatives]),
        (
            _("Budgetnotater"),
            [(f"n{n.pk}", f"{n.code} ({n.budget_year}) {n.title}") for n in notes],
        ),
    ]


def owner_value(indicator: Indicator | None) -> str:
    if indicator is None:
        return ORG_OWNER
    if indicator.initiative_id:
        return f"i{indicator.initiative_id}"
    if indicator.budget_note_id:
        return f"n{indicator.budget_note_id}"
    return ORG_OWNER


class IndicatorForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    owner = forms.ChoiceField(
        label=_("Hører til"),
        help_text=_("En indsats, et budgetnotat eller hele organisationen."),
        error_messages={
            "invalid_choice": _("Vælg, hvad indikatoren hører til."),
            "required": _("Vælg, hvad indikatoren hører til."),
        },
    )

    # The person answerable for the indicator's values (Indicator.owner; "owner" above is what
    # the indicator belongs to).
    responsible = forms.ModelChoiceField(
        label=_("Ansvarlig"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_("Den, der indtaster indikatorens værdier; får dem på »Mine opgaver«."),
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "kind",
            "since_year",
            "direction",
            "definition",
            "source",
            "may_exceed_100",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "name": forms.TextInput(attrs={"size": 70}),
        }
        help_texts = {
            "definition": _("Hvad tælles, og hvordan? Fx »Opsagte ÷ gennemsnitligt ansatte«."),
            "source": _("Hvor tallet kommer fra, fx »Lønsystemet (SD)«."),
        }
        error_messages = {
            "name": {"required": _("Giv indikatoren et navn, fx »Personaleomsætning«.")},
            "unit": {"required": _("Vælg indikatorens enhed.")},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["owner"].choices = owner_choices(organisation)
        self.fields["responsible"].queryset = members_of(organisation)
        self.fields["responsible"].label_from_instance = owner_label
        if self.instance.pk:
            self.fields["responsible"].initial = self.instance.owner_id
        self.fields["unit"].choices = IndicatorUnit.choices
        self.fields["direction"].choices = Direction.choices
        self.fields["kind"].required = False  # blank: values per year
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["owner"].initial = owner_value(self.instance)

    def clean_owner(self):
        value = self.cleaned_data["owner"]
        if value == ORG_OWNER:
            return {"initiative": None, "budget_note": None}
        kind, pk = value[:1], value[1:]
        model = {"i": Initiative, "n": BudgetNote}.get(kind)
        obj = (
            model.objects.filter(organisation=self.organisation, pk=pk).first()
            if model and pk.isdigit()
            else None
        )
        if obj is None:
            raise forms.ValidationError(_("Vælg, hvad indikatoren hører til."))
        return {
            "initiative": obj if kind == "i" else None,
            "budget_note": obj if kind == "n" else None,
        }

    def _post_clean(self):
        pass


class ValueForm(forms.Form):
    year = YearField(label=_("År"))
    value = forms.CharField(label=_("Værdi"))
    note = forms.CharField(
        label=_("Bemærkning"),
        max_length=500,
        required=False,
        help_text=_("Fx hvordan tallet er opgjort, eller hvorfor det er rettet."),
    )
    date = forms.DateField(
        label=_("Dato (valgfri)"),
        required=False,
        widget=date_input(),
        help_text=_("Kun hvis værdien gælder en bestemt dag. Tomt: hele året."),
    )
    recorded_on = forms.DateField(
        label=_("Opgjort pr."),
        widget=date_input(),
        help_text=_(
            "Den dato tallet er opgjort pr. Rapporter pr. en tidligere dato viser det ikke."
        ),
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        hint = unit_hint(indicator)
        if indicator.kind and indicator.kind != Kind.YEARLY:
            hint = _("%(hint)s Fx »%(example)s«.") % {
                "hint": hint,
                "example": KIND_EXAMPLES[Kind(indicator.kind)],
            }
        self.indicator = indicator
        self.fields["value"] = IndicatorValueField(
            indicator=indicator,
            figure=True,
            label=_("Værdi"),
            help_text=hint,
            error_messages={"required": _("Skriv værdien.")},
        )
        self.fields["year"].error_messages["required"] = _("Skriv året, værdien gælder.")
        self.fields["recorded_on"].initial = timezone.localdate()
        self.order_fields(["year", "value", "note", "date", "recorded_on"])

    def clean(self):
        data = super().clean()
        figure = data.get("value")
        if figure is not None and not isinstance(figure, Decimal):
            data["value"], data["whole"] = figure.value, figure.whole
            if Kind(self.indicator.kind or Kind.YEARLY) == Kind.SHARE and figure.whole is None:
                self.add_error(
                    "value",
                    _("Skriv værdien som »X ud af Y«, fx »%(example)s«.")
                    % {"example": KIND_EXAMPLES[Kind.SHARE]},
                )
        return data


class TargetForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    baseline_value = forms.CharField(label=_("Udgangsværdi"))
    baseline_year = YearField(label=_("Udgangsår"))
    target_value = forms.CharField(label=_("Målværdi"))
    deadline_year = YearField(label=_("Frist (år)"))

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("baseline_value", _("Udgangsværdi")), ("target_value", _("Målværdi"))):
            self.fields[name] = IndicatorValueField(
                indicator=indicator,
                label=label,
                help_text=unit_hint(indicator),
                error_messages={"required": _("Skriv %(label)s.") % {"label": str(label).lower()}},
            )
        self.order_fields(["baseline_value", "baseline_year", "target_value", "deadline_year"])

    def clean(self):
        data = super().clean()
        first, last = data.get("baseline_year"), data.get("deadline_year")
        if first and last and last < first:
            self.add_error("deadline_year", _("Fristen kan ikke ligge før udgangsåret."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse (valgfri)"),
        max_length=500,
        required=False,
        help_text=_(
            "Fx »Forkert tal – tallet for 2025 var tastet som 2026.« Gemmes i historikken."
        ),
    )
