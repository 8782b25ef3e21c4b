"""The Ballerup demo's follow-up (demo/ballerup_followup.py), loaded through the services and read
back through the selectors: budget notes over several budget years funding the catalogue's
initiatives, two status rounds with indicator values, and one correction."""

import datetime as dt
from decimal import Decimal

from indsats.budgets.selectors import finance, notes_by_year
from indsats.calc.allocations import format_allocation
from indsats.demo import ballerup_followup as data
from indsats.demo.loader import load_ballerup
from indsats.followup.models import StatusUpdate
from indsats.followup.selectors import status_as_of, status_history
from indsats.indicators.models import Indicator, IndicatorValue
from indsats.indicators.selectors import series_as_of, targets_for
from indsats.initiatives.models import Initiative

D = Decimal
APRIL, OCTOBER = dt.date(2025, 4, 30), dt.date(2025, 10, 31)
FUNDED = ["1.1", "1.2", "2.3", "2.4", "3.2", "3.3", "3.4", "3.5", "2.1", "2.2", "3.1"]


def notes_and_finance(org):
    by_year = notes_by_year(org)
    return by_year, {n.code: (n, finance(n)[None]) for notes in by_year.values() for n in notes}


def test_budget_notes_over_several_budget_years_fund_the_catalogue(ballerup):
    by_year, notes = notes_and_finance(ballerup)
    assert len(notes) >= 6
    assert len(by_year) >= 4
    assert sorted(by_year) == [2020, 2021, 2023, 2024, 2025, 2026]
    funded = {i.code for note, _ in notes.values() for i in note.initiatives.all()}
    assert funded == set(FUNDED)
    states = dict(Initiative.objects.filter(organisation=ballerup).values_list("code", "state"))
    assert {states[code] for code in FUNDED} == {"funded", "running", "finished"}
    assert states["2.3"] == "finished"
    assert states["1.3"] == "proposed"  # financed over operations: not funded by a note
    multi_year = [code for code, (_, f) in notes.items() if len(f.allocated) > 1]
    assert len(multi_year) >= 5


def test_allocations_read_the_way_the_notes_write_them(ballerup):
    _, notes = notes_and_finance(ballerup)
    texts = {
        code: format_allocation(f.allocated, price_level=f.price_level)
        for code, (_, f) in notes.items()
    }
    assert texts["SO03"] == "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt"
    assert texts["ØK12"] == "2024-2027: 1,720 mio. kr. årligt (2022-pl)"
    assert texts["SO19"] == "2020: 1,498 mio. kr. / 2021-2025: 1,048 mio. kr. årligt"
    for item in data.NOTES:  # what the data file says is what was stored
        price = f" ({item['price_level']})" if item["price_level"] else ""
        assert texts[item["code"]] == item["allocation"] + price


def test_spending_is_recorded_for_past_years_some_under_some_over(ballerup):
    _, notes = notes_and_finance(ballerup)
    spent = [y for _, f in notes.values() for y in f.years if y.spent is not None]
    assert {y.year for y in spent} == {2020, 2021, 2022, 2023, 2024, 2025}
    assert any(y.spent < y.allocated for y in spent)
    assert any(y.spent > y.allocated for y in spent)
    so19 = notes["SO19"][1]
    assert (so19.years[0].year, so19.years[0].spent, so19.years[0].planned) == (
        2020,
        D("1287640"),
        D("1498000"),  # 1.1 at 5 hours + 1.2's courses + 2.4's homework café, from the catalogue
    )
    assert not [y for y in notes["SO03"][1].years if y.spent is not None]


