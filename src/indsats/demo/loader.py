"""Load the demo organisations through the same services the UI uses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from indsats.budgets import services as budget_services
from indsats.calc.allocations import parse_allocation
from indsats.followup import services as followup_services
from indsats.indicators import services as indicator_services
from indsats.initiatives import services as initiative_services
from indsats.initiatives import services_effects as effect_services
from indsats.initiatives.models import Initiative
from indsats.initiatives.services import FactorInput
from indsats.organisations import services as org_services
from indsats.organisations.models import Organisation, Role

from . import ballerup, ballerup_followup, casebank, frederikssund

DEMO_PASSWORD = "indsats-demo"
DEMO_USERS = [
    # username, first name, last name, role
    ("demo", "Dorthe", "Konsulent", Role.ADMIN),
    ("leder", "Lars", "Leder", Role.MANAGER),
    ("politiker", "Pia", "Politiker", Role.READONLY),
]


def purge_organisation(organisation: Organisation) -> None:
    """Delete an organisation and everything in it, in the order its protected references need."""
    from indsats.budgets.models import BudgetNote
    from indsats.initiatives.models import CostFactor

    BudgetNote.objects.filter(organisation=organisation).delete()  # notes protect their units
    initiatives = Initiative.objects.filter(organisation=organisation)
    initiatives.update(selected_scenario=None)
    CostFactor.objects.filter(cost_line__initiative__organisation=organisation).delete()
    initiatives.delete()
    organisation.delete()


def demo_users(organisation: Organisation) -> None:
    User = get_user_model()
    for username, first, last, role in DEMO_USERS:
        user = User.objects.filter(username=username).first() or org_services.user_create(
            username=username, password=DEMO_PASSWORD, first_name=first, last_name=last
        )
        org_services.membership_set(actor=None, organisation=organisation, user=user, role=role)


@transaction.atomic
def load_ballerup(*, replace: bool = True) -> Organisation:
    """Create (or, with ``replace``, re-create) the ``ballerup`` demo organisation."""
    data = ballerup
    existing = Organisation.objects.filter(slug=data.ORGANISATION["slug"]).first()
    if existing and not replace:
        return existing
    if existing:
        purge_organisation(existing)
    org = org_services.organisation_create(actor=None, **data.ORGANISATION)
    for p in data.PARAMETERS:
        first_from, first_value = p["values"][0]
        param = org_services.parameter_create(
            actor=None,
            organisation=org,
            key=p["key"],
            name=p["name"],
            unit=p["unit"],
            description=p["description"],
            value=first_value,
            valid_from=dt.date.fromisoformat(first_from),
        )
        for valid_from, value in p["values"][1:]:
            org_services.parameter_value_set(
                actor=None,
                parameter=param,
                value=value,
                valid_from=dt.date.fromisoformat(valid_from),
            )
    units = {
        name: org_services.unit_get_or_create(actor=None, organisation=org, name=name)
        for name in data.UNITS
    }
    themes = {
        name: initiative_services.theme_get_or_create(
            actor=None, organisation=org, name=name, order=i
        )
        for i, name in enumerate(data.THEMES, start=1)
    }
    for item in data.INITIATIVES:
        initiative = initiative_services.initiative_create(
            organisation=org,
            actor=None,
            code=item["code"],
            title=item["title"],
            description=item.get("description", ""),
            purpose=item.get("purpose", ""),
            theme=themes[item["theme"]],
            unit=units.get(item.get("unit")),
            target_group=item.get("target_group", ""),
            professions=item.get("professions", ""),
            priority_step=item["step"],
            funding=item["funding"],
            state=ballerup_followup.STATES.get(item["code"], "proposed"),
            start_year=2020,
            end_year=item.get("end_year"),
            kl_recommendations=item.get("kl", []),
        )
        for line in item.get("cost_lines", []):
            factors = [
                FactorInput(
                    key=f["key"],
                    label=f["label"],
                    unit=f.get("unit", ""),
                    value=f.get("value"),
                    parameter_key=f.get("parameter"),
                )
                for f in line.get("factors", [])
            ]
            initiative_services.cost_line_save(
                initiative=initiative,
                actor=None,
                factors=factors,
                label=line["label"],
                category=line["category"],
                recurrence=line["recurrence"],
                start_year=line.get("start_year"),
                end_year=line.get("end_year"),
                stated_amount=line.get("stated"),
                note=line.get("note", ""),
            )
        first = None
        for name, values in item.get("scenarios", []):
            scenario = initiative_services.scenario_save(
                initiative=initiative, actor=None, name=name, values=values
            )
            first = first or scenario
        if first:
            initiative.refresh_from_db()
            initiative_services.initiative_update(
                initiative=initiative,
                actor=None,
                expected_version=initiative.version,
                selected_scenario=first,
            )
    for year, step, amount in data.BUDGET_FRAMES:
        initiative_services.budget_frame_set(
            organisation=org, actor=None, year=year, step=step, amount=amount
        )
    load_ballerup_effects(org)
    demo_users(org)
    load_ballerup_followup(org)
    return org


def load_ballerup_effects(org: Organisation) -> None:
    """Illustrative expected effects and dependencies, so the optimiser has something to weigh
    (marked illustrative: Ballerup's documents state no effects)."""
    data = ballerup
    units = {
        key: effect_services.effect_unit_save(
            actor=None, organisation=org, key=key, name=name, unit=unit, weight=weight, order=i
        )
        for i, (key, name, unit, weight) in enumerate(data.EFFECT_UNITS)
    }
    initiatives = {
        i.code: i for i in Initiative.objects.filter(organisation=org).prefetch_related("scenarios")
    }

    def put(initiative, scenario, by_unit):
        for key, (low, expected, high) in by_unit.items():
            effect_services.expected_effect_set(
                actor=None,
                organisation=org,
                initiative=initiative,
                effect_unit=units[key],
                scenario=scenario,
                low=Decimal(low),
                expected=Decimal(expected),
                high=Decimal(high),
                source=data.EFFECT_SOURCE,
                illustrative=True,
            )

    for code, spec in data.EXPECTED_EFFECTS.items():
        initiative = initiatives[code]
        if all(k in units for k in spec):
            put(initiative, None, spec)
            continue
        scenarios = {s.name: s for s in initiative.scenarios.all()}
        for name, by_unit in spec.items():
            put(initiative, scenarios[name], by_unit)
    for code, requires in data.DEPENDENCIES:
        effect_services.dependency_add(
            actor=None,
            organisation=org,
            initiative=initiatives[code],
            requires=initiatives[requires],
        )


def load_ballerup_followup(org: Organisation) -> None:
    """Budget notes, indicators and two status rounds for Ballerup's funded initiatives
    (demo/ballerup_followup.py), through the services. Every lookup is a dict built once. The
    funded initiatives got their lifecycle state (ballerup_followup.STATES) when created."""
    data = ballerup_followup
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["demo", "leder"])}
    consultant, manager = users["demo"], users["leder"]
    units = {u.name: u for u in org.units.all()}
    initiatives = {i.code: i for i in Initiative.objects.filter(organisation=org)}
    notes = {}
    for item in data.NOTES:
        note = budget_services.budget_note_create(
            organisation=org,
            actor=None,
            initiatives=[initiatives[c] for c in item["initiatives"]],
            code=item["code"],
            title=item["title"],
            budget_year=item["budget_year"],
            unit=units[item["unit"]],
            purpose=item["purpose"],
        )
        budget_services.allocation_set(
            note=note,
            actor=None,
            amounts=parse_allocation(item["allocation"]),
            price_level=item["price_level"],
        )
        for year, (amount, comment) in sorted(item["spending"].items()):
            budget_services.spending_set(
                note=note, actor=None, year=year, amount=amount, comment=comment
            )
        if item.get("funds"):
            budget_services.funded_scenarios_set(
                note=note,
                actor=None,
                scenarios=[
                    initiatives[code].scenarios.get(name=name)
                    for code, name in item["funds"].items()
                ],
            )
        notes[item["code"]] = note
    indicators = {}
    for order, item in enumerate(data.INDICATORS, start=1):
        kind, code = item["owner"] or (None, None)
        indicator = indicator_services.indicator_create(
            organisation=org,
            actor=None,
            name=item["name"],
            unit=item["unit"],
            direction=item["direction"],
            definition=item["definition"],
            source=item["source"],
            initiative=initiatives[code] if kind == "initiative" else None,
            budget_note=notes[code] if kind == "note" else None,
            order=order,
        )
        for year, value in sorted(item["history"].items()):
            indicator_services.indicator_value_add(
                indicator=indicator,
                actor=consultant,
                year=year,
                value=value,
                note=item["notes"].get(year, ""),
                recorded_on=data.HISTORY_RECORDED_ON,
            )
        if item["target"]:
            baseline, baseline_year, target, deadline = item["target"]
            indicator_services.target_set(
                indicator=indicator,
                actor=None,
                baseline_value=baseline,
                baseline_year=baseline_year,
                target_value=target,
                deadline_year=deadline,
            )
        indicators[item["key"]] = indicator
    reported = {}  # initiative code -> [indicator data]
    for item in data.INDICATORS:
        reported.setdefault(item["reported_by"], []).append(item)
    rounds = {}
    for code, accounts in data.STATUSES.items():
        for index, ((_label, as_of), (state, text)) in enumerate(
            zip(data.ROUNDS, accounts, strict=True)
        ):
            key = "april" if index == 0 else "october"
            values = [
                followup_services.ReportedValue(
                    indicator=indicators[item["key"]],
                    year=year,
                    value=value,
                    note=item["notes"].get(year, ""),
                )
                for item in reported.get(code, [])
                for year, value in sorted(item[key].items())
            ]
            rounds[code, index] = followup_services.status_update_create(
                initiative=initiatives[code],
                actor=manager,
                as_of=as_of,
                state=state,
                text=text,
                values=values,
            )
    fix = data.CORRECTION
    followup_services.status_update_create(
        initiative=initiatives[fix["code"]],
        actor=consultant,
        as_of=data.ROUNDS[fix["round"]][1],
        state=fix["state"],
        text=fix["text"],
        values=[
            followup_services.ReportedValue(indicator=indicators[key], year=year, value=value)
            for key, by_year in fix["values"].items()
            for year, value in by_year.items()
        ],
        corrects=rounds[fix["code"], fix["round"]],
    )
    load_ballerup_rounds(org)


