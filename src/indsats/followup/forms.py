"""The status update form: as-of date, state, account and one value per indicator, each read in
the indicator's unit. Rules (no future date, an account is required …) live in the service;
the form uses the same Danish sentences for what it checks itself."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indsats.core.forms import YearField
from indsats.indicators.forms import IndicatorValueField, date_input, unit_hint

from .models import StatusState


class StateSelect(forms.RadioSelect):
    """Radio buttons that carry each state's colour (shown as a swatch next to the label)."""

    template_name = "followup/widgets/state_select.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["colour"] = StatusState.colour(str(value)) if value else ""
        return option


class StatusForm(forms.Form):
    as_of = forms.DateField(
        label=_("Status pr."),
        widget=date_input(),
        help_text=_("Den dato status er opgjort pr., fx 1. april 2026."),
        error_messages={
            "required": _("Angiv den dato, status er opgjort pr."),
            "invalid": _("Skriv datoen som dd.mm.åååå, fx 01.04.2026."),
        },
    )
    state = forms.ChoiceField(
        label=_("Status"),
        choices=StatusState.choices,
        widget=StateSelect,
        error_messages={"required": _("Vælg en status.")},
    )
    text = forms.CharField(
        label=_("Beskrivelse"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Hvad er gjort, og hvad er næste skridt? Tom linje giver nyt afsnit; linjer, der "
            "begynder med »- «, bliver til punkter."
        ),
        error_messages={"required": _("Skriv, hvad der er gjort, og hvad der er næste skridt.")},
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]
        self.indicators = list(indicators)
        today = timezone.localdate()
        self.fields["as_of"].initial = today
        for indicator in self.indicators:
            self.fields[f"v{indicator.pk}"] = IndicatorValueField(
                indicator=indicator,
                label=_("Værdi"),
                required=False,
                help_text=unit_hint(indicator),
            )
            self.fields[f"y{indicator.pk}"] = YearField(
                label=_("År"),
                required=False,
                initial=today.year,
            )
            self.fields[f"n{indicator.pk}"] = forms.CharField(
                label=_("Bemærkning"), max_length=500, required=False
            )

    def indicator_rows(self):
        """(indicator, value field, year field, note field) for the template."""
        return [(i, self[f"v{i.pk}"], self[f"y{i.pk}"], self[f"n{i.pk}"]) for i in self.indicators]

    def reported(self) -> list[tuple]:
        """(indicator, year, value, note) for every indicator given a value."""
        data = self.cleaned_data
        as_of = data.get("as_of")
        result = []
        for indicator in self.indicators:
            value = data.get(f"v{indicator.pk}")
            if value is None:
                continue
            year = data.get(f"y{indicator.pk}") or (as_of.year if as_of else None)
            result.append((indicator, year, value, data.get(f"n{indicator.pk}") or ""))
        return result


class StatusRoundForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        help_text=_("Fx »Status pr. april 2026«."),
        error_messages={"required": _("Giv runden et navn, fx »Status pr. april 2026«.")},
    )
    as_of = forms.DateField(
        label=_("Status pr."),
        widget=date_input(),
        error_messages={
            "required": _("Angiv den dato, status opgøres pr., fx 01.04.2026."),
            "invalid": _("Skriv datoen som dd.mm.åååå, fx 01.04.2026."),
        },
    )
    due_date = forms.DateField(
        label=_("Frist"),
        widget=date_input(),
        error_messages={
            "required": _("Angiv fristen, fx 15.04.2026."),
            "invalid": _("Skriv datoen som dd.mm.åååå, fx 15.04.2026."),
        },
    )
    budget_year = YearField(
        label=_("Budgetår"),
        required=False,
        help_text=_(
            "Runden dækker indsatserne på budgetnotaterne for året. Tom: alle igangværende."
        ),
    )
    remind_days_before = forms.IntegerField(
        label=_("Påmind dage før fristen"), min_value=0, max_value=90, initial=7
    )
    remind_days_after = forms.IntegerField(
        label=_("Påmind dage efter fristen"), min_value=0, max_value=90, initial=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("as_of", "due_date"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]
