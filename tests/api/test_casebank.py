"""/api/v1/casebank: public and read-only; only published cases; media filtered by consent."""

from __future__ import annotations

import datetime as dt

import pytest

from indsats.casebank import services
from indsats.casebank.models import Case, CaseStatus
from tests.casebank.seed_cases import create_seed_cases

from .helpers import assert_documented
from .routes import public_routes

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    return create_seed_cases()


def test_the_public_routes_are_registered():
    assert set(public_routes()) == {("GET", "/casebank/cases"), ("GET", "/casebank/cases/{slug}")}


def test_search_without_a_token(anonymous_api, seed):
    response = anonymous_api.get("/casebank/cases", {"q": "praktikvejleder"})
    assert response.status_code == 200
    assert_documented("GET", "/casebank/cases", response)
    body = response.json()
    assert body["total"] == 1
    case = body["results"][0]
    assert case["municipality"] == "Esbjerg Kommune"
    assert case["url"].endswith(f"/casebank/{seed['Esbjerg'].slug}/")
    assert case["themes"] == ["Fastholdelse", "Uddannelse"]
    assert "<mark>praktikvejledere</mark>" in case["headline"]
    assert body["suggestion"] == ""


def test_search_suggests_a_spelling(anonymous_api, seed):
    response = anonymous_api.get("/casebank/cases", {"q": "praktikvejledr"})
    assert_documented("GET", "/casebank/cases", response)
    body = response.json()
    assert (body["total"], body["suggestion"]) == (0, "praktikvejledere")


def test_search_filters_sorting_and_paging(anonymous_api, seed):
    body = anonymous_api.get("/casebank/cases?region=nordjylland&sortering=municipality").json()
    assert [c["municipality"] for c in body["results"]] == [
        "Frederikshavn Kommune",
        "Aalborg Kommune",
    ]
    body = anonymous_api.get("/casebank/cases?tema=Fastholdelse&tema=Faglighed&per_side=2").json()
    assert (body["total"], body["pages"], len(body["results"])) == (5, 3, 2)
    assert {"name": "Fastholdelse", "count": 3} in body["themes"]


def test_bad_parameters_are_422(anonymous_api, seed):
    for query in ("sortering=random", "startaar=abc", "region=atlantis", "side=0"):
        response = anonymous_api.get(f"/casebank/cases?{query}")
        assert response.status_code == 422, query
        assert_documented("GET", "/casebank/cases", response)


def test_a_case_with_visible_media_only(anonymous_api, seed):
    case = seed["Horsens"]
    video = services.media_add(
        case=case, actor=None, kind="video", title="Video", url="https://video.example.org/1"
    )
    services.media_add(case=case, actor=None, kind="link", title="Link", url="https://x.dk/2")
    consent = services.consent_add(
        case=case, actor=None, person="Guide", given_on=dt.date(2024, 1, 1), media=[video]
    )
    url = f"/casebank/cases/{case.slug}"
    body = anonymous_api.get(url).json()
    assert body["title"] == "Hverdagsguider sætter ord på faglig stolthed"
    assert [m["title"] for m in body["media"]] == ["Video", "Link"]
    services.consent_withdraw(consent=consent, actor=None)
    response = anonymous_api.get(url)
    assert_documented("GET", "/casebank/cases/{slug}", response)
    assert [m["title"] for m in response.json()["media"]] == ["Link"]


@pytest.mark.parametrize("status", [CaseStatus.DRAFT, CaseStatus.WITHDRAWN, CaseStatus.UNPUBLISHED])
def test_unpublished_cases_are_404_and_not_listed(anonymous_api, seed, status):
    case = seed["Lolland"]
    Case.objects.filter(pk=case.pk).update(status=status)
    response = anonymous_api.get(f"/casebank/cases/{case.slug}")
    assert response.status_code == 404
    assert_documented("GET", "/casebank/cases/{slug}", response)
    assert response.json()["detail"][0]["message"].startswith("Der findes ingen")
    assert anonymous_api.get("/casebank/cases", {"q": "sprog"}).json()["total"] == 0
