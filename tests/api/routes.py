"""A valid request for every route of the API, built from the routes ninja has registered, so
that a new route is covered by the tenancy, role and authentication tests (or makes them fail
until it is given a body here)."""

from __future__ import annotations

import re

from .helpers import _schema, path_params, routes

# A valid body for every operation that takes one. ``{version}`` placeholders are filled in
# with the target object's current version, so a 404 or 403 is never a version problem.
BODIES = {
    ("POST", "/initiatives"): {"code": "9.9", "title": "Ny indsats", "theme": "Et helt nyt tema"},
    ("PATCH", "/initiatives/{id}"): {"version": "{version}", "title": "Overtaget"},
    ("POST", "/initiatives/{id}/cost-lines"): {
        "category": "other",
        "recurrence": "one_time",
        "stated_amount": "1000.00",
    },
    ("PUT", "/cost-lines/{id}"): {
        "version": "{version}",
        "category": "other",
        "recurrence": "one_time",
        "stated_amount": "1000.00",
    },
    ("POST", "/initiatives/{id}/scenarios"): {"name": "Overtaget", "values": {"timer_pr_md": "20"}},
    ("PUT", "/scenarios/{id}"): {
        "version": "{version}",
        "name": "Overtaget",
        "values": {"timer_pr_md": "20"},
    },
    ("POST", "/parameters"): {
        "key": "ny_sats",
        "name": "Ny sats",
        "value": "100",
        "valid_from": "2020-01-01",
    },
    ("POST", "/optimise/adopt"): {"year": 2020},
    ("POST", "/parameters/{key}/values"): {"value": "999", "valid_from": "2021-01-01"},
    ("POST", "/budget-notes"): {"code": "SO99", "title": "Nyt notat", "budget_year": 2026},
    ("PATCH", "/budget-notes/{id}"): {"version": "{version}", "title": "Overtaget"},
    ("PUT", "/budget-notes/{id}/allocation"): {"text": "2026-2027: 1 mio. kr. årligt"},
    ("PUT", "/budget-notes/{id}/spending"): {"year": 2026, "amount": "1000.00"},
    ("POST", "/indicators"): {"name": "Ny indikator", "unit": "count"},
    ("PATCH", "/indicators/{id}"): {"version": "{version}", "name": "Overtaget"},
    ("POST", "/indicators/{id}/values"): {"year": 2025, "value": "12"},
    ("POST", "/initiatives/{id}/status-updates"): {
        "as_of": "2025-01-01",
        "state": "on_track",
        "text": "Overtaget",
    },
    ("POST", "/strategies/{id}/criteria"): {
        "statement": "Mindst 5 egne SSH som SSA-elever om året.",
        "kind": "min_year",
        "source": "kpi",
        "kpi": "internal_ssh",
        "education": "ssa",
        "baseline_year": 2023,
        "target_value": "5",
        "deadline_year": 2027,
    },
    ("PATCH", "/criteria/{id}"): {"version": "{version}", "target_value": "6"},
    ("PATCH", "/programme-responses/{id}"): {"version": "{version}", "status": "implemented"},
    ("POST", "/status-updates/{id}/corrections"): {
        "as_of": "2025-01-01",
        "state": "at_risk",
        "text": "Rettet",
    },
    ("POST", "/students/import"): {
        "source": "API-test",
        "students": [
            {
                "key": "API-NY-1",
                "education": "ssh",
                "hire_date": "2024-08-01",
                "age_band": "16-24",
                "phases": [{"phase": "GF", "start": "2024-08-01", "end": "2024-12-20"}],
                "absences": [
                    {
                        "start": "2024-09-01",
                        "end": "2024-09-30",
                        "planned_days": "20",
                        "sick_days": "1.5",
                    }
                ],
            }
        ],
    },
}

# Student-level records: only for tokens whose user has student-data access; every other token
# gets 403 there (tests/students/test_access.py walks them).
STUDENT_DATA_ROUTES = {
    ("GET", "/students"),
    ("GET", "/students/{key}"),
    ("POST", "/students/import"),
}


def needs_student_access(method: str, path: str) -> bool:
    return (method, path) in STUDENT_DATA_ROUTES


