"""/strategies: the strategy with criteria progress; writes for criteria and programme
responses (400 for a kind that does not fit, 409 for a stale version)."""

from decimal import Decimal

import pytest

from indsats.strategies.models import ProgrammeResponse, SuccessCriterion
from indsats.students.models import CohortFigures

from .routes import strategy_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(org):
    strategy, _criterion, _response = strategy_objects(org)
    for year, unskilled in ((2023, 11), (2024, 6)):
        CohortFigures.objects.create(
            organisation=org, education="ssh", cohort_year=year, started=30,
            internal_unskilled=unskilled,
        )  # fmt: skip
    return strategy


def test_list_and_detail_with_progress(api, strategy):
    listing = api.get("/strategies")
    assert listing.status_code == 200
    assert [s["title"] for s in listing.json()] == ["API-strategi"]
    detail = api.get(f"/strategies/{strategy.pk}").json()
    criterion = detail["criteria"][0]
    assert criterion["kind"] == "min_year"
    progress = criterion["progress"]
    assert progress["verdict"] == "off_track"
    assert progress["series"] == {"2023": "11", "2024": "6"}
    assert progress["explanation"] == (
        "Senest 6 (2024); målet er mindst 8 hvert år til 2027. Det seneste år nåede ikke målet."
    )
    response = detail["programmes"][0]["items"][0]["responses"][0]
    assert response["status"] == "awaiting"


def test_create_criterion_and_refuse_a_kind_that_does_not_fit(api, strategy):
    body = {
        "statement": "Sygefraværet ned med 1 procentpoint.",
        "kind": "change_pp",
        "source": "kpi",
        "kpi": "sick_leave_rate",
        "direction": "lower",
        "baseline_value": "8.64",
        "baseline_year": 2023,
        "target_value": "-1",
        "deadline_year": 2027,
    }
    created = api.post(f"/strategies/{strategy.pk}/criteria", body)
    assert created.status_code == 201, created.content
    assert created.json()["baseline_value"] == "8.64"
    refused = api.post(f"/strategies/{strategy.pk}/criteria", {**body, "kpi": "started"})
    assert refused.status_code == 400
    assert refused.json()["detail"][0]["field"] == "kind"
    assert "tæller antal" in refused.json()["detail"][0]["message"]
    floats = api.post(f"/strategies/{strategy.pk}/criteria", {**body, "target_value": -1.0})
    assert floats.status_code == 422


def test_patch_criterion_with_a_stale_version_is_409(api, strategy):
    criterion = SuccessCriterion.objects.get(strategy=strategy)
    ok = api.patch(f"/criteria/{criterion.pk}", {"version": criterion.version, "target_value": "9"})
    assert ok.status_code == 200
    assert ok.json()["target_value"] == "9"
    stale = api.patch(
        f"/criteria/{criterion.pk}", {"version": criterion.version, "target_value": "7"}
    )
    assert stale.status_code == 409
    criterion.refresh_from_db()
    assert criterion.target_value == Decimal(9)


def test_set_a_programme_response_status(api, strategy, reader_api):
    response = ProgrammeResponse.objects.get(item__programme__strategy=strategy)
    body = {"version": response.version, "status": "implemented", "status_year": 2024,
            "status_note": "primo 2024"}  # fmt: skip
    assert reader_api.patch(f"/programme-responses/{response.pk}", body).status_code == 403
    answer = api.patch(f"/programme-responses/{response.pk}", body)
    assert answer.status_code == 200
    assert answer.json()["status"] == "implemented"
    response.refresh_from_db()
    assert (response.status, response.status_year, response.version) == ("implemented", 2024, 2)
