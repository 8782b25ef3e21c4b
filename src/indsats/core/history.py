"""THE history formatter: an audit record (core.models.AuditLog) in people's words.

The audit log stores what changed as data ({field: [before, after]} with choice keys, decimal
strings, ISO dates, parameter keys). This module turns a list of records into entries a
committee secretary can read: the field labels of the forms the fields are edited in, choice
labels, Danish numbers and amounts, dates in the active language, parameter and factor labels.
The history pages (initiative, budget note) and the API's history endpoints both call
``history_entries``; nothing else formats an audit record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indsats.calc import danish
from indsats.calc.costs import format_factor_value

from .models import AuditAction, AuditLog

EMPTY = "–"

# The form each audited model is edited in: its field labels are the history's labels, so a
# field reads the same in the history as where the user typed it.
FORMS = {
    "initiative": "indsats.initiatives.forms.InitiativeForm",
    "costline": "indsats.initiatives.forms.CostLineForm",
    "budgetframe": "indsats.initiatives.forms.BudgetFrameForm",
    "effectunit": "indsats.initiatives.forms.EffectUnitForm",
    "expectedeffect": "indsats.initiatives.forms.ExpectedEffectForm",
    "initiativedependency": "indsats.initiatives.forms.DependencyForm",
    "budgetnote": "indsats.budgets.forms.BudgetNoteForm",
    "indicator": "indsats.indicators.forms.IndicatorForm",
    "indicatorvalue": "indsats.indicators.forms.ValueForm",
    "target": "indsats.indicators.forms.TargetForm",
    "statusupdate": "indsats.followup.forms.StatusForm",
    "statusround": "indsats.followup.forms.StatusRoundForm",
    "parameter": "indsats.organisations.forms.ParameterForm",
    "organisation": "indsats.organisations.forms.OrganisationForm",
    "strategy": "indsats.strategies.forms.StrategyForm",
    "strategyfocusarea": "indsats.strategies.forms.FocusAreaForm",
    "strategyinitiative": "indsats.strategies.forms.InitiativeLinkForm",
    "successcriterion": "indsats.strategies.forms.CriterionForm",
    "nationalprogramme": "indsats.strategies.forms.ProgrammeForm",
    "programmeitem": "indsats.strategies.forms.ItemForm",
    "programmeresponse": "indsats.strategies.forms.ResponseForm",
    "case": "indsats.casebank.forms.CaseForm",
    "casemedia": "indsats.casebank.forms.MediaForm",
    "consent": "indsats.casebank.forms.ConsentForm",
    "cohortfigures": "indsats.students.forms_totals.CohortFiguresForm",
}

# Where an audit record names a field differently from its form.
FORM_FIELD = {("initiative", "kl_recommendations"): "kl"}

# Labels of what records hold besides model fields (import counts, derived facts).
EXTRA_LABELS = {
    "factors": gettext_lazy("Formel"),
    "kl_recommendations": gettext_lazy("KL-anbefalinger"),
    "selected_scenario": gettext_lazy("Valgt scenarie"),
    "funded_scenarios": gettext_lazy("Finansierede scenarier"),
    "allocation": gettext_lazy("Bevilling"),
    "spending": gettext_lazy("Forbrug"),
    "initiatives": gettext_lazy("Indsatser"),
    "corrects": gettext_lazy("Retter status"),
    "file": gettext_lazy("Fil"),
    "created": gettext_lazy("Nye"),
    "updated": gettext_lazy("Ændrede"),
    "unchanged": gettext_lazy("Uændrede"),
    "parameters_created": gettext_lazy("Nye parametre"),
    "parameter_values_set": gettext_lazy("Parameterværdier sat"),
    "values_added": gettext_lazy("Nye værdier"),
    "allocations_set": gettext_lazy("Bevillinger sat"),
    "spendings_set": gettext_lazy("Forbrug sat"),
    "assumptions": gettext_lazy("Antagelser"),
    "rows": gettext_lazy("Rækker"),
    "shown": gettext_lazy("Vist"),
    "filters": gettext_lazy("Filtre"),
    "format": gettext_lazy("Format"),
    "fields": gettext_lazy("Felter"),
    "students": gettext_lazy("Elever"),
    "key_hash": gettext_lazy("Elevnøgle (kontrolsum)"),
    "password": gettext_lazy("Adgangskode"),
    "invitation": gettext_lazy("Invitation"),
    "via": gettext_lazy("Via"),
    "owner": gettext_lazy("Ansvarlig"),
    "requires": gettext_lazy("Kræver indsats"),
    "source_case": gettext_lazy("Fra casen"),
    "closed": gettext_lazy("Lukket"),
    "source": gettext_lazy("Kilde"),
    "order": gettext_lazy("Rækkefølge"),
}

# What a record is about, as people call it (most models have no Danish verbose_name).
OBJECT_NOUNS = {
    "organisation": gettext_lazy("Organisation"),
    "membership": gettext_lazy("Medlemskab"),
    "unit": gettext_lazy("Enhed"),
    "parameter": gettext_lazy("Parameter"),
    "apitoken": gettext_lazy("API-nøgle"),
    "invitation": gettext_lazy("Invitation"),
    "theme": gettext_lazy("Tema"),
    "focusarea": gettext_lazy("Fokusområde"),
    "initiative": gettext_lazy("Indsats"),
    "costline": gettext_lazy("Omkostningslinje"),
    "scenario": gettext_lazy("Scenarie"),
    "budgetframe": gettext_lazy("Beløbsramme"),
    "effectunit": gettext_lazy("Effektenhed"),
    "expectedeffect": gettext_lazy("Forventet effekt"),
    "initiativedependency": gettext_lazy("Afhængighed"),
    "budgetnote": gettext_lazy("Budgetnotat"),
    "indicator": gettext_lazy("Indikator"),
    "indicatorvalue": gettext_lazy("Indikatorværdi"),
    "target": gettext_lazy("Mål"),
    "statusupdate": gettext_lazy("Statusopdatering"),
    "statusround": gettext_lazy("Statusrunde"),
    "case": gettext_lazy("Case"),
    "casemedia": gettext_lazy("Medie"),
    "consent": gettext_lazy("Samtykke"),
    "student": gettext_lazy("Elev"),
    "student_records": gettext_lazy("Elevdata"),
    "cohortfigures": gettext_lazy("Årgangstal"),
    "breakdownfigure": gettext_lazy("Fordeling"),
    "sickleavefigure": gettext_lazy("Sygefravær"),
    "requiredintake": gettext_lazy("Dimensionering"),
    "studentaccess": gettext_lazy("Adgang til elevdata"),
    "strategy": gettext_lazy("Strategi"),
    "strategyfocusarea": gettext_lazy("Fokusområde i strategien"),
    "strategyinitiative": gettext_lazy("Indsats i strategien"),
    "successcriterion": gettext_lazy("Succeskriterium"),
    "nationalprogramme": gettext_lazy("Nationalt udspil"),
    "programmeitem": gettext_lazy("Punkt i udspillet"),
    "programmeresponse": gettext_lazy("Kommunens svar på udspillet"),
    "identityprovider": gettext_lazy("Single sign-on"),
    "user": gettext_lazy("Bruger"),
}

# Amounts in kroner (other decimals are plain numbers).
MONEY = {
    ("costline", "stated_amount"),
    ("budgetframe", "amount"),
    ("allocation", "amount"),
    ("spending", "amount"),
    ("budgetnote", "spending"),
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_FACTOR = re.compile(r"^(?P<key>[^=]+)=(?P<source>\S*)\s*(?P<unit>.*)$")


@dataclass(frozen=True)
class HistoryChange:
    field: str  # the key in the audit record, for programs
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: dt.datetime
    when: str
    actor: str
    action: str
    what: str
    changes: list[HistoryChange]
    kind: str = "update"  # the recorded action: create, update, delete, import …


@dataclass
class _Context:
    """Labels a record needs from elsewhere: parameters per organisation and cost factors per
    initiative (a scenario's values and a cost line's formula name them by key)."""

    parameters: dict[Any, dict[str, tuple[str, str]]]
    factors: dict[str, dict[str, tuple[str, str]]]
    parameter_units: dict[str, str]  # by the parameter's id
    status_updates: dict[str, str]  # a corrected status update in words, by its id
    indicator_units: dict[tuple[str, str], str]  # (object type, id) of a value or target

    def key_label(self, row: AuditLog, key: str) -> tuple[str, str] | None:
        found = self.factors.get(row.root_id, {}).get(key)
        return found or self.parameters.get(row.organisation_id, {}).get(key)


@cache
def _models_by_name() -> dict[str, type[models.Model]]:
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models():
        found.setdefault(model._meta.model_name, model)
    return found


@cache
def _form_fields(object_type: str) -> dict:
    path = FORMS.get(object_type)
    if not path:
        return {}
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name).base_fields


def _model_field(object_type: str, name: str):
    model = _models_by_name().get(object_type)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def field_label(object_type: str, name: str) -> str:
    """The label of ``name`` in a record about ``object_type``: the form's, else the model's,
    else the extra labels'."""
    form_field = _form_fields(object_type).get(FORM_FIELD.get((object_type, name), name))
    if form_field is not None and form_field.label:
        return capfirst(str(form_field.label))
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    field = _model_field(object_type, name)
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    for model in _models_by_name().values():
        try:
            other = model._meta.get_field(name)
        except Exception:
            continue
        if getattr(other, "verbose_name", None) and str(other.verbose_name) != name:
            return capfirst(str(other.verbose_name))
    return capfirst(name.replace("_", " "))


