"""Indicator kinds the status tables use (»X ud af Y«, a planned total, a running total, an
approximate yearly figure), targets and »Må overstige 100 %« in the indicator import: read as
people write them, shown as such, exported so that re-importing changes nothing."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from indsats.budgets import services as budget_services
from indsats.calc.danish import AmountParseError
from indsats.calc.indicators import format_figure, read_figure
from indsats.indicators.models import Indicator, IndicatorValue, Target
from indsats.indicators.transfer import (
    IndicatorImportError,
    indicator_export,
    indicator_import,
    indicator_rows,
)
from indsats.reports.status import build_status_report, render_docx, render_xlsx
from tests.factories import InitiativeFactory
from tests.indicators.test_transfer import _file

AS_OF = dt.date(2026, 4, 30)

# --- the pure reading and writing -----------------------------------------------------------

READ = [
    # text, unit, kind, value, whole, since year, shown
    ("3,2 mio. kr. ud af 5 mio. kr.", "kr", "share", "3200000", "5000000", None,
     "3,2 mio. kr. ud af 5 mio. kr."),
    ("3,2 mio. kr. af 5 mio. kr.", "kr", "share", "3200000", "5000000", None,
     "3,2 mio. kr. ud af 5 mio. kr."),
    ("450.000 kr. ud af 1,2 mio. kr.", "kr", "share", "450000", "1200000", None,
     "450.000 kr. ud af 1,2 mio. kr."),
    ("12 ud af 15", "count", "share", "12", "15", None, "12 ud af 15"),
    ("20 mentorer forventes uddannet", "count", "planned", "20", None, None,
     "20 forventet i alt"),
    ("20", "count", "planned", "20", None, None, "20 forventet i alt"),
    ("45 uddannet i alt", "count", "running", "45", None, None, "45 i alt"),
    ("120 screenede, opstartet i 2021", "count", "running", "120", None, 2021,
     "120 i alt siden 2021"),
    ("ca. 40 årligt", "count", "approx", "40", None, None, "ca. 40 årligt"),
    ("cirka 40 om året", "count", "approx", "40", None, None, "ca. 40 årligt"),
    ("22,5 pct.", "percent", "yearly", "22.5", None, None, "22,5 %"),
]  # fmt: skip


@pytest.mark.parametrize("text,unit,kind,value,whole,since,shown", READ)
def test_a_figure_is_read_and_shown_as_its_kind(text, unit, kind, value, whole, since, shown):
    figure = read_figure(text, unit, kind)
    assert figure.value == Decimal(value)
    assert figure.whole == (Decimal(whole) if whole else None)
    assert figure.since_year == since
    assert format_figure(figure.value, unit, kind, whole=figure.whole, since_year=since) == shown
    # what the report shows reads back to the same figure
    again = read_figure(shown.replace(" %", "%"), unit, kind)
    assert (again.value, again.whole) == (figure.value, figure.whole)


@pytest.mark.parametrize(
    "text,unit,kind,says",
    [
        ("5 ud af 3", "count", "share", "mellem 0 og det hele"),
        ("3 ud af 5 ud af 7", "count", "share", "»X ud af Y«"),
        ("mange", "count", "planned", "fx »20 mentorer forventes uddannet«"),
        ("ca. 2021-2023", "count", "approx", "fx »ca. 40 årligt«"),
        ("45 i alt 2021", "count", "running", "fx »45 uddannet i alt«"),
        ("3 mio. kr. ud af 5 mio. kr.", "count", "share", "kronebeløb"),
    ],
)
def test_a_figure_that_cannot_be_read_is_refused_with_an_example(text, unit, kind, says):
    with pytest.raises(AmountParseError) as caught:
        read_figure(text, unit, kind)
    assert says in str(caught.value)


# --- the import -------------------------------------------------------------------------------


@pytest.fixture
def table_file():
    return _file(
        {
            "Indikatorer": [
                {"Navn": "Forbrugt af afsatte midler", "Enhed": "Kroner", "Ejer": "1.1",
                 "Art": "X ud af Y"},
                {"Navn": "Mentorer", "Enhed": "Antal", "Ejer": "1.1", "Art": "Planlagt i alt"},
                {"Navn": "Uddannede", "Enhed": "Antal", "Ejer": "1.1", "Art": "I alt til dato"},
                {"Navn": "Screenede", "Enhed": "Antal", "Ejer": "1.1", "Art": "I alt til dato"},
                {"Navn": "Praktikpladser", "Enhed": "Antal", "Ejer": "1.1", "Art": "Cirka pr. år"},
                {"Navn": "Personaleomsætning", "Enhed": "Procent", "Ejer": "1.1",
                 "Retning": "Lavere er bedre", "Udgangsår": 2024, "Udgangsværdi": "18%",
                 "Mål": "15%", "Frist": 2027},
                {"Navn": "Vækst i ansøgere", "Enhed": "Procent", "Ejer": "1.1",
                 "Må overstige 100 %": "Ja"},
            ],
            "Værdier": [
                {"Indikator": "Forbrugt af afsatte midler", "År": 2026,
                 "Værdi": "3,2 mio. kr. ud af 5 mio. kr.", "Opgjort pr.": AS_OF},
                {"Indikator": "Mentorer", "Værdi": "20 mentorer forventes uddannet",
                 "Opgjort pr.": AS_OF},
                {"Indikator": "Uddannede", "År": 2026, "Værdi": "45 uddannet i alt",
                 "Opgjort pr.": AS_OF},
                {"Indikator": "Screenede", "År": 2026, "Værdi": "120 screenede, opstartet i 2021",
                 "Opgjort pr.": AS_OF},
                {"Indikator": "Praktikpladser", "År": 2025, "Værdi": "ca. 40 årligt",
                 "Opgjort pr.": AS_OF},
                {"Indikator": "Personaleomsætning", "År": 2025, "Værdi": "17,1 pct.",
                 "Opgjort pr.": AS_OF},
                {"Indikator": "Vækst i ansøgere", "År": 2025, "Værdi": "140%",
                 "Opgjort pr.": AS_OF},
            ],
        }
    )  # fmt: skip


def test_the_kinds_targets_and_the_flag_are_imported(org, consultant, table_file):
    InitiativeFactory(organisation=org, code="1.1")
    result = indicator_import(organisation=org, actor=consultant, file=table_file)
    assert (result.created, result.values_added) == (7, 7)
    kinds = dict(Indicator.objects.filter(organisation=org).values_list("name", "kind"))
    assert kinds == {
        "Forbrugt af afsatte midler": "share",
        "Mentorer": "planned",
        "Uddannede": "running",
        "Screenede": "running",
        "Praktikpladser": "approx",
        "Personaleomsætning": "yearly",
        "Vækst i ansøgere": "yearly",
    }
    assert Indicator.objects.get(name="Screenede").since_year == 2021
    assert Indicator.objects.get(name="Vækst i ansøgere").may_exceed_100
    share = IndicatorValue.objects.get(indicator__name="Forbrugt af afsatte midler")
    assert (share.value, share.whole) == (Decimal(3_200_000), Decimal(5_000_000))
    # a planned total without a year: the year it was stated (»Opgjort pr.«)
    assert IndicatorValue.objects.get(indicator__name="Mentorer").year == 2026
    target = Target.objects.get(indicator__name="Personaleomsætning")
    assert (target.baseline_year, target.baseline_value, target.target_value) == (
        2024,
        Decimal(18),
        Decimal(15),
    )
    assert target.deadline_year == 2027

    # re-importing the export changes nothing
    rows = indicator_rows(org)
    again = indicator_import(organisation=org, actor=consultant, file=indicator_export(org))
    assert (again.created, again.updated, again.values_added) == (0, 0, 0)
    assert (again.unchanged, again.values_skipped) == (7, 7)
    assert indicator_rows(org) == rows


def test_the_report_shows_each_kind_and_says_intet_maal_only_without_a_target(
    org, consultant, table_file
):
    initiative = InitiativeFactory(organisation=org, code="1.1")
    budget_services.budget_note_create(
        organisation=org,
        actor=consultant,
        code="SO19",
        title="God start",
        budget_year=2026,
        initiatives=[initiative],
    )
    indicator_import(organisation=org, actor=consultant, file=table_file)
    report = build_status_report(organisation=org, as_of=AS_OF)
    table = report.sections[0].notes[0].initiatives[0].indicators
    shown = {row.name: [t for t, _mark in row.cells(table.years) if t] for row in table.rows}
    assert shown == {
        "Forbrugt af afsatte midler": ["3,2 mio. kr. ud af 5 mio. kr."],
        "Mentorer": ["20 forventet i alt"],
        "Uddannede": ["45 i alt"],
        "Screenede": ["120 i alt siden 2021"],
        "Praktikpladser": ["ca. 40 årligt"],
        "Personaleomsætning": ["17,1 %"],
        "Vækst i ansøgere": ["140,0 %"],
    }
    targets = {row.name: [t.text for t in row.targets] for row in table.rows}
    assert targets["Personaleomsætning"] == ["Fra 18,0 % (2024) til 15,0 % i 2027"]
    assert sum(1 for names in targets.values() if not names) == 6

    # Word cells join a figure and its unit with a no-break space (checked in
    # tests/reports/test_status.py); read here as a reader sees them.
    docx_text = "\n".join(
        cell.text.replace("\xa0", " ")
        for t in Document(io.BytesIO(render_docx(report))).tables
        for r in t.rows
        for cell in r.cells
    )
    assert "3,2 mio. kr. ud af 5 mio. kr." in docx_text
    assert "120 i alt siden 2021" in docx_text
    assert docx_text.count("Intet mål") == 6
    wb = load_workbook(io.BytesIO(render_xlsx(report)))
    cells = {c.value for r in wb["Indikatorer"].iter_rows() for c in r}
    assert {"3,2 mio. kr. ud af 5 mio. kr.", "20 forventet i alt", "ca. 40 årligt"} <= cells


def test_a_target_with_a_cell_missing_is_refused_naming_the_column(org, consultant):
    InitiativeFactory(organisation=org, code="1.1")
    data = _file(
        {
            "Indikatorer": [
                {"Navn": "Personaleomsætning", "Enhed": "Procent", "Ejer": "1.1",
                 "Udgangsår": 2024, "Mål": "15%", "Frist": 2027},
            ]
        }
    )  # fmt: skip
    with pytest.raises(IndicatorImportError) as caught:
        indicator_import(organisation=org, actor=consultant, file=data)
    (issue,) = caught.value.errors
    assert (issue.sheet, issue.row, issue.column) == ("Indikatorer", 2, "Udgangsværdi")
    assert "»Udgangsværdi« mangler" in issue.message
    assert "udgangsværdi 18%" in issue.message
    assert not Indicator.objects.filter(organisation=org).exists()


def test_a_percent_above_100_needs_the_flag_in_the_file(org, consultant):
    InitiativeFactory(organisation=org, code="1.1")
    data = _file(
        {
            "Indikatorer": [{"Navn": "Vækst", "Enhed": "Procent", "Ejer": "1.1"}],
            "Værdier": [{"Indikator": "Vækst", "År": 2025, "Værdi": "140%"}],
        }
    )
    with pytest.raises(IndicatorImportError) as caught:
        indicator_import(organisation=org, actor=consultant, file=data)
    assert "må ligge uden for 0-100 %" in caught.value.errors[0].message
    assert not Indicator.objects.filter(organisation=org).exists()


def test_a_whole_on_a_yearly_indicator_is_refused(org, consultant):
    InitiativeFactory(organisation=org, code="1.1")
    data = _file(
        {
            "Indikatorer": [{"Navn": "Ansøgere", "Enhed": "Antal", "Ejer": "1.1"}],
            "Værdier": [{"Indikator": "Ansøgere", "År": 2025, "Værdi": "12", "Ud af": "15"}],
        }
    )
    with pytest.raises(IndicatorImportError) as caught:
        indicator_import(organisation=org, actor=consultant, file=data)
    (issue,) = caught.value.errors
    assert (issue.row, issue.column) == (2, "Ud af")
    assert "»X ud af Y«" in issue.message


def test_a_share_without_its_whole_is_refused_with_an_example(org, consultant):
    InitiativeFactory(organisation=org, code="1.1")
    data = _file(
        {
            "Indikatorer": [{"Navn": "Forbrug", "Enhed": "Kroner", "Ejer": "1.1",
                             "Art": "X ud af Y"}],
            "Værdier": [{"Indikator": "Forbrug", "År": 2026, "Værdi": "3,2 mio. kr."}],
        }
    )  # fmt: skip
    with pytest.raises(IndicatorImportError) as caught:
        indicator_import(organisation=org, actor=consultant, file=data)
    (issue,) = caught.value.errors
    assert issue.column == "Værdi"
    assert "3,2 mio. kr. ud af 5 mio. kr." in issue.message
