import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indsats.budgets.models import BudgetNote, Spending
from indsats.budgets.transfer import budget_export

from .test_transfer import budget  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _url(name, org):
    return reverse(f"budget_transfer:{name}", kwargs={"org": org.slug})


def test_the_page_offers_the_templates_and_the_current_notes(client, org, consultant):
    client.force_login(consultant)
    response = client.get(_url("import", org))
    assert response.status_code == 200
    html = response.content.decode()
    assert _url("import", org) == f"/o/{org.slug}/budget/import/"
    assert _url("template", org) in html and _url("export", org) in html
    assert f"{_url('csv_template', org)}?ark=Forbrug" in html
    assert 'enctype="multipart/form-data"' in html and "multiple" in html


def test_downloads(client, org, reader, budget):  # noqa: F811
    client.force_login(reader)
    export = client.get(_url("export", org))
    assert export.status_code == 200
    assert load_workbook(io.BytesIO(export.content)).sheetnames[:3] == [
        "Budgetnotater",
        "Bevillinger",
        "Forbrug",
    ]
    csv = client.get(_url("csv_template", org), {"ark": "Forbrug"})
    assert csv["Content-Disposition"] == 'attachment; filename="Forbrug.csv"'
    assert csv.content == "\ufeffBudgetår;Kode;Indsats;År;Beløb;Bemærkning\r\n".encode()
    assert client.get(_url("template", org)).content.startswith(b"PK")


def test_uploading_an_export_reports_it_unchanged(client, org, consultant, budget):  # noqa: F811
    client.force_login(consultant)
    upload = SimpleUploadedFile("budget.xlsx", budget_export(org))
    response = client.post(_url("import", org), {"file": upload})
    assert response.status_code == 302 and response["Location"] == _url("import", org)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Importeret: 0 nye, 0 ændrede, 2 uændrede budgetnotater; 0 bevillinger og 0 forbrugstal gemt."
    ]


def test_several_csv_files_at_once_and_errors_listed(client, org, consultant, budget):  # noqa: F811
    client.force_login(consultant)
    notes = SimpleUploadedFile(
        "Budgetnotater.csv",
        "Budgetår;Kode;Titel;Enhed;Formål;Indsatser\n2027;NY;Nyt;;;1.1\n".encode(),
    )
    spending = SimpleUploadedFile(
        "Forbrug.csv", "Budgetår;Kode;Indsats;År;Beløb;Bemærkning\n2027;NY;;2027;5;\n".encode()
    )
    response = client.post(_url("import", org), {"file": [notes, spending]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Filen blev ikke indlæst: der er 1 fejl. Intet er ændret." in html
    assert "Året 2027 ligger uden for budgetnotatets bevilling (ingen år)" in html
    assert not BudgetNote.objects.filter(code="NY").exists()
    assert Spending.objects.count() == 3


def test_a_reader_may_not_import_and_an_outsider_sees_nothing(client, org, reader, outsider):
    client.force_login(reader)
    assert client.get(_url("import", org)).status_code == 403
    client.force_login(outsider)
    assert client.get(_url("export", org)).status_code == 404
