import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from indsats.core.models import AuditLog
from indsats.core.services import PermissionDeniedError
from indsats.initiatives.models import CostFactor, CostLine, Initiative, Scenario, ScenarioValue
from indsats.initiatives.selectors import prioritisation_overview
from indsats.initiatives.transfer import (
    CatalogueImportError,
    ImportIssue,
    catalogue_export,
    catalogue_import,
    catalogue_rows,
    catalogue_template,
)
from indsats.organisations.models import Parameter, ParameterValue
from tests.factories import ParameterFactory, ParameterValueFactory

from .helpers import append, find_row, headers, load, save, set_cell, xlsx

pytestmark = pytest.mark.django_db

DATA_SHEETS = ["Indsatser", "Omkostninger", "Faktorer", "Scenarier", "Parametre"]


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Initiative,
            CostLine,
            CostFactor,
            Scenario,
            ScenarioValue,
            Parameter,
            ParameterValue,
            AuditLog,
        )
    }


def _versions(organisation):
    return {
        "initiatives": dict(
            Initiative.objects.filter(organisation=organisation).values_list("code", "version")
        ),
        "lines": dict(
            CostLine.objects.filter(initiative__organisation=organisation).values_list(
                "pk", "version"
            )
        ),
        "scenarios": dict(
            Scenario.objects.filter(initiative__organisation=organisation).values_list(
                "pk", "version"
            )
        ),
        "parameters": dict(
            Parameter.objects.filter(organisation=organisation).values_list("key", "version")
        ),
    }


def _figures(organisation, year=2020):
    """Step totals and every initiative's range, cost and chosen scenario, by initiative number."""
    overview = prioritisation_overview(organisation=organisation, year=year)
    steps = [(s.step, s.total.cost, s.total.cumulated) for s in overview.steps]
    rows = {
        r.initiative.code: (r.initiative.priority_step, r.range, r.cost, r.selected.name, r.error)
        for s in overview.steps
        for r in s.rows
    }
    return steps, rows


def _initiative_row(**values):
    row = {
        "Nummer": "1.1",
        "Titel": "Mentorordning for nyansatte social- og sundhedsassistenter",
        "Tema": "Rekruttering til og fastholdelse i stillinger",
        "Trin": 1,
        "Finansiering": "Kræver særskilt finansiering",
        "Status": "Foreslået",
        "Startår": 2026,
    }
    row.update(values)
    return row


# --- export ---------------------------------------------------------------------------------


def test_export_writes_every_sheet_with_the_import_columns_and_the_guide(ballerup):
    wb = load(catalogue_export(ballerup))
    assert wb.sheetnames == [*DATA_SHEETS, "Vejledning"]
    assert [c.value for c in wb["Indsatser"][1]] == [
        "Nummer",
        "Titel",
        "Beskrivelse",
        "Formål",
        "Tema",
        "Fokusområde",
        "Målgruppe",
        "Faggrupper",
        "Ansvarlig enhed",
        "Trin",
        "Finansiering",
        "KL-anbefalinger",
        "Status",
        "Startår",
        "Slutår",
        "Valgt scenarie",
        "Ansvarlig",
    ]
    assert [c.value for c in wb["Omkostninger"][1]] == [
        "Indsats nummer",
        "Linje nr.",
        "Betegnelse",
        "Kategori",
        "Gentagelse",
        "År",
        "Fra år",
        "Til år",
        "Besluttet beløb",
        "Bemærkning",
    ]
    assert [c.value for c in wb["Faktorer"][1]] == [
        "Indsats nummer",
        "Linje nr.",
        "Nøgle",
        "Betegnelse",
        "Enhed",
        "Værdi",
        "Parameter",
    ]
    assert [c.value for c in wb["Scenarier"][1]] == ["Indsats nummer", "Scenarie", "Nøgle", "Værdi"]
    assert [c.value for c in wb["Parametre"][1]] == [
        "Nøgle",
        "Navn",
        "Enhed",
        "Gælder fra",
        "Værdi",
    ]


