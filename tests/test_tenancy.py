"""Tenancy walker: every URL pattern of the project, requested as an administrator of
ANOTHER organisation and anonymously, must reach nothing of the victim organisation.

The walker fills every URL keyword argument from an explicit map. A new route whose keyword
the walker does not know makes ``test_every_route_can_be_filled`` fail with a message naming
the route, so new routes are never silently skipped: extend ``KWARG_MODELS`` (or, for a
generic ``pk``, ``ROUTE_MODELS``) and the ``victim`` fixture when that happens.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from indsats.casebank.models import Case, CaseMedia
from indsats.initiatives import services as initiative_services
from indsats.initiatives.models import (
    CostLine,
    FocusArea,
    Initiative,
    Scenario,
    Theme,
)
from indsats.initiatives.services import FactorInput
from indsats.organisations import services as org_services
from indsats.organisations.models import ApiToken, Parameter, Unit
from indsats.reports.models import ReportFile
from indsats.students.models import CohortFigures

# --- what the victim organisation holds; none of it may appear in an outsider's page -----

SECRET_TITLE = "Hemmelig zebraindsats for Offerby"
SECRET_THEME = "Offerbys fortrolige tema"
SECRET_PARAMETER = "Offerbys hemmelige timepris"
SECRET_SCENARIO = "Offerbys 17 timer"
SECRET_UNIT = "Offerbys lukkede center"
SECRET_AMOUNT = Decimal("987654")  # shown as "987.654"
SECRET_RATE = Decimal("313.37")  # shown as "313,37"
SECRETS = [
    SECRET_TITLE,
    SECRET_THEME,
    SECRET_PARAMETER,
    SECRET_SCENARIO,
    SECRET_UNIT,
    "987.654",
    "987654",
    "313,37",
    "offerby-9",  # the initiative's code
    "Offerbys hemmelige casekladde",  # an unpublished case: 404 on the public case bank
]

# --- how the walker fills URL keyword arguments -------------------------------------------

# Keyword name -> (model, attribute) whose victim row fills it. ``org`` is the slug.
KWARG_MODELS: dict[str, tuple[type, str]] = {
    "line_pk": (CostLine, "pk"),
    "scenario_pk": (Scenario, "pk"),
    "parameter_pk": (Parameter, "pk"),
    "initiative_pk": (Initiative, "pk"),
    "theme_pk": (Theme, "pk"),
    "unit_pk": (Unit, "pk"),
    "token_pk": (ApiToken, "pk"),
    "key": (Parameter, "key"),  # /api/v1/parameters/<key>
    "slug": (
        Case,
        "slug",
    ),  # the public case bank: /casebank/<slug>/, /api/v1/casebank/cases/<slug>
    "media_pk": (CaseMedia, "pk"),
    "figures_pk": (CohortFigures, "pk"),  # /o/<org>/elever/tal/aargang/<figures_pk>/
    "file_pk": (ReportFile, "pk"),  # /o/<org>/rapporter/filer/<file_pk>/ (a kept report file)
}
# A bare ``pk`` or ``id`` means different models on different routes: name each route.
_INITIATIVE_ROUTES = [
    "initiatives:detail",
    "initiatives:effects",
    "initiatives:edit",
    "initiatives:delete",
    "initiatives:cost_line_create",
    "initiatives:scenario_create",
    "api:get_initiative",
    "api:update_initiative",
    "api:delete_initiative",
    "api:list_cost_lines",
    "api:create_cost_line",
    "api:list_scenarios",
    "api:create_scenario",
    "api:initiative_costs",
    "api:initiative_history",
]
ROUTE_MODELS: dict[str, type] = {
    **dict.fromkeys(_INITIATIVE_ROUTES, Initiative),
    **dict.fromkeys(
        ["api:get_cost_line", "api:replace_cost_line", "api:delete_cost_line"], CostLine
    ),
    **dict.fromkeys(["api:get_scenario", "api:replace_scenario", "api:delete_scenario"], Scenario),
    "organisations:parameter_value_add": Parameter,
    "tokens:delete": ApiToken,
}
AMBIGUOUS_KWARGS = {"pk", "id"}

# Routes an anonymous visitor may open (they carry no organisation data).
PUBLIC_ROUTES = {
    "login",
    "logout",
    "set_language",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",  # django-ninja's root pattern: answers 404, carries nothing
    # The public case bank: published cases only (the victim's draft case answers 404, see
    # test_unpublished_cases_are_404_on_the_public_case_bank).
    "casebank:list",
    "casebank:feed",
    "casebank:detail",
    "casebank:attachment",
    "api:list_cases",
    "api:get_case",
    # Password reset by e-mail: for people who cannot log in.
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    # An invitation link: for people who are not members yet (an unknown token answers 404).
    "accounts:invitation",
    # Single sign-on: the start, the IdP's POST back and the SP metadata for the IdP's
    # administrator, all before anybody is logged in (they name an organisation, show no data).
    "accounts:sso_login",
    "accounts:sso_acs",
    "accounts:sso_metadata",
    "accounts:sso_oidc_callback",
}

# URL keywords that name no row of an organisation: filled with a fixed text.
LITERAL_KWARGS = {"uidb64": "MQ", "token": "set-password"}

CONVERTER_RE = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")

# A plausible payload for every form of the project: if a view ever let an outsider through,
# the POST would write, and the "nothing changed" check would catch it.
POST_PAYLOAD = {
    "code": "9.9",
    "title": "Overtaget af udefra",
    "new_theme": "Udefra",
    "funding": "separate",
    "state": "proposed",
    "start_year": "2026",
    "version": "1",
    "name": "Udefra",
    "key": "udefra",
    "value": "1",
    "unit": "kr.",
    "valid_from": "2026-01-01",
    "v-value": "1",
    "v-valid_from": "2026-01-01",
    "new-key": "udefra",
    "new-name": "Udefra",
    "new-value": "1",
    "new-valid_from": "2026-01-01",
    "line-label": "Udefra",
    "line-category": "other",
    "line-recurrence": "one_time",
    "line-stated_amount": "1",
    "factor-TOTAL_FORMS": "0",
    "factor-INITIAL_FORMS": "0",
    "f_timer_pr_md": "1",
    "step": "1",
    "year": "2026",
    "frame1-step": "1",
    "frame1-year": "2026",
    "frame1-amount": "1",
    "return_query": "",
    "label": "Udefra",
}


API_PAYLOAD = {
    "code": "9.9",
    "title": "Overtaget af udefra",
    "theme": "Udefra",
    "name": "Udefra",
    "key": "udefra",
    "value": "1",
    "valid_from": "2026-01-01",
    "version": 1,
    "category": "other",
    "recurrence": "one_time",
    "stated_amount": "1",
    "factors": [],
    "values": {"timer_pr_md": "1"},
}


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "o/<slug:org>/indsatser/<int:pk>/"
    name: str  # "namespace:name" or "" if unnamed
    kwargs: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def has_org(self) -> bool:
        return "org" in self.kwargs


class UnfillableRoute(Exception):
    pass


def _route_text(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    if isinstance(pattern, RegexPattern):
        raise UnfillableRoute(
            f"Regex URL pattern {pattern.regex.pattern!r}: the tenancy walker only fills path() "
            "routes; write it with path() or teach tests/test_tenancy.py to fill it."
        )
    raise UnfillableRoute(f"Unknown URL pattern type {type(pattern).__name__}.")


def walk(patterns=None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every URL pattern of the project, with its full route text and namespaced name."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    routes = []
    for p in patterns:
        text = prefix + _route_text(p.pattern)
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            routes.extend(walk(p.url_patterns, text, ns))
        elif isinstance(p, URLPattern):
            name = f"{namespace}{p.name}" if p.name else ""
            kwargs = tuple(m.group("name") for m in CONVERTER_RE.finditer(text))
            routes.append(Route(text, name, kwargs))
    return routes


def _model_for(route: Route, kwarg: str) -> tuple[type, str]:
    if kwarg in AMBIGUOUS_KWARGS:
        model = ROUTE_MODELS.get(route.name)
        if model is None:
            raise UnfillableRoute(
                f"Route {route.route!r} (name {route.name!r}) has a bare <{kwarg}> the tenancy "
                "walker cannot fill: add the route name to ROUTE_MODELS in tests/test_tenancy.py."
            )
        return model, "pk"
    model = KWARG_MODELS.get(kwarg)
    if model is None:
        raise UnfillableRoute(
            f"Route {route.route!r} (name {route.name!r}) has the URL keyword <{kwarg}>, which "
            "the tenancy walker cannot fill: add it to KWARG_MODELS in tests/test_tenancy.py "
            "(and give the victim organisation a row of that kind)."
        )
    return model


def fill(route: Route, org_slug: str, objects: dict[type, object]) -> str:
    def replace(match):
        kwarg = match.group("name")
        if kwarg == "org":
            return org_slug
        if kwarg in LITERAL_KWARGS:
            return LITERAL_KWARGS[kwarg]
        model, attribute = _model_for(route, kwarg)
        if model not in objects:
            raise UnfillableRoute(
                f"Route {route.route!r}: the victim organisation has no {model.__name__} to fill "
                f"<{kwarg}>; create one in the victim fixture of tests/test_tenancy.py."
            )
        return str(getattr(objects[model], attribute))

    return "/" + CONVERTER_RE.sub(replace, route.route)


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def victim(db, make_member):
    """A fully populated organisation; returns (organisation, {model: pk})."""
    org = org_services.organisation_create(
        actor=None, slug="offerby", name="Offerby Kommune", kind="municipality", budget_year=2026
    )
    owner = make_member(org, "admin", "offer-admin")
    parameter = org_services.parameter_create(
        actor=owner,
        organisation=org,
        key="timepris_frikob",
        name=SECRET_PARAMETER,
        unit="kr.",
        value=SECRET_RATE,
        valid_from=dt.date(2020, 1, 1),
    )
    unit = org_services.unit_get_or_create(actor=owner, organisation=org, name=SECRET_UNIT)
    theme = initiative_services.theme_get_or_create(
        actor=owner, organisation=org, name=SECRET_THEME
    )
    focus = initiative_services.focus_area_get_or_create(
        actor=owner, organisation=org, name="Offerbys fokus"
    )
    initiative = initiative_services.initiative_create(
        organisation=org,
        actor=owner,
        code="offerby-9",
        title=SECRET_TITLE,
        theme=theme,
        focus_area=focus,
        unit=unit,
        priority_step=1,
        funding="separate",
        state="proposed",
        start_year=2026,
    )
    line = initiative_services.cost_line_save(
        initiative=initiative,
        actor=owner,
        label="Frikøb",
        category="release_time",
        recurrence="yearly",
        stated_amount=SECRET_AMOUNT,
        factors=[
            FactorInput(key="personer", label="Personer", unit="personer", value=Decimal(10)),
            FactorInput(key="timer_pr_md", label="Timer", unit="timer", value=Decimal(5)),
            FactorInput(key="timepris", label="Timepris", unit="kr.", parameter_key=parameter.key),
        ],
    )
    scenario = initiative_services.scenario_save(
        initiative=initiative,
        actor=owner,
        name=SECRET_SCENARIO,
        values={"timer_pr_md": Decimal(17)},
    )
    initiative_services.budget_frame_set(
        organisation=org, actor=owner, year=2026, step=1, amount=SECRET_AMOUNT
    )
    token, _raw = org_services.api_token_create(
        actor=owner, organisation=org, name="Offerbys nøgle"
    )
    objects = {
        Initiative: initiative,
        CostLine: line,
        Scenario: scenario,
        Parameter: parameter,
        Theme: theme,
        Unit: unit,
        FocusArea: focus,
        ApiToken: token,
    }
    objects.update(_followup_objects(org, owner, initiative))
    objects.update(_casebank_objects(org, owner, initiative))
    objects.update(_strategy_objects(org, owner, initiative))
    objects.update(_pipeline_objects(org, owner))
    objects.update(_strategy_report_objects(org, initiative))
    objects.update(_student_objects(org))
    objects.update(_report_file_objects(org))
    return org, objects


def _report_file_objects(org) -> dict:
    """A kept report file (made by the worker) holding a secret."""
    from pathlib import Path

    folder = Path(settings.REPORT_FILES_DIR) / str(org.pk)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "offerby.pdf").write_text(SECRET_TITLE)
    file = ReportFile.objects.create(
        organisation=org,
        kind="descriptions",
        extension="pdf",
        key="o" * 64,
        data_version=org.data_version,
        state="ready",
        filename="beskrivelser-offerby.pdf",
        path=f"{org.pk}/offerby.pdf",
        size=len(SECRET_TITLE),
    )
    return {ReportFile: file}


# Columns that change when a request is merely authenticated, not when data is written.
VOLATILE_COLUMNS = {"last_used_at"}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every Indsats model (including the audit log), to prove nothing changed."""
    state = {}
    for model in apps.get_models():
        if not model.__module__.startswith("indsats."):
            continue
        rows = model.objects.all()
        if model._meta.label == "core.AuditLog":
            # The walk logs the outsider in before each request: a login row is not a change.
            rows = rows.exclude(object_type="login")
        state[model._meta.label] = sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k not in VOLATILE_COLUMNS))
            for row in rows.values()
        )
    return state


