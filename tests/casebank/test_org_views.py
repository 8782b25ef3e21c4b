"""The municipality's case pages: list, case form (from scratch and from an initiative), bad input
(400 with a Danish message and nothing saved), optimistic locking (409, input kept), media with
their upload checks, consents (withdrawing hides the media at once), submit and withdraw, roles."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indsats.casebank import selectors, services
from indsats.casebank.models import Case, CaseMedia, CaseStatus, Consent
from indsats.indicators import services as indicator_services
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def url(org, name, **kwargs):
    return reverse(f"org_cases:{name}", kwargs={"org": org.slug, **kwargs})


def text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


VALID = {
    "municipality": "Testrup Kommune",
    "region": "midtjylland",
    "title": "Mentorer for nyansatte",
    "summary": "Alle nyansatte får en mentor.",
    "start_year": "2023",
    "problem": "For mange sagde op.",
    "core": "Erfarne kolleger som mentorer.",
    "effects": "Færre opsigelser.",
    "themes": "Fastholdelse, Introduktion",
    "target_groups": "Nyansatte",
    "professions": "Social- og sundhedsassistenter",
    "contact_name": "Karen Jensen",
    "contact_email": "karen@testrup.dk",
    "contact_phone": "12 34 56 78",
}


@pytest.fixture
def initiative(org, consultant):
    return InitiativeFactory(
        organisation=org,
        code="1.1",
        title="Frikøb af praktikvejledere",
        target_group="Elever",
        professions="Praktikvejledere",
    )


@pytest.fixture
def indicator(org, consultant, initiative):
    ind = indicator_services.indicator_create(
        organisation=org,
        actor=consultant,
        name="Frafald blandt elever",
        unit="percent",
        direction="lower",
        initiative=initiative,
    )
    for year, value in ((2023, "30"), (2024, "22")):
        indicator_services.indicator_value_add(
            indicator=ind, actor=consultant, year=year, value=Decimal(value)
        )
    return ind


@pytest.fixture
def case(org, consultant):
    return services.case_create(
        actor=consultant,
        organisation=org,
        municipality="Testrup Kommune",
        title="Sprogcafé for nye kolleger",
        summary="Dansk over kaffen.",
    )


def test_create_from_scratch(consultant_client, org):
    response = consultant_client.post(url(org, "create"), VALID)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(org, "detail", case_pk=case.pk)
    assert case.organisation == org
    assert case.status == CaseStatus.DRAFT
    assert case.start_year == 2023
    assert sorted(t.name for t in case.tags.all()) == [
        "Fastholdelse",
        "Introduktion",
        "Nyansatte",
        "Social- og sundhedsassistenter",
    ]


def test_required_fields_missing_is_400_in_danish_and_saves_nothing(consultant_client, org):
    response = consultant_client.post(
        url(org, "create"), {**VALID, "title": "", "summary": "", "municipality": ""}
    )
    assert response.status_code == 400
    body = text(response)
    assert "Casen er ikke gemt" in body
    assert "Skriv en titel på casen." in body
    assert "Skriv et kort resumé af casen." in body
    assert "Skriv hvilken kommune casen kommer fra." in body
    assert Case.objects.count() == 0


def test_start_year_in_the_future_is_refused(consultant_client, org):
    future = timezone.localdate().year + 1
    response = consultant_client.post(url(org, "create"), {**VALID, "start_year": str(future)})
    assert response.status_code == 400
    assert f"Startåret {future} ligger i fremtiden." in text(response)
    assert Case.objects.count() == 0


@pytest.mark.parametrize("field", ["title", "summary", "problem", "core", "effects"])
def test_html_in_a_text_field_is_refused_and_the_input_kept(consultant_client, org, field):
    evil = "Godt<script>alert('x')</script>"
    response = consultant_client.post(url(org, "create"), {**VALID, field: evil})
    assert response.status_code == 400
    assert "må ikke indeholde HTML-koder" in text(response)
    body = response.content.decode()
    assert "<script>alert" not in body  # shown as text, never run
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert Case.objects.count() == 0


def test_html_in_a_tag_is_refused(consultant_client, org):
    response = consultant_client.post(url(org, "create"), {**VALID, "themes": "<b>Fed</b>"})
    assert response.status_code == 400
    assert "Emner må ikke indeholde HTML-koder." in text(response)
    assert Case.objects.count() == 0


def test_from_initiative_prefills_the_chosen_parts(consultant_client, org, initiative, indicator):
    chooser = consultant_client.get(url(org, "from_initiative"))
    assert chooser.status_code == 200
    assert "1.1 Frikøb af praktikvejledere" in text(chooser)
    response = consultant_client.get(
        url(org, "create"),
        {"indsats": initiative.pk, "kopier": ["title", "purpose", "indicators", "professions"]},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "Frikøb af praktikvejledere"
    assert form.initial["problem"] == initiative.purpose
    assert form.initial["evidence"] == [indicator]
    assert form.initial["professions"] == "Praktikvejledere"
    assert "summary" not in form.initial  # description was not ticked
    assert "target_groups" not in form.initial
    assert form.initial["source_initiative"] == initiative
    body = response.content.decode()
    assert re.search(rf'value="{indicator.pk}"[^>]*checked', body)


def test_from_initiative_saves_source_and_evidence(consultant_client, org, initiative, indicator):
    other = indicator_services.indicator_create(
        organisation=org, actor=None, name="Ansøgere pr. opslag", unit="count"
    )
    page = consultant_client.get(url(org, "create"), {"indsats": initiative.pk})
    choices = [c.pk for c in page.context["form"].fields["evidence"].queryset]
    assert choices == [indicator.pk, other.pk]  # the source initiative's indicators first
    response = consultant_client.post(
        url(org, "create"),
        {**VALID, "source_initiative": initiative.pk, "evidence": [indicator.pk]},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.source_initiative == initiative
    assert list(case.evidence.all()) == [indicator]
    detail = consultant_client.get(url(org, "detail", case_pk=case.pk))
    assert "<svg" in detail.content.decode().split('id="evidens"')[1]


def test_another_organisations_initiative_is_404(consultant_client, org, other_org):
    foreign = InitiativeFactory(organisation=other_org)
    response = consultant_client.get(url(org, "create"), {"indsats": foreign.pk})
    assert response.status_code == 404


def test_edit_with_a_stale_version_is_409_and_keeps_the_input(
    consultant_client, org, consultant, case
):
    opened = case.version
    services.case_update(
        case=case, actor=consultant, expected_version=opened, title="Ændret af en anden"
    )
    response = consultant_client.post(
        url(org, "edit", case_pk=case.pk),
        {**VALID, "title": "Min nye titel", "version": str(opened)},
    )
    assert response.status_code == 409
    assert 'value="Min nye titel"' in response.content.decode()
    assert "Ændret af en anden" in text(response)
    case.refresh_from_db()
    assert case.title == "Ændret af en anden"


def test_edit_saves(consultant_client, org, case):
    response = consultant_client.post(
        url(org, "edit", case_pk=case.pk), {**VALID, "version": str(case.version)}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == VALID["title"]


def test_attachment_of_a_wrong_type_is_refused(consultant_client, org, case):
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/x-msdownload")
    response = consultant_client.post(
        url(org, "media_add", case_pk=case.pk),
        {"kind": "file", "title": "Program", "file": upload},
    )
    assert response.status_code == 400
    assert "Filtypen er ikke tilladt." in text(response)
    assert CaseMedia.objects.count() == 0


def test_attachment_too_large_is_refused(consultant_client, org, case):
    upload = SimpleUploadedFile(
        "stor.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    response = consultant_client.post(
        url(org, "media_add", case_pk=case.pk),
        {"kind": "file", "title": "Rapport", "file": upload},
    )
    assert response.status_code == 400
    assert "Filen er for stor" in text(response)
    assert "højst 10 MB." in text(response)
    assert CaseMedia.objects.count() == 0


def test_attachment_is_stored_and_downloadable(consultant_client, org, case, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    upload = SimpleUploadedFile(
        "rapport.pdf", b"%PDF-1.4 evaluering", content_type="application/pdf"
    )
    response = consultant_client.post(
        url(org, "media_add", case_pk=case.pk),
        {"kind": "file", "title": "Evaluering", "file": upload},
    )
    assert response.status_code == 302
    media = CaseMedia.objects.get()
    assert (media.content_type, media.size) == ("application/pdf", 19)
    download = consultant_client.get(url(org, "media_file", case_pk=case.pk, media_pk=media.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 evaluering"
    assert download["Content-Disposition"] == 'inline; filename="rapport.pdf"'


def test_video_link_needs_a_web_address(consultant_client, org, case):
    response = consultant_client.post(
        url(org, "media_add", case_pk=case.pk),
        {"kind": "video", "title": "Video", "url": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    assert "Skriv en webadresse, der begynder med https://." in text(response)
    assert CaseMedia.objects.count() == 0


def test_consent_add_and_withdraw_hides_the_media(consultant_client, org, case):
    consultant_client.post(
        url(org, "media_add", case_pk=case.pk),
        {"kind": "video", "title": "Video med Lise", "url": "https://video.example/lise"},
    )
    video = CaseMedia.objects.get()
    response = consultant_client.post(
        url(org, "consent_add", case_pk=case.pk),
        {"person": "Lise, SSA-elev", "given_on": "2025-03-01", "media": [video.pk]},
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert list(consent.media.all()) == [video]
    assert list(selectors.visible_media_queryset()) == [video]

    response = consultant_client.post(
        url(org, "consent_withdraw", case_pk=case.pk, consent_pk=consent.pk)
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert list(selectors.visible_media_queryset()) == []
    detail = consultant_client.get(url(org, "detail", case_pk=case.pk))
    assert "Nej: et samtykke er trukket tilbage" in text(detail)


def test_consent_in_the_future_or_without_media_is_refused(consultant_client, org, case):
    video = services.media_add(
        case=case, actor=None, kind="video", title="Video", url="https://video.example/v"
    )
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = consultant_client.post(
        url(org, "consent_add", case_pk=case.pk),
        {"person": "Lise", "given_on": future, "media": [video.pk]},
    )
    assert response.status_code == 400
    assert "Datoen ligger i fremtiden." in text(response)
    response = consultant_client.post(
        url(org, "consent_add", case_pk=case.pk), {"person": "Lise", "given_on": "2025-01-01"}
    )
    assert response.status_code == 400
    assert "Vælg de medier fra casen, samtykket dækker." in text(response)
    assert Consent.objects.count() == 0


def test_submit_and_withdraw(consultant_client, org, case):
    response = consultant_client.post(url(org, "submit", case_pk=case.pk))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    services.case_transition(case=case, actor=None, action="approve")
    response = consultant_client.post(url(org, "withdraw", case_pk=case.pk))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert not selectors.published_cases().exists()


def test_submitting_twice_is_400_with_a_danish_message(consultant_client, org, case):
    consultant_client.post(url(org, "submit", case_pk=case.pk))
    response = consultant_client.post(url(org, "submit", case_pk=case.pk))
    assert response.status_code == 400
    assert "En case med status »Indsendt« kan ikke få handlingen" in text(response)


def test_list_shows_status_and_editor_comment(consultant_client, org, case):
    services.case_transition(case=case, actor=None, action="submit")
    services.case_transition(
        case=case, actor=None, action="return", comment="Tilføj gerne en kontaktperson."
    )
    response = consultant_client.get(url(org, "list"))
    assert response.status_code == 200
    body = text(response)
    assert "Sprogcafé for nye kolleger Sendt retur Tilføj gerne en kontaktperson." in body


def test_reader_reads_but_cannot_write(client, org, reader, case):
    client.force_login(reader)
    assert client.get(url(org, "list")).status_code == 200
    detail = client.get(url(org, "detail", case_pk=case.pk))
    assert detail.status_code == 200
    assert "Send til redaktionen" not in text(detail)
    assert client.get(url(org, "create")).status_code == 403
    assert client.post(url(org, "create"), VALID).status_code == 403
    assert client.post(url(org, "submit", case_pk=case.pk)).status_code == 403
    assert client.get(url(org, "edit", case_pk=case.pk)).status_code == 403
    assert Case.objects.count() == 1


def test_another_organisations_user_gets_404(client, org, outsider, case):
    client.force_login(outsider)
    for name, kwargs in [
        ("list", {}),
        ("detail", {"case_pk": case.pk}),
        ("edit", {"case_pk": case.pk}),
        ("create", {}),
    ]:
        assert client.get(url(org, name, **kwargs)).status_code == 404
    assert client.post(url(org, "submit", case_pk=case.pk)).status_code == 404


def test_a_case_of_another_organisation_is_404_in_ones_own(consultant_client, org, other_org):
    foreign = services.case_create(
        actor=None, organisation=None, municipality="Andeby", title="Andebys", summary="Resumé"
    )
    assert consultant_client.get(url(org, "detail", case_pk=foreign.pk)).status_code == 404


def test_detail_query_count_does_not_grow_with_media(
    consultant_client, org, case, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            media = services.media_add(
                case=case, actor=None, kind="link", title=f"Link {i}", url=f"https://e.dk/{i}"
            )
            services.consent_add(
                case=case, actor=None, person=f"P{i}", given_on=dt.date(2025, 1, 1), media=[media]
            )

    add(2)
    with django_assert_max_num_queries(40) as few:
        consultant_client.get(url(org, "detail", case_pk=case.pk))
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        consultant_client.get(url(org, "detail", case_pk=case.pk))


def test_a_refused_case_from_an_initiative_keeps_source_and_evidence(
    consultant_client, org, initiative, indicator
):
    other = indicator_services.indicator_create(
        organisation=org, actor=None, name="Ansøgere pr. opslag", unit="count"
    )
    response = consultant_client.post(
        url(org, "create"),
        {**VALID, "title": "", "source_initiative": initiative.pk, "evidence": [indicator.pk]},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert [c.pk for c in form.fields["evidence"].queryset] == [indicator.pk, other.pk]
    body = response.content.decode()
    assert re.search(rf'value="{indicator.pk}"[^>]*checked', body)
    assert f'name="source_initiative" value="{initiative.pk}"' in body
    assert Case.objects.count() == 0