def test_export_shows_choices_by_their_danish_label_and_amounts_as_numbers(ballerup):
    wb = load(catalogue_export(ballerup))
    ws = wb["Indsatser"]
    r = find_row(ws, Nummer="1.1")
    assert ws.cell(r, 11).value == "Kræver særskilt finansiering"
    assert ws.cell(r, 13).value == "I gang"  # the demo's budget notes fund 1.1 (demo3)
    assert ws.cell(r, 16).value == "5 timer pr. md."
    r = find_row(ws, Nummer="3.5")
    assert ws.cell(r, 12).value == "KL23, KL30, KL36, KL38"
    lines = wb["Omkostninger"]
    r = find_row(lines, Indsats_nummer="3.2", Linje_nr=2)
    assert [lines.cell(r, col).value for col in range(3, 10)] == [
        "Frikøb",
        "Frikøb",
        "Engangs",
        None,
        None,
        None,
        403000,
    ]
    params = wb["Parametre"]
    assert [c.value for c in params[2]] == [
        "timepris_frikob",
        "Timepris, frikøb",
        "kr.",
        dt.datetime(2020, 1, 1),
        201.6,
    ]


def test_export_offers_dropdowns_for_choice_columns(ballerup):
    wb = load(catalogue_export(ballerup))
    formulas = [dv.formula1 for dv in wb["Omkostninger"].data_validations.dataValidation]
    assert '"Engangs,Pr. år"' in formulas
    assert '"Frikøb,Kursusindkøb,Udvikling,Løn/tillæg,Andet"' in formulas
    formulas = [dv.formula1 for dv in wb["Indsatser"].data_validations.dataValidation]
    assert '"Kræver særskilt finansiering,Finansieres over driften,Ekstern pulje"' in formulas


def test_export_reads_in_a_fixed_number_of_queries(ballerup, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        rows = catalogue_rows(ballerup)
    assert len(rows["Indsatser"]) == Initiative.objects.filter(organisation=ballerup).count()


def test_text_starting_with_an_equals_sign_is_exported_as_text_not_a_formula(org, consultant):
    data = xlsx({"Indsatser": [_initiative_row(Titel="=SUM(A1:A2) er ikke en formel")]})
    catalogue_import(organisation=org, actor=consultant, file=data)
    cell = load(catalogue_export(org))["Indsatser"]["B2"]
    assert cell.value == "=SUM(A1:A2) er ikke en formel"
    assert cell.data_type == "s"


def test_template_has_headers_but_no_rows_and_explains_every_column():
    wb = load(catalogue_template())
    for title in DATA_SHEETS:
        assert wb[title].max_row == 1
    guide = [row for row in wb["Vejledning"].iter_rows(values_only=True)]
    described = {(row[0], row[1]) for row in guide if row[1]}
    for title in DATA_SHEETS:
        for header in (c.value for c in wb[title][1]):
            assert (title, header) in described
    text = " ".join(str(v) for row in guide for v in row if v)
    for label in (
        "»Kræver særskilt finansiering«",
        "»Finansieres over driften«",
        "»Ekstern pulje«",
        "»Frikøb«",
        "»Engangs«",
        "»Pr. år«",
        "KL20, KL35",
        "1.008.000 kr.",
    ):
        assert label in text


# --- import: idempotence and round trip -------------------------------------------------------


def test_reimporting_an_export_of_ballerup_changes_nothing(ballerup):
    data = catalogue_export(ballerup)
    counts, versions, figures = _counts(), _versions(ballerup), _figures(ballerup)
    latest = AuditLog.objects.order_by("-id").first().pk

    result = catalogue_import(
        organisation=ballerup, actor=None, file=data, file_name="katalog.xlsx"
    )

    assert (result.created, result.updated, result.unchanged) == (0, 0, 27)
    assert (result.parameters_created, result.parameter_values_set) == (0, 0)
    new_audit = list(AuditLog.objects.filter(pk__gt=latest))
    assert [(a.action, a.object_type) for a in new_audit] == [("import", "catalogue")]
    assert new_audit[0].changes["file"] == [None, "katalog.xlsx"]
    assert new_audit[0].changes["unchanged"] == [None, 27]
    assert _counts() == {**counts, "AuditLog": counts["AuditLog"] + 1}
    assert _versions(ballerup) == versions
    assert _figures(ballerup) == figures


def test_reimporting_an_unchanged_export_reads_in_a_fixed_number_of_queries(
    ballerup, django_assert_max_num_queries
):
    data = catalogue_export(ballerup)
    with django_assert_max_num_queries(15):
        result = catalogue_import(organisation=ballerup, actor=None, file=data)
    assert result.unchanged == 27


def test_reimporting_an_export_gives_the_same_rows(ballerup):
    before = catalogue_rows(ballerup)
    catalogue_import(organisation=ballerup, actor=None, file=catalogue_export(ballerup))
    assert catalogue_rows(ballerup) == before


def test_round_trip_into_a_fresh_organisation_reproduces_the_prioritisation_figures(
    ballerup, org, consultant, ballerup_owners_in_org
):
    result = catalogue_import(organisation=org, actor=consultant, file=catalogue_export(ballerup))

    assert (result.created, result.updated, result.unchanged) == (27, 0, 0)
    assert result.parameters_created == 1
    steps, rows = _figures(org)
    expected_steps, expected_rows = _figures(ballerup)
    assert steps == expected_steps
    assert rows == expected_rows
    assert rows["1.1"][1].yearly_low == Decimal("1008000.00")
    assert rows["1.1"][1].yearly_high == Decimal("4032000.00")
    # and the copy exports exactly as the original
    assert catalogue_rows(org) == catalogue_rows(ballerup)


def test_a_second_import_into_the_fresh_organisation_changes_nothing(ballerup, org, consultant):
    data = catalogue_export(ballerup)
    catalogue_import(organisation=org, actor=consultant, file=data)
    versions, counts = _versions(org), _counts()
    result = catalogue_import(organisation=org, actor=consultant, file=data)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 27)
    assert _versions(org) == versions
    assert _counts() == {**counts, "AuditLog": counts["AuditLog"] + 1}


