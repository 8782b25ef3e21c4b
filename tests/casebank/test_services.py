import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from indsats.calc.textsearch import stem
from indsats.casebank import services
from indsats.casebank.models import Case, CaseMedia, CaseStatus, MediaKind, TagKind
from indsats.casebank.selectors import visible_media_queryset
from indsats.core.models import AuditLog
from indsats.core.services import ConflictError, PermissionDeniedError, ServiceError
from indsats.indicators import services as indicator_services
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"x" * 64


@pytest.fixture
def editor(db, make_member):
    from tests.factories import OrganisationFactory

    kl = OrganisationFactory(slug="kl", name="KL", kind="association")
    return make_member(kl, "editor", "redaktoer")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_case(org, actor, **fields):
    values = {
        "title": "Praktikvejledere på fuldtid",
        "summary": "Praktikvejledere vejleder SOSU-elever.",
        "start_year": 2020,
        **fields,
    }
    return services.case_create(actor=actor, organisation=org, **values)


def audit_rows(case):
    return AuditLog.objects.filter(root_type="case", root_id=str(case.pk))


# --- create, update, audit -------------------------------------------------------------------


def test_create_sets_municipality_slug_search_fields_and_audits(org, consultant):
    case = make_case(
        org, consultant, tags={TagKind.THEME: ["Fastholdelse"], TagKind.PROFESSION: ["SSA"]}
    )
    assert case.municipality == "Testrup Kommune"
    assert case.status == CaseStatus.DRAFT
    assert case.slug == "testrup-kommune-praktikvejledere-paa-fuldtid"
    assert f" {stem('praktikvejledere')} " in case.search_stems
    assert "Fastholdelse" in case.search_document
    assert case.municipality_sort_key == "testrup kommune"
    (row,) = audit_rows(case)
    assert (row.action, row.actor, row.organisation) == ("create", consultant, org)
    assert row.changes["title"] == [None, "Praktikvejledere på fuldtid"]


def test_every_change_writes_one_audit_row(org, consultant, editor, media_root):
    case = make_case(org, consultant)
    case = services.case_update(
        case=case, actor=consultant, expected_version=case.version, effects="Færre frafald."
    )
    media = services.media_add(
        case=case, actor=consultant, kind=MediaKind.VIDEO, title="Video", url="https://x.dk/v"
    )
    consent = services.consent_add(
        case=case, actor=consultant, person="Elev", given_on=dt.date(2025, 1, 2), media=[media]
    )
    services.consent_withdraw(consent=consent, actor=consultant)
    case = services.case_transition(case=case, actor=consultant, action="submit")
    services.case_transition(case=case, actor=editor, action="approve")
    rows = list(audit_rows(case).order_by("pk"))
    assert [(r.action, r.object_type) for r in rows] == [
        ("create", "case"),
        ("update", "case"),
        ("create", "casemedia"),
        ("create", "consent"),
        ("update", "consent"),
        ("update", "case"),
        ("update", "case"),
    ]
    assert rows[1].changes["effects"] == ["", "Færre frafald."]
    assert rows[-1].changes["status"] == ["Indsendt", "Offentliggjort"]
    assert rows[-1].actor == editor


def test_update_without_changes_writes_no_audit_row(org, consultant):
    case = make_case(org, consultant)
    services.case_update(
        case=case, actor=consultant, expected_version=case.version, title=case.title
    )
    assert audit_rows(case).count() == 1


def test_update_with_a_stale_version_is_a_conflict(org, consultant):
    case = make_case(org, consultant)
    stale = case.version
    services.case_update(case=case, actor=consultant, expected_version=stale, effects="Ja.")
    with pytest.raises(ConflictError):
        services.case_update(case=case, actor=consultant, expected_version=stale, effects="Nej.")
    assert Case.objects.get().effects == "Ja."


