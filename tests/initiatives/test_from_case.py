"""»Brug denne case«: a published case becomes a proposed initiative in the user's catalogue,
with the cost lines and scenarios of the initiative it came from; the case counts adoptions."""

import pytest

from indsats.casebank.models import Case
from indsats.initiatives.choices import LifecycleState
from indsats.initiatives.models import Initiative


@pytest.fixture
def case_with_source(ballerup):
    from indsats.demo.loader import load_casebank

    load_casebank(ballerup)
    case = Case.objects.filter(status="published", source_initiative__isnull=False).first()
    assert case is not None, "the demo case bank has a case from a Ballerup initiative"
    return case


def test_a_case_is_copied_as_a_proposed_initiative_and_counted(
    case_with_source, org, consultant_client
):
    page = consultant_client.get(f"/casebank/{case_with_source.slug}/")
    assert "0 andre kommuner har taget casen ind" in page.content.decode()
    assert "Brug denne case" in page.content.decode()
    r = consultant_client.post(f"/o/{org.slug}/casebank/{case_with_source.slug}/brug/")
    assert r.status_code == 302
    copy = Initiative.objects.get(organisation=org, source_case=case_with_source)
    source = case_with_source.source_initiative
    assert copy.title == case_with_source.title
    assert copy.state == LifecycleState.PROPOSED
    assert copy.theme.name == "Fra casebanken"
    assert copy.cost_lines.count() == source.cost_lines.count()
    assert [s.name for s in copy.scenarios.all()] == [s.name for s in source.scenarios.all()]
    assert sorted(k.number for k in copy.kl_recommendations.all()) == sorted(
        k.number for k in source.kl_recommendations.all()
    )
    detail = consultant_client.get(r["Location"]).content.decode()
    assert "Foreslået" in detail or "foreslået" in detail
    page = consultant_client.get(f"/casebank/{case_with_source.slug}/")
    assert "1 anden kommune har taget casen ind" in page.content.decode()


def test_a_reader_cannot_copy_a_case(case_with_source, org, reader, client):
    client.force_login(reader)
    r = client.post(f"/o/{org.slug}/casebank/{case_with_source.slug}/brug/")
    assert r.status_code == 403
    assert not Initiative.objects.filter(organisation=org).exists()