def _number(value: Any) -> str:
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return danish.format_number(number)
    decimals = max(0, -number.normalize().as_tuple().exponent)
    return danish.format_number(number, decimals)


def _date(value: Any) -> str:
    if isinstance(value, str):
        if _ISO_DATETIME.match(value):
            moment = dt.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "DATETIME_FORMAT")
        value = dt.date.fromisoformat(value)
    return formats.date_format(value, "DATE_FORMAT")


def _choice(field, value: Any) -> str | None:
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if not choices:
        return None
    for key, label in choices:
        if key == value or str(key) == str(value):
            return str(label)
    return None


def _factor(row: AuditLog, item: Any, context: _Context) -> str:
    """One factor of a cost line's formula: »Timer pr. måned: 5,5 timer« or »Timepris: parameter
    Timepris, frikøb«."""
    if isinstance(item, dict):
        key, label = item.get("key", ""), item.get("label") or ""
        unit, parameter, value = item.get("unit", ""), item.get("parameter"), item.get("value")
    else:
        match = _FACTOR.match(str(item))
        if not match:
            return str(item)
        key, unit, label = match["key"].strip(), match["unit"].strip(), ""
        source = match["source"]
        parameter = source[1:] if source.startswith("@") else None
        value = None if parameter else source
    label = label or (context.key_label(row, key) or (key, ""))[0]
    if parameter:
        parameter_label = (
            context.parameters.get(row.organisation_id, {}).get(parameter) or (parameter, "")
        )[0]
        return _("%(label)s: parameteren »%(parameter)s«") % {
            "label": label,
            "parameter": parameter_label,
        }
    if value in (None, "") or not _NUMBER.match(str(value)):
        return f"{label}: {EMPTY}"
    return f"{label}: {format_factor_value(Decimal(str(value)), unit)}"


