"""Ballerup's catalogue (seeds 000 and 001), loaded through the services and read back through
the selectors: every figure the committee sees must be the one Ballerup printed."""

from decimal import Decimal

import pytest

from indsats.calc.danish import format_kr, format_range
from indsats.initiatives.models import Initiative
from indsats.initiatives.selectors import (
    initiative_costs,
    initiative_queryset,
    prioritisation_overview,
)

D = Decimal
EDU = "Rekruttering til og fastholdelse i uddannelse"
JOBS = "Rekruttering til og fastholdelse i stillinger"

OPERATIONS_FINANCED = {
    "1.3": 1, "1.4": 1, "1.5": 1, "2.5": 1, "2.6": 1, "2.7": 1, "2.8": 1, "2.9": 1, "2.10": 1, "2.11": 1,
    "3.7": 2, "3.8": 2, "3.9": 2,
    "3.6": 4, "3.10": 4, "3.11": 4,
}  # fmt: skip


def rows_by_code(overview):
    return {row.initiative.code: row for step in overview.steps for row in step.rows}


def totals_by_step(overview):
    return {step.step: step.total for step in overview.steps}


@pytest.fixture
def overview_2020(ballerup):
    return prioritisation_overview(organisation=ballerup, year=2020)


def costs_of(ballerup, code):
    return initiative_costs(initiative_queryset(ballerup).get(code=code))


def scenario_amounts(costs):
    return [(scenario.name, cost.yearly) for scenario, cost in costs["scenarios"]]


# --- the initiatives, one by one ------------------------------------------------------------


def test_release_time_for_supervisors_costs_1_008_000_to_4_032_000_a_year(ballerup, overview_2020):
    row = rows_by_code(overview_2020)["1.1"]
    assert (row.range.yearly_low, row.range.yearly_high) == (D("1008000"), D("4032000"))
    assert (
        format_range(row.range.yearly_low, row.range.yearly_high) == "1.008.000 kr. – 4.032.000 kr."
    )
    assert row.selected.name == "5 timer pr. md."
    assert row.cost.yearly == D("1008000")
    assert row.cost.one_time == D("0")
    assert scenario_amounts(costs_of(ballerup, "1.1")) == [
        ("5 timer pr. md.", D("1008000")),
        ("10 timer pr. md.", D("2016000")),
        ("15 timer pr. md.", D("3024000")),
        ("20 timer pr. md.", D("4032000")),
    ]


def test_release_time_for_supervisors_is_written_out_with_the_hourly_rate(ballerup):
    (line,) = costs_of(ballerup, "1.1")["lines"]
    assert (
        line["base"].expression() == "100 personer × 5 timer × 10 mdr. × 201,60 kr. = 1.008.000 kr."
    )
    assert [r.expression() for _, r in line["scenarios"]][-1] == (
        "100 personer × 20 timer × 10 mdr. × 201,60 kr. = 4.032.000 kr."
    )
    assert line["varies"] is True
    assert line["years"] == "fra 2020"


def test_sunday_allowance_payout_costs_1_719_500_to_6_878_000_a_year(ballerup, overview_2020):
    row = rows_by_code(overview_2020)["3.1"]
    assert (
        format_range(row.range.yearly_low, row.range.yearly_high) == "1.719.500 kr. – 6.878.000 kr."
    )
    assert row.cost.yearly == D("1719500")
    assert scenario_amounts(costs_of(ballerup, "3.1")) == [
        ("25 % udbetales", D("1719500")),
        ("50 % udbetales", D("3439000")),
        ("75 % udbetales", D("5158500")),
        ("100 % udbetales", D("6878000")),
    ]


@pytest.mark.parametrize(
    ("year", "expected"), [(2020, "135000"), (2021, "135000"), (2022, "135000"), (2023, "0")]
)
def test_elderlearn_costs_135_000_a_year_in_2020_to_2022_only(ballerup, year, expected):
    row = rows_by_code(prioritisation_overview(organisation=ballerup, year=year))["2.3"]
    assert row.cost.yearly == D(expected)
    assert row.cost.one_time == D("0")


def test_elderlearn_is_described_as_2020_to_2022(ballerup):
    (line,) = costs_of(ballerup, "2.3")["lines"]
    assert line["years"] == "2020–2022"


