"""Withdrawing a wrong indicator value: a new, audited version hides it everywhere (series,
reports at any date, exports); the version before it counts again; "fortryd" restores it; the
history keeps every row. Through the service, the page and the API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from indsats.core.models import AuditLog
from indsats.core.services import PermissionDeniedError, ServiceError
from indsats.indicators import services
from indsats.indicators.models import IndicatorValue
from indsats.indicators.selectors import points_as_of, series_as_of, withdrawn_ids
from indsats.indicators.transfer import indicator_export
from tests.followup.ui_world import build, text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, consultant):
    return build(org, consultant)


def _add(world, actor, year, value, recorded_on, **kw):
    return services.indicator_value_add(
        indicator=world.turnover,
        actor=actor,
        year=year,
        value=Decimal(value),
        recorded_on=recorded_on,
        **kw,
    )


def test_withdrawing_hides_the_value_and_the_earlier_version_counts_again(world, consultant):
    right = _add(world, consultant, 2025, "18.4", dt.date(2026, 1, 15))
    wrong = _add(world, consultant, 2025, "81.4", dt.date(2026, 2, 1))
    only = _add(world, consultant, 2024, "20", dt.date(2025, 1, 15))
    pk = world.turnover.pk
    assert series_as_of([pk])[pk] == {2024: Decimal("20"), 2025: Decimal("81.4")}

    services.indicator_value_withdraw(value=wrong, actor=consultant, reason="Tastefejl")
    services.indicator_value_withdraw(value=only, actor=consultant)
    assert series_as_of([pk])[pk] == {2025: Decimal("18.4")}
    # At any as-of date: a wrong value never was true.
    assert series_as_of([pk], dt.date(2026, 3, 1))[pk] == {2025: Decimal("18.4")}
    assert series_as_of([pk], dt.date(2025, 6, 1)) == {}
    assert withdrawn_ids([pk]) == {wrong.pk, only.pk}

    # Fortryd: the value counts again; the history keeps the three values and both actions.
    services.indicator_value_restore(value=wrong, actor=consultant)
    assert points_as_of([pk])[pk][2025].value == Decimal("81.4")
    assert withdrawn_ids([pk]) == {only.pk}
    rows = IndicatorValue.objects.filter(indicator=world.turnover)
    assert sorted(rows.values_list("action", flat=True)) == [
        "",
        "",
        "",
        "restore",
        "withdraw",
        "withdraw",
    ]
    right.refresh_from_db()
    assert right.value == Decimal("18.4")

    logged = AuditLog.objects.filter(object_type="indicatorvalue", object_id=str(wrong.pk))
    changes = [entry.changes for entry in logged.order_by("at", "pk")]
    assert {"withdrawn": [False, True], "reason": [None, "Tastefejl"]} in changes
    assert {"withdrawn": [True, False]} in changes


def test_withdrawing_twice_or_restoring_a_counting_value_is_refused(world, consultant, reader):
    value = _add(world, consultant, 2025, "18.4", dt.date(2026, 1, 15))
    with pytest.raises(ServiceError, match="intet at fortryde"):
        services.indicator_value_restore(value=value, actor=consultant)
    services.indicator_value_withdraw(value=value, actor=consultant)
    with pytest.raises(ServiceError, match="allerede trukket tilbage"):
        services.indicator_value_withdraw(value=value, actor=consultant)
    with pytest.raises(PermissionDeniedError):
        services.indicator_value_restore(value=value, actor=reader)
    assert IndicatorValue.objects.filter(indicator=world.turnover).count() == 2


def test_the_export_leaves_withdrawn_values_out_and_reimports_without_a_change(
    org, world, consultant
):
    _add(world, consultant, 2025, "18.4", dt.date(2026, 1, 15))
    wrong = _add(world, consultant, 2024, "91", dt.date(2026, 1, 15))
    services.indicator_value_withdraw(value=wrong, actor=consultant)
    book = openpyxl.load_workbook(io.BytesIO(indicator_export(org)))
    cells = [c for row in book.worksheets[1].iter_rows(values_only=True) for c in row]
    assert 18.4 in cells or Decimal("18.4") in cells or 0.184 in cells
    assert 91 not in cells and 0.91 not in cells


def test_page_withdraws_and_undoes(consultant_client, org, world, consultant):
    _add(world, consultant, 2025, "18.4", dt.date(2026, 1, 15))
    wrong = _add(world, consultant, 2025, "81.4", dt.date(2026, 2, 1))
    detail = url(org, "indicators:detail", indicator_pk=world.turnover.pk)
    withdraw = url(
        org, "indicators:value_withdraw", indicator_pk=world.turnover.pk, value_pk=wrong.pk
    )
    assert "Træk tilbage" in text(consultant_client.get(detail))
    ask = consultant_client.get(withdraw)
    assert ask.status_code == 200
    assert "Personaleomsætning: 81,4 % (2025)" in text(ask)

    done = consultant_client.post(withdraw, {"reason": "Tastefejl"}, follow=True)
    body = text(done)
    assert "Værdien 81,4 % for 2025 er trukket tilbage." in body
    assert "trukket tilbage" in body and "Tastefejl" in body and "Fortryd" in body
    assert "Personaleomsætning 1.1 Frikøb af praktikvejledere Procent 18,4 % (2025)" in text(
        consultant_client.get(url(org, "indicators:list"))
    )

    again = consultant_client.post(withdraw, {})
    assert again.status_code == 400
    assert "allerede trukket tilbage" in text(again)

    restore = url(
        org, "indicators:value_restore", indicator_pk=world.turnover.pk, value_pk=wrong.pk
    )
    back = consultant_client.post(restore, {}, follow=True)
    assert "Værdien 81,4 % for 2025 tæller igen." in text(back)
    assert withdrawn_ids([world.turnover.pk]) == set()


def test_a_reader_cannot_withdraw(client, org, world, consultant, reader):
    value = _add(world, consultant, 2025, "18.4", dt.date(2026, 1, 15))
    client.force_login(reader)
    response = client.post(
        url(org, "indicators:value_withdraw", indicator_pk=world.turnover.pk, value_pk=value.pk)
    )
    assert response.status_code == 403
    assert withdrawn_ids([world.turnover.pk]) == set()
    assert "Træk tilbage" not in text(
        client.get(url(org, "indicators:detail", indicator_pk=world.turnover.pk))
    )