def has_body(method: str, path: str) -> bool:
    return "requestBody" in _schema()["paths"]["/api/v1" + path][method.lower()]


def strategy_objects(organisation):
    """A strategy of ``organisation`` with a success criterion and a programme response (made
    once, through the services), for the strategy routes."""
    from indsats.strategies import services as strategy_services
    from indsats.strategies.models import ProgrammeResponse, Strategy

    strategy = Strategy.objects.filter(organisation=organisation, title="API-strategi").first()
    if strategy is None:
        strategy = strategy_services.strategy_create(
            organisation=organisation,
            actor=None,
            title="API-strategi",
            start_year=2024,
            end_year=2027,
        )
        strategy_services.criterion_create(
            strategy=strategy,
            actor=None,
            statement="Mindst 8 egne ufaglærte om året.",
            kind="min_year",
            source="kpi",
            kpi="internal_unskilled",
            baseline_year=2023,
            target_value=8,
            deadline_year=2027,
        )
        programme = strategy_services.programme_save(
            strategy=strategy, actor=None, name="Forberedt på fremtiden III"
        )
        item = strategy_services.item_save(programme=programme, actor=None, text="Spireordning")
        strategy_services.response_create(
            item=item, actor=None, text="Sat i bero", status="awaiting"
        )
    criterion = strategy.success_criteria.first()
    response = ProgrammeResponse.objects.filter(item__programme__strategy=strategy).first()
    return strategy, criterion, response


def targets(catalogue) -> dict:
    """The object a path's first segment addresses, in the catalogue's organisation."""
    strategy, criterion, response = strategy_objects(catalogue.initiative.organisation)
    return {
        "strategies": strategy,
        "criteria": criterion,
        "programme-responses": response,
        "initiatives": catalogue.initiative,
        "cost-lines": catalogue.line,
        "scenarios": catalogue.scenario,
        "parameters": catalogue.parameter,
        "budget-notes": catalogue.note,
        "indicators": catalogue.indicator,
        "status-updates": catalogue.status,
        "students": catalogue.student,
    }


def request_for(method: str, path: str, catalogue) -> tuple[str, dict | None]:
    """The concrete URL (ids of ``catalogue``'s objects) and body for a route."""
    target = None
    url = path
    if path_params(path):
        segment = path.strip("/").split("/")[0]
        assert segment in targets(catalogue), (
            f"tests/api/routes.py: say which object {path} addresses"
        )
        target = targets(catalogue)[segment]
        target.refresh_from_db()
        url = path.replace("{id}", str(target.pk)).replace("{key}", getattr(target, "key", ""))
        if "{value_id}" in url:  # an indicator's value (withdraw / restore)
            value = target.values.filter(action="").order_by("pk").first()
            url = url.replace("{value_id}", str(value.pk))
        assert "{" not in url, f"tests/api/routes.py: fill in the path parameters of {path}"
    body = None
    if has_body(method, path):
        assert (method, path) in BODIES, f"tests/api/routes.py: give {method} {path} a valid body"
        body = {
            k: (target.version if v == "{version}" else v)
            for k, v in BODIES[(method, path)].items()
        }
    return url, body


def missing_url(url: str) -> str:
    """The same URL with every id (and parameter key) replaced by one that does not exist."""
    return re.sub(r"/\d+(?=/|$)", "/999999", url).replace("timepris_frikob", "findes_ikke")


# Public by design: readable without a token, organisation-independent (tests/api/test_casebank.py
# covers them). The token, tenancy and role walks below leave them out.
PUBLIC_ROUTES = {
    ("GET", "/casebank/cases"),
    ("GET", "/casebank/cases/{slug}"),
}


def all_routes() -> list[tuple[str, str]]:
    """Every route that needs a token."""
    return [r for r in routes() if r not in PUBLIC_ROUTES]


def public_routes() -> list[tuple[str, str]]:
    return [r for r in routes() if r in PUBLIC_ROUTES]


def write_routes() -> list[tuple[str, str]]:
    return [(m, p) for m, p in all_routes() if m != "GET"]


def send(api_client, method: str, url: str, body):
    if method == "GET":
        return api_client.get(url)
    return api_client.send(method, url, body)
