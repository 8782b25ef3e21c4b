import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from indsats.casebank.models import Case, CaseStatus, MediaKind, Region
from indsats.casebank.selectors import published_cases, visible_media_queryset
from indsats.casebank.services import is_editor
from indsats.demo import casebank
from indsats.demo.loader import load_all
from indsats.organisations.models import Membership, OrganisationKind, Role

pytestmark = pytest.mark.django_db

SEED = {
    # municipality: (start year, region)
    "Esbjerg Kommune": (2017, Region.SYDDANMARK),
    "Horsens Kommune": (2016, Region.MIDTJYLLAND),
    "Varde Kommune": (2019, Region.SYDDANMARK),
    "Lolland Kommune": (2021, Region.SJAELLAND),
    "Frederikshavn Kommune": (2019, Region.NORDJYLLAND),
    "Sønderborg Kommune": (2020, Region.SYDDANMARK),
    "Odense Kommune": (2020, Region.SYDDANMARK),
    "Aalborg Kommune": (2020, Region.NORDJYLLAND),
}


@pytest.fixture
def demo(db):
    return load_all()


def test_the_eight_seed_cases_are_published_with_start_year_and_region(demo):
    imported = published_cases().filter(organisation__isnull=True)
    found = {c.municipality: (c.start_year, c.region) for c in imported}
    assert found == SEED
    for case in imported:
        assert case.summary and case.slug
        assert case.tags.filter(kind="theme").exists()
        assert case.search_stems.strip()


def test_the_kl_editor(demo):
    kl = demo[-1]
    assert (kl.slug, kl.kind) == ("kl", OrganisationKind.ASSOCIATION)
    editor = get_user_model().objects.get(username="redaktor")
    assert editor.check_password("indsats-demo")
    assert Membership.objects.get(user=editor, organisation=kl).role == Role.EDITOR
    assert is_editor(editor)
    assert not is_editor(get_user_model().objects.get(username="demo"))


def test_the_ballerup_case_from_initiative_1_1_with_evidence(demo):
    ballerup = demo[0]
    case = Case.objects.get(organisation=ballerup)
    assert case.status == CaseStatus.PUBLISHED and case.published_at and case.submitted_at
    assert case.source_initiative.code == "1.1"
    assert case.region == Region.HOVEDSTADEN
    names = set(case.evidence.values_list("name", flat=True))
    assert names == set(casebank.BALLERUP_CASE["evidence"])
    assert all(i.values.exists() for i in case.evidence.all())
    assert case.has_measured_effect
    video = case.media.get()
    assert video.kind == MediaKind.VIDEO
    consent = case.consents.get()
    assert list(consent.media.all()) == [video] and consent.active
    assert list(visible_media_queryset().filter(case=case)) == [video]


def test_loading_twice_replaces_the_demo_cases(demo):
    load_all()
    assert Case.objects.count() == len(SEED) + 1
    assert published_cases().count() == len(SEED) + 1


def test_demo_command_prints_the_editor_login(capsys):
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "redaktor / indsats-demo" in out
    assert "demo / indsats-demo" in out