def test_search_fields_refresh_on_update(org, consultant):
    case = make_case(org, consultant)
    services.case_update(
        case=case,
        actor=consultant,
        expected_version=case.version,
        title="Sproglige forløb",
        municipality="Ærø Kommune",
        tags={TagKind.THEME: ["Rekruttering"]},
    )
    stored = Case.objects.get()
    assert f" {stem('sprog')} " in stored.search_stems
    assert f" {stem('praktikvejledere')} " in stored.search_stems  # still in the summary
    assert "Rekruttering" in stored.search_document
    assert f" {stem('rekruttering')} " in stored.search_stems
    assert stored.municipality_sort_key.startswith("z{")  # Æ after Z


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field",
    [
        "municipality",
        "title",
        "summary",
        "problem",
        "core",
        "effects",
        "contact_name",
        "contact_phone",
    ],
)
def test_html_is_refused_in_every_text_field(org, consultant, field):
    with pytest.raises(ServiceError) as exc:
        make_case(org, consultant, **{field: "Se <script>alert(1)</script>"})
    assert "HTML" in exc.value.errors[field][0]
    assert Case.objects.count() == 0


def test_html_is_refused_on_update_and_in_tags_and_email(org, consultant):
    case = make_case(org, consultant)
    with pytest.raises(ServiceError) as exc:
        services.case_update(
            case=case, actor=consultant, expected_version=case.version, core="<img src=x onerror=y>"
        )
    assert "HTML" in exc.value.errors["core"][0]
    with pytest.raises(ServiceError) as exc:
        make_case(org, consultant, title="Andet", tags={TagKind.THEME: ["<b>Tema</b>"]})
    assert "HTML" in exc.value.messages[0]
    with pytest.raises(ServiceError) as exc:
        make_case(org, consultant, title="Tredje", contact_email="<b>x</b>@testrup.dk")
    assert "contact_email" in exc.value.errors
    assert Case.objects.get().core == ""


def test_required_fields_and_future_start_year(org, consultant):
    with pytest.raises(ServiceError) as exc:
        make_case(org, consultant, title=" ", summary="")
    assert exc.value.errors["title"] == ["Feltet skal udfyldes."]
    assert exc.value.errors["summary"] == ["Feltet skal udfyldes."]
    next_year = timezone.localdate().year + 1
    with pytest.raises(ServiceError) as exc:
        make_case(org, consultant, start_year=next_year)
    assert exc.value.errors["start_year"] == [f"Startåret {next_year} ligger i fremtiden."]
    assert Case.objects.count() == 0
    assert make_case(org, consultant, start_year=timezone.localdate().year).start_year


# --- workflow --------------------------------------------------------------------------------


def test_submit_approve_withdraw(org, consultant, editor):
    case = make_case(org, consultant)
    case = services.case_transition(case=case, actor=consultant, action="submit")
    assert case.status == CaseStatus.SUBMITTED and case.submitted_at
    case = services.case_transition(case=case, actor=editor, action="approve")
    assert case.status == CaseStatus.PUBLISHED and case.published_at
    case = services.case_transition(case=case, actor=consultant, action="withdraw")
    assert Case.objects.get().status == CaseStatus.WITHDRAWN


def test_return_requires_a_comment_and_keeps_it(org, consultant, editor):
    case = services.case_transition(
        case=make_case(org, consultant), actor=consultant, action="submit"
    )
    with pytest.raises(ServiceError) as exc:
        services.case_transition(case=case, actor=editor, action="return", comment="  ")
    assert "kommentar" in exc.value.errors["comment"][0]
    assert Case.objects.get().status == CaseStatus.SUBMITTED
    case = services.case_transition(
        case=case, actor=editor, action="return", comment="Tilføj effekterne."
    )
    assert (case.status, case.editor_comment) == (CaseStatus.RETURNED, "Tilføj effekterne.")
    case = services.case_transition(case=case, actor=consultant, action="submit")
    assert case.status == CaseStatus.SUBMITTED


def test_an_illegal_transition_is_refused_in_danish(org, consultant, editor):
    case = make_case(org, consultant)
    with pytest.raises(ServiceError) as exc:
        services.case_transition(case=case, actor=editor, action="approve")
    assert str(exc.value) == "En case med status »Kladde« kan ikke få handlingen »approve«."
    with pytest.raises(ServiceError, match="Ukendt handling"):
        services.case_transition(case=case, actor=editor, action="publish")
    assert Case.objects.get().status == CaseStatus.DRAFT