def format_value(row: AuditLog, name: str, value: Any, context: _Context) -> str:
    """One value of a record in people's words."""
    if value is None or value == "" or value == []:
        return EMPTY
    object_type = row.object_type
    if name == "factors" and isinstance(value, list):
        return "; ".join(_factor(row, item, context) for item in value)
    if isinstance(value, list):
        return ", ".join(format_value(row, name, item, context) for item in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{field_label(object_type, str(k))}: {format_value(row, str(k), v, context)}"
            for k, v in value.items()
        )
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if object_type == "statusupdate" and name == "corrects":
        return context.status_updates.get(str(value), str(value))
    if object_type == "parameter" and name == "value" and _NUMBER.match(str(value)):
        if context.parameter_units.get(row.object_id) == "kr.":
            return danish.format_kr(Decimal(str(value)))
        return f"{_number(value)} {context.parameter_units.get(row.object_id, '')}".strip()
    unit = context.indicator_units.get((object_type, row.object_id))
    if unit and name in ("value", "baseline_value", "target_value") and _NUMBER.match(str(value)):
        if unit == "percent":
            return f"{_number(value)} %"
        if unit == "kr":
            return danish.format_kr(Decimal(str(value)))
    field = _model_field(object_type, name)
    label = _choice(field, value)
    if label is not None:
        return label
    if (object_type, name) in MONEY and _NUMBER.match(str(value)):
        return danish.format_kr(Decimal(str(value)))
    if object_type == "scenario" and name not in ("name", "order"):
        unit = (context.key_label(row, name) or ("", ""))[1]
        if _NUMBER.match(str(value)):
            return format_factor_value(Decimal(str(value)), unit)
        return str(value)
    if isinstance(field, models.DateField | models.DateTimeField) or (
        isinstance(value, str) and (_ISO_DATE.match(value) or _ISO_DATETIME.match(value))
    ):
        try:
            return _date(value)
        except ValueError:
            return str(value)
    if name.endswith("year") and isinstance(value, int):
        return str(value)  # years without a thousands point
    if isinstance(value, int | float | Decimal) or (
        (field is None or isinstance(field, models.DecimalField)) and _NUMBER.match(str(value))
    ):
        try:
            return _number(value)
        except (InvalidOperation, ValueError):
            return str(value)
    return str(value)


def _change_label(row: AuditLog, name: str, context: _Context) -> str:
    if row.object_type == "scenario" and name not in ("name", "order"):
        found = context.key_label(row, name)
        if found:
            return found[0]
    return field_label(row.object_type, name)


