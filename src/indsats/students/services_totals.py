"""Entered pipeline totals, for organisations that have only published figures (like seed 002):
cohort totals, breakdowns (dropout causes, dropout phases, places of hire), sick leave and the
required intake (dimensionering).

The only write path for these figures. Every function checks the actor's role (EDIT_STRATEGY;
``actor=None`` is the system), validates with Danish messages, and writes the change and its
audit record in one transaction. Reading them is open to every member (students.selectors).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from indsats.calc.kpi import CohortCounts
from indsats.core.services import (
    AuditAction,
    ConflictError,
    ServiceError,
    audit,
    diff,
    save_versioned,
    snapshot,
)
from indsats.organisations.models import EDIT_STRATEGY, Organisation
from indsats.organisations.services import require_role

from .choices import DropoutCause, Education, Phase
from .models import (
    BreakdownFigure,
    BreakdownKind,
    CohortFigures,
    RequiredIntake,
    SickLeaveFigure,
)

COUNT_FIELDS = (
    "started",
    "completed",
    "dropped_out",
    "hired",
    "internal_unskilled",
    "internal_ssh",
)
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_PLACE_LENGTH = 200


def _check_education(education: str, errors: dict, field: str = "education", blank=False):
    if blank and education == "":
        return
    if education not in Education.values:
        errors.setdefault(field, []).append(
            _("Ukendt uddannelse »%(value)s«. Brug ssh eller ssa.") % {"value": education}
        )


def _check_year(year, errors: dict, field: str = "year"):
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors.setdefault(field, []).append(
            _("Året »%(value)s« skal ligge mellem 1990 og 2100.") % {"value": year}
        )


def _raise(errors: dict) -> None:
    if errors:
        raise ServiceError(errors=errors)


def cohort_problems(values: Mapping[str, int]) -> list[str]:
    """calc.kpi's Danish reasons why cohort totals cannot be true (empty when they can)."""
    counts = CohortCounts.__new__(CohortCounts)
    for name in ("education", "cohort_year", "source"):
        object.__setattr__(counts, name, values.get(name, ""))
    for name in COUNT_FIELDS:
        object.__setattr__(counts, name, values.get(name, 0))
    return counts.problems()


def _label(education: str, year: int) -> str:
    return f"{Education.short(education)} {year}"


# --- cohort totals ---------------------------------------------------------------------------


@transaction.atomic
def cohort_figures_save(
    *,
    organisation: Organisation,
    actor,
    education: str,
    cohort_year: int,
    started: int,
    completed: int = 0,
    dropped_out: int = 0,
    hired: int = 0,
    internal_unskilled: int = 0,
    internal_ssh: int = 0,
    note: str = "",
    figures: CohortFigures | None = None,
    expected_version: int | None = None,
) -> CohortFigures:
    """Create the totals of a cohort (``figures`` None) or change them (``figures`` given;
    ``expected_version`` is the version the user read: a stale one raises ConflictError)."""
    require_role(actor, organisation, EDIT_STRATEGY)
    values = {
        "started": started,
        "completed": completed,
        "dropped_out": dropped_out,
        "hired": hired,
        "internal_unskilled": internal_unskilled,
        "internal_ssh": internal_ssh,
    }
    errors: dict[str, list[str]] = {}
    _check_education(education, errors)
    _check_year(cohort_year, errors, "cohort_year")
    for name, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool):
            errors.setdefault(name, []).append(_("Skriv et helt antal."))
    _raise(errors)
    problems = cohort_problems(values)
    if problems:
        raise ServiceError(errors={"": problems})
    note = (note or "").strip()
    if len(note) > 300:
        raise ServiceError(errors={"note": [_("Bemærkningen må højst være 300 tegn.")]})
    clash = CohortFigures.objects.filter(
        organisation=organisation, education=education, cohort_year=cohort_year
    )
    if figures is not None:
        clash = clash.exclude(pk=figures.pk)
    if clash.exists():
        raise ServiceError(
            errors={
                "cohort_year": [
                    _("Der er allerede indtastet tal for årgangen %(cohort)s. Ret dem i stedet.")
                    % {"cohort": _label(education, cohort_year)}
                ]
            }
        )
    if figures is None:
        figures = CohortFigures.objects.create(
            organisation=organisation,
            education=education,
            cohort_year=cohort_year,
            note=note,
            **values,
        )
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.CREATE,
            obj=figures,
            changes={k: [None, v] for k, v in snapshot(figures).items() if k != "version"},
        )
        return figures
    if figures.organisation_id != organisation.pk:
        raise ServiceError(_("Årgangstallene hører ikke til organisationen."))
    before = snapshot(figures)
    figures.education = education
    figures.cohort_year = cohort_year
    figures.note = note
    for name, value in values.items():
        setattr(figures, name, value)
    save_versioned(
        figures,
        expected_version=expected_version,
        fields=["education", "cohort_year", "note", *COUNT_FIELDS],
    )
    changes = diff(before, snapshot(figures))
    if changes:
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=figures,
            changes=changes,
        )
    return figures


