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


# --- »Opgjort pr.« on the upload page --------------------------------------------------------

BACKFILL = "Indikator;År;Værdi\nMentorer uddannet;2024;12\n"


def _backfill():
    return SimpleUploadedFile("Værdier.csv", BACKFILL.encode("utf-8-sig"))


def test_values_back_filled_today_are_asked_about_and_nothing_is_written(
    client,
    org,
    consultant,
    indicators,  # noqa: F811
):
    client.force_login(consultant)
    before = IndicatorValue.objects.count()
    response = client.post(_url("import", org), {"file": _backfill()})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Filen er ikke indlæst endnu" in page
    assert (
        "1 værdi for et tidligere år har ingen »Opgjort pr.« (række 2, »Mentorer uddannet« 2024)"
        in page
    )
    assert "en statusrapport pr. en tidligere dato viser den ikke" in page
    assert IndicatorValue.objects.count() == before


def test_the_as_of_date_on_the_page_records_the_values_as_of_it(
    client,
    org,
    consultant,
    indicators,  # noqa: F811
):
    client.force_login(consultant)
    response = client.post(_url("import", org), {"file": _backfill(), "as_of": "2026-04-30"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator__name="Mentorer uddannet", year=2024)
    assert value.recorded_on.isoformat() == "2026-04-30"


def test_ticking_today_imports_as_of_today(client, org, consultant, indicators):  # noqa: F811
    from django.utils import timezone

    client.force_login(consultant)
    response = client.post(_url("import", org), {"file": _backfill(), "confirm": "on"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator__name="Mentorer uddannet", year=2024)
    assert value.recorded_on == timezone.localdate()


def test_an_as_of_date_in_the_future_is_refused(client, org, consultant, indicators):  # noqa: F811
    client.force_login(consultant)
    response = client.post(_url("import", org), {"file": _backfill(), "as_of": "2999-01-01"})
    assert response.status_code == 400
    assert "Datoen 01-01-2999 ligger i fremtiden" in response.content.decode()
