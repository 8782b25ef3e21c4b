"""The status page opens as a summary (money, state, a few years) and loads each initiative's
indicator table on demand; the whole report is one click away. Query counts, never time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reports import status_data as data

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


def _status(**query):
    return reverse("reports:status", kwargs={"org": "testrup"}), query


def test_the_page_opens_as_a_summary(built, reader_client):
    url, _ = _status()
    page = reader_client.get(url, {"dato": "2026-10-31"}).content.decode()
    assert page.count('class="status-initiative"') == 9
    # states and money, but no indicator table: those come on demand
    assert '<span class="chip" style="background: #8a5a00">I risiko</span>' in page
    assert "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)" in page
    assert 'class="sparkline"' not in page and "status-indicators" not in page
    initiative = built.initiatives["2.1"]
    figures = f"/o/testrup/rapporter/status/indsats/{initiative.pk}/tal/?dato=2026-10-31"
    assert f'hx-get="{figures}"' in page
    # without JavaScript the button is a link into the whole report
    assert 'href="/o/testrup/rapporter/status/?dato=2026-10-31&amp;fuld=1#notat-' in page
    assert page.count('data-testid="full-report"') == 1
    # the latest years of money only: 2026 (the report's year) and the next, not 2028-2029
    note_table = page.split('class="table table--compact status-money"')[1].split("</table>")[0]
    assert '<th scope="row">2026</th>' in note_table
    assert '<th scope="row">2029</th>' not in note_table


def test_an_initiatives_figures_on_demand(built, reader_client, django_assert_num_queries):
    initiative = built.initiatives["2.1"]
    url = reverse(
        "reports:status_figures", kwargs={"org": "testrup", "initiative_pk": initiative.pk}
    )
    reader_client.get(url, {"dato": "2026-10-31"})
    # session, user, membership, the initiative, its indicators, their values and targets
    with django_assert_num_queries(7):
        response = reader_client.get(url, {"dato": "2026-10-31"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert f'id="tal-{initiative.pk}"' in page
    assert 'class="sparkline"' in page and "status-indicators" in page
    # the same table as in the whole report
    full = reader_client.get(_status()[0], {"dato": "2026-10-31", "fuld": "1"}).content.decode()
    table = page.split('<div class="table--responsive-scroll">')[1].split("</table>")[0]
    assert table in full


def test_a_bad_date_on_the_figures_is_a_danish_message(built, reader_client):
    initiative = built.initiatives["2.1"]
    url = reverse(
        "reports:status_figures", kwargs={"org": "testrup", "initiative_pk": initiative.pk}
    )
    response = reader_client.get(url, {"dato": "i går"})
    assert response.status_code == 400
    assert "»i går« er ikke en dato" in response.content.decode()


def test_the_summary_needs_fewer_queries_than_the_whole_report(built, reader_client):
    url, _ = _status()
    counts = {}
    for full in ("", "1"):
        reader_client.get(url, {"dato": "2026-10-31", "fuld": full})
        with CaptureQueriesContext(connection) as ctx:
            reader_client.get(url, {"dato": "2026-10-31", "fuld": full})
        counts[full] = len(ctx.captured_queries)
    assert counts[""] < counts["1"], counts
