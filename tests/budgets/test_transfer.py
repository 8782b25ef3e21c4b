import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from indsats.budgets import services
from indsats.budgets.models import Allocation, BudgetNote, Spending
from indsats.budgets.transfer import (
    BudgetImportError,
    allocation_text,
    budget_export,
    budget_import,
    budget_rows,
    budget_template,
)
from indsats.core.models import AuditLog
from indsats.core.services import PermissionDeniedError
from indsats.organisations.services import unit_get_or_create
from tests.factories import InitiativeFactory
from tests.initiatives.helpers import headers, load, save

pytestmark = pytest.mark.django_db

NOTES = ["Budgetår", "Kode", "Titel", "Enhed", "Formål", "Indsatser"]


def _state(organisation):
    """Every stored figure of the organisation's budget notes, to prove nothing changed."""
    return {
        "notes": sorted(
            BudgetNote.objects.filter(organisation=organisation).values_list(
                "budget_year", "code", "title", "purpose", "unit__name", "version"
            )
        ),
        "links": sorted(
            BudgetNote.objects.filter(organisation=organisation).values_list(
                "code", "initiatives__code"
            ),
            key=str,
        ),
        "allocations": sorted(
            Allocation.objects.filter(note__organisation=organisation).values_list(
                "note__code", "initiative__code", "year", "amount", "price_level"
            ),
            key=str,
        ),
        "spendings": sorted(
            Spending.objects.filter(note__organisation=organisation).values_list(
                "note__code", "initiative__code", "year", "amount", "comment"
            ),
            key=str,
        ),
        "audit": AuditLog.objects.filter(organisation=organisation).count(),
    }


@pytest.fixture
def budget(org, consultant):
    """Two initiatives and two notes: SO19 (2026) funding both with a note-wide allocation over
    four years and an earmarked one, and ØK77 (2025) with spending."""
    a = InitiativeFactory(organisation=org, code="1.1")
    b = InitiativeFactory(organisation=org, code="2.3")
    unit = unit_get_or_create(actor=consultant, organisation=org, name="Socialforvaltningen")
    so19 = services.budget_note_create(
        organisation=org,
        actor=consultant,
        code="SO19",
        title="God start i Socialforvaltningen",
        budget_year=2026,
        unit=unit,
        purpose="Flere nyuddannede bliver.\nOgså på nattevagt.",
        initiatives=[a, b],
    )
    services.allocation_set(
        note=so19,
        actor=consultant,
        amounts={
            2026: Decimal("7339000"),
            2027: Decimal("5373000"),
            2028: Decimal("5373000"),
            2029: Decimal("5373000"),
        },
        price_level="2022-pl",
    )
    services.allocation_set(
        note=so19,
        actor=consultant,
        initiative=a,
        amounts={2026: Decimal("1250000.50"), 2027: Decimal("1250000.50")},
    )
    services.spending_set(
        note=so19, actor=consultant, year=2026, amount=Decimal("1309000"), comment="Regnskab"
    )
    services.spending_set(
        note=so19, actor=consultant, year=2026, amount=Decimal("400000.25"), initiative=a
    )
    ok77 = services.budget_note_create(
        organisation=org,
        actor=consultant,
        code="ØK77",
        title="Rekruttering af elever",
        budget_year=2025,
        initiatives=[b],
    )
    services.allocation_set(
        note=ok77,
        actor=consultant,
        amounts={y: Decimal("4858000") for y in range(2025, 2029)},
    )
    services.spending_set(note=ok77, actor=consultant, year=2025, amount=Decimal("4000000"))
    return {"so19": so19, "ok77": ok77, "a": a, "b": b}


def _file(sheets: dict[str, list[dict]], extra_headers: dict[str, list[str]] | None = None):
    """A budget workbook from the template with rows (by header) added to each sheet."""
    wb = load(budget_template())
    for title, extra in (extra_headers or {}).items():
        ws = wb[title]
        for name in extra:
            ws.cell(row=1, column=ws.max_column + 1, value=name)
    for title, rows in sheets.items():
        ws = wb[title]
        names = headers(ws)
        for row in rows:
            assert not set(row) - set(names), set(row) - set(names)
            ws.append([row.get(name) for name in names])
    return save(wb)


