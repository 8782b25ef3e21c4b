"""The catalogue's only write path: every change is validated, audited in the same transaction,
refused for the wrong role or organisation, and guarded against overwriting somebody else's save."""

import datetime as dt
from decimal import Decimal

import pytest

from indsats.core.models import AuditLog
from indsats.core.services import ConflictError, PermissionDeniedError, ServiceError
from indsats.initiatives import selectors
from indsats.initiatives import services as svc
from indsats.initiatives.models import BudgetFrame, CostFactor, CostLine, Initiative, Scenario
from indsats.initiatives.services import FactorInput
from indsats.organisations import services as org_svc
from tests.factories import (
    CostLineFactory,
    InitiativeFactory,
    ParameterFactory,
    ParameterValueFactory,
    ThemeFactory,
    UnitFactory,
)

D = Decimal
RELEASE_FACTORS = [
    FactorInput(key="medarbejdere", label="Medarbejdere", unit="personer", value=D(1000)),
    FactorInput(key="timer", label="Timer pr. medarbejder", unit="timer", value=D(2)),
    FactorInput(
        key="timepris", label="Timepris, frikøb", unit="kr.", parameter_key="timepris_frikob"
    ),
]


@pytest.fixture
def theme(org):
    return ThemeFactory(
        organisation=org, name="Rekruttering til og fastholdelse i stillinger", order=1
    )


@pytest.fixture
def rate(org):
    parameter = ParameterFactory(organisation=org)
    ParameterValueFactory(parameter=parameter, valid_from=dt.date(2020, 1, 1), value=D("201.60"))
    return parameter


@pytest.fixture
def initiative(org, theme):
    return InitiativeFactory(
        organisation=org,
        theme=theme,
        code="3.2",
        title="Kompetenceudvikling af al plejepersonale til samarbejdet med pårørende",
        start_year=2020,
    )


def audit_rows(org):
    return list(AuditLog.objects.filter(organisation=org).order_by("id"))


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- initiatives ----------------------------------------------------------------------------


def test_creating_an_initiative_writes_one_audit_row_with_every_field_set(org, consultant, theme):
    initiative = svc.initiative_create(
        organisation=org,
        actor=consultant,
        code="3.1",
        title="Mulighed for udbetaling af søndagstillæg",
        theme=theme,
        priority_step=4,
        funding="separate",
        start_year=2020,
        kl_recommendations=[35],
    )
    (row,) = audit_rows(org)
    assert row.action == "create"
    assert row.actor == consultant
    assert row.actor_name == consultant.get_full_name()
    assert (row.object_type, row.object_id) == ("initiative", str(initiative.pk))
    assert (row.root_type, row.root_id) == ("initiative", str(initiative.pk))
    assert row.object_repr == "3.1 Mulighed for udbetaling af søndagstillæg"
    assert row.changes["code"] == [None, "3.1"]
    assert row.changes["title"] == [None, "Mulighed for udbetaling af søndagstillæg"]
    assert row.changes["theme"] == [None, "Rekruttering til og fastholdelse i stillinger"]
    assert row.changes["priority_step"] == [None, 4]
    assert row.changes["kl_recommendations"] == [None, "KL35"]
    assert "version" not in row.changes
    assert list(initiative.kl_recommendations.values_list("number", flat=True)) == [35]


def test_a_system_change_is_audited_without_a_user(org, theme):
    svc.initiative_create(
        organisation=org, actor=None, code="1.2", title="Efteruddannelse", theme=theme
    )
    (row,) = audit_rows(org)
    assert row.actor is None
    assert row.actor_name == "system"


def test_updating_the_title_records_old_and_new_title_only(org, consultant, initiative):
    old = initiative.title
    svc.initiative_update(
        initiative=initiative,
        actor=consultant,
        expected_version=1,
        title="Situationsteater for plejepersonale",
    )
    (row,) = audit_rows(org)
    assert row.action == "update"
    assert row.changes == {"title": [old, "Situationsteater for plejepersonale"]}
    stored = fresh(initiative)
    assert stored.title == "Situationsteater for plejepersonale"
    assert stored.version == 2
    assert initiative.version == 2


def test_updating_kl_recommendations_records_them_as_text(org, consultant, initiative):
    svc.initiative_update(
        initiative=initiative, actor=consultant, expected_version=1, kl_recommendations=[38, 23]
    )
    (row,) = audit_rows(org)
    assert row.changes == {"kl_recommendations": ["", "KL23, KL38"]}


