import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from indsats.casebank.models import Case, CaseMedia, CaseStatus, MediaKind, Region, TagKind
from indsats.casebank.transfer import (
    CASES,
    CaseImportError,
    case_export,
    case_import,
    case_template,
)
from indsats.core.models import AuditLog
from indsats.core.services import PermissionDeniedError
from indsats.core.transfer import csv_bytes

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in CASES.columns]


def csv_file(*rows: dict) -> bytes:
    """A CSV file as Danish Excel writes it (semicolons, UTF-8 with BOM), keyed by header."""
    lines = [";".join(HEADERS)]
    for row in rows:
        lines.append(";".join(str(row.get(h, "")) for h in HEADERS))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


ESBJERG = {
    "Kommune": "Esbjerg Kommune",
    "Region": "Syddanmark",
    "Titel": "Praktikvejledere på fuldtid nedbringer frafaldet markant",
    "Resumé": "Praktikvejledere ansat som fuldtidsvejledere giver støtte til SOSU-elever.",
    "Startår": "2017",
    "Effekter": "Markant fald i frafaldet.",
    "Temaer": "Fastholdelse, Uddannelse",
    "Målgrupper": "SOSU-elever",
    "Faggrupper": "Social- og sundhedsassistenter, Social- og sundhedshjælpere",
    "Kontakt": "Hanne Hansen",
    "E-mail": "hanne@esbjerg.dk",
    "Telefon": "76 16 16 16",
    "Link": "Video om praktikvejlederne|https://www.youtube.com/watch?v=abc",
}
# A real case page often lacks a start year and effects.
HORSENS = {
    "Kommune": "Horsens Kommune",
    "Titel": "Hverdagsguider sætter ord på faglig stolthed",
    "Resumé": "Medarbejdere i hjemmeplejen uddannes til hverdagsguider.",
}


def state():
    return {
        "cases": sorted(
            Case.objects.values_list(
                "municipality", "title", "summary", "start_year", "effects", "status", "version"
            )
        ),
        "tags": sorted(Case.tags.through.objects.values_list("case__title", "tag__name")),
        "media": sorted(CaseMedia.objects.values_list("case__title", "url")),
        "audit": AuditLog.objects.count(),
    }


def test_imports_cases_with_tags_link_and_missing_optional_fields():
    result = case_import(actor=None, file=csv_file(ESBJERG, HORSENS), file_name="cases.csv")

    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    esbjerg = Case.objects.get(municipality="Esbjerg Kommune")
    assert esbjerg.organisation is None
    assert esbjerg.status == CaseStatus.PUBLISHED and esbjerg.published_at is not None
    assert esbjerg.region == Region.SYDDANMARK
    assert esbjerg.start_year == 2017
    assert esbjerg.contact_email == "hanne@esbjerg.dk"
    names = {(t.kind, t.name) for t in esbjerg.tags.all()}
    assert (TagKind.THEME, "Fastholdelse") in names
    assert (TagKind.PROFESSION, "Social- og sundhedshjælpere") in names
    assert (TagKind.TARGET_GROUP, "SOSU-elever") in names
    media = esbjerg.media.get()
    assert (media.kind, media.title, media.url) == (
        MediaKind.VIDEO,
        "Video om praktikvejlederne",
        "https://www.youtube.com/watch?v=abc",
    )
    assert " praktikvejled" in esbjerg.search_stems

    horsens = Case.objects.get(municipality="Horsens Kommune")
    assert horsens.start_year is None
    assert horsens.effects == ""
    assert horsens.region == ""
    assert horsens.tags.count() == 0


def test_reimport_of_the_same_file_changes_nothing():
    data = csv_file(ESBJERG, HORSENS)
    case_import(actor=None, file=data, file_name="cases.csv")
    before = state()

    result = case_import(actor=None, file=data, file_name="cases.csv")

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert state() == before


def test_reimport_of_the_export_changes_nothing():
    case_import(actor=None, file=csv_file(ESBJERG, HORSENS), file_name="cases.csv")
    before = state()

    result = case_import(actor=None, file=case_export(), file_name="cases.xlsx")

    assert result.unchanged == 2 and not result.changed
    assert state() == before