def test_the_editor_unpublishes(org, consultant, editor):
    case = services.case_transition(
        case=make_case(org, consultant), actor=consultant, action="submit"
    )
    case = services.case_transition(case=case, actor=editor, action="approve")
    with pytest.raises(PermissionDeniedError):
        services.case_transition(case=case, actor=consultant, action="unpublish")
    case = services.case_transition(
        case=case, actor=editor, action="unpublish", comment="Forældet."
    )
    assert case.status == CaseStatus.UNPUBLISHED


def test_a_non_editor_cannot_approve(org, consultant, admin_user):
    case = services.case_transition(
        case=make_case(org, consultant), actor=consultant, action="submit"
    )
    for actor in (consultant, admin_user):
        with pytest.raises(PermissionDeniedError) as exc:
            services.case_transition(case=case, actor=actor, action="approve")
        assert "redaktører" in str(exc.value)
    assert not services.is_editor(admin_user)
    assert Case.objects.get().status == CaseStatus.SUBMITTED


def test_another_organisations_user_cannot_edit(org, consultant, outsider, reader, media_root):
    case = make_case(org, consultant)
    for actor in (outsider, reader):
        with pytest.raises(PermissionDeniedError):
            services.case_update(case=case, actor=actor, expected_version=case.version, title="Min")
        with pytest.raises(PermissionDeniedError):
            services.case_transition(case=case, actor=actor, action="submit")
        with pytest.raises(PermissionDeniedError):
            services.media_add(
                case=case, actor=actor, kind=MediaKind.LINK, title="L", url="https://x.dk"
            )
    with pytest.raises(PermissionDeniedError):
        make_case(org, outsider)
    assert Case.objects.get().title == "Praktikvejledere på fuldtid"


def test_only_editors_create_cases_without_organisation_or_published(org, consultant, editor):
    with pytest.raises(PermissionDeniedError):
        make_case(None, consultant, municipality="Esbjerg Kommune")
    with pytest.raises(PermissionDeniedError):
        make_case(org, consultant, status=CaseStatus.PUBLISHED)
    case = make_case(None, editor, municipality="Esbjerg Kommune", status=CaseStatus.PUBLISHED)
    assert case.organisation is None and case.published_at


def test_evidence_must_be_the_organisations_and_the_initiatives(org, other_org, consultant):
    initiative = InitiativeFactory(organisation=org)
    other_initiative = InitiativeFactory(organisation=org, code="9.9")
    own = indicator_services.indicator_create(
        organisation=org, actor=None, name="Frafald", unit="percent", initiative=initiative
    )
    unrelated = indicator_services.indicator_create(
        organisation=org, actor=None, name="Andet", unit="count", initiative=other_initiative
    )
    foreign = indicator_services.indicator_create(
        organisation=other_org, actor=None, name="X", unit="count"
    )
    with pytest.raises(ServiceError, match="anden organisation"):
        make_case(org, consultant, source_initiative=initiative, evidence=[foreign])
    with pytest.raises(ServiceError, match="hører ikke til indsatsen"):
        make_case(org, consultant, source_initiative=initiative, evidence=[unrelated])
    case = make_case(org, consultant, source_initiative=initiative, evidence=[own])
    assert list(case.evidence.all()) == [own] and case.has_measured_effect


# --- media and consent -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type", "words"),
    [
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 60, "application/x-msdownload", "Filtypen"),
        ("side.html", b"<html><script>x</script></html>", "text/html", "Filtypen"),
        ("billede.png", b"GIF89a" + b"\x00" * 60, "image/png", "passer ikke"),
        ("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf", "passer ikke"),
        ("virus.exe", PDF, "application/pdf", "Filtypen"),
        ("billede.png.exe", PNG, "image/png", "Filtypen"),
    ],
)
def test_media_add_refuses_bad_files(
    org, consultant, media_root, name, content, content_type, words
):
    case = make_case(org, consultant)
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    with pytest.raises(ServiceError) as exc:
        services.media_add(
            case=case, actor=consultant, kind=MediaKind.FILE, title="Bilag", upload=upload
        )
    assert words in exc.value.errors["file"][0]
    assert CaseMedia.objects.count() == 0
    assert not list(media_root.rglob("*.*"))


