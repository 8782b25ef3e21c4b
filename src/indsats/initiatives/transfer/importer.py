"""Import the catalogue from an XLSX file, all or nothing.

First every row of every sheet is read and checked, and every problem is collected with its
sheet, row and column. If there is any, CatalogueImportError is raised and nothing is written.
Otherwise the file is compared with the catalogue and only what differs is written, in one
transaction, through the same services the screens use (each writes its own audit record).
An import of an unchanged export therefore writes nothing but the import's own audit record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from indsats.core.services import ServiceError
from indsats.core.transfer import (
    MAX_FILE_SIZE,
    FileImportError,
    import_writes,
    issue_order,
    read_upload,
    too_large,
)
from indsats.organisations import services as org_services
from indsats.organisations.models import EDIT_CATALOGUE, Organisation, Parameter
from indsats.organisations.services import require_role

from .. import services
from ..choices import Recurrence
from ..models import Initiative
from ..selectors import initiative_queryset
from . import columns as c
from .reading import ImportIssue, Row, open_workbook, read_sheets


class CatalogueImportError(FileImportError):
    """The catalogue file cannot be imported. ``errors`` lists every problem; nothing was
    written."""


@dataclass
class ImportResult:
    file_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lines_written: int = 0
    lines_deleted: int = 0
    scenarios_written: int = 0
    scenarios_deleted: int = 0
    parameters_created: int = 0
    parameter_values_set: int = 0
    dry_run: bool = False
    owners_unknown: list[str] = field(default_factory=list)  # »Ansvarlig« names not members here

    @property
    def changed(self) -> bool:
        return bool(
            self.created or self.updated or self.parameters_created or self.parameter_values_set
        )

    def summary(self) -> str:
        text = _("%(created)d nye, %(updated)d ændrede, %(unchanged)d uændrede indsatser") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.parameters_created or self.parameter_values_set:
            text += _("; %(p)d parametre oprettet, %(v)d parameterværdier gemt") % {
                "p": self.parameters_created,
                "v": self.parameter_values_set,
            }
        if self.owners_unknown:
            text += _(
                "; ansvarlige, der ikke er medlemmer af organisationen, er ikke sat: %(names)s"
            ) % {"names": ", ".join(self.owners_unknown)}
        return text

    def audit_changes(self) -> dict[str, list[Any]]:
        return {
            "file": [None, self.file_name],
            "created": [None, self.created],
            "updated": [None, self.updated],
            "unchanged": [None, self.unchanged],
            "parameters_created": [None, self.parameters_created],
            "parameter_values_set": [None, self.parameter_values_set],
        }


# --- the plan: what the file says, checked -----------------------------------------------


@dataclass
class LinePlan:
    row: Row
    factors: list[Row] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.row["number"]

    def fields(self) -> dict[str, Any]:
        r = self.row
        return {
            "label": r["label"],
            "category": r["category"],
            "recurrence": r["recurrence"],
            "year": r["year"],
            "start_year": r["start_year"],
            "end_year": r["end_year"],
            "stated_amount": r["stated"],
            "note": r["note"],
            "order": self.number,
        }

    def factor_inputs(self) -> list[services.FactorInput]:
        return [
            services.FactorInput(
                key=f["key"],
                label=f["label"],
                unit=f["unit"],
                value=f["value"],
                parameter_key=f["parameter"],
            )
            for f in self.factors
        ]


@dataclass
class ScenarioPlan:
    name: str
    row: Row  # the first row naming the scenario
    values: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class InitiativePlan:
    row: Row
    lines: list[LinePlan] = field(default_factory=list)
    scenarios: list[ScenarioPlan] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.row["code"]


@dataclass
class ParameterPlan:
    key: str
    row: Row  # the first row naming the parameter
    values: list[Row] = field(default_factory=list)


@dataclass
class Plan:
    initiatives: list[InitiativePlan]
    parameters: list[ParameterPlan]


class _Checker:
    """Rules across rows and sheets. Builds the plan (rows grouped per initiative and line) and
    collects every problem; a row whose cell could not be read is not blamed again for it."""

    def __init__(self, sheets: dict[str, list[Row]], organisation: Organisation):
        self.sheets = sheets
        self.organisation = organisation
        self.issues: list[ImportIssue] = []
        self.parameters: dict[str, ParameterPlan] = {}
        self.initiatives: dict[str, InitiativePlan] = {}
        self.lines: dict[tuple[str, int], LinePlan] = {}

    def fail(self, row: Row, key: str, message: str, /, **params: Any) -> None:
        self.issues.append(row.issue(key, message % params if params else message))

    def run(self) -> tuple[Plan, list[ImportIssue]]:
        self.check_parameters()
        self.check_initiatives()
        self.check_lines()
        self.check_factors()
        self.check_scenarios()
        self.check_selected()
        plan = Plan(list(self.initiatives.values()), list(self.parameters.values()))
        return plan, self.issues

    def rows(self, sheet: c.Sheet) -> list[Row]:
        return self.sheets.get(sheet.title, [])

    def check_parameters(self) -> None:
        """One or more values per key, one per date, with the same name and unit."""
        seen_dates: dict[tuple[str, dt.date], int] = {}
        for row in self.rows(c.PARAMETERS):
            if not row.ok("key"):
                continue
            key = row["key"]
            plan = self.parameters.get(key)
            if plan is None:
                plan = self.parameters[key] = ParameterPlan(key, row)
            else:
                first = plan.row
                if row.ok("name") and first.ok("name") and row["name"] != first["name"]:
                    msg = _(
                        "Parameteren »%(key)s« har et andet navn i række %(row)d (»%(other)s«)."
                    )
                    self.fail(row, "name", msg, key=key, row=first.number, other=first["name"])
                if row.ok("unit") and first.ok("unit") and row["unit"] != first["unit"]:
                    msg = _(
                        "Parameteren »%(key)s« har en anden enhed i række %(row)d (»%(other)s«)."
                    )
                    self.fail(row, "unit", msg, key=key, row=first.number, other=first["unit"])
            if row.ok("valid_from"):
                where = seen_dates.setdefault((key, row["valid_from"]), row.number)
                if where != row.number:
                    msg = _(
                        "Parameteren »%(key)s« har allerede en værdi fra denne dato i række %(row)d."
                    )
                    self.fail(row, "valid_from", msg, key=key, row=where)
            plan.values.append(row)

    def check_initiatives(self) -> None:
        """Unique numbers; the end year not before the start year."""
        for row in self.rows(c.INITIATIVES):
            if not row.ok("code"):
                continue
            code = row["code"]
            if code in self.initiatives:
                msg = _("Nummeret »%(code)s« står også i række %(row)d.")
                self.fail(row, "code", msg, code=code, row=self.initiatives[code].row.number)
                continue
            self.initiatives[code] = InitiativePlan(row)
            if _years_reversed(row):
                msg = _("Slutåret %(end)d ligger før startåret %(start)d.")
                self.fail(row, "end_year", msg, end=row["end_year"], start=row["start_year"])

    def initiative_for(self, row: Row) -> InitiativePlan | None:
        """The initiative a row of another sheet belongs to; it must be in »Indsatser«."""
        if not row.ok("code"):
            return None
        plan = self.initiatives.get(row["code"])
        if plan is None:
            msg = _("Indsatsen »%(code)s« står ikke i arket »%(sheet)s«.")
            self.fail(row, "code", msg, code=row["code"], sheet=c.INITIATIVES.title)
        return plan

    def check_lines(self) -> None:
        """Unique line numbers per initiative; years that fit the recurrence."""
        for row in self.rows(c.COST_LINES):
            plan = self.initiative_for(row)
            if plan is None or not row.ok("number"):
                continue
            key = (plan.code, row["number"])
            if key in self.lines:
                msg = _("Indsats »%(code)s« har allerede en linje %(n)d i række %(row)d.")
                self.fail(
                    row,
                    "number",
                    msg,
                    code=plan.code,
                    n=row["number"],
                    row=self.lines[key].row.number,
                )
                continue
            line = self.lines[key] = LinePlan(row)
            plan.lines.append(line)
            if row.ok("recurrence") and row["recurrence"] == Recurrence.ONE_TIME:
                for col in ("start_year", "end_year"):
                    if row.ok(col) and row[col]:
                        msg = _(
                            "Et engangsbeløb har ét år, ikke en periode. Skriv året i kolonnen »%(col)s«."
                        )
                        self.fail(row, col, msg, col=c.COST_LINES.header("year"))
            elif row.ok("recurrence", "year") and row["year"]:
                msg = _(
                    "Et årligt beløb har en periode, ikke ét år. Brug kolonnerne »%(a)s« og »%(b)s«."
                )
                a, b = c.COST_LINES.header("start_year"), c.COST_LINES.header("end_year")
                self.fail(row, "year", msg, a=a, b=b)
            if _years_reversed(row):
                msg = _("Til år %(end)d ligger før fra år %(start)d.")
                self.fail(row, "end_year", msg, end=row["end_year"], start=row["start_year"])

    def check_factors(self) -> None:
        """Factors belong to a line in the file, have unique keys per line, and take their value
        from the cell or from a parameter that exists; a line has an amount or a formula."""
        known_parameters = set(self.parameters) | set(
            Parameter.objects.filter(organisation=self.organisation).values_list("key", flat=True)
        )
        for row in self.rows(c.FACTORS):
            plan = self.initiative_for(row)
            if plan is None or not row.ok("number"):
                continue
            line = self.lines.get((plan.code, row["number"]))
            if line is None:
                msg = _("Indsats »%(code)s« har ingen linje %(n)d i arket »%(sheet)s«.")
                self.fail(
                    row, "number", msg, code=plan.code, n=row["number"], sheet=c.COST_LINES.title
                )
                continue
            same = next(
                (
                    f
                    for f in line.factors
                    if row.ok("key") and f.ok("key") and f["key"] == row["key"]
                ),
                None,
            )
            if same is not None:
                msg = _("Linjen har allerede en faktor med nøglen »%(key)s« i række %(row)d.")
                self.fail(row, "key", msg, key=row["key"], row=same.number)
                continue
            line.factors.append(row)
            if not row.ok("value", "parameter"):
                continue
            if row["value"] is not None and row["parameter"]:
                self.fail(
                    row, "parameter", _("Udfyld enten »Værdi« eller »Parameter«, ikke begge.")
                )
            elif row["value"] is None and not row["parameter"]:
                self.fail(row, "value", _("Udfyld enten »Værdi« eller »Parameter«."))
            elif row["parameter"] and row["parameter"] not in known_parameters:
                msg = _(
                    "Parameteren »%(key)s« findes hverken i organisationen eller i arket »%(sheet)s«."
                )
                self.fail(row, "parameter", msg, key=row["parameter"], sheet=c.PARAMETERS.title)
        for line in self.lines.values():
            if line.row.ok("stated") and line.row["stated"] is None and not line.factors:
                msg = _("Linjen har hverken et besluttet beløb eller faktorer i arket »%(sheet)s«.")
                self.fail(line.row, "stated", msg, sheet=c.FACTORS.title)
            line.factors.sort(key=lambda f: f.number)

    def check_scenarios(self) -> None:
        """Scenarios change factors the initiative has, each at most once."""
        for row in self.rows(c.SCENARIOS):
            plan = self.initiative_for(row)
            if plan is None or not row.ok("name"):
                continue
            scenario = next((s for s in plan.scenarios if s.name == row["name"]), None)
            if scenario is None:
                scenario = ScenarioPlan(row["name"], row)
                plan.scenarios.append(scenario)
            if not row.ok("key", "value"):
                continue
            known = {f["key"] for line in plan.lines for f in line.factors if f.ok("key")}
            if row["key"] not in known:
                msg = _(
                    "»%(key)s« er ikke en faktor i formlerne for indsats %(code)s (kendte: %(known)s)."
                )
                self.fail(
                    row,
                    "key",
                    msg,
                    key=row["key"],
                    code=plan.code,
                    known=", ".join(sorted(known)) or _("ingen"),
                )
            elif row["key"] in scenario.values:
                msg = _("Scenariet »%(name)s« ændrer allerede »%(key)s«.")
                self.fail(row, "key", msg, name=scenario.name, key=row["key"])
            else:
                scenario.values[row["key"]] = row["value"]

    def check_selected(self) -> None:
        """»Valgt scenarie« names one of the initiative's scenarios in the file."""
        for plan in self.initiatives.values():
            row = plan.row
            if (
                row.ok("selected")
                and row["selected"]
                and row["selected"] not in {s.name for s in plan.scenarios}
            ):
                msg = _("Indsatsen har intet scenarie »%(name)s« i arket »%(sheet)s«.")
                self.fail(row, "selected", msg, name=row["selected"], sheet=c.SCENARIOS.title)
            plan.lines.sort(key=lambda line: line.number)


