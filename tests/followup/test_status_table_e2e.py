"""End to end: a status table as a large municipality prints it (8 budget notes over 5 budget
years, money on notes and on initiatives, a note funding an initiative described under another
note, a finished pool, status texts, targets, remarks, a planned and a running total) is moved
into Indsats through the documented import formats — from XLSX and from CSV, with the command
line a consultant uses — and the status report as of a date is read back in every format: the
page, the PDF as text, the XLSX with openpyxl and the DOCX with python-docx. Every figure, note
allocation, footnote and overdue mark is checked against the table."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal as D
from html import unescape

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import Workbook

from indsats.budgets.models import BudgetNote
from indsats.budgets.transfer import budget_export, budget_rows
from indsats.followup.models import StatusUpdate
from indsats.followup.transfer import status_export, status_rows
from indsats.indicators.models import Indicator, IndicatorValue
from indsats.indicators.transfer import indicator_export, indicator_rows
from indsats.reports.status import build_status_report, render_docx, render_pdf, render_xlsx
from indsats.reports.status_table import (
    render_table_docx,
    render_table_pdf,
    render_table_xlsx,
    status_table,
)
from tests.factories import InitiativeFactory
from tests.reports.readers import docx_text, normalise, pdf_text, sheet_records, workbook

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 4, 30)

# --- the status table, as printed ------------------------------------------------------------

# code, title, purpose, lifecycle state
INITIATIVES = [
    ("1.1", "Mentorer for nyuddannede social- og sundhedsassistenter",
     "Færre nyuddannede siger op det første år.", "running"),
    ("1.2", "Kampagne for sommerferieafløsere", "Flere ansøgere til sommerferien.", "funded"),
    ("2.1", "Flere praktikpladser på plejecentrene", "Plads til alle elever.", "running"),
    ("3.1", "God start for elever", "Færre elever falder fra i grundforløbet.", "running"),
    ("3.2", "Sprogstøtte til elever", "Elever med dansk som andetsprog gennemfører.", "funded"),
    ("4.1", "Rekrutteringspulje 2024-2025", "Løntilskud til nye medarbejdere.", "finished"),
    ("4.2", "Mentoruddannelse", "Erfarne kolleger uddannes som mentorer.", "running"),
    ("5.1", "Sundhedsscreening af nyansatte", "Tidlig indsats mod sygefravær.", "running"),
    ("6.1", "Jobopslag der skiller sig ud", "Flere kvalificerede ansøgere pr. opslag.", "running"),
]  # fmt: skip

# budget year, code, title, unit, purpose, initiatives
NOTES = [
    (2026, "SO03", "Fastholdelse af social- og sundhedsassistenter", "Sundhed og Omsorg",
     "Flere bliver i faget.", "1.1, 1.2"),
    (2026, "ØK77", "Uddannelsesløft", "Økonomi", "Flere elever gennemfører.", "2.1, 1.1"),
    (2025, "SO19", "God start", "Sundhed og Omsorg", "Færre frafald.", "3.1"),
    (2025, "BU4", "Sprogstøtte", "Børn og Unge", "Sprog er ingen hindring.", "3.2"),
    (2024, "SO11", "Rekrutteringspulje", "Sundhed og Omsorg", "Flere hænder nu.", "4.1"),
    (2024, "ØK12", "Mentorordning", "Økonomi", "Mentorer til alle nye.", "4.2"),
    (2023, "SO7", "Screening", "Sundhed og Omsorg", "Lavere sygefravær.", "5.1"),
    (2022, "ØK3", "Jobopslag", "Økonomi", "Flere ansøgere.", "6.1"),
]  # fmt: skip

# budget year, note, initiative ("" = the note as a whole), allocation as written
ALLOCATIONS = [
    (2026, "SO03", "1.1", "2026: 1,5 mio. kr. / 2027-2028: 1,2 mio. kr. årligt"),
    (2026, "SO03", "1.2", "2026: 0,5 mio. kr."),
    (2026, "ØK77", "", "2026: 7,339 mio. kr.\n2027-2029: 5,373 mio. kr. årligt (2022-pl)"),
    (2026, "ØK77", "1.1", "2026: 0,8 mio. kr."),
    (2025, "SO19", "", "2025-2026: 2 mio. kr. årligt"),
    (2025, "BU4", "", "2025: 450.000 kr."),
    (2024, "SO11", "", "2024-2025: 3 mio. kr. årligt"),
    (2024, "ØK12", "", "0,6 mio. kr. årligt i 2024-2027"),
    (2023, "SO7", "", "2023: 1,2 mio. kr."),
    (2022, "ØK3", "", "2022-24: 250 t. kr. årligt"),
]

# the finished pool's spending: budget year, note, year, amount as written
SPENDING = [(2024, "SO11", 2024, "2.900.000"), (2024, "SO11", 2025, "3,0 mio. kr.")]

# name, unit, direction, owner, kind, target (baseline year, baseline, target, deadline)
INDICATORS = [
    ("Personaleomsætning", "Procent", "Lavere er bedre", "1.1", "", (2023, "18%", "15%", 2027)),
    ("Forbrugt af afsatte midler", "Kroner", "", "budget:ØK77/2026", "X ud af Y", None),
    ("Praktikpladser", "Antal", "", "2.1", "Cirka pr. år", None),
    ("Elever startet", "Antal", "", "3.1", "", (2024, "25", "35", 2026)),
    ("Mentorer forventes uddannet", "Antal", "", "4.2", "Planlagt i alt", None),
    ("Mentorer uddannet", "Antal", "", "4.2", "I alt til dato", None),
    ("Screenede", "Antal", "", "5.1", "I alt til dato", None),
    ("Ansøgere pr. opslag", "Forholdstal", "", "6.1", "", (2022, "2,1", "4", 2025)),
]

# indicator, year, date, value as written, remark
VALUES = [
    ("Personaleomsætning", 2023, None, "18%", ""),
    ("Personaleomsætning", 2024, None, "17,2 pct.", ""),
    ("Personaleomsætning", 2025, None, "16,1%", ""),
    ("Forbrugt af afsatte midler", 2026, None, "3,2 mio. kr. ud af 7,339 mio. kr.", ""),
    ("Praktikpladser", 2026, None, "ca. 40 årligt", ""),
    ("Elever startet", 2024, None, "25", ""),
    ("Elever startet", 2025, None, "30*", "inkl. 4 fra efterårsholdet"),
    ("Elever startet", 2026, dt.date(2026, 4, 30), "8 (flere følger til efteråret)", ""),
    ("Mentorer forventes uddannet", None, None, "20 mentorer forventes uddannet", ""),
    ("Mentorer uddannet", 2026, None, "45 uddannet i alt", ""),
    ("Screenede", 2026, None, "120 screenede, opstartet i 2021", ""),
    ("Ansøgere pr. opslag", 2022, None, "2,1", ""),
    ("Ansøgere pr. opslag", 2023, None, "3,4", ""),
]

TEXT_31 = "Første hold er startet.\n\n- 12 elever har fået en makker\n- 2 er faldet fra"

# initiative, as of, state (blank: not assessed), text, author
STATUSES = [
    ("1.1", dt.date(2025, 10, 1), "Følger planen", "Mentorerne er i gang.", "Mette Hansen"),
    ("1.2", dt.date(2026, 4, 15), "", "Kampagnen planlægges.", ""),
    ("2.1", dt.date(2026, 3, 15), "I risiko", "Få pladser på nattevagt.", "Jens Olsen"),
    ("3.1", dt.date(2026, 4, 10), "Følger planen", TEXT_31, "Mette Hansen"),
    ("4.1", dt.date(2025, 12, 31), "Afsluttet", "Puljen er brugt.", "Jens Olsen"),
    ("4.2", dt.date(2026, 2, 1), "Følger planen", "Andet hold uddannes.", ""),
    ("5.1", dt.date(2025, 12, 1), "Følger planen", "Screeningen kører.", ""),
    ("6.1", dt.date(2026, 4, 1), "Følger ikke planen", "Færre ansøgere end ventet.", ""),
]

# --- the files, as a consultant fills them in -----------------------------------------------

SHEETS = {
    "budget": {
        "Budgetnotater": (
            ["Budgetår", "Kode", "Titel", "Enhed", "Formål", "Indsatser"],
            [list(n) for n in NOTES],
        ),
        "Bevillinger": (
            ["Budgetår", "Kode", "Indsats", "Bevilling", "Prisniveau"],
            [[y, c, i or None, t, None] for y, c, i, t in ALLOCATIONS],
        ),
        "Forbrug": (
            ["Budgetår", "Kode", "Indsats", "År", "Beløb", "Bemærkning"],
            [[b, c, None, y, a, "Regnskab"] for b, c, y, a in SPENDING],
        ),
    },
    "indicators": {
        "Indikatorer": (
            ["Navn", "Enhed", "Retning", "Definition", "Kilde", "Ejer", "Art", "Udgangsår",
             "Udgangsværdi", "Mål", "Frist"],
            [[n, u, d or None, None, "Lønsystemet", o, k or None, *(t or (None,) * 4)]
             for n, u, d, o, k, t in INDICATORS],
        ),
        "Værdier": (
            ["Indikator", "År", "Dato", "Værdi", "Bemærkning"],
            [[n, y, d, v, r or None] for n, y, d, v, r in VALUES],
        ),
    },
    "statuses": {
        "Status": (
            ["Indsats", "Status pr.", "Vurdering", "Status", "Skrevet af"],
            [[i, d, s or None, t, a or None] for i, d, s, t, a in STATUSES],
        ),
    },
}  # fmt: skip


def _xlsx(sheets) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, (headers, rows) in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(headers)
        for row in rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD-MM-YYYY"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv(headers, rows) -> bytes:
    """As Danish Excel saves CSV: semicolons, a BOM, dates as 30-04-2026."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            ["" if v is None else v.strftime("%d-%m-%Y") if isinstance(v, dt.date) else v
             for v in row]
        )  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _files(tmp_path, fmt: str) -> dict[str, list[str]]:
    files = {}
    for kind, sheets in SHEETS.items():
        if fmt == "xlsx":
            path = tmp_path / f"{kind}.xlsx"
            path.write_bytes(_xlsx(sheets))
            files[kind] = [str(path)]
        else:
            files[kind] = []
            for title, (headers, rows) in sheets.items():
                path = tmp_path / f"{kind}-{title}.csv"
                path.write_bytes(_csv(headers, rows))
                files[kind].append(str(path))
    return files