def test_media_add_refuses_an_oversize_file(org, consultant, media_root):
    case = make_case(org, consultant)
    upload = SimpleUploadedFile(
        "stor.pdf", PDF + b"x" * services.MAX_ATTACHMENT_BYTES, "application/pdf"
    )
    with pytest.raises(ServiceError) as exc:
        services.media_add(
            case=case, actor=consultant, kind=MediaKind.FILE, title="Stor", upload=upload
        )
    assert "for stor" in exc.value.errors["file"][0]
    assert CaseMedia.objects.count() == 0


def test_media_add_accepts_a_png_and_a_pdf(org, consultant, media_root):
    case = make_case(org, consultant)
    png = services.media_add(
        case=case,
        actor=consultant,
        kind=MediaKind.FILE,
        title="Billede",
        upload=SimpleUploadedFile("billede.PNG", PNG, "image/png"),
    )
    pdf = services.media_add(
        case=case,
        actor=consultant,
        kind=MediaKind.FILE,
        title="Rapport",
        upload=SimpleUploadedFile("rapport.pdf", PDF, "application/pdf"),
    )
    assert (png.content_type, png.size, png.order) == ("image/png", len(PNG), 1)
    assert pdf.order == 2 and pdf.file.read() == PDF


def test_media_add_refuses_links_that_are_not_web_addresses(org, consultant):
    case = make_case(org, consultant)
    for url in ("javascript:alert(1)", "", "ftp://x.dk/v"):
        with pytest.raises(ServiceError) as exc:
            services.media_add(
                case=case, actor=consultant, kind=MediaKind.VIDEO, title="V", url=url
            )
        assert "https://" in exc.value.errors["url"][0]
    with pytest.raises(ServiceError) as exc:
        services.media_add(
            case=case, actor=consultant, kind=MediaKind.LINK, title="<b>x</b>", url="https://x.dk"
        )
    assert "HTML" in exc.value.errors["title"][0]


def test_consent_withdraw_hides_the_media_it_covers(org, consultant):
    case = make_case(org, consultant)
    video = services.media_add(
        case=case, actor=consultant, kind=MediaKind.VIDEO, title="Video", url="https://x.dk/v"
    )
    link = services.media_add(
        case=case, actor=consultant, kind=MediaKind.LINK, title="Side", url="https://x.dk/s"
    )
    consent = services.consent_add(
        case=case,
        actor=consultant,
        person="Elev i videoen",
        given_on=dt.date(2025, 3, 1),
        media=[video],
    )
    assert list(visible_media_queryset().filter(case=case)) == [video, link]

    services.consent_withdraw(consent=consent, actor=consultant)

    assert list(visible_media_queryset().filter(case=case)) == [link]
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate() and not consent.active
    with pytest.raises(ServiceError, match="allerede"):
        services.consent_withdraw(consent=consent, actor=consultant)


def test_consent_add_refuses_bad_input(org, consultant, outsider):
    case = make_case(org, consultant)
    other = make_case(org, consultant, title="Anden case")
    video = services.media_add(
        case=case, actor=consultant, kind=MediaKind.VIDEO, title="Video", url="https://x.dk/v"
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    cases = [
        ({"person": " ", "given_on": dt.date(2025, 1, 1), "media": [video]}, "person"),
        ({"person": "<i>x</i>", "given_on": dt.date(2025, 1, 1), "media": [video]}, "person"),
        ({"person": "Elev", "given_on": tomorrow, "media": [video]}, "given_on"),
        ({"person": "Elev", "given_on": dt.date(2025, 1, 1), "media": []}, "media"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ServiceError) as exc:
            services.consent_add(case=case, actor=consultant, **kwargs)
        assert field in exc.value.errors
    with pytest.raises(ServiceError) as exc:
        services.consent_add(
            case=other, actor=consultant, person="Elev", given_on=dt.date(2025, 1, 1), media=[video]
        )
    assert "media" in exc.value.errors
    with pytest.raises(PermissionDeniedError):
        services.consent_add(
            case=case, actor=outsider, person="Elev", given_on=dt.date(2025, 1, 1), media=[video]
        )
    assert case.consents.count() == 0