def test_saving_an_unchanged_initiative_writes_no_audit_row(org, consultant, initiative):
    svc.initiative_update(
        initiative=initiative, actor=consultant, expected_version=1, title=initiative.title
    )
    assert audit_rows(org) == []


def test_deleting_an_initiative_writes_one_audit_row_and_removes_its_cost_lines(
    org, consultant, initiative
):
    CostLineFactory(initiative=initiative)
    title = initiative.title
    svc.initiative_delete(initiative=initiative, actor=consultant, expected_version=1)
    (row,) = audit_rows(org)
    assert row.action == "delete"
    assert row.changes["title"] == [title, None]
    assert row.changes["code"] == ["3.2", None]
    assert not Initiative.objects.filter(organisation=org).exists()
    assert not CostLine.objects.exists()


def test_deleting_an_initiative_with_a_selected_scenario_works(org, consultant, initiative):
    svc.cost_line_save(
        initiative=initiative,
        actor=consultant,
        label="Frikøb",
        category="release_time",
        recurrence="yearly",
        factors=[FactorInput(key="timer", label="Timer", value=D(5))],
    )
    scenario = svc.scenario_save(
        initiative=initiative, actor=consultant, name="10 timer", values={"timer": D(10)}
    )
    svc.initiative_update(
        initiative=initiative,
        actor=consultant,
        expected_version=initiative.version,
        selected_scenario=scenario,
    )
    svc.initiative_delete(initiative=initiative, actor=consultant)
    assert not Initiative.objects.exists()
    assert not Scenario.objects.exists()


def test_an_initiative_without_title_is_refused_and_nothing_is_written(org, consultant, theme):
    with pytest.raises(ServiceError) as excinfo:
        svc.initiative_create(organisation=org, actor=consultant, code="1.1", title="", theme=theme)
    assert "title" in excinfo.value.errors
    assert not Initiative.objects.exists()
    assert audit_rows(org) == []


def test_an_update_with_end_before_start_is_refused_and_nothing_changes(
    org, consultant, initiative
):
    with pytest.raises(ServiceError) as excinfo:
        svc.initiative_update(
            initiative=initiative,
            actor=consultant,
            expected_version=1,
            title="Nyt navn",
            end_year=2019,
        )
    assert excinfo.value.errors["end_year"] == ["Slutåret kan ikke ligge før startåret."]
    stored = fresh(initiative)
    assert stored.title != "Nyt navn"
    assert stored.end_year is None
    assert stored.version == 1
    assert audit_rows(org) == []


def test_a_stale_version_is_refused_and_nothing_changes(org, consultant, initiative):
    title = initiative.title
    svc.initiative_update(
        initiative=fresh(initiative),
        actor=consultant,
        expected_version=1,
        purpose="Færre opsigelser",
    )
    rows_before = len(audit_rows(org))
    with pytest.raises(ConflictError) as excinfo:
        svc.initiative_update(
            initiative=fresh(initiative), actor=consultant, expected_version=1, title="Mit navn"
        )
    assert "er blevet ændret af en anden" in str(excinfo.value)
    stored = fresh(initiative)
    assert stored.title == title
    assert stored.purpose == "Færre opsigelser"
    assert stored.version == 2
    assert len(audit_rows(org)) == rows_before


def test_deleting_with_a_stale_version_is_refused(org, consultant, initiative):
    svc.initiative_update(
        initiative=fresh(initiative), actor=consultant, expected_version=1, purpose="Ny"
    )
    with pytest.raises(ConflictError):
        svc.initiative_delete(initiative=fresh(initiative), actor=consultant, expected_version=1)
    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert [r.action for r in audit_rows(org)] == ["update"]


def test_deleting_through_an_outdated_copy_with_a_stale_version_is_refused(
    org, consultant, initiative
):
    opened = fresh(initiative)  # the delete page was opened at version 1
    svc.initiative_update(
        initiative=fresh(initiative), actor=consultant, expected_version=1, purpose="Ny"
    )
    with pytest.raises(ConflictError):
        svc.initiative_delete(initiative=opened, actor=consultant, expected_version=1)
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_a_duplicate_code_is_refused_with_a_danish_message_naming_it(
    org, consultant, theme, initiative
):
    with pytest.raises(ServiceError) as excinfo:
        svc.initiative_create(
            organisation=org, actor=consultant, code="3.2", title="Endnu en", theme=theme
        )
    assert excinfo.value.errors == {"code": ["Der findes allerede en indsats med nummer 3.2."]}
    assert Initiative.objects.filter(organisation=org).count() == 1
    assert audit_rows(org) == []


