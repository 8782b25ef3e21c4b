"""Report downloads: content types, file names, the year and scenario parameters, access,
and a fixed number of queries whatever the number of initiatives."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indsats.initiatives.models import Scenario
from tests.factories import (
    CostFactorFactory,
    CostLineFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParameterFactory,
    ParameterValueFactory,
    ScenarioFactory,
    ScenarioValueFactory,
    ThemeFactory,
)
from tests.reports.readers import docx_text, pdf_text, sheet_records, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_client(client, ballerup, make_member):
    client.force_login(make_member(ballerup, "readonly", "politiker-test"))
    return client


def _url(name, org="ballerup"):
    return reverse(f"reports:{name}", kwargs={"org": org})


def _trin1_yearly(content):
    records = sheet_records(workbook(content)["Prioritering"], 5)
    return next(r for r in records if r["Indsats"] == "Trin 1 i alt")


def test_urls():
    assert _url("prioritisation_pdf") == "/o/ballerup/rapporter/prioritering.pdf"
    assert _url("prioritisation_xlsx") == "/o/ballerup/rapporter/prioritering.xlsx"
    assert _url("descriptions_pdf") == "/o/ballerup/rapporter/beskrivelser.pdf"
    assert _url("descriptions_docx") == "/o/ballerup/rapporter/beskrivelser.docx"


def test_prioritisation_pdf_download(reader_client):
    response = reader_client.get(_url("prioritisation_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="prioritering-ballerup-2020.pdf"'
    )
    text = pdf_text(response.content)
    assert "5.734.000 kr." in text and "1.008.000 kr. – 4.032.000 kr." in text


def test_prioritisation_xlsx_year_and_selection(reader_client, ballerup):
    response = reader_client.get(_url("prioritisation_xlsx"), {"year": "2021"})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="prioritering-ballerup-2021.xlsx"'
    )
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert _trin1_yearly(response.content)["Pr. år 2021"] == 1_183_000

    twenty = Scenario.objects.get(
        initiative__organisation=ballerup, initiative__code="1.1", name="20 timer pr. md."
    )
    response = reader_client.get(
        _url("prioritisation_xlsx"), {"year": "2020", f"s{twenty.initiative_id}": twenty.pk}
    )
    assert _trin1_yearly(response.content)["Pr. år 2020"] == 4_207_000
    pdf = reader_client.get(_url("prioritisation_pdf"), {f"s{twenty.initiative_id}": twenty.pk})
    assert "4.207.000 kr." in pdf_text(pdf.content)


@pytest.mark.parametrize(
    "year,message",
    [
        ("tyve", "Året »tyve« er ikke et tal"),
        ("1989", "uden for 1990–2100"),
        ("2101", "uden for 1990–2100"),
    ],
)
@pytest.mark.parametrize("name", ["prioritisation_pdf", "prioritisation_xlsx"])
def test_bad_year_is_400_in_danish(reader_client, name, year, message):
    response = reader_client.get(_url(name), {"year": year})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_descriptions_downloads(reader_client):
    response = reader_client.get(_url("descriptions_pdf"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="beskrivelser-ballerup.pdf"'
    assert "Besluttet: 403.000 kr. — formlen giver 403.200 kr. (forskel −200 kr.)" in pdf_text(
        response.content
    )
    response = reader_client.get(_url("descriptions_docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="beskrivelser-ballerup.docx"'
    assert "Spænd: 1.719.500 kr. – 6.878.000 kr. pr. år" in docx_text(response.content)


@pytest.mark.parametrize(
    "name", ["prioritisation_pdf", "prioritisation_xlsx", "descriptions_pdf", "descriptions_docx"]
)
def test_non_member_gets_404(client, ballerup, outsider, name):
    client.force_login(outsider)
    assert client.get(_url(name)).status_code == 404


def test_anonymous_is_sent_to_login(client, ballerup, settings):
    settings.LOGIN_URL = "/login/"
    response = client.get(_url("prioritisation_pdf"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def _catalogue(slug: str, count: int):
    """An organisation with ``count`` costed initiatives: formula lines on a shared hourly rate,
    stated lines and two scenarios each."""
    org = OrganisationFactory(slug=slug, budget_year=2026)
    rate = ParameterFactory(organisation=org)
    ParameterValueFactory(parameter=rate)
    theme = ThemeFactory(organisation=org)
    for i in range(count):
        initiative = InitiativeFactory(
            organisation=org,
            theme=theme,
            code=f"{i // 10 + 1}.{i % 10 + 1}",
            priority_step=i % 3 + 1,
        )
        line = CostLineFactory(
            initiative=initiative,
            recurrence="yearly",
            stated_amount=None,
            label="Frikøb",
            category="release_time",
        )
        CostFactorFactory(cost_line=line, key="timer", value=Decimal(10))
        CostFactorFactory(
            cost_line=line, key="timepris", value=None, parameter=rate, label="Timepris", unit="kr."
        )
        CostLineFactory(initiative=initiative)
        for hours in (10, 20):
            ScenarioValueFactory(
                scenario=ScenarioFactory(initiative=initiative, name=f"{hours} timer"),
                key="timer",
                value=Decimal(hours),
            )
    return org


@pytest.mark.parametrize(
    "name", ["prioritisation_pdf", "prioritisation_xlsx", "descriptions_pdf", "descriptions_docx"]
)
def test_query_count_does_not_grow_with_initiatives(
    client, make_member, django_assert_max_num_queries, name
):
    counts = {}
    for slug, count in (("fem", 5), ("halvtreds", 50)):
        org = _catalogue(slug, count)
        client.force_login(make_member(org, "readonly"))
        url = _url(name, slug)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[count] = len(queries)
    assert counts[5] == counts[50]
    with django_assert_max_num_queries(counts[5]):
        client.get(_url(name, "halvtreds"))
