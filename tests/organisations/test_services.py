"""Writes for organisations, members, units, shared parameters and API tokens."""

import datetime as dt
from decimal import Decimal

import pytest

from indsats.core.models import AuditLog
from indsats.core.services import ConflictError, PermissionDeniedError, ServiceError
from indsats.organisations import services as svc
from indsats.organisations.models import (
    ApiToken,
    Membership,
    Organisation,
    Parameter,
    ParameterValue,
    Unit,
    parameter_values_for_year,
)
from tests.factories import ParameterFactory, ParameterValueFactory, UserFactory

D = Decimal


def audit_rows(org):
    return list(AuditLog.objects.filter(organisation=org).order_by("id"))


@pytest.fixture
def rate(org):
    parameter = ParameterFactory(organisation=org)
    ParameterValueFactory(parameter=parameter, valid_from=dt.date(2020, 1, 1), value=D("201.60"))
    return parameter


# --- parameter values over time -------------------------------------------------------------


def values(*rows):
    """Unsaved ParameterValue rows: (key, valid_from, value)."""
    return [
        ParameterValue(
            parameter=Parameter(key=key),
            valid_from=dt.date.fromisoformat(valid_from),
            value=D(value),
        )
        for key, valid_from, value in rows
    ]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2020, D("201.60")),
        (2026, D("201.60")),
        (2027, D("210.00")),
        (2028, D("215.00")),  # the mid-2027 rate is in force on 1 January 2028
        (2035, D("215.00")),
        (2019, D("201.60")),  # before the first value: the earliest one
    ],
)
def test_the_value_in_force_on_1_january_is_used_for_the_year(year, expected):
    rows = values(
        ("timepris_frikob", "2027-01-01", "210.00"),
        ("timepris_frikob", "2020-01-01", "201.60"),
        ("timepris_frikob", "2027-07-01", "215.00"),
    )
    assert parameter_values_for_year(rows, year) == {"timepris_frikob": expected}


def test_each_parameter_gets_its_own_value_for_the_year():
    rows = values(
        ("timepris_frikob", "2020-01-01", "201.60"),
        ("timepris_undervisning", "2024-01-01", "350.00"),
        ("timepris_frikob", "2024-01-01", "205.00"),
        ("timepris_undervisning", "2026-01-01", "360.00"),
    )
    assert parameter_values_for_year(rows, 2025) == {
        "timepris_frikob": D("205.00"),
        "timepris_undervisning": D("350.00"),
    }


def test_a_parameter_without_values_is_not_in_the_year():
    assert parameter_values_for_year([], 2026) == {}


def test_setting_a_value_from_a_date_keeps_the_earlier_value(org, consultant, rate):
    pv = svc.parameter_value_set(
        actor=consultant, parameter=rate, value=D("210.00"), valid_from=dt.date(2027, 1, 1)
    )
    assert pv.pk is not None
    stored = list(rate.values.order_by("valid_from").values_list("valid_from", "value"))
    assert stored == [(dt.date(2020, 1, 1), D("201.60")), (dt.date(2027, 1, 1), D("210.00"))]
    (row,) = audit_rows(org)
    assert row.action == "update"
    assert (row.object_type, row.object_id) == ("parameter", str(rate.pk))
    assert row.changes == {"value": [None, "210.0000"], "valid_from": [None, "2027-01-01"]}


def test_setting_a_value_on_an_existing_date_replaces_it_and_records_the_old_value(
    org, consultant, rate
):
    svc.parameter_value_set(
        actor=consultant, parameter=rate, value=D("202.00"), valid_from=dt.date(2020, 1, 1)
    )
    assert list(rate.values.values_list("value", flat=True)) == [D("202.00")]
    (row,) = audit_rows(org)
    assert row.changes["value"] == ["201.6000", "202.0000"]


def test_every_new_value_moves_the_parameter_version_on(org, consultant, rate):
    opened_at = Parameter.objects.get(pk=rate.pk).version
    svc.parameter_value_set(
        actor=consultant, parameter=rate, value=D("210"), valid_from=dt.date(2027, 1, 1)
    )
    svc.parameter_value_set(
        actor=consultant, parameter=rate, value=D("215"), valid_from=dt.date(2028, 1, 1)
    )
    assert Parameter.objects.get(pk=rate.pk).version == opened_at + 2
    with pytest.raises(ConflictError):
        svc.parameter_update(
            actor=consultant,
            parameter=Parameter.objects.get(pk=rate.pk),
            expected_version=opened_at + 1,
            name="Ny",
        )


def test_a_negative_value_is_refused_and_nothing_is_written(org, consultant, rate):
    with pytest.raises(ServiceError) as excinfo:
        svc.parameter_value_set(
            actor=consultant, parameter=rate, value=D("-1"), valid_from=dt.date(2027, 1, 1)
        )
    assert excinfo.value.errors == {"value": ["Værdien skal være et tal på 0 eller derover."]}
    assert rate.values.count() == 1
    assert audit_rows(org) == []