def _secret_shown(url: str, method: str, response) -> str | None:
    body = response.content.decode("utf-8", errors="replace")
    for secret in SECRETS:
        if secret in body:
            return f"{method} {url} ({response.status_code}) shows the victim's {secret!r}"
    location = response.get("Location", "")
    if location and not location.startswith(resolve_url(settings.LOGIN_URL)):
        if "offerby" in location:
            return f"{method} {url} redirects into the victim organisation: {location}"
    return None


def _outsider_ok(route: Route, response) -> bool:
    status = response.status_code
    if route.is_api:
        return status in (401, 403, 404, 405) or (_is_public(route) and status == 200)
    if route.has_org:
        return status in (403, 404, 405)
    # Routes without an organisation belong to everybody (home, login, language): they may
    # answer, but must not show or change the victim's data (checked separately).
    return status < 500


def _is_public(route: Route) -> bool:
    return route.name in PUBLIC_ROUTES


def _anonymous_ok(route: Route, response) -> bool:
    status = response.status_code
    if _is_public(route):
        return status < 500
    if route.is_api:
        return status in (401, 405)
    if status == 405:  # require_POST answers a GET before asking who you are
        return True
    login = resolve_url(settings.LOGIN_URL)
    return status == 302 and response["Location"].startswith(login)


