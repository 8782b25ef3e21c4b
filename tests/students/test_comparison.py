"""The national comparison: only sharing organisations (and one's own), small counts suppressed
everywhere on the page, the own organisation highlighted, and a query count that does not grow
with the number of organisations."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indsats.calc.disclosure import THRESHOLD
from indsats.students import services_totals
from indsats.students.comparison import KPIS, comparison
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def cohort(org, education="ssh", year=2022, started=37, completed=31, dropped=6, hired=19, **kw):
    services_totals.cohort_figures_save(
        organisation=org,
        actor=None,
        education=education,
        cohort_year=year,
        started=started,
        completed=completed,
        dropped_out=dropped,
        hired=hired,
        **kw,
    )


def sharing(n, prefix="Del"):
    return [
        OrganisationFactory(
            slug=f"{prefix.lower()}-{i}", name=f"{prefix}by {i:02d} Kommune", share_pipeline=True
        )
        for i in range(n)
    ]


def page(client, org, **params):
    response = client.get(reverse("pipeline:comparison", kwargs={"org": org.slug}), params)
    assert response.status_code == 200
    return response.content.decode()


def shown_counts(html: str) -> list[str]:
    """The text of every count cell (numerators, denominators, the national line)."""
    cells = re.findall(r'<td class="text-align-right count">(.*?)</td>', html, flags=re.S)
    return [c.strip() for c in cells]


def assert_no_small_count(html: str):
    for text in shown_counts(html):
        if text in ("&lt;5", "skjult", "–", ""):
            continue
        assert int(text.replace(".", "")) >= THRESHOLD, text
    # Nothing anywhere on the page looks like a small count next to a KPI basis.
    assert not re.search(r'class="text-align-right count">[0-4]<', html)


@pytest.fixture
def scene(org, make_member):
    """Own org (does not share) with one small cohort; three sharing orgs, one with counts
    below 5; one organisation that does not share."""
    big, medium, small = sharing(3)
    cohort(big, started=120, completed=90, dropped=30, hired=60)
    cohort(medium, started=37, completed=31, dropped=6, hired=19)
    cohort(small, started=12, completed=9, dropped=3, hired=2)  # dropped 3 and hired 2 < 5
    cohort(small, education="ssa", started=4, completed=4, dropped=0, hired=4)
    hidden_org = OrganisationFactory(slug="lukket", name="Lukketby Kommune", share_pipeline=False)
    cohort(hidden_org, started=50, completed=40, dropped=10, hired=30)
    cohort(org, started=8, completed=6, dropped=2, hired=6)
    return {"big": big, "medium": medium, "small": small, "hidden": hidden_org}


def test_selector_suppresses_and_limits_to_sharing(org, scene):
    result = comparison(organisation=org, kpi_code="completion_rate", education="ssh")
    names = [r.name for r in result.rows]
    assert names[0] == org.name and result.rows[0].own and not result.rows[0].shares
    assert "Lukketby Kommune" not in names
    by_name = {r.name: r.value(2022) for r in result.rows}
    assert by_name[scene["medium"].name].value.quantize(Decimal("0.1")) == Decimal("83.8")
    # Small org: completed 9, dropped 3 (<5) → the partition hides more; the rate is hidden.
    small = by_name[scene["small"].name]
    assert small.value is None and small.suppressed
    own = by_name[org.name]
    assert own.value is None and own.suppressed  # dropped 2 < 5
    assert all(c >= THRESHOLD for c in result.shown_counts())
    # The national line adds only the shown organisations, and never the own (not sharing).
    national = result.national[2022]
    assert (national.numerator, national.denominator) == (90 + 31, 120 + 37)
    assert result.organisations_sharing == 3


@pytest.mark.parametrize("kpi_code", list(KPIS))
@pytest.mark.parametrize("education", ["", "ssh", "ssa"])
def test_no_count_below_five_anywhere(client, org, make_member, scene, kpi_code, education):
    services_totals.required_intake_set(
        organisation=scene["small"], actor=None, education="ssh", year=2022, required=3
    )
    services_totals.required_intake_set(
        organisation=scene["small"], actor=None, education="ssa", year=2022, required=3
    )
    client.force_login(make_member(org, "readonly"))
    html = page(client, org, kpi=kpi_code, uddannelse=education, aar="2022")
    assert_no_small_count(html)
    result = comparison(organisation=org, kpi_code=kpi_code, education=education)
    assert all(c >= THRESHOLD for c in result.shown_counts())


def test_page_highlights_own_and_omits_non_sharing(client, org, make_member, scene):
    client.force_login(make_member(org, "readonly"))
    html = page(client, org, kpi="completion_rate", uddannelse="ssh", aar="2022")
    own_row = re.search(r'<tr class="own" data-own="true">(.*?)</tr>', html, flags=re.S).group(1)
    assert org.name in own_row and "deler ikke" in own_row and "jeres" in own_row
    assert "Lukketby" not in html
    assert scene["medium"].name in html and "83,8 %" in html
    assert "<svg" in html and "comparison-chart" in html
    assert "Jeres organisation deler ikke" in html


def test_sharing_own_org_is_not_marked(client, org, make_member, scene):
    org.share_pipeline = True
    org.save()
    client.force_login(make_member(org, "readonly"))
    html = page(client, org, kpi="completion_rate", uddannelse="ssh", aar="2022")
    assert "deler ikke" not in html


def test_query_count_constant_in_organisations(client, org, make_member):
    client.force_login(make_member(org, "readonly"))
    url = reverse("pipeline:comparison", kwargs={"org": org.slug})
    counts = []
    for n, prefix in ((3, "Faa"), (27, "Mange")):
        for o in sharing(n, prefix):
            cohort(o, started=40, completed=30, dropped=10, hired=20)
            cohort(o, education="ssa", started=40, completed=30, dropped=10, hired=20)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url, {"kpi": "hire_rate", "aar": "2022"}).content.decode()
        counts.append(len(queries))
        assert html.count("Kommune</th>") >= n
    assert counts[0] == counts[1], counts


def test_both_educations_do_not_give_back_a_hidden_education(org):
    (a,) = sharing(1, "Sum")
    cohort(a, started=40, completed=30, dropped=10, hired=20)
    cohort(a, education="ssa", started=4, completed=4, dropped=0, hired=0)
    ssh = comparison(organisation=org, kpi_code="completion_rate", education="ssh")
    ssa = comparison(organisation=org, kpi_code="completion_rate", education="ssa")
    both = comparison(organisation=org, kpi_code="completion_rate", education="")
    row = next(r for r in both.rows if r.name == a.name)
    assert next(r for r in ssh.rows if r.name == a.name).value(2022).denominator == 40
    assert next(r for r in ssa.rows if r.name == a.name).value(2022).denominator is None
    # 44 started in all, minus SSH's 40, would give SSA's 4 back: the sum is hidden too.
    assert row.value(2022).denominator is None and row.value(2022).value is None


def test_sick_leave_of_fewer_than_five_students_is_not_shared(org):
    """A sick-leave rate over four students tells each one's absence: hidden; over five: shown."""
    from indsats.students.services import student_records_apply
    from tests.students.records import cohort as record_cohort

    small, large = sharing(2, prefix="Syg")
    # cohort(n) alternates educations: 8 students = 4 SSH + 4 SSA; 12 = 6 + 6.
    student_records_apply(organisation=small, actor=None, students=record_cohort(8), source="t")
    student_records_apply(organisation=large, actor=None, students=record_cohort(12), source="t")
    rows = {
        r.name: r
        for r in comparison(organisation=org, kpi_code="sick_leave_rate", education="ssh").rows
    }
    assert rows[small.name].value(2022).value is None
    assert rows[small.name].value(2022).suppressed
    assert rows[large.name].value(2022).value is not None
    both = {
        r.name: r
        for r in comparison(organisation=org, kpi_code="sick_leave_rate", education="").rows
    }
    # both educations together: 8 students, enough
    assert both[small.name].value(2022).value is not None


