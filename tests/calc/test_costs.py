"""The pure cost model: formulas, decided amounts, scenarios, years and step totals, checked
against the figures in Ballerup's seed documents."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indsats.calc.costs import (
    BASE,
    CostLine,
    CostModelError,
    CostRange,
    Factor,
    InitiativeModel,
    Recurrence,
    Scenario,
    YearCost,
    applies_in_year,
    cost_in_year,
    cost_range,
    evaluate_line,
    line_years,
    pick_scenario,
    step_totals,
)

D = Decimal
RATES = {"timepris_frikob": D("201.60")}
RATE = Factor("timepris", "Timepris, frikøb", parameter="timepris_frikob", unit="kr.")


def supervisor_line(**kwargs) -> CostLine:
    """1.1: 100 practice supervisors × hours a month × 10 months × the hourly rate."""
    return CostLine(
        label="Frikøb af praktikvejledere",
        category="release_time",
        recurrence=Recurrence.YEARLY,
        factors=(
            Factor("praktikvejledere", "Praktikvejledere", D(100), unit="personer"),
            Factor("timer_pr_md", "Timer pr. måned", D(5), unit="timer"),
            Factor("maaneder", "Måneder pr. år", D(10), unit="mdr."),
            RATE,
        ),
        **kwargs,
    )


def sunday_line() -> CostLine:
    """3.1: a share of the 6.878.000 kr. of Sunday allowance paid out."""
    return CostLine(
        label="Udbetaling af søndagstillæg",
        category="wage",
        recurrence=Recurrence.YEARLY,
        factors=(
            Factor("andel", "Andel", D(1), unit="%"),
            Factor("tillaeg_i_alt", "Søndagstillæg i alt", D("6878000"), unit="kr."),
        ),
    )


def relatives_release_line() -> CostLine:
    """3.2: 1.000 staff × 2 hours × the hourly rate, decided as 403.000 kr."""
    return CostLine(
        label="Frikøb",
        category="release_time",
        recurrence=Recurrence.ONE_TIME,
        stated=D("403000"),
        factors=(
            Factor("medarbejdere", "Medarbejdere", D(1000), unit="personer"),
            Factor("timer", "Timer pr. medarbejder", D(2), unit="timer"),
            RATE,
        ),
    )


def stated_line(amount, recurrence=Recurrence.YEARLY, **kwargs) -> CostLine:
    return CostLine(
        label="Beløb", category="other", recurrence=recurrence, stated=D(amount), **kwargs
    )


# --- evaluate_line --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(5, D("1008000.00")), (10, D("2016000.00")), (15, D("3024000.00")), (20, D("4032000.00"))],
)
def test_release_time_for_supervisors_gives_the_seed_amount_for_each_hour_scenario(hours, expected):
    scenario = Scenario(f"{hours} timer pr. md.", {"timer_pr_md": D(hours)})
    result = evaluate_line(supervisor_line(), RATES, scenario)
    assert result.formula_amount == expected
    assert result.amount == expected
    assert result.overridden is True


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        ("0.25", D("1719500.00")),
        ("0.50", D("3439000.00")),
        ("0.75", D("5158500.00")),
        ("1", D("6878000.00")),
    ],
)
def test_sunday_allowance_payout_share_gives_the_seed_amount(share, expected):
    scenario = Scenario("andel", {"andel": D(share)})
    assert evaluate_line(sunday_line(), {}, scenario).amount == expected


def test_a_decided_amount_counts_and_its_difference_from_the_formula_is_shown():
    result = evaluate_line(relatives_release_line(), RATES)
    assert result.formula_amount == D("403200.00")
    assert result.stated_amount == D("403000.00")
    assert result.amount == D("403000.00")
    assert result.differs is True
    assert result.difference == D("-200.00")
    assert result.overridden is False


def test_a_decided_amount_that_matches_the_formula_does_not_differ():
    line = CostLine(
        label="Frikøb",
        category="release_time",
        recurrence=Recurrence.ONE_TIME,
        stated=D("403200"),
        factors=relatives_release_line().factors,
    )
    result = evaluate_line(line, RATES)
    assert result.differs is False
    assert result.difference == D("0.00")


def test_a_scenario_overriding_a_factor_makes_the_formula_count_over_the_decided_amount():
    scenario = Scenario("3 timer", {"timer": D(3)})
    result = evaluate_line(relatives_release_line(), RATES, scenario)
    assert result.overridden is True
    assert result.formula_amount == D("604800.00")
    assert result.amount == D("604800.00")
    assert result.stated_amount == D("403000.00")


def test_a_scenario_overriding_another_lines_factor_leaves_the_decided_amount_counting():
    scenario = Scenario("10 timer pr. md.", {"timer_pr_md": D(10)})
    result = evaluate_line(relatives_release_line(), RATES, scenario)
    assert result.overridden is False
    assert result.amount == D("403000.00")


def test_a_scenario_may_override_the_hourly_rate_parameter():
    scenario = Scenario("Ny timepris", {"timepris": D("210")})
    assert evaluate_line(supervisor_line(), RATES, scenario).amount == D("1050000.00")


def test_a_stated_line_without_formula_is_its_amount_rounded_to_ore():
    result = evaluate_line(stated_line("135000"), {})
    assert result.amount == D("135000.00")
    assert result.formula_amount is None
    assert result.differs is False
    assert result.expression() == "135.000 kr."


def test_the_formula_is_rounded_to_whole_ore():
    line = CostLine(
        label="Frikøb",
        category="release_time",
        recurrence=Recurrence.YEARLY,
        factors=(Factor("timer", "Timer", D("1.005")), Factor("pris", "Pris", D(1))),
    )
    assert evaluate_line(line, {}).amount == D("1.01")


def test_the_written_out_calculation_names_every_factor_with_its_unit():
    result = evaluate_line(relatives_release_line(), RATES)
    assert result.expression() == "1.000 personer × 2 timer × 201,60 kr. = 403.200 kr."


def test_the_written_out_calculation_shows_a_share_as_percent():
    result = evaluate_line(sunday_line(), {}, Scenario("25 %", {"andel": D("0.25")}))
    assert result.expression() == "25 % × 6.878.000 kr. = 1.719.500 kr."


def test_a_missing_parameter_raises_a_danish_error_naming_it():
    with pytest.raises(CostModelError) as excinfo:
        evaluate_line(supervisor_line(), {})
    assert (
        str(excinfo.value)
        == "Parameteren »timepris_frikob« findes ikke eller har ingen værdi for året."
    )


def test_a_factor_without_any_value_raises_a_danish_error_naming_it():
    line = CostLine(
        label="Frikøb",
        category="release_time",
        recurrence=Recurrence.YEARLY,
        factors=(Factor("timer", "Timer pr. måned"),),
    )
    with pytest.raises(CostModelError, match="Faktoren »Timer pr. måned« har ingen værdi."):
        evaluate_line(line, {})


def test_a_line_with_neither_amount_nor_formula_raises_a_danish_error_naming_it():
    line = CostLine(label="Kursus", category="other", recurrence=Recurrence.ONE_TIME)
    with pytest.raises(CostModelError, match="»Kursus« har hverken beløb eller formel"):
        evaluate_line(line, {})


# --- years ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "start", "end", "year", "expected"),
    [
        # one-time: its own year, else the initiative's start year
        (stated_line(1, Recurrence.ONE_TIME, year=2021), 2020, None, 2021, True),
        (stated_line(1, Recurrence.ONE_TIME, year=2021), 2020, None, 2020, False),
        (stated_line(1, Recurrence.ONE_TIME), 2020, None, 2020, True),
        (stated_line(1, Recurrence.ONE_TIME), 2020, None, 2021, False),
        (stated_line(1, Recurrence.ONE_TIME), 2020, None, 2019, False),
        # yearly: its own range, else the initiative's, open ends
        (stated_line(1), 2020, None, 2019, False),
        (stated_line(1), 2020, None, 2020, True),
        (stated_line(1), 2020, None, 2040, True),
        (stated_line(1), None, None, 1999, True),
        (stated_line(1), None, 2022, 2023, False),
        (stated_line(1), 2020, 2022, 2022, True),
        (stated_line(1, start_year=2024), 2020, None, 2023, False),
        (stated_line(1, start_year=2024), 2020, None, 2024, True),
        (stated_line(1, end_year=2021), 2020, 2030, 2022, False),
        # 2.3 Elderlearn: 2020–2022 only
        (stated_line(135000, start_year=2020, end_year=2022), 2020, None, 2019, False),
        (stated_line(135000, start_year=2020, end_year=2022), 2020, None, 2020, True),
        (stated_line(135000, start_year=2020, end_year=2022), 2020, None, 2021, True),
        (stated_line(135000, start_year=2020, end_year=2022), 2020, None, 2022, True),
        (stated_line(135000, start_year=2020, end_year=2022), 2020, None, 2023, False),
    ],
)
def test_applies_in_year_follows_the_line_then_the_initiative(line, start, end, year, expected):
    assert applies_in_year(line, year, start_year=start, end_year=end) is expected


@pytest.mark.parametrize(
    ("line", "start", "end", "expected"),
    [
        (stated_line(1, start_year=2020, end_year=2022), None, None, "2020–2022"),
        (stated_line(1), 2020, None, "fra 2020"),
        (stated_line(1), None, 2022, "til 2022"),
        (stated_line(1), 2021, 2021, "2021"),
        (stated_line(1), None, None, ""),
        (stated_line(1, Recurrence.ONE_TIME), 2020, None, "2020"),
        (stated_line(1, Recurrence.ONE_TIME, year=2023), 2020, None, "2023"),
        (stated_line(1, Recurrence.ONE_TIME), None, None, ""),
    ],
)
def test_line_years_are_written_as_in_a_description(line, start, end, expected):
    assert line_years(line, start_year=start, end_year=end) == expected


def test_cost_in_year_splits_one_time_and_yearly_and_drops_lines_outside_the_year():
    model = InitiativeModel(
        lines=[
            stated_line("100000", Recurrence.ONE_TIME),
            stated_line("480000"),
            stated_line("135000", start_year=2020, end_year=2022),
        ],
        start_year=2020,
    )
    assert cost_in_year(model, {}, 2020) == YearCost(D("100000.00"), D("615000.00"))
    assert cost_in_year(model, {}, 2023) == YearCost(D("0.00"), D("480000.00"))
    assert cost_in_year(model, {}, None) == YearCost(D("100000.00"), D("615000.00"))
    assert cost_in_year(model, {}, 2020).total == D("715000.00")


# --- ranges and scenarios -------------------------------------------------------------------


def test_the_range_of_release_time_for_supervisors_is_the_5_and_20_hour_scenarios():
    model = InitiativeModel(
        lines=[supervisor_line()],
        scenarios=[
            Scenario(f"{h} timer", {"timer_pr_md": D(h)}, key=str(h)) for h in (10, 5, 20, 15)
        ],
        start_year=2020,
    )
    rng = cost_range(model, RATES, 2020)
    assert rng == CostRange(D("0.00"), D("0.00"), D("1008000.00"), D("4032000.00"))
    assert rng.has_range is True


def test_the_range_of_sunday_allowance_is_the_25_and_100_percent_scenarios():
    model = InitiativeModel(
        lines=[sunday_line()],
        scenarios=[Scenario(f"{p} %", {"andel": D(p) / 100}) for p in (25, 50, 75, 100)],
    )
    rng = cost_range(model, {}, 2020)
    assert (rng.yearly_low, rng.yearly_high) == (D("1719500.00"), D("6878000.00"))


def test_an_initiative_without_scenarios_has_its_base_cost_as_a_range_of_one():
    model = InitiativeModel(
        lines=[stated_line("226500", Recurrence.ONE_TIME), relatives_release_line()]
    )
    rng = cost_range(model, RATES, None)
    assert rng == CostRange(D("629500.00"), D("629500.00"), D("0.00"), D("0.00"))
    assert rng.has_range is False


def test_an_initiative_without_lines_costs_nothing():
    rng = cost_range(InitiativeModel(lines=[]), {}, 2020)
    assert rng == CostRange(D("0.00"), D("0.00"), D("0.00"), D("0.00"))


def test_pick_scenario_finds_by_key_and_falls_back_to_the_first():
    five, ten = (
        Scenario("5 timer", {"timer_pr_md": D(5)}, "1"),
        Scenario("10 timer", {"timer_pr_md": D(10)}, "2"),
    )
    model = InitiativeModel(lines=[supervisor_line()], scenarios=[five, ten])
    assert pick_scenario(model, "2") is ten
    assert pick_scenario(model, "999") is five
    assert pick_scenario(model, None) is five
    assert pick_scenario(InitiativeModel(lines=[]), "2") is BASE


# --- step totals ----------------------------------------------------------------------------


def yc(one_time, yearly) -> YearCost:
    return YearCost(D(one_time), D(yearly))


def test_step_totals_sum_each_step_and_cumulate_in_step_order_with_unprioritised_last():
    totals = step_totals(
        {
            None: [yc(1000, 2000)],
            2: [yc("226500", 0), yc("403000", 0), yc("100000", "480000")],
            1: [yc(0, "1008000"), yc("450000", 0), yc(0, "135000"), yc(0, "40000")],
        },
        frames={1: D("1700000"), 2: D("1600000")},
    )
    assert [t.step for t in totals] == [1, 2, None]
    one, two, unprioritised = totals
    assert one.cost == yc("450000", "1183000")
    assert one.cumulated == yc("450000", "1183000")
    assert one.left == D("67000")
    assert two.cost == yc("729500", "480000")
    assert two.cumulated == yc("1179500", "1663000")
    assert two.left == D("390500")
    assert unprioritised.cost == yc(1000, 2000)
    assert unprioritised.cumulated == yc(1000, 2000)
    assert unprioritised.frame is None
    assert unprioritised.left is None


def test_step_totals_show_an_overspent_frame_as_negative_left():
    (total,) = step_totals({4: [yc(0, "1719500")]}, frames={4: D("1000000")})
    assert total.left == D("-719500")


def test_a_step_without_frame_has_nothing_left_to_show():
    (total,) = step_totals({3: [yc(0, "470000")]})
    assert total.frame is None
    assert total.left is None


def test_a_step_with_a_frame_and_no_initiatives_totals_zero():
    (total,) = step_totals({3: []}, frames={3: D("500000")})
    assert total.cost == YearCost()
    assert total.left == D("500000")


# --- properties -----------------------------------------------------------------------------

values = st.decimals(min_value=D("0"), max_value=D("10000"), places=2)
factor_values = st.decimals(min_value=D("0"), max_value=D("1000"), places=4)
KEYS = ["personer", "timer", "maaneder", "andel"]


@st.composite
def lines(draw):
    recurrence = draw(st.sampled_from(list(Recurrence)))
    keys = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=3))
    stated = draw(st.none() | values) if keys else draw(values)
    factors = tuple(Factor(k, k.capitalize(), draw(factor_values)) for k in keys)
    year_kwargs = {}
    if recurrence == Recurrence.ONE_TIME:
        year_kwargs["year"] = draw(st.none() | st.integers(2019, 2024))
    else:
        first = draw(st.none() | st.integers(2019, 2024))
        last = draw(st.none() | st.integers(first or 2019, 2026))
        year_kwargs.update(start_year=first, end_year=last)
    return CostLine(
        label="Linje",
        category="other",
        recurrence=recurrence,
        stated=stated,
        factors=factors,
        **year_kwargs,
    )


scenarios = st.builds(
    Scenario,
    name=st.text(min_size=1, max_size=5),
    overrides=st.dictionaries(st.sampled_from(KEYS), factor_values, max_size=3),
)
models = st.builds(
    InitiativeModel,
    lines=st.lists(lines(), max_size=5),
    scenarios=st.lists(scenarios, max_size=4),
    start_year=st.none() | st.integers(2019, 2022),
    end_year=st.none(),
)
years = st.none() | st.integers(2018, 2027)


@given(models, years)
def test_the_range_is_the_cheapest_and_the_dearest_scenario(model, year):
    rng = cost_range(model, {}, year)
    costs = [cost_in_year(model, {}, year, s) for s in (model.scenarios or [BASE])]
    assert rng.one_time_low == min(c.one_time for c in costs)
    assert rng.one_time_high == max(c.one_time for c in costs)
    assert rng.yearly_low == min(c.yearly for c in costs)
    assert rng.yearly_high == max(c.yearly for c in costs)
    for c in costs:
        assert rng.one_time_low <= c.one_time <= rng.one_time_high
        assert rng.yearly_low <= c.yearly <= rng.yearly_high


@given(models, years, st.none() | scenarios)
def test_an_initiatives_cost_is_the_sum_of_its_lines_in_the_year(model, year, scenario):
    scenario = scenario or BASE
    cost = cost_in_year(model, {}, year, scenario)
    paid = [
        evaluate_line(line, {}, scenario)
        for line in model.lines
        if year is None
        or applies_in_year(line, year, start_year=model.start_year, end_year=model.end_year)
    ]
    assert cost.one_time == sum(
        (r.amount for r in paid if r.line.recurrence == Recurrence.ONE_TIME), D("0")
    )
    assert cost.yearly == sum(
        (r.amount for r in paid if r.line.recurrence == Recurrence.YEARLY), D("0")
    )


@given(lines(), st.none() | scenarios)
def test_amounts_are_always_whole_ore(line, scenario):
    result = evaluate_line(line, {}, scenario or BASE)
    for amount in (result.amount, result.formula_amount, result.stated_amount, result.difference):
        if amount is not None:
            assert amount == amount.quantize(D("0.01"))
            assert amount.as_tuple().exponent == -2


@given(lines())
def test_a_line_without_scenario_is_its_decided_amount_when_one_is_set(line):
    result = evaluate_line(line, {})
    if line.stated is not None:
        assert result.amount == line.stated
    else:
        assert result.amount == result.formula_amount


year_costs = st.builds(YearCost, values, values)


@given(
    st.dictionaries(st.none() | st.integers(1, 6), st.lists(year_costs, max_size=4), max_size=6),
    st.dictionaries(st.integers(1, 6), values, max_size=6),
)
def test_step_totals_are_sums_and_cumulated_totals_never_fall(costs_by_step, frames):
    totals = step_totals(costs_by_step, frames)
    assert [t.step for t in totals] == sorted(s for s in costs_by_step if s is not None) + (
        [None] if None in costs_by_step else []
    )
    previous = YearCost()
    for total in totals:
        assert total.cost == sum(costs_by_step[total.step], YearCost())
        if total.step is None:
            assert total.cumulated == total.cost
            continue
        assert total.cumulated == previous + total.cost
        assert total.cumulated.one_time >= previous.one_time
        assert total.cumulated.yearly >= previous.yearly
        assert total.frame == frames.get(total.step)
        if total.frame is not None:
            assert total.left == total.frame - total.cost.total
        previous = total.cumulated


@given(
    st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True),
    st.lists(factor_values, max_size=3),
    st.none() | values,
)
def test_a_missing_parameter_always_raises_a_danish_error_naming_it(parameter, others, stated):
    factors = tuple(Factor(f"f{i}", "Faktor", v) for i, v in enumerate(others))
    line = CostLine(
        label="Frikøb",
        category="release_time",
        recurrence=Recurrence.YEARLY,
        stated=stated,
        factors=(*factors, Factor("sats", "Sats", parameter=parameter, unit="kr.")),
    )
    with pytest.raises(CostModelError) as excinfo:
        cost_in_year(InitiativeModel(lines=[line]), {"Timepris": D(1)}, None)
    assert (
        str(excinfo.value)
        == f"Parameteren »{parameter}« findes ikke eller har ingen værdi for året."
    )


def cr(one_low, one_high, yearly_low, yearly_high) -> CostRange:
    return CostRange(D(one_low), D(one_high), D(yearly_low), D(yearly_high))


def test_step_ranges_add_each_initiatives_cheapest_and_dearest_and_cumulate():
    """Ballerup 2020: trin 1 pr. år 1.183.000–4.207.000 kr.; the range cumulates like the
    chosen totals, and the unprioritised step stands alone."""
    totals = step_totals(
        {1: [yc(0, "1008000"), yc("450000", "175000")], 2: [yc(0, "480000")], None: [yc(0, 5)]},
        ranges_by_step={
            1: [cr(0, 0, "1008000", "4032000"), cr("450000", "450000", "175000", "175000")],
            2: [cr(0, 0, "480000", "480000")],
            None: [cr(0, 0, 5, 9)],
        },
    )
    one, two, unprioritised = totals
    assert one.range == cr("450000", "450000", "1183000", "4207000")
    assert one.cumulated_range == one.range
    assert two.range == cr(0, 0, "480000", "480000")
    assert two.cumulated_range == cr("450000", "450000", "1663000", "4687000")
    assert unprioritised.cumulated_range == unprioritised.range == cr(0, 0, 5, 9)


@given(
    st.lists(
        st.tuples(st.integers(0, 10**7), st.integers(0, 10**7), st.integers(1, 4)),
        min_size=1,
        max_size=12,
    )
)
def test_a_steps_range_holds_its_chosen_total(rows):
    """Whatever scenario is chosen, the step's total lies within its lowest–highest range."""
    costs, ranges = {}, {}
    for a, b, step in rows:
        low, high = sorted((a, b))
        costs.setdefault(step, []).append(yc(0, a))
        ranges.setdefault(step, []).append(cr(0, 0, low, high))
    for total in step_totals(costs, ranges_by_step=ranges):
        assert total.range.yearly_low <= total.cost.yearly <= total.range.yearly_high
        rng = total.cumulated_range
        assert rng.yearly_low <= total.cumulated.yearly <= rng.yearly_high
