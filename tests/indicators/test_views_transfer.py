import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indsats.indicators.models import IndicatorValue

from .test_transfer import indicators  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _url(name, org):
    return reverse(f"indicator_transfer:{name}", kwargs={"org": org.slug})


def test_the_page_and_a_round_trip(client, org, consultant, indicators):  # noqa: F811
    client.force_login(consultant)
    page = client.get(_url("import", org))
    assert page.status_code == 200
    assert _url("import", org) == f"/o/{org.slug}/indikatorer/import/"
    assert f"{_url('csv_template', org)}?ark=Værdier" in page.content.decode()
    data = client.get(_url("export", org)).content
    assert data.startswith(b"PK")
    response = client.post(_url("import", org), {"file": SimpleUploadedFile("i.xlsx", data)})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Importeret: 0 nye, 0 ændrede, 3 uændrede indikatorer; 0 nye værdier, 5 fandtes i forvejen."
    ]


def test_a_wrong_unit_is_listed_and_nothing_is_written(client, org, consultant, indicators):  # noqa: F811
    client.force_login(consultant)
    before = IndicatorValue.objects.count()
    upload = SimpleUploadedFile(
        "Værdier.csv", "Indikator;År;Værdi\nMentorer uddannet;2024;22,5%\n".encode("utf-8-sig")
    )
    response = client.post(_url("import", org), {"file": upload})
    assert response.status_code == 400
    assert "»22,5%« er en procentsats, men indikatoren måles i antal." in response.content.decode()
    assert IndicatorValue.objects.count() == before