@pytest.fixture(params=["xlsx", "csv"])
def table(request, org, consultant, tmp_path):
    """The table imported into ``org`` with the command line, from XLSX or from CSV."""
    for code, title, purpose, state in INITIATIVES:
        InitiativeFactory(organisation=org, code=code, title=title, purpose=purpose, state=state)
    files = _files(tmp_path, request.param)
    out = io.StringIO()
    call_command("importdata", "budget", *files["budget"], "--org", org.slug, stdout=out)
    call_command(
        "importdata", "indicators", *files["indicators"], "--org", org.slug,
        "--as-of", AS_OF.isoformat(), stdout=out,
    )  # fmt: skip
    call_command("importdata", "statuses", *files["statuses"], "--org", org.slug, stdout=out)
    return request.param


# --- what the committee must read ------------------------------------------------------------

# note heading -> allocation line as the report prints it
NOTE_ALLOCATIONS = {
    ("SO03", 2026): "2026: 2,000 mio. kr. / 2027-2028: 1,200 mio. kr. årligt",
    ("ØK77", 2026): "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)",
    ("SO19", 2025): "2025-2026: 2,000 mio. kr. årligt",
    ("BU4", 2025): "2025: 450.000 kr.",
    ("SO11", 2024): "2024-2025: 3,000 mio. kr. årligt",
    ("ØK12", 2024): "2024-2027: 600.000 kr. årligt",
    ("SO7", 2023): "2023: 1,200 mio. kr.",
    ("ØK3", 2022): "2022-2024: 250.000 kr. årligt",
}
ORDER = [("SO03", 2026), ("ØK77", 2026), ("BU4", 2025), ("SO19", 2025), ("SO11", 2024),
         ("ØK12", 2024), ("SO7", 2023), ("ØK3", 2022)]  # fmt: skip