def _years_reversed(row: Row) -> bool:
    return bool(
        row.ok("start_year", "end_year")
        and row["start_year"]
        and row["end_year"]
        and row["end_year"] < row["start_year"]
    )


# --- comparing the file with the catalogue -------------------------------------------------


# Initiative fields the file sets as they are (theme, focus area and unit are set by name).
SCALAR_FIELDS = (
    "title", "description", "purpose", "target_group", "professions", "priority_step", "funding",
    "state", "start_year", "end_year",
)  # fmt: skip


def _same_name(obj, name: str | None) -> bool:
    if obj is None or not name:
        return obj is None and not name
    return obj.name.casefold() == name.casefold()


def _initiative_differences(initiative: Initiative, row: Row, owner) -> dict[str, Any]:
    """The initiative's scalar fields that the row changes (named objects as their names)."""
    # A blank cell (or a column the file leaves out) keeps the stored value: a partial file
    # never empties an initiative. The choice columns (funding, state) are the exception the
    # guide names: their blank cell reads as their default.
    changed: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        if name in row.absent or row[name] in (None, ""):
            continue
        if getattr(initiative, name) != row[name]:
            changed[name] = row[name]
    for name in ("theme", "focus_area", "unit"):
        if name in row.absent or not row[name]:
            continue
        if not _same_name(getattr(initiative, name), row[name]):
            changed[name] = row[name]
    if owner != initiative.owner:  # the member the row names (None: nobody, or not a member)
        changed["owner"] = owner
    return changed