def _csv(lines: list[str], bom=True) -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


# --- export and round trip -----------------------------------------------------------------


def test_export_writes_the_three_sheets_and_the_guide(budget, org):
    wb = load_workbook(io.BytesIO(budget_export(org)))
    assert wb.sheetnames == ["Budgetnotater", "Bevillinger", "Forbrug", "Vejledning"]
    assert headers(wb["Budgetnotater"]) == NOTES
    assert headers(wb["Bevillinger"]) == ["Budgetår", "Kode", "Indsats", "Bevilling", "Prisniveau"]
    assert headers(wb["Forbrug"]) == ["Budgetår", "Kode", "Indsats", "År", "Beløb", "Bemærkning"]
    rows = budget_rows(org)
    assert rows["Budgetnotater"][1]["initiatives"] == "1.1, 2.3"
    assert [r["allocation"] for r in rows["Bevillinger"]] == [
        "2025-2028: 4,858 mio. kr. årligt",
        "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt",
        "2026-2027: 1.250.000,50 kr. årligt",
    ]
    guide = [c for row in wb["Vejledning"].iter_rows(values_only=True) for c in row if c]
    assert "Vejledning til budgetnotater" in guide
    assert "Bevilling" in guide and "Prisniveau" in guide


def test_allocation_text_is_exact():
    assert allocation_text({2026: Decimal("7339000"), 2027: Decimal("7339000")}) == (
        "2026-2027: 7,339 mio. kr. årligt"
    )
    assert allocation_text({2026: Decimal("7339500")}) == "2026: 7.339.500 kr."
    assert allocation_text({2026: Decimal("12.5")}) == "2026: 12,50 kr."


def test_reimporting_an_export_changes_nothing(budget, org, consultant):
    data = budget_export(org)
    before = _state(org)

    result = budget_import(organisation=org, actor=consultant, file=data, file_name="budget.xlsx")

    assert result.summary() == (
        "0 nye, 0 ændrede, 2 uændrede budgetnotater; 0 bevillinger og 0 forbrugstal gemt"
    )
    after = _state(org)
    assert after["audit"] == before["audit"] + 1  # the import's own record only
    assert {**after, "audit": 0} == {**before, "audit": 0}
    entry = AuditLog.objects.filter(organisation=org).latest("pk")
    assert (entry.action, entry.object_type) == ("import", "budget")


def test_an_export_imports_into_a_fresh_organisation_with_every_figure(
    budget, org, other_org, make_member
):
    other = make_member(other_org, "admin", "andeby-admin")
    for code in ("1.1", "2.3"):
        InitiativeFactory(organisation=other_org, code=code)
    result = budget_import(organisation=other_org, actor=other, file=budget_export(org))
    assert (result.created, result.allocations_set, result.spendings_set) == (2, 3, 3)
    mine, theirs = _state(org), _state(other_org)
    for key in ("allocations", "spendings", "links"):
        assert mine[key] == theirs[key]
    assert [n[:5] for n in mine["notes"]] == [n[:5] for n in theirs["notes"]]
    assert budget_rows(org) == budget_rows(other_org)