@pytest.mark.parametrize("role", ["readonly", "manager"])
def test_a_member_who_may_not_edit_cannot_change_a_rate(org, make_member, rate, role):
    member = make_member(org, role)
    with pytest.raises(PermissionDeniedError):
        svc.parameter_value_set(
            actor=member, parameter=rate, value=D("210"), valid_from=dt.date(2027, 1, 1)
        )
    with pytest.raises(PermissionDeniedError):
        svc.parameter_create(
            actor=member,
            organisation=org,
            key="km_sats",
            name="Kilometersats",
            value=D("3.79"),
            valid_from=dt.date(2026, 1, 1),
        )
    assert rate.values.count() == 1
    assert not Parameter.objects.filter(key="km_sats").exists()
    assert audit_rows(org) == []


def test_an_admin_of_another_organisation_cannot_change_a_rate(org, outsider, rate):
    with pytest.raises(PermissionDeniedError):
        svc.parameter_value_set(
            actor=outsider, parameter=rate, value=D("1"), valid_from=dt.date(2027, 1, 1)
        )
    assert rate.values.count() == 1


# --- parameters -----------------------------------------------------------------------------


def test_creating_a_parameter_stores_its_first_value_and_one_audit_row(org, admin_user):
    param = svc.parameter_create(
        actor=admin_user,
        organisation=org,
        key="timepris_frikob",
        name="Timepris, frikøb",
        unit="kr.",
        value=D("201.60"),
        valid_from=dt.date(2020, 1, 1),
    )
    assert list(param.values.values_list("valid_from", "value")) == [
        (dt.date(2020, 1, 1), D("201.60"))
    ]
    (row,) = audit_rows(org)
    assert row.action == "create"
    assert row.changes["key"] == [None, "timepris_frikob"]
    assert row.changes["name"] == [None, "Timepris, frikøb"]
    assert row.changes["valid_from"] == [None, "2020-01-01"]


def test_a_duplicate_parameter_key_is_refused_with_a_danish_message_naming_it(
    org, consultant, rate
):
    with pytest.raises(ServiceError) as excinfo:
        svc.parameter_create(
            actor=consultant,
            organisation=org,
            key="timepris_frikob",
            name="Timepris igen",
            value=D(1),
            valid_from=dt.date(2026, 1, 1),
        )
    assert excinfo.value.errors == {
        "key": ["Der findes allerede en parameter med nøglen »timepris_frikob«."]
    }
    assert Parameter.objects.filter(organisation=org).count() == 1
    assert audit_rows(org) == []


def test_a_parameter_key_with_capitals_or_spaces_is_refused_and_nothing_is_written(org, consultant):
    with pytest.raises(ServiceError) as excinfo:
        svc.parameter_create(
            actor=consultant,
            organisation=org,
            key="Timepris frikøb",
            name="Timepris",
            value=D(1),
            valid_from=dt.date(2026, 1, 1),
        )
    assert "key" in excinfo.value.errors
    assert not Parameter.objects.exists()
    assert not ParameterValue.objects.exists()
    assert audit_rows(org) == []


def test_the_same_parameter_key_may_exist_in_another_organisation(org, other_org, rate):
    param = svc.parameter_create(
        actor=None,
        organisation=other_org,
        key="timepris_frikob",
        name="Timepris",
        value=D("199"),
        valid_from=dt.date(2020, 1, 1),
    )
    assert param.organisation == other_org


def test_updating_a_parameter_records_the_name_change(org, consultant, rate):
    svc.parameter_update(
        actor=consultant, parameter=rate, expected_version=1, name="Timepris for frikøb", unit="kr."
    )
    (row,) = audit_rows(org)
    assert row.changes == {"name": ["Timepris, frikøb", "Timepris for frikøb"]}
    assert Parameter.objects.get(pk=rate.pk).version == 2


def test_updating_a_parameter_opened_on_an_older_version_is_refused(org, consultant, rate):
    svc.parameter_update(
        actor=consultant,
        parameter=Parameter.objects.get(pk=rate.pk),
        expected_version=1,
        name="A",
        unit="kr.",
    )
    with pytest.raises(ConflictError):
        svc.parameter_update(
            actor=consultant,
            parameter=Parameter.objects.get(pk=rate.pk),
            expected_version=1,
            name="B",
            unit="kr.",
        )
    assert Parameter.objects.get(pk=rate.pk).name == "A"
    assert len(audit_rows(org)) == 1


# --- organisations, members, units ----------------------------------------------------------


def test_creating_an_organisation_writes_its_first_audit_row(db):
    org = svc.organisation_create(
        actor=None, slug="ballerup-test", name="Ballerup Kommune", budget_year=2020
    )
    (row,) = audit_rows(org)
    assert row.action == "create"
    assert row.changes["name"] == [None, "Ballerup Kommune"]
    assert row.changes["budget_year"] == [None, 2020]


