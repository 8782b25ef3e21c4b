"""Import and export of student records (docs/student-import.md).

The file is an XLSX workbook with the sheets »Elever«, »Forløb« and »Fravær« (and a
»Vejledning«), or one CSV file per sheet, recognised by its header row; several CSV files
uploaded together are applied together, all or nothing. Every cell of every sheet (headers,
notes, sheets of one's own) is searched for CPR numbers first: one found refuses the whole
upload with a message naming sheet, row and column, never repeating the number. Then every row
is read and checked (``students.services.check_students`` among the rest), and only an upload
without problems is written through ``students.services.student_records_write``, the writing
half of ``student_records_apply``. The export writes the same format, so an
exported file imports unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from indsats.calc.cpr import find_cpr
from indsats.core.transfer import (
    CHOICE,
    DATE,
    NUMBER,
    TEXT,
    CellError,
    Column,
    FileFormat,
    ImportIssue,
    Sheet,
    Table,
    file_issue,
    issue_order,
    read_files,
    read_table,
    read_uploads,
    register_kind,
    shown,
    spreadsheet_number,
    workbook_bytes,
)
from indsats.organisations.models import Organisation

from .choices import AgeBand, DropoutCause, Education, Origin, Outcome, Phase
from .inputs import AbsenceInput, PhaseInput, StudentInput
from .models import AbsencePeriod, Student, StudentPhase
from .services import (
    HEADERS,
    KEY_MAX,
    PLACE_MAX,
    SHEET_ABSENCES,
    SHEET_PHASES,
    SHEET_STUDENTS,
    ApplySummary,
    StudentImportError,
    check_students,
    require_student_access,
    student_records_write,
)

MAX_ROWS = 100_000  # rows per sheet; a large municipality's absence sheet runs to tens of thousands

# --- the file format -----------------------------------------------------------------------

YES_NO = "yes_no"
YES = {"ja", "j", "yes", "y", "true", "1", "x"}
NO = {"nej", "n", "no", "false", "0"}


def _yes_no(column: Column, value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = shown(value).strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(
        _("»%(value)s« er hverken »ja« eller »nej«. Skriv »ja«, »nej« eller lad cellen stå tom.")
        % {"value": shown(value)}
    )


register_kind(YES_NO, _yes_no, number_format="@", pure=True)

DATE_FMT = "En dato, dd-mm-åååå (fx 01-08-2021), eller en Excel-dato."
DAYS_FMT = "Et tal på 0 eller derover, højst 2 decimaler (fx 20 eller 2,5)."


def _key_column(help_text: str) -> Column:
    return Column(
        "key",
        HEADERS["key"],
        TEXT,
        required=True,
        max_length=KEY_MAX,
        fmt="Tekst, højst 64 tegn. Aldrig et CPR-nummer.",
        help=help_text,
        example="E2021-0042",
        width=16,
    )


STUDENTS = Sheet(
    SHEET_STUDENTS,
    (
        _key_column(
            "Elevens pseudonyme nøgle fra elevadministrationen. Den genkender eleven ved næste "
            "indlæsning. Et CPR-nummer afviser hele filen."
        ),
        Column(
            "education",
            HEADERS["education"],
            CHOICE,
            required=True,
            choices=Education,
            help="Uddannelsen: social- og sundhedshjælper eller -assistent.",
            example="ssa",
            width=14,
        ),
        Column(
            "hire_date",
            HEADERS["hire_date"],
            DATE,
            required=True,
            fmt=DATE_FMT,
            help="Datoen for ansættelsen som elev. Året er elevens årgang.",
            example="01-08-2021",
            width=12,
        ),
        Column(
            "age_band",
            HEADERS["age_band"],
            CHOICE,
            required=True,
            choices=AgeBand,
            help="Elevens alder ved ansættelsen, som aldersgruppe.",
            example="25-34",
            width=12,
        ),
        Column(
            "origin",
            HEADERS["origin"],
            CHOICE,
            choices=Origin,
            default=Origin.EXTERNAL,
            help="Om eleven kom udefra, var egen ufaglært medarbejder eller egen SSH, der "
            "læser videre til SSA.",
            example="external",
            width=14,
        ),
        Column(
            "outcome",
            HEADERS["outcome"],
            CHOICE,
            choices=Outcome,
            default=Outcome.ONGOING,
            help="I gang, gennemført eller frafaldet.",
            example="completed",
            width=12,
        ),
        Column(
            "outcome_date",
            HEADERS["outcome_date"],
            DATE,
            fmt=DATE_FMT + " Tom for en elev, der er i gang.",
            help="Datoen for gennemførelse eller frafald; ikke før ansættelsesdatoen.",
            example="30-06-2024",
            width=12,
        ),
        Column(
            "dropout_phase",
            HEADERS["dropout_phase"],
            CHOICE,
            choices=Phase,
            help="Den fase, eleven faldt fra i. Kun for frafaldne.",
            example="O1",
            width=12,
        ),
        Column(
            "dropout_cause",
            HEADERS["dropout_cause"],
            CHOICE,
            choices=DropoutCause,
            help="Årsagen til frafaldet. Skal udfyldes for frafaldne, og kun for dem.",
            example="private_life",
            width=18,
        ),
        Column(
            "hired_after",
            HEADERS["hired_after"],
            YES_NO,
            fmt="»ja«, »nej« eller tom (ikke afklaret).",
            help="Om eleven blev ansat i kommunen efter endt uddannelse. Kun for gennemførte.",
            example="ja",
            width=12,
        ),
        Column(
            "hired_where",
            HEADERS["hired_where"],
            TEXT,
            max_length=PLACE_MAX,
            help="Hvor eleven blev ansat (arbejdssted). Kun når »ansat efter uddannelsen« er ja.",
            example="Hjemmeplejen Nord",
            width=24,
        ),
    ),
    help="Én række pr. elev. En elev i filen erstatter den gemte elev med samme nøgle, med "
    "forløb og fravær; elever, der ikke står i filen, bliver.",
    max_rows=MAX_ROWS,
)

PHASES = Sheet(
    SHEET_PHASES,
    (
        _key_column("Nøglen på en elev i arket »Elever«."),
        Column(
            "phase",
            HEADERS["phase"],
            CHOICE,
            required=True,
            choices=Phase,
            help="Grundforløb, skoleperiode eller oplæringsperiode (praktik).",
            example="O1",
            width=12,
        ),
        Column(
            "start",
            HEADERS["phase_start"],
            DATE,
            required=True,
            fmt=DATE_FMT,
            help="Fasens første dag.",
            example="01-02-2022",
            width=12,
        ),
        Column(
            "end",
            HEADERS["phase_end"],
            DATE,
            fmt=DATE_FMT + " Tom: fasen er ikke slut.",
            help="Fasens sidste dag (med). Faserne må ikke overlappe.",
            example="31-05-2022",
            width=12,
        ),
        Column(
            "place",
            HEADERS["place"],
            TEXT,
            max_length=PLACE_MAX,
            help="Oplæringsstedet for en oplæringsperiode.",
            example="Plejecenter Solgården",
            width=26,
        ),
    ),
    help="Én række pr. fase pr. elev.",
    max_rows=MAX_ROWS,
)

ABSENCES = Sheet(
    SHEET_ABSENCES,
    (
        _key_column("Nøglen på en elev i arket »Elever«."),
        Column(
            "start",
            HEADERS["absence_start"],
            DATE,
            required=True,
            fmt=DATE_FMT,
            help="Periodens første dag.",
            example="01-01-2022",
            width=12,
        ),
        Column(
            "end",
            HEADERS["absence_end"],
            DATE,
            required=True,
            fmt=DATE_FMT + " Samme kalenderår som »periode fra«.",
            help="Periodens sidste dag. En periode går ikke hen over et årsskifte.",
            example="31-03-2022",
            width=12,
        ),
        Column(
            "planned_days",
            HEADERS["planned_days"],
            NUMBER,
            required=True,
            fmt=DAYS_FMT,
            help="Planlagte arbejdsdage i perioden.",
            example="60",
            width=12,
        ),
        Column(
            "sick_days",
            HEADERS["sick_days"],
            NUMBER,
            required=True,
            fmt=DAYS_FMT + " Højst de planlagte dage.",
            help="Sygedage i perioden.",
            example="2,5",
            width=10,
        ),
    ),
    help="Planlagte dage og sygedage pr. periode (fx pr. måned eller kvartal) pr. elev.",
    max_rows=MAX_ROWS,
)

SHEETS = (STUDENTS, PHASES, ABSENCES)

STUDENT_FORMAT = FileFormat(
    sheets=SHEETS,
    guide_heading="Vejledning til elevdata",
    guide_intro=(
        "Pseudonyme elevdata fra elevadministrationen som Excel-fil med arkene »Elever«, "
        "»Forløb« og »Fravær«, eller som CSV-filer (én pr. ark, semikolonsepareret); en "
        "CSV-fil genkendes på overskrifterne i første række.",
        "CPR-numre må aldrig indlæses. Står der noget, der ligner et CPR-nummer, i en hvilken "
        "som helst celle (også overskrifter og egne noter), afvises hele filen.",
        "Filen indlæses som en helhed. Er der fejl i blot én række, indlæses intet, og alle "
        "fejl vises med ark, række og kolonne.",
        "En elev i filen erstatter den gemte elev med samme nøgle, med forløb og fravær. "
        "Elever, der ikke står i filen, bliver. Indlæses samme fil to gange, ændres intet.",
        "Koder og tekster: uddannelse ssh/ssa, udfald ongoing/completed/dropped_out (eller "
        "»I gang«, »Gennemført«, »Frafaldet«). Se kolonnerne nedenfor.",
    ),
)


@dataclass
class StudentImportResult:
    file_name: str
    applied: ApplySummary
    dry_run: bool = False

    @property
    def created(self) -> int:
        return self.applied.created

    @property
    def updated(self) -> int:
        return self.applied.updated

    @property
    def unchanged(self) -> int:
        return self.applied.unchanged

    def summary(self) -> str:
        return self.applied.summary()


# --- reading -------------------------------------------------------------------------------


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _cpr_in(value: Any) -> str | None:
    """A CPR number in a cell's value: text, or a whole number (Excel drops the leading zero
    of 0101901234 stored as a number). Dates and fractions are not CPR numbers."""
    if value is None or isinstance(value, bool | dt.date | dt.datetime | dt.time):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return find_cpr(value)


def cpr_check():
    """A raw-cell check for ``core.transfer.read_files``: an issue for every cell (headers
    included) holding something shaped like a CPR number; the message names the place, masked,
    never the number."""
    headers_by_sheet: dict[str, tuple] = {}
    found: list[ImportIssue] = []

    def check(sheet_title: str, number: int, cells: tuple) -> list[ImportIssue]:
        if number == 1:
            headers_by_sheet[sheet_title] = tuple(cells)
        headers = headers_by_sheet.get(sheet_title, ())
        issues: list[ImportIssue] = []
        for index, value in enumerate(cells):
            masked = _cpr_in(value)
            if masked is None:
                continue
            header = headers[index] if index < len(headers) else None
            column = (
                str(header).strip()
                if header is not None and str(header).strip() and _cpr_in(header) is None
                else _column_letter(index)
            )
            issues.append(
                ImportIssue(
                    sheet_title,
                    number,
                    column,
                    _(
                        "Cellen indeholder noget, der ligner et CPR-nummer (%(masked)s). "
                        "CPR-numre må ikke indlæses, så hele filen er afvist. Fjern CPR-numre "
                        "fra filen, og brug en pseudonym elevnøgle."
                    )
                    % {"masked": masked},
                )
            )
        found.extend(issues)
        return issues

    check.found = found  # every issue found so far, over all files
    # A CSV file's whole text without anything CPR-shaped has no cell with one: a cell's text
    # stands in the file as it is (a doubled quote is no digit, dash or space), between
    # delimiters or line ends that are no digits, so a match in a cell is a match in the text.
    # The reverse need not hold (a tab between two cells): then the cells are checked one by one.
    check.clears = lambda text: find_cpr(text) is None
    return check


def read_student_files(files: list[tuple[bytes, str]]):
    """Every sheet of the upload (an XLSX, or CSV files one sheet each), and every problem:
    only the CPR problems when any cell holds a CPR number (the other messages could repeat
    it)."""
    cpr: list[ImportIssue] = []
    named = []
    for data, name in files:
        masked = find_cpr(name)
        if masked is None:
            named.append((data, name))
            continue
        # The name would be repeated in messages and stored as the records' source.
        cpr.append(
            file_issue(
                _(
                    "Filnavnet indeholder noget, der ligner et CPR-nummer (%(masked)s). "
                    "Omdøb filen, og indlæs den igen."
                )
                % {"masked": masked}
            )
        )
    check = cpr_check()
    sheets, issues = read_files(named, SHEETS, required=(), check=check, reader=read_table)
    if cpr or check.found:
        return {}, cpr + check.found
    if not issues and SHEET_STUDENTS not in sheets:
        issues.append(
            file_issue(
                _(
                    "Arket »%(sheet)s« mangler. Elever skal stå i arket »%(sheet)s« (eller i en "
                    "CSV-fil med dets overskrifter), også når kun forløb eller fravær ændres."
                )
                % {"sheet": SHEET_STUDENTS}
            )
        )
    return sheets, issues


def _by_student(table: Table | None, keys: set, issues: list[ImportIssue], fields, build):
    """{student key: [build((sheet, row number), *the row's fields)]} for a sheet of rows that
    belong to a student (phases, absences); a row naming no student of the file is an issue."""
    out: dict[str, list] = defaultdict(list)
    if table is None:
        return out
    title, header = table.sheet.title, table.sheet.header("key")
    for number, key, *values in table.records("key", *fields):
        if key not in keys:
            issues.append(ImportIssue(title, number, header, _unknown_key(key)))
            continue
        out[key].append(build((title, number), *values))
    return out


def build_students(sheets: dict[str, Table]) -> tuple[list[StudentInput], list[ImportIssue]]:
    """StudentInputs from the rows that could be read, and the rows that name no student.
    Every column of these sheets is read, so a row is used only when all its cells could be."""
    issues: list[ImportIssue] = []
    student_table = sheets.get(SHEET_STUDENTS)
    # the keys of every student row, also of one with another cell that could not be read
    keys = set(student_table.columns["key"]) if student_table is not None else set()
    keys.discard(None)
    keys.discard("")
    phases = _by_student(
        sheets.get(SHEET_PHASES),
        keys,
        issues,
        ("phase", "start", "end", "place"),
        lambda origin, phase, start, end, place: PhaseInput(
            phase=phase, start=start, end=end, place=place or "", origin_row=origin
        ),
    )
    absences = _by_student(
        sheets.get(SHEET_ABSENCES),
        keys,
        issues,
        ("start", "end", "planned_days", "sick_days"),
        lambda origin, start, end, planned, sick: AbsenceInput(
            start=start, end=end, planned_days=planned, sick_days=sick, origin_row=origin
        ),
    )
    students: list[StudentInput] = []
    if student_table is not None:
        title = student_table.sheet.title
        for (
            number,
            key,
            education,
            hire_date,
            age_band,
            origin,
            outcome,
            outcome_date,
            dropout_phase,
            dropout_cause,
            hired_after,
            hired_where,
        ) in student_table.records(
            "key",
            "education",
            "hire_date",
            "age_band",
            "origin",
            "outcome",
            "outcome_date",
            "dropout_phase",
            "dropout_cause",
            "hired_after",
            "hired_where",
        ):
            students.append(
                StudentInput(
                    key=key,
                    education=education,
                    hire_date=hire_date,
                    age_band=age_band,
                    origin=origin or Origin.EXTERNAL,
                    outcome=outcome or Outcome.ONGOING,
                    outcome_date=outcome_date,
                    dropout_phase=dropout_phase or "",
                    dropout_cause=dropout_cause or "",
                    hired_after=hired_after,
                    hired_where=hired_where or "",
                    phases=tuple(phases.get(key, ())),
                    absences=tuple(absences.get(key, ())),
                    origin_row=(title, number),
                )
            )
    return students, issues


def _unknown_key(key: str) -> str:
    return _("Elevnøglen »%(key)s« står ikke i arket »%(sheet)s«.") % {
        "key": key,
        "sheet": SHEET_STUDENTS,
    }


def student_check(*, file, file_name: str | None = None) -> tuple[list[StudentInput], str]:
    """Read and check the upload; raise StudentImportError naming every problem."""
    if isinstance(file, list | tuple) and all(
        isinstance(f, tuple) and len(f) == 2 and isinstance(f[0], bytes) for f in file
    ):
        files = list(file)  # already (bytes, name) pairs
    else:
        files = read_uploads(file)
    if file_name and len(files) == 1:
        files = [(files[0][0], file_name)]
    sheets, issues = read_student_files(files)
    students: list[StudentInput] = []
    if sheets and not any(i.row is None for i in issues):
        students, more = build_students(sheets)
        issues.extend(more)
        issues.extend(check_students(students))
    if issues:
        raise StudentImportError(sorted(issues, key=issue_order(SHEETS)))
    return students, ", ".join(name for _data, name in files)


def student_import(
    *, organisation: Organisation, actor, file, file_name: str | None = None, dry_run=False
) -> StudentImportResult:
    """Apply the student records in ``file`` (an upload, a path, bytes, or a list of them: one
    XLSX or a CSV per sheet), all or nothing. Raises StudentImportError, having written
    nothing, if any cell is wrong or holds a CPR number; with ``dry_run`` everything is
    checked, counted and rolled back."""
    require_student_access(actor, organisation)
    students, name = student_check(file=file, file_name=file_name)
    with transaction.atomic():
        # Checked by student_check (check_students and more): not checked a second time.
        applied = student_records_write(
            organisation=organisation, actor=actor, students=students, source=name
        )
        if dry_run:
            transaction.set_rollback(True)
    return StudentImportResult(file_name=name, applied=applied, dry_run=dry_run)


# --- export --------------------------------------------------------------------------------


def _items(related) -> list:
    """A prefetched relation (Student) or a tuple (StudentInput)."""
    return list(related.all()) if hasattr(related, "all") else list(related)


def student_rows(students) -> dict[str, list[dict[str, Any]]]:
    """Students (with ``phases`` and ``absences`` prefetched) or StudentInputs as rows per
    sheet."""
    out: dict[str, list[dict[str, Any]]] = {s.title: [] for s in SHEETS}
    for st in students:
        out[SHEET_STUDENTS].append(
            {
                "key": st.key,
                "education": st.education,
                "hire_date": st.hire_date,
                "age_band": st.age_band,
                "origin": st.origin,
                "outcome": st.outcome,
                "outcome_date": st.outcome_date,
                "dropout_phase": st.dropout_phase or None,
                "dropout_cause": st.dropout_cause or None,
                "hired_after": None
                if st.hired_after is None
                else ("ja" if st.hired_after else "nej"),
                "hired_where": st.hired_where,
            }
        )
        for p in _items(st.phases):
            out[SHEET_PHASES].append(
                {"key": st.key, "phase": p.phase, "start": p.start, "end": p.end, "place": p.place}
            )
        for a in _items(st.absences):
            out[SHEET_ABSENCES].append(
                {
                    "key": st.key,
                    "start": a.start,
                    "end": a.end,
                    "planned_days": spreadsheet_number(Decimal(a.planned_days)),
                    "sick_days": spreadsheet_number(Decimal(a.sick_days)),
                }
            )
    return out


def export_queryset(organisation: Organisation):
    return Student.objects.filter(organisation=organisation).prefetch_related(
        Prefetch("phases", queryset=StudentPhase.objects.order_by("start")),
        Prefetch("absences", queryset=AbsencePeriod.objects.order_by("start")),
    )


def student_export(organisation: Organisation, queryset=None) -> bytes:
    """The organisation's student records (or ``queryset``'s) as XLSX in the import format.
    Three queries."""
    students = queryset if queryset is not None else export_queryset(organisation)
    return workbook_bytes(STUDENT_FORMAT, student_rows(students))


def student_inputs_workbook(students: list[StudentInput]) -> bytes:
    """StudentInputs as an XLSX file in the import format (for tests, demos and examples)."""
    return workbook_bytes(STUDENT_FORMAT, student_rows(students))


def student_template() -> bytes:
    """The empty student file: headers and the guide."""
    return workbook_bytes(STUDENT_FORMAT, {})