# --- Danish formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("4,858 mio. kr. årligt i 2026-2029", {y: Decimal("4858000") for y in range(2026, 2030)}),
        ("2024-2027: 4,2 mio. kr. årligt", {y: Decimal("4200000") for y in range(2024, 2028)}),
        (
            "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt",
            {
                2026: Decimal("7339000"),
                2027: Decimal("5373000"),
                2028: Decimal("5373000"),
                2029: Decimal("5373000"),
            },
        ),  # fmt: skip
        ("2026: 1.309", {2026: Decimal("1309")}),
    ],
)
def test_allocation_texts_parse(budget, org, consultant, text, expected):
    data = _file({"Bevillinger": [{"Budgetår": 2025, "Kode": "ØK77", "Bevilling": text}]})
    # ØK77 has spending in 2025: keep that year allocated, or the rule refuses it.
    if 2025 not in expected:
        data = _file(
            {
                "Bevillinger": [
                    {"Budgetår": 2025, "Kode": "ØK77", "Bevilling": text + " / 2025: 1 mio. kr."}
                ]
            }
        )
        expected = {**expected, 2025: Decimal("1000000")}
    budget_import(organisation=org, actor=consultant, file=data)
    stored = Allocation.objects.filter(note=budget["ok77"], initiative=None)
    assert {a.year: a.amount for a in stored} == expected


def test_year_columns_and_period_headers_give_the_allocation(budget, org, consultant):
    data = _file(
        {
            "Bevillinger": [
                {"Budgetår": 2025, "Kode": "ØK77", "2025": "1.309", "2026-2027": "4,2 mio. kr."}
            ]
        },
        extra_headers={"Bevillinger": ["2025", "2026-2027"]},
    )
    budget_import(organisation=org, actor=consultant, file=data)
    stored = Allocation.objects.filter(note=budget["ok77"], initiative=None)
    assert {a.year: a.amount for a in stored} == {
        2025: Decimal("1309"),
        2026: Decimal("4200000"),
        2027: Decimal("4200000"),
    }


def test_spending_amounts_parse_danish_text(budget, org, consultant):
    data = _file(
        {
            "Forbrug": [
                {"Budgetår": 2026, "Kode": "SO19", "År": 2027, "Beløb": "1.309"},
                {"Budgetår": 2026, "Kode": "SO19", "År": 2028, "Beløb": "4,2 mio. kr."},
                {"Budgetår": 2026, "Kode": "SO19", "År": 2029, "Beløb": "201,60"},
            ]
        }
    )
    result = budget_import(organisation=org, actor=consultant, file=data)
    assert result.spendings_set == 3
    spent = dict(
        Spending.objects.filter(note=budget["so19"], initiative=None).values_list("year", "amount")
    )
    assert spent == {
        2026: Decimal("1309000"),
        2027: Decimal("1309"),
        2028: Decimal("4200000"),
        2029: Decimal("201.60"),
    }


# --- CSV -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False])
def test_csv_as_danish_excel_writes_it(budget, org, consultant, bom):
    data = _csv(
        [
            "Budgetår;Kode;Indsats;År;Beløb;Bemærkning",
            "2026;SO19;;2027;1.309.000,50;Halvår",
            "2026;SO19;1.1;2027;200.000;",
        ],
        bom=bom,
    )
    budget_import(organisation=org, actor=consultant, file=data, file_name="forbrug-2027.csv")
    assert Spending.objects.get(note=budget["so19"], initiative=None, year=2027).amount == (
        Decimal("1309000.50")
    )
    assert Spending.objects.get(note=budget["so19"], initiative=budget["a"], year=2027).amount == (
        Decimal("200000")
    )


def test_csv_in_windows_1252_from_older_excel(budget, org, consultant):
    data = "Budgetår;Kode;Titel;Enhed;Formål;Indsatser\r\n2027;ØK78;Ældreområdet;;;2.3\r\n"
    budget_import(
        organisation=org, actor=consultant, file=data.encode("cp1252"), file_name="notater.csv"
    )
    note = BudgetNote.objects.get(organisation=org, code="ØK78")
    assert (note.title, [i.code for i in note.initiatives.all()]) == ("Ældreområdet", ["2.3"])