def test_renumbering_onto_an_existing_code_is_refused(org, consultant, theme, initiative):
    other = InitiativeFactory(organisation=org, theme=theme, code="3.3")
    with pytest.raises(ServiceError) as excinfo:
        svc.initiative_update(initiative=other, actor=consultant, expected_version=1, code="3.2")
    assert excinfo.value.errors["code"] == ["Der findes allerede en indsats med nummer 3.2."]
    assert fresh(other).code == "3.3"


def test_the_same_code_may_be_used_by_another_organisation(org, other_org, consultant, initiative):
    other_theme = ThemeFactory(organisation=other_org)
    created = svc.initiative_create(
        organisation=other_org, actor=None, code="3.2", title="Pårørende", theme=other_theme
    )
    assert created.code == initiative.code


def test_a_theme_of_another_organisation_is_refused(org, other_org, consultant):
    foreign = ThemeFactory(organisation=other_org)
    with pytest.raises(ServiceError) as excinfo:
        svc.initiative_create(
            organisation=org, actor=consultant, code="1.1", title="Frikøb", theme=foreign
        )
    assert excinfo.value.errors == {"theme": ["Værdien hører til en anden organisation."]}
    assert not Initiative.objects.exists()
    assert audit_rows(org) == []


def test_moving_an_initiative_to_a_unit_of_another_organisation_is_refused(
    org, other_org, consultant, initiative
):
    foreign = UnitFactory(organisation=other_org)
    with pytest.raises(ServiceError) as excinfo:
        svc.initiative_update(
            initiative=initiative, actor=consultant, expected_version=1, unit=foreign
        )
    assert "unit" in excinfo.value.errors
    assert fresh(initiative).unit is None


def test_selecting_a_scenario_of_another_initiative_is_refused(org, consultant, theme, initiative):
    other = InitiativeFactory(organisation=org, theme=theme, code="1.1")
    foreign = Scenario.objects.create(initiative=other, name="10 timer")
    with pytest.raises(ServiceError) as excinfo:
        svc.initiative_update(
            initiative=initiative, actor=consultant, expected_version=1, selected_scenario=foreign
        )
    assert excinfo.value.errors == {"selected_scenario": ["Scenariet hører til en anden indsats."]}


def test_unknown_fields_are_refused(org, consultant, theme):
    with pytest.raises(ServiceError, match="Ukendte felter: budget"):
        svc.initiative_create(
            organisation=org, actor=consultant, code="1.1", title="Frikøb", theme=theme, budget=1
        )


def test_kl_recommendations_outside_1_to_38_are_refused(org, consultant, theme):
    with pytest.raises(ServiceError) as excinfo:
        svc.initiative_create(
            organisation=org,
            actor=consultant,
            code="1.1",
            title="Frikøb",
            theme=theme,
            kl_recommendations=[39],
        )
    assert excinfo.value.errors == {"kl_recommendations": ["KL-anbefalinger går fra KL1 til KL38."]}
    assert not Initiative.objects.exists()
    assert audit_rows(org) == []


