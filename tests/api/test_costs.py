"""Computed costs on the Ballerup demo (seeds 000/001)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from indsats.initiatives.models import Initiative

from .helpers import error_fields, error_messages

MONEY = re.compile(r"^-?\d+\.\d{2}$")


@pytest.fixture
def ballerup_api(ballerup, make_api):
    from django.contrib.auth import get_user_model

    return make_api(
        get_user_model().objects.get(username="politiker"), ballerup
    )  # read-only is enough


def _id(org, code):
    return Initiative.objects.get(organisation=org, code=code).pk


def test_release_time_range_over_scenarios(ballerup, ballerup_api):
    response = ballerup_api.get(f"/initiatives/{_id(ballerup, '1.1')}/costs", {"year": 2020})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["range"] == {
        "one_time_low": "0.00",
        "one_time_high": "0.00",
        "yearly_low": "1008000.00",
        "yearly_high": "4032000.00",
    }
    assert [(s["name"], s["cost"]["yearly"]) for s in body["scenarios"]] == [
        ("5 timer pr. md.", "1008000.00"),
        ("10 timer pr. md.", "2016000.00"),
        ("15 timer pr. md.", "3024000.00"),
        ("20 timer pr. md.", "4032000.00"),
    ]
    assert body["parameters"] == {"timepris_frikob": "201.6"}


def test_a_chosen_scenario_drives_lines_and_totals(ballerup, ballerup_api):
    initiative = Initiative.objects.get(organisation=ballerup, code="1.1")
    fifteen = initiative.scenarios.get(name="15 timer pr. md.")
    body = ballerup_api.get(
        f"/initiatives/{initiative.pk}/costs", {"year": 2020, "scenario": fifteen.pk}
    ).json()
    assert body["scenario"] == {"id": fifteen.pk, "name": "15 timer pr. md."}
    assert body["lines"][0]["amount"] == "3024000.00"
    assert (
        body["lines"][0]["expression"]
        == "100 personer × 15 timer × 10 mdr. × 201,60 kr. = 3.024.000 kr."
    )
    assert body["totals"] == {"one_time": "0.00", "yearly": "3024000.00", "total": "3024000.00"}


def test_formula_and_decided_amount_are_kept_apart(ballerup, ballerup_api):
    body = ballerup_api.get(f"/initiatives/{_id(ballerup, '3.2')}/costs", {"year": 2020}).json()
    course, release = body["lines"]
    assert (
        course["formula_amount"] is None
        and course["stated_amount"] == "226500.00"
        and not course["differs"]
    )
    assert release["formula_amount"] == "403200.00"
    assert release["stated_amount"] == "403000.00"
    assert release["amount"] == "403000.00"
    assert release["differs"] is True
    assert release["expression"] == "1.000 personer × 2 timer × 201,60 kr. = 403.200 kr."
    assert body["totals"]["one_time"] == "629500.00"
    assert body["scenario"] is None and body["scenarios"] == []


def test_every_amount_is_a_two_decimal_string(ballerup, ballerup_api):
    body = ballerup_api.get(f"/initiatives/{_id(ballerup, '3.2')}/costs").json()
    amounts = [*body["totals"].values(), *body["range"].values()]
    for line in body["lines"]:
        amounts += [line["amount"], line["stated_amount"]] + (
            [line["formula_amount"]] if line["formula_amount"] else []
        )
    assert amounts and all(isinstance(a, str) and MONEY.match(a) for a in amounts)


def test_bad_year_and_foreign_scenario(ballerup, ballerup_api):
    initiative = _id(ballerup, "1.1")
    response = ballerup_api.get(f"/initiatives/{initiative}/costs", {"year": 3000})
    assert response.status_code == 422
    assert error_fields(response) == [
        "year"
    ] and "Feltet »year« må højst være 2100." in error_messages(response)
    response = ballerup_api.get(f"/initiatives/{initiative}/costs", {"year": "i år"})
    assert response.status_code == 422 and "helt tal" in error_messages(response)
    other = Initiative.objects.get(organisation=ballerup, code="3.1").scenarios.first()
    response = ballerup_api.get(f"/initiatives/{initiative}/costs", {"scenario": other.pk})
    assert response.status_code == 404 and error_fields(response) == ["scenario"]


def test_prioritisation_totals_and_cumulated(ballerup, ballerup_api):
    response = ballerup_api.get("/prioritisation", {"year": 2020})
    assert response.status_code == 200, response.content
    body = response.json()
    steps = [s for s in body["steps"] if s["step"] is not None]
    assert [s["step"] for s in steps] == [1, 2, 3, 4]
    running = Decimal(0)
    for step in steps:
        total = Decimal(step["total"]["total"])
        assert total == Decimal(step["total"]["one_time"]) + Decimal(step["total"]["yearly"])
        total_rows = sum(
            Decimal(i["cost"]["total"]) for t in step["themes"] for i in t["initiatives"]
        )
        assert total_rows == total
        running += total
        assert Decimal(step["cumulated"]["total"]) == running
    assert step["frame"] == "2000000.00"
    first = {i["code"]: i for t in steps[0]["themes"] for i in t["initiatives"]}
    assert (
        first["1.1"]["range"]["yearly_low"] == "1008000.00"
        and first["1.1"]["range"]["yearly_high"] == "4032000.00"
    )
    assert first["1.1"]["cost"]["yearly"] == "1008000.00"  # its first scenario, 5 hours a month


def test_prioritisation_follows_the_year(ballerup, ballerup_api):
    """2.3 is paid only in 2020–2022."""

    def elderlearn(year):
        body = ballerup_api.get("/prioritisation", {"year": year}).json()
        rows = {i["code"]: i for s in body["steps"] for t in s["themes"] for i in t["initiatives"]}
        return rows["2.3"]["cost"]["yearly"]

    assert elderlearn(2021) == "135000.00"
    assert elderlearn(2023) == "0.00"