def _line_differs(line, plan: LinePlan) -> bool:
    for name, value in plan.fields().items():
        if getattr(line, name) != value:
            return True
    have = [
        (f.key, f.label, f.unit, f.value, f.parameter.key if f.parameter_id else None)
        for f in line.factors.all()
    ]
    want = [(f["key"], f["label"], f["unit"], f["value"], f["parameter"]) for f in plan.factors]
    return have != want


def _scenario_state(scenarios) -> list[tuple[str, int, dict[str, Decimal]]]:
    return [(s.name, s.order, {v.key: v.value for v in s.values.all()}) for s in scenarios]


# --- applying --------------------------------------------------------------------------------


class _Applier:
    def __init__(self, organisation: Organisation, actor, result: ImportResult):
        self.organisation = organisation
        self.actor = actor
        self.members: dict[str, object] | None = None
        self.result = result

    def _service(self, row: Row, call, **kwargs):
        """Call a service; a rule it enforces that the checks above missed becomes a row error."""
        try:
            return call(**kwargs)
        except ServiceError as exc:
            raise CatalogueImportError(
                [ImportIssue(row.sheet.title, row.number, "", m) for m in exc.messages]
            ) from exc

    # parameters

    def parameters(self, plans: list[ParameterPlan]) -> None:
        existing = {
            p.key: p
            for p in Parameter.objects.filter(organisation=self.organisation).prefetch_related(
                "values"
            )
        }
        for plan in plans:
            values = sorted(plan.values, key=lambda r: r["valid_from"])
            param = existing.get(plan.key)
            if param is None:
                first = values[0]
                param = self._service(
                    first,
                    org_services.parameter_create,
                    actor=self.actor,
                    organisation=self.organisation,
                    key=plan.key,
                    name=plan.row["name"],
                    unit=plan.row["unit"],
                    value=first["value"],
                    valid_from=first["valid_from"],
                )
                self.result.parameters_created += 1
                have = {first["valid_from"]: first["value"]}
            else:
                have = {v.valid_from: v.value for v in param.values.all()}
                if param.name != plan.row["name"] or param.unit != plan.row["unit"]:
                    self._service(
                        plan.row,
                        org_services.parameter_update,
                        actor=self.actor,
                        parameter=param,
                        expected_version=None,
                        name=plan.row["name"],
                        unit=plan.row["unit"],
                        description=param.description,
                    )
            for row in values:
                if have.get(row["valid_from"]) != row["value"]:
                    param.refresh_from_db(fields=["version"])
                    self._service(
                        row,
                        org_services.parameter_value_set,
                        actor=self.actor,
                        parameter=param,
                        value=row["value"],
                        valid_from=row["valid_from"],
                    )
                    self.result.parameter_values_set += 1

    # initiatives

    def _member(self, key: str | None):
        """The member the »Ansvarlig« cell names, or None. A name that is not a member here (a
        catalogue copied from another organisation) leaves the initiative without an owner and
        is listed in the result, never silently."""
        if not key:
            return None
        if self.members is None:
            self.members = org_services.members_by_key(self.organisation)
        member = self.members.get(key.casefold())
        if member is None and key not in self.result.owners_unknown:
            self.result.owners_unknown.append(key)
        return member

    def _named(self, name: str | None, kind: str):
        if not name:
            return None
        getter = {
            "theme": services.theme_get_or_create,
            "focus_area": services.focus_area_get_or_create,
            "unit": org_services.unit_get_or_create,
        }[kind]
        return getter(actor=self.actor, organisation=self.organisation, name=name)

    def initiative(self, plan: InitiativePlan, initiative: Initiative | None) -> None:
        row = plan.row
        if initiative is None:
            fields = {name: row[name] for name in ("code", *SCALAR_FIELDS)}
            for name in ("theme", "focus_area", "unit"):
                fields[name] = self._service(row, self._named, name=row[name], kind=name)
            fields["owner"] = self._member(row["owner"])
            initiative = self._service(
                row,
                services.initiative_create,
                organisation=self.organisation,
                actor=self.actor,
                kl_recommendations=row["kl"],
                **fields,
            )
            initiative = initiative_queryset(self.organisation).get(pk=initiative.pk)
            self._lines(plan, initiative)
            self._scenarios(plan, initiative)
            self._select(plan, initiative, scenarios_written=True)
            self.result.created += 1
            return
        changed = False
        fields = _initiative_differences(initiative, row, self._member(row["owner"]))
        kl = tuple(sorted(r.number for r in initiative.kl_recommendations.all()))
        if not row["kl"]:
            kl = row["kl"]  # blank: the stored recommendations stay
        if fields or kl != row["kl"]:
            for name in ("theme", "focus_area", "unit"):
                if name in fields:
                    fields[name] = self._service(row, self._named, name=fields[name], kind=name)
            self._service(
                row,
                services.initiative_update,
                initiative=initiative,
                actor=self.actor,
                expected_version=None,
                kl_recommendations=list(row["kl"]) if kl != row["kl"] else None,
                **fields,
            )
            changed = True
        changed |= self._lines(plan, initiative)
        scenarios_written = self._scenarios(plan, initiative)
        changed |= scenarios_written
        changed |= self._select(plan, initiative, scenarios_written=scenarios_written)
        if changed:
            self.result.updated += 1
        else:
            self.result.unchanged += 1

    def _lines(self, plan: InitiativePlan, initiative: Initiative) -> bool:
        existing = dict(c.numbered_lines(initiative.cost_lines.all()))
        wanted = {line.number for line in plan.lines}
        changed = False
        for number, line in existing.items():
            if number not in wanted:
                self._service(plan.row, services.cost_line_delete, line=line, actor=self.actor)
                self.result.lines_deleted += 1
                changed = True
        for line_plan in plan.lines:
            line = existing.get(line_plan.number)
            if line is not None and not _line_differs(line, line_plan):
                continue
            self._service(
                line_plan.row,
                services.cost_line_save,
                initiative=initiative,
                actor=self.actor,
                line=line,
                expected_version=None,
                factors=line_plan.factor_inputs(),
                **line_plan.fields(),
            )
            self.result.lines_written += 1
            changed = True
        return changed

    def _scenarios(self, plan: InitiativePlan, initiative: Initiative) -> bool:
        existing = {s.name: s for s in initiative.scenarios.all()}
        have = {name: (order, values) for name, order, values in _scenario_state(existing.values())}
        changed = False
        wanted = {s.name for s in plan.scenarios}
        for name, scenario in existing.items():
            if name not in wanted:
                self._service(
                    plan.row, services.scenario_delete, scenario=scenario, actor=self.actor
                )
                self.result.scenarios_deleted += 1
                changed = True
        for order, scenario_plan in enumerate(plan.scenarios, start=1):
            if have.get(scenario_plan.name) == (order, scenario_plan.values):
                continue
            self._service(
                scenario_plan.row,
                services.scenario_save,
                initiative=initiative,
                actor=self.actor,
                name=scenario_plan.name,
                values=scenario_plan.values,
                scenario=existing.get(scenario_plan.name),
                expected_version=None,
                order=order,
            )
            self.result.scenarios_written += 1
            changed = True
        return changed

    def _select(
        self, plan: InitiativePlan, initiative: Initiative, *, scenarios_written: bool
    ) -> bool:
        name = plan.row["selected"] or None
        if scenarios_written:
            # The services changed scenarios (and perhaps cleared the selection) in the database.
            initiative.refresh_from_db(fields=["version", "selected_scenario"])
            current = initiative.selected_scenario.name if initiative.selected_scenario_id else None
        else:
            current = next(
                (
                    s.name
                    for s in initiative.scenarios.all()
                    if s.pk == initiative.selected_scenario_id
                ),
                None,
            )
        if current == name:
            return False
        scenario = initiative.scenarios.get(name=name) if name else None
        self._service(
            plan.row,
            services.initiative_update,
            initiative=initiative,
            actor=self.actor,
            expected_version=None,
            selected_scenario=scenario,
        )
        return True


