"""Upload and download indicators and their values (XLSX, or CSV per sheet)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indsats.core.transfer_views import UploadForm, sheet_transfer_views

from .transfer import (
    SHEETS,
    indicator_backfill_warning,
    indicator_export,
    indicator_import,
    indicator_template,
)


class IndicatorUploadForm(UploadForm):
    as_of = forms.DateField(
        label=_("Opgjort pr."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Datoen, tallene var kendt, for værdier hvor kolonnen »Opgjort pr.« er tom, fx "
            "30-04-2026. Tom: i dag – så viser en statusrapport pr. en tidligere dato dem ikke."
        ),
        error_messages={"invalid": _("Skriv datoen som fx 30-04-2026.")},
    )
    confirm = forms.BooleanField(
        label=_("Registrér dem pr. i dag"),
        required=False,
        help_text=_("Værdier uden »Opgjort pr.« registreres pr. dags dato, også for tidligere år."),
    )

    def clean_as_of(self):
        as_of = self.cleaned_data.get("as_of")
        if as_of is not None and as_of > timezone.localdate():
            raise forms.ValidationError(
                _("Datoen %(date)s ligger i fremtiden. Skriv den dato, tallene var kendt.")
                % {"date": as_of.strftime("%d-%m-%Y")}
            )
        return as_of


_views = sheet_transfer_views(
    namespace="indicator_transfer",
    sheets=SHEETS,
    run=indicator_import,
    export=indicator_export,
    template=indicator_template,
    title=_("Importér indikatorer"),
    intro=_(
        "Indlæs indikatorer og deres værdier fra en Excel-fil med arkene »Indikatorer« og "
        "»Værdier«, eller fra CSV-filer med ét ark hver. Værdier skrives i indikatorens "
        "enhed, fx »1.309« eller »22,5%«; en værdi, der allerede er gemt, springes over."
    ),
    export_label=_("Hent de nuværende indikatorer og værdier (indikatorer.xlsx)"),
    export_name="indikatorer-{slug}.xlsx",
    template_name="skabelon-indikatorer.xlsx",
    form_class=IndicatorUploadForm,
    options=lambda data: {"as_of": data.get("as_of")},
    warn=indicator_backfill_warning,
)

indicator_import_view = _views.import_view
indicator_export_view = _views.export_view
indicator_template_view = _views.template_view
indicator_csv_template_view = _views.csv_view
