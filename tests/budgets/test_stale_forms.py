"""Two people editing the same note's money, or the same indicator's target, never silently
overwrite each other: the second save from a form opened before the first is refused (409),
its input is kept, and the first save stands."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from indsats.budgets.models import Allocation, Spending
from indsats.indicators.models import Target
from tests.followup.ui_world import build, html, url


@pytest.fixture
def world(org, consultant):
    return build(org, consultant)


@pytest.fixture
def two(org, consultant, make_member):
    first, second = Client(), Client()
    first.force_login(consultant)
    second.force_login(make_member(org, "admin", "kollega"))
    return first, second


def test_a_stale_allocation_form_is_refused_and_the_first_save_stands(org, world, two):
    first, second = two
    page = url(org, "budgets:allocation", note_pk=world.note.pk)
    opened = world.note.version
    assert (
        first.post(
            page, {"text": "2026: 8 mio. kr.", "price_level": "", "version": opened}
        ).status_code
        == 302
    )
    response = second.post(page, {"text": "2026: 9 mio. kr.", "price_level": "", "version": opened})
    assert response.status_code == 409
    body = html(response)
    assert "er blevet ændret af en anden, efter du åbnede den" in body
    assert "2026: 9 mio. kr." in body  # the second person's input is kept
    amounts = set(Allocation.objects.filter(note=world.note).values_list("amount", flat=True))
    assert amounts == {Decimal("8000000.00")}


def test_a_stale_spending_form_is_refused(org, world, two):
    first, second = two
    page = url(org, "budgets:spending", note_pk=world.note.pk)
    opened = world.note.version
    year = world.note.allocations.order_by("year").first().year
    common = {"year": year, "initiative": "", "comment": "", "version": opened}
    assert first.post(page, {**common, "amount": "100.000"}).status_code == 302
    assert second.post(page, {**common, "amount": "200.000"}).status_code == 409
    assert list(Spending.objects.filter(note=world.note).values_list("amount", flat=True)) == [
        Decimal("100000.00")
    ]


def test_a_stale_target_form_is_refused(org, world, two):
    first, second = two
    page = url(org, "indicators:target", indicator_pk=world.started.pk)
    opened = world.started.version
    common = {"baseline_year": 2022, "deadline_year": 2027, "version": opened}
    assert (
        first.post(page, {**common, "baseline_value": "14", "target_value": "30"}).status_code
        == 302
    )
    response = second.post(page, {**common, "baseline_value": "14", "target_value": "40"})
    assert response.status_code == 409
    assert 'value="40"' in html(response)
    assert list(
        Target.objects.filter(indicator=world.started).values_list("target_value", flat=True)
    ) == [Decimal("30.0000")]