def test_two_status_rounds_report_every_funded_initiative(ballerup):
    ids = dict(
        Initiative.objects.filter(organisation=ballerup, code__in=FUNDED).values_list("code", "pk")
    )
    for as_of in (APRIL, OCTOBER):
        statuses = status_as_of(ids.values(), as_of)
        assert {u.initiative.code for u in statuses.values()} == set(FUNDED)
        assert {u.as_of for u in statuses.values()} == {as_of}
        assert all("\n- " in u.text or u.state == "finished" for u in statuses.values())
    states = {u.state for u in StatusUpdate.objects.filter(initiative__organisation=ballerup)}
    assert {"on_track", "at_risk", "off_track", "finished"} <= states
    april = status_as_of(ids.values(), dt.date(2025, 10, 30))
    assert {u.as_of for u in april.values()} == {APRIL}  # October's round is not yet known
    assert april[ids["3.1"]].state == "off_track"
    assert status_as_of(ids.values(), OCTOBER)[ids["3.1"]].state == "at_risk"
    # 2 rounds x 11 + a correction, and 1.1's status for the current round (load_ballerup_rounds)
    assert StatusUpdate.objects.filter(initiative__organisation=ballerup).count() == 24


def test_the_correction_is_a_new_version_in_the_history(ballerup):
    initiative = Initiative.objects.get(organisation=ballerup, code="3.4")
    history = status_history(initiative)
    correction, original, april = history
    assert correction.supersedes == original
    assert (correction.as_of, original.as_of, april.as_of) == (OCTOBER, OCTOBER, APRIL)
    assert "12 opslag" in original.text and "21 opslag" in correction.text
    assert correction.author_name == "Dorthe Konsulent"
    assert original.author_name == "Lars Leder"
    assert status_as_of([initiative.pk], OCTOBER) == {initiative.pk: correction}
    no_hire = Indicator.objects.get(organisation=ballerup, name="Stillingsopslag uden ansættelse")
    assert series_as_of([no_hire.pk], OCTOBER)[no_hire.pk][2025] == D(21)
    assert list(
        IndicatorValue.objects.filter(indicator=no_hire, year=2025)
        .order_by("created_at", "id")
        .values_list("value", "status_update")
    ) == [(D(12), original.pk), (D(21), correction.pk)]


def test_indicators_have_history_targets_and_values_reported_in_the_rounds(ballerup):
    indicators = {i.name: i for i in Indicator.objects.filter(organisation=ballerup)}
    assert len(indicators) == len(data.INDICATORS)
    ids = [i.pk for i in indicators.values()]
    as_of_april = series_as_of(ids, APRIL)
    as_of_october = series_as_of(ids, OCTOBER)
    turnover = indicators["Personaleomsætning, SOSU-personale"]
    assert as_of_october[turnover.pk] == {
        2019: D("19.8"),
        2020: D("18.9"),
        2021: D("21.4"),
        2022: D("22.1"),
        2023: D("19.6"),
        2024: D("17.9"),
        2025: D("16.8"),
    }
    assert as_of_april[turnover.pk][2025] == D("17.2")
    started = indicators["Medarbejdere startet på uddannelse"]
    assert 2025 not in as_of_april[started.pk]
    assert as_of_october[started.pk][2025] == D(24)
    assert all(min(s) <= 2020 or len(s) >= 3 for s in as_of_october.values())
    assert {i.unit for i in indicators.values()} == {"count", "percent", "kr", "ratio"}
    assert {i.direction for i in indicators.values()} == {"higher", "lower"}
    targets = targets_for(ids)
    assert len(targets) >= 6
    (target,) = targets[turnover.pk]
    assert (target.baseline_value, target.baseline_year, target.target_value) == (
        D("19.8"),
        2019,
        D("15.0"),
    )
    assert target.deadline_year == 2027
    owners = {
        ("initiative" if i.initiative_id else "note" if i.budget_note_id else "org")
        for i in indicators.values()
    }
    assert owners == {"initiative", "note", "org"}
    reported = IndicatorValue.objects.filter(indicator__organisation=ballerup)
    assert set(reported.values_list("recorded_on", flat=True)) == {APRIL, OCTOBER}
    assert not reported.filter(year__lt=2024).exclude(status_update=None).exists()
    assert not reported.filter(year__gte=2024, status_update=None).exists()


def test_the_demo_can_be_loaded_again_over_itself(ballerup):
    again = load_ballerup()
    assert again.pk != ballerup.pk
    _, notes = notes_and_finance(again)
    assert len(notes) == len(data.NOTES)
    assert StatusUpdate.objects.filter(initiative__organisation=again).count() == 24