def test_the_comparison_opens_on_the_newest_year_with_three_organisations():
    from indsats.students.comparison import ComparisonRow, Value
    from indsats.students.views_pipeline import _default_year

    def row(i, years):
        return ComparisonRow(i, f"K{i}", i == 0, True, {y: Value(value=Decimal(50)) for y in years})

    class Result:
        years = [2022, 2023, 2024]
        rows = [row(0, [2022, 2023, 2024]), row(1, [2022, 2023]), row(2, [2022, 2023])]

    assert _default_year(Result) == 2023  # 2024 has only one organisation's figures
    Result.rows = [row(0, [2022, 2024])]
    assert _default_year(Result) == 2024  # nowhere three: the newest with any


def test_intake_ratio_over_both_educations_hides_what_would_give_back_a_small_count(org):
    """The intake ratio is read from the one shared decision (students.shared): with SSH's
    started 3 hidden, the started count over both educations is hidden too (23 − 20 = 3), and
    so is a required intake summed over a small one (calc.disclosure.shown_sum)."""
    org.share_pipeline = True
    org.save()
    cohort(org, "ssh", 2022, started=3, completed=0, dropped=0, hired=0)
    cohort(org, "ssa", 2022, started=20, completed=0, dropped=0, hired=0)
    for education, required in (("ssh", 10), ("ssa", 25)):
        services_totals.required_intake_set(
            organisation=org, actor=None, education=education, year=2022, required=required
        )
    both = comparison(organisation=org, kpi_code="intake_ratio", education="").rows
    value = next(r for r in both if r.own).values[2022]
    assert value.value is None and value.suppressed and value.numerator is None
    assert value.denominator == 35
    ssa = comparison(organisation=org, kpi_code="intake_ratio", education="ssa").rows
    shown = next(r for r in ssa if r.own).values[2022]
    assert shown.numerator == 20 and shown.value == Decimal("80.0")