# --- permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["readonly", "manager"])
def test_a_member_who_may_not_edit_the_catalogue_is_refused_everywhere(
    org, make_member, theme, initiative, role
):
    member = make_member(org, role)
    attempts = [
        lambda: svc.initiative_create(
            organisation=org, actor=member, code="9.9", title="Nyt", theme=theme
        ),
        lambda: svc.initiative_update(
            initiative=initiative, actor=member, expected_version=1, title="Nyt"
        ),
        lambda: svc.initiative_delete(initiative=initiative, actor=member),
        lambda: svc.cost_line_save(
            initiative=initiative,
            actor=member,
            category="other",
            recurrence="yearly",
            stated_amount=D(1),
        ),
        lambda: svc.scenario_save(
            initiative=initiative, actor=member, name="Nyt", values={"timer": D(1)}
        ),
        lambda: svc.theme_get_or_create(actor=member, organisation=org, name="Nyt tema"),
        lambda: svc.budget_frame_set(
            organisation=org, actor=member, year=2020, step=1, amount=D(1)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDeniedError) as excinfo:
            attempt()
        assert excinfo.value.messages == ["Du har ikke rettighed til at foretage denne ændring."]
    stored = fresh(initiative)
    assert stored.title == initiative.title
    assert stored.version == 1
    assert Initiative.objects.count() == 1
    assert not CostLine.objects.exists()
    assert not BudgetFrame.objects.exists()
    assert audit_rows(org) == []


def test_an_admin_of_another_organisation_cannot_touch_this_catalogue(org, outsider, initiative):
    with pytest.raises(PermissionDeniedError):
        svc.initiative_update(
            initiative=initiative, actor=outsider, expected_version=1, title="Overtaget"
        )
    with pytest.raises(PermissionDeniedError):
        svc.initiative_delete(initiative=initiative, actor=outsider)
    assert fresh(initiative).title == initiative.title


def test_an_admin_may_edit_the_catalogue(org, admin_user, initiative):
    svc.initiative_update(
        initiative=initiative, actor=admin_user, expected_version=1, title="Nyt navn"
    )
    assert fresh(initiative).title == "Nyt navn"


# --- cost lines -----------------------------------------------------------------------------


def release_factor_record(hours: int) -> list[dict]:
    """RELEASE_FACTORS (with ``hours`` hours) as the audit record keeps them: with labels."""
    return [
        {"key": "medarbejdere", "label": "Medarbejdere", "value": "1000", "parameter": None,
         "unit": "personer"},
        {"key": "timer", "label": "Timer pr. medarbejder", "value": str(hours), "parameter": None,
         "unit": "timer"},
        {"key": "timepris", "label": "Timepris, frikøb", "value": None,
         "parameter": "timepris_frikob", "unit": "kr."},
    ]  # fmt: skip


def test_a_cost_line_with_a_formula_is_audited_on_its_initiative(org, consultant, initiative, rate):
    line = svc.cost_line_save(
        initiative=initiative,
        actor=consultant,
        factors=RELEASE_FACTORS,
        label="Frikøb",
        category="release_time",
        recurrence="one_time",
        stated_amount=D("403000"),
    )
    (row,) = audit_rows(org)
    assert row.action == "create"
    assert (row.object_type, row.object_id) == ("costline", str(line.pk))
    assert (row.root_type, row.root_id) == ("initiative", str(initiative.pk))
    assert row.changes["label"] == [None, "Frikøb"]
    assert row.changes["stated_amount"] == [None, "403000.00"]
    assert row.changes["factors"] == [None, release_factor_record(2)]
    factors = list(line.factors.order_by("order"))
    assert [(f.key, f.value, f.parameter) for f in factors] == [
        ("medarbejdere", D(1000), None),
        ("timer", D(2), None),
        ("timepris", None, rate),
    ]


def test_updating_a_cost_line_records_only_what_changed(org, consultant, initiative, rate):
    line = svc.cost_line_save(
        initiative=initiative,
        actor=consultant,
        factors=RELEASE_FACTORS,
        label="Frikøb",
        category="release_time",
        recurrence="one_time",
        stated_amount=D("403000"),
    )
    stored = CostLine.objects.get(pk=line.pk)
    factors = [
        *RELEASE_FACTORS[:1],
        FactorInput(key="timer", label="Timer pr. medarbejder", unit="timer", value=D(3)),
        RELEASE_FACTORS[2],
    ]
    svc.cost_line_save(
        initiative=initiative,
        actor=consultant,
        line=stored,
        expected_version=stored.version,
        factors=factors,
        label="Frikøb",
        category="release_time",
        recurrence="one_time",
        stated_amount=D("403000"),
        note="Situationsteater i 3 timer",
    )
    row = audit_rows(org)[-1]
    assert row.action == "update"
    assert row.changes == {
        "note": ["", "Situationsteater i 3 timer"],
        "factors": [release_factor_record(2), release_factor_record(3)],
    }
    assert CostFactor.objects.get(cost_line=line, key="timer").value == D(3)


def test_updating_a_cost_line_opened_on_an_older_version_is_refused(org, consultant, initiative):
    line = svc.cost_line_save(
        initiative=initiative,
        actor=consultant,
        label="Kursus",
        category="course_purchase",
        recurrence="one_time",
        stated_amount=D("226500"),
    )
    svc.cost_line_save(
        initiative=initiative,
        actor=consultant,
        line=fresh(line),
        expected_version=1,
        label="Kursus",
        category="course_purchase",
        recurrence="one_time",
        stated_amount=D("230000"),
    )
    with pytest.raises(ConflictError):
        svc.cost_line_save(
            initiative=initiative,
            actor=consultant,
            line=fresh(line),
            expected_version=1,
            label="Kursus",
            category="course_purchase",
            recurrence="one_time",
            stated_amount=D("100"),
        )
    assert fresh(line).stated_amount == D("230000")


def test_deleting_a_cost_line_is_audited_and_bumps_the_initiative(org, consultant, initiative):
    line = svc.cost_line_save(
        initiative=initiative,
        actor=consultant,
        label="Kursus",
        category="course_purchase",
        recurrence="one_time",
        stated_amount=D("226500"),
    )
    version = fresh(initiative).version
    svc.cost_line_delete(line=fresh(line), actor=consultant)
    row = audit_rows(org)[-1]
    assert row.action == "delete"
    assert row.changes["stated_amount"] == ["226500.00", None]
    assert not CostLine.objects.exists()
    assert fresh(initiative).version == version + 1


def test_saving_a_cost_line_refuses_an_initiative_form_opened_before(org, consultant, initiative):
    opened_at = fresh(initiative).version
    svc.cost_line_save(
        initiative=initiative,
        actor=consultant,
        label="Kursus",
        category="course_purchase",
        recurrence="one_time",
        stated_amount=D("226500"),
    )
    assert fresh(initiative).version == opened_at + 1
    with pytest.raises(ConflictError):
        svc.initiative_update(
            initiative=fresh(initiative), actor=consultant, expected_version=opened_at, title="Nyt"
        )
    assert fresh(initiative).title == initiative.title


def test_saving_a_cost_line_through_an_outdated_copy_still_moves_the_version_on(
    org, consultant, initiative
):
    outdated = fresh(initiative)  # loaded at version 1
    svc.initiative_update(
        initiative=fresh(initiative), actor=consultant, expected_version=1, purpose="Ny"
    )
    opened_at = fresh(initiative).version  # somebody opens the form at version 2
    svc.cost_line_save(
        initiative=outdated,
        actor=consultant,
        label="Kursus",
        category="course_purchase",
        recurrence="one_time",
        stated_amount=D("226500"),
    )
    assert fresh(initiative).version > opened_at
    with pytest.raises(ConflictError):
        svc.initiative_update(
            initiative=fresh(initiative), actor=consultant, expected_version=opened_at, title="Nyt"
        )


def test_a_cost_line_with_neither_amount_nor_factors_is_refused(org, consultant, initiative):
    with pytest.raises(ServiceError) as excinfo:
        svc.cost_line_save(
            initiative=initiative,
            actor=consultant,
            label="Kursus",
            category="course_purchase",
            recurrence="one_time",
        )
    assert excinfo.value.errors == {
        "stated_amount": ["Angiv et beløb eller en formel (mindst én faktor)."]
    }
    assert not CostLine.objects.exists()
    assert audit_rows(org) == []
    assert fresh(initiative).version == 1


def test_a_one_time_cost_line_with_a_period_is_refused(org, consultant, initiative):
    with pytest.raises(ServiceError) as excinfo:
        svc.cost_line_save(
            initiative=initiative,
            actor=consultant,
            label="Kursus",
            category="course_purchase",
            recurrence="one_time",
            stated_amount=D("226500"),
            start_year=2020,
            end_year=2022,
        )
    assert excinfo.value.errors == {
        "start_year": ["Et engangsbeløb har ét år, ikke en periode. Brug feltet »år«."]
    }
    assert not CostLine.objects.exists()
    assert audit_rows(org) == []


def test_a_yearly_cost_line_with_a_single_year_is_refused(org, consultant, initiative):
    with pytest.raises(ServiceError) as excinfo:
        svc.cost_line_save(
            initiative=initiative,
            actor=consultant,
            label="Frikøb",
            category="release_time",
            recurrence="yearly",
            stated_amount=D("480000"),
            year=2020,
        )
    assert "year" in excinfo.value.errors
    assert not CostLine.objects.exists()


def test_a_yearly_cost_line_ending_before_it_starts_is_refused_in_danish(
    org, consultant, initiative
):
    with pytest.raises(ServiceError) as excinfo:
        svc.cost_line_save(
            initiative=initiative,
            actor=consultant,
            label="Elderlearn",
            category="other",
            recurrence="yearly",
            stated_amount=D("135000"),
            start_year=2022,
            end_year=2020,
        )
    assert excinfo.value.errors == {"end_year": ["Slutåret kan ikke ligge før startåret."]}
    assert not CostLine.objects.exists()


def test_a_factor_with_both_value_and_parameter_is_refused(org, consultant, initiative, rate):
    factors = [
        FactorInput(
            key="timepris",
            label="Timepris",
            unit="kr.",
            value=D("201.60"),
            parameter_key="timepris_frikob",
        )
    ]
    with pytest.raises(ServiceError) as excinfo:
        svc.cost_line_save(
            initiative=initiative,
            actor=consultant,
            factors=factors,
            label="Frikøb",
            category="release_time",
            recurrence="yearly",
        )
    assert excinfo.value.errors == {
        "factors": ["Faktor 1: angiv enten en værdi eller en parameter, ikke begge."]
    }
    assert not CostLine.objects.exists()
    assert audit_rows(org) == []


@pytest.mark.parametrize(
    ("factor", "message"),
    [
        (FactorInput(key="timer", label="Timer"), "Faktor 1 mangler en værdi."),
        (FactorInput(key="timer", label="", value=D(2)), "Faktor 1 mangler en betegnelse."),
        (
            FactorInput(key="timer", label="Timer", value=D(-2)),
            "Faktor 1: værdien kan ikke være negativ.",
        ),
        (
            FactorInput(key="Timer", label="Timer", value=D(2)),
            "Faktor 1: nøglen »Timer« må kun indeholde små bogstaver a-z, tal og _.",
        ),
        (
            FactorInput(key="tæller", label="Tæller", value=D(2)),
            "Faktor 1: nøglen »tæller« må kun indeholde små bogstaver a-z, tal og _.",
        ),
        (
            FactorInput(key="2_timer", label="Timer", value=D(2)),
            "Faktor 1: nøglen »2_timer« må kun indeholde små bogstaver a-z, tal og _.",
        ),
        (
            FactorInput(key="sats", label="Sats", parameter_key="ukendt"),
            "Faktor 1: parameteren »ukendt« findes ikke.",
        ),
    ],
)
def test_a_bad_factor_is_refused_with_a_message_naming_it(
    org, consultant, initiative, factor, message
):
    with pytest.raises(ServiceError) as excinfo:
        svc.cost_line_save(
            initiative=initiative,
            actor=consultant,
            factors=[factor],
            label="Frikøb",
            category="release_time",
            recurrence="yearly",
        )
    assert excinfo.value.errors == {"factors": [message]}
    assert not CostLine.objects.exists()


def test_a_parameter_of_another_organisation_cannot_be_used_in_a_formula(
    org, other_org, consultant, initiative
):
    ParameterValueFactory(parameter=ParameterFactory(organisation=other_org, key="timepris_frikob"))
    with pytest.raises(ServiceError) as excinfo:
        svc.cost_line_save(
            initiative=initiative,
            actor=consultant,
            factors=RELEASE_FACTORS,
            label="Frikøb",
            category="release_time",
            recurrence="yearly",
        )
    assert excinfo.value.errors == {
        "factors": ["Faktor 3: parameteren »timepris_frikob« findes ikke."]
    }


def test_a_factor_key_used_twice_in_a_line_is_refused(org, consultant, initiative):
    factors = [
        FactorInput(key="timer", label="Timer", value=D(2)),
        FactorInput(key="timer", label="Timer igen", value=D(3)),
    ]
    with pytest.raises(ServiceError) as excinfo:
        svc.cost_line_save(
            initiative=initiative,
            actor=consultant,
            factors=factors,
            label="Frikøb",
            category="release_time",
            recurrence="yearly",
        )
    assert excinfo.value.errors == {"factors": ["Faktor 2: nøglen »timer« er brugt to gange."]}


# --- scenarios ------------------------------------------------------------------------------


@pytest.fixture
def supervisor_line(initiative, consultant, rate):
    return svc.cost_line_save(
        initiative=initiative,
        actor=consultant,
        label="Frikøb af praktikvejledere",
        category="release_time",
        recurrence="yearly",
        factors=[
            FactorInput(
                key="praktikvejledere", label="Praktikvejledere", unit="personer", value=D(100)
            ),
            FactorInput(key="timer_pr_md", label="Timer pr. måned", unit="timer", value=D(5)),
            FactorInput(key="maaneder", label="Måneder pr. år", unit="mdr.", value=D(10)),
            FactorInput(
                key="timepris", label="Timepris", unit="kr.", parameter_key="timepris_frikob"
            ),
        ],
    )


def test_saving_a_scenario_is_audited_and_refuses_a_form_opened_before(
    org, consultant, initiative, supervisor_line
):
    opened_at = fresh(initiative).version
    scenario = svc.scenario_save(
        initiative=initiative,
        actor=consultant,
        name="10 timer pr. md.",
        values={"timer_pr_md": D(10)},
    )
    row = audit_rows(org)[-1]
    assert row.action == "create"
    assert (row.object_type, row.root_id) == ("scenario", str(initiative.pk))
    assert row.changes == {"name": [None, "10 timer pr. md."], "timer_pr_md": [None, "10"]}
    assert list(scenario.values.values_list("key", "value")) == [("timer_pr_md", D(10))]
    assert fresh(initiative).version == opened_at + 1
    with pytest.raises(ConflictError):
        svc.initiative_update(
            initiative=fresh(initiative), actor=consultant, expected_version=opened_at, title="Nyt"
        )


def test_updating_a_scenario_records_the_changed_value(
    org, consultant, initiative, supervisor_line
):
    scenario = svc.scenario_save(
        initiative=initiative,
        actor=consultant,
        name="10 timer pr. md.",
        values={"timer_pr_md": D(10)},
    )
    svc.scenario_save(
        initiative=initiative,
        actor=consultant,
        scenario=fresh(scenario),
        expected_version=1,
        name="15 timer pr. md.",
        values={"timer_pr_md": D(15)},
    )
    row = audit_rows(org)[-1]
    assert row.action == "update"
    assert row.changes == {
        "name": ["10 timer pr. md.", "15 timer pr. md."],
        "timer_pr_md": ["10", "15"],
    }


def test_a_scenario_with_a_key_that_is_not_a_factor_is_refused(
    org, consultant, initiative, supervisor_line
):
    rows = len(audit_rows(org))
    with pytest.raises(ServiceError) as excinfo:
        svc.scenario_save(
            initiative=initiative, actor=consultant, name="Dobbelt løn", values={"loen": D(2)}
        )
    assert excinfo.value.errors == {
        "values": [
            "»loen« er ikke en faktor i indsatsens formler "
            "(kendte: maaneder, praktikvejledere, timepris, timer_pr_md)."
        ]
    }
    assert not Scenario.objects.exists()
    assert len(audit_rows(org)) == rows


def test_a_scenario_without_name_or_values_is_refused(org, consultant, initiative, supervisor_line):
    with pytest.raises(ServiceError) as excinfo:
        svc.scenario_save(initiative=initiative, actor=consultant, name=" ", values={})
    assert excinfo.value.errors == {
        "name": ["Giv scenariet et navn, fx »10 timer pr. md.«."],
        "values": ["Et scenarie skal ændre mindst én faktor."],
    }


def test_two_scenarios_with_the_same_name_are_refused(org, consultant, initiative, supervisor_line):
    svc.scenario_save(
        initiative=initiative, actor=consultant, name="10 timer", values={"timer_pr_md": D(10)}
    )
    with pytest.raises(ServiceError) as excinfo:
        svc.scenario_save(
            initiative=initiative, actor=consultant, name="10 timer", values={"timer_pr_md": D(15)}
        )
    assert excinfo.value.errors == {
        "name": ["Indsatsen har allerede et scenarie med navnet »10 timer«."]
    }
    assert Scenario.objects.count() == 1


def test_deleting_a_selected_scenario_clears_the_selection(
    org, consultant, initiative, supervisor_line
):
    scenario = svc.scenario_save(
        initiative=initiative, actor=consultant, name="10 timer", values={"timer_pr_md": D(10)}
    )
    svc.initiative_update(
        initiative=fresh(initiative),
        actor=consultant,
        expected_version=fresh(initiative).version,
        selected_scenario=scenario,
    )
    svc.scenario_delete(scenario=fresh(scenario), actor=consultant)
    assert fresh(initiative).selected_scenario is None
    assert audit_rows(org)[-1].changes == {"name": ["10 timer", None]}


# --- budget frames and themes ---------------------------------------------------------------


def test_a_budget_frame_is_set_changed_and_removed_with_an_audit_row_each(org, consultant):
    svc.budget_frame_set(organisation=org, actor=consultant, year=2020, step=1, amount=D("1700000"))
    svc.budget_frame_set(organisation=org, actor=consultant, year=2020, step=1, amount=D("1800000"))
    assert BudgetFrame.objects.get(organisation=org, year=2020, step=1).amount == D("1800000")
    svc.budget_frame_set(organisation=org, actor=consultant, year=2020, step=1, amount=None)
    assert not BudgetFrame.objects.exists()
    assert [(r.action, r.changes) for r in audit_rows(org)] == [
        ("create", {"amount": [None, "1700000.00"]}),
        ("update", {"amount": ["1700000.00", "1800000.00"]}),
        ("delete", {"amount": ["1800000.00", None]}),
    ]


def test_a_negative_budget_frame_is_refused(org, consultant):
    with pytest.raises(ServiceError) as excinfo:
        svc.budget_frame_set(organisation=org, actor=consultant, year=2020, step=1, amount=D("-1"))
    assert excinfo.value.errors == {"amount": ["Beløbsrammen kan ikke være negativ."]}
    assert not BudgetFrame.objects.exists()
    assert audit_rows(org) == []


def test_theme_get_or_create_finds_an_existing_theme_regardless_of_case(org, consultant, theme):
    found = svc.theme_get_or_create(
        actor=consultant, organisation=org, name="  rekruttering til og fastholdelse i stillinger "
    )
    assert found == theme
    assert audit_rows(org) == []
    created = svc.theme_get_or_create(actor=consultant, organisation=org, name="Ledelse")
    assert created.order == 2
    (row,) = audit_rows(org)
    assert row.changes["name"] == [None, "Ledelse"]


# --- hourly rates over time -----------------------------------------------------------------


def test_a_new_hourly_rate_recomputes_later_years_and_leaves_earlier_ones(org, consultant, theme):
    rate = org_svc.parameter_create(
        actor=consultant,
        organisation=org,
        key="timepris_frikob",
        name="Timepris, frikøb",
        unit="kr.",
        value=D("201.60"),
        valid_from=dt.date(2020, 1, 1),
    )
    initiative = svc.initiative_create(
        organisation=org,
        actor=consultant,
        code="1.1",
        title="Frikøb af praktikvejledere",
        theme=theme,
        priority_step=1,
        start_year=2026,
    )
    svc.cost_line_save(
        initiative=initiative,
        actor=consultant,
        label="Frikøb",
        category="release_time",
        recurrence="yearly",
        factors=[
            FactorInput(
                key="praktikvejledere", label="Praktikvejledere", unit="personer", value=D(100)
            ),
            FactorInput(key="timer_pr_md", label="Timer pr. måned", unit="timer", value=D(5)),
            FactorInput(key="maaneder", label="Måneder", unit="mdr.", value=D(10)),
            FactorInput(
                key="timepris", label="Timepris", unit="kr.", parameter_key="timepris_frikob"
            ),
        ],
    )

    def yearly_cost(year):
        overview = selectors.prioritisation_overview(organisation=org, year=year)
        (step,) = overview.steps
        (row,) = step.rows
        assert row.error == ""
        return row.cost.yearly, step.total.cost.yearly, overview.parameters["timepris_frikob"]

    assert yearly_cost(2026) == (D("1008000.00"), D("1008000.00"), D("201.60"))
    org_svc.parameter_value_set(
        actor=consultant, parameter=rate, value=D("210.00"), valid_from=dt.date(2027, 1, 1)
    )
    assert yearly_cost(2026) == (D("1008000.00"), D("1008000.00"), D("201.60"))
    assert yearly_cost(2027) == (D("1050000.00"), D("1050000.00"), D("210.00"))
    assert yearly_cost(2030) == (D("1050000.00"), D("1050000.00"), D("210.00"))
