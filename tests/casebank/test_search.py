"""Case bank search as a user would search: Danish stemming on both databases, filters, Danish
sort order, paging, escaped highlighting, only published cases, a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indsats.casebank import services
from indsats.casebank.models import Case, CaseStatus
from indsats.casebank.selectors import highlight, search_cases, similar_cases

from .seed_cases import create_seed_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    return create_seed_cases()


def municipalities(result) -> set[str]:
    return {c.municipality.removesuffix(" Kommune") for c in result.cases}


def test_frafald_finds_the_dropout_cases(seed):
    result = search_cases(query="frafald")
    assert municipalities(result) == {"Esbjerg", "Frederikshavn", "Aalborg"}
    assert result.total == 3


def test_praktikvejleder_finds_praktikvejledere(seed):
    result = search_cases(query="praktikvejleder")
    assert municipalities(result) == {"Esbjerg"}
    assert "<mark>Praktikvejledere</mark>" in result.cases[0].title_html


def test_sprog_finds_the_language_case(seed):
    assert municipalities(search_cases(query="sprog")) == {"Lolland"}


def test_every_word_must_match(seed):
    assert municipalities(search_cases(query="frafald mentorordning")) == {"Aalborg"}
    assert search_cases(query="frafald ordetfindesikke").total == 0


def test_no_query_lists_every_published_case_newest_first(seed):
    result = search_cases()
    assert result.total == 8
    assert [c.pk for c in result.cases] == sorted((c.pk for c in seed.values()), reverse=True)


def test_unpublished_cases_never_appear(seed, org, consultant):
    draft = services.case_create(
        actor=consultant,
        organisation=org,
        title="Frafald i kladde",
        summary="Frafaldet falder i en kladde.",
    )
    withdrawn = seed["Aalborg"]
    Case.objects.filter(pk=withdrawn.pk).update(status=CaseStatus.WITHDRAWN)
    found = {c.pk for c in search_cases(query="frafald").cases}
    assert draft.pk not in found and withdrawn.pk not in found
    assert municipalities(search_cases(query="frafald")) == {"Esbjerg", "Frederikshavn"}
    assert draft.pk not in {c.pk for c in search_cases(per_page=100).cases}


def test_filters(seed):
    assert municipalities(search_cases(themes=["Fastholdelse"])) == {
        "Esbjerg",
        "Frederikshavn",
        "Aalborg",
    }
    assert municipalities(search_cases(themes=["Faglighed", "Ledelse"])) == {
        "Horsens",
        "Sønderborg",
    }
    assert municipalities(search_cases(target_groups=["Tosprogede"])) == {"Lolland"}
    assert municipalities(
        search_cases(themes=["Fastholdelse"], professions=["Social- og sundhedshjælper"])
    ) == {"Esbjerg"}
    assert municipalities(search_cases(regions=["nordjylland"])) == {"Frederikshavn", "Aalborg"}
    assert municipalities(search_cases(municipalities=["Varde Kommune"])) == {"Varde"}
    assert municipalities(search_cases(start_year=2020)) == {"Sønderborg", "Odense", "Aalborg"}
    assert municipalities(search_cases(query="frafald", regions=["syddanmark"])) == {"Esbjerg"}
    assert search_cases(has_effect=True).total == 0
    assert search_cases(has_effect=False).total == 8


def test_has_effect_means_chosen_indicators(seed, org, consultant):
    from indsats.indicators import services as indicator_services

    indicator = indicator_services.indicator_create(
        organisation=org, actor=consultant, name="Frafald blandt elever", unit="percent"
    )
    case = services.case_create(
        actor=consultant,
        organisation=org,
        title="Elevfrafald med målt effekt",
        summary="Frafaldet er målt hvert år.",
        evidence=[indicator],
    )
    services.case_transition(case=case, actor=consultant, action="submit")
    services.case_transition(case=case, actor=None, action="approve")
    assert [c.pk for c in search_cases(has_effect=True).cases] == [case.pk]
    assert case.pk not in {c.pk for c in search_cases(has_effect=False).cases}


def test_facets_count_the_current_query(seed):
    facets = search_cases(query="frafald").facets
    assert dict(facets["themes"]) == {"Fastholdelse": 3, "Uddannelse": 2}
    assert {(value, n) for value, _label, n in facets["regions"]} == {
        ("syddanmark", 1),
        ("nordjylland", 2),
    }
    assert dict(facets["target_groups"]) == {"Elever": 3}


def test_sort_by_municipality_in_danish_order(seed, org, consultant):
    for name in ("Ærø Kommune", "Aabenraa Kommune", "Ølstykke Kommune", "Zealand Kommune"):
        case = services.case_create(
            actor=None, organisation=None, municipality=name, title="Tosproget", summary="x"
        )
        services.case_transition(case=case, actor=None, action="submit")
        services.case_transition(case=case, actor=None, action="approve")
    order = [c.municipality for c in search_cases(sort="municipality", per_page=100).cases]
    assert order[-5:] == [
        "Zealand Kommune",
        "Ærø Kommune",
        "Ølstykke Kommune",
        "Aabenraa Kommune",
        "Aalborg Kommune",  # "aa" sorts as "å"
    ]
    assert order[0] == "Esbjerg Kommune"


def test_sort_by_title_in_danish_order(seed):
    titles = [c.title for c in search_cases(sort="title", per_page=100).cases]
    assert titles[0] == "Fastholdelsessamtaler mindsker elevfrafald markant"
    assert titles == sorted(titles, key=lambda t: t.lower().replace("ø", "z|"))


def test_relevance_puts_title_matches_first(seed):
    result = search_cases(query="frafald")
    # "elevfrafald" in Frederikshavn's title is no word-start match; Esbjerg and Aalborg have
    # the word in their titles and rank above it.
    assert result.cases[-1].municipality == "Frederikshavn Kommune"


def test_paging(seed):
    first = search_cases(sort="municipality", per_page=3)
    second = search_cases(sort="municipality", per_page=3, page=2)
    last = search_cases(sort="municipality", per_page=3, page=99)
    assert (first.total, first.pages, first.has_next, first.has_previous) == (8, 3, True, False)
    assert [c.municipality for c in first.cases] == [
        "Esbjerg Kommune",
        "Frederikshavn Kommune",
        "Horsens Kommune",
    ]
    assert [c.municipality for c in second.cases] == [
        "Lolland Kommune",
        "Odense Kommune",
        "Sønderborg Kommune",
    ]
    assert last.page == 3 and [c.municipality for c in last.cases] == [
        "Varde Kommune",
        "Aalborg Kommune",
    ]


def test_highlight_escapes_html_and_marks_matches():
    html = highlight('Frafaldet <script>alert("x")</script> & frafald', ["frafald"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert html.count("<mark>") == 2
    assert html.startswith("<mark>Frafaldet</mark>")


def test_headline_marks_summary_words(seed):
    case = search_cases(query="frafald sosu").cases[0]
    assert "<mark>" in case.headline
    assert "mark>" in str(case.headline)


def test_similar_cases_share_tags_and_words(seed):
    similar = similar_cases(seed["Esbjerg"])
    names = [c.municipality for c in similar]
    assert names[:2] == ["Aalborg Kommune", "Frederikshavn Kommune"]
    assert "Esbjerg Kommune" not in names
    Case.objects.filter(pk=seed["Aalborg"].pk).update(status=CaseStatus.UNPUBLISHED)
    assert "Aalborg Kommune" not in [c.municipality for c in similar_cases(seed["Esbjerg"])]


def _make_published(n: int) -> None:
    for i in range(n):
        case = services.case_create(
            actor=None,
            organisation=None,
            municipality=f"Kommune {i}",
            title=f"Frafald nummer {i}",
            summary="Frafaldet blandt elever falder.",
            tags={"theme": ["Fastholdelse"], "target_group": ["Elever"]},
            status=CaseStatus.PUBLISHED,
        )
        services.media_add(
            case=case, actor=None, kind="video", title="Video", url="https://example.org/v"
        )


def _shown(result) -> list:
    """Everything a result list shows of each case (a deferred field would cost a query)."""
    return [
        (c.slug, c.municipality, c.region, c.title, c.summary, c.start_year, c.published_at)
        + tuple(t.name for t in c.tags.all())
        for c in result.cases
    ]


@pytest.mark.parametrize(
    "sort,queries", [("relevance", 3), ("newest", 3), ("municipality", 3), ("title", 4)]
)
@pytest.mark.parametrize("query", ["frafald", "frafald -nummer7", ""])
def test_page_query_count_is_constant(db, sort, queries, query):
    """One statement for the page, the count and the facets; then the page's cases and their
    tags (by title: the ids and titles first)."""
    _make_published(10)
    with CaptureQueriesContext(connection) as small:
        _shown(search_cases(query=query, sort=sort, per_page=20, themes=["Fastholdelse"]))
    _make_published(30)
    with CaptureQueriesContext(connection) as large:
        result = search_cases(query=query, sort=sort, per_page=20, themes=["Fastholdelse"])
        _shown(result)
    assert result.total == 40 and len(result.cases) == 20
    assert result.facets["themes"] == [("Fastholdelse", 40)]
    assert len(small.captured_queries) == len(large.captured_queries) == queries