# per note: its allocated kroner per year (own, else the sum of its initiatives')
NOTE_YEARS = {
    ("SO03", 2026): {2026: D("2000000"), 2027: D("1200000"), 2028: D("1200000")},
    ("ØK77", 2026): {2026: D("7339000"), 2027: D("5373000"), 2028: D("5373000"),
                     2029: D("5373000")},
    ("SO19", 2025): {2025: D("2000000"), 2026: D("2000000")},
    ("BU4", 2025): {2025: D("450000")},
    ("SO11", 2024): {2024: D("3000000"), 2025: D("3000000")},
    ("ØK12", 2024): {y: D("600000") for y in range(2024, 2028)},
    ("SO7", 2023): {2023: D("1200000")},
    ("ØK3", 2022): {y: D("250000") for y in range(2022, 2025)},
}  # fmt: skip

OVERDUE = {
    "1.1": "Status mangler siden 29. januar 2026",  # 1 October 2025 + 120 days
    "3.2": "Status mangler",  # funded, never reported
    "5.1": "Status mangler siden 31. marts 2026",  # 1 December 2025 + 120 days
}

FOOTNOTES = [
    "Elever startet, 2025: inkl. 4 fra efterårsholdet",
    "Elever startet, 2026 pr. 30. april: flere følger til efteråret",
]