@transaction.atomic
def cohort_figures_delete(*, figures: CohortFigures, actor) -> None:
    organisation = figures.organisation
    require_role(actor, organisation, EDIT_STRATEGY)
    before = snapshot(figures)
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.DELETE,
        obj=figures,
        changes={k: [v, None] for k, v in before.items() if k != "version"},
    )
    figures.delete()


# --- breakdowns ------------------------------------------------------------------------------


def state_digest(values: Mapping) -> str:
    """A short fingerprint of what a form showed (a breakdown's counts, a year's figures): the
    form carries it back, and a save finding other values stored refuses to overwrite them."""
    items = sorted((str(k), None if v is None else str(v)) for k, v in values.items())
    return hashlib.sha256(json.dumps(items).encode()).hexdigest()[:20]


def breakdown_state(organisation, kind: str, education: str, year: int) -> dict[str, int]:
    return dict(
        BreakdownFigure.objects.filter(
            organisation=organisation, kind=kind, education=education, year=year
        ).values_list("key", "count")
    )


def year_state(organisation, year: int) -> dict[str, object]:
    """A year's entered figures: required intake per education, sick leave per education."""
    state: dict[str, object] = {}
    for r in RequiredIntake.objects.filter(organisation=organisation, year=year):
        state[f"required_{r.education}"] = r.required
    for f in SickLeaveFigure.objects.filter(organisation=organisation, year=year):
        state[f"sick_{f.education or 'all'}"] = Decimal(f.rate).normalize()
    return state


def _changed_by_someone_else() -> ConflictError:
    return ConflictError(
        _(
            "Tallene er ændret af en anden, siden du åbnede siden. Dine tal er ikke gemt; de "
            "står stadig i formularen. Se de gemte tal på oversigten, eller gem igen for at "
            "erstatte dem med dine."
        )
    )


def breakdown_keys(kind: str) -> list[str] | None:
    """The keys a breakdown may have (None: free text, the places of hire)."""
    if kind == BreakdownKind.DROPOUT_CAUSE:
        return list(DropoutCause.values)
    if kind == BreakdownKind.DROPOUT_PHASE:
        return list(Phase.values)
    return None


def _key_error(kind: str, key: str) -> str:
    if kind == BreakdownKind.DROPOUT_CAUSE:
        return _("Ukendt frafaldsårsag »%(key)s«. Brug en af: %(codes)s.") % {
            "key": key,
            "codes": ", ".join(DropoutCause.values),
        }
    return _("Ukendt fase »%(key)s«. Brug en af: %(codes)s.") % {
        "key": key,
        "codes": ", ".join(Phase.values),
    }


