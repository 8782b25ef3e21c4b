"""Strategy choices with label and colour, used alike by templates, PDF, DOCX and XLSX."""

from django.db import models
from django.utils.translation import gettext_lazy as _

COLOURS: dict[str, dict[str, str]] = {
    "ImplementationStatus": {
        "implemented": "#2e6b30",
        "partly": "#5b7f1f",
        "on_its_way": "#1f4e8c",
        "awaiting": "#8a5a00",
        "not_implemented": "#8a1d1d",
    },
    "InitiativeState": {"started": "#2e6b30", "planned": "#1f4e8c"},
}


class ColouredChoices(models.TextChoices):
    @classmethod
    def colour(cls, value: str) -> str:
        return COLOURS.get(cls.__name__, {}).get(value, "#4a4a4a")


class CriterionKind(models.TextChoices):
    """How a success criterion's target is stated (calc.criteria)."""

    LEVEL = "level", _("Niveau (nå en bestemt værdi)")
    CHANGE_POINTS = "change_pp", _("Ændring i procentpoint")
    CHANGE_RELATIVE = "change_rel", _("Relativ ændring i %")
    MIN_PER_YEAR = "min_year", _("Mindst et antal pr. år")


class CriterionSource(models.TextChoices):
    INDICATOR = "indicator", _("Indikator")
    KPI = "kpi", _("Elev-nøgletal")


class PipelineKpi(models.TextChoices):
    """Pipeline KPIs a success criterion can follow (students.selectors.kpi_series)."""

    STARTED = "started", _("Ansatte elever (antal)")
    INTAKE_RATIO = "intake_ratio", _("Ansatte elever i forhold til dimensioneringen (%)")
    INTERNAL_UNSKILLED = "internal_unskilled", _("Egne ufaglærte ansat som elever (antal)")
    INTERNAL_SSH = "internal_ssh", _("Egne SSH ansat som SSA-elever (antal)")
    INTERNAL_SHARE = "internal_share", _("Andel internt rekrutterede elever (%)")
    COMPLETION_RATE = "completion_rate", _("Gennemførelse (%)")
    DROPOUT_RATE = "dropout_rate", _("Frafald (%)")
    DROPOUT_MAIN_RATE = "dropout_main_rate", _("Frafald under hovedforløbet (%)")
    HIRE_RATE = "hire_rate", _("Ansat efter uddannelsen, af gennemførte (%)")
    YIELD_RATE = "yield_rate", _("Ansat efter uddannelsen, af startede (%)")
    SICK_LEAVE_RATE = "sick_leave_rate", _("Sygefravær (%)")


class InitiativeState(ColouredChoices):
    STARTED = "started", _("Allerede iværksat")
    PLANNED = "planned", _("Fremtidig")


class ImplementationStatus(ColouredChoices):
    IMPLEMENTED = "implemented", _("Implementeret")
    PARTLY = "partly", _("Delvist implementeret")
    ON_ITS_WAY = "on_its_way", _("På vej")
    AWAITING = "awaiting", _("Afventer")
    NOT_IMPLEMENTED = "not_implemented", _("Ikke implementeret")