def test_csv_files_one_per_sheet_are_read_together(org, consultant, budget):
    notes = _csv(["Budgetår;Kode;Titel;Enhed;Formål;Indsatser", "2027;SO20;Ny start;;;1.1, 2.3"])
    allocations = _csv(
        [
            "Budgetår;Kode;Indsats;Bevilling;Prisniveau",
            "2027;SO20;;4,858 mio. kr. årligt i 2027-2029;2023-pl",
        ]
    )
    spending = _csv(["Budgetår;Kode;Indsats;År;Beløb;Bemærkning", "2027;SO20;;2027;1.000.000;"])
    files = [(notes, "Budgetnotater.csv"), (allocations, "Bevillinger.csv"), (spending, "x.csv")]
    uploads = []
    for data, name in files:
        upload = io.BytesIO(data)
        upload.name = name
        uploads.append(upload)
    result = budget_import(organisation=org, actor=consultant, file=uploads)
    assert (result.created, result.allocations_set, result.spendings_set) == (1, 1, 1)
    note = BudgetNote.objects.get(organisation=org, code="SO20")
    assert sorted(note.allocations.values_list("year", "price_level")) == [
        (2027, "2023-pl"),
        (2028, "2023-pl"),
        (2029, "2023-pl"),
    ]


def test_a_csv_that_matches_no_sheet_is_named(org, consultant):
    with pytest.raises(BudgetImportError) as exc:
        budget_import(
            organisation=org, actor=consultant, file=_csv(["Navn;Alder", "Ib;4"]), file_name="x.csv"
        )
    assert "Det kan ikke ses, hvilket ark CSV-filen »x.csv« svarer til" in exc.value.messages[0]


# --- bad rows ----------------------------------------------------------------------------------


def test_a_bad_row_changes_nothing_and_names_the_row(budget, org, consultant):
    before = _state(org)
    data = _file(
        {
            "Budgetnotater": [
                {
                    "Budgetår": 2026,
                    "Kode": "SO19",
                    "Titel": "Ændret titel",
                    "Indsatser": "1.1, 2.3, 9.9",
                },
                {"Budgetår": 2027, "Kode": "NY1", "Titel": "Nyt notat", "Indsatser": "1.1"},
            ],
            "Bevillinger": [
                {"Budgetår": 2027, "Kode": "NY1", "Bevilling": "2027-2028: 1 mio. kr. årligt"},
                {"Budgetår": 2027, "Kode": "NY1", "Indsats": "1.1", "Bevilling": "mange penge"},
                {"Budgetår": 2026, "Kode": "XX1", "Bevilling": "2026: 1 mio. kr."},
            ],
            "Forbrug": [
                {"Budgetår": 2027, "Kode": "NY1", "År": 2031, "Beløb": "100"},
                {"Budgetår": 2027, "Kode": "NY1", "År": 2027, "Beløb": "hundrede"},
                {"Budgetår": 2026, "Kode": "SO19", "Indsats": "2.3", "År": 2026, "Beløb": "1"},
                {"Budgetår": 2025, "Kode": "ØK77", "Indsats": "1.1", "År": 2025, "Beløb": "1"},
            ],
        }
    )

    with pytest.raises(BudgetImportError) as exc:
        budget_import(organisation=org, actor=consultant, file=data)

    assert _state(org) == before
    found = [(e.sheet, e.row, e.column) for e in exc.value.errors]
    assert found == [
        ("Budgetnotater", 2, "Indsatser"),
        ("Bevillinger", 3, "Bevilling"),
        ("Bevillinger", 4, "Kode"),
        ("Forbrug", 2, "År"),
        ("Forbrug", 3, "Beløb"),
        ("Forbrug", 5, "Indsats"),
    ], exc.value.messages
    messages = exc.value.messages
    assert messages[0] == (
        "Ark »Budgetnotater«, række 2, kolonne »Indsatser«: Indsatsen 9.9 findes ikke i kataloget."
    )
    assert "»mange penge« kan ikke læses som en bevilling: " in messages[1]
    assert "Budgetnotatet XX1 (2026) står hverken i arket »Budgetnotater«" in messages[2]
    assert messages[3] == (
        "Ark »Forbrug«, række 2, kolonne »År«: Året 2031 ligger uden for budgetnotatets bevilling "
        "(2027-2028). Forbrug kan kun registreres i år med en bevilling."
    )
    assert "»hundrede« kan ikke læses som et beløb" in messages[4]
    assert "Indsatsen 1.1 er ikke knyttet til budgetnotatet ØK77 (2025)." in messages[5]
    # Row 4 of »Forbrug« is fine: SO19 funds 2.3.


