import pytest
from hypothesis import given
from hypothesis import strategies as st

from indsats.calc.textsearch import (
    STOP_WORDS,
    danish_sort_key,
    query_stems,
    stem,
    stem_document,
    stems,
    words,
)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("praktikvejleder", "praktikvejledere"),
        ("praktikvejledere", "praktikvejleder"),
        ("frafald", "frafaldet"),
        ("sprog", "sproglige"),
        ("sprog", "sproget"),
        ("Frafald", "FRAFALDET"),
    ],
)
def test_danish_word_endings_share_a_stem(query, text):
    assert stem(query) == stem(text)
    (query_stem,) = query_stems(query)
    assert f" {query_stem} " in stem_document(f"Om {text} i kommunen")


def test_different_words_keep_different_stems():
    assert stem("frafald") != stem("fravær")
    assert stem("sprog") != stem("spring")


def test_words_lowercases_and_keeps_danish_letters():
    assert words("Ældre- og SUNDHEDSområdet, 2017!") == ["ældre", "og", "sundhedsområdet", "2017"]
    assert words("") == [] and words(None) == []


def test_stop_words_are_left_out():
    assert {"og", "i", "det", "på", "som", "at"} <= STOP_WORDS
    assert stems("Og det er i frafaldet") == [stem("frafaldet")]
    assert query_stems("og i det") == []
    assert stem_document("og i det") == "  "


def test_stem_document_format():
    document = stem_document("Praktikvejledere nedbringer frafaldet; frafald og praktikvejleder")
    assert document.startswith(" ") and document.endswith(" ")
    parts = document.split()
    assert parts == ["praktikvejled", stem("nedbringer"), "frafald"]  # each stem once, in order
    assert document == " " + " ".join(parts) + " "


def test_query_stems_are_unique_in_order():
    assert query_stems("frafald frafaldet sprog") == ["frafald", "sprog"]


def test_danish_alphabetical_order():
    names = ["Ølstykke", "Åbenrå", "Zealand", "Aabenraa", "Ærø", "Assens"]
    ordered = sorted(names, key=danish_sort_key)
    assert ordered[:4] == ["Assens", "Zealand", "Ærø", "Ølstykke"]
    assert set(ordered[4:]) == {"Aabenraa", "Åbenrå"}
    assert danish_sort_key("Aabenraa") == danish_sort_key("Åbenrå")  # "aa" is "å"


def test_sort_key_ignores_case_and_accents():
    assert danish_sort_key("odense") == danish_sort_key("Odense")
    assert danish_sort_key("Høje-Taastrup") > danish_sort_key("Horsens")
    assert sorted(["Égal", "Esbjerg", "Fanø"], key=danish_sort_key) == ["Égal", "Esbjerg", "Fanø"]


DANISH_TEXT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzæøåÆØÅABCDEFGHIJKLMNOPQRSTUVWXYZ é,.-\n", max_size=120
)


@given(st.one_of(DANISH_TEXT, st.text(max_size=80)))
def test_stem_document_contains_each_query_stem_of_its_own_text(text):
    document = stem_document(text)
    for query_stem in query_stems(text):
        assert f" {query_stem} " in document


@given(DANISH_TEXT)
def test_sort_key_is_case_insensitive(text):
    assert danish_sort_key(text) == danish_sort_key(text.upper())


# --- the case bank's analysis and query language ------------------------------------------

from indsats.calc.textsearch import (  # noqa: E402
    Phrase,
    Prefix,
    Word,
    analyse_text,
    closest_word,
    compound_parts,
    fold,
    fts5_match,
    parse_query,
    search_stem,
    tsquery,
)


def test_fold_spells_ae_oe_aa_as_danish_letters():
    assert fold("Koebenhavn Aeroe Aalborg") == "københavn ærø ålborg"
    assert fold("Café Müller") == "cafe myller"


def test_word_families_the_stemmer_would_merge_stay_apart():
    assert len({search_stem("ledige"), search_stem("ledelse"), search_stem("ledere")}) == 3
    assert search_stem("ledighed") == search_stem("ledige")
    assert search_stem("ledelsen") == search_stem("ledelse")


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("fuldtidsvejledere", ("fuldtid", "vejled")),
        ("mentorindsats", ("mentor", "indsat")),
        ("sosuelever", ("sosu", "elev")),
        ("fastholdelsessamtaler", ("fasthold", "samtal")),
        ("arbejdskraftreserve", ("arbejd", "kraft", "reserv")),
        ("markant", ()),
        ("ledelse", ()),  # a listed word is never split (not led + else)
    ],
)
def test_compounds_split_into_known_parts(word, parts):
    assert compound_parts(word) == parts


def test_query_language():
    q = parse_query('fastholdelse elever OR elev "SOSU elever" -ledelse prakt* og')
    assert q.groups == (
        (Word("fasthold"),),
        (Word("elev"),),
        (Phrase(("sosu", "elev")),),
        (Prefix("prakt"),),
    )
    assert q.excluded == (Word("ledelse"),)
    assert fts5_match(q.groups) == (
        '"fasthold" AND "elev" AND {title summary body} : "sosu elev" AND "prakt"*'
    )
    assert tsquery(q.groups) == ("'fasthold' & 'elev' & ('sosu':ABC <-> 'elev':ABC) & 'prakt':*")
    assert parse_query("mentor OR sosuelever").groups == (
        (Word("mentor"), Word("sosuelev", ("sosu", "elev"))),
    )
    assert parse_query("SOSU-elever").groups == ((Word("sosuelev", ("sosu", "elev")),),)
    assert parse_query("og i det").empty


def test_the_tsvector_holds_the_fts5_tokens_at_the_same_positions():
    a = analyse_text("Praktikvejledere på fuldtid", "SOSU-elever i Østeuropa", "")
    assert a.columns() == {
        "title": "praktikvejled fuldtid",
        "summary": "sosu elev østeuropa",
        "body": "",
        "parts": "praktik vejled øst europa",
    }
    # one position between columns, so a phrase never spans two of them
    assert a.tsvector() == (
        "'elev':5B 'europa':12D 'fuldtid':2A 'praktik':9D 'praktikvejled':1A 'sosu':4B "
        "'vejled':10D 'øst':11D 'østeuropa':6B"
    )


def test_closest_word():
    assert closest_word("mentro", ["mentor", "mentorer"]) == "mentor"  # a swap is one edit
    assert closest_word("frafald", ["frafald"]) is None
    assert closest_word("xyz", ["abc"]) is None
