"""strategies.explain: the sentence explaining a criterion's verdict, worded from
calc.criteria's grounds with gettext: the Danish sentences as before, English ones when English
is active."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from indsats.calc.criteria import evaluate
from indsats.strategies import selectors
from indsats.strategies.explain import explain

from .test_selectors import strategy  # noqa: F401 (fixture)


def sentence(kind, series, *, direction, baseline, year, target, deadline, unit="percent"):
    result = evaluate(
        kind=kind,
        direction=direction,
        baseline=baseline,
        baseline_year=year,
        target=target,
        deadline_year=deadline,
        series=series,
        unit=unit,
    )
    return explain(result.basis)


# kind, direction, baseline, target, series, Danish sentence, English sentence
CASES = [
    (
        "change_rel", "lower", D("40"), D("-7"), {2020: D("40"), 2023: D("39.1304")},
        "Senest 39,1 % (2023); målet er 37,2 % i 2026. "
        "Udviklingen går den rigtige vej, men for langsomt.",
        "Latest 39,1 % (2023); the target is 37,2 % by 2026. "
        "The trend is going the right way, but too slowly.",
    ),
    (
        "change_rel", "lower", D("40"), D("-7"), {2020: D("40"), 2023: D("38.5")},
        "Senest 38,5 % (2023); målet er 37,2 % i 2026. "
        "Udviklingen går den rigtige vej og når målet til tiden, hvis den fortsætter.",
        "Latest 38,5 % (2023); the target is 37,2 % by 2026. "
        "The trend is going the right way and will reach the target in time if it continues.",
    ),
    (
        "change_rel", "lower", D("40"), D("-7"), {2023: D("36")},
        "Senest 36,0 % (2023); målet er 37,2 % i 2026. Målet er nået.",
        "Latest 36,0 % (2023); the target is 37,2 % by 2026. The target has been reached.",
    ),
    (
        "change_pp", "lower", D("8.64"), D("-1"), {2023: D("8.64"), 2024: D("9.1")},
        "Senest 9,1 % (2024); målet er 7,64 % i 2027. Udviklingen går den forkerte vej.",
        "Latest 9,1 % (2024); the target is 7,64 % by 2027. The trend is going the wrong way.",
    ),
    (
        "change_pp", "lower", D("8.64"), D("-1"), {2023: D("8.64"), 2024: D("8.64")},
        "Senest 8,64 % (2024); målet er 7,64 % i 2027. Udviklingen står stille.",
        "Latest 8,64 % (2024); the target is 7,64 % by 2027. There is no change.",
    ),
    (
        "change_pp", "higher", D("41.46"), D("3"), {2024: D("43")},
        "Senest 43,0 % (2024); målet er 44,46 % i 2027. "
        "Udviklingen går den rigtige vej og når målet til tiden, hvis den fortsætter.",
        "Latest 43,0 % (2024); the target is 44,46 % by 2027. "
        "The trend is going the right way and will reach the target in time if it continues.",
    ),
    (
        "level", "higher", D("41.46"), D("45"), {2023: D("43")},
        "Senest 43,0 % (2023); målet er 45,0 % i 2027. "
        "Der er kun én måling, så udviklingen kan endnu ikke vurderes.",
        "Latest 43,0 % (2023); the target is 45,0 % by 2027. "
        "There is only one measurement, so the trend cannot be assessed yet.",
    ),
    (
        "level", "higher", D("41.46"), D("45"), {2027: D("44")},
        "Senest 44,0 % (2027); målet er 45,0 % i 2027. Fristen er nået, uden at målet er nået.",
        "Latest 44,0 % (2027); the target is 45,0 % by 2027. "
        "The deadline has come without the target being reached.",
    ),
    (
        "level", "higher", D("41.46"), D("45"), {2019: D("50")},
        "Ingen målinger fra 2023 eller senere; målet er 45,0 % i 2027.",
        "No measurements from 2023 or later; the target is 45,0 % by 2027.",
    ),
    (
        "change_pp", "lower", None, D("-1"), {2024: D("8")},
        "Der er ingen udgangsværdi for 2023, så målet kan ikke beregnes.",
        "There is no baseline value for 2023, so the target cannot be calculated.",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "direction", "baseline", "target", "series", "da", "en"), CASES)
def test_sentences_in_danish_and_english(kind, direction, baseline, target, series, da, en):
    args = {
        "direction": direction,
        "baseline": baseline,
        "year": 2020 if kind == "change_rel" else 2023,
        "target": target,
        "deadline": 2026 if kind == "change_rel" else 2027,
    }
    with translation.override("da"):
        assert sentence(kind, series, **args) == da
    with translation.override("en"):
        assert sentence(kind, series, **args) == en


MINIMUM = [
    (
        "higher", {2023: D("11"), 2024: D("9")},
        "Senest 9 (2024); målet er mindst 8 hvert år til 2027. "
        "Målet er nået hvert år fra 2023 til 2024.",
        "Latest 9 (2024); the target is at least 8 every year until 2027. "
        "The target has been reached every year from 2023 to 2024.",
    ),
    (
        "higher", {2023: D("11")},
        "Senest 11 (2023); målet er mindst 8 hvert år til 2027. Målet er nået i 2023.",
        "Latest 11 (2023); the target is at least 8 every year until 2027. "
        "The target was reached in 2023.",
    ),
    (
        "higher", {2023: D("6"), 2024: D("9")},
        "Senest 9 (2024); målet er mindst 8 hvert år til 2027. "
        "Målet er nået det seneste år, men ikke i 2023.",
        "Latest 9 (2024); the target is at least 8 every year until 2027. "
        "The target was reached in the latest year, but not in 2023.",
    ),
    (
        "higher", {2021: D("5"), 2022: D("6"), 2023: D("7"), 2024: D("9")},
        "Senest 9 (2024); målet er mindst 8 hvert år til 2027. "
        "Målet er nået det seneste år, men ikke i 2022 og 2023.",
        "Latest 9 (2024); the target is at least 8 every year until 2027. "
        "The target was reached in the latest year, but not in 2022 and 2023.",
    ),
    (
        "higher", {2023: D("11"), 2024: D("7")},
        "Senest 7 (2024); målet er mindst 8 hvert år til 2027. Det seneste år nåede ikke målet.",
        "Latest 7 (2024); the target is at least 8 every year until 2027. "
        "The latest year did not reach the target.",
    ),
    (
        "lower", {2023: D("9")},
        "Senest 9 (2023); målet er højst 8 hvert år til 2027. Det seneste år nåede ikke målet.",
        "Latest 9 (2023); the target is at most 8 every year until 2027. "
        "The latest year did not reach the target.",
    ),
    (
        "higher", {2019: D("11")},
        "Ingen målinger fra 2022 eller senere; målet er mindst 8 hvert år til 2027.",
        "No measurements from 2022 or later; the target is at least 8 every year until 2027.",
    ),
    (
        "lower", {},
        "Ingen målinger fra 2022 eller senere; målet er højst 8 hvert år til 2027.",
        "No measurements from 2022 or later; the target is at most 8 every year until 2027.",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("direction", "series", "da", "en"), MINIMUM)
def test_minimum_sentences(direction, series, da, en):
    args = {
        "direction": direction,
        "baseline": None,
        "year": 2022,
        "target": D("8"),
        "deadline": 2027,
        "unit": "count",
    }
    with translation.override("da"):
        assert sentence("min_year", series, **args) == da
    with translation.override("en"):
        assert sentence("min_year", series, **args) == en


@pytest.mark.django_db
def test_criterion_progress_explains_in_the_active_language(strategy):  # noqa: F811
    turnover, sick, own = selectors.criterion_progress(strategy)
    with translation.override("en"):
        assert turnover.explanation.startswith(
            "Latest 17,0 % (2024); the target is 16,0 % by 2027."
        )
        assert sick.explanation == (
            "Latest 9,10 % (2024); the target is 7,64 % by 2027. The trend is going the wrong way."
        )
        assert own.explanation.startswith("Latest 6 (2024); the target is at least 5 every year")
    with translation.override("da"):
        assert sick.explanation == (
            "Senest 9,10 % (2024); målet er 7,64 % i 2027. Udviklingen går den forkerte vej."
        )
