"""Strategy choices with label and colour, used alike by templates, PDF, DOCX and XLSX."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from indsats.calc import kpis
from indsats.students.kpis import label_lazy

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


def _pipeline_kpi_members() -> list[tuple[str, tuple[str, object]]]:
    return [(code.upper(), (code, label_lazy(code))) for code in kpis.KPIS]


# Pipeline KPIs a success criterion can follow (students.selectors.kpi_series): derived from the
# one KPI registry (calc.kpis), code and label alike, so there is no second table of labels.
# The label is the registry's label_da or label_en in the active language (students.kpis).
PipelineKpi = models.TextChoices("PipelineKpi", _pipeline_kpi_members())
PipelineKpi.__module__ = __name__


def pipeline_kpi_choices() -> list[tuple[str, object]]:
    """The choices of SuccessCriterion.kpi, read from the registry when asked (a callable, so a
    changed registry label needs no migration)."""
    return list(PipelineKpi.choices)


class InitiativeState(ColouredChoices):
    STARTED = "started", _("Allerede iværksat")
    PLANNED = "planned", _("Fremtidig")


class ImplementationStatus(ColouredChoices):
    IMPLEMENTED = "implemented", _("Implementeret")
    PARTLY = "partly", _("Delvist implementeret")
    ON_ITS_WAY = "on_its_way", _("På vej")
    AWAITING = "awaiting", _("Afventer")
    NOT_IMPLEMENTED = "not_implemented", _("Ikke implementeret")
