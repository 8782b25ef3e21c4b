"""The Frederikssund demo: its generated student records give exactly the figures seed 002
publishes, read through the pipeline, and its strategy holds the seed's criteria and Bilag 1."""

from decimal import Decimal

import pytest

from indsats.calc import kpi
from indsats.calc.danish import format_pct
from indsats.demo import frederikssund as data
from indsats.demo.frederikssund_students import frederikssund_students
from indsats.demo.loader import load_frederikssund
from indsats.organisations.models import Membership
from indsats.strategies.models import ProgrammeResponse, Strategy, StrategyInitiative
from indsats.strategies.selectors import criterion_progress, strategy_detail
from indsats.students import selectors
from indsats.students.models import Student

pytestmark = pytest.mark.django_db


@pytest.fixture
def frederikssund(frederikssund_db):
    return frederikssund_db


@pytest.fixture
def pipe(frederikssund):
    return selectors.pipeline(frederikssund)


def test_published_cohorts(pipe):
    assert pipe.has_records
    ssh, ssa = pipe.cohort("ssh", 2022), pipe.cohort("ssa", 2020)
    assert (ssh.started, ssh.completed, ssh.hired) == (37, 31, 19)
    assert (ssa.started, ssa.completed, ssa.hired) == (45, 27, 15)
    assert format_pct(ssh.completion_rate, 1) == "83,8 %"
    assert format_pct(ssa.completion_rate, 1) == "60,0 %"
    assert format_pct(ssh.hire_rate, 1) == "61,3 %"
    assert format_pct(ssa.hire_rate, 1) == "55,6 %"
    assert format_pct(kpi.overall_yield([ssh, ssa]), 1) == "41,5 %"
    assert format_pct(ssh.dropout_rate, 0) == "16 %"
    assert format_pct(ssa.dropout_rate, 0) == "40 %"


def test_places_of_hire(pipe):
    places = {(b.education, b.year): b.counts for b in pipe.places}
    assert places[("ssh", 2022)] == {
        "Døgnplejen": 7,
        "Omsorgscentre/daghjem": 7,
        "Ansat som SSA-elev": 5,
    }
    assert places[("ssa", 2020)] == {
        "Døgnplejen": 8,
        "Omsorgscentre/daghjem": 5,
        "Rehabilitering og de midlertidige pladser": 2,
    }


def test_dropout_causes_2023(pipe):
    causes = {(b.education, b.year): b for b in pipe.causes}
    assert causes[("ssa", 2023)].counts == dict(data_causes("ssa"))
    assert causes[("ssa", 2023)].total == 28
    assert len(causes[("ssa", 2023)].counts) == 9
    assert causes[("ssh", 2023)].counts == {"academic_demands": 5, "wrong_choice": 2, "other": 2}
    assert causes[("ssh", 2023)].total == 9


def data_causes(education):
    from indsats.demo.frederikssund_students import CAUSES_2023

    return CAUSES_2023[education]


def test_hires_2023_and_internal_recruitment(pipe):
    year = pipe.by_year()[2023]
    assert year.started == 98
    assert (year.internal_unskilled, year.internal_ssh) == (11, 5)
    assert format_pct(kpi.rate(year.internal_unskilled, year.started), 1) == "11,2 %"
    assert format_pct(kpi.rate(year.internal_ssh, year.started), 1) == "5,1 %"
    assert format_pct(year.internal_share, 1) == "16,3 %"


def test_sick_leave_2023(pipe):
    assert pipe.sick_leave[("", 2023)] == Decimal("8.64")
    assert format_pct(pipe.sick_leave[("", 2023)], 2) == "8,64 %"


def test_intake_meets_the_required_intake_most_years(pipe):
    rows = {(r.education, r.year): r for r in pipe.intake}
    assert rows[("ssa", 2023)].required == 56 and rows[("ssh", 2023)].required == 27
    so_far = [r for r in pipe.intake if r.required and r.year <= 2025]
    missed = [(r.education, r.year) for r in so_far if r.started < r.required]
    assert missed == [("ssa", 2020)]
    assert rows[("ssa", 2020)].started == 45  # below 56: the published cohort


