"""The upload page for status texts: the web side of ``indsats import statuses`` (all or
nothing, Danish messages naming row and column)."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indsats.followup.models import StatusUpdate

from .test_transfer import TEXT, _csv, initiatives  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _url(name, org):
    return reverse(f"status_transfer:{name}", kwargs={"org": org.slug})


def test_statuses_are_imported_from_a_csv_and_the_export_re_imports(
    client,
    org,
    consultant,
    initiatives,  # noqa: F811
):
    client.force_login(consultant)
    assert _url("import", org) == f"/o/{org.slug}/status/import/"
    page = client.get(_url("import", org)).content.decode()
    assert "Importér statustekster" in page
    data = _csv(
        [
            "Indsats;Status pr.;Vurdering;Status;Skrevet af",
            f'1.1;30-04-2026;Følger planen;"{TEXT}";Mette Hansen',
            "2.3;30-04-2026;;Ikke startet endnu.;",
        ]
    )
    response = client.post(_url("import", org), {"file": SimpleUploadedFile("Status.csv", data)})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Importeret: 2 nye og 0 uændrede statustekster."
    ]
    assert StatusUpdate.objects.get(initiative__code="1.1").text == TEXT
    exported = client.get(_url("export", org)).content
    again = client.post(_url("import", org), {"file": SimpleUploadedFile("s.xlsx", exported)})
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
        "Importeret: 0 nye og 2 uændrede statustekster."
    )
    assert StatusUpdate.objects.count() == 2


def test_a_wrong_row_is_named_and_nothing_is_written(client, org, consultant, initiatives):  # noqa: F811
    client.force_login(consultant)
    data = _csv(
        [
            "Indsats;Status pr.;Vurdering;Status;Skrevet af",
            "1.1;30-04-2026;Følger planen;Godt i gang.;",
            "9.9;30-04-2026;Følger planen;Findes ikke.;",
        ]
    )
    response = client.post(_url("import", org), {"file": SimpleUploadedFile("Status.csv", data)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Der er ingen indsats 9.9 i kataloget. Skriv nummeret, fx »1.1«." in page
    assert "<td>3</td>" in page and "<td>Indsats</td>" in page
    assert not StatusUpdate.objects.exists()


def test_a_reader_cannot_import_statuses(client, org, reader):
    client.force_login(reader)
    assert client.get(_url("import", org)).status_code == 403
