"""Forms for the entered pipeline totals. They only read and shape the input; the rules
(hired ≤ completed, completed + dropped out ≤ started, known codes …) live in
students.services_totals, whose messages the views put back on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from indsats.core.forms import DanishDecimalField, YearField

from .choices import DropoutCause, Education, Phase
from .models import BreakdownKind, CohortFigures
from .services_totals import COUNT_FIELDS

PLACE_ROWS = 4  # empty rows offered for new places of hire


def count_field(label, required=False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
        error_messages={
            "invalid": _("Skriv et helt antal, fx 37."),
            "min_value": _("Antallet kan ikke være negativt."),
            "required": _("Skriv antallet."),
        },
    )


class CohortFiguresForm(forms.Form):
    education = forms.ChoiceField(label=_("Uddannelse"), choices=Education.choices)
    cohort_year = YearField(label=_("Årgang (år ansat som elev)"))
    started = count_field(_("Ansat som elev"), required=True)
    completed = count_field(_("Gennemført"))
    dropped_out = count_field(_("Frafaldet"))
    hired = count_field(_("Ansat i kommunen efter uddannelsen"))
    internal_unskilled = count_field(_("Heraf egne ufaglærte medarbejdere"))
    internal_ssh = count_field(_("Heraf egne SSH'er, der læser videre til SSA"))
    note = forms.CharField(label=_("Kilde/bemærkning"), required=False, max_length=300)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, figures: CohortFigures | None = None, **kwargs):
        if figures is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(figures, name)
                for name in ("education", "cohort_year", *COUNT_FIELDS, "note", "version")
            }
        super().__init__(*args, **kwargs)

    def counts(self) -> dict[str, int]:
        data = self.cleaned_data
        return {
            name: data.get(name) or 0
            for name in (
                "started",
                "completed",
                "dropped_out",
                "hired",
                "internal_unskilled",
                "internal_ssh",
            )
        }


class BreakdownChoiceForm(forms.Form):
    """Which breakdown grid to open (read from the query string)."""

    kind = forms.ChoiceField(label=_("Opdeling"), choices=BreakdownKind.choices)
    education = forms.ChoiceField(
        label=_("Uddannelse"), choices=[(e, Education.short(e)) for e in Education.values]
    )
    year = YearField(label=_("År (frafaldsår eller årgang)"))


def breakdown_labels(kind: str) -> list[tuple[str, str]]:
    if kind == BreakdownKind.DROPOUT_CAUSE:
        return list(DropoutCause.choices)
    if kind == BreakdownKind.DROPOUT_PHASE:
        return list(Phase.choices)
    return []


class BreakdownForm(forms.Form):
    """One count per cause or phase; for places of hire, a name and a count per row."""

    # services_totals.state_digest of the counts shown, so that a save cannot silently replace
    # counts someone else stored meanwhile.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, kind: str, current: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        labels = breakdown_labels(kind)
        if labels:
            for key, label in labels:
                self.fields[f"n_{key}"] = count_field(label)
                self.fields[f"n_{key}"].initial = current.get(key)
            self.place_rows = 0
        else:
            places = sorted(current.items(), key=lambda kv: (-kv[1], kv[0]))
            self.place_rows = len(places) + PLACE_ROWS
            for i in range(self.place_rows):
                name, count = places[i] if i < len(places) else ("", None)
                self.fields[f"place_{i}"] = forms.CharField(
                    label=_("Arbejdssted %(n)d") % {"n": i + 1},
                    required=False,
                    max_length=200,
                    initial=name,
                )
                self.fields[f"count_{i}"] = count_field(
                    _("Antal ansat, række %(n)d") % {"n": i + 1}
                )
                self.fields[f"count_{i}"].initial = count

    def rows(self):
        """(name field, count field) pairs, for the places grid."""
        return [(self[f"place_{i}"], self[f"count_{i}"]) for i in range(self.place_rows)]

    def grid(self):
        return [self[name] for name in self.fields if name.startswith("n_")]

    def clean(self):
        data = super().clean()
        if self.kind == BreakdownKind.HIRE_PLACE:
            for i in range(self.place_rows):
                name = (data.get(f"place_{i}") or "").strip()
                count = data.get(f"count_{i}")
                if count and not name:
                    self.add_error(
                        f"place_{i}", _("Skriv navnet på arbejdsstedet for antallet i rækken.")
                    )
        return data

    def counts(self) -> dict[str, int]:
        data = self.cleaned_data
        if self.kind != BreakdownKind.HIRE_PLACE:
            return {
                name.removeprefix("n_"): data[name] or 0
                for name in self.fields
                if name.startswith("n_") and data.get(name)
            }
        out: dict[str, int] = {}
        for i in range(self.place_rows):
            name = (data.get(f"place_{i}") or "").strip()
            if name and data.get(f"count_{i}"):
                out[name] = out.get(name, 0) + data[f"count_{i}"]
        return out


class YearFiguresForm(forms.Form):
    """The figures of one calendar year: required intake per education and sick leave."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    required_ssh = count_field(_("Dimensionering SSH"))
    required_ssa = count_field(_("Dimensionering SSA"))
    sick_all = DanishDecimalField(label=_("Sygefravær, alle elever (%)"), required=False)
    sick_ssh = DanishDecimalField(label=_("Sygefravær, SSH-elever (%)"), required=False)
    sick_ssa = DanishDecimalField(label=_("Sygefravær, SSA-elever (%)"), required=False)
