"""Every student-level route (pages, export, API) is walked: members without student-data
access get 403, members with it get 200 and every view of records is in the audit log."""

from __future__ import annotations

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from indsats.core.models import AuditLog
from indsats.organisations import services as org_services
from indsats.students.models import Student
from indsats.students.services import student_records_apply

from .records import cohort

API_ROUTES = [
    ("GET", "/api/v1/students", None),
    ("GET", "/api/v1/students/{key}", None),
    (
        "POST",
        "/api/v1/students/import",
        {"source": "API", "students": []},
    ),
]
# Pages that show records (one or many) and so write an audit "view" row.
RECORD_VIEWS = {"student_data:list", "student_data:detail", "student_data:export"}


def student_pages() -> list[tuple[str, str]]:
    """(name, route) of every page under the student_data namespace, found in the URLconf so
    that a new page is walked without being listed here."""
    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace == "student_data":
                found.append((f"student_data:{p.name}", prefix + str(p.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture
def records(org):
    student_records_apply(organisation=org, actor=None, students=cohort(6), source="x")
    return Student.objects.filter(organisation=org).order_by("pk").first()


def page_url(route: str, org, student) -> str:
    return "/" + route.replace("<slug:org>", org.slug).replace("<int:student_pk>", str(student.pk))


def test_the_walk_finds_every_page():
    names = {name for name, _ in student_pages()}
    assert names == {
        "student_data:list",
        "student_data:import",
        "student_data:export",
        "student_data:template",
        "student_data:csv_template",
        "student_data:retention",
        "student_data:detail",
        "student_data:delete",
        "student_data:lookup",
        "student_data:access_log",
        "student_data:access_log_csv",
    }


@pytest.mark.parametrize(
    "role,flag", [("consultant", False), ("admin", False), ("manager", False), ("readonly", True)]
)
def test_members_without_student_access_get_403_everywhere(
    client, org, make_member, records, role, flag
):
    user = make_member(org, role, f"uden-{role}")
    user.memberships.update(student_access=flag)
    client.force_login(user)
    audit_before = AuditLog.objects.count()
    failures = []
    for _name, route in student_pages():
        url = page_url(route, org, records)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code not in (403, 405):
                failures.append(f"{method.upper()} {url} -> {response.status_code}")
            if method == "get" and response.status_code != 403:
                failures.append(f"GET {url} -> {response.status_code}, not 403")
    _raw = org_services.api_token_create(actor=user, organisation=org, name="n")[1]
    for method, path, body in API_ROUTES:
        url = path.replace("{key}", records.key)
        response = client.generic(
            method,
            url,
            "" if body is None else json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {_raw}",
        )
        if response.status_code != 403:
            failures.append(f"API {method} {url} -> {response.status_code}")
    assert not failures, "\n".join(failures)
    assert Student.objects.count() == 6
    assert not AuditLog.objects.filter(action="view").exists()
    assert AuditLog.objects.count() == audit_before + 1  # the token's creation only


# Routes that answer a consultant's GET with something else than a page: deleting is a POST,
# »find« redirects to the record, and the access log is for administrators.
NOT_A_PAGE = {
    "student_data:delete": 405,
    "student_data:lookup": 302,
    "student_data:access_log": 403,
    "student_data:access_log_csv": 403,
}


def test_a_member_with_student_access_reaches_every_route_and_each_view_is_audited(
    client, org, make_member, records
):
    user = make_member(org, "consultant", "med-adgang")
    user.memberships.update(student_access=True)
    client.force_login(user)
    for name, route in student_pages():
        url = page_url(route, org, records)
        views_before = AuditLog.objects.filter(action="view").count()
        response = client.get(url)
        assert response.status_code == NOT_A_PAGE.get(name, 200), (url, response.status_code)
        views = AuditLog.objects.filter(action="view").order_by("-pk")
        if name in RECORD_VIEWS:
            assert views.count() == views_before + 1, url
            row = views.first()
            assert row.actor == user and row.organisation == org
            assert row.object_type in ("student", "student_list")
            assert records.key not in row.object_repr  # no personal data in the log's text
        else:
            assert views.count() == views_before, url
    raw = org_services.api_token_create(actor=user, organisation=org, name="n")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    for path, object_type in (
        ("/api/v1/students", "student_list"),
        (f"/api/v1/students/{records.key}", "student"),
    ):
        before = AuditLog.objects.filter(action="view", object_type=object_type).count()
        assert client.get(path, **headers).status_code == 200
        assert AuditLog.objects.filter(action="view", object_type=object_type).count() == before + 1
    response = client.post(
        "/api/v1/students/import",
        {"source": "API", "students": []},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200


def test_the_retention_page_is_for_admins_and_consultants(client, org, make_member, records):
    manager = make_member(org, "manager", "leder-med-adgang")
    manager.memberships.update(student_access=True)
    client.force_login(manager)
    assert client.get(f"/o/{org.slug}/elever/data/").status_code == 200
    assert client.get(f"/o/{org.slug}/elever/data/opbevaring/").status_code == 403
    assert (
        client.post(f"/o/{org.slug}/elever/data/opbevaring/", {"confirm": "on"}).status_code == 403
    )
    assert Student.objects.count() == 6


def test_another_organisations_member_with_access_gets_404(
    client, org, other_org, make_member, records
):
    user = make_member(other_org, "admin", "anden-med-adgang")
    user.memberships.update(student_access=True)
    client.force_login(user)
    for name, route in student_pages():
        assert client.get(page_url(route, org, records)).status_code == 404, name
    own = page_url(dict(student_pages())["student_data:detail"], other_org, records)
    assert client.get(own).status_code == 404  # the student is not the other organisation's