def _what(row: AuditLog) -> str:
    noun = OBJECT_NOUNS.get(row.object_type)
    if noun is None:
        model = _models_by_name().get(row.object_type)
        noun = model._meta.verbose_name if model is not None else ""
    noun = capfirst(str(noun))
    if noun and row.object_repr:
        return f"{noun} »{row.object_repr}«"
    return noun or row.object_repr


def _context(rows: list[AuditLog]) -> _Context:
    from indsats.initiatives.models import CostFactor
    from indsats.organisations.models import Parameter

    parameters: dict[Any, dict[str, tuple[str, str]]] = defaultdict(dict)
    organisations = {r.organisation_id for r in rows if r.organisation_id}
    parameter_units: dict[str, str] = {}
    for pk, org_id, key, name, unit in Parameter.objects.filter(
        organisation_id__in=organisations
    ).values_list("pk", "organisation_id", "key", "name", "unit"):
        parameters[org_id][key] = (name, unit)
        parameter_units[str(pk)] = unit
    factors: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    roots = {r.root_id for r in rows if r.root_type == "initiative" and r.root_id.isdigit()}
    if any(r.object_type in ("scenario", "costline") for r in rows):
        for initiative_id, key, label, unit in CostFactor.objects.filter(
            cost_line__initiative_id__in=[int(r) for r in roots]
        ).values_list("cost_line__initiative_id", "key", "label", "unit"):
            factors[str(initiative_id)].setdefault(key, (label, unit))
    corrected = {
        str(pair[1])
        for r in rows
        if r.object_type == "statusupdate"
        for name, pair in _pairs(r.changes)
        if name == "corrects" and str(pair[1]).isdigit()
    }
    status_updates = {}
    if corrected:
        from indsats.followup.models import StatusUpdate

        for update in StatusUpdate.objects.filter(pk__in=[int(pk) for pk in corrected]):
            status_updates[str(update.pk)] = _("status pr. %(date)s (%(state)s)") % {
                "date": _date(update.as_of),
                "state": update.get_state_display(),
            }
    indicator_units: dict[tuple[str, str], str] = {}
    for object_type, model_name in (("indicatorvalue", "IndicatorValue"), ("target", "Target")):
        ids = [
            int(r.object_id) for r in rows if r.object_type == object_type and r.object_id.isdigit()
        ]
        if ids:
            model = apps.get_model("indicators", model_name)
            for pk, unit in model.objects.filter(pk__in=ids).values_list("pk", "indicator__unit"):
                indicator_units[(object_type, str(pk))] = unit
    return _Context(
        parameters=parameters,
        factors=factors,
        parameter_units=parameter_units,
        status_updates=status_updates,
        indicator_units=indicator_units,
    )


def _pairs(changes) -> list[tuple[str, tuple[Any, Any]]]:
    """{field: [before, after]}; a value recorded alone (a view's filters) counts as after."""
    if not isinstance(changes, dict):
        return []
    return [
        (str(name), tuple(v) if isinstance(v, list | tuple) and len(v) == 2 else (None, v))
        for name, v in changes.items()
    ]


def history_entries(rows) -> list[HistoryEntry]:
    """Audit records in people's words, in the order given (two queries for the labels of
    parameters and cost factors, however many rows)."""
    rows = list(rows)
    context = _context(rows)
    actions = dict(AuditAction.choices)
    entries = []
    for row in rows:
        at = timezone.localtime(row.at) if timezone.is_aware(row.at) else row.at
        changes = [
            HistoryChange(
                field=name,
                label=_change_label(row, name, context),
                before=format_value(row, name, pair[0], context),
                after=format_value(row, name, pair[1], context),
            )
            for name, pair in _pairs(row.changes)
        ]
        entries.append(
            HistoryEntry(
                id=row.pk,
                at=row.at,
                when=formats.date_format(at, "DATETIME_FORMAT"),
                actor=row.actor_name,
                action=str(actions.get(row.action, row.action)),
                what=_what(row),
                changes=changes,
                kind=row.action,
            )
        )
    return entries


def object_history(organisation, *, root=None, obj=None, limit: int = 100) -> list[HistoryEntry]:
    """The history of ``root`` (everything recorded under it, e.g. an initiative with its cost
    lines and scenarios) or of ``obj`` alone, newest first."""
    qs = AuditLog.objects.filter(organisation=organisation)
    if root is not None:
        qs = qs.filter(root_type=root._meta.model_name, root_id=str(root.pk))
    else:
        qs = qs.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))
    return history_entries(qs[:limit])
