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


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Brugernavn"), max_length=150)
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Adgangskode"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Kun for nye brugere; mindst 8 tegn."),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=())

    def __init__(self, *args, **kwargs):
        from .models import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    budget_year = forms.IntegerField(
        label=_("Aktuelt budgetår"),
        min_value=1990,
        max_value=2100,
        help_text=_("Året oversigterne åbner på."),
    )
    price_level = forms.CharField(
        label=_("Prisniveau"), max_length=20, required=False, help_text=_("Fx »2026-pl«.")
    )
    reporting_interval_days = forms.IntegerField(
        label=_("Statusinterval (dage)"),
        min_value=7,
        max_value=730,
        required=False,
        help_text=_("Indsatser uden status i så mange dage står på listen »Mangler status«."),
        error_messages={
            "min_value": _("Statusintervallet skal være mindst 7 dage."),
            "max_value": _("Statusintervallet kan højst være 730 dage (to år)."),
            "invalid": _("Skriv statusintervallet som et helt antal dage, fx 120."),
        },
    )
    student_retention_years = forms.IntegerField(
        label=_("Opbevaring af elevdata (år)"),
        min_value=1,
        max_value=50,
        required=False,
        help_text=_(
            "Elevdata slettes, når så mange år er gået, siden eleven gennemførte eller faldt fra."
        ),
        error_messages={
            "min_value": _("Opbevaringsperioden skal være mindst 1 år."),
            "max_value": _("Opbevaringsperioden kan højst være 50 år."),
            "invalid": _("Skriv opbevaringsperioden som et helt antal år, fx 5."),
        },
    )
    share_pipeline = forms.BooleanField(
        label=_("Del elev-nøgletal med andre kommuner"),
        required=False,
        help_text=_(
            "Kun samlede nøgletal pr. uddannelse og årgang deles, aldrig elevdata; tal under 5 "
            "skjules."
        ),
    )


def members_of(organisation):
    """The users who may own an item in ``organisation``: its members, by name."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation)
        .order_by("first_name", "last_name", "username")
    )


def owner_label(user) -> str:
    return user.get_full_name() or user.username