# --- import: changes ----------------------------------------------------------------------------


def test_an_edited_export_updates_only_what_changed(ballerup):
    wb = load(catalogue_export(ballerup))
    ws = wb["Indsatser"]
    set_cell(
        ws, find_row(ws, Nummer="1.2"), "Titel", "Faglig efteruddannelse af alle praktikvejledere"
    )
    lines = wb["Omkostninger"]
    set_cell(
        lines, find_row(lines, Indsats_nummer="2.4", Linje_nr=1), "Besluttet beløb", "45.000 kr."
    )
    versions = _versions(ballerup)
    latest = AuditLog.objects.order_by("-id").first().pk

    result = catalogue_import(organisation=ballerup, actor=None, file=save(wb))

    assert (result.created, result.updated, result.unchanged) == (0, 2, 25)
    i12 = Initiative.objects.get(organisation=ballerup, code="1.2")
    assert i12.title == "Faglig efteruddannelse af alle praktikvejledere"
    assert i12.version == versions["initiatives"]["1.2"] + 1
    line = CostLine.objects.get(initiative__organisation=ballerup, initiative__code="2.4")
    assert line.stated_amount == Decimal("45000.00")
    after = _versions(ballerup)["initiatives"]
    assert {code for code, v in after.items() if v != versions["initiatives"][code]} == {
        "1.2",
        "2.4",
    }
    actions = sorted((a.action, a.object_type) for a in AuditLog.objects.filter(pk__gt=latest))
    assert actions == [("import", "catalogue"), ("update", "costline"), ("update", "initiative")]


def test_a_partial_catalogue_keeps_what_its_blank_cells_leave_out(ballerup):
    stored = Initiative.objects.get(organisation=ballerup, code="1.2")
    assert stored.description and stored.purpose  # what a partial file could have blanked
    wb = load(catalogue_export(ballerup))
    ws = wb["Indsatser"]
    row = find_row(ws, Nummer="1.2")
    set_cell(ws, row, "Beskrivelse", None)  # blank cells: a partial file
    set_cell(ws, row, "Formål", None)

    catalogue_import(organisation=ballerup, actor=None, file=save(wb))

    after = Initiative.objects.get(organisation=ballerup, code="1.2")
    assert (after.description, after.purpose) == (stored.description, stored.purpose)
    assert after.version == stored.version  # nothing about it changed


