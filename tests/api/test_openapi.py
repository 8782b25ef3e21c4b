"""The generated OpenAPI schema documents every status code each operation can answer with.

The route walks in test_tenancy.py check the other direction: every status actually answered
there is one the schema lists."""

from __future__ import annotations

import pytest

from .helpers import path_params, routes
from .routes import PUBLIC_ROUTES


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path.removeprefix("/api/v1"), operation


def test_schema_identity(schema):
    assert schema["info"]["title"] == "Indsats API" and schema["info"]["version"] == "1"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert '"1008000.00"' in schema["info"]["description"]


def test_every_registered_route_is_in_the_schema(schema):
    documented = {(m, p) for m, p, _ in operations(schema)}
    assert set(routes()) == documented


def test_status_codes_per_operation(schema):
    for method, path, operation in operations(schema):
        codes = {int(c) for c in operation["responses"]}
        where = f"{method} {path}: {sorted(codes)}"
        if (method, path) in PUBLIC_ROUTES:
            assert 401 not in codes and not operation.get("security"), where
        else:
            assert 401 in codes, where
            assert operation.get("security"), where
        if path_params(path):
            assert 404 in codes, where
        if method != "GET":
            assert 403 in codes, where
        if method in ("PATCH", "PUT"):
            assert {400, 409, 422} <= codes, where
        typed = [
            p
            for p in operation.get("parameters", [])
            if p["in"] == "query" or p["schema"].get("type") != "string"
        ]
        if "requestBody" in operation or typed:  # input that can fail validation
            assert 422 in codes, where
        if method == "DELETE":
            assert 204 in codes and 409 in codes, where
        successes = [c for c in codes if c < 300]
        assert len(successes) == 1, where


def test_errors_share_one_documented_shape(schema):
    for method, path, operation in operations(schema):
        for code, response in operation["responses"].items():
            if int(code) >= 400:
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), f"{method} {path} {code}"
    error = schema["components"]["schemas"]["FieldError"]
    assert set(error["properties"]) == {"field", "message"}


def test_amounts_are_documented_as_strings(schema):
    components = schema["components"]["schemas"]

    def prop(name, field):
        spec = components[name]["properties"][field]
        return spec.get("anyOf", [spec])[0]

    assert prop("YearCostOut", "yearly")["type"] == "string"
    assert prop("CostLineResultOut", "formula_amount")["type"] == "string"
    assert prop("CostLineIn", "stated_amount")["type"] == "string"
    assert prop("FactorIn", "value")["type"] == "string"
