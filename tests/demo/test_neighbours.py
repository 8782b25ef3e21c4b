"""The demo's neighbouring municipalities share entered cohort totals, so the comparison has
company; re-loading replaces them."""

import pytest

from indsats.demo.loader import load_neighbours
from indsats.demo.neighbours import NEIGHBOURS
from indsats.organisations.models import Organisation
from indsats.students.comparison import comparison
from indsats.students.models import CohortFigures

pytestmark = pytest.mark.django_db


def test_neighbours_share_cohort_totals_and_appear_in_the_comparison(org):
    orgs = load_neighbours()
    assert [o.slug for o in orgs] == [slug for slug, _, _ in NEIGHBOURS]
    assert all(o.share_pipeline for o in orgs)
    assert CohortFigures.objects.filter(organisation__in=orgs).count() == 5 * 7 * 2
    result = comparison(organisation=org, kpi_code="completion_rate", education="ssa")
    names = {r.name for r in result.rows if r.shares}
    assert names == {name for _, name, _ in NEIGHBOURS}
    # SSA 2021 is finished in the demo (2021 + 4 ≤ 2025): every neighbour shows a rate
    assert all(r.value(2021).value is not None for r in result.rows if r.shares)
    load_neighbours()  # again: replaced, not doubled
    assert Organisation.objects.filter(slug__in=[s for s, _, _ in NEIGHBOURS]).count() == 5
    assert CohortFigures.objects.filter(organisation__slug="halsnaes").count() == 14