def test_a_line_missing_from_the_file_is_deleted_and_a_scenario_missing_is_removed(ballerup):
    wb = load(catalogue_export(ballerup))
    lines = wb["Omkostninger"]
    lines.delete_rows(find_row(lines, Indsats_nummer="3.3", Linje_nr=1))
    scenarios = wb["Scenarier"]
    scenarios.delete_rows(find_row(scenarios, Indsats_nummer="1.1", Scenarie="20 timer pr. md."))

    result = catalogue_import(organisation=ballerup, actor=None, file=save(wb))

    assert (result.updated, result.lines_deleted, result.scenarios_deleted) == (2, 1, 1)
    i33 = Initiative.objects.get(organisation=ballerup, code="3.3")
    assert [line.label for line in i33.cost_lines.all()] == ["Frikøb"]
    i11 = Initiative.objects.get(organisation=ballerup, code="1.1")
    assert [s.name for s in i11.scenarios.all()] == [
        "5 timer pr. md.",
        "10 timer pr. md.",
        "15 timer pr. md.",
    ]


def test_initiatives_not_in_the_file_are_left_alone(ballerup):
    data = xlsx({"Indsatser": [_initiative_row(Nummer="9.1", Tema="Nyt tema")]})
    before = Initiative.objects.filter(organisation=ballerup).count()
    result = catalogue_import(organisation=ballerup, actor=None, file=data)
    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    assert Initiative.objects.filter(organisation=ballerup).count() == before + 1
    assert Initiative.objects.get(organisation=ballerup, code="9.1").theme.name == "Nyt tema"


def test_a_new_parameter_value_is_added_and_old_values_are_kept(ballerup):
    wb = load(catalogue_export(ballerup))
    append(
        wb["Parametre"],
        Nøgle="timepris_frikob",
        Navn="Timepris, frikøb",
        Enhed="kr.",
        Gælder_fra="01-01-2024",
        Værdi="215,35",
    )
    result = catalogue_import(organisation=ballerup, actor=None, file=save(wb))
    assert (result.parameters_created, result.parameter_values_set, result.unchanged) == (0, 1, 27)
    values = ParameterValue.objects.filter(parameter__organisation=ballerup).order_by("valid_from")
    assert [(v.valid_from, v.value) for v in values] == [
        (dt.date(2020, 1, 1), Decimal("201.6000")),
        (dt.date(2024, 1, 1), Decimal("215.3500")),
    ]


def test_danish_amounts_and_numbers_in_text_cells_are_read(org, consultant):
    data = xlsx(
        {
            "Indsatser": [_initiative_row(Nummer="1.1", **{"KL-anbefalinger": "KL20, KL35"})],
            "Omkostninger": [
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 1,
                    "Kategori": "Frikøb",
                    "Gentagelse": "Pr. år",
                    "Besluttet beløb": "1.008.000 kr.",
                },
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 2,
                    "Kategori": "Løn/tillæg",
                    "Gentagelse": "Pr. år",
                    "Besluttet beløb": "7,339 mio. kr.",
                },
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 3,
                    "Kategori": "course_purchase",
                    "Gentagelse": "one_time",
                    "Besluttet beløb": "226.500",
                    "År": "2026",
                },
            ],
            "Faktorer": [
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 1,
                    "Nøgle": "timer",
                    "Betegnelse": "Timer",
                    "Værdi": "5.000",
                },
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 1,
                    "Nøgle": "timepris",
                    "Betegnelse": "Timepris",
                    "Parameter": "timepris_frikob",
                },
            ],
            "Scenarier": [
                {
                    "Indsats nummer": "1.1",
                    "Scenarie": "Halv tid",
                    "Nøgle": "timer",
                    "Værdi": "2.500",
                }
            ],
            "Parametre": [
                {
                    "Nøgle": "timepris_frikob",
                    "Navn": "Timepris, frikøb",
                    "Enhed": "kr.",
                    "Gælder fra": "01-01-2020",
                    "Værdi": "201,60",
                },
            ],
        }
    )

    result = catalogue_import(organisation=org, actor=consultant, file=data)

    assert result.created == 1
    initiative = Initiative.objects.get(organisation=org, code="1.1")
    assert sorted(r.number for r in initiative.kl_recommendations.all()) == [20, 35]
    amounts = [line.stated_amount for line in initiative.cost_lines.all()]
    assert amounts == [Decimal("1008000.00"), Decimal("7339000.00"), Decimal("226500.00")]
    line3 = initiative.cost_lines.get(order=3)
    assert (line3.category, line3.recurrence, line3.year) == ("course_purchase", "one_time", 2026)
    factor = CostFactor.objects.get(cost_line__initiative=initiative, key="timer")
    assert factor.value == Decimal("5000")
    assert ScenarioValue.objects.get(scenario__initiative=initiative).value == Decimal("2500")
    value = ParameterValue.objects.get(parameter__organisation=org)
    assert (value.valid_from, value.value) == (dt.date(2020, 1, 1), Decimal("201.60"))


