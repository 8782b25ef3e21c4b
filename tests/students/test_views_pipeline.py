"""The pipeline page /o/<org>/elever/: Frederikssund's published figures, entered as totals or
as equivalent student records, give the same KPIs on the page and from the selector."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indsats.calc.danish import format_pct
from indsats.calc.kpi import overall_yield
from indsats.students import selectors, services_totals
from indsats.students.choices import DropoutCause

from . import frederikssund

pytestmark = pytest.mark.django_db

EXPECTED = ["83,8 %", "60,0 %", "61,3 %", "55,6 %"]


def _kpis(pipe):
    ssh, ssa = pipe.cohort("ssh", 2022), pipe.cohort("ssa", 2020)
    return [
        format_pct(x)
        for x in (ssh.completion_rate, ssa.completion_rate, ssh.hire_rate, ssa.hire_rate)
    ]


def _page(client, org, user):
    client.force_login(user)
    response = client.get(reverse("pipeline:overview", kwargs={"org": org.slug}))
    assert response.status_code == 200
    return response.content.decode()


def _cells(html: str) -> list[str]:
    """Every table cell's text except the source column ("Tal fra"), which says where the
    figures come from and so differs by design."""
    html = re.sub(r'<td class="source">.*?</td>', "", html, flags=re.S)
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip() for c in cells]


def _cause_rows(html: str, education: str, year: int) -> dict[str, str]:
    table = re.search(
        rf'<table[^>]*data-kind="cause" data-education="{education}" data-year="{year}">(.*?)</table>',
        html,
        flags=re.S,
    ).group(1)
    rows = re.findall(
        r'<tr[^>]*><th scope="row">(.*?)</th><td class="text-align-right">(.*?)</td></tr>', table
    )
    return dict(rows)


@pytest.mark.parametrize("path", ["totals", "records"])
def test_frederikssund_figures_on_the_page_and_from_the_selector(client, org, make_member, path):
    reader = make_member(org, "readonly")
    if path == "totals":
        frederikssund.enter_totals(org)
    else:
        frederikssund.create_records(org)
    pipe = selectors.pipeline(org)
    assert _kpis(pipe) == EXPECTED
    assert format_pct(overall_yield(pipe.latest_finished())) == "41,5 %"
    for education, causes in frederikssund.CAUSES_2023.items():
        breakdown = next(b for b in pipe.causes if b.education == education and b.year == 2023)
        assert dict(breakdown.counts) == causes
    assert sum(frederikssund.CAUSES_2023["ssa"].values()) == 28
    assert sum(frederikssund.CAUSES_2023["ssh"].values()) == 9

    html = _page(client, org, reader)
    for text in [*EXPECTED, "41,5 %", "16,2 %", "40,0 %"]:
        assert text in html, text
    assert 'data-testid="overall-yield">41,5 %' in html
    assert "SSH 2022 og SSA 2020" in html
    for education, causes in frederikssund.CAUSES_2023.items():
        shown = _cause_rows(html, education, 2023)
        expected = {str(DropoutCause(k).label): str(n) for k, n in causes.items()}
        assert shown == {**expected, "I alt": str(sum(causes.values()))}
    # Ongoing cohorts are marked as not final; the source of the figures is named.
    assert html.count("i gang, ikke endelig") >= 2
    assert ("Indtastede tal" if path == "totals" else "Elevdata") in html
    assert "8,64 %" in html and "Døgnplejen" in html


def test_records_and_totals_give_the_same_page(client, org, other_org, make_member):
    frederikssund.enter_totals(org)
    frederikssund.create_records(other_org)
    from_totals = _cells(_page(client, org, make_member(org, "readonly")))
    from_records = _cells(_page(client, other_org, make_member(other_org, "readonly")))
    assert from_totals == from_records
    assert "83,8 %" in from_totals


def test_records_win_over_entered_totals_for_the_same_cohort(org):
    frederikssund.create_records(org)
    services_totals.cohort_figures_save(
        organisation=org, actor=None, education="ssh", cohort_year=2022, started=99
    )
    services_totals.cohort_figures_save(
        organisation=org, actor=None, education="ssh", cohort_year=2019, started=20, completed=20
    )
    pipe = selectors.pipeline(org)
    assert pipe.cohort("ssh", 2022).started == 37
    assert pipe.cohort("ssh", 2022).source == "records"
    assert pipe.cohort("ssh", 2019).source == "entered"


def test_empty_page(client, org, reader):
    client.force_login(reader)
    response = client.get(reverse("pipeline:overview", kwargs={"org": org.slug}))
    assert response.status_code == 200
    assert "Der er ingen elevtal endnu" in response.content.decode()


def test_nav_link(client, org, reader):
    client.force_login(reader)
    html = client.get(reverse("pipeline:overview", kwargs={"org": org.slug})).content.decode()
    assert 'aria-current="page"><span>Elever</span>' in html


def _cohorts(org, n):
    for i in range(n):
        services_totals.cohort_figures_save(
            organisation=org,
            actor=None,
            education="ssh" if i % 2 else "ssa",
            cohort_year=1990 + i // 2,
            started=30,
            completed=20,
            dropped_out=10,
            hired=12,
        )
        services_totals.breakdown_figures_set(
            organisation=org,
            actor=None,
            kind="cause",
            education="ssh" if i % 2 else "ssa",
            year=1990 + i // 2,
            counts={"other": 4, "absence": 6},
        )


def test_query_count_does_not_grow_with_cohorts(
    client, org, other_org, make_member, django_assert_max_num_queries
):
    """5 cohorts or 50: the same number of queries."""
    _cohorts(org, 5)
    _cohorts(other_org, 50)
    counts = []
    for o in (org, other_org):
        client.force_login(make_member(o, "readonly"))
        url = reverse("pipeline:overview", kwargs={"org": o.slug}) + "?fra=1990&til=2020"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        counts.append(len(queries))
        assert html.count("<tr") > (5 if o == org else 50)
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(reverse("pipeline:overview", kwargs={"org": other_org.slug}))


def test_the_page_opens_on_the_newest_six_years_and_others_can_be_chosen(client, org, reader):
    _cohorts(org, 20)  # cohorts 1990–1999, both educations
    client.force_login(reader)
    url = reverse("pipeline:overview", kwargs={"org": org.slug})
    html = client.get(url).content.decode()
    assert '<option value="1994" selected>' in html
    assert '<option value="1999" selected>' in html
    assert ">1993</th>" not in html and ">1994</th>" in html
    html = client.get(url + "?fra=1990&til=1991").content.decode()
    assert ">1990</th>" in html and ">1991</th>" in html and ">1992</th>" not in html
    # reversed or nonsense years: the range is put in order, or the default is used
    assert ">1990</th>" in client.get(url + "?fra=1991&til=1990").content.decode()
    assert client.get(url + "?fra=abc&til=").status_code == 200


def test_the_student_data_link_is_there_only_for_members_with_access(client, org, make_member):
    url = reverse("pipeline:overview", kwargs={"org": org.slug})
    records = reverse("student_data:list", kwargs={"org": org.slug})
    with_access = make_member(org, "consultant", "med-adgang")
    with_access.memberships.update(student_access=True)
    client.force_login(with_access)
    assert f'href="{records}"' in client.get(url).content.decode()
    client.force_login(make_member(org, "consultant", "uden-adgang"))
    assert f'href="{records}"' not in client.get(url).content.decode()