def test_more_rules(budget, org, consultant):
    data = _file(
        {
            "Budgetnotater": [
                {"Budgetår": 2026, "Kode": "SO19", "Titel": "A"},
                {"Budgetår": 2026, "Kode": "SO19", "Titel": "B"},
            ],
            "Bevillinger": [
                {"Budgetår": 2025, "Kode": "ØK77", "Bevilling": "2025: 4,2 mio. kr.", "2025": "1"},
                {"Budgetår": 2025, "Kode": "ØK77", "Indsats": "2.3"},
                {
                    "Budgetår": 2025,
                    "Kode": "ØK77",
                    "Bevilling": "2025: 1 mio. kr. / 2025: 2 mio. kr.",
                },
            ],
            "Forbrug": [
                {"Budgetår": 2025, "Kode": "ØK77", "År": 2025, "Beløb": "1"},
                {"Budgetår": 2025, "Kode": "ØK77", "År": 2025, "Beløb": "2"},
            ],
        },
        extra_headers={"Bevillinger": ["2025"]},
    )
    with pytest.raises(BudgetImportError) as exc:
        budget_import(organisation=org, actor=consultant, file=data)
    text = "\n".join(exc.value.messages)
    assert "række 3, kolonne »Kode«: Budgetnotatet SO19 (2026) står også i række 2." in text
    assert (
        "række 2, kolonne »Bevilling«: Udfyld enten »Bevilling« eller kolonnerne pr. år (2025)"
        in text
    )
    assert "række 3, kolonne »Bevilling«: Rækken har ingen bevilling." in text
    assert (
        "række 4, kolonne »Bevilling«: »2025: 1 mio. kr. / 2025: 2 mio. kr.« kan ikke læses" in text
    )
    assert "Året 2025 er nævnt to gange" in text
    assert "Ark »Forbrug«, række 3, kolonne »År«: Forbruget for 2025 står også i række 2." in text


def test_a_dropped_year_with_spending_is_refused_by_the_service_and_names_the_row(
    budget, org, consultant
):
    before = _state(org)
    data = _file(
        {"Bevillinger": [{"Budgetår": 2025, "Kode": "ØK77", "Bevilling": "2026: 1 mio. kr."}]}
    )
    with pytest.raises(BudgetImportError) as exc:
        budget_import(organisation=org, actor=consultant, file=data)
    assert exc.value.errors[0].sheet == "Bevillinger" and exc.value.errors[0].row == 2
    assert "forbrug i 2025" in exc.value.messages[0]
    assert _state(org) == before


def test_an_edited_export_changes_only_what_changed(budget, org, consultant):
    wb = load(budget_export(org))
    ws = wb["Budgetnotater"]
    ws.cell(row=3, column=3).value = "God start – ny titel"
    versions = dict(BudgetNote.objects.values_list("code", "version"))
    result = budget_import(organisation=org, actor=consultant, file=save(wb))
    assert (result.updated, result.unchanged) == (1, 1)
    after = dict(BudgetNote.objects.values_list("code", "version"))
    assert after == {**versions, "SO19": versions["SO19"] + 1}


def test_a_reader_may_not_import(budget, org, reader):
    with pytest.raises(PermissionDeniedError):
        budget_import(organisation=org, actor=reader, file=budget_export(org))


def test_a_file_that_is_not_a_spreadsheet_is_refused(org, consultant):
    with pytest.raises(BudgetImportError) as exc:
        budget_import(
            organisation=org, actor=consultant, file=b"\xd0\xcf\x11\xe0xx", file_name="a.xls"
        )
    assert "gamle Excel-format" in exc.value.messages[0]


