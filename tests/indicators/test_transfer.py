import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from indsats.budgets import services as budget_services
from indsats.core.models import AuditLog
from indsats.core.services import PermissionDeniedError
from indsats.indicators import services
from indsats.indicators.models import Indicator, IndicatorValue
from indsats.indicators.transfer import (
    IndicatorImportError,
    indicator_export,
    indicator_import,
    indicator_rows,
    indicator_template,
)
from tests.factories import InitiativeFactory
from tests.initiatives.helpers import headers, load, save

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = dt.date(2026, 4, 30) if TODAY >= dt.date(2026, 4, 30) else TODAY


def _state(organisation):
    return {
        "indicators": sorted(
            Indicator.objects.filter(organisation=organisation).values_list(
                "name",
                "unit",
                "direction",
                "definition",
                "source",
                "initiative__code",
                "budget_note__code",
                "version",
            ),
            key=str,
        ),  # fmt: skip
        "values": sorted(
            IndicatorValue.objects.filter(indicator__organisation=organisation).values_list(
                "indicator__name",
                "indicator__initiative__code",
                "year",
                "date",
                "value",
                "note",
                "recorded_on",
            ),
            key=str,
        ),  # fmt: skip
        "audit": AuditLog.objects.filter(organisation=organisation).count(),
    }


@pytest.fixture
def indicators(org, consultant):
    initiative = InitiativeFactory(organisation=org, code="1.1")
    note = budget_services.budget_note_create(
        organisation=org, actor=consultant, code="SO19", title="God start", budget_year=2026
    )
    turnover = services.indicator_create(
        organisation=org,
        actor=consultant,
        name="Personaleomsætning",
        unit="percent",
        direction="lower",
        definition="Fratrådte i procent af ansatte.",
        source="Lønsystemet",
        initiative=initiative,
    )
    mentors = services.indicator_create(
        organisation=org, actor=consultant, name="Mentorer uddannet", unit="count", budget_note=note
    )
    applicants = services.indicator_create(
        organisation=org, actor=consultant, name="Ansøgere pr. stilling", unit="ratio"
    )
    for year, value in ((2024, "22.5"), (2025, "19.25")):
        services.indicator_value_add(
            indicator=turnover,
            actor=consultant,
            year=year,
            value=Decimal(value),
            recorded_on=dt.date(2025, 12, 31),
            note="Årsopgørelse",
        )
    # A correction of 2025, reported later: the newest value counts.
    services.indicator_value_add(
        indicator=turnover, actor=consultant, year=2025, value=Decimal("18.5"), recorded_on=PAST
    )
    services.indicator_value_add(
        indicator=mentors, actor=consultant, year=2025, value=Decimal(1309), recorded_on=PAST
    )
    services.indicator_value_add(
        indicator=applicants,
        actor=consultant,
        year=2025,
        date=dt.date(2025, 6, 30),
        value=Decimal("3.2"),
        recorded_on=PAST,
    )
    return {"turnover": turnover, "mentors": mentors, "applicants": applicants, "note": note}


def _file(sheets: dict[str, list[dict]], drop: dict[str, list[str]] | None = None) -> bytes:
    wb = load(indicator_template())
    for title, names in (drop or {}).items():
        ws = wb[title]
        for name in names:
            ws.delete_cols(headers(ws).index(name) + 1)
    for title, rows in sheets.items():
        ws = wb[title]
        names = headers(ws)
        for row in rows:
            assert not set(row) - set(names), set(row) - set(names)
            ws.append([row.get(name) for name in names])
    return save(wb)


def _value_row(**values):
    return {"Indikator": "Personaleomsætning", "Ejer": "1.1", "År": 2023, **values}


# --- export and round trip ------------------------------------------------------------------


def test_export_writes_both_sheets_and_the_guide(indicators, org):
    wb = load_workbook(io.BytesIO(indicator_export(org)))
    assert wb.sheetnames == ["Indikatorer", "Værdier", "Vejledning"]
    assert headers(wb["Indikatorer"]) == [
        "Navn", "Enhed", "Retning", "Definition", "Kilde", "Ejer", "Art", "Talt fra",
        "Må overstige 100 %", "Udgangsår", "Udgangsværdi", "Mål", "Frist",
    ]  # fmt: skip
    assert headers(wb["Værdier"]) == [
        "Indikator", "Ejer", "År", "Dato", "Værdi", "Ud af", "Bemærkning", "Opgjort pr.",
    ]  # fmt: skip
    owners = {r["name"]: r["owner"] for r in indicator_rows(org)["Indikatorer"]}
    assert owners == {
        "Personaleomsætning": "1.1",
        "Mentorer uddannet": "budget:SO19/2026",
        "Ansøgere pr. stilling": None,
    }
    units = {r[0]: r[1] for r in wb["Indikatorer"].iter_rows(min_row=2, values_only=True)}
    assert units["Personaleomsætning"] == "Procent"