def test_a_factor_may_use_a_parameter_the_organisation_already_has(org, consultant):
    ParameterValueFactory(parameter=ParameterFactory(organisation=org))
    data = xlsx(
        {
            "Indsatser": [_initiative_row()],
            "Omkostninger": [
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 1,
                    "Kategori": "Frikøb",
                    "Gentagelse": "Engangs",
                }
            ],
            "Faktorer": [
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 1,
                    "Nøgle": "timer",
                    "Betegnelse": "Timer",
                    "Værdi": 10,
                },
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 1,
                    "Nøgle": "timepris",
                    "Betegnelse": "Timepris",
                    "Parameter": "timepris_frikob",
                },
            ],
        }
    )
    catalogue_import(organisation=org, actor=consultant, file=data)
    factor = CostFactor.objects.get(key="timepris", cost_line__initiative__organisation=org)
    assert factor.parameter.key == "timepris_frikob"


def test_a_dry_run_counts_but_writes_nothing(ballerup, org, consultant):
    counts = _counts()
    result = catalogue_import(
        organisation=org, actor=consultant, file=catalogue_export(ballerup), dry_run=True
    )
    assert (result.created, result.dry_run) == (27, True)
    assert _counts() == counts


def test_a_reader_may_not_import(org, reader):
    with pytest.raises(PermissionDeniedError):
        catalogue_import(
            organisation=org, actor=reader, file=xlsx({"Indsatser": [_initiative_row()]})
        )
    assert not Initiative.objects.filter(organisation=org).exists()


# --- import: errors ----------------------------------------------------------------------------


