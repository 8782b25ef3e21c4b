"""Money per year the way budget notes write it: reading "4,858 mio. kr. årligt i 2026-2029"
and writing "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt"."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indsats.calc.allocations import collapse, format_allocation, parse_allocation, parse_years
from indsats.calc.danish import AmountParseError

D = Decimal


def each(years, amount):
    return {y: D(amount) for y in years}


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("4,858 mio. kr. årligt i 2026-2029", None, each(range(2026, 2030), "4858000")),
        ("4,858 mio. kr. pr. år i 2026-2029", None, each(range(2026, 2030), "4858000")),
        ("2024-2027: 4,2 mio. kr. årligt", None, each(range(2024, 2028), "4200000")),
        (
            "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt",
            None,
            {2026: D("7339000"), **each(range(2027, 2030), "5373000")},
        ),
        ("2026–2027: 1.200.000 kr. årligt", None, each([2026, 2027], "1200000")),
        ("2021: 730.000 kr. / 2022-2025: 480.000 kr. årligt", None,
         {2021: D("730000"), **each(range(2022, 2026), "480000")}),
        ("2026: 201,60 kr.; 2027: 0 kr.", None, {2026: D("201.60"), 2027: D("0")}),
        ("1.309", 2025, {2025: D("1309")}),
        ("7,339 mio. kr.", 2026, {2026: D("7339000")}),
        ("2026", 2025, {2025: D("2026")}),  # a plain amount in a year's column
        ("2027: 1 mio. kr.", 2025, {2027: D("1000000")}),  # the text's own year wins
    ],
)  # fmt: skip
def test_parse_allocation(text, year, expected):
    assert parse_allocation(text, year=year) == expected


@pytest.mark.parametrize(
    ("text", "year", "message"),
    [
        ("2026: 1 mio. kr. / 2026-2027: 2 mio. kr.", None, "Året 2026 er nævnt to gange"),
        ("2026-2028: 1 mio. kr. årligt / 2028: 2 mio. kr.", None, "Året 2028 er nævnt to gange"),
        ("2029-2027: 4 mio. kr. årligt", None, "Perioden 2029-2027 slutter før den begynder"),
        ("4,858 mio. kr. årligt i 2029-2027", None, "Perioden 2029-2027 slutter før den begynder"),
        ("4,2 mio. kr. årligt", None, "nævner ikke hvilket år beløbet gælder"),
        ("1.309", None, "nævner ikke hvilket år beløbet gælder"),
        ("12,3,4", 2026, "har mere end ét decimaltegn"),
        ("12,3,4", None, "nævner ikke hvilket år"),
        ("2026: 4,2 mia. kroner", None, "kan ikke læses som et tal"),
        ("2026: 22,5 %", None, "er en procentsats, ikke et beløb"),
        ("22,5%", 2026, "er en procentsats, ikke et beløb"),
        ("2026:", None, "Der mangler et beløb efter »2026:«"),
        ("2026: 5 kr. / 2027:", None, "Der mangler et beløb efter »2027:«"),
        ("/", None, "nævner intet beløb"),
        ("", None, "Feltet er tomt"),
        ("   ", 2026, "Feltet er tomt"),
        ("2026: 1,0001 kr.", None, "flere decimaler end hele øre"),
    ],
)
def test_parse_allocation_refuses_with_a_danish_message(text, year, message):
    with pytest.raises(AmountParseError, match=message):
        parse_allocation(text, year=year)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2027-2029", (2027, 2029)), ("2026", (2026, 2026)), (" 2027 – 2029 ", (2027, 2029))],
)
def test_parse_years(text, expected):
    assert parse_years(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2029-2027", "Perioden »2029-2027« slutter før den begynder."),
        ("27-29", "»27-29« er ikke et år eller en periode som »2027-2029«."),
        ("2027-", "»2027-« er ikke et år eller en periode som »2027-2029«."),
        ("i år", "»i år« er ikke et år eller en periode som »2027-2029«."),
    ],
)
def test_parse_years_refuses(text, message):
    with pytest.raises(AmountParseError) as error:
        parse_years(text)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("amounts", "price_level", "expected"),
    [
        (
            {2026: D("7339000"), **each(range(2027, 2030), "5373000")},
            "",
            "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt",
        ),
        (
            {2026: D("7339000"), **each(range(2027, 2030), "5373000")},
            "2022-pl",
            "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)",
        ),
        (each(range(2026, 2030), "4858000"), "", "2026-2029: 4,858 mio. kr. årligt"),
        (each([2020, 2021, 2022], "135000"), "", "2020-2022: 135.000 kr. årligt"),
        ({2021: D("629500"), 2022: D("552000")}, "", "2021: 629.500 kr. / 2022: 552.000 kr."),
        ({2026: D("201.60")}, "", "2026: 201,60 kr."),
        ({2026: D("5"), 2028: D("5")}, "", "2026: 5 kr. / 2028: 5 kr."),  # a gap is not a run
        ({2024: D("1719500"), 2025: D("1720000")}, "", "2024-2025: 1,720 mio. kr. årligt"),
        ({}, "", ""),
        ({}, "2022-pl", ""),
    ],
)
def test_format_allocation(amounts, price_level, expected):
    assert format_allocation(amounts, price_level=price_level) == expected


def test_collapse_merges_only_equal_consecutive_years():
    amounts = {
        2020: D(1),
        2021: D(1),
        2022: D(2),
        2023: D(1),
        2025: D(1),
        2026: D(1),
        2027: D("1.00"),
    }
    assert collapse(amounts) == [
        (2020, 2021, D(1)),
        (2022, 2022, D(2)),
        (2023, 2023, D(1)),
        (2025, 2027, D(1)),
    ]
    assert collapse({}) == []
    assert collapse({2030: D(3), 2029: D(3)}) == [(2029, 2030, D(3))]  # in year order


# --- properties --------------------------------------------------------------------------------

years = st.integers(min_value=1990, max_value=2100)
ore = st.integers(min_value=0, max_value=10**12).map(lambda n: D(n) / 100)
amount_maps = st.dictionaries(years, ore, min_size=1, max_size=12)
# whole kroner of at least 1 mio. with three decimals in mio.: whole thousands of kroner
thousands = st.integers(min_value=1000, max_value=10**8).map(lambda n: D(n) * 1000)
# amounts below 1 mio. are written in full (øre included)
small = st.integers(min_value=0, max_value=99_999_999).map(lambda n: D(n) / 100)
exact_maps = st.dictionaries(years, thousands | small, min_size=1, max_size=12)


@given(amount_maps)
def test_format_parse_format_is_stable(amounts):
    text = format_allocation(amounts)
    assert format_allocation(parse_allocation(text)) == text


@given(exact_maps)
def test_parse_reads_back_what_format_wrote(amounts):
    assert parse_allocation(format_allocation(amounts)) == amounts


@given(amount_maps)
def test_collapse_covers_every_year_once_and_merges_only_equal_neighbours(amounts):
    runs = collapse(amounts)
    covered = [y for first, last, _ in runs for y in range(first, last + 1)]
    assert covered == sorted(amounts)
    for first, last, amount in runs:
        assert all(amounts[y] == amount for y in range(first, last + 1))
    for (_, last, amount), (first, _, following) in zip(runs, runs[1:], strict=False):
        assert first > last + 1 or following != amount