def test_reimporting_an_export_changes_nothing(indicators, org, consultant):
    before = _state(org)
    result = indicator_import(organisation=org, actor=consultant, file=indicator_export(org))
    assert result.summary() == (
        "0 nye, 0 ændrede, 3 uændrede indikatorer; 0 nye værdier, 5 fandtes i forvejen"
    )
    after = _state(org)
    assert after["audit"] == before["audit"] + 1
    assert {**after, "audit": 0} == {**before, "audit": 0}


def test_an_export_imports_into_a_fresh_organisation(indicators, org, other_org, make_member):
    other = make_member(other_org, "admin", "andeby-admin")
    InitiativeFactory(organisation=other_org, code="1.1")
    budget_services.budget_note_create(
        organisation=other_org, actor=other, code="SO19", title="God start", budget_year=2026
    )
    result = indicator_import(organisation=other_org, actor=other, file=indicator_export(org))
    assert (result.created, result.values_added) == (3, 5)
    assert indicator_rows(org) == indicator_rows(other_org)
    # And then it is unchanged.
    again = indicator_import(organisation=other_org, actor=other, file=indicator_export(org))
    assert (again.created, again.values_added, again.values_skipped) == (0, 0, 5)


# --- Danish formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,owner,text,expected",
    [
        ("Personaleomsætning", "1.1", "22,5%", Decimal("22.5")),
        ("Personaleomsætning", "1.1", "22,5", Decimal("22.5")),
        ("Mentorer uddannet", "budget:SO19/2026", "1.309", Decimal(1309)),
        ("Mentorer uddannet", "budget:SO19/2026", 1309, Decimal(1309)),
        ("Ansøgere pr. stilling", None, "3,25", Decimal("3.25")),
    ],
)
def test_values_parse_in_the_indicators_unit(
    indicators, org, consultant, name, owner, text, expected
):
    data = _file({"Værdier": [{"Indikator": name, "Ejer": owner, "År": 2023, "Værdi": text}]})
    result = indicator_import(organisation=org, actor=consultant, file=data)
    assert result.values_added == 1
    stored = IndicatorValue.objects.filter(indicator__name=name, year=2023).get()
    assert stored.value == expected
    assert stored.recorded_on == TODAY  # blank »Opgjort pr.«: today


def test_a_percent_formatted_cell_reads_as_a_percentage(indicators, org, consultant):
    wb = load(_file({"Værdier": [_value_row(Værdi=0.225)]}))
    wb["Værdier"]["E2"].number_format = "0.0%"
    indicator_import(organisation=org, actor=consultant, file=save(wb))
    assert IndicatorValue.objects.get(year=2023).value == Decimal("22.5")


def test_csv_with_bom_and_without_the_owner_column(indicators, org, consultant):
    text = (
        "\ufeffIndikator;År;Dato;Værdi;Bemærkning;Opgjort pr.\r\n"
        "Mentorer uddannet;2024;;1.309;Fra HR;31-12-2024\r\n"
        "Ansøgere pr. stilling;2024;30-06-2024;2,5;;\r\n"
    )
    result = indicator_import(
        organisation=org, actor=consultant, file=text.encode("utf-8"), file_name="Værdier.csv"
    )
    assert result.values_added == 2
    mentors = IndicatorValue.objects.get(indicator=indicators["mentors"], year=2024)
    assert (mentors.value, mentors.note, mentors.recorded_on) == (
        Decimal(1309),
        "Fra HR",
        dt.date(2024, 12, 31),
    )


def test_a_value_already_stored_is_not_added_again(indicators, org, consultant):
    data = _file(
        {
            "Værdier": [
                _value_row(År=2024, Værdi="22,5%", **{"Opgjort pr.": dt.date(2025, 12, 31)}),
                _value_row(År=2024, Værdi="22,5%"),  # no date: present with any date
                _value_row(År=2024, Værdi="21%", **{"Opgjort pr.": dt.date(2025, 12, 31)}),
            ]
        }
    )
    result = indicator_import(organisation=org, actor=consultant, file=data)
    assert (result.values_added, result.values_skipped) == (1, 2)
    assert IndicatorValue.objects.filter(indicator=indicators["turnover"], year=2024).count() == 2