# Owners of Ballerup's funded initiatives and two indicators (demo users by username).
OWNERS = {
    "1.1": "leder",
    "1.2": "leder",
    "2.4": "demo",
    "3.2": "leder",
    "3.3": "demo",
    "3.4": "demo",
}
DEMO_EMAILS = {"demo": "dorthe.konsulent@ballerup.dk", "leder": "lars.leder@ballerup.dk"}


def load_ballerup_rounds(org: Organisation, today: dt.date | None = None) -> None:
    """Owners, e-mail addresses, the two past status rounds (closed) and a current round due in
    five days in which 1.1 has reported and the others have not, so `indsats remind --org
    ballerup --dry-run` has someone to remind."""
    from django.utils import timezone

    from indsats.followup.models import StatusRound
    from indsats.indicators.models import Indicator

    today = today or timezone.localdate()
    data = ballerup_followup
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_EMAILS)}
    for username, address in DEMO_EMAILS.items():
        users[username].email = address
        users[username].save(update_fields=["email"])
    initiatives = {i.code: i for i in Initiative.objects.filter(organisation=org)}
    for code, username in OWNERS.items():
        initiative = initiatives[code]
        initiative_services.initiative_update(
            initiative=initiative,
            actor=None,
            expected_version=initiative.version,
            owner=users[username],
        )
    for indicator in Indicator.objects.filter(organisation=org, initiative__isnull=True)[:2]:
        Indicator.objects.filter(pk=indicator.pk).update(owner=users["demo"])
    for label, as_of in data.ROUNDS:
        past = followup_services.status_round_create(
            actor=None,
            organisation=org,
            name=label,
            as_of=as_of,
            due_date=as_of + dt.timedelta(days=14),
        )
        StatusRound.objects.filter(pk=past.pk).update(closed=True)
    as_of = today.replace(day=1)
    current = followup_services.status_round_create(
        actor=None,
        organisation=org,
        name=f"Status pr. {_MONTHS[as_of.month - 1]} {as_of.year}",
        as_of=as_of,
        due_date=today + dt.timedelta(days=5),
        remind_days_before=7,
        remind_days_after=2,
    )
    followup_services.status_update_create(
        initiative=initiatives["1.1"],
        actor=users["leder"],
        as_of=current.as_of,
        state="on_track",
        text=(
            "Frikøbet fortsætter på alle plejecentre og i hjemmeplejen.\n\n"
            "- Næste netværksmøde for praktikvejlederne er planlagt."
        ),
        values=[],
    )


_MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


@transaction.atomic
def load_all() -> list[Organisation]:
    ballerup_org = load_ballerup()
    frederikssund_org = load_frederikssund()
    neighbours = load_neighbours()
    return [ballerup_org, frederikssund_org, *neighbours, load_casebank(ballerup_org)]


# Frederikssund's education consultant, who works with the student records.
FREDERIKSSUND_CONSULTANT = ("elevkonsulent", "Emma", "Elevkonsulent", Role.CONSULTANT)


def _share_pipeline(org: Organisation) -> None:
    org_services.organisation_update(
        actor=None,
        organisation=org,
        name=org.name,
        budget_year=org.budget_year,
        price_level=org.price_level,
        share_pipeline=True,
    )


def _grant_student_access(organisation: Organisation, user) -> None:
    """Student-data access for a demo member (the system grants it, through the service)."""
    from indsats.organisations.models import Membership

    membership = Membership.objects.get(organisation=organisation, user=user)
    org_services.membership_student_access_set(
        actor=None, membership=membership, student_access=True
    )


@transaction.atomic
def load_frederikssund(*, replace: bool = True) -> Organisation:
    """Create (or, with ``replace``, re-create) the ``frederikssund`` demo organisation: its
    SOSU strategy (seed 002) with focus areas, initiatives, success criteria and national
    programmes, the required intake, and generated student records for 2019–2025 that give the
    strategy's published figures."""
    from indsats.strategies import services as strategy_services
    from indsats.students import services as student_services

    from .frederikssund_students import SOURCE, frederikssund_students

    data = frederikssund
    existing = Organisation.objects.filter(slug=data.ORGANISATION["slug"]).first()
    if existing and not replace:
        return existing
    if existing:
        purge_organisation(existing)
    org = org_services.organisation_create(actor=None, **data.ORGANISATION)
    demo_users(org)
    User = get_user_model()
    username, first, last, role = FREDERIKSSUND_CONSULTANT
    consultant = User.objects.filter(username=username).first() or org_services.user_create(
        username=username, password=DEMO_PASSWORD, first_name=first, last_name=last
    )
    org_services.membership_set(actor=None, organisation=org, user=consultant, role=role)
    for user in (User.objects.get(username=DEMO_USERS[0][0]), consultant):
        _grant_student_access(org, user)

    strategy = strategy_services.strategy_create(organisation=org, actor=None, **data.STRATEGY)
    initiatives: dict[str, Initiative] = {}
    areas = {}
    for order, (area_name, area_text, sections) in enumerate(data.FOCUS_AREAS, start=1):
        theme = initiative_services.theme_get_or_create(
            actor=None, organisation=org, name=area_name, order=order
        )
        area = strategy_services.focus_area_save(
            strategy=strategy, actor=None, name=area_name, description=area_text, order=order
        )
        areas[area_name] = area
        for section, items in sections:
            catalogue_area = initiative_services.focus_area_get_or_create(
                actor=None, organisation=org, name=section
            )
            for code, title, description, state in items:
                initiative = initiative_services.initiative_create(
                    organisation=org,
                    actor=None,
                    code=code,
                    title=title,
                    description=description,
                    theme=theme,
                    focus_area=catalogue_area,
                    funding="operations",
                    state="running" if state == data.STARTED else "proposed",
                    start_year=2024 if state == data.PLANNED else None,
                )
                initiatives[code] = initiative
                strategy_services.initiative_link(
                    focus_area=area, actor=None, initiative=initiative, state=state
                )
    for item in data.CRITERIA:
        fields = dict(item)
        fields["focus_area"] = areas[fields["focus_area"]]
        strategy_services.criterion_create(strategy=strategy, actor=None, **fields)
    for p_no, programme in enumerate(data.PROGRAMMES, start=1):
        saved = strategy_services.programme_save(
            strategy=strategy,
            actor=None,
            name=programme["name"],
            issuer=programme["issuer"],
            published=programme["published"],
        )
        for i_no, (text, responses) in enumerate(programme["items"], start=1):
            item = strategy_services.item_save(programme=saved, actor=None, text=text)
            for r_no, (r_text, status, year, note) in enumerate(responses, start=1):
                code = data.RESPONSE_INITIATIVES.get((p_no, i_no, r_no))
                strategy_services.response_create(
                    item=item,
                    actor=None,
                    text=r_text,
                    status=status,
                    status_year=year,
                    status_note=note,
                    initiative=initiatives[code] if code else None,
                )
    from indsats.students import services_totals

    for education, required in data.REQUIRED_INTAKE.items():
        for year in data.REQUIRED_YEARS:
            services_totals.required_intake_set(
                organisation=org, actor=None, education=education, year=year, required=required
            )
    student_services.student_records_apply(
        organisation=org, actor=None, students=frederikssund_students(), source=SOURCE
    )
    # Frederikssund shares its pipeline figures, so the comparison has it beside its neighbours.
    _share_pipeline(org)
    return org