def test_an_organisation_with_a_taken_slug_is_refused(org):
    with pytest.raises(ServiceError) as excinfo:
        svc.organisation_create(actor=None, slug=org.slug, name="Endnu en kommune")
    assert "slug" in excinfo.value.errors
    assert Organisation.objects.filter(slug=org.slug).count() == 1


def test_an_admin_adds_a_member_and_changes_the_role_with_an_audit_row_each(org, admin_user):
    user = UserFactory(username="pia")
    svc.membership_set(actor=admin_user, organisation=org, user=user, role="readonly")
    svc.membership_set(actor=admin_user, organisation=org, user=user, role="manager")
    assert Membership.objects.get(user=user, organisation=org).role == "manager"
    assert [(r.action, r.changes) for r in audit_rows(org)] == [
        ("create", {"role": [None, "readonly"]}),
        ("update", {"role": ["readonly", "manager"]}),
    ]


def test_a_consultant_cannot_hand_out_roles(org, consultant):
    user = UserFactory(username="pia")
    with pytest.raises(PermissionDeniedError):
        svc.membership_set(actor=consultant, organisation=org, user=user, role="admin")
    assert not Membership.objects.filter(user=user).exists()
    assert audit_rows(org) == []


def test_an_unknown_role_is_refused(org, admin_user):
    user = UserFactory(username="pia")
    with pytest.raises(ServiceError, match="Ukendt rolle: chef."):
        svc.membership_set(actor=admin_user, organisation=org, user=user, role="chef")
    assert not Membership.objects.filter(user=user).exists()


def test_unit_get_or_create_returns_an_existing_unit_without_a_new_audit_row(org, consultant):
    unit = svc.unit_get_or_create(
        actor=consultant, organisation=org, name="Center for Social og Sundhed"
    )
    again = svc.unit_get_or_create(
        actor=consultant, organisation=org, name=" center for social og sundhed "
    )
    assert again == unit
    assert Unit.objects.filter(organisation=org).count() == 1
    (row,) = audit_rows(org)
    assert row.changes == {"name": [None, "Center for Social og Sundhed"]}


@pytest.mark.parametrize("role", ["readonly", "manager"])
def test_a_member_who_may_not_edit_the_catalogue_cannot_create_units(org, make_member, role):
    member = make_member(org, role)
    with pytest.raises(PermissionDeniedError):
        svc.unit_get_or_create(actor=member, organisation=org, name="Center for Social og Sundhed")
    assert not Unit.objects.exists()
    assert audit_rows(org) == []


def test_require_role_lets_the_system_through_and_stops_strangers(
    org, other_org, consultant, outsider
):
    svc.require_role(None, org, {"admin"})
    svc.require_role(consultant, org, {"consultant"})
    with pytest.raises(PermissionDeniedError):
        svc.require_role(consultant, org, {"admin"})
    with pytest.raises(PermissionDeniedError):
        svc.require_role(outsider, org, {"admin", "consultant", "manager", "readonly"})


# --- API tokens -----------------------------------------------------------------------------


def test_an_api_token_is_shown_once_and_stored_as_a_hash(org, reader):
    token, raw = svc.api_token_create(actor=reader, organisation=org, name="Power BI")
    assert raw.startswith("ind_")
    assert token.digest == ApiToken.hash(raw)
    assert raw not in token.digest
    assert token.prefix == raw[:8]
    (row,) = audit_rows(org)
    assert row.changes["name"] == [None, "Power BI"]
    assert row.changes["scope"] == [None, "read"]  # a read-only member's widest


def test_a_non_member_cannot_get_an_api_token(org, outsider):
    with pytest.raises(PermissionDeniedError, match="Du er ikke medlem af denne organisation."):
        svc.api_token_create(actor=outsider, organisation=org, name="Udefra")
    assert not ApiToken.objects.exists()


def test_an_api_token_without_a_name_is_refused(org, reader):
    with pytest.raises(ServiceError) as excinfo:
        svc.api_token_create(actor=reader, organisation=org, name="  ")
    assert excinfo.value.errors == {"name": ["Giv nøglen et navn, så du kan kende den igen."]}
    assert not ApiToken.objects.exists()
    assert audit_rows(org) == []


def test_only_the_owner_or_an_admin_may_delete_an_api_token(org, reader, consultant, admin_user):
    token, _ = svc.api_token_create(actor=reader, organisation=org, name="Power BI")
    with pytest.raises(PermissionDeniedError):
        svc.api_token_delete(actor=consultant, token=token)
    assert ApiToken.objects.filter(pk=token.pk).exists()
    svc.api_token_delete(actor=admin_user, token=token)
    assert not ApiToken.objects.exists()
    assert [r.action for r in audit_rows(org)] == ["create", "delete"]