@pytest.mark.parametrize(("year", "one_time"), [(2020, "100000"), (2021, "0"), (2023, "0")])
def test_intro_programme_costs_480_000_a_year_and_100_000_once(ballerup, year, one_time):
    row = rows_by_code(prioritisation_overview(organisation=ballerup, year=year))["3.4"]
    assert row.cost.yearly == D("480000")
    assert row.cost.one_time == D(one_time)


def test_courses_on_relatives_keep_the_decided_403_000_and_flag_the_formulas_403_200(
    ballerup, overview_2020
):
    course, release = costs_of(ballerup, "3.2")["lines"]
    assert course["base"].amount == D("226500")
    assert course["base"].formula_amount is None
    assert release["base"].stated_amount == D("403000")
    assert release["base"].formula_amount == D("403200")
    assert release["base"].amount == D("403000")
    assert release["base"].differs is True
    assert release["base"].difference == D("-200")
    assert release["base"].expression() == "1.000 personer × 2 timer × 201,60 kr. = 403.200 kr."
    row = rows_by_code(overview_2020)["3.2"]
    assert row.cost.one_time == D("629500")
    assert row.cost.yearly == D("0")


def test_courses_on_aggressive_citizens_keep_the_decided_202_000_and_flag_the_formulas_201_600(
    ballerup, overview_2020
):
    course, release = costs_of(ballerup, "3.3")["lines"]
    assert course["base"].amount == D("350000")
    assert (release["base"].stated_amount, release["base"].formula_amount) == (
        D("202000"),
        D("201600"),
    )
    assert release["base"].amount == D("202000")
    assert release["base"].differs is True
    assert release["base"].difference == D("400")
    assert rows_by_code(overview_2020)["3.3"].cost.one_time == D("552000")


def test_sosu_ambassadors_keep_the_decided_20_000_and_flag_the_formulas_14_515_20(
    ballerup, overview_2020
):
    (line,) = costs_of(ballerup, "2.2")["lines"]
    result = line["base"]
    assert result.stated_amount == D("20000")
    assert result.formula_amount == D("14515.20")
    assert format_kr(result.formula_amount) == "14.515,20 kr."
    assert result.differs is True
    assert result.expression() == "12 personer × 3 timer × 2 halvår × 201,60 kr. = 14.515,20 kr."
    assert rows_by_code(overview_2020)["2.2"].cost.yearly == D("20000")


@pytest.mark.parametrize(
    ("code", "one_time", "yearly"),
    [
        ("1.2", "450000", "0"),
        ("2.1", "0", "450000"),
        ("2.4", "0", "40000"),
        ("3.5", "150000", "0"),
    ],
)
def test_stated_amounts_are_the_ones_printed_in_the_seed(overview_2020, code, one_time, yearly):
    row = rows_by_code(overview_2020)[code]
    assert row.error == ""
    assert (row.cost.one_time, row.cost.yearly) == (D(one_time), D(yearly))
    assert row.range.has_range is False


def test_one_time_costs_are_paid_in_the_start_year_only(ballerup):
    rows = rows_by_code(prioritisation_overview(organisation=ballerup, year=2021))
    assert {code: rows[code].cost.one_time for code in ("1.2", "3.2", "3.3", "3.4", "3.5")} == {
        code: D("0") for code in ("1.2", "3.2", "3.3", "3.4", "3.5")
    }


def test_operations_financed_initiatives_are_listed_under_their_step_without_costs(
    ballerup, overview_2020
):
    rows = rows_by_code(overview_2020)
    for code, step in OPERATIONS_FINANCED.items():
        row = rows[code]
        assert row.initiative.funding == "operations", code
        assert row.initiative.priority_step == step, code
        assert row.cost.total == D("0"), code
    operations = prioritisation_overview(organisation=ballerup, year=2020, funding="operations")
    assert set(rows_by_code(operations)) == set(OPERATIONS_FINANCED)
    assert operations.grand_total.total == D("0")


