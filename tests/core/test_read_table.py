"""core.transfer.read_table (the student import's column-wise reader) gives the very rows,
values and Danish messages, in the same order, that read_lines gives for the same sheet."""

from __future__ import annotations

import datetime as dt

import pytest

from indsats.core.transfer import Table, read_lines, read_table
from indsats.students.transfer import ABSENCES, PHASES, STUDENTS

ABSENCE_HEADER = tuple(c.header for c in ABSENCES.columns)
ROWS = [
    ("E1", "01-01-2024", "31-01-2024", "20", "2"),
    ("E2", "31-02-2024", "31-01-2024", "20", "to"),  # two wrong cells
    ("", "", "", "", ""),  # blank: skipped, no message
    (" E3 ", "31-02-2024", "31-03-2024", "20,5", "0"),  # the same wrong date again
    (None, None, None, None, None),
    ("", "01-02-2024", "28-02-2024", "", "1"),  # the key missing
    ("E1", "01-01-2024", "31-01-2024", "20", "2"),
]


def both(sheet, header, rows):
    lines, issues = read_lines(sheet, iter([header, *rows]))
    table, table_issues = read_table(sheet, iter([header, *rows]))
    return (Table.from_rows(sheet, lines), issues), (table, table_issues)


def same(expected, got):
    (a, a_issues), (b, b_issues) = expected, got
    assert [str(i) for i in b_issues] == [str(i) for i in a_issues]
    assert (b.numbers, b.columns, b.bad) == (a.numbers, a.columns, a.bad)


@pytest.mark.parametrize(
    "header,rows",
    [
        (ABSENCE_HEADER, ROWS),
        (ABSENCE_HEADER + ("Egen note",), [(*r, "note") for r in ROWS]),  # a column of one's own
        (tuple(reversed(ABSENCE_HEADER)), [tuple(reversed(r)) for r in ROWS]),
        (ABSENCE_HEADER, [*ROWS, ("E4", "01-01-2024")]),  # a short row: read by read_lines
        (ABSENCE_HEADER, [(r[0], dt.date(2024, 1, 1), *r[2:]) for r in ROWS]),  # real dates
        (ABSENCE_HEADER, []),
        (ABSENCE_HEADER[:-1], ROWS),  # a column missing
    ],
)
def test_read_table_reads_what_read_lines_reads(header, rows):
    same(*both(ABSENCES, header, rows))


def test_read_table_names_every_wrong_cell_in_row_order():
    _expected, (table, issues) = both(ABSENCES, ABSENCE_HEADER, ROWS)
    assert [str(i) for i in issues] == [
        "Ark »Fravær«, række 3, kolonne »periode fra«: »31-02-2024« kan ikke læses som en dato. "
        "Skriv fx »01-01-2020«.",
        "Ark »Fravær«, række 3, kolonne »sygedage«: »to« kan ikke læses som et tal. "
        "Skriv fx »100«, »201,60« eller »0,25«.",
        "Ark »Fravær«, række 5, kolonne »periode fra«: »31-02-2024« kan ikke læses som en dato. "
        "Skriv fx »01-01-2020«.",
        "Ark »Fravær«, række 7, kolonne »elevnøgle«: Feltet skal udfyldes.",
        "Ark »Fravær«, række 7, kolonne »planlagte dage«: Feltet skal udfyldes.",
    ]
    assert table.numbers == [2, 3, 5, 7, 8]  # the blank rows 4 and 6 are left out
    assert table.bad == {1, 2, 3}  # rows 3, 5 and 7
    assert list(table.records("key", "sick_days")) == [(2, "E1", 2), (8, "E1", 2)]


def test_read_table_reads_the_other_student_sheets_like_read_lines():
    for sheet in (STUDENTS, PHASES):
        header = tuple(c.header for c in sheet.columns)
        rows = [tuple(c.example or "" for c in sheet.columns), ("x",) * len(header)]
        same(*both(sheet, header, rows))