FIGURES = {  # indicator -> what the report shows per year, as of 30 April 2026
    "Personaleomsætning": {2023: "18,0 %", 2024: "17,2 %", 2025: "16,1 %"},
    "Forbrugt af afsatte midler": {2026: "3,2 mio. kr. ud af 7,339 mio. kr."},
    "Praktikpladser": {2026: "ca. 40 årligt"},
    # the newest value is part-year: shown as provisional, not judged
    "Elever startet": {2024: "25", 2025: "30 (1)", 2026: "8 (2) (foreløbig pr. 30. april 2026)"},
    "Mentorer forventes uddannet": {2026: "20 forventet i alt"},
    "Mentorer uddannet": {2026: "45 i alt"},
    "Screenede": {2026: "120 i alt siden 2021"},
    "Ansøgere pr. opslag": {2022: "2,10", 2023: "3,40"},
}
TARGETS = {
    "Personaleomsætning": "Fra 18,0 % (2023) til 15,0 % i 2027",
    "Elever startet": "Fra 25 (2024) til 35 i 2026",
    "Ansøgere pr. opslag": "Fra 2,10 (2022) til 4,00 i 2025",
}


def _set_order(org):
    # the organisation reads BU4 before SO19 (its own order; the rest in code order)
    org.budget_note_order = "SO03, ØK77, BU4"
    org.save(update_fields=["budget_note_order"])


def test_the_import_stores_every_cell(table, org):
    assert BudgetNote.objects.filter(organisation=org).count() == 8
    assert sorted(
        set(BudgetNote.objects.filter(organisation=org).values_list("budget_year", flat=True))
    ) == [2022, 2023, 2024, 2025, 2026]
    assert Indicator.objects.filter(organisation=org).count() == 8
    assert IndicatorValue.objects.filter(indicator__organisation=org).count() == len(VALUES)
    # a figure without a year is the year it was stated (the import's as-of date)
    planned = IndicatorValue.objects.get(indicator__name="Mentorer forventes uddannet")
    assert (planned.year, planned.recorded_on) == (2026, AS_OF)
    assert StatusUpdate.objects.filter(initiative__organisation=org).count() == len(STATUSES)
    assert StatusUpdate.objects.get(initiative__code="1.2").state == "not_assessed"
    assert StatusUpdate.objects.get(initiative__code="3.1").text == TEXT_31