def test_new_indicators_with_each_kind_of_owner(indicators, org, consultant):
    data = _file(
        {
            "Indikatorer": [
                {"Navn": "Jobopslag", "Enhed": "Antal", "Ejer": "1.1"},
                {"Navn": "Mediekroner pr. opslag", "Enhed": "kr", "Retning": "Lavere er bedre",
                 "Ejer": "budget:SO19/2026"},
                {"Navn": "Personaleomsætning", "Enhed": "Procent", "Kilde": "HR"},
            ],
            "Værdier": [
                {"Indikator": "Jobopslag", "År": 2025, "Værdi": "12"},
                {"Indikator": "Mediekroner pr. opslag", "År": 2025, "Værdi": "4.500 kr."},
                {"Indikator": "Personaleomsætning", "Ejer": None, "År": 2025, "Værdi": "17%"},
            ],
        }
    )  # fmt: skip
    result = indicator_import(organisation=org, actor=consultant, file=data)
    assert (result.created, result.values_added) == (3, 3)
    media = Indicator.objects.get(name="Mediekroner pr. opslag")
    assert (media.budget_note, media.direction) == (indicators["note"], "lower")
    assert media.values.get().value == Decimal(4500)
    org_turnover = Indicator.objects.get(name="Personaleomsætning", initiative=None)
    assert org_turnover.values.get().value == Decimal(17)


# --- bad rows ---------------------------------------------------------------------------------


def test_a_bad_row_changes_nothing_and_names_the_row(indicators, org, consultant):
    before = _state(org)
    future = TODAY + dt.timedelta(days=3)
    data = _file(
        {
            "Indikatorer": [
                {"Navn": "Ny indikator", "Enhed": "Antal", "Ejer": "9.9"},
                {"Navn": "Anden", "Enhed": "Antal", "Ejer": "budget:XX/2026"},
                {"Navn": "Tredje", "Enhed": "Stykker"},
            ],
            "Værdier": [
                {"Indikator": "Mentorer uddannet", "År": 2024, "Værdi": "22,5%"},
                {"Indikator": "Personaleomsætning", "Ejer": "1.1", "År": 2024, "Værdi": "4 kr."},
                {"Indikator": "Mentorer uddannet", "År": future.year, "Dato": future, "Værdi": "1"},
                {"Indikator": "Mentorer uddannet", "År": 2024, "Værdi": "1",
                 "Opgjort pr.": future},
                {"Indikator": "Mentorer uddannet", "År": 2024, "Værdi": "mange"},
                {"Indikator": "Findes ikke", "År": 2024, "Værdi": "1"},
                {"Indikator": "Mentorer uddannet", "År": 2024, "Dato": dt.date(2023, 5, 1),
                 "Værdi": "1"},
                {"Indikator": "Mentorer uddannet", "År": 2024, "Værdi": "2,5"},
                {"Indikator": "Ny indikator", "År": 2024, "Værdi": "5"},  # only bad via its owner
                {"Indikator": "Mentorer uddannet", "År": 2024, "Værdi": "7"},  # fine
            ],
        }
    )  # fmt: skip

    with pytest.raises(IndicatorImportError) as exc:
        indicator_import(organisation=org, actor=consultant, file=data)

    assert _state(org) == before
    found = [(e.sheet, e.row, e.column) for e in exc.value.errors]
    assert found == [
        ("Indikatorer", 2, "Ejer"),
        ("Indikatorer", 3, "Ejer"),
        ("Indikatorer", 4, "Enhed"),
        ("Værdier", 2, "Værdi"),
        ("Værdier", 3, "Værdi"),
        ("Værdier", 4, "Dato"),
        ("Værdier", 5, "Opgjort pr."),
        ("Værdier", 6, "Værdi"),
        ("Værdier", 7, "Indikator"),
        ("Værdier", 8, "Dato"),
        ("Værdier", 9, "Værdi"),
        ("Værdier", 10, "Indikator"),
    ], exc.value.messages
    m = exc.value.messages
    assert (
        m[0] == "Ark »Indikatorer«, række 2, kolonne »Ejer«: Indsatsen 9.9 findes ikke i kataloget."
    )
    assert m[1].endswith("Budgetnotatet XX (2026) findes ikke.")
    assert m[3] == (
        "Ark »Værdier«, række 2, kolonne »Værdi«: »22,5%« er en procentsats, men indikatoren "
        "måles i antal."
    )
    assert "»4 kr.« er et kronebeløb, men indikatoren måles i procent" in m[4]
    assert "ligger i fremtiden" in m[5] and "ligger i fremtiden" in m[6]
    assert "»mange«" in m[7]
    assert (
        "Indikatoren »Findes ikke« står hverken i arket »Indikatorer« eller findes i forvejen."
        in m[8]
    )
    assert "Datoen 01-05-2023 ligger ikke i året 2024." in m[9]
    assert "»2,5« er ikke et helt tal; indikatoren tæller antal." in m[10]


