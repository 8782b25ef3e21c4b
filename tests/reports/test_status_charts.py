"""Sparklines and the indicator chart (SVG), the status account as paragraphs and bullets, and
reading the report's date."""

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest

from indsats.calc.codes import note_code_key
from indsats.reports.charts import indicator_chart, sparkline
from indsats.reports.params import ReportParameterError, parse_as_of, parse_years
from indsats.reports.status import account_blocks, account_plain

SVG = "{http://www.w3.org/2000/svg}"


def test_sparkline_draws_the_series_oldest_first():
    svg = sparkline({2022: D(3), 2020: D(1), 2021: D(5)}, width=100, height=20)
    root = ET.fromstring(svg)
    assert root.get("aria-hidden") == "true"
    points = root.find(f"{SVG}polyline").get("points").split()
    assert points == ["3.0,17.0", "50.0,3.0", "97.0,10.0"]  # 1 low, 5 high, 3 between
    assert root.find(f"{SVG}circle").get("cx") == "97.0"


def test_sparkline_edge_cases():
    assert sparkline({}) == ""
    one = ET.fromstring(sparkline({2024: D(7)}))
    assert one.find(f"{SVG}polyline") is None and one.find(f"{SVG}circle") is not None
    flat = ET.fromstring(sparkline({2023: D(2), 2024: D(2)}, height=24))
    assert {p.split(",")[1] for p in flat.find(f"{SVG}polyline").get("points").split()} == {"12.0"}
    labelled = ET.fromstring(sparkline({2023: D(2)}, label="Frafald <2025>"))
    assert labelled.get("role") == "img" and labelled.get("aria-label") == "Frafald <2025>"


def test_indicator_chart_has_baseline_target_and_text_alternative():
    svg = indicator_chart(
        {2021: D("24.5"), 2022: D("22.5"), 2023: D("21.25")},
        [{"baseline_value": D("24.5"), "baseline_year": 2021, "target_value": D("17.5"),
          "deadline_year": 2026}],
        "percent",
        "Frafald <hovedforløb>",
        chart_id="frafald",
    )  # fmt: skip
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "frafald-title frafald-desc"
    assert root.find(f"{SVG}title").text == "Frafald <hovedforløb>"
    assert root.find(f"{SVG}desc").text == (
        "Linjediagram. Værdier: 2021: 24,5 %; 2022: 22,5 %; 2023: 21,25 %. "
        "Udgangspunkt 24,5 % i 2021, mål 17,5 % i 2026."
    )
    target = root.find(f"{SVG}g[@class='target']")
    lines = target.findall(f"{SVG}line")
    assert [line.get("stroke") for line in lines] == ["#595959", "#b51d09", "#b51d09"]
    assert "Mål 2026: 17,5 %" in [t.text for t in target.iter(f"{SVG}text")]
    assert len(root.find(f"{SVG}g[@class='series']").findall(f"{SVG}circle")) == 3
    years = [t.text for t in root.find(f"{SVG}g[@class='grid']").iter(f"{SVG}text")]
    assert {"2021", "2026"} <= set(years)
    # the baseline is drawn lower (higher y) than the target is not: lower is better here
    baseline_y, target_y = float(lines[0].get("y1")), float(lines[1].get("y1"))
    assert baseline_y < target_y


def test_indicator_chart_without_values_or_targets():
    root = ET.fromstring(indicator_chart({}, [], "count", "Mentorer"))
    assert root.find(f"{SVG}desc").text == "Linjediagram. Ingen værdier endnu."
    root = ET.fromstring(indicator_chart({2024: D("0.4"), 2025: D("0.55")}, [], "ratio", "x"))
    labels = [t.text for t in root.find(f"{SVG}g[@class='grid']").iter(f"{SVG}text")]
    assert labels[:4] == ["0,00", "0,20", "0,40", "0,60"]  # small ticks for a ratio


def test_account_blocks():
    text = "Første afsnit\nfortsætter her.\n\n- et punkt\n  der fortsætter\n- to\nEfter listen.\n\n\n<b>x</b>"
    assert account_blocks(text) == [
        ("p", ("Første afsnit fortsætter her.",)),
        ("ul", ("et punkt der fortsætter", "to")),
        ("p", ("Efter listen.",)),
        ("p", ("<b>x</b>",)),
    ]
    assert account_plain("Intro\n- a\n- b") == "Intro\n\n• a\n• b"
    assert account_blocks("") == []


def test_note_codes_in_danish_natural_order():
    codes = ["ØK77", "SO19", "SO9", "ÆB1", "ÅK2", "BU4"]
    assert sorted(codes, key=note_code_key) == ["BU4", "SO9", "SO19", "ÆB1", "ØK77", "ÅK2"]


TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize("value,expected", [
    (None, TODAY), ("", TODAY), ("2026-04-30", dt.date(2026, 4, 30)),
    ("30.04.2026", dt.date(2026, 4, 30)), ("1-5-2026", dt.date(2026, 5, 1)),
    ("2026-11-22", TODAY),
])  # fmt: skip
def test_parse_as_of(value, expected):
    assert parse_as_of(value, TODAY) == expected


@pytest.mark.parametrize("value,message", [
    ("2026-11-23", "Datoen 23.11.2026 ligger i fremtiden. Status kan kun vises pr. i dag (22.11.2026) eller en tidligere dato."),
    ("april", "»april« er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-11-22."),
    ("2026-13-01", "»2026-13-01« er ikke en dato."),
    ("1899-01-01", "Datoen 01.01.1899 ligger før 1990."),
])  # fmt: skip
def test_parse_as_of_refuses(value, message):
    with pytest.raises(ReportParameterError) as exc:
        parse_as_of(value, TODAY)
    assert str(exc.value).startswith(message)


def test_parse_years():
    assert parse_years(["2026", "", "2024", "2026"]) == [2024, 2026]
    assert parse_years([]) == []
    with pytest.raises(ReportParameterError, match="Året 3000 ligger uden for"):
        parse_years(["3000"])