def test_the_report_rows_hold_every_figure(table, org):
    _set_order(org)
    report = build_status_report(organisation=org, as_of=AS_OF)
    assert [s.budget_year for s in report.sections] == [2026, 2025, 2024, 2023, 2022]
    assert [(n.code, n.budget_year) for n in report.notes] == ORDER
    for note in report.notes:
        key = (note.code, note.budget_year)
        assert note.money.allocation_text == NOTE_ALLOCATIONS[key], key
        assert {y.year: y.allocated for y in note.money.years} == NOTE_YEARS[key], key
    notes = {(n.code, n.budget_year): n for n in report.notes}
    # SO03 has no money of its own: its initiatives' sum, said so
    assert notes[("SO03", 2026)].money.from_initiatives
    # ØK77 funds 1.1, described under SO03: 1.1 is listed under both, with ØK77's share
    ok77 = {i.code: i for i in notes[("ØK77", 2026)].initiatives}
    assert ok77["1.1"].purpose == INITIATIVES[0][2]
    assert {y.year: y.allocated for y in ok77["1.1"].money.years} == {2026: D("800000")}
    # the finished pool: allocated and spent, no rest and no plan
    pool = notes[("SO11", 2024)]
    assert pool.money.columns == ("allocated", "spent")
    assert {y.year: y.spent for y in pool.money.years} == {2024: D("2900000"), 2025: D("3000000")}
    # overdue marks
    marks = {i.code: i.overdue_text for n in report.notes for i in n.initiatives if i.overdue}
    assert marks == OVERDUE
    # indicators: every figure, target and footnote
    tables = [n.indicators for n in report.notes] + [
        i.indicators for n in report.notes for i in n.initiatives
    ]
    shown, targets, footnotes = {}, {}, []
    for t in tables:
        for row in t.rows:
            shown[row.name] = {y: row.value_text(y) for y, _v in row.values}
            targets[row.name] = [x.text for x in row.targets]
        footnotes.extend(text for _m, text in t.footnotes)
    assert shown == FIGURES
    assert {n: t[0] for n, t in targets.items() if t} == TARGETS
    assert sorted(n for n, t in targets.items() if not t) == sorted(set(FIGURES) - set(TARGETS))
    assert footnotes == FOOTNOTES


def _all_texts(text: str) -> None:
    """Every note allocation, figure, target, footnote and overdue mark in ``text``."""
    for (code, year), allocation in NOTE_ALLOCATIONS.items():
        assert allocation in text, (code, year)
    for figures in FIGURES.values():
        for value in figures.values():
            # the provisional mark stands on its own line under the figure (no brackets)
            value = (
                value.replace(" (foreløbig", " foreløbig").removesuffix(")")
                if "(foreløbig" in value
                else value
            )
            assert value in text, value
    for target in TARGETS.values():
        assert target in text, target
    for footnote in FOOTNOTES:
        assert footnote in text, footnote
    assert text.count("Status mangler siden 29. januar 2026") == 2  # 1.1 under SO03 and ØK77
    assert "Status mangler siden 31. marts 2026" in text
    # 3.2 never reported: the fourth mark
    assert text.count("Status mangler") == 4
    assert text.count("Intet mål") == len(FIGURES) - len(TARGETS)


def test_the_pdf_and_the_docx_print_the_table(table, org):
    _set_order(org)
    report = build_status_report(organisation=org, as_of=AS_OF)
    pdf = pdf_text(render_pdf(report))
    _all_texts(pdf)
    titles = {(n[1], n[0]): n[2] for n in NOTES}
    positions = [pdf.index(f"{code} {titles[code, year]}") for code, year in ORDER]
    assert positions == sorted(positions)  # newest year first, the organisation's order
    assert "(summen af indsatsernes bevillinger)" in pdf
    assert "Bevilling: –" not in pdf
    assert "Rest" not in pdf and "Planlagt" not in pdf

    docx = docx_text(render_docx(report))
    _all_texts(docx)
    assert "Bevilling: –" not in docx


