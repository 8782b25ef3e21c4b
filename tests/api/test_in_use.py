"""Deleting something others depend on answers 409 naming what depends on it (page and API,
the API in JSON); nothing is deleted. What remains of server errors gets a Danish (or English)
page in the design system, and JSON under /api/."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from indsats.budgets import services as budget_services
from indsats.budgets.models import BudgetNote
from indsats.core.models import AuditLog
from indsats.core.views import server_error
from indsats.indicators import services as indicator_services
from indsats.indicators.models import Indicator
from indsats.strategies import services as strategy_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(org):
    return budget_services.budget_note_create(
        organisation=org, actor=None, code="BN-7", title="Flere elever", budget_year=2025
    )


@pytest.fixture
def indicator(org, note):
    return indicator_services.indicator_create(
        organisation=org, actor=None, name="Frafald i praktik", unit="percent",
        direction="lower", budget_note=note,
    )  # fmt: skip


@pytest.fixture
def criterion(org, indicator):
    strategy = strategy_services.strategy_create(
        organisation=org, actor=None, title="Strategi 2025", start_year=2024, end_year=2027
    )
    return strategy_services.criterion_create(
        strategy=strategy, actor=None, statement="Frafaldet under 16 %.", kind="level",
        source="indicator", indicator=indicator, direction="lower", baseline_value=Decimal(20),
        baseline_year=2023, target_value=Decimal(16), deadline_year=2027,
    )  # fmt: skip


def test_deleting_an_indicator_a_criterion_uses_is_409_naming_the_criterion(
    consultant_client, org, indicator, criterion
):
    audits = AuditLog.objects.count()
    url = reverse("indicators:delete", kwargs={"org": org.slug, "indicator_pk": indicator.pk})
    response = consultant_client.post(url)
    assert response.status_code == 409
    text = response.content.decode()
    assert "Indikatoren »Frafald i praktik« kan ikke slettes, fordi andet bygger på det" in text
    assert "»Frafaldet under 16 %.«" in text
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert AuditLog.objects.count() == audits  # the delete's audit row was rolled back too


def test_deleting_a_budget_note_whose_indicator_a_criterion_uses_is_409(
    consultant_client, org, note, indicator, criterion
):
    url = reverse("budgets:delete", kwargs={"org": org.slug, "note_pk": note.pk})
    response = consultant_client.post(url)
    assert response.status_code == 409
    assert "Budgetnotatet BN-7 kan ikke slettes" in response.content.decode()
    assert BudgetNote.objects.filter(pk=note.pk).exists()


def test_the_api_answers_409_in_json_naming_the_criterion(api, note, indicator, criterion):
    response = api.delete(f"/indicators/{indicator.pk}")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/json; charset=utf-8"
    [problem] = response.json()["detail"]
    assert problem["field"] == ""
    assert problem["message"].startswith("Indikatoren »Frafald i praktik« kan ikke slettes")
    assert "»Frafaldet under 16 %.«" in problem["message"]
    response = api.delete(f"/budget-notes/{note.pk}")
    assert response.status_code == 409
    assert "Budgetnotatet BN-7 kan ikke slettes" in response.json()["detail"][0]["message"]
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_the_409_is_documented_for_every_delete_in_the_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    deletes = [
        (path, op)
        for path, ops in schema["paths"].items()
        for m, op in ops.items()
        if m == "delete"
    ]
    assert deletes
    for path, op in deletes:
        assert "409" in op["responses"], path


def test_the_500_page_is_danish_in_the_design_system_and_english_on_request():
    request = RequestFactory().get("/o/testrup/indsatser/")
    response = server_error(request)
    text = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="da">' in text and "dkfds.min.css" in text
    assert "Der skete en fejl på serveren, og siden kunne ikke vises." in text
    with translation.override("en"):
        text = server_error(request).content.decode()
    assert '<html lang="en">' in text
    assert "An error occurred on the server" in text


def test_a_500_under_the_api_is_json():
    response = server_error(RequestFactory().get("/api/v1/initiatives"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    message = json.loads(response.content)["detail"][0]["message"]
    assert message.startswith("Der skete en fejl på serveren.")