def test_every_initiative_of_the_seed_is_in_the_catalogue_once(ballerup):
    codes = list(Initiative.objects.filter(organisation=ballerup).values_list("code", flat=True))
    separate = {"1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "3.5"}
    assert sorted(codes) == sorted(separate | set(OPERATIONS_FINANCED))
    assert (
        set(
            Initiative.objects.filter(organisation=ballerup, funding="separate").values_list(
                "code", flat=True
            )
        )
        == separate
    )


@pytest.mark.parametrize(
    ("code", "kl"),
    [
        ("3.1", ["KL35"]),
        ("3.2", ["KL20"]),
        ("3.3", ["KL20"]),
        ("3.4", ["KL25"]),
        ("3.5", ["KL23", "KL30", "KL36", "KL38"]),
    ],
)
def test_kl_recommendations_are_the_ones_named_in_the_seed(ballerup, code, kl):
    initiative = Initiative.objects.get(organisation=ballerup, code=code)
    assert [r.code for r in initiative.kl_recommendations.all()] == kl


# --- the committee's totals -----------------------------------------------------------------


def test_the_2020_overview_has_steps_1_to_4_with_the_seeds_themes(overview_2020):
    assert [step.step for step in overview_2020.steps] == [1, 2, 3, 4]
    themes = {step.step: [theme.name for theme, _ in step.themes] for step in overview_2020.steps}
    assert themes == {1: [EDU], 2: [JOBS], 3: [EDU], 4: [JOBS]}
    assert [row.initiative.code for row in overview_2020.steps[2].rows] == ["2.1", "2.2"]
    assert all(row.error == "" for step in overview_2020.steps for row in step.rows)


def test_the_2020_step_totals_split_one_time_and_yearly(overview_2020):
    totals = totals_by_step(overview_2020)
    assert {step: (t.cost.one_time, t.cost.yearly) for step, t in totals.items()} == {
        1: (D("450000"), D("1183000")),
        2: (D("1431500"), D("480000")),
        3: (D("0"), D("470000")),
        4: (D("0"), D("1719500")),
    }


def test_the_2020_totals_cumulate_over_the_steps(overview_2020):
    totals = totals_by_step(overview_2020)
    assert [totals[s].cumulated.total for s in (1, 2, 3, 4)] == [
        D("1633000"),
        D("3544500"),
        D("4014500"),
        D("5734000"),
    ]
    assert [format_kr(totals[s].cumulated.total) for s in (1, 2, 3, 4)] == [
        "1.633.000 kr.",
        "3.544.500 kr.",
        "4.014.500 kr.",
        "5.734.000 kr.",
    ]
    assert overview_2020.grand_total.total == D("5734000")


def test_the_2020_frames_show_what_is_left_of_each_step(overview_2020):
    totals = totals_by_step(overview_2020)
    assert {step: t.left for step, t in totals.items()} == {
        1: D("67000"),
        2: D("-311500"),
        3: D("30000"),
        4: D("280500"),
    }


def test_in_2021_step_1_has_no_one_time_cost_and_still_pays_elderlearn(ballerup):
    totals = totals_by_step(prioritisation_overview(organisation=ballerup, year=2021))
    assert (totals[1].cost.one_time, totals[1].cost.yearly) == (D("0"), D("1183000"))
    assert (totals[2].cost.one_time, totals[2].cost.yearly) == (D("0"), D("480000"))
    assert totals[1].frame is None


def test_in_2023_step_1_pays_1_048_000_a_year_without_elderlearn(ballerup):
    overview = prioritisation_overview(organisation=ballerup, year=2023)
    totals = totals_by_step(overview)
    assert (totals[1].cost.one_time, totals[1].cost.yearly) == (D("0"), D("1048000"))
    assert [totals[s].cumulated.total for s in (1, 2, 3, 4)] == [
        D("1048000"),
        D("1528000"),
        D("1998000"),
        D("3717500"),
    ]


def test_choosing_the_20_hour_scenario_raises_step_1_and_everything_after_it(ballerup):
    supervisors = initiative_queryset(ballerup).get(code="1.1")
    twenty = supervisors.scenarios.get(name="20 timer pr. md.")
    overview = prioritisation_overview(
        organisation=ballerup, year=2020, selection={str(supervisors.pk): str(twenty.pk)}
    )
    totals = totals_by_step(overview)
    assert totals[1].cost.yearly == D("4207000")
    assert totals[4].cumulated.total == D("8758000")
    assert overview.selection[str(supervisors.pk)] == str(twenty.pk)
    assert rows_by_code(overview)["1.1"].range.yearly_low == D("1008000")
