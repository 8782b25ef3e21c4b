from django import forms
from django.utils.translation import gettext_lazy as _

from indsats.core.forms import DanishDecimalField

from .models import parameter_key_validator


class ParameterForm(forms.Form):
    key = forms.CharField(
        label=_("Nøgle"),
        max_length=60,
        validators=[parameter_key_validator],
        help_text=_("Bruges i formler, fx »timepris_frikob«."),
    )
    name = forms.CharField(label=_("Navn"), max_length=200)
    unit = forms.CharField(label=_("Enhed"), max_length=20, required=False, help_text=_("Fx »kr.«"))
    value = DanishDecimalField(label=_("Værdi"), help_text=_("Fx »201,60«."))
    valid_from = forms.DateField(
        label=_("Gælder fra"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ParameterValueForm(forms.Form):
    value = DanishDecimalField(label=_("Ny værdi"), help_text=_("Fx »210,00«."))
    valid_from = forms.DateField(
        label=_("Gælder fra"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Budgetter for år før denne dato beholder den gamle værdi."),
    )