def test_a_file_with_bad_rows_in_several_sheets_names_every_one_and_changes_nothing(ballerup):
    wb = load(catalogue_export(ballerup))
    ind, lines, factors, scen, params = (wb[t] for t in DATA_SHEETS)
    expected = set()

    r = find_row(ind, Nummer="1.3")
    set_cell(ind, r, "Slutår", 2010)  # before the start year 2020
    expected.add(("Indsatser", r, "Slutår"))
    r = find_row(ind, Nummer="1.4")
    set_cell(ind, r, "Titel", None)
    set_cell(ind, r, "Finansiering", "Betales af staten")
    expected |= {("Indsatser", r, "Titel"), ("Indsatser", r, "Finansiering")}
    r = append(
        ind, Nummer="1.5", Titel="Dublet", Tema="Rekruttering til og fastholdelse i uddannelse"
    )
    expected.add(("Indsatser", r, "Nummer"))
    r = find_row(ind, Nummer="3.1")
    set_cell(ind, r, "Valgt scenarie", "200 % udbetales")
    expected.add(("Indsatser", r, "Valgt scenarie"))

    r = find_row(lines, Indsats_nummer="1.2", Linje_nr=1)
    set_cell(lines, r, "Besluttet beløb", "12,3,4")
    set_cell(lines, r, "Fra år", 2021)  # a one-time line with a period
    expected |= {("Omkostninger", r, "Besluttet beløb"), ("Omkostninger", r, "Fra år")}
    r = find_row(lines, Indsats_nummer="2.3", Linje_nr=1)
    set_cell(lines, r, "Til år", 1900)
    expected.add(("Omkostninger", r, "Til år"))
    r = append(
        lines,
        Indsats_nummer="9.9",
        Linje_nr=1,
        Kategori="Andet",
        Gentagelse="Engangs",
        Besluttet_beløb=1000,
    )
    expected.add(("Omkostninger", r, "Indsats nummer"))
    r = find_row(lines, Indsats_nummer="3.4", Linje_nr=1)
    set_cell(lines, r, "Kategori", "Kaffe")
    expected.add(("Omkostninger", r, "Kategori"))

    r = find_row(factors, Indsats_nummer="3.2", Nøgle="timepris")
    set_cell(factors, r, "Parameter", "timepris_ukendt")
    expected.add(("Faktorer", r, "Parameter"))
    r = append(
        factors, Indsats_nummer="1.2", Linje_nr=7, Nøgle="timer", Betegnelse="Timer", Værdi=2
    )
    expected.add(("Faktorer", r, "Linje nr."))

    r = find_row(scen, Indsats_nummer="1.1", Scenarie="10 timer pr. md.")
    set_cell(scen, r, "Nøgle", "ukendt_faktor")
    expected.add(("Scenarier", r, "Nøgle"))

    r = find_row(params, Nøgle="timepris_frikob")
    set_cell(params, r, "Værdi", "abc")
    expected.add(("Parametre", r, "Værdi"))

    counts, versions = _counts(), _versions(ballerup)
    with pytest.raises(CatalogueImportError) as caught:
        catalogue_import(organisation=ballerup, actor=None, file=save(wb))

    assert {(e.sheet, e.row, e.column) for e in caught.value.errors} == expected
    assert len(caught.value.errors) == len(expected)
    assert _counts() == counts
    assert _versions(ballerup) == versions
    amount = next(e for e in caught.value.errors if e.column == "Besluttet beløb")
    r = find_row(lines, Indsats_nummer="1.2", Linje_nr=1)
    assert str(amount).startswith(
        f"Ark »Omkostninger«, række {r}, kolonne »Besluttet beløb«: »12,3,4« kan ikke læses som et beløb."
    )
    messages = "\n".join(caught.value.messages)
    assert "Slutåret 2010 ligger før startåret 2020." in messages
    assert "Nummeret »1.5« står også i række" in messages
    assert "Indsatsen »9.9« står ikke i arket »Indsatser«." in messages
    assert "Et engangsbeløb har ét år, ikke en periode." in messages
    assert (
        "Parameteren »timepris_ukendt« findes hverken i organisationen eller i arket »Parametre«."
        in messages
    )
    assert "»ukendt_faktor« er ikke en faktor i formlerne for indsats 1.1" in messages
    assert "Indsatsen har intet scenarie »200 % udbetales«" in messages
    assert "»Kaffe« er ikke en gyldig værdi. Brug en af: »Frikøb«" in messages


def test_more_rules_across_rows(org, consultant):
    data = xlsx(
        {
            "Indsatser": [
                _initiative_row(Nummer="1.1"),
                _initiative_row(Nummer="1.2", Startår="tyve-tyve"),
            ],
            "Omkostninger": [
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 1,
                    "Kategori": "Andet",
                    "Gentagelse": "Engangs",
                },
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 1,
                    "Kategori": "Andet",
                    "Gentagelse": "Engangs",
                    "Besluttet beløb": 5,
                },
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 2,
                    "Kategori": "Andet",
                    "Gentagelse": "Pr. år",
                    "År": 2026,
                    "Besluttet beløb": -5,
                },
            ],
            "Faktorer": [
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 2,
                    "Nøgle": "Timer",
                    "Betegnelse": "Timer",
                    "Værdi": 1,
                },
                {"Indsats nummer": "1.1", "Linje nr.": 2, "Nøgle": "andel", "Betegnelse": "Andel"},
                {
                    "Indsats nummer": "1.1",
                    "Linje nr.": 2,
                    "Nøgle": "andel",
                    "Betegnelse": "Andel",
                    "Værdi": "0,00001",
                },
            ],
            "Scenarier": [{"Indsats nummer": "1.1", "Scenarie": "Lav", "Nøgle": "andel"}],
            "Parametre": [
                {"Nøgle": "timepris", "Navn": "Timepris", "Gælder fra": "31-02-2020", "Værdi": 200},
                {"Nøgle": "timepris", "Navn": "Timeløn", "Gælder fra": "2021-01-01", "Værdi": 210},
            ],
        }
    )
    with pytest.raises(CatalogueImportError) as caught:
        catalogue_import(organisation=org, actor=consultant, file=data)
    found = {(e.sheet, e.row, e.column): e.message for e in caught.value.errors}
    assert set(found) == {
        ("Indsatser", 3, "Startår"),
        ("Omkostninger", 2, "Besluttet beløb"),  # neither an amount nor factors
        ("Omkostninger", 3, "Linje nr."),  # line 1 twice
        ("Omkostninger", 4, "År"),  # a yearly line with one year
        ("Omkostninger", 4, "Besluttet beløb"),  # negative
        ("Faktorer", 2, "Nøgle"),  # capital letter
        ("Faktorer", 3, "Værdi"),  # neither value nor parameter
        ("Faktorer", 4, "Nøgle"),  # the same key twice on a line
        ("Faktorer", 4, "Værdi"),  # more than 4 decimals
        ("Scenarier", 2, "Værdi"),  # missing
        ("Parametre", 2, "Gælder fra"),  # no 31 February
        ("Parametre", 3, "Navn"),  # another name for the same key
    }
    assert (
        found[("Omkostninger", 3, "Linje nr.")]
        == "Indsats »1.1« har allerede en linje 1 i række 2."
    )
    assert found[("Scenarier", 2, "Værdi")] == "Feltet skal udfyldes."
    assert not Initiative.objects.filter(organisation=org).exists()


