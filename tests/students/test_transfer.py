"""students.transfer: the documented file format (XLSX or CSV per sheet), the CPR rule, the
export round trip and the command line."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from indsats.core.models import AuditLog
from indsats.core.transfer import csv_bytes
from indsats.students.models import AbsencePeriod, Student, StudentPhase
from indsats.students.services import StudentImportError, student_records_apply
from indsats.students.transfer import (
    ABSENCES,
    PHASES,
    SHEETS,
    STUDENTS,
    student_export,
    student_import,
    student_inputs_workbook,
    student_rows,
    student_template,
)

from .records import cohort, student


def state():
    return (
        Student.objects.count(),
        StudentPhase.objects.count(),
        AbsencePeriod.objects.count(),
        AuditLog.objects.count(),
    )


def run(org, file, name="elever.xlsx", **kwargs):
    return student_import(organisation=org, actor=None, file=file, file_name=name, **kwargs)


def refused(org, file, name="elever.xlsx") -> list[str]:
    before = state()
    with pytest.raises(StudentImportError) as info:
        run(org, file, name)
    assert state() == before
    return info.value.messages


def edited(data: bytes, sheet: str, cell: str, value) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_files(students) -> list[tuple[bytes, str]]:
    rows = student_rows(students)
    return [(csv_bytes(sheet, rows[sheet.title]), f"{sheet.title}-eksport.csv") for sheet in SHEETS]


def test_the_format_has_the_documented_sheets_and_columns():
    assert [s.title for s in SHEETS] == ["Elever", "Forløb", "Fravær"]
    assert [c.header for c in STUDENTS.columns] == [
        "elevnøgle",
        "uddannelse",
        "ansat dato",
        "aldersgruppe",
        "baggrund",
        "udfald",
        "udfaldsdato",
        "frafaldsfase",
        "frafaldsårsag",
        "ansat efter uddannelsen",
        "ansat hvor",
    ]
    assert [c.header for c in PHASES.columns] == [
        "elevnøgle",
        "fase",
        "start",
        "slut",
        "oplæringssted",
    ]
    assert [c.header for c in ABSENCES.columns] == [
        "elevnøgle",
        "periode fra",
        "periode til",
        "planlagte dage",
        "sygedage",
    ]
    assert all(s.max_rows >= 60_000 for s in SHEETS)
    wb = load_workbook(io.BytesIO(student_template()))
    assert wb.sheetnames == ["Elever", "Forløb", "Fravær", "Vejledning"]


def test_xlsx_import_and_export_round_trip(org):
    result = run(org, student_inputs_workbook(cohort(10)))
    assert (result.created, result.updated, result.unchanged) == (10, 0, 0)
    assert state()[:3] == (10, 70, 100)
    s = Student.objects.get(key="E2021-00000")
    assert s.hired_after is True and s.source == "elever.xlsx"

    exported = student_export(org)
    before = state()
    again = run(org, exported, "eksport.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert state() == (*before[:3], before[3] + 1)  # only the import's summary row


def test_csv_files_uploaded_together_are_applied_together(org):
    result = run(org, csv_files(cohort(6)), name=None)
    assert result.created == 6
    assert state()[:3] == (6, 42, 60)
    assert run(org, csv_files(cohort(6)), name=None).unchanged == 6


def test_csv_files_are_all_or_nothing_together(org):
    files = csv_files(cohort(4))
    bad_phase = files[1][0].decode("utf-8-sig").replace("Grundforløb", "Mellemforløb", 1)
    files[1] = (bad_phase.encode("utf-8"), files[1][1])
    [message] = refused(org, files, name=None)
    assert message.startswith("Ark »Forløb«, række 2, kolonne »fase«")


def test_a_csv_file_alone_is_recognised_by_its_headers(org):
    rows = student_rows(cohort(3))
    result = run(org, csv_bytes(STUDENTS, rows["Elever"]), "udtraek-1.csv")
    assert result.created == 3 and StudentPhase.objects.count() == 0


def test_phases_without_the_students_sheet_are_refused(org):
    rows = student_rows(cohort(2))
    [message] = refused(org, csv_bytes(PHASES, rows["Forløb"]), "forloeb.csv")
    assert "Arket »Elever« mangler" in message


def test_a_phase_of_an_unknown_student(org):
    data = edited(student_inputs_workbook(cohort(2)), "Forløb", "A3", "UKENDT-1")
    [message] = refused(org, data)
    assert message == (
        "Ark »Forløb«, række 3, kolonne »elevnøgle«: Elevnøglen »UKENDT-1« står ikke i arket "
        "»Elever«."
    )


def test_every_problem_is_listed_with_sheet_row_and_column(org):
    data = student_inputs_workbook(cohort(4))
    data = edited(data, "Elever", "B2", "sosu")  # unknown education
    data = edited(data, "Elever", "C3", "i går")  # not a date
    data = edited(data, "Elever", "I4", "")  # a dropout without a cause
    data = edited(data, "Fravær", "E35", 99)  # sick days above planned days (row 5's student)
    messages = refused(org, data)
    assert [m.split(":")[0] for m in messages] == [
        "Ark »Elever«, række 2, kolonne »uddannelse«",
        "Ark »Elever«, række 3, kolonne »ansat dato«",
        "Ark »Elever«, række 4, kolonne »frafaldsårsag«",
        "Ark »Fravær«, række 35, kolonne »sygedage«",
    ]


def test_overlapping_phases_in_the_file_name_the_phase_row(org):
    data = student_inputs_workbook(cohort(1))
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Forløb"]
    ws["C4"] = ws["C3"].value  # O1 starts the day S1 starts
    out = io.BytesIO()
    wb.save(out)
    messages = refused(org, out.getvalue())
    assert any(m.startswith("Ark »Forløb«") and "to steder på én gang" in m for m in messages), (
        messages
    )


# --- CPR numbers anywhere -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sheet,cell,value,column",
    [
        ("Elever", "A3", "120345-6789", "elevnøgle"),
        ("Elever", "K2", "Solgården, jf. 1203456789", "ansat hvor"),
        ("Forløb", "E4", "Vejleder 120345 6789", "oplæringssted"),
        ("Elever", "A2", 101456789, "elevnøgle"),  # 0101456789 stored by Excel as a number
        ("Elever", "M1", "120345-6789", "M"),  # a header of one's own
        ("Elever", "M5", "noter: 120345-6789", "M"),  # a column the import ignores
        ("Vejledning", "A1", "120345-6789", "A"),  # even the guide
    ],
)
def test_a_cpr_number_in_any_cell_refuses_the_file(org, sheet, cell, value, column):
    data = edited(student_inputs_workbook(cohort(4)), sheet, cell, value)
    messages = refused(org, data)
    assert len(messages) == 1, messages
    [message] = messages
    assert message.startswith(f"Ark »{sheet}«, række {cell[1:]}, kolonne »{column}«")
    assert "CPR-nummer" in message and "hele filen er afvist" in message
    assert "6789" not in message


@pytest.mark.parametrize(
    "value",
    [
        "0101901234",  # ten digits as text
        "010190-1234",  # with a separator
        "010190 1234",
        "101901234",  # nine digits as text: Excel dropped the leading zero once
        "10190-1234",  # nine with a separator
        101901234,  # nine digits as a number
        1101901234,  # ten digits as a number
        101901234.0,  # a number Excel stored as a float
    ],
)
@pytest.mark.parametrize("where", ["A3", "M1"])  # a cell, and a header of one's own
def test_nine_or_ten_digits_forming_a_birth_date_refuse_the_file_and_are_never_stored(
    org, value, where
):
    data = edited(student_inputs_workbook(cohort(4)), "Elever", where, value)
    [message] = refused(org, data)
    assert "CPR-nummer" in message and "-****" in message
    assert "1234" not in message
    assert not AuditLog.objects.exists() and not Student.objects.exists()


@pytest.mark.parametrize(
    "name", ["elever 101901234.csv", "elever 10190-1234.csv", "0101901234 elever.csv"]
)
def test_nine_or_ten_digits_in_a_csv_file_name_refuse_it(org, name):
    files = csv_files(cohort(2))
    [message] = refused(org, [files[0], files[1], (files[2][0], name)], name=None)
    assert message.startswith("Filnavnet indeholder noget, der ligner et CPR-nummer (010190-****")
    assert "1234" not in message


def test_nine_digits_in_a_csv_text_cell_refuse_the_file(org):
    files = csv_files(cohort(3))
    text = files[0][0].decode("utf-8-sig")
    first_key = text.split("\r\n")[1].split(";")[0]
    files[0] = (text.replace(first_key, "101901234", 1).encode("utf-8"), files[0][1])
    [message] = refused(org, files, name=None)
    assert message.startswith("Ark »Elever-eksport.csv«, række 2, kolonne »elevnøgle«")
    assert "010190-****" in message and "1234" not in message


def test_digits_that_look_like_a_cpr_number_only_across_two_cells_do_not_refuse(org):
    # The whole text of a tab-separated file holds "010190<tab>1234", CPR-shaped; no cell does.
    # The text is only a quick way to clear a file: then every cell is looked at on its own.
    files = csv_files(cohort(3))
    lines = files[0][0].decode("utf-8-sig").split("\r\n")
    lines = [line.replace(";", "\t") for line in lines if line]
    lines[0] += "\tnote\tmere"
    lines[1] += "\tReference 010190\t1234 stk."
    files[0] = ("\r\n".join(lines).encode("utf-8"), files[0][1])
    assert run(org, files, name=None).created == 3


def test_the_same_wrong_date_in_two_rows_is_named_in_both(org):
    # Cells are read once per distinct text (core.transfer.cell_reader); a wrong one is not
    # remembered, so every row with it gets its message.
    files = csv_files(cohort(3))
    text = files[0][0].decode("utf-8-sig")
    lines = text.split("\r\n")
    for n in (1, 3):
        cells = lines[n].split(";")
        cells[2] = "31-02-2021"
        lines[n] = ";".join(cells)
    files[0] = ("\r\n".join(lines).encode("utf-8"), files[0][1])
    messages = refused(org, files, name=None)
    assert [m.split(":")[0] for m in messages] == [
        "Ark »Elever«, række 2, kolonne »ansat dato«",
        "Ark »Elever«, række 4, kolonne »ansat dato«",
    ]
    assert all("»31-02-2021« kan ikke læses som en dato" in m for m in messages)


def test_a_cpr_number_in_a_sheet_of_ones_own(org):
    wb = load_workbook(io.BytesIO(student_inputs_workbook(cohort(2))))
    wb.create_sheet("Mine noter")["B7"] = "Husk 0101901234"
    out = io.BytesIO()
    wb.save(out)
    [message] = refused(org, out.getvalue())
    assert message.startswith("Ark »Mine noter«, række 7, kolonne »B«")
    assert "1234" not in message


def test_a_cpr_number_in_a_csv_file_refuses_all_files(org):
    files = csv_files(cohort(3))
    text = files[2][0].decode("utf-8-sig").replace("\r\n", ";2412881234\r\n", 1)
    files[2] = (text.encode("utf-8"), files[2][1])
    [message] = refused(org, files, name=None)
    assert message.startswith("Ark »Fravær-eksport.csv«, række 1")
    assert "1234" not in message
    assert Student.objects.count() == 0


def test_a_cpr_number_in_the_file_name(org):
    [message] = refused(org, student_inputs_workbook(cohort(1)), "elev 0101901234.xlsx")
    assert "Filnavnet" in message and "010190-****" in message and "1234" not in message


def test_a_cpr_number_hides_the_other_problems(org):
    data = edited(student_inputs_workbook(cohort(2)), "Elever", "B2", "0101901234")
    [message] = refused(org, data)
    assert "CPR" in message and "1234" not in message


def test_dates_and_fractions_are_not_taken_for_cpr_numbers(org):
    # A fraction whose digits look like one (0.0101901234) is a calculation, not a CPR number;
    # Excel dates are dates.
    data = edited(student_inputs_workbook(cohort(5)), "Elever", "M2", 0.0101901234)
    data = edited(data, "Elever", "N2", dt.datetime(2012, 1, 1))
    assert run(org, data).created == 5


def test_dry_run_writes_nothing(org):
    before = state()
    result = run(org, student_inputs_workbook(cohort(3)), dry_run=True)
    assert result.created == 3 and result.dry_run
    assert state() == before


def test_export_of_records_applied_elsewhere_has_every_sheet(org):
    student_records_apply(organisation=org, actor=None, students=cohort(3), source="x")
    wb = load_workbook(io.BytesIO(student_export(org)))
    assert wb["Elever"].max_row == 4
    assert wb["Forløb"].max_row == 22
    assert wb["Fravær"].max_row == 31
    assert wb["Elever"]["J2"].value == "ja"


# --- the command line -----------------------------------------------------------------------


def test_import_students_command(org, tmp_path, capsys):
    path = tmp_path / "elever.xlsx"
    path.write_bytes(student_inputs_workbook(cohort(4)))
    call_command("importdata", "students", str(path), "--org", org.slug)
    assert "4 nye" in capsys.readouterr().out
    paths = []
    for data, name in csv_files(cohort(4)):
        p = tmp_path / name
        p.write_bytes(data)
        paths.append(str(p))
    call_command("importdata", "students", *paths, "--org", org.slug)
    assert "4 uændrede" in capsys.readouterr().out


def test_import_students_command_refuses_a_cpr_number(org, tmp_path, capsys):
    path = tmp_path / "elever.xlsx"
    path.write_bytes(edited(student_inputs_workbook(cohort(2)), "Elever", "A2", "0101901234"))
    with pytest.raises(CommandError, match="Intet er ændret"):
        call_command("importdata", "students", str(path), "--org", org.slug)
    assert "CPR" in capsys.readouterr().err
    assert Student.objects.count() == 0


def test_other_kinds_take_one_file(org, tmp_path):
    with pytest.raises(CommandError, match="én fil ad gangen"):
        call_command("importdata", "catalogue", "a.xlsx", "b.xlsx", "--org", org.slug)


def test_purge_command_is_a_dry_run_unless_applied(org, capsys):
    student_records_apply(
        organisation=org,
        actor=None,
        students=[student(0, year=2010), student(1, year=2010), student(3, year=2010)],
        source="x",
    )
    call_command("students", "purge", "--org", org.slug, "--today", "2030-01-01")
    out = capsys.readouterr().out
    assert "2 elever afsluttede før 01-01-2025 og ville blive slettet" in out
    assert "SSA årgang 2010: 1 elever" in out and "--apply" in out
    assert Student.objects.count() == 3
    call_command("students", "purge", "--org", org.slug, "--today", "2030-01-01", "--apply")
    assert "2 elever, der afsluttede før 01-01-2025, er slettet" in capsys.readouterr().out
    assert list(Student.objects.values_list("outcome", flat=True)) == ["ongoing"]
