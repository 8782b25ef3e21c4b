"""The public case bank pages: readable without login, unpublished cases 404, media hidden when
a consent is withdrawn, evidence charts with a table, the Atom feed, fixed query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indsats.casebank import services
from indsats.casebank.models import Case, CaseStatus

from .seed_cases import create_seed_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    return create_seed_cases()


def detail_url(case) -> str:
    return reverse("casebank:detail", kwargs={"slug": case.slug})


def test_list_page_searches_without_login(client, seed):
    response = client.get("/casebank/", {"q": "frafald"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="search"' in html and 'name="q"' in html
    assert "3 cases" in html
    assert "<mark>frafald</mark>" in html.lower() or "<mark>frafaldet</mark>" in html.lower()
    assert "Horsens Kommune" not in html
    assert "<title>Søgning efter »frafald« · Casebanken · Indsats</title>" in html
    assert '<meta name="description" content="Casebanken:' in html
    assert '<link rel="canonical" href="http://testserver/casebank/">' in html


def test_list_page_suggests_a_spelling_and_reads_the_query_language(client, seed):
    html = client.get("/casebank/", {"q": "frafadl"}).content.decode()
    assert "0 cases" in html
    assert 'Mente du <a href="?q=frafald">frafald</a>?' in html
    html = client.get("/casebank/", {"q": "vejleder OR mentor -frafald"}).content.decode()
    assert "0 cases" in html  # both cases with those words are about dropout
    html = client.get("/casebank/", {"q": "mentor"}).content.decode()
    assert "1 case" in html and "<mark>Mentorindsats</mark>" in html


def test_list_page_filters_sorts_and_pages(client, seed):
    html = client.get("/casebank/", {"region": "nordjylland"}).content.decode()
    assert "2 cases" in html and "Aalborg Kommune" in html and "Esbjerg Kommune" not in html
    response = client.get("/casebank/", {"sortering": "municipality", "side": "99"})
    assert response.context["result"].page == 1  # all 8 fit on one page
    html = client.get("/casebank/", {"tema": "Fastholdelse", "effekt": "nej"}).content.decode()
    assert "3 cases" in html


def test_list_page_escapes_the_query(client, seed):
    html = client.get("/casebank/", {"q": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_case_page(client, seed):
    case = seed["Esbjerg"]
    response = client.get(detail_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Praktikvejledere på fuldtid nedbringer frafaldet markant" in html
    assert "Region Syddanmark" in html and "2017" in html
    assert f'<link rel="canonical" href="http://testserver{detail_url(case)}">' in html
    assert '<meta name="description" content="I Esbjerg Kommune har man siden 2017' in html
    assert "Lignende cases" in html and "Aalborg Kommune" in html
    assert "Log ud" not in html


@pytest.mark.parametrize(
    "status",
    [CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.WITHDRAWN, CaseStatus.UNPUBLISHED],
)
def test_unpublished_cases_are_404(client, seed, status):
    case = seed["Varde"]
    Case.objects.filter(pk=case.pk).update(status=status)
    assert client.get(detail_url(case)).status_code == 404
    assert "Varde" not in client.get("/casebank/").content.decode()
    assert "Varde" not in client.get("/casebank/feed.atom").content.decode()


def test_withdrawn_consent_hides_the_video_link(client, seed):
    case = seed["Horsens"]
    video = services.media_add(
        case=case,
        actor=None,
        kind="video",
        title="Hverdagsguiderne fortæller",
        url="https://video.example.org/hverdagsguider",
    )
    consent = services.consent_add(
        case=case,
        actor=None,
        person="Hverdagsguide i videoen",
        given_on=dt.date(2024, 1, 5),
        media=[video],
    )
    assert (
        "https://video.example.org/hverdagsguider" in client.get(detail_url(case)).content.decode()
    )
    services.consent_withdraw(consent=consent, actor=None)
    html = client.get(detail_url(case)).content.decode()
    assert "https://video.example.org/hverdagsguider" not in html
    assert "Hverdagsguiderne fortæller" not in html


def test_attachment_download_checks_publication_and_consent(client, seed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = seed["Odense"]
    pdf = services.media_add(
        case=case,
        actor=None,
        kind="file",
        title="Arbejdsprogram",
        upload=SimpleUploadedFile("program.pdf", b"%PDF-1.4 program", "application/pdf"),
    )
    url = reverse("casebank:attachment", kwargs={"slug": case.slug, "media_pk": pdf.pk})
    assert url in client.get(detail_url(case)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 program"
    assert response["Content-Type"] == "application/pdf"
    other = reverse("casebank:attachment", kwargs={"slug": seed["Varde"].slug, "media_pk": pdf.pk})
    assert client.get(other).status_code == 404
    consent = services.consent_add(
        case=case, actor=None, person="Deltager", given_on=dt.date(2024, 1, 5), media=[pdf]
    )
    services.consent_withdraw(consent=consent, actor=None)
    assert client.get(url).status_code == 404
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.WITHDRAWN)
    assert client.get(url).status_code == 404


def test_evidence_chart_and_table(client, org, consultant):
    from indsats.indicators import services as indicator_services

    indicator = indicator_services.indicator_create(
        organisation=org,
        actor=consultant,
        name="Frafald blandt elever",
        unit="percent",
        direction="lower",
    )
    indicator_services.target_set(
        indicator=indicator,
        actor=consultant,
        baseline_value=Decimal(30),
        baseline_year=2021,
        target_value=Decimal(15),
        deadline_year=2025,
    )
    for year, value in ((2021, "30"), (2022, "24.5"), (2023, "19")):
        indicator_services.indicator_value_add(
            indicator=indicator, actor=consultant, year=year, value=Decimal(value)
        )
    case = services.case_create(
        actor=consultant,
        organisation=org,
        title="Mindre frafald",
        summary="Frafaldet faldt.",
        evidence=[indicator],
    )
    services.case_transition(case=case, actor=consultant, action="submit")
    services.case_transition(case=case, actor=None, action="approve")
    html = client.get(detail_url(case)).content.decode()
    assert "<svg" in html and "Målt effekt: Frafald blandt elever" in html
    assert "Værdier for Frafald blandt elever pr. år" in html
    assert "24,5" in html


def test_atom_feed(client, seed):
    response = client.get("/casebank/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 8
    assert "Aalborg Kommune: Mentorindsats forebygger frafald på SOSU-uddannelser" in body
    assert detail_url(seed["Aalborg"]) in body


def _more_cases(n: int) -> None:
    for i in range(n):
        case = services.case_create(
            actor=None,
            organisation=None,
            municipality=f"By {i}",
            title=f"Frafald {i}",
            summary="Frafaldet falder.",
            tags={"theme": ["Fastholdelse"]},
            status=CaseStatus.PUBLISHED,
        )
        services.media_add(case=case, actor=None, kind="link", title="Link", url="https://x.dk")


def test_list_page_query_count_is_constant(client, db):
    _more_cases(10)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/casebank/", {"q": "frafald"}).status_code == 200
    _more_cases(30)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/casebank/", {"q": "frafald"}).status_code == 200
    # The search in one statement (page, count, facets), the cases shown, their tags, and the
    # tags offered as filters.
    assert len(small.captured_queries) == len(large.captured_queries) == 4


def test_case_page_query_count_does_not_grow_with_media(client, seed):
    case = seed["Esbjerg"]
    services.media_add(case=case, actor=None, kind="link", title="Link 1", url="https://x.dk")
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(case))
    for i in range(5):
        services.media_add(case=case, actor=None, kind="link", title=f"L{i}", url="https://x.dk")
    with CaptureQueriesContext(connection) as many:
        client.get(detail_url(case))
    assert len(few.captured_queries) == len(many.captured_queries)


def test_list_page_offers_only_tags_of_published_cases(client, db):
    _more_cases(1)
    services.case_create(
        actor=None,
        organisation=None,
        municipality="Kladde",
        title="Ikke offentliggjort",
        summary="Et udkast.",
        tags={"theme": ["Kun i udkast"], "target_group": ["Elever"]},
        status=CaseStatus.DRAFT,
    )
    page = client.get("/casebank/").content.decode()
    assert "Fastholdelse" in page
    assert "Kun i udkast" not in page and "Elever" not in page