def test_a_number_that_excel_turned_into_a_decimal_number_is_refused(org, consultant):
    data = xlsx({"Indsatser": [_initiative_row(Nummer=2.1)]})
    with pytest.raises(CatalogueImportError) as caught:
        catalogue_import(organisation=org, actor=consultant, file=data)
    [error] = caught.value.errors
    assert (error.sheet, error.row, error.column) == ("Indsatser", 2, "Nummer")
    assert "Formatér kolonnen som tekst" in error.message


def test_a_missing_sheet_or_column_is_named(org, consultant):
    wb = load(catalogue_template())
    del wb["Scenarier"]
    wb["Faktorer"].delete_cols(4)  # Betegnelse
    with pytest.raises(CatalogueImportError) as caught:
        catalogue_import(organisation=org, actor=consultant, file=save(wb))
    assert [str(e) for e in caught.value.errors] == [
        "Filen mangler arket »Scenarier«. Hent skabelonen for at se, hvilke ark og kolonner filen skal have.",
        "Ark »Faktorer«, række 1, kolonne »Betegnelse«: Kolonnen mangler. Overskriften skal stå i række 1.",
    ]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (
            b"Nummer;Titel\n1.1;Mentorordning\n",
            "katalog.csv",
            "Filen »katalog.csv« er ikke en Excel-fil (.xlsx).",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "katalog.xls",
            "Filen »katalog.xls« er i det gamle Excel-format (.xls).",
        ),
        (
            b"PK\x03\x04 not really a zip",
            "katalog.xlsx",
            "Filen »katalog.xlsx« kan ikke læses som en Excel-fil (.xlsx).",
        ),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused_with_a_clear_message(
    org, consultant, content, name, expected
):
    with pytest.raises(CatalogueImportError) as caught:
        catalogue_import(organisation=org, actor=consultant, file=content, file_name=name)
    [error] = caught.value.errors
    assert str(error).startswith(expected)


def test_an_issue_reads_as_a_danish_sentence_naming_sheet_row_and_column():
    issue = ImportIssue(
        "Omkostninger", 7, "Besluttet beløb", "»12,3,4« kan ikke læses som et beløb."
    )
    assert (
        str(issue)
        == "Ark »Omkostninger«, række 7, kolonne »Besluttet beløb«: »12,3,4« kan ikke læses som et beløb."
    )


# --- command line ------------------------------------------------------------------------------


