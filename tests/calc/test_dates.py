"""calc.dates.parse_date accepts exactly what strptime accepts for the import's date formats."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from indsats.calc.dates import DATE_FORMATS, parse_date


def with_strptime(text: str) -> dt.date | None:
    """What the imports did before: each format in order through strptime."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def date_texts():
    """Valid dates written in every accepted way, with or without leading zeros."""
    day = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))

    def write(d: dt.date, order: int, sep: str, pad_d: bool, pad_m: bool, spaces: str) -> str:
        dd = f"{d.day:02d}" if pad_d else str(d.day)
        mm = f"{d.month:02d}" if pad_m else str(d.month)
        yyyy = f"{d.year:04d}"
        text = f"{yyyy}-{mm}-{dd}" if order == 0 else f"{dd}{sep}{mm}{sep}{yyyy}"
        return spaces + text + spaces

    return st.builds(
        write,
        day,
        st.integers(0, 1),
        st.sampled_from("-./"),
        st.booleans(),
        st.booleans(),
        st.sampled_from(["", " ", "\t", " \n"]),
    )


# Texts near the formats: digits, separators, spaces and a few other characters.
near = st.text(alphabet="0123456789-./ :Tx\u0661", max_size=14)


@settings(max_examples=600)
@given(date_texts())
@example("2024-02-29")
@example("29.2.2024")
@example("2020-01- 5")
def test_valid_dates_read_as_strptime_reads_them(text):
    assert parse_date(text) == with_strptime(text)
    assert parse_date(text) is not None


@settings(max_examples=1500)
@given(near)
@example("30-02-2024")
@example("2023-02-29")
@example("0000-01-01")
@example("2020-13-01")
@example("2020-1-123")
@example("01-01-20")
@example("1/1/2020x")
@example("2020-01-01T00:00")
@example("\u0662\u0660\u0662\u0660-01-01")
@example("")
def test_anything_else_is_refused_as_strptime_refuses_it(text):
    assert parse_date(text) == with_strptime(text)


def test_examples():
    assert parse_date("01-08-2024") == dt.date(2024, 8, 1)
    assert parse_date(" 2024-08-01 ") == dt.date(2024, 8, 1)
    assert parse_date("1.8.2024") == dt.date(2024, 8, 1)
    assert parse_date("31/12/2024") == dt.date(2024, 12, 31)
    assert parse_date("31-11-2024") is None
    assert parse_date("august 2024") is None
