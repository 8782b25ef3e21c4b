"""Fixtures for the JSON API: tokens, an authenticated client and a small catalogue."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest

from indsats.budgets import services as budget_services
from indsats.followup import services as followup_services
from indsats.indicators import services as indicator_services
from indsats.initiatives import services as initiative_services
from indsats.initiatives.services import FactorInput
from indsats.organisations import services as org_services

PREFIX = "/api/v1"


class ApiClient:
    """Django's test client speaking JSON with a bearer token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def _headers(self) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(PREFIX + path, params or {}, **self._headers())

    def send(self, method: str, path: str, body=None, params: dict | None = None):
        url = PREFIX + path
        if params:
            url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        data = json.dumps(body) if body is not None else ""
        return self.client.generic(
            method.upper(), url, data, content_type="application/json", **self._headers()
        )

    def post(self, path, body=None):
        return self.send("POST", path, body)

    def patch(self, path, body=None):
        return self.send("PATCH", path, body)

    def put(self, path, body=None):
        return self.send("PUT", path, body)

    def delete(self, path, params=None):
        return self.send("DELETE", path, params=params)


@pytest.fixture
def make_token(db):
    def make(user, organisation, name="Testnøgle") -> str:
        _, raw = org_services.api_token_create(actor=user, organisation=organisation, name=name)
        return raw

    return make


@pytest.fixture
def make_api(client, make_token):
    def make(user, organisation) -> ApiClient:
        return ApiClient(client, make_token(user, organisation))

    return make


@pytest.fixture
def api(make_api, consultant, org):
    return make_api(consultant, org)


@pytest.fixture
def reader_api(make_api, reader, org):
    return make_api(reader, org)


@pytest.fixture
def outsider_api(make_api, outsider, other_org):
    return make_api(outsider, other_org)


@pytest.fixture
def anonymous_api(client):
    return ApiClient(client, None)


@pytest.fixture
def catalogue(org):
    """One initiative of ``org`` with a release-time line (formula over a parameter, plus a
    stated amount), a course line and two scenarios."""
    parameter = org_services.parameter_create(
        actor=None,
        organisation=org,
        key="timepris_frikob",
        name="Timepris, frikøb",
        unit="kr.",
        value=Decimal("201.60"),
        valid_from=dt.date(2020, 1, 1),
    )
    theme = initiative_services.theme_get_or_create(
        actor=None, organisation=org, name="Rekruttering til og fastholdelse i uddannelse"
    )
    initiative = initiative_services.initiative_create(
        organisation=org,
        actor=None,
        code="1.1",
        title="Frikøb af praktikvejledere",
        theme=theme,
        priority_step=1,
        funding="separate",
        state="proposed",
        start_year=2020,
        kl_recommendations=[20],
    )
    line = initiative_services.cost_line_save(
        initiative=initiative,
        actor=None,
        label="Frikøb",
        category="release_time",
        recurrence="yearly",
        stated_amount=Decimal("1008000"),
        factors=[
            FactorInput(
                key="praktikvejledere",
                label="Praktikvejledere",
                unit="personer",
                value=Decimal(100),
            ),
            FactorInput(key="timer_pr_md", label="Timer pr. måned", unit="timer", value=Decimal(5)),
            FactorInput(key="maaneder", label="Måneder pr. år", unit="mdr.", value=Decimal(10)),
            FactorInput(
                key="timepris", label="Timepris", unit="kr.", parameter_key="timepris_frikob"
            ),
        ],
    )
    course = initiative_services.cost_line_save(
        initiative=initiative,
        actor=None,
        label="Kursus",
        category="course_purchase",
        recurrence="one_time",
        stated_amount=Decimal("226500"),
    )
    five = initiative_services.scenario_save(
        initiative=initiative,
        actor=None,
        name="5 timer pr. md.",
        values={"timer_pr_md": Decimal(5)},
    )
    ten = initiative_services.scenario_save(
        initiative=initiative,
        actor=None,
        name="10 timer pr. md.",
        values={"timer_pr_md": Decimal(10)},
    )
    note = budget_services.budget_note_create(
        organisation=org,
        actor=None,
        code="SO19",
        title="God start i Socialforvaltningen",
        budget_year=2026,
        initiatives=[initiative],
    )
    budget_services.allocation_set(
        note=note,
        actor=None,
        amounts={2026: Decimal("7339000"), 2027: Decimal("5373000")},
        price_level="2022-pl",
    )
    budget_services.spending_set(note=note, actor=None, year=2026, amount=Decimal("1309000"))
    indicator = indicator_services.indicator_create(
        organisation=org, actor=None, name="Mentorer uddannet", unit="count", initiative=initiative
    )
    status = followup_services.status_update_create(
        initiative=initiative,
        actor=None,
        as_of=dt.date(2025, 12, 31),
        state="on_track",
        text="Forløbet er i gang.",
        values=[followup_services.ReportedValue(indicator, 2025, Decimal(14))],
    )
    initiative.refresh_from_db()
    return SimpleNamespace(
        org=org,
        parameter=parameter,
        theme=theme,
        initiative=initiative,
        line=line,
        course=course,
        scenario=ten,
        scenarios=[five, ten],
        note=note,
        indicator=indicator,
        status=status,
    )


@pytest.fixture(autouse=True)
def _catalogue_strategy(request):
    """With the catalogue, its organisation also has a strategy with a success criterion and a
    programme response (tests/api/routes.py), made before a test takes its ``before`` state."""
    if "catalogue" in request.fixturenames:
        from .routes import strategy_objects

        strategy_objects(request.getfixturevalue("catalogue").initiative.organisation)