@transaction.atomic
def breakdown_figures_set(
    *,
    organisation: Organisation,
    actor,
    kind: str,
    education: str,
    year: int,
    counts: Mapping[str, int],
    expected: str | None = None,
) -> dict[str, int]:
    """Replace the breakdown of ``kind`` (cause: year of dropout; phase and place: the cohort)
    for one education and year with ``counts`` ({key: count}; a count of 0 removes the key).
    Causes are DropoutCause codes, phases Phase codes, places free text. ``expected`` is the
    state_digest of the counts the user saw: other counts stored meanwhile raise
    ConflictError."""
    require_role(actor, organisation, EDIT_STRATEGY)
    errors: dict[str, list[str]] = {}
    if kind not in BreakdownKind.values:
        raise ServiceError(errors={"kind": [_("Ukendt opdeling »%(kind)s«.") % {"kind": kind}]})
    _check_education(education, errors)
    _check_year(year, errors)
    allowed = breakdown_keys(kind)
    clean: dict[str, int] = {}
    for raw_key, count in counts.items():
        key = (raw_key or "").strip()
        if allowed is not None and key not in allowed:
            errors.setdefault(raw_key or "key", []).append(_key_error(kind, key))
            continue
        if allowed is None:
            if not key:
                errors.setdefault("key", []).append(
                    _("Skriv navnet på arbejdsstedet for antallet %(count)s.") % {"count": count}
                )
                continue
            if len(key) > MAX_PLACE_LENGTH:
                errors.setdefault(key, []).append(
                    _("Navnet »%(key)s« er for langt (højst 200 tegn).") % {"key": key[:40]}
                )
                continue
        if not isinstance(count, int) or isinstance(count, bool):
            errors.setdefault(key, []).append(_("Skriv et helt antal."))
            continue
        if count < 0:
            errors.setdefault(key, []).append(
                _("Antallet for »%(key)s« kan ikke være negativt.") % {"key": key}
            )
            continue
        if key in clean:
            errors.setdefault(key, []).append(_("»%(key)s« står to gange.") % {"key": key})
            continue
        if count:
            clean[key] = count
    _raise(errors)
    stored = BreakdownFigure.objects.filter(
        organisation=organisation, kind=kind, education=education, year=year
    )
    before = {f.key: f.count for f in stored.select_for_update()}
    if expected is not None and expected != state_digest(before):
        raise _changed_by_someone_else()
    if before == clean:
        return clean
    stored.exclude(key__in=list(clean)).delete()
    for key, count in clean.items():
        BreakdownFigure.objects.update_or_create(
            organisation=organisation,
            kind=kind,
            education=education,
            year=year,
            key=key,
            defaults={"count": count},
        )
    label = BreakdownKind(kind).label
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="breakdownfigure",
        object_id=f"{kind}/{education}/{year}",
        object_repr=f"{label} {_label(education, year)}",
        changes={
            key: [before.get(key), clean.get(key)]
            for key in sorted({*before, *clean})
            if before.get(key) != clean.get(key)
        },
    )
    return clean


# --- sick leave and required intake ----------------------------------------------------------


@transaction.atomic
def sick_leave_figure_set(
    *, organisation: Organisation, actor, education: str, year: int, rate: Decimal | None
) -> SickLeaveFigure | None:
    """Set the entered sick leave (%) of a year (education "" = all students); None removes it."""
    require_role(actor, organisation, EDIT_STRATEGY)
    errors: dict[str, list[str]] = {}
    _check_education(education, errors, blank=True)
    _check_year(year, errors)
    if rate is not None:
        rate = Decimal(rate)
        if not Decimal(0) <= rate <= Decimal(100):
            errors.setdefault("rate", []).append(
                _("Sygefraværet skal ligge mellem 0 og 100 procent.")
            )
        elif rate != rate.quantize(Decimal("0.01")):
            errors.setdefault("rate", []).append(_("Sygefraværet kan højst have to decimaler."))
    _raise(errors)
    existing = SickLeaveFigure.objects.filter(
        organisation=organisation, education=education, year=year
    ).first()
    old = existing.rate if existing is not None else None
    if old is not None and rate is not None and Decimal(old) == rate:
        return existing
    if old is None and rate is None:
        return None
    name = _("Sygefravær %(who)s %(year)d") % {
        "who": Education.short(education) if education else _("alle elever"),
        "year": year,
    }
    if rate is None:
        existing.delete()
        result = None
    elif existing is None:
        result = SickLeaveFigure.objects.create(
            organisation=organisation, education=education, year=year, rate=rate
        )
    else:
        existing.rate = rate
        existing.save(update_fields=["rate", "updated_at"])
        result = existing
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.DELETE
        if rate is None
        else (AuditAction.CREATE if old is None else AuditAction.UPDATE),
        object_type="sickleavefigure",
        object_id=f"{education or 'alle'}/{year}",
        object_repr=name,
        changes={"rate": [old, rate]},
    )
    return result


