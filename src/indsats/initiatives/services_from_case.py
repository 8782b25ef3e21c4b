"""»Brug denne case«: a published case copied into an organisation's catalogue as a proposed
initiative (title, description, purpose, KL references, and the cost lines and scenarios when
the case came from an initiative), with the source case linked."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from indsats.core.services import AuditAction, ServiceError, audit
from indsats.organisations.models import (
    EDIT_CATALOGUE,
    Organisation,
    Parameter,
    ParameterValue,
    parameter_values_for_year,
)
from indsats.organisations.services import require_role

from . import services
from .choices import LifecycleState
from .models import Initiative

CASE_THEME = "Fra casebanken"


def _free_code(organisation: Organisation) -> str:
    taken = set(Initiative.objects.filter(organisation=organisation).values_list("code", flat=True))
    n = 1
    while f"C{n}" in taken:
        n += 1
    return f"C{n}"


@transaction.atomic
def initiative_from_case(*, actor, organisation: Organisation, case) -> Initiative:
    """Copy a published case into ``organisation``'s catalogue as a proposed initiative."""
    from indsats.casebank.models import CaseStatus

    require_role(actor, organisation, EDIT_CATALOGUE)
    if case.status != CaseStatus.PUBLISHED:
        raise ServiceError(_("Kun offentliggjorte cases kan bruges."))
    source = case.source_initiative
    theme = services.theme_get_or_create(actor=actor, organisation=organisation, name=CASE_THEME)
    description = "\n\n".join(t for t in (case.summary, case.core) if t)
    initiative = services.initiative_create(
        organisation=organisation,
        actor=actor,
        code=_free_code(organisation),
        title=case.title[:300],
        description=description,
        purpose=case.problem or (source.purpose if source else ""),
        theme=theme,
        state=LifecycleState.PROPOSED,
        start_year=source.start_year if source else None,
        end_year=source.end_year if source else None,
        kl_recommendations=[k.number for k in source.kl_recommendations.all()] if source else [],
    )
    if source is not None:
        _copy_costs(actor, organisation, source, initiative)
    Initiative.objects.filter(pk=initiative.pk).update(source_case=case)
    initiative.refresh_from_db()
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=initiative,
        changes={"source_case": [None, case.title]},
    )
    return initiative


def _copy_costs(actor, organisation, source: Initiative, target: Initiative) -> None:
    """Cost lines and scenarios of the case's initiative. A factor that read a parameter of the
    other organisation reads the same-named parameter here when there is one; otherwise it
    keeps the value it had there, as a number."""
    own = set(Parameter.objects.filter(organisation=organisation).values_list("key", flat=True))
    year = source.start_year or source.organisation.budget_year
    theirs = parameter_values_for_year(
        list(
            ParameterValue.objects.filter(
                parameter__organisation=source.organisation
            ).select_related("parameter")
        ),
        year,
    )
    for line in source.cost_lines.prefetch_related("factors__parameter"):
        factors = []
        for f in line.factors.all():
            key = f.parameter.key if f.parameter_id else None
            factors.append(
                services.FactorInput(
                    key=f.key,
                    label=f.label,
                    unit=f.unit,
                    value=None if key in own else (f.value if key is None else theirs.get(key)),
                    parameter_key=key if key in own else None,
                )
            )
        services.cost_line_save(
            initiative=target,
            actor=actor,
            factors=factors,
            label=line.label,
            category=line.category,
            recurrence=line.recurrence,
            year=line.year,
            start_year=line.start_year,
            end_year=line.end_year,
            stated_amount=line.stated_amount,
            note=line.note,
        )
    for scenario in source.scenarios.prefetch_related("values"):
        services.scenario_save(
            initiative=target,
            actor=actor,
            name=scenario.name,
            values={v.key: v.value for v in scenario.values.all()},
        )


def adoption_count(case) -> int:
    """How many organisations took the case into their catalogue (a count, no names)."""
    return (
        Initiative.objects.filter(source_case=case)
        .exclude(organisation_id=case.organisation_id)
        .values("organisation_id")
        .distinct()
        .count()
    )
