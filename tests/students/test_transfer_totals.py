"""Import and export of entered pipeline totals: the round trip, all or nothing with sheet, row
and column, CSV per sheet, and ``indsats import pipeline-totals``."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from indsats.core.models import AuditLog
from indsats.students import selectors
from indsats.students.models import BreakdownFigure, CohortFigures, RequiredIntake, SickLeaveFigure
from indsats.students.transfer_totals import (
    TotalsImportError,
    totals_export,
    totals_import,
    totals_template,
)

from . import frederikssund

pytestmark = pytest.mark.django_db


def workbook(sheets: dict[str, list[list]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


COHORT_HEADER = [
    "Uddannelse",
    "Årgang",
    "Ansat som elev",
    "Gennemført",
    "Frafaldet",
    "Ansat efter uddannelsen",
    "Egne ufaglærte",
    "Egne SSH til SSA",
]
PUBLISHED = {
    "Årgange": [
        COHORT_HEADER,
        ["SSH", 2022, 37, 31, 6, 19, None, None],
        ["SSA", 2020, 45, 27, 18, 15, None, None],
    ],
    "Frafaldsårsager": [
        ["Uddannelse", "År", "Årsag", "Antal"],
        ["SSH", 2023, "For høje faglige krav", 5],
        ["SSH", 2023, "Forkert uddannelsesvalg", 2],
        ["SSH", 2023, "andet", 2],
    ],
    "Sygefravær": [["Uddannelse", "År", "Sygefravær (%)"], [None, 2023, "8,64"]],
    "Dimensionering": [
        ["Uddannelse", "År", "Dimensionering"],
        ["SSA", 2024, 56],
        ["SSH", 2024, 27],
    ],
}


def test_import_published_figures_and_round_trip(org, consultant):
    result = totals_import(
        organisation=org, actor=consultant, file=workbook(PUBLISHED), file_name="tal.xlsx"
    )
    assert result.cohorts_created == 2 and result.breakdowns == 1 and result.years == 3
    pipe = selectors.pipeline(org)
    assert pipe.cohort("ssh", 2022).hired == 19
    assert dict(pipe.causes[0].counts) == {"academic_demands": 5, "wrong_choice": 2, "other": 2}
    assert str(SickLeaveFigure.objects.get().rate) == "8.64"
    assert AuditLog.objects.filter(action="import", object_type="pipeline_totals").count() == 1
    # An unchanged export imports with no change.
    again = totals_import(
        organisation=org, actor=consultant, file=totals_export(org), file_name="elevtal.xlsx"
    )
    assert (again.cohorts_created, again.cohorts_updated, again.breakdowns, again.years) == (
        0,
        0,
        0,
        0,
    )


def test_export_holds_every_sheet(org):
    frederikssund.enter_totals(org)
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(totals_export(org)))
    assert wb.sheetnames[:6] == [
        "Årgange",
        "Frafaldsårsager",
        "Frafald pr. fase",
        "Ansat hvor",
        "Sygefravær",
        "Dimensionering",
    ]
    assert wb["Årgange"].max_row == 5
    template = load_workbook(io.BytesIO(totals_template()))
    assert template["Årgange"].max_row == 1


def test_bad_file_is_refused_whole_naming_sheet_row_and_column(org):
    bad = {
        "Årgange": [
            COHORT_HEADER,
            ["SSH", 2022, 37, 31, 6, 40, None, None],  # hired > completed
            ["SOSU", 2020, 45, 27, 18, 15, None, None],  # unknown education
            ["SSA", 2021, -4, 0, 0, 0, None, None],  # negative
        ],
        "Frafaldsårsager": [
            ["Uddannelse", "År", "Årsag", "Antal"],
            ["SSH", 2023, "Kedsomhed", 5],  # unknown cause
            ["SSH", 2023, "Andet", 2],
            ["SSH", 2023, "Andet", 3],  # the same row twice
        ],
    }
    with pytest.raises(TotalsImportError) as exc:
        totals_import(organisation=org, actor=None, file=workbook(bad), file_name="tal.xlsx")
    messages = exc.value.messages
    assert any(
        m.startswith("Ark »Årgange«, række 2:") and "Flere er ansat efter uddannelsen (40)" in m
        for m in messages
    ), messages
    assert any(m.startswith("Ark »Årgange«, række 3, kolonne »Uddannelse«") for m in messages)
    assert any(m.startswith("Ark »Årgange«, række 4, kolonne »Ansat som elev«") for m in messages)
    assert any(m.startswith("Ark »Frafaldsårsager«, række 2, kolonne »Årsag«") for m in messages)
    assert any(
        m.startswith("Ark »Frafaldsårsager«, række 4, kolonne »Årsag«") and "række 3" in m
        for m in messages
    )
    assert not CohortFigures.objects.exists()
    assert not BreakdownFigure.objects.exists()
    assert not AuditLog.objects.exists()


def test_csv_per_sheet(org):
    csv = "Uddannelse;År;Dimensionering\r\nSSA;2024;56\r\n".encode()
    totals_import(organisation=org, actor=None, file=csv, file_name="Dimensionering.csv")
    assert RequiredIntake.objects.get().required == 56


def test_cli_import(org, tmp_path, capsys):
    path = tmp_path / "tal.xlsx"
    path.write_bytes(workbook(PUBLISHED))
    call_command("importdata", "pipeline-totals", str(path), "--org", org.slug)
    assert "2 nye og 0 ændrede årgange" in capsys.readouterr().out
    assert CohortFigures.objects.count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook({"Årgange": [COHORT_HEADER, ["SSH", 2023, 5, 6, 0, 0, None, None]]}))
    with pytest.raises(CommandError):
        call_command("importdata", "pipeline-totals", str(bad), "--org", org.slug)
    assert CohortFigures.objects.count() == 2
