"""Status texts import and export: XLSX and CSV, all or nothing, an unchanged export re-imports
without a change, and every refusal names sheet, row and column."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from indsats.core.models import AuditLog
from indsats.followup.models import StatusUpdate
from indsats.followup.transfer import (
    StatusImportError,
    status_export,
    status_import,
    status_rows,
)
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

TEXT = "Første hold er startet.\n\n- 12 vejledere uddannet\n- 3 på venteliste"


@pytest.fixture
def initiatives(org):
    return [
        InitiativeFactory(organisation=org, code="1.1", state="running"),
        InitiativeFactory(organisation=org, code="2.3", state="running"),
    ]


def _csv(lines):
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _state(org):
    return sorted(
        StatusUpdate.objects.filter(initiative__organisation=org).values_list(
            "initiative__code", "as_of", "state", "text", "author_name"
        )
    )


def test_csv_import_with_paragraphs_bullets_and_a_default_state(initiatives, org, consultant):
    data = _csv([
        "Indsats;Status pr.;Vurdering;Status;Skrevet af",
        f'1.1;30-04-2026;Følger planen;"{TEXT}";Lars Leder',
        "2.3;31-10-2025;;Ikke startet endnu.;",
    ])  # fmt: skip
    result = status_import(organisation=org, actor=consultant, file=data, file_name="Status.csv")
    assert result.summary() == "2 nye og 0 uændrede statustekster"
    assert _state(org) == [
        ("1.1", dt.date(2026, 4, 30), "on_track", TEXT, "Lars Leder"),
        (
            "2.3",
            dt.date(2025, 10, 31),
            "not_assessed",
            "Ikke startet endnu.",
            consultant.get_full_name(),
        ),
    ]
    assert StatusUpdate.objects.get(state="not_assessed").get_state_display() == "Ikke vurderet"
    # re-importing every export (XLSX and CSV) changes nothing
    before, audit_before = _state(org), AuditLog.objects.count()
    again = status_import(organisation=org, actor=consultant, file=status_export(org))
    assert (again.created, again.unchanged) == (0, 2)
    assert _state(org) == before
    assert AuditLog.objects.count() == audit_before + 1  # the import's own record


def test_export_and_import_commands_xlsx_and_csv(initiatives, org, consultant, tmp_path, capsys):
    status_import(
        organisation=org,
        actor=consultant,
        file=_csv(["Indsats;Status pr.;Vurdering;Status;Skrevet af", "1.1;30-04-2026;I risiko;Forsinket.;A"]),
        file_name="Status.csv",
    )  # fmt: skip
    assert len(status_rows(org)["Status"]) == 1
    for name in ("s.xlsx", "s.csv"):
        call_command("exportdata", "statuses", "--org", org.slug, "-o", str(tmp_path / name))
    assert (tmp_path / "s.xlsx").read_bytes().startswith(b"PK")
    assert (tmp_path / "s-Status.csv").read_text("utf-8-sig").startswith("Indsats;Status pr.")
    before = _state(org)
    for name in ("s.xlsx", "s-Status.csv"):
        capsys.readouterr()
        call_command("importdata", "statuses", str(tmp_path / name), "--org", org.slug)
        assert "Importeret: 0 nye og 1 uændrede statustekster." in capsys.readouterr().out
    assert _state(org) == before


def test_a_bad_file_names_every_row_and_writes_nothing(
    initiatives, org, consultant, tmp_path, capsys
):
    lines = [
        "Indsats;Status pr.;Vurdering;Status;Skrevet af",
        "9.9;30-04-2026;Følger planen;Tekst;",
        "1.1;31-04-2026;Følger planen;Tekst;",
        "1.1;30-04-2026;Godt;Tekst;",
        "1.1;30-04-2026;;;",
        "2.3;01-01-2999;;Tekst;",
        "1.1;30-04-2026;;God tekst;",
    ]
    with pytest.raises(StatusImportError) as error:
        status_import(organisation=org, actor=consultant, file=_csv(lines), file_name="Status.csv")
    messages = error.value.messages
    assert [m.split(":")[0] for m in messages] == [
        "Ark »Status«, række 2, kolonne »Indsats«",
        "Ark »Status«, række 3, kolonne »Status pr.«",
        "Ark »Status«, række 4, kolonne »Vurdering«",
        "Ark »Status«, række 5, kolonne »Status«",
        "Ark »Status«, række 6, kolonne »Status pr.«",
    ]
    assert "Der er ingen indsats 9.9 i kataloget" in messages[0]
    assert "ligger i fremtiden" in messages[4]
    assert _state(org) == []
    path = tmp_path / "Status.csv"
    path.write_bytes(_csv(lines))
    with pytest.raises(CommandError, match="5 fejl. Intet er ændret"):
        call_command("importdata", "statuses", str(path), "--org", org.slug)


def test_a_reader_may_not_import(initiatives, org, make_member):
    from indsats.core.services import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        status_import(organisation=org, actor=make_member(org, "readonly"), file=b"x")
