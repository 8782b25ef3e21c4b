"""Forms for budget notes, allocations and spending. They parse Danish text; rules live in the
services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from indsats.calc.allocations import collapse, format_allocation, parse_allocation
from indsats.calc.codes import code_key
from indsats.calc.danish import AmountParseError, format_kr
from indsats.core.forms import DanishMoneyField, YearField
from indsats.initiatives.models import Initiative
from indsats.organisations.forms import members_of, owner_label
from indsats.organisations.models import Unit

from .models import BudgetNote


class InitiativeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class BudgetNoteForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    budget_year = YearField(label=_("Budgetår"))
    initiatives = InitiativeChoices(
        label=_("Indsatser, notatet finansierer"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sæt flueben ved de indsatser, budgetnotatet giver penge til."),
    )

    class Meta:
        model = BudgetNote
        fields = ["code", "title", "budget_year", "unit", "owner", "purpose"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "title": forms.TextInput(attrs={"size": 80}),
        }
        error_messages = {
            "code": {"required": _("Skriv budgetnotatets kode, fx »SO19«.")},
            "title": {"required": _("Skriv en titel på budgetnotatet.")},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)
        self.fields["unit"].empty_label = _("– ingen –")
        self.fields["owner"].queryset = members_of(organisation)
        self.fields["owner"].label_from_instance = owner_label
        initiatives = sorted(
            Initiative.objects.filter(organisation=organisation), key=lambda i: code_key(i.code)
        )
        field = self.fields["initiatives"]
        field.queryset = Initiative.objects.filter(organisation=organisation)
        # Natural code order (1.2 before 1.10) in the list of check boxes.
        field.choices = [(i.pk, f"{i.code} {i.title}") for i in initiatives]
        self.fields["budget_year"].error_messages["required"] = _("Skriv budgetåret, fx »2026«.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["initiatives"].initial = [i.pk for i in self.instance.initiatives.all()]

    def _post_clean(self):
        # Model validation (and uniqueness) is the service's job; the form only parses.
        pass


def allocation_text(amounts: dict[int, Decimal]) -> str:
    """The allocation the way people write it, exact enough to be read back unchanged: in
    millions when that loses nothing, otherwise in whole kroner."""
    if not amounts:
        return ""
    text = format_allocation(amounts)
    try:
        if parse_allocation(text) == {y: Decimal(a) for y, a in amounts.items()}:
            return text
    except AmountParseError:
        pass
    parts = []
    for first, last, amount in collapse(amounts):
        money = format_kr(amount)
        parts.append(f"{first}: {money}" if first == last else f"{first}-{last}: {money} årligt")
    return " / ".join(parts)


class AllocationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Afsatte midler"),
        max_length=500,
        widget=forms.TextInput(attrs={"size": 70, "autocomplete": "off"}),
        help_text=_(
            "Skriv bevillingen, som den står i budgetnotatet, fx "
            "»2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt« eller "
            "»4,858 mio. kr. årligt i 2026-2029«."
        ),
        error_messages={"required": _("Skriv bevillingen, fx »2026-2029: 4,2 mio. kr. årligt«.")},
    )
    price_level = forms.CharField(
        label=_("Prisniveau"),
        max_length=20,
        required=False,
        help_text=_("Fx »2022-pl«. Tomt: løbende priser."),
    )
    initiative = forms.ModelChoiceField(
        label=_("Gælder"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("Hele budgetnotatet"),
        help_text=_("Vælg en indsats, hvis den har sin egen bevilling under notatet."),
    )

    def __init__(self, *args, note: BudgetNote, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["initiative"]
        field.queryset = note.initiatives.all()
        field.label_from_instance = lambda i: f"{i.code} {i.title}"

    def clean_text(self):
        text = self.cleaned_data["text"]
        try:
            return parse_allocation(text)
        except AmountParseError as exc:
            raise forms.ValidationError(
                _("Bevillingen kan ikke læses: %(error)s") % {"error": exc}
            ) from exc


class SpendingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    year = YearField(label=_("År"))
    amount = DanishMoneyField(
        label=_("Forbrug"),
        required=False,
        help_text=_("Fx »1.250.000 kr.« eller »1,25 mio. kr.« Tomt: fjern årets forbrug."),
    )
    initiative = forms.ModelChoiceField(
        label=_("Gælder"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("Hele budgetnotatet"),
    )
    comment = forms.CharField(label=_("Bemærkning"), max_length=500, required=False)

    def __init__(self, *args, note: BudgetNote, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        # The select offers the allocated years; a year outside them (a stale page, a hand-made
        # request) reaches the service, which says why it is refused.
        self.fields["year"].widget = forms.Select(choices=[(y, str(y)) for y in years])
        field = self.fields["initiative"]
        field.queryset = note.initiatives.all()
        field.label_from_instance = lambda i: f"{i.code} {i.title}"


class FundedScenariosForm(forms.Form):
    """Which scenario of each of the note's initiatives the note funds: one choice per
    initiative that has scenarios ("" = the scenario selected in the catalogue)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, note: BudgetNote, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenarios = {}
        funded = {s.initiative_id: s.pk for s in note.funded_scenarios.all()}
        initiatives = sorted(note.initiatives.all(), key=lambda i: code_key(i.code))
        for initiative in initiatives:
            scenarios = list(initiative.scenarios.all())
            if not scenarios:
                continue
            name = f"scenario_{initiative.pk}"
            self.scenarios.update({s.pk: s for s in scenarios})
            self.fields[name] = forms.TypedChoiceField(
                label=f"{initiative.code} {initiative.title}",
                choices=[("", _("Indsatsens valgte scenarie i kataloget"))]
                + [(s.pk, s.name) for s in scenarios],
                coerce=int,
                empty_value=None,
                required=False,
                initial=funded.get(initiative.pk, ""),
                help_text=_("»Planlagt« for indsatsen er det valgte scenaries udgift."),
                error_messages={
                    "invalid_choice": _("Vælg et af indsatsens scenarier, fx »%(example)s«.")
                    % {"example": scenarios[0].name}
                },
            )

    def chosen(self) -> list:
        return [
            self.scenarios[pk]
            for name, pk in self.cleaned_data.items()
            if name.startswith("scenario_") and pk is not None
        ]