def _methods(route: Route) -> tuple[str, ...]:
    return ("get", "post", "put", "patch", "delete") if route.is_api else ("get", "post")


def _request(client, method: str, url: str, route: Route, **headers):
    if method == "get":
        return client.get(url, **headers)
    if route.is_api:
        return getattr(client, method)(
            url, data=API_PAYLOAD, content_type="application/json", **headers
        )
    if method == "post":
        return client.post(url, POST_PAYLOAD, **headers)
    return getattr(client, method)(url, **headers)


def _routes_and_urls(org_slug, objects):
    return [(route, fill(route, org_slug, objects)) for route in walk()]


def _walk_all(client, org, objects, ok, before_each=None, **headers):
    failures = []
    for route, url in _routes_and_urls(org.slug, objects):
        for method in _methods(route):
            if before_each:
                before_each()
            response = _request(client, method, url, route, **headers)
            if not ok(route, response):
                failures.append(
                    f"{method.upper()} {url} -> {response.status_code} "
                    f"{response.get('Location', '')}".rstrip()
                )
            shown = _secret_shown(url, method.upper(), response)
            if shown:
                failures.append(shown)
    return failures


# --- tests ----------------------------------------------------------------------------------


def test_every_route_can_be_filled(victim):
    org, objects = victim
    problems = []
    for route in walk():
        try:
            fill(route, org.slug, objects)
        except UnfillableRoute as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


