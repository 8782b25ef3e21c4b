"""The status page and its downloads: the date and budget-year parameters, Danish messages for
bad dates, the account shown safely, access, and a query count that does not grow with the
number of notes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.reports import status_data as data
from tests.reports.readers import docx_text, pdf_text, sheet_records, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(org):
    built = data.build(org)
    data.report_round(built, 2)
    return built


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


def _url(name, org="testrup"):
    return reverse(f"reports:{name}", kwargs={"org": org})


def test_urls():
    assert _url("status") == "/o/testrup/rapporter/status/"
    assert _url("status_pdf") == "/o/testrup/rapporter/status.pdf"
    assert _url("status_xlsx") == "/o/testrup/rapporter/status.xlsx"
    assert _url("status_docx") == "/o/testrup/rapporter/status.docx"


def test_page_as_of_a_date(built, reader_client):
    # the whole report (?fuld=1); the page opens as a summary (test_report_summary.py)
    response = reader_client.get(_url("status"), {"dato": "2026-04-30", "fuld": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Status pr. 30. april 2026</h1>" in page
    assert "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)" in page
    # round 1: 2.1 was off track; round 2 (October) is not known yet
    assert '<span class="chip" style="background: #a4001b">Følger ikke planen</span>' in page
    assert "Flere mentorer er uddannet" not in page
    # the account: paragraphs and bullets, any markup in it escaped
    assert "<li>96 af 100 vejledere har fået tid</li>" in page
    assert "&lt;b&gt;Ikke fed&lt;/b&gt; &amp; ikke HTML." in page and "<b>Ikke fed" not in page
    # the yearly figures: a table cell per year, a sparkline per indicator
    assert '<td class="amount">−10.500,50 kr.</td>' not in page  # overspend is marked
    assert '<td class="amount negative">−10.500,50 kr.</td>' in page
    # 13 indicators, two of them (2.1's and 2.2's) shown under each of the two notes funding them
    assert page.count('class="sparkline"') == 15
    # downloads keep the parameters
    assert 'href="/o/testrup/rapporter/status.pdf?dato=2026-04-30"' in page
    assert 'value="2026-04-30"' in page


def test_page_defaults_to_today_and_filters_budget_years(built, reader_client):
    page = reader_client.get(_url("status")).content.decode()
    assert f"Status pr. {timezone.localdate().day}. " in page
    assert "Flere mentorer er uddannet" in page
    page = reader_client.get(_url("status"), {"aar": "2023"}).content.decode()
    assert "Budgetår 2023" in page and "Budgetår 2026" not in page
    assert '<option value="2023" selected>2023</option>' in page
    assert "status.xlsx?dato=" in page and "&amp;aar=2023" in page


@pytest.mark.parametrize("value,message", [
    ("2099-01-01", "Datoen 01.01.2099 ligger i fremtiden."),
    ("i går", "»i går« er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD"),
    ("2026-02-30", "»2026-02-30« er ikke en dato."),
])  # fmt: skip
def test_bad_date_is_400_with_a_danish_message(built, reader_client, value, message):
    response = reader_client.get(_url("status"), {"dato": value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    assert "Budgetår 2026" not in page
    download = reader_client.get(_url("status_pdf"), {"dato": value})
    assert download.status_code == 400
    assert message in download.content.decode()


def test_bad_year_is_400(reader_client):
    response = reader_client.get(_url("status"), {"aar": "sidste"})
    assert response.status_code == 400
    assert "Året »sidste« er ikke et tal." in response.content.decode()


def test_danish_date_is_read_too(built, reader_client):
    page = reader_client.get(_url("status"), {"dato": "30.04.2026"}).content.decode()
    assert "Status pr. 30. april 2026" in page


def test_downloads(built, reader_client):
    params = {"dato": "2026-10-31", "aar": "2026"}
    pdf = reader_client.get(_url("status_pdf"), params)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="status-testrup-2026-10-31-2026.pdf"'
    text = pdf_text(pdf.content)
    assert "SO27 Weekendvagter og tillæg" in text and "ØK12" not in text
    xlsx = reader_client.get(_url("status_xlsx"), params)
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheet"
    )
    records = sheet_records(workbook(xlsx.content)["Status"], 5)
    assert {r["Budgetår"] for r in records} == {2026}
    docx = reader_client.get(_url("status_docx"), params)
    assert docx["Content-Disposition"].endswith('.docx"')
    assert "Status pr. 31. oktober 2026: Sat på pause" in docx_text(docx.content)


def test_outsider_gets_404_and_anonymous_is_sent_to_login(built, client, outsider):
    response = client.get(_url("status"))
    assert response.status_code == 302 and "/log-ind/" in response["Location"]
    client.force_login(outsider)
    for name in ("status", "status_pdf", "status_xlsx", "status_docx"):
        assert client.get(_url(name)).status_code == 404


def test_menu_links_to_the_status_page(reader_client):
    page = reader_client.get(_url("status")).content.decode()
    assert (
        '<a href="/o/testrup/rapporter/status/" class="nav-link" aria-current="page"><span>Status</span></a>'
        in page
    )


@pytest.mark.parametrize("full", ["", "1"])
def test_page_query_count_does_not_grow_with_the_notes(client, org, other_org, make_member, full):
    data.many_notes(org, 6)
    data.many_notes(other_org, 30)
    counts = []
    for organisation in (org, other_org):
        client.force_login(make_member(organisation, "readonly"))
        url = _url("status", organisation.slug)
        client.get(url, {"dato": "2026-05-01", "fuld": full})
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"dato": "2026-05-01", "fuld": full})
        assert response.status_code == 200
        assert response.content.decode().count('class="status-initiative"') == (
            12 if organisation == org else 60
        )
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
