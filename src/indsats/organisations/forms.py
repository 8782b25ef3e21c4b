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


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Personen får en e-mail med et link og bliver medlem, når hun tager imod."),
        error_messages={
            "invalid": _("Skriv en gyldig e-mailadresse, fx mette.hansen@kommune.dk."),
            "required": _("Skriv personens e-mailadresse."),
        },
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
    budget_note_order = forms.CharField(
        label=_("Budgetnotaternes rækkefølge"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Koderne i den rækkefølge, statusrapporten og eksporten viser notaterne, fx »SO19, "
            "ØK77, SO3«. Notater, der ikke står her, kommer bagefter i kodeorden. Tom: kodeorden."
        ),
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
    access_log_retention_months = forms.IntegerField(
        label=_("Opbevaring af adgangslog for elevdata (måneder)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Hvem der har set hvilke elever, gemmes så mange måneder."),
        error_messages={
            "min_value": _("Adgangsloggen skal gemmes mindst 1 måned."),
            "max_value": _("Adgangsloggen kan højst gemmes 120 måneder (10 år)."),
            "invalid": _("Skriv perioden som et helt antal måneder, fx 24."),
        },
    )
    session_idle_minutes = forms.IntegerField(
        label=_("Log ud efter inaktivitet (minutter)"),
        min_value=5,
        max_value=720,
        required=False,
        help_text=_("Et medlem, der ikke har brugt Indsats i så mange minutter, logges ud."),
        error_messages={
            "min_value": _("Log ud efter inaktivitet skal være mindst 5 minutter."),
            "max_value": _("Log ud efter inaktivitet kan højst være 720 minutter (12 timer)."),
            "invalid": _("Skriv tiden som et helt antal minutter, fx 60."),
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
