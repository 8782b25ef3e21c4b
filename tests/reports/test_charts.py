import xml.etree.ElementTree as ET

import pytest

from indsats.initiatives.selectors import prioritisation_overview
from indsats.reports.charts import step_cost_chart

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def test_chart_is_accessible_svg_with_every_step(ballerup):
    svg = step_cost_chart(
        prioritisation_overview(organisation=ballerup, year=2020), chart_id="graf"
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "graf-title graf-desc"
    assert root.find(f"{SVG}title").text == "Omkostning pr. prioriteringstrin, 2020"
    desc = root.find(f"{SVG}desc").text
    assert (
        "Trin 1: engangs 450.000 kr., pr. år 1.183.000 kr., akkumuleret 1.633.000 kr., beløbsramme 1.700.000 kr."
        in desc
    )
    assert "Trin 4: engangs 0 kr., pr. år 1.719.500 kr., akkumuleret 5.734.000 kr." in desc
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Trin 1", "Trin 2", "Trin 3", "Trin 4", "Akkumuleret", "Beløbsramme"} <= set(labels)
    # one-time + yearly stacked: Trin 1 and 2 have both, Trin 3 and 4 only yearly
    assert len(root.find(f"{SVG}g[@class='bars']").findall(f"{SVG}rect")) == 6
    assert len(root.find(f"{SVG}g[@class='cumulated']").findall(f"{SVG}circle")) == 4


def test_chart_without_costs(org):
    svg = step_cost_chart(prioritisation_overview(organisation=org, year=2026))
    root = ET.fromstring(svg)
    assert "Ingen omkostninger" in root.find(f"{SVG}desc").text


def test_chart_shows_unprioritised_cost_without_cumulating_it(org):
    from tests.factories import CostLineFactory, InitiativeFactory

    CostLineFactory(initiative=InitiativeFactory(organisation=org, priority_step=None))
    svg = step_cost_chart(prioritisation_overview(organisation=org, year=2026))
    root = ET.fromstring(svg)
    assert "Ikke prioriteret" in [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f"{SVG}desc").text.endswith(
        "Ikke prioriteret: engangs 226.500 kr., pr. år 0 kr."
    )
    assert root.find(f"{SVG}g[@class='cumulated']") is None