def test_the_xlsx_holds_every_figure(table, org):
    report = build_status_report(organisation=org, as_of=AS_OF)
    wb = workbook(render_xlsx(report))
    records = sheet_records(wb["Status"], 5)
    notes = {(r["Budgetnotat"], r["Budgetår"]): r for r in records if r["Nr."] is None}
    for key, allocation in NOTE_ALLOCATIONS.items():
        assert notes[key]["Bevilling"] == allocation, key
    overdue = {
        r["Nr."]: r["Status mangler siden"]
        for r in records
        if r["Nr."] and r["Status mangler siden"]
    }
    assert overdue == {
        "1.1": dt.datetime(2026, 1, 29),
        "3.2": "Aldrig skrevet",
        "5.1": dt.datetime(2026, 3, 31),
    }
    indicators = {r["Indikator"]: r for r in sheet_records(wb["Indikatorer"], 5)}
    assert indicators["Forbrugt af afsatte midler"]["2026"] == "3,2 mio. kr. ud af 7,339 mio. kr."
    assert indicators["Screenede"]["2026"] == "120 i alt siden 2021"
    assert indicators["Mentorer forventes uddannet"]["2026"] == "20 forventet i alt"
    assert indicators["Praktikpladser"]["2026"] == "ca. 40 årligt"
    assert indicators["Personaleomsætning"]["2024"] == pytest.approx(0.172)
    assert indicators["Personaleomsætning"]["Målværdi"] == pytest.approx(0.15)
    assert indicators["Ansøgere pr. opslag"]["2023"] == pytest.approx(3.4)
    assert indicators["Elever startet"]["Fodnoter"] == "\n".join(
        [*FOOTNOTES, "2026: foreløbig pr. 30. april 2026"]
    )


def test_the_page_shows_the_table(table, org, client, consultant):
    _set_order(org)
    client.force_login(consultant)
    # the whole report (the page opens as a summary; its figures come on demand)
    response = client.get(
        f"/o/{org.slug}/rapporter/status/", {"dato": AS_OF.isoformat(), "fuld": "1"}
    )
    assert response.status_code == 200
    page = normalise(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))
    _all_texts(page)


def test_re_importing_the_exports_changes_nothing(table, org, consultant, tmp_path):
    before = (budget_rows(org), indicator_rows(org), status_rows(org))
    counts = (
        IndicatorValue.objects.count(),
        StatusUpdate.objects.count(),
        BudgetNote.objects.count(),
    )
    for kind, export in (
        ("budget", budget_export),
        ("indicators", indicator_export),
        ("statuses", status_export),
    ):
        path = tmp_path / f"export-{kind}.xlsx"
        path.write_bytes(export(org))
        call_command("importdata", kind, str(path), "--org", org.slug, stdout=io.StringIO())
    assert (budget_rows(org), indicator_rows(org), status_rows(org)) == before
    assert (
        IndicatorValue.objects.count(),
        StatusUpdate.objects.count(),
        BudgetNote.objects.count(),
    ) == counts


# --- the same table in the "Tabel" layout ----------------------------------------------------

# budget year, note, initiative, "Afsatte midler" as the row prints it, the overdue mark
TABLE_ROWS = [
    (2026, "SO03", "1.1", "2026: 1,500 mio. kr.\n2027-2028: 1,200 mio. kr. årligt",
     "Status mangler siden 29. januar 2026"),
    (2026, "SO03", "1.2", "2026: 500.000 kr.", ""),
    (2026, "ØK77", "1.1", "ØK77 i alt:\n2026: 7,339 mio. kr.\n2027-2029: 5,373 mio. kr. årligt "
     "(2022-pl)\nØremærket indsatsen: 2026: 800.000 kr.", "Status mangler siden 29. januar 2026"),
    (2026, "ØK77", "2.1", "Indgår i ØK77s bevilling", ""),
    (2025, "BU4", "3.2", "2025: 450.000 kr.", "Status mangler"),
    (2025, "SO19", "3.1", "2025-2026: 2,000 mio. kr. årligt", ""),
    (2024, "SO11", "4.1", "2024-2025: 3,000 mio. kr. årligt", ""),
    (2024, "ØK12", "4.2", "2024-2027: 600.000 kr. årligt", ""),
    (2023, "SO7", "5.1", "2023: 1,200 mio. kr.", "Status mangler siden 31. marts 2026"),
    (2022, "ØK3", "6.1", "2022-2024: 250.000 kr. årligt", ""),
]  # fmt: skip

