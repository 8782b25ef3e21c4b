"""The search corpus: one query language, the same hits on SQLite and PostgreSQL.

KL's eight seed cases and four more cases, published; each query below lists exactly the cases
(by municipality) it must find. ``./dev test tests/casebank`` runs this file on both databases,
so a query that answered differently on one of them fails there. The queries cover Danish word
endings, compounds split into parts (both ways), ae/oe/aa spellings, OR, "phrases",
exclusions, prefixes, words the stemmer would merge ("ledige" is not "ledelse") and
misspellings with their "Mente du …?" suggestion."""

from __future__ import annotations

import pytest

from indsats.casebank import services
from indsats.casebank.models import CaseStatus, Region
from indsats.casebank.selectors import search_cases

from .seed_cases import create_seed_cases

pytestmark = pytest.mark.django_db

MORE_CASES = [
    {
        "municipality": "Københavns Kommune",
        "region": Region.HOVEDSTADEN,
        "title": "Sosuelever får en mentor fra første dag",
        "summary": (
            "Københavns Kommune giver alle nye sosuelever en fast mentor fra hjemmeplejen. "
            "Mentorerne er erfarne social- og sundhedsassistenter."
        ),
        "tags": {"theme": ["Fastholdelse"], "target_group": ["Elever"]},
    },
    {
        "municipality": "Ærø Kommune",
        "region": Region.SYDDANMARK,
        "title": "Ældre medarbejdere bliver længere på arbejdsmarkedet",
        "summary": (
            "Ærø Kommune tilbyder seniorsamtaler og nedsat tid til ældre medarbejdere i "
            "ældreplejen, så erfarne kolleger bliver i faget."
        ),
        "tags": {"theme": ["Fastholdelse"], "target_group": ["Medarbejdere"]},
    },
    {
        "municipality": "Herning Kommune",
        "region": Region.MIDTJYLLAND,
        "title": "Sygefraværet halveret med tidlig dialog",
        "summary": (
            "Lederne i Hernings hjemmepleje tager en fraværssamtale allerede på tredjedagen. "
            "Sygefravær og trivsel følges hver måned sammen med arbejdsmiljørepræsentanten."
        ),
        "tags": {"theme": ["Arbejdsmiljø"], "target_group": ["Medarbejdere"]},
    },
    {
        "municipality": "Holstebro Kommune",
        "region": Region.MIDTJYLLAND,
        "title": "Praktikvejledning for nyuddannede sygeplejersker",
        "summary": (
            "Nyuddannede sygeplejersker i Holstebro får et introduktionsforløb med en fast "
            "vejleder det første halve år. Introforløbet har øget fastholdelsen markant."
        ),
        "tags": {"theme": ["Fastholdelse", "Rekruttering"], "target_group": ["Nyuddannede"]},
    },
]

# query → the municipalities (without " Kommune") it must find, on both databases.
CORPUS = {
    # Danish word endings: the exact stem, not a prefix
    "frafald": {"Aalborg", "Esbjerg", "Frederikshavn"},
    "frafaldet": {"Aalborg", "Esbjerg", "Frederikshavn"},
    "fastholdelse elever": {"Aalborg", "Esbjerg", "Frederikshavn", "Københavns"},
    "tosprogede": {"Lolland"},
    "tosproget": {"Lolland"},
    "sprog": {"Lolland"},
    "2020": {"Aalborg", "Odense", "Sønderborg"},
    # compounds: a part finds the compound, a compound finds its parts
    "mentor": {"Aalborg", "Københavns"},
    "mentorindsats": {"Aalborg"},
    "sosuelever": {"Aalborg", "Esbjerg", "Frederikshavn", "Københavns"},
    "SOSU-elever": {"Aalborg", "Esbjerg", "Frederikshavn", "Københavns"},
    "vejleder": {"Esbjerg", "Holstebro"},
    "vejledning": {"Esbjerg", "Holstebro"},
    "praktikvejleder": {"Esbjerg", "Holstebro"},
    "fuldtid": {"Esbjerg"},
    "sygefravær": {"Herning"},
    "fravær": {"Herning"},
    "samtale": {"Frederikshavn", "Herning"},
    "seniorsamtaler": {"Ærø"},
    "hjemmepleje": {"Herning", "Horsens", "Københavns", "Sønderborg"},
    "pleje": {"Herning", "Horsens", "Københavns", "Sønderborg", "Ærø"},
    "velfærdsmedarbejder": {"Odense"},
    "medarbejder": {"Herning", "Horsens", "Odense", "Sønderborg", "Varde", "Ærø"},
    "introforløb": {"Holstebro"},
    "introduktion": {"Holstebro"},
    "arbejdsmiljø": {"Herning"},
    "miljø": {"Herning"},
    # words the stemmer would merge are kept apart
    "ledige": {"Odense", "Varde"},
    "ledelse": {"Sønderborg"},
    "ledere": {"Herning"},
    "leder": {"Herning"},
    # ae / oe / aa
    "oesteuropa": {"Varde"},
    "Østeuropa": {"Varde"},
    "koebenhavn": {"Københavns"},
    "København": {"Københavns"},
    "aeldre": {"Varde", "Ærø"},
    "Ærø": {"Ærø"},
    "aalborg": {"Aalborg"},
    "Ålborg": {"Aalborg"},
    "sygefravaer": {"Herning"},
    # OR, phrases, exclusions, prefixes
    "fastholdelse OR rekruttering": {
        "Aalborg",
        "Esbjerg",
        "Frederikshavn",
        "Holstebro",
        "Københavns",
        "Lolland",
        "Odense",
        "Varde",
        "Ærø",
    },
    "elev OR ledig": {"Aalborg", "Esbjerg", "Frederikshavn", "Københavns", "Odense", "Varde"},
    '"sosu elever"': {"Esbjerg", "Frederikshavn"},
    '"faglig stolthed"': {"Horsens"},
    '"stolthed faglig"': set(),
    "frafald -mentor": {"Esbjerg", "Frederikshavn"},
    'fastholdelse -"sosu elever"': {"Aalborg", "Holstebro", "Københavns", "Ærø"},
    "-fastholdelse": {"Herning", "Horsens", "Lolland", "Odense", "Sønderborg", "Varde"},
    "ledig OR ledelse -sygepleje": {"Odense", "Varde"},
    "prakt*": {"Esbjerg", "Frederikshavn", "Holstebro"},
    "fasthold*": {"Aalborg", "Esbjerg", "Frederikshavn", "Holstebro", "Københavns", "Ærø"},
    "ledelse*": {"Sønderborg"},
    "led*": {"Herning", "Odense", "Sønderborg", "Varde"},
    # stop words alone find nothing; misspellings find nothing (and get a suggestion below)
    "og": set(),
    "mentro": set(),
    "frafadl": set(),
    "praktikvejledr": set(),
    "sygplejersker": set(),
    "aero": set(),
}