def test_walker_refuses_an_unknown_keyword():
    from django.urls import path

    def view(request, org, gadget_pk):  # pragma: no cover - never called
        raise AssertionError

    routes = walk([path("o/<slug:org>/dimser/<int:gadget_pk>/", view, name="gadget")])
    assert routes == [Route("o/<slug:org>/dimser/<int:gadget_pk>/", "gadget", ("org", "gadget_pk"))]
    with pytest.raises(UnfillableRoute, match="gadget_pk.*KWARG_MODELS"):
        fill(routes[0], "offerby", {})
    bare = walk([path("o/<slug:org>/dimser/<int:pk>/", view, name="gadget")])
    with pytest.raises(UnfillableRoute, match="ROUTE_MODELS"):
        fill(bare[0], "offerby", {})


def test_walker_covers_the_catalogue_routes(victim):
    org, objects = victim
    urls = {route.name: url for route, url in _routes_and_urls(org.slug, objects)}
    pk = {model: obj.pk for model, obj in objects.items()}
    assert urls["initiatives:edit"] == f"/o/offerby/indsatser/{pk[Initiative]}/rediger/"
    assert urls["initiatives:cost_line_edit"] == f"/o/offerby/omkostninger/{pk[CostLine]}/rediger/"
    assert urls["initiatives:scenario_delete"] == f"/o/offerby/scenarier/{pk[Scenario]}/slet/"
    assert (
        urls["organisations:parameter_value_add"]
        == f"/o/offerby/parametre/{pk[Parameter]}/ny-vaerdi/"
    )
    assert {
        "initiatives:prioritisation",
        "organisations:parameters",
        "reports:prioritisation_pdf",
        "login",
    } <= set(urls)
    api = {name: u for name, u in urls.items() if name.startswith("api:")}
    assert api["api:get_initiative"] == f"/api/v1/initiatives/{pk[Initiative]}"
    assert api["api:get_parameter"] == "/api/v1/parameters/timepris_frikob"


