"""The API against its own OpenAPI schema, with inputs schemathesis generates from it: no
answer is a 500, and every answer (status, content type, body) is one the schema documents.
Bounded (a few examples per operation) so it runs in a few minutes in CI."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_connection():
    """Calling the WSGI application directly (as schemathesis does) fires request_finished,
    whose close_old_connections would close the test's database connection on PostgreSQL
    (and with it the test's transaction). Django's own test client disconnects it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_api_answers_every_generated_request_as_documented(
    keep_connection, make_token, consultant, org, catalogue
):
    # schemathesis' own pytest plugin does not run under pytest 9; its strategies do.
    from indsats.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    headers = {"Authorization": f"Bearer {make_token(consultant, org)}"}
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,  # the same examples every run: a CI failure can be reproduced
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collect them all
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert operations > 40
    assert failures == [], "\n\n".join(failures)