SUGGESTIONS = {
    "mentro": "mentor",
    "frafadl": "frafald",
    "praktikvejledr": "praktikvejledere",
    "sygplejersker": "sygeplejersker",
    "aero": "ærø",
    "frafadl elever": "frafald elever",
}


@pytest.fixture
def corpus():
    create_seed_cases()
    for data in MORE_CASES:
        data = dict(data)
        tags = data.pop("tags")
        services.case_create(
            actor=None, organisation=None, tags=tags, status=CaseStatus.PUBLISHED, **data
        )


def found(query: str) -> set[str]:
    result = search_cases(query=query, per_page=100)
    assert result.total == len(result.cases)
    return {c.municipality.removesuffix(" Kommune") for c in result.cases}


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 40


def test_every_query_finds_exactly_its_cases(corpus):
    assert {query: found(query) for query in CORPUS} == CORPUS


def test_misspellings_get_a_suggestion_that_finds_cases(corpus):
    suggestions = {q: search_cases(query=q).suggestion for q in SUGGESTIONS}
    assert suggestions == SUGGESTIONS
    for suggestion in SUGGESTIONS.values():
        assert search_cases(query=suggestion).total > 0
    assert search_cases(query="frafald").suggestion == ""  # hits: no suggestion


def test_words_of_unpublished_cases_are_never_suggested(corpus):
    services.case_create(
        actor=None,
        organisation=None,
        municipality="Skjern Kommune",
        title="Hemmelighedskræmmeri",
        summary="Et udkast.",
    )
    assert search_cases(query="hemmelighedskræmmeriet").suggestion == ""
    assert search_cases(query="hemmelighedskræmmeri").total == 0


def test_highlighting_follows_the_search(corpus):
    (odense,) = search_cases(query="ledige", municipalities=["Odense Kommune"]).cases
    assert "<mark>ledige</mark>" in odense.headline
    (soenderborg,) = search_cases(query="ledelse").cases
    assert "<mark>ledelse</mark>" in soenderborg.title_html
    (varde,) = search_cases(query="ledige", municipalities=["Varde Kommune"]).cases
    assert "<mark>" not in varde.headline  # found by its tag "Ledige"; nothing to mark
    (soenderborg,) = search_cases(municipalities=["Sønderborg Kommune"]).cases
    assert "ledelse" in soenderborg.title and "<mark>" not in soenderborg.title_html
    (kbh,) = [c for c in search_cases(query="mentor").cases if c.municipality.startswith("K")]
    assert "<mark>mentor</mark>" in kbh.headline and "<mark>Mentorerne</mark>" in kbh.headline
    (esbjerg,) = [c for c in search_cases(query="vejleder").cases if "Esbjerg" in c.municipality]
    assert "<mark>fuldtidsvejledere</mark>" in esbjerg.headline
    (varde,) = search_cases(query="oesteuropa").cases
    assert "<mark>Østeuropa</mark>" in varde.headline


def test_an_edit_reindexes_the_case(corpus):
    from indsats.casebank.models import Case

    herning = Case.objects.get(municipality="Herning Kommune")
    services.case_update(
        case=herning,
        actor=None,
        title="Tidlig dialog om fravær",
        expected_version=herning.version,
    )
    assert found("sygefravær") == {"Herning"}  # still in the summary
    herning.refresh_from_db()
    services.case_update(
        case=herning, actor=None, summary="Dialog hver måned.", expected_version=herning.version
    )
    assert found("sygefravær") == set()
    assert found("dialog") == {"Herning"}


def test_the_migration_builds_the_index_for_existing_cases(corpus):
    import importlib

    from django.apps import apps
    from django.db import connection

    from indsats.casebank import search_index

    migration = importlib.import_module(
        "indsats.casebank.migrations.0003_search_index_on_both_engines"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {search_index.FTS_TABLE}")
        else:
            cursor.execute("UPDATE casebank_case SET search_vector = NULL")
            # the test's transaction holds deferred foreign-key checks, which CREATE INDEX
            # refuses to run beside (a real migration starts clean)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert found("frafald") == set()

    class Editor:
        def __init__(self):
            self.connection = connection

        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration.build(apps, Editor())
    assert found("frafald") == CORPUS["frafald"]
    assert found("hjemmepleje") == CORPUS["hjemmepleje"]