def test_export_and_import_commands_round_trip(ballerup, org, tmp_path, capsys):
    path = tmp_path / "ballerup.xlsx"
    call_command("exportdata", "catalogue", org="ballerup", output=str(path))
    assert path.read_bytes()[:2] == b"PK"

    call_command("importdata", "catalogue", str(path), org=org.slug, dry_run=True)
    assert (
        "Prøvekørsel, intet er gemt: 27 nye, 0 ændrede, 0 uændrede indsatser"
        in capsys.readouterr().out
    )
    assert not Initiative.objects.filter(organisation=org).exists()

    call_command("importdata", "catalogue", str(path), org=org.slug)
    assert "Importeret: 27 nye, 0 ændrede, 0 uændrede indsatser" in capsys.readouterr().out
    assert _figures(org) == _figures(ballerup)
    entry = AuditLog.objects.filter(organisation=org, action="import").get()
    assert entry.actor_name == "system"


def test_import_command_prints_every_error_and_fails(org, tmp_path, capsys):
    path = tmp_path / "fejl.xlsx"
    path.write_bytes(
        xlsx(
            {
                "Indsatser": [
                    _initiative_row(Startår=2026, Slutår=2020),
                    _initiative_row(Nummer="1.1"),
                ]
            }
        )
    )
    with pytest.raises(CommandError, match="2 fejl. Intet er ændret."):
        call_command("importdata", "catalogue", str(path), org=org.slug)
    err = capsys.readouterr().err
    assert (
        "Ark »Indsatser«, række 2, kolonne »Slutår«: Slutåret 2020 ligger før startåret 2026."
        in err
    )
    assert "Ark »Indsatser«, række 3, kolonne »Nummer«: Nummeret »1.1« står også i række 2." in err
    assert not Initiative.objects.filter(organisation=org).exists()


def test_commands_refuse_unknown_kinds_and_organisations(org, tmp_path):
    with pytest.raises(CommandError, match="Ukendt type »studerende«. Kendte typer: catalogue"):
        call_command("importdata", "studerende", str(tmp_path / "x.xlsx"), org=org.slug)
    with pytest.raises(CommandError, match="Ukendt type »studerende«. Kendte typer: catalogue"):
        call_command("exportdata", "studerende", org=org.slug)
    with pytest.raises(CommandError, match="Organisationen »ukendt« findes ikke."):
        call_command("exportdata", "catalogue", org="ukendt", output=str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("importdata", "catalogue", str(tmp_path / "mangler.xlsx"), org=org.slug)


def test_a_renamed_parameter_is_updated_through_the_service(ballerup):
    wb = load(catalogue_export(ballerup))
    params = wb["Parametre"]
    set_cell(params, find_row(params, Nøgle="timepris_frikob"), "Navn", "Timepris for frikøb")
    result = catalogue_import(organisation=ballerup, actor=None, file=save(wb))
    parameter = Parameter.objects.get(organisation=ballerup, key="timepris_frikob")
    assert (parameter.name, parameter.version) == ("Timepris for frikøb", 2)
    assert (result.parameters_created, result.parameter_values_set, result.unchanged) == (0, 0, 27)
    assert (
        AuditLog.objects.filter(
            organisation=ballerup, object_type="parameter", action="update"
        ).count()
        == 1
    )


def test_owners_are_exported_by_address_and_imported_when_they_are_members(ballerup):
    wb = load(catalogue_export(ballerup))
    sheet = wb["Indsatser"]
    row = find_row(sheet, Nummer="1.1")
    assert sheet.cell(row, headers(sheet).index("Ansvarlig") + 1).value == (
        "lars.leder@ballerup.dk"
    )
    set_cell(sheet, row, "Ansvarlig", "demo")
    result = catalogue_import(organisation=ballerup, actor=None, file=save(wb))
    assert (result.updated, result.owners_unknown) == (1, [])
    assert Initiative.objects.get(organisation=ballerup, code="1.1").owner.username == "demo"


def test_an_owner_who_is_not_a_member_is_not_set_and_the_receipt_says_so(ballerup, org, consultant):
    """A catalogue copied from another organisation: its owners are not members here."""
    result = catalogue_import(organisation=org, actor=consultant, file=catalogue_export(ballerup))
    assert result.created == 27
    assert sorted(result.owners_unknown) == [
        "dorthe.konsulent@ballerup.dk",
        "lars.leder@ballerup.dk",
    ]
    assert "ansvarlige, der ikke er medlemmer af organisationen, er ikke sat" in result.summary()
    assert not Initiative.objects.filter(organisation=org, owner__isnull=False).exists()