def test_template_has_every_column_explained():
    wb = load(budget_template())
    assert all(ws.max_row == 1 for ws in wb.worksheets[:3])
    explained = {row[1] for row in wb["Vejledning"].iter_rows(values_only=True) if row[1]}
    assert set(NOTES) <= explained and {"Bevilling", "Prisniveau", "Beløb"} <= explained


# --- the commands -----------------------------------------------------------------------------


def test_export_and_import_commands(budget, org, tmp_path, capsys):
    path = tmp_path / "budget.xlsx"
    call_command("exportdata", "budget", "--org", org.slug, "-o", str(path))
    assert path.read_bytes().startswith(b"PK")
    before = _state(org)
    call_command("importdata", "budget", str(path), "--org", org.slug)
    out = capsys.readouterr().out
    assert "Importeret: 0 nye, 0 ændrede, 2 uændrede budgetnotater" in out
    assert {**_state(org), "audit": 0} == {**before, "audit": 0}


def test_export_as_csv_writes_one_file_per_sheet_that_import_reads_back(
    budget, org, tmp_path, capsys
):
    call_command("exportdata", "budget", "--org", org.slug, "-o", str(tmp_path / "budget.csv"))
    names = ["budget-Budgetnotater.csv", "budget-Bevillinger.csv", "budget-Forbrug.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    assert not (tmp_path / "budget.csv").exists()
    for name in names:
        data = (tmp_path / name).read_bytes()
        assert data.startswith("\ufeffBudgetår;Kode".encode())  # CSV, never a workbook
    assert "Budgetår;Kode;Indsats;Bevilling;Prisniveau" in (
        (tmp_path / "budget-Bevillinger.csv").read_text("utf-8-sig")
    )
    before = _state(org)
    capsys.readouterr()
    call_command("importdata", "budget", *(str(tmp_path / n) for n in names), "--org", org.slug)
    out = capsys.readouterr().out
    assert "Importeret: 0 nye, 0 ændrede, 2 uændrede budgetnotater" in out
    assert {**_state(org), "audit": 0} == {**before, "audit": 0}


def test_a_kind_without_csv_export_says_so(org, tmp_path):
    with pytest.raises(CommandError, match="kan kun eksporteres som Excel-fil"):
        call_command("exportdata", "catalogue", "--org", org.slug, "-o", str(tmp_path / "k.csv"))


def test_import_command_prints_every_error(budget, org, tmp_path, capsys):
    path = tmp_path / "Forbrug.csv"
    path.write_bytes(_csv(["Budgetår;Kode;Indsats;År;Beløb;Bemærkning", "2025;ØK77;;2030;5;"]))
    with pytest.raises(CommandError, match="1 fejl. Intet er ændret"):
        call_command("importdata", "budget", str(path), "--org", org.slug)
    assert "række 2, kolonne »År«: Året 2030 ligger uden for" in capsys.readouterr().err


# --- the demo organisation -----------------------------------------------------------------------


def test_the_demo_budget_reimports_unchanged_and_copies_into_a_fresh_organisation(
    ballerup, org, consultant, django_assert_max_num_queries
):
    from indsats.indicators.transfer import indicator_export, indicator_import, indicator_rows
    from indsats.initiatives.transfer import catalogue_export, catalogue_import

    before = _state(ballerup)
    with django_assert_max_num_queries(40):
        data = budget_export(ballerup)
    result = budget_import(organisation=ballerup, actor=None, file=data)
    assert (result.created, result.updated, result.allocations_set, result.spendings_set) == (
        0,
        0,
        0,
        0,
    )
    assert {**_state(ballerup), "audit": 0} == {**before, "audit": 0}

    catalogue_import(organisation=org, actor=consultant, file=catalogue_export(ballerup))
    budget_import(organisation=org, actor=consultant, file=data)
    indicator_import(organisation=org, actor=consultant, file=indicator_export(ballerup))
    assert budget_rows(org) == budget_rows(ballerup)
    assert indicator_rows(org) == indicator_rows(ballerup)