def catalogue_check(
    *, organisation: Organisation, file, file_name: str | None = None
) -> tuple[Plan, str]:
    """Read and check the file; raise CatalogueImportError naming every problem."""
    data, name = read_upload(file)
    name = file_name or name
    issue = too_large(data, name)
    if issue:
        raise CatalogueImportError([issue])
    workbook, issue = open_workbook(data, name)
    if issue:
        raise CatalogueImportError([issue])
    sheets, issues = read_sheets(workbook)
    plan, more = _Checker(sheets, organisation).run()
    issues.extend(more)
    if issues:
        raise CatalogueImportError(sorted(issues, key=issue_order(c.SHEETS)))
    return plan, name


def catalogue_import(
    *, organisation: Organisation, actor, file, file_name: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Import the catalogue in ``file`` (an upload, a path, or bytes) into ``organisation``.

    Raises CatalogueImportError, having written nothing, if any row is wrong. With ``dry_run``
    everything is checked and counted, and then rolled back.
    """
    require_role(actor, organisation, EDIT_CATALOGUE)
    plan, name = catalogue_check(organisation=organisation, file=file, file_name=file_name)
    result = ImportResult(file_name=name, dry_run=dry_run)
    with import_writes(
        organisation=organisation,
        actor=actor,
        object_type="catalogue",
        object_repr=_("Indsatskatalog fra %(name)s") % {"name": name},
        changes=result.audit_changes,
        dry_run=dry_run,
    ):
        applier = _Applier(organisation, actor, result)
        applier.parameters(plan.parameters)
        codes = [p.code for p in plan.initiatives]
        existing = {i.code: i for i in initiative_queryset(organisation).filter(code__in=codes)}
        for initiative_plan in plan.initiatives:
            applier.initiative(initiative_plan, existing.get(initiative_plan.code))
    return result


__all__ = [
    "MAX_FILE_SIZE",
    "CatalogueImportError",
    "ImportIssue",
    "ImportResult",
    "catalogue_check",
    "catalogue_import",
]