def test_a_name_shared_by_two_indicators_needs_the_owner(indicators, org, consultant):
    services.indicator_create(
        organisation=org, actor=consultant, name="Personaleomsætning", unit="percent"
    )
    data = _file(
        {"Værdier": [{"Indikator": "Personaleomsætning", "År": 2024, "Værdi": "3%"}]},
        drop={"Værdier": ["Ejer"]},
    )
    with pytest.raises(IndicatorImportError) as exc:
        indicator_import(organisation=org, actor=consultant, file=data)
    assert (
        "Der er flere indikatorer med navnet »Personaleomsætning« (ejere: 1.1, organisationen)"
        in (exc.value.messages[0])
    )


def test_the_unit_of_an_indicator_with_values_cannot_change(indicators, org, consultant):
    data = _file({"Indikatorer": [{"Navn": "Mentorer uddannet", "Enhed": "Procent",
                                   "Ejer": "budget:SO19/2026"}]})  # fmt: skip
    with pytest.raises(IndicatorImportError) as exc:
        indicator_import(organisation=org, actor=consultant, file=data)
    assert (
        "måles i antal og har værdier; enheden kan ikke ændres til procent" in exc.value.messages[0]
    )


def test_a_reader_may_not_import(indicators, org, reader):
    with pytest.raises(PermissionDeniedError):
        indicator_import(organisation=org, actor=reader, file=indicator_export(org))


# --- the commands -----------------------------------------------------------------------------


def test_export_and_import_commands(indicators, org, tmp_path, capsys):
    path = tmp_path / "indikatorer.xlsx"
    call_command("exportdata", "indicators", "--org", org.slug, "-o", str(path))
    before = _state(org)
    call_command("importdata", "indicators", str(path), "--org", org.slug)
    assert "Importeret: 0 nye, 0 ændrede, 3 uændrede indikatorer" in capsys.readouterr().out
    assert {**_state(org), "audit": 0} == {**before, "audit": 0}


def test_export_as_csv_and_import_the_files_together(indicators, org, tmp_path, capsys):
    call_command("exportdata", "indicators", "--org", org.slug, "-o", str(tmp_path / "ind.csv"))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["ind-Indikatorer.csv", "ind-Værdier.csv"]
    before = _state(org)
    capsys.readouterr()
    call_command("importdata", "indicators", *(str(tmp_path / n) for n in names), "--org", org.slug)
    assert "Importeret: 0 nye, 0 ændrede, 3 uændrede indikatorer" in capsys.readouterr().out
    assert {**_state(org), "audit": 0} == {**before, "audit": 0}


def test_import_command_refuses_a_bad_file(indicators, org, tmp_path, capsys):
    path = tmp_path / "Værdier.csv"
    path.write_text("Indikator;År;Værdi\r\nMentorer uddannet;2024;12%\r\n", encoding="utf-8-sig")
    with pytest.raises(CommandError, match="Intet er ændret"):
        call_command("importdata", "indicators", str(path), "--org", org.slug)
    assert "er en procentsats, men indikatoren måles i antal" in capsys.readouterr().err


def test_the_demo_indicators_reimport_unchanged(ballerup, django_assert_max_num_queries):
    before = _state(ballerup)
    with django_assert_max_num_queries(10):
        data = indicator_export(ballerup)
    result = indicator_import(organisation=ballerup, actor=None, file=data)
    assert (result.created, result.updated, result.values_added) == (0, 0, 0)
    assert (
        result.values_skipped
        == IndicatorValue.objects.filter(indicator__organisation=ballerup).count()
    )
    assert {**_state(ballerup), "audit": 0} == {**before, "audit": 0}
