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