def test_a_changed_row_updates_the_case_found_by_municipality_and_title():
    case_import(actor=None, file=csv_file(ESBJERG), file_name="cases.csv")
    changed = {
        **ESBJERG,
        "Effekter": "Frafaldet faldt fra 30 til 12 procent.",
        "Temaer": "Fastholdelse",
    }

    result = case_import(actor=None, file=csv_file(changed), file_name="cases.csv")

    assert (result.created, result.updated) == (0, 1)
    case = Case.objects.get()
    assert case.effects == "Frafaldet faldt fra 30 til 12 procent."
    assert [t.name for t in case.tags.filter(kind=TagKind.THEME)] == ["Fastholdelse"]
    assert " 12 " in case.search_stems


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"Startår": str(timezone.localdate().year + 1)}, "Startår", "fremtiden"),
        ({"Resumé": "Se <script>alert(1)</script>"}, "Resumé", "HTML"),
        ({"Kontakt": "<b>Hanne</b>"}, "Kontakt", "HTML"),
        ({"Link": "Video|javascript:alert(1)"}, "Link", "webadresse"),
        ({"Link": "Video|ikke en adresse"}, "Link", "webadresse"),
        ({"E-mail": "hanne-esbjerg.dk"}, "E-mail", "e-mailadresse"),
        ({"Region": "Skåne"}, "Region", "region"),
        ({"Status": "Måske"}, "Status", "status"),
        ({"Titel": ""}, "Titel", "udfyldes"),
    ],
)
def test_a_bad_row_changes_nothing_and_names_row_and_column(change, column, words):
    case_import(actor=None, file=csv_file(HORSENS), file_name="cases.csv")
    before = state()
    bad = {**ESBJERG, **change}

    with pytest.raises(CaseImportError) as exc:
        case_import(actor=None, file=csv_file(HORSENS, bad), file_name="cases.csv")

    assert state() == before
    (issue,) = exc.value.errors
    assert (issue.sheet, issue.row, issue.column) == ("Cases", 3, column)
    assert words in issue.message
    assert f"række 3, kolonne »{column}«" in exc.value.messages[0]


def test_the_same_case_twice_in_the_file_is_refused():
    with pytest.raises(CaseImportError) as exc:
        case_import(actor=None, file=csv_file(ESBJERG, HORSENS, ESBJERG), file_name="c.csv")
    assert Case.objects.count() == 0
    assert "række 2" in exc.value.messages[0] and "række 4" in exc.value.messages[0]


def test_status_kladde_makes_a_draft():
    case_import(actor=None, file=csv_file({**HORSENS, "Status": "Kladde"}), file_name="c.csv")
    assert Case.objects.get().status == CaseStatus.DRAFT


def test_csv_without_bom_and_optional_columns_left_out():
    header = "Kommune;Region;Titel;Resumé;Startår;Problem;Kernen i indsatsen;Effekter;Temaer;Målgrupper;Faggrupper;Kontakt;E-mail;Telefon"
    data = (
        header
        + "\r\nVarde Kommune;Region Syddanmark;Klar til SOSU;Arbejdskraftreserven.;2019;;;;;;;;;\r\n"
    ).encode()
    result = case_import(actor=None, file=data, file_name="cases.csv")
    assert result.created == 1
    assert Case.objects.get().start_year == 2019


def test_only_editors_may_import(consultant):
    with pytest.raises(PermissionDeniedError):
        case_import(actor=consultant, file=csv_file(HORSENS), file_name="c.csv")
    assert Case.objects.count() == 0


def test_editor_import_is_audited(make_member, org):
    editor = make_member(org, "editor", "redaktoer")
    case_import(actor=editor, file=csv_file(HORSENS), file_name="c.csv")
    entry = AuditLog.objects.get(action="import")
    assert entry.actor == editor and entry.changes["created"] == [None, 1]


def test_dry_run_writes_nothing():
    result = case_import(actor=None, file=csv_file(ESBJERG), file_name="c.csv", dry_run=True)
    assert result.created == 1
    assert Case.objects.count() == 0


def test_template_has_the_columns_and_a_guide():
    workbook = load_workbook(io.BytesIO(case_template()))
    assert workbook.sheetnames == ["Cases", "Vejledning"]
    assert [c.value for c in workbook["Cases"][1]] == HEADERS
    guide = " ".join(
        str(c.value) for row in workbook["Vejledning"].iter_rows() for c in row if c.value
    )
    assert "Startår" in guide and "HTML" in guide