def test_an_admin_of_another_organisation_reaches_nothing(victim, client, outsider):
    org, objects = victim
    # The victim's own admin sees the secrets, so the markers are real.
    owner_client = client.__class__()
    owner_client.force_login(org.memberships.get(role="admin").user)
    detail = owner_client.get(f"/o/{org.slug}/indsatser/{objects[Initiative].pk}/")
    assert detail.status_code == 200
    assert SECRET_TITLE in detail.content.decode()

    before = snapshot()
    failures = _walk_all(
        client, org, objects, _outsider_ok, before_each=lambda: client.force_login(outsider)
    )
    assert not failures, "An outsider reached the victim's pages:\n" + "\n".join(failures)
    assert snapshot() == before, "An outsider's request changed data."


def test_an_api_token_of_another_organisation_reaches_nothing(victim, client, outsider):
    org, objects = victim
    _token, raw = org_services.api_token_create(
        actor=outsider, organisation=outsider.memberships.get().organisation, name="Udefra"
    )
    # The victim's own token does reach its data, so the markers are real.
    _own, own_raw = org_services.api_token_create(
        actor=objects[ApiToken].user, organisation=org, name="Egen"
    )
    own = client.get(
        f"/api/v1/initiatives/{objects[Initiative].pk}", HTTP_AUTHORIZATION=f"Bearer {own_raw}"
    )
    assert own.status_code == 200
    assert SECRET_TITLE in own.content.decode()

    before = snapshot()
    failures = _walk_all(
        client,
        org,
        objects,
        lambda route, response: (
            not route.is_api
            or response.status_code in (400, 403, 404, 405, 422)
            or (response.status_code in (200, 201) and _api_lists_only_own(route))
        ),
        before_each=client.logout,
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert not failures, "Another organisation's token reached the victim:\n" + "\n".join(failures)
    assert snapshot() == before, "Another organisation's token changed the victim's data."


def _api_lists_only_own(route: Route) -> bool:
    """Routes without an object id answer for the token's own organisation (its lists, its
    overview, creating in its own catalogue); the secrets check proves they show nothing else."""
    return not any(k in AMBIGUOUS_KWARGS or k == "key" for k in route.kwargs)


def test_anonymous_visitors_are_sent_to_the_login(victim, client):
    org, objects = victim
    before = snapshot()
    failures = _walk_all(client, org, objects, _anonymous_ok, before_each=client.logout)
    assert not failures, "Anonymous requests were not refused:\n" + "\n".join(failures)
    assert snapshot() == before, "An anonymous request changed data."


# --- budget notes, indicators and status updates (issue 3: API routes) -----------------------

from indsats.budgets.models import BudgetNote  # noqa: E402
from indsats.followup.models import StatusRound, StatusUpdate  # noqa: E402
from indsats.indicators.models import Indicator, IndicatorValue  # noqa: E402

SECRET_NOTE = "Offerbys hemmelige budgetnotat"
SECRET_INDICATOR = "Offerbys fortrolige indikator"
SECRET_STATUS = "Offerbys interne statustekst"
SECRETS += [SECRET_NOTE, SECRET_INDICATOR, SECRET_STATUS]

ROUTE_MODELS.update(
    {
        **dict.fromkeys(
            [
                "api:get_budget_note",
                "api:update_budget_note",
                "api:delete_budget_note",
                "api:set_allocation",
                "api:set_spending",
                "api:budget_note_history",
            ],
            BudgetNote,
        ),
        **dict.fromkeys(
            [
                "api:get_indicator",
                "api:update_indicator",
                "api:delete_indicator",
                "api:list_values",
                "api:add_value",
                "api:withdraw_value",
                "api:restore_value",
            ],
            Indicator,
        ),
        **dict.fromkeys(["api:list_status_updates", "api:create_status_update"], Initiative),
        **dict.fromkeys(["api:get_status_update", "api:correct_status_update"], StatusUpdate),
    }
)


def _followup_objects(org, owner, initiative) -> dict:
    """A budget note with allocation and spending, an indicator with a value, a status update."""
    from indsats.budgets import services as budget_services
    from indsats.followup import services as followup_services
    from indsats.indicators import services as indicator_services

    note = budget_services.budget_note_create(
        organisation=org,
        actor=owner,
        code="OF1",
        title=SECRET_NOTE,
        budget_year=2026,
        initiatives=[initiative],
    )
    budget_services.allocation_set(note=note, actor=owner, amounts={2026: SECRET_AMOUNT})
    budget_services.spending_set(note=note, actor=owner, year=2026, amount=SECRET_AMOUNT)
    indicator = indicator_services.indicator_create(
        organisation=org, actor=owner, name=SECRET_INDICATOR, unit="count", initiative=initiative
    )
    status = followup_services.status_update_create(
        initiative=initiative,
        actor=owner,
        as_of=dt.date(2025, 12, 31),
        state="on_track",
        text=SECRET_STATUS,
        values=[followup_services.ReportedValue(indicator, 2025, Decimal(17))],
    )
    status_round = followup_services.status_round_create(
        actor=owner,
        organisation=org,
        name=SECRET_STATUS + " runde",
        as_of=dt.date(2026, 4, 1),
        due_date=dt.date(2026, 4, 15),
        initiatives=[initiative],
    )
    return {
        BudgetNote: note,
        Indicator: indicator,
        StatusUpdate: status,
        StatusRound: status_round,
        IndicatorValue: status.indicator_values.get(),
    }


# --- budget notes, indicators and status updates (issue 3: the pages) -----------------------

KWARG_MODELS.update(
    {
        "note_pk": (BudgetNote, "pk"),
        "indicator_pk": (Indicator, "pk"),
        "status_pk": (StatusUpdate, "pk"),
        "round_pk": (StatusRound, "pk"),
        "value_pk": (IndicatorValue, "pk"),  # withdraw / undo a value (issue 10)
        "value_id": (IndicatorValue, "pk"),
    }
)


@pytest.mark.parametrize(
    "url",
    [
        "/casebank/{slug}/",
        "/casebank/{slug}/bilag/{media}/",
        "/api/v1/casebank/cases/{slug}",
    ],
)
def test_unpublished_cases_are_404_on_the_public_case_bank(victim, client, url):
    _org, objects = victim
    case, media = objects[Case], objects[CaseMedia]
    response = client.get(url.format(slug=case.slug, media=media.pk))
    assert response.status_code == 404
    for listing in ("/casebank/", "/casebank/feed.atom", "/api/v1/casebank/cases?q=frafald"):
        assert "Offerbys hemmelige casekladde" not in client.get(listing).content.decode()


# --- the case bank: the municipality's pages and the editors' (issue 5) ---------------------

from indsats.casebank.models import Case, CaseMedia, Consent  # noqa: E402

SECRET_CASE = "Offerbys hemmelige casekladde"
SECRETS += [SECRET_CASE, "Offerbys fortrolige video"]

KWARG_MODELS.update(
    {
        "case_pk": (Case, "pk"),
        "media_pk": (CaseMedia, "pk"),
        "consent_pk": (Consent, "pk"),
    }
)


def _casebank_objects(org, owner, initiative) -> dict:
    """A submitted case with a video covered by a consent (the editors' routes need it too)."""
    from indsats.casebank import services as casebank_services

    case = casebank_services.case_create(
        actor=owner,
        organisation=org,
        title=SECRET_CASE,
        summary="Kun for Offerby.",
        source_initiative=initiative,
    )
    video = casebank_services.media_add(
        case=case,
        actor=owner,
        kind="video",
        title="Offerbys fortrolige video",
        url="https://video.example/offerby",
    )
    consent = casebank_services.consent_add(
        case=case,
        actor=owner,
        person="Offerbys medarbejder",
        given_on=dt.date(2025, 1, 1),
        media=[video],
    )
    casebank_services.case_transition(case=case, actor=owner, action="submit")
    return {Case: case, CaseMedia: video, Consent: consent}


# --- strategies (issue 4) ---------------------------------------------------------------------

from indsats.strategies.models import (  # noqa: E402
    NationalProgramme,
    ProgrammeItem,
    ProgrammeResponse,
    Strategy,
    StrategyFocusArea,
    StrategyInitiative,
    SuccessCriterion,
)

SECRET_STRATEGY = "Offerbys hemmelige strategi"
SECRETS += [SECRET_STRATEGY, "Offerbys fortrolige succeskriterium", "Offerbys lukkede udspil"]

KWARG_MODELS.update(
    {
        "strategy_pk": (Strategy, "pk"),
        "area_pk": (StrategyFocusArea, "pk"),
        "link_pk": (StrategyInitiative, "pk"),
        "criterion_pk": (SuccessCriterion, "pk"),
        "programme_pk": (NationalProgramme, "pk"),
        "item_pk": (ProgrammeItem, "pk"),
        "response_pk": (ProgrammeResponse, "pk"),
    }
)
ROUTE_MODELS.update(
    {
        "api:get_strategy": Strategy,
        "api:create_criterion": Strategy,
        "api:update_criterion": SuccessCriterion,
        "api:update_response": ProgrammeResponse,
    }
)


def _strategy_objects(org, owner, initiative) -> dict:
    """A strategy with a focus area, a linked initiative, a criterion and a programme response."""
    from indsats.strategies import services as strategy_services

    strategy = strategy_services.strategy_create(
        organisation=org, actor=owner, title=SECRET_STRATEGY, start_year=2024, end_year=2027
    )
    area = strategy_services.focus_area_save(strategy=strategy, actor=owner, name="Offerbys fokus")
    link = strategy_services.initiative_link(
        focus_area=area, actor=owner, initiative=initiative, state="started"
    )
    criterion = strategy_services.criterion_create(
        strategy=strategy,
        actor=owner,
        focus_area=area,
        statement="Offerbys fortrolige succeskriterium",
        kind="min_year",
        source="kpi",
        kpi="started",
        baseline_year=2024,
        target_value=Decimal(5),
        deadline_year=2027,
    )
    programme = strategy_services.programme_save(
        strategy=strategy, actor=owner, name="Offerbys lukkede udspil"
    )
    item = strategy_services.item_save(programme=programme, actor=owner, text="Offerbys punkt")
    response = strategy_services.response_create(
        item=item, actor=owner, text="Offerbys svar", status="awaiting"
    )
    return {
        Strategy: strategy,
        StrategyFocusArea: area,
        StrategyInitiative: link,
        SuccessCriterion: criterion,
        NationalProgramme: programme,
        ProgrammeItem: item,
        ProgrammeResponse: response,
    }


def _pipeline_objects(org, owner) -> dict:
    """Entered pipeline totals: a cohort, a breakdown, sick leave and a required intake."""
    from indsats.students import services_totals

    figures = services_totals.cohort_figures_save(
        organisation=org,
        actor=owner,
        education="ssh",
        cohort_year=2022,
        started=37,
        completed=31,
        dropped_out=6,
        hired=19,
        note=SECRET_TITLE,
    )
    services_totals.breakdown_figures_set(
        organisation=org,
        actor=owner,
        kind="place",
        education="ssh",
        year=2022,
        counts={SECRET_UNIT: 19},
    )
    services_totals.sick_leave_figure_set(
        organisation=org, actor=owner, education="", year=2023, rate=Decimal("8.64")
    )
    services_totals.required_intake_set(
        organisation=org, actor=owner, education="ssh", year=2023, required=27
    )
    return {CohortFigures: figures}


# --- the strategy follow-up report (issue 4) -------------------------------------------------

# Strategy, SECRET_STRATEGY and the strategy_pk kwarg are registered in the strategies section.


def _strategy_report_objects(org, initiative) -> dict:
    """A strategy with a focus area holding the secret initiative, and entered cohort totals."""
    from indsats.strategies.models import StrategyFocusArea, StrategyInitiative
    from indsats.students.models import CohortFigures

    strategy = Strategy.objects.filter(organisation=org).first() or Strategy.objects.create(
        organisation=org, title=SECRET_STRATEGY, start_year=2024, end_year=2027
    )
    area = StrategyFocusArea.objects.create(strategy=strategy, name="Offerbys fokusområde")
    StrategyInitiative.objects.create(focus_area=area, initiative=initiative, state="started")
    CohortFigures.objects.get_or_create(
        organisation=org,
        education="ssh",
        cohort_year=2022,
        defaults={"started": 37, "completed": 31, "dropped_out": 6, "hired": 19},
    )
    return {Strategy: strategy}


# --- student-level records (issue 4) --------------------------------------------------------

from indsats.students.models import Student  # noqa: E402

SECRET_STUDENT_KEY = "OFFERBY-ELEV-7"
SECRET_PLACE = "Offerbys lukkede plejecenter"
SECRETS += [SECRET_STUDENT_KEY, SECRET_PLACE]

KWARG_MODELS.update({"student_pk": (Student, "pk")})


def _student_objects(org) -> dict:
    """A student with a training place; the student-data pages need one."""
    from indsats.students.services import student_records_apply
    from tests.students.records import student

    base = student(0, key=SECRET_STUDENT_KEY)
    phases = tuple(
        type(p)(phase=p.phase, start=p.start, end=p.end, place=SECRET_PLACE if p.place else "")
        for p in base.phases
    )
    student_records_apply(
        organisation=org,
        actor=None,
        students=[type(base)(**{**base.__dict__, "phases": phases, "hired_where": SECRET_PLACE})],
        source="offerby.xlsx",
    )
    return {Student: Student.objects.get(organisation=org, key=SECRET_STUDENT_KEY)}
