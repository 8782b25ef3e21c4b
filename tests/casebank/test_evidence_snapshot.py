"""A published case shows the evidence the case bank editor approved (a snapshot taken at the
approval). Values the municipality records afterwards go to the editor as an update to approve
and change neither the public page nor the API until the editor approves them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indsats.casebank import services
from indsats.casebank.models import EvidenceSnapshot
from indsats.core.services import PermissionDeniedError, ServiceError
from indsats.indicators import services as indicator_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(org, consultant):
    indicator = indicator_services.indicator_create(
        organisation=org, actor=consultant, name="Frafald blandt elever", unit="percent",
        direction="lower",
    )  # fmt: skip
    for year, value in ((2021, "30"), (2022, "24.5")):
        indicator_services.indicator_value_add(
            indicator=indicator, actor=consultant, year=year, value=Decimal(value)
        )
    return indicator


@pytest.fixture
def editor(make_member):
    from tests.factories import OrganisationFactory

    kl = OrganisationFactory(slug="kl", name="KL", kind="association")
    return make_member(kl, "editor", "redaktor")


@pytest.fixture
def published(org, consultant, indicator, editor):
    case = services.case_create(
        actor=consultant, organisation=org, title="Mindre frafald", summary="Frafaldet faldt.",
        evidence=[indicator],
    )  # fmt: skip
    services.case_transition(case=case, actor=consultant, action="submit")
    return services.case_transition(case=case, actor=editor, action="approve")


def public_html(client, case) -> str:
    client.logout()
    return client.get(reverse("casebank:detail", kwargs={"slug": case.slug})).content.decode()


def api_values(client, case) -> dict:
    client.logout()
    body = client.get(f"/api/v1/casebank/cases/{case.slug}").json()
    return body["evidence"][0]["values"]


def test_approval_takes_a_snapshot_of_the_evidence(published, indicator, editor):
    snapshot = EvidenceSnapshot.objects.get(case=published)
    assert snapshot.indicator == indicator
    assert snapshot.values == {"2021": "30.0000", "2022": "24.5000"}
    assert snapshot.approved_by == "redaktor" or snapshot.approved_by


def test_a_later_value_waits_for_the_editor(client, published, indicator, consultant, editor):
    indicator_services.indicator_value_add(
        indicator=indicator, actor=consultant, year=2023, value=Decimal("19")
    )
    html = public_html(client, published)
    assert "24,5" in html and "19,0" not in html and ">2023<" not in html
    assert api_values(client, published) == {"2021": "30,0 %", "2022": "24,5 %"}

    # The editor sees the update in the queue and on the case, with old and new figures.
    client.force_login(editor)
    queue = client.get(reverse("casebank_editor:queue")).content.decode()
    updates = queue.split('data-testid="evidence-updates"', 1)[1].split("</ul>", 1)[0]
    assert "Mindre frafald" in updates
    preview = client.get(reverse("casebank_editor:preview", kwargs={"case_pk": published.pk}))
    compare = preview.content.decode().split('data-testid="evidence-compare"', 1)[1]
    assert "2022: 24,5 %</td>" in compare and "2023: 19,0 %</td>" in compare

    response = client.post(
        reverse("casebank_editor:approve_evidence", kwargs={"case_pk": published.pk})
    )
    assert response.status_code == 302
    assert api_values(client, published) == {"2021": "30,0 %", "2022": "24,5 %", "2023": "19,0 %"}
    assert ">2023<" in public_html(client, published)
    client.force_login(editor)
    queue = client.get(reverse("casebank_editor:queue")).content.decode()
    assert "Ingen nye tal venter." in queue


def test_a_withdrawn_value_stays_public_until_the_editor_approves(
    client, published, indicator, consultant, editor
):
    value = indicator.values.get(year=2022)
    indicator_services.indicator_value_withdraw(value=value, actor=consultant, reason="Forkert")
    assert api_values(client, published) == {"2021": "30,0 %", "2022": "24,5 %"}
    services.case_evidence_approve(case=published, actor=editor)
    assert api_values(client, published) == {"2021": "30,0 %"}


def test_only_editors_approve_an_update_and_only_of_a_published_case(
    client, published, org, consultant, editor, reader
):
    with pytest.raises(PermissionDeniedError):
        services.case_evidence_approve(case=published, actor=consultant)
    client.force_login(reader)
    url = reverse("casebank_editor:approve_evidence", kwargs={"case_pk": published.pk})
    assert client.post(url).status_code == 403
    services.case_transition(case=published, actor=editor, action="unpublish")
    with pytest.raises(ServiceError):
        services.case_evidence_approve(case=published, actor=editor)