def test_csv_bytes_of_the_sheet_reimports():
    rows = [
        {
            "municipality": "Odense Kommune",
            "title": "Fra ledig til velfærdsmedarbejder",
            "summary": "Ledige hjælpes i job.",
            "start_year": 2020,
            "themes": "Rekruttering",
        }
    ]
    result = case_import(actor=None, file=csv_bytes(CASES, rows), file_name="Cases.csv")
    assert result.created == 1


def test_commands_import_and_export_cases_without_org(tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_file(ESBJERG, HORSENS))

    call_command("importdata", "cases", str(path))
    assert "2 nye" in capsys.readouterr().out
    call_command("importdata", "cases", str(path))
    assert "2 uændrede" in capsys.readouterr().out

    out = tmp_path / "ud.xlsx"
    call_command("exportdata", "cases", "-o", str(out))
    workbook = load_workbook(out)
    titles = [row[2].value for row in workbook["Cases"].iter_rows(min_row=2)]
    assert sorted(titles) == sorted([ESBJERG["Titel"], HORSENS["Titel"]])


def test_command_refuses_a_bad_file_and_other_kinds_still_need_org(tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_file({**HORSENS, "Startår": "3000"}))
    with pytest.raises(CommandError, match="Intet er ændret"):
        call_command("importdata", "cases", str(path))
    assert "række 2" in capsys.readouterr().err
    with pytest.raises(CommandError, match="--org"):
        call_command("importdata", "catalogue", str(path))


# --- partial files never blank stored data ---------------------------------------------------


def test_a_partial_case_file_keeps_what_it_leaves_blank_and_the_dry_run_says_what_changes():
    case_import(actor=None, file=csv_file(ESBJERG), file_name="cases.csv")
    partial = {
        "Kommune": ESBJERG["Kommune"],
        "Titel": ESBJERG["Titel"],
        "Resumé": "Kortere resumé.",
        "Temaer": "Fastholdelse",  # »Uddannelse« is left out: removed
    }  # no start year, effects, target groups, professions, contact: all kept
    before = state()
    dry = case_import(actor=None, file=csv_file(partial), file_name="cases.csv", dry_run=True)
    assert state() == before
    assert dry.summary() == (
        "0 nye, 1 ændrede, 0 uændrede cases. 1 cases ændres: resumé erstattes i 1, 1 temaer fjernes"
    )
    case_import(actor=None, file=csv_file(partial), file_name="cases.csv")
    case = Case.objects.get()
    assert case.summary == "Kortere resumé."
    assert (case.start_year, case.effects, case.contact_name) == (
        2017,
        "Markant fald i frafaldet.",
        "Hanne Hansen",
    )
    tags = {(t.kind, t.name) for t in case.tags.all()}
    assert (TagKind.THEME, "Uddannelse") not in tags and (TagKind.THEME, "Fastholdelse") in tags
    assert (TagKind.TARGET_GROUP, "SOSU-elever") in tags  # a blank column keeps its tags
    assert (TagKind.PROFESSION, "Social- og sundhedshjælpere") in tags


def test_the_case_number_identifies_a_case_so_a_corrected_municipality_renames_it():
    case_import(actor=None, file=csv_file(ESBJERG), file_name="cases.csv")
    case = Case.objects.get()
    corrected = {**ESBJERG, "Kommune": "Esbjerg Kommune (Sydvest)", "Casenummer": case.pk}
    result = case_import(actor=None, file=csv_file(corrected), file_name="cases.csv")
    assert (result.created, result.updated) == (0, 1)
    assert Case.objects.get().municipality == "Esbjerg Kommune (Sydvest)"
    exported = load_workbook(io.BytesIO(case_export()))["Cases"]
    assert [c.value for c in exported[1]][-1] == "Casenummer"
    assert [c.value for c in exported[2]][-1] == case.pk


def test_an_unknown_case_number_is_refused():
    with pytest.raises(CaseImportError) as caught:
        case_import(actor=None, file=csv_file({**HORSENS, "Casenummer": 999}), file_name="c.csv")
    assert "Casenummer 999 findes ikke" in str(caught.value)
    assert not Case.objects.exists()
