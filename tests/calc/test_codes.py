"""Budget note codes: natural Danish order, and the order an organisation sets."""

from hypothesis import given
from hypothesis import strategies as st

from indsats.calc.codes import note_code_key, note_order, note_order_key


def test_codes_sort_naturally_and_danish():
    codes = ["ØK77", "SO19", "SO9", "ÅK2", "BU4", "ÆB1"]
    assert sorted(codes, key=note_code_key) == ["BU4", "SO9", "SO19", "ÆB1", "ØK77", "ÅK2"]


def test_the_order_is_read_as_people_write_it():
    assert note_order("SO19, ØK77\nSO3;BU4  so19") == ("SO19", "ØK77", "SO3", "BU4")
    assert note_order("") == ()


def test_listed_codes_come_first_as_listed_then_the_rest_in_code_order():
    key = note_order_key(note_order("ØK77, so3"))
    codes = ["SO19", "SO3", "BU4", "ØK77", "SO9"]
    assert sorted(codes, key=key) == ["ØK77", "SO3", "BU4", "SO9", "SO19"]


@given(st.lists(st.sampled_from(["SO3", "SO9", "SO19", "ØK77", "BU4", "ÆB1"]), unique=True))
def test_without_an_order_it_is_code_order(codes):
    assert sorted(codes, key=note_order_key()) == sorted(codes, key=note_code_key)