# the status cell's figure lines (the latest three years, the first target)
TABLE_FIGURES = [
    "2023: 18,0 % · 2024: 17,2 % · 2025: 16,1 %. Mål: 15,0 % i 2027 – På vej mod målet",
    "2026: 3,2 mio. kr. ud af 7,339 mio. kr.",
    "Praktikpladser: 2026: ca. 40 årligt",
    # judged by 2025 (whole year), not by the 8 counted by 30 April 2026
    "Elever startet: 2024: 25 · 2025: 30 (1) · 2026: 8 (2) (foreløbig pr. 30. april 2026). Mål: "
    "35 i 2026 – På vej mod målet",
    "Mentorer forventes uddannet: 2026: 20 forventet i alt",
    "Mentorer uddannet: 2026: 45 i alt",
    "Screenede: 2026: 120 i alt siden 2021",
    "Ansøgere pr. opslag: 2022: 2,10 · 2023: 3,40. Mål: 4,00 i 2025 – På vej mod målet",
]


def _table_texts(text: str) -> None:
    for figure in TABLE_FIGURES:
        assert figure in text, figure
    for footnote in FOOTNOTES:
        assert footnote in text, footnote
    for *_key, allocation, _mark in TABLE_ROWS:
        for line in allocation.split("\n"):
            assert line in text, line
    assert text.count("Status mangler siden 29. januar 2026") == 2
    assert text.count("Status mangler siden 31. marts 2026") == 1


def test_the_table_layout_in_every_format(table, org, client, consultant):
    _set_order(org)
    report = build_status_report(organisation=org, as_of=AS_OF)
    rows = status_table(report).rows
    assert [(r.budget_year, r.note.code, r.code) for r in rows] == [k[:3] for k in TABLE_ROWS]

    # XLSX: one row per initiative, every allocation cell and overdue mark as printed
    ws = workbook(render_table_xlsx(report))["Tabel"]
    cells = [[c.value for c in r][:6] for r in ws.iter_rows(min_row=6, max_row=5 + len(rows))]
    for cell, (year, note, code, allocation, mark) in zip(cells, TABLE_ROWS, strict=True):
        assert cell[0] == year
        assert cell[1].startswith(f"{note} ") and cell[2].startswith(f"{code} ")
        assert cell[4] == allocation, (note, code)
        assert cell[5].startswith(mark) if mark else "Status mangler" not in cell[5]
    statuses = normalise(" ".join(c[5] for c in cells))
    for figure in TABLE_FIGURES:
        assert figure.split(": ", 1)[-1] in statuses, figure
    below = " ".join(str(c.value) for r in ws.iter_rows(min_row=6 + len(rows)) for c in r)
    for marker, footnote in zip(("(1)", "(2)"), FOOTNOTES, strict=True):
        assert f"{marker} {footnote}" in below

    # PDF (landscape) and DOCX as text
    pdf = render_table_pdf(report)
    _table_texts(pdf_text(pdf))
    docx = render_table_docx(report)
    _table_texts(docx_text(docx))
    (word,) = Document(io.BytesIO(docx)).tables
    assert len(word.rows) == len(TABLE_ROWS) + 1

    # the page, in the table layout
    client.force_login(consultant)
    response = client.get(
        f"/o/{org.slug}/rapporter/status/", {"dato": AS_OF.isoformat(), "opstilling": "tabel"}
    )
    assert response.status_code == 200
    page = normalise(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))
    _table_texts(page)