def test_recent_cohorts_have_ongoing_students(pipe):
    for education, year in (("ssa", 2024), ("ssa", 2025), ("ssh", 2025)):
        assert pipe.cohort(education, year).ongoing > 0


def test_dropouts_concentrate_in_gf_o1_and_o2(pipe):
    by_phase: dict[str, int] = {}
    for b in pipe.phases:
        for key, n in b.counts.items():
            by_phase[key] = by_phase.get(key, 0) + n
    early = by_phase["GF"] + by_phase["O1"] + by_phase["O2"]
    assert early / sum(by_phase.values()) > Decimal("0.85")


def test_training_places_and_phases_are_recorded(frederikssund):
    student = Student.objects.get(organisation=frederikssund, key="FRS-SSA-2020-045")
    phases = list(student.phases.order_by("start"))
    assert [p.phase for p in phases][:3] == ["GF", "S1", "O1"]
    assert phases[2].place.startswith("Omsorgscenter")


def test_generator_is_deterministic():
    assert frederikssund_students() == frederikssund_students()


def test_strategy_as_in_the_seed(frederikssund, django_assert_max_num_queries):
    strategy = Strategy.objects.get(organisation=frederikssund)
    assert strategy.title == "Uddannelse af fremtidens social- og sundhedsmedarbejdere"
    assert (strategy.start_year, strategy.end_year) == (2024, 2027)
    with django_assert_max_num_queries(7):
        detail = strategy_detail(strategy)
        areas = list(detail.focus_areas.all())
        links = [link for a in areas for link in a.initiative_links.all()]
        criteria = list(detail.success_criteria.all())
        responses = [
            r for p in detail.programmes.all() for i in p.items.all() for r in i.responses.all()
        ]
    assert [a.name for a in areas] == [a[0] for a in data.FOCUS_AREAS]
    expected = sum(len(items) for _a, _d, sections in data.FOCUS_AREAS for _s, items in sections)
    assert len(links) == expected == 42
    assert {link.state for link in links} == {"started", "planned"}
    assert len(criteria) == 7
    sick = next(c for c in criteria if c.kpi == "sick_leave_rate")
    assert "8,84 procent" in sick.statement and sick.baseline_value == Decimal("8.64")
    printed = sum(len(r) for p in data.PROGRAMMES for _t, r in p["items"])
    assert (
        len(responses)
        == printed
        == ProgrammeResponse.objects.filter(item__programme__strategy=strategy).count()
    )
    assert StrategyInitiative.objects.filter(focus_area__strategy=strategy).count() == 42


def test_criteria_progress_and_verdicts(frederikssund):
    strategy = Strategy.objects.get(organisation=frederikssund)
    rows = {(r.criterion.kpi, r.criterion.education): r for r in criterion_progress(strategy)}
    sick = rows[("sick_leave_rate", "")]
    assert sick.target_text == "7,64 %"
    assert sick.series[2023] == Decimal("8.64")
    ssa = rows[("dropout_rate", "ssa")]
    assert ssa.target_text == "37,2 %"
    assert ssa.explanation == (
        "Senest 39,7 % (2022); målet er 37,2 % i 2026. "
        "Udviklingen går den rigtige vej, men for langsomt."
    )
    assert ssa.verdict == "off_track"
    assert rows[("dropout_rate", "ssh")].verdict == "reached"
    assert rows[("internal_unskilled", "")].verdict == "reached"
    assert rows[("intake_ratio", "")].verdict == "reached"
    assert rows[("yield_rate", "")].target_text == "44,5 %"  # the registry's one decimal


def test_demo_members_with_student_access(frederikssund):
    members = {m.user.username: m for m in Membership.objects.filter(organisation=frederikssund)}
    assert members["demo"].can_see_students
    assert members["elevkonsulent"].can_see_students
    assert members["elevkonsulent"].role == "consultant"
    assert not members["politiker"].can_see_students


def test_reloading_replaces_the_demo(frederikssund):
    again = load_frederikssund()
    assert Strategy.objects.filter(organisation=again).count() == 1
    assert Student.objects.filter(organisation=again).count() == len(frederikssund_students())
    assert not type(frederikssund).objects.filter(pk=frederikssund.pk).exists() or (
        again.pk == frederikssund.pk
    )
