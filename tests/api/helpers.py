"""Helpers shared by the API tests."""

from __future__ import annotations

import functools
import re

from indsats.api.api import api


def error_fields(response) -> list[str]:
    return [e["field"] for e in response.json()["detail"]]


def error_messages(response) -> str:
    return " ".join(e["message"] for e in response.json()["detail"])


def routes() -> list[tuple[str, str]]:
    """Every (method, path) the ninja API has registered, e.g. ("PATCH", "/initiatives/{id}")."""
    api.urls  # noqa: B018 - building the urls mounts the routers
    found = []
    for prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append((method.upper(), prefix + operation.path))
    return found


def path_params(path: str) -> list[str]:
    return re.findall(r"{(\w+)}", path)


@functools.cache
def _schema() -> dict:
    return api.get_openapi_schema()


def documented_statuses(method: str, path: str) -> set[int]:
    schema = _schema()
    operation = schema["paths"]["/api/v1" + path][method.lower()]
    return {int(code) for code in operation["responses"]}


def assert_documented(method: str, path: str, response) -> None:
    documented = documented_statuses(method, path)
    assert response.status_code in documented, (
        f"{method} {path} answered {response.status_code}, which its OpenAPI entry does not list "
        f"({sorted(documented)})"
    )