@transaction.atomic
def required_intake_set(
    *, organisation: Organisation, actor, education: str, year: int, required: int | None
) -> RequiredIntake | None:
    """Set the required intake (dimensionering) of an education in a year; None removes it."""
    require_role(actor, organisation, EDIT_STRATEGY)
    errors: dict[str, list[str]] = {}
    _check_education(education, errors)
    _check_year(year, errors)
    if required is not None and (
        not isinstance(required, int) or isinstance(required, bool) or required < 0
    ):
        errors.setdefault("required", []).append(
            _("Dimensioneringen skal være et helt antal, 0 eller mere.")
        )
    _raise(errors)
    existing = RequiredIntake.objects.filter(
        organisation=organisation, education=education, year=year
    ).first()
    old = existing.required if existing is not None else None
    if old == required:
        return existing
    if required is None:
        existing.delete()
        result = None
    elif existing is None:
        result = RequiredIntake.objects.create(
            organisation=organisation, education=education, year=year, required=required
        )
    else:
        existing.required = required
        existing.save(update_fields=["required", "updated_at"])
        result = existing
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.DELETE
        if required is None
        else (AuditAction.CREATE if old is None else AuditAction.UPDATE),
        object_type="requiredintake",
        object_id=f"{education}/{year}",
        object_repr=_("Dimensionering %(cohort)s") % {"cohort": _label(education, year)},
        changes={"required": [old, required]},
    )
    return result


@transaction.atomic
def year_figures_set(
    *,
    organisation: Organisation,
    actor,
    year: int,
    required: Mapping[str, int | None],
    sick: Mapping[str, Decimal | None],
    expected: str | None = None,
) -> None:
    """Set a year's required intake (``required``: {education: n}) and entered sick leave
    (``sick``: {"" for all students, or an education: %}) together. ``expected`` is the
    state_digest of year_state() as the user saw it: other figures stored meanwhile raise
    ConflictError. A field's problem is reported under ``required_<education>`` or
    ``sick_<education or all>``."""
    require_role(actor, organisation, EDIT_STRATEGY)
    # Lock the year's rows so that two saves of the same year run one after the other.
    list(RequiredIntake.objects.select_for_update().filter(organisation=organisation, year=year))
    list(SickLeaveFigure.objects.select_for_update().filter(organisation=organisation, year=year))
    if expected is not None and expected != state_digest(year_state(organisation, year)):
        raise _changed_by_someone_else()
    for education, value in required.items():
        try:
            required_intake_set(
                organisation=organisation,
                actor=actor,
                education=education,
                year=year,
                required=value,
            )
        except ConflictError:
            raise
        except ServiceError as exc:
            raise ServiceError(errors={f"required_{education}": exc.messages}) from exc
    for education, value in sick.items():
        try:
            sick_leave_figure_set(
                organisation=organisation,
                actor=actor,
                education=education,
                year=year,
                rate=value,
            )
        except ServiceError as exc:
            raise ServiceError(errors={f"sick_{education or 'all'}": exc.messages}) from exc
