"""Danish formatting and parsing of amounts: the figures a committee member reads and the cells a
consultant pastes in from Excel."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indsats.calc.danish import (
    AmountParseError,
    format_kr,
    format_mio,
    format_number,
    format_pct,
    format_range,
    parse_amount,
    parse_number,
    to_ore,
)

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("1008000"), "1.008.000 kr."),
        (D("1008000.00"), "1.008.000 kr."),
        (4032000, "4.032.000 kr."),
        (D("201.60"), "201,60 kr."),
        (D("201.6"), "201,60 kr."),
        (D("14515.20"), "14.515,20 kr."),
        (D("450000"), "450.000 kr."),
        (D("999"), "999 kr."),
        (D("1000"), "1.000 kr."),
        (D("0"), "0 kr."),
        (D("0.00"), "0 kr."),
        (D("-0.00"), "0 kr."),
        (D("-200"), "-200 kr."),
        (D("-1008000"), "-1.008.000 kr."),
        (D("-201.60"), "-201,60 kr."),
        (D("0.50"), "0,50 kr."),
        (D("1000000000000"), "1.000.000.000.000 kr."),
        (None, ""),
    ],
)
def test_format_kr_writes_amounts_the_danish_way(value, expected):
    assert format_kr(value) == expected


def test_format_kr_shows_ore_when_asked_for_even_on_whole_kroner():
    assert format_kr(D("403000"), decimals=2) == "403.000,00 kr."


def test_format_kr_rounds_half_ore_away_from_zero():
    assert format_kr(D("0.005")) == "0,01 kr."
    assert format_kr(D("-0.005")) == "-0,01 kr."


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (D("7339000"), 3, "7,339 mio. kr."),
        (D("6878000"), 3, "6,878 mio. kr."),
        (D("1719500"), 1, "1,7 mio. kr."),
        (D("-7339000"), 3, "-7,339 mio. kr."),
        (D("0"), 3, "0,000 mio. kr."),
    ],
)
def test_format_mio_writes_millions_with_a_decimal_comma(value, decimals, expected):
    assert format_mio(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (D("8.64"), 2, "8,64 %"),
        (D("41.46"), 1, "41,5 %"),
        (D("83.8"), 1, "83,8 %"),
        (D("-1.5"), 1, "-1,5 %"),
        (D("0"), 1, "0,0 %"),
        (None, 1, ""),
    ],
)
def test_format_pct_writes_percentages_with_a_space_before_the_sign(value, decimals, expected):
    assert format_pct(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (D("1309"), 0, "1.309"),
        (D("201.6"), 2, "201,60"),
        (D("-0.4"), 0, "0"),
        (D("1234567.891"), 2, "1.234.567,89"),
        (None, 0, ""),
    ],
)
def test_format_number_groups_thousands_with_dots(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (D("1008000"), D("4032000"), "1.008.000 kr. – 4.032.000 kr."),
        (D("1719500"), D("6878000"), "1.719.500 kr. – 6.878.000 kr."),
        (D("450000"), D("450000"), "450.000 kr."),
        (D("450000"), None, "450.000 kr."),
        (None, D("450000"), "450.000 kr."),
        (None, None, ""),
        (D("0"), D("0"), "0 kr."),
    ],
)
def test_format_range_writes_cheapest_and_dearest_or_one_amount(low, high, expected):
    assert format_range(low, high) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.008.000 kr.", D("1008000")),
        ("1.008.000 kr", D("1008000")),
        ("201,60", D("201.60")),
        ("201,60 kr.", D("201.60")),
        ("7,339 mio. kr.", D("7339000")),
        ("4,2 mio.", D("4200000")),
        ("1,5 mia.", D("1500000000")),
        ("22,5%", D("22.5")),
        ("8,64 %", D("8.64")),
        ("1.309", D("1309")),
        ("-3", D("-3")),
        ("−3", D("-3")),  # the typographic minus sign Word puts in tables
        ("-1.008.000 kr.", D("-1008000")),
        ("  450.000  ", D("450000")),
        ("450\u00a0000", D("450000")),
        ("1.008.000,50", D("1008000.50")),
        ("201.60", D("201.60")),
        ("0", D("0")),
    ],
)
def test_parse_amount_reads_danish_texts(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (1008000, D("1008000")),
        (201.6, D("201.60")),
        (0.1 + 0.2, D("0.30")),
        (D("403200.00"), D("403200")),
        (-3, D("-3")),
    ],
)
def test_parse_amount_reads_numeric_spreadsheet_cells_without_float_noise(cell, expected):
    result = parse_amount(cell)
    assert result == expected
    assert result == result.quantize(D("0.01"))


def test_parse_number_reads_a_float_cell_through_its_shortest_repr():
    assert parse_number(201.6) == D("201.6")
    assert str(parse_number(201.6)) == "201.6"


def test_parse_number_keeps_fractions_that_are_not_money():
    assert parse_number("0,001") == D("0.001")
    assert parse_number("22,5%") == D("22.5")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,3,4", "»12,3,4« har mere end ét decimaltegn."),
        ("1.00.0", "»1.00.0« har tusindtalspunktummer de forkerte steder."),
        ("1.00.000,5", "»1.00.000,5« har tusindtalspunktummer de forkerte steder."),
        ("abc", "»abc« kan ikke læses som et tal."),
        ("12 kroner og 50 øre", "»12 kroner og 50 øre« kan ikke læses som et tal."),
        ("-", "»-« kan ikke læses som et tal."),
        ("", "Feltet er tomt."),
        ("   ", "Feltet er tomt."),
        (None, "Feltet er tomt."),
        (True, "Værdien er ikke et tal."),
        ("0,001", "»0,001« har flere decimaler end hele øre."),
    ],
)
def test_parse_amount_refuses_bad_input_with_a_danish_message(text, message):
    with pytest.raises(AmountParseError) as excinfo:
        parse_amount(text)
    assert str(excinfo.value) == message


def test_parse_amount_refuses_a_decimal_cell_with_fractions_of_ore():
    with pytest.raises(AmountParseError, match="flere decimaler end hele øre"):
        parse_amount(D("403200.005"))


def test_amount_parse_error_is_a_value_error_so_forms_can_catch_it():
    assert issubclass(AmountParseError, ValueError)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("14515.2"), D("14515.20")),
        (D("0.005"), D("0.01")),
        (D("0.0049"), D("0.00")),
        (D("-0.005"), D("-0.01")),
        (D("403200"), D("403200.00")),
    ],
)
def test_to_ore_rounds_half_away_from_zero_to_whole_ore(value, expected):
    result = to_ore(value)
    assert result == expected
    assert result.as_tuple().exponent == -2


AMOUNTS = st.decimals(
    min_value=D("-1000000000000"),
    max_value=D("1000000000000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(AMOUNTS)
def test_every_amount_in_whole_ore_survives_format_then_parse(amount):
    assert parse_amount(format_kr(amount)) == amount


@given(AMOUNTS)
def test_every_amount_survives_format_with_ore_then_parse(amount):
    assert parse_amount(format_kr(amount, decimals=2)) == amount


@given(AMOUNTS)
def test_a_formatted_amount_never_contains_a_binary_float_artefact(amount):
    text = format_kr(amount)
    assert text.endswith(" kr.")
    number = text.removesuffix(" kr.").lstrip("-")
    int_part, _, frac = number.partition(",")
    assert all(len(g) == 3 for g in int_part.split(".")[1:])
    assert 1 <= len(int_part.split(".")[0]) <= 3
    assert frac == "" or len(frac) == 2


@given(st.decimals(min_value=D("0"), max_value=D("100000"), places=3))
def test_millions_survive_format_then_parse_to_the_thousand(amount_in_mio):
    amount = amount_in_mio * 1_000_000
    assert parse_amount(format_mio(amount)) == amount