def load_casebank(ballerup_org: Organisation) -> Organisation:
    """KL with its case bank editor, the eight cases of KL's case bank (seed 003) and Ballerup's
    case from its initiative 1.1, all through the case bank services. Re-running replaces the
    demo cases."""
    from indsats.casebank import services as case_services
    from indsats.casebank.models import Case, CaseStatus, MediaKind
    from indsats.indicators.models import Indicator

    data = casebank
    User = get_user_model()
    kl = Organisation.objects.filter(slug=data.KL["slug"]).first()
    if kl is None:
        kl = org_services.organisation_create(actor=None, **data.KL)
    username, first, last = data.EDITOR
    editor = User.objects.filter(username=username).first() or org_services.user_create(
        username=username, password=DEMO_PASSWORD, first_name=first, last_name=last
    )
    org_services.membership_set(actor=None, organisation=kl, user=editor, role=Role.EDITOR)

    ballerup_case = data.BALLERUP_CASE
    demo_keys = {(c["municipality"], c["title"]) for c in data.CASES}
    demo_keys.add((ballerup_org.name, ballerup_case["fields"]["title"]))
    stale = [c.pk for c in Case.objects.all() if (c.municipality, c.title) in demo_keys]
    Case.objects.filter(pk__in=stale).delete()

    for item in data.CASES:
        fields = {k: v for k, v in item.items() if k != "tags"}
        case_services.case_create(
            actor=editor,
            organisation=None,
            tags=item["tags"],
            status=CaseStatus.PUBLISHED,
            **fields,
        )

    consultant = User.objects.get(username=DEMO_USERS[0][0])
    initiative = Initiative.objects.get(organisation=ballerup_org, code=ballerup_case["initiative"])
    by_name = {
        i.name: i
        for i in Indicator.objects.filter(
            organisation=ballerup_org, name__in=ballerup_case["evidence"]
        )
    }
    case = case_services.case_create(
        actor=consultant,
        organisation=ballerup_org,
        tags=ballerup_case["tags"],
        evidence=[by_name[name] for name in ballerup_case["evidence"]],
        source_initiative=initiative,
        municipality=ballerup_org.name,
        **ballerup_case["fields"],
    )
    title, url = ballerup_case["video"]
    video = case_services.media_add(
        case=case, actor=consultant, kind=MediaKind.VIDEO, title=title, url=url
    )
    person, given_on = ballerup_case["consent"]
    case_services.consent_add(
        case=case, actor=consultant, person=person, given_on=given_on, media=[video]
    )
    case = case_services.case_transition(case=case, actor=consultant, action="submit")
    case_services.case_transition(case=case, actor=editor, action="approve")
    return kl


@transaction.atomic
def load_neighbours(*, replace: bool = True) -> list[Organisation]:
    """Five neighbouring municipalities that share their published cohort totals (entered, not
    student records; generated, deterministic), so that the national comparison has company."""
    from indsats.students import services_totals

    from .neighbours import NEIGHBOURS, cohort_totals, sick_leave

    orgs = []
    for slug, name, size in NEIGHBOURS:
        existing = Organisation.objects.filter(slug=slug).first()
        if existing and not replace:
            orgs.append(existing)
            continue
        if existing:
            purge_organisation(existing)
        org = org_services.organisation_create(actor=None, slug=slug, name=name)
        _share_pipeline(org)
        for totals in cohort_totals(slug, size):
            services_totals.cohort_figures_save(organisation=org, actor=None, **totals)
        for year, rate in sick_leave(slug):
            services_totals.sick_leave_figure_set(
                organisation=org, actor=None, education="", year=year, rate=rate
            )
        orgs.append(org)
    return orgs
