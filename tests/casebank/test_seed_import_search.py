"""The issue's acceptance test: the seed's cases (seed 003, KL's case bank) imported through the
case import, then searched as a user would — on SQLite and PostgreSQL alike (the suite runs on
both)."""

import io

import pytest

from indsats.casebank.models import Case, Region
from indsats.casebank.selectors import search_cases
from indsats.casebank.transfer import CASES as COLUMNS
from indsats.casebank.transfer import case_import
from indsats.demo.casebank import CASES as SEED

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in COLUMNS.columns]


def seed_csv() -> bytes:
    """Seed 003's eight cases as a CSV the way a consultant would write it from KL's pages:
    no HTML, Danish region names, some fields left empty."""
    rows = []
    for case in SEED:
        row = {
            "Kommune": case["municipality"],
            "Region": Region(case["region"]).label.removeprefix("Region "),
            "Titel": case["title"],
            "Resumé": case["summary"],
            "Startår": case.get("start_year") or "",
            "Kernen i indsatsen": case.get("core", ""),
            "Effekter": case.get("effects", ""),
            "Temaer": ", ".join(case["tags"].get("theme", [])),
            "Målgrupper": ", ".join(case["tags"].get("target_group", [])),
            "Faggrupper": ", ".join(case["tags"].get("profession", [])),
        }
        rows.append(";".join(str(row.get(h, "")).replace(";", ",") for h in HEADERS))
    return ("\ufeff" + "\r\n".join([";".join(HEADERS), *rows]) + "\r\n").encode("utf-8")


@pytest.fixture
def imported(db):
    result = case_import(actor=None, file=io.BytesIO(seed_csv()), file_name="Cases.csv")
    assert Case.objects.count() == 8, result
    return result


def municipalities(query: str) -> set[str]:
    return {c.municipality for c in search_cases(query=query, per_page=50).cases}


def test_frafald_finds_the_cases_about_dropout(imported):
    # "frafald" matches "frafaldet" (Esbjerg), "elevfrafald"/"frafaldet" (Frederikshavn) and
    # "frafald" (Aalborg) — and no case that is not about dropout.
    assert municipalities("frafald") == {
        "Esbjerg Kommune",
        "Frederikshavn Kommune",
        "Aalborg Kommune",
    }


def test_praktikvejleder_finds_the_case_about_praktikvejledere(imported):
    assert "Esbjerg Kommune" in municipalities("praktikvejleder")


def test_sprog_finds_the_language_cases(imported):
    assert "Lolland Kommune" in municipalities("sprog")


def test_the_matches_are_highlighted(imported):
    results = search_cases(query="praktikvejleder").cases
    esbjerg = next(c for c in results if c.municipality == "Esbjerg Kommune")
    # The inflected form in the title is marked, found through its stem.
    assert "<mark>Praktikvejledere</mark>" in str(esbjerg.title_html)
