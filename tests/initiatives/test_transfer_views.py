import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indsats.core.models import AuditLog
from indsats.initiatives.models import CostLine, Initiative, Scenario
from indsats.initiatives.transfer import catalogue_export

from .helpers import find_row, load, save, set_cell

pytestmark = [pytest.mark.django_db]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(name, org):
    return reverse(f"transfer:{name}", kwargs={"org": org.slug})


def _upload(data: bytes, name="katalog.xlsx", content_type=XLSX):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _counts():
    return [m.objects.count() for m in (Initiative, CostLine, Scenario, AuditLog)]


def test_the_import_page_offers_the_template_and_the_current_catalogue(client, org, consultant):
    client.force_login(consultant)
    response = client.get(_url("import", org))
    assert response.status_code == 200
    html = response.content.decode()
    assert _url("template", org) in html and "skabelon.xlsx" in html
    assert _url("export", org) in html and "katalog.xlsx" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'class="button button-primary"' in html


def test_uploading_an_export_imports_it_and_says_how_much_changed(
    client, ballerup, org, consultant, ballerup_owners_in_org
):
    client.force_login(consultant)
    response = client.post(_url("import", org), {"file": _upload(catalogue_export(ballerup))})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Importeret: 27 nye, 0 ændrede, 0 uændrede indsatser; 1 parametre oprettet, 0 parameterværdier gemt."
    ]
    assert Initiative.objects.filter(organisation=org).count() == 27
    entry = AuditLog.objects.get(organisation=org, action="import")
    assert (entry.actor, entry.changes["file"]) == (consultant, [None, "katalog.xlsx"])


def test_uploading_the_same_file_again_reports_it_unchanged(
    client, ballerup, org, consultant, ballerup_owners_in_org
):
    client.force_login(consultant)
    data = catalogue_export(ballerup)
    client.post(_url("import", org), {"file": _upload(data)})
    response = client.post(_url("import", org), {"file": _upload(data)})
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Importeret: 0 nye, 0 ændrede, 27 uændrede indsatser."
    )


def test_a_file_with_errors_is_shown_again_with_every_error_and_nothing_changes(
    client, ballerup, consultant, make_member
):
    editor = make_member(ballerup, "consultant", "ballerup-konsulent")
    client.force_login(editor)
    wb = load(catalogue_export(ballerup))
    lines = wb["Omkostninger"]
    bad_amount = find_row(lines, Indsats_nummer="1.2", Linje_nr=1)
    set_cell(lines, bad_amount, "Besluttet beløb", "12,3,4")
    initiatives = wb["Indsatser"]
    bad_year = find_row(initiatives, Nummer="2.3")
    set_cell(initiatives, bad_year, "Startår", "om lidt")
    counts = _counts()

    response = client.post(_url("import", ballerup), {"file": _upload(save(wb))})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Filen blev ikke indlæst: der er 2 fejl. Intet er ændret." in html
    assert 'class="alert alert-error"' in html
    assert (
        f"<td>Omkostninger</td>\n      <td>{bad_amount}</td>\n      <td>Besluttet beløb</td>"
        in html
    )
    assert "»12,3,4« kan ikke læses som et beløb." in html
    assert f"<td>Indsatser</td>\n      <td>{bad_year}</td>\n      <td>Startår</td>" in html
    assert _counts() == counts


def test_a_file_that_is_not_xlsx_gets_a_clear_message(client, org, consultant):
    client.force_login(consultant)
    response = client.post(
        _url("import", org),
        {"file": _upload(b"Nummer;Titel\n1.1;Mentorordning\n", "katalog.csv", "text/csv")},
    )
    assert response.status_code == 400
    assert "Filen »katalog.csv« er ikke en Excel-fil (.xlsx)." in response.content.decode()


def test_posting_without_a_file_asks_for_one(client, org, consultant):
    client.force_login(consultant)
    response = client.post(_url("import", org), {})
    assert response.status_code == 400
    assert "Vælg den Excel-fil, der skal indlæses." in response.content.decode()


def test_a_reader_may_download_but_not_import(client, ballerup, org, reader):
    client.force_login(reader)
    assert client.get(_url("import", org)).status_code == 403
    counts = _counts()
    response = client.post(_url("import", org), {"file": _upload(catalogue_export(ballerup))})
    assert response.status_code == 403
    assert _counts() == counts
    export = client.get(_url("export", org))
    assert (export.status_code, export["Content-Type"]) == (200, XLSX)
    assert export["Content-Disposition"] == 'attachment; filename="katalog-testrup.xlsx"'
    template = client.get(_url("template", org))
    assert template["Content-Disposition"] == 'attachment; filename="skabelon.xlsx"'
    assert load(template.content).sheetnames[-1] == "Vejledning"


def test_an_outsider_gets_not_found(client, ballerup, org, outsider):
    client.force_login(outsider)
    for name in ("import", "export", "template"):
        assert client.get(_url(name, org)).status_code == 404
    counts = _counts()
    assert (
        client.post(_url("import", org), {"file": _upload(catalogue_export(ballerup))}).status_code
        == 404
    )
    assert _counts() == counts


def test_the_export_download_is_the_catalogue(client, ballerup, make_member):
    client.force_login(make_member(ballerup, "readonly", "ballerup-laeser"))
    response = client.get(_url("export", ballerup))
    wb = load(response.content)
    assert wb["Indsatser"].max_row == 1 + Initiative.objects.filter(organisation=ballerup).count()
