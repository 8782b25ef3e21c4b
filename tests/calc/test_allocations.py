"""Money per year the way budget notes write it: reading "4,858 mio. kr. årligt i 2026-2029"
and writing "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt"."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indsats.calc.allocations import (
    Allocation,
    collapse,
    format_allocation,
    parse_allocation,
    parse_years,
    read_allocation,
)
from indsats.calc.danish import AmountParseError, format_kr, format_mio
from tests.calc.allocation_spellings import ACCEPTED, REFUSED

D = Decimal


def each(years, amount):
    return {y: D(amount) for y in years}


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("1.309", 2025, {2025: D("1309")}),
        ("7,339 mio. kr.", 2026, {2026: D("7339000")}),
        ("2026", 2025, {2025: D("2026")}),  # a plain amount in a year's column
        ("2027: 1 mio. kr.", 2025, {2027: D("1000000")}),  # the text's own year wins
    ],
)
def test_parse_allocation_with_a_year_column(text, year, expected):
    assert parse_allocation(text, year=year) == expected


@pytest.mark.parametrize(("text", "amounts", "price_level", "assumptions"), ACCEPTED)
def test_real_world_spellings_read(text, amounts, price_level, assumptions):
    assert len(ACCEPTED) >= 30
    assert read_allocation(text) == Allocation(amounts, price_level, assumptions)


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_real_world_spellings_refused_name_the_fragment(text, message):
    with pytest.raises(AmountParseError, match=re.escape(message)):
        read_allocation(text)


@pytest.mark.parametrize(
    ("text", "year", "message"),
    [
        ("12,3,4", 2026, "har mere end ét decimaltegn"),
        ("22,5%", 2026, "er en procentsats, ikke et beløb"),
        ("   ", 2026, "Feltet er tomt"),
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


def _no_small_beside_millions(amounts) -> bool:
    """The reader refuses an amount below 1.000 kr. in a text of millions."""
    millions = any(a >= 1_000_000 for a in amounts.values())
    return not (millions and any(0 < a < 1000 for a in amounts.values()))


amount_maps = st.dictionaries(years, ore, min_size=1, max_size=12).filter(_no_small_beside_millions)
# whole kroner of at least 1 mio. with three decimals in mio.: whole thousands of kroner
thousands = st.integers(min_value=1000, max_value=10**8).map(lambda n: D(n) * 1000)
# amounts below 1 mio. are written in full (øre included)
small = st.integers(min_value=0, max_value=99_999_999).map(lambda n: D(n) / 100)
exact_maps = st.dictionaries(years, thousands | small, min_size=1, max_size=12).filter(
    _no_small_beside_millions
)
price_levels = st.sampled_from(["", "2022-pl", "2024-pl"])


@given(amount_maps)
def test_format_parse_format_is_stable(amounts):
    text = format_allocation(amounts)
    assert format_allocation(parse_allocation(text)) == text


@given(exact_maps, price_levels)
def test_parse_reads_back_what_format_wrote(amounts, price_level):
    text = format_allocation(amounts, price_level=price_level)
    assert read_allocation(text) == Allocation(amounts, price_level)


@given(
    st.dictionaries(years, st.integers(min_value=1, max_value=999_99).map(lambda n: D(n) / 100)),
    st.dictionaries(years, thousands, min_size=1),
)
def test_a_small_amount_beside_millions_is_refused(small_amounts, millions):
    amounts = {**millions, **small_amounts}
    if _no_small_beside_millions(amounts):
        return
    with pytest.raises(
        AmountParseError, match="under 1.000 kr. i en bevilling opgjort i millioner"
    ):
        parse_allocation(format_allocation(amounts))


# Ways of writing one period: (range, amount) -> text
_PERIOD_STYLES = [
    lambda r, a: f"{r}: {a}",
    lambda r, a: f"{r}: {a} årligt",
    lambda r, a: f"{a} årligt i {r}",
    lambda r, a: f"{a} pr. år for {r}",
]
_SEPARATORS = [" / ", "; ", ", ", "\n", " ", " og ", "\r\n"]


def _range(first: int, last: int, style: int) -> str:
    if first == last:
        return str(first)
    if style == 0:
        return f"{first}-{last}"
    if style == 1:
        return f"{first}–{last}"
    if first // 100 == last // 100:
        return f"{first}-{last % 100:02d}"
    return f"{first} til {last}"


def _written(amount: D, style: int) -> str:
    if amount >= 1_000_000 and amount % 1000 == 0:
        mio = format_mio(amount)
        return [mio, mio.replace("mio. kr.", "mio."), mio.replace("mio.", "mill.")][style % 3]
    if amount % 1000 == 0 and amount and style % 2:
        return format_kr(amount / 1000).replace("kr.", "t. kr.")
    return format_kr(amount)


@given(
    exact_maps,
    st.lists(st.integers(min_value=0, max_value=30), min_size=40, max_size=40),
    price_levels,
)
def test_every_accepted_spelling_reads_the_same_amounts(amounts, choices, price_level):
    """However the periods are written and separated, the text says the same amounts."""
    parts = []
    for i, (first, last, amount) in enumerate(collapse(amounts)):
        rng = _range(first, last, choices[i])
        parts.append(_PERIOD_STYLES[choices[i + 12] % 4](rng, _written(amount, choices[i + 24])))
    text = ""
    for i, part in enumerate(parts):
        text += (_SEPARATORS[choices[i + 1] % len(_SEPARATORS)] if i else "") + part
    if price_level:
        text = f"({price_level}) {text}" if choices[0] % 2 else f"{text} ({price_level})"
    allocation = read_allocation(text)
    assert allocation.amounts == amounts
    assert allocation.price_level == price_level
    assert allocation.assumptions == ()


@given(amount_maps)
def test_collapse_covers_every_year_once_and_merges_only_equal_neighbours(amounts):
    runs = collapse(amounts)
    covered = [y for first, last, _ in runs for y in range(first, last + 1)]
    assert covered == sorted(amounts)
    for first, last, amount in runs:
        assert all(amounts[y] == amount for y in range(first, last + 1))
    for (_, last, amount), (first, _, following) in zip(runs, runs[1:], strict=False):
        assert first > last + 1 or following != amount
