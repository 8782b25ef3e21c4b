"""Anything shaped like a CPR number is recognised, and the message never repeats it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indsats.calc.cpr import find_cpr, looks_like_cpr


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("010190-1234", "010190-****"),
        ("0101901234", "010190-****"),
        ("310399 4321", "310399-****"),
        ("elev 311299-1234 fra Hillerød", "311299-****"),
        (101901234, "010190-****"),  # Excel dropped the leading zero of 0101901234
        (3112991234.0, "311299-****"),
        ("650190-1234", "650190-****"),  # replacement numbers: day + 60
        # Nine digits: a leading zero lost when the number passed through a spreadsheet.
        ("101901234", "010190-****"),
        ("10190-1234", "010190-****"),
        ("10190 1234", "010190-****"),
        ("elev 311991234.csv", "031199-****"),
        (101901234.0, "010190-****"),
    ],
)
def test_cpr_shaped_values_are_found_and_masked(value, masked):
    assert find_cpr(value) == masked
    assert find_cpr(value).endswith("-****")  # the serial never appears in a message


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "E-000123-45",
        "2023-01-05",
        "12.03.2023",
        "1234567890",  # month 34
        "3201901234",  # day 32
        "01019012345",  # 11 digits
        "12345678",  # 8 digits: a phone number
        "193401234",  # 9 digits, month 34
        "Omsorgscenter Østergården",
        42,
        "1.008.000 kr.",
    ],
)
def test_other_values_are_not_cpr_numbers(value):
    assert not looks_like_cpr(value)


@given(
    st.integers(1, 31),
    st.integers(1, 12),
    st.integers(0, 99),
    st.integers(0, 9999),
    st.sampled_from(["-", "", " "]),
)
def test_every_plausible_date_with_four_digits_is_refused(day, month, year, serial, sep):
    text = f"x {day:02d}{month:02d}{year:02d}{sep}{serial:04d} y"
    found = find_cpr(text)
    assert found == f"{day:02d}{month:02d}{year:02d}-****"
    assert f"{serial:04d}" not in found.replace(f"{day:02d}{month:02d}{year:02d}", "")


@given(
    st.integers(1, 9),
    st.integers(1, 12),
    st.integers(0, 99),
    st.integers(0, 9999),
    st.sampled_from(["-", "", " "]),
)
def test_every_plausible_date_that_lost_its_leading_zero_is_refused(day, month, year, serial, sep):
    text = f"x {day:d}{month:02d}{year:02d}{sep}{serial:04d} y"
    assert find_cpr(text) == f"{day:02d}{month:02d}{year:02d}-****"
