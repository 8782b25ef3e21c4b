import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.template.loader import render_to_string

from indsats.calc.disclosure import SharedCohort
from indsats.calc.kpi import Breakdown, CohortCounts
from indsats.reports import pipeline_charts as pc
from indsats.students.selectors import IntakeRow

SVG = "{http://www.w3.org/2000/svg}"

SSH_2022 = CohortCounts("ssh", 2022, started=37, completed=31, dropped_out=6, hired=19)
SSA_2020 = CohortCounts("ssa", 2020, started=45, completed=27, dropped_out=18, hired=15)
CAUSES_SSA = Breakdown(
    "ssa",
    2023,
    {
        "private_life": 6,
        "academic_demands": 5,
        "absence": 4,
        "illness": 3,
        "ssa_to_ssh": 3,
        "job_elsewhere": 3,
        "moved": 1,
        "death": 1,
        "other": 2,
    },
)
CAUSES_SSH = Breakdown("ssh", 2023, {"academic_demands": 5, "wrong_choice": 2, "other": 2})
PLACES_SSH = Breakdown(
    "ssh", 2022, {"Døgnplejen": 7, "Omsorgscentre/daghjem": 7, "Ansat som SSA-elever": 5}
)
PLACES_SSA = Breakdown(
    "ssa",
    2020,
    {"Døgnplejen": 8, "Omsorgscentre/daghjem": 5, "Rehabilitering og de midlertidige pladser": 2},
)


def parse(svg: str):
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    return root, texts


def no_float_artefacts(svg: str):
    # Coordinates have at most one decimal; no printed figure has a binary-float tail.
    root = ET.fromstring(svg)
    for el in root.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2", "width", "height"):
            if el.get(name) is not None:
                assert re.fullmatch(r"-?\d+(\.\d)?", el.get(name)), (name, el.get(name))
        if el.tag == f"{SVG}text":
            assert not re.search(r"\d\.\d{3,}|\d[eE][+-]?\d|\d\.\d+ %", el.text or ""), el.text


def test_funnel_prints_counts_and_danish_rates():
    svg = pc.funnel_chart([SSH_2022, SSA_2020], chart_id="tragt")
    root, texts = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "tragt-title tragt-desc"
    assert root.find(f"{SVG}title").text.startswith("Fra elev til ansat")
    assert "SSH, årgang 2022" in texts and "SSA, årgang 2020" in texts
    assert "31 (83,8 % af startede)" in texts
    assert "19 (61,3 % af gennemførte)" in texts
    assert "27 (60,0 % af startede)" in texts
    assert "15 (55,6 % af gennemførte)" in texts
    desc = root.find(f"{SVG}desc").text
    assert "SSH, årgang 2022: Startet 37, Gennemført 31 (83,8 % af startede)" in desc
    # three bars per cohort
    assert len(root.find(f"{SVG}g[@class='bars']").findall(f"{SVG}rect")) == 6
    no_float_artefacts(svg)


def test_funnel_with_hidden_counts_draws_no_bar_and_says_under_5():
    small = CohortCounts("ssh", 2021, started=12, completed=9, dropped_out=3, hired=4)
    shared = SharedCohort(small)
    svg = pc.funnel_chart([shared])
    root, texts = parse(svg)
    assert shared.hired is None
    assert "<5 (– af gennemførte)" in texts
    assert "4" not in " ".join(texts).split()
    bars = root.find(f"{SVG}g[@class='bars']").findall(f"{SVG}rect")
    assert len(bars) == sum(v is not None for v in (shared.started, shared.completed, shared.hired))


def test_funnel_table_has_the_rates():
    table = pc.funnel_table([SSH_2022])
    texts = [c.text for c in table.rows[0]]
    assert texts == [
        "SSH, årgang 2022",
        "37",
        "31",
        "6",
        "0",
        "19",
        "83,8 %",
        "16,2 %",
        "61,3 %",
        "51,4 %",
    ]
    assert [c.kind for c in table.rows[0]][1:7] == ["count"] * 5 + ["rate"]
    ongoing = pc.funnel_table([CohortCounts("ssa", 2024, 50, 2, 3, 1)])
    assert [c.text for c in ongoing.rows[0]] == [
        "SSA, årgang 2024 (i gang)", "50", "2", "3", "45", "1", "–", "–", "–", "–",
    ]  # fmt: skip


def test_empty_funnel_says_so():
    root, texts = parse(pc.funnel_chart([]))
    assert texts == ["Ingen afsluttede årgange endnu"]


def test_phase_chart_in_phase_order():
    b = Breakdown("ssa", 2020, {"O2": 2, "GF": 6, "S1": 3, "O1": 7})
    svg = pc.phase_chart([b])
    root, texts = parse(svg)
    axis = [t for t in texts if t in {"GF", "S1", "O1", "O2"}]
    assert axis == ["GF", "S1", "O1", "O2"]
    assert ["6", "3", "7", "2"] == [
        t.text for t in root.find(f"{SVG}g[@class='bars']").iter(f"{SVG}text") if t.get("class")
    ]
    assert "Grundforløb 6, Skoleperiode 1 3, Oplæringsperiode 1 7" in root.find(f"{SVG}desc").text
    table = pc.phase_table([b])
    assert [r[0].text for r in table.rows] == [
        "GF Grundforløb",
        "S1 Skoleperiode 1",
        "O1 Oplæringsperiode 1",
        "O2 Oplæringsperiode 2",
        "I alt",
    ]
    assert table.rows[-1][1].text == "18"
    no_float_artefacts(svg)


def test_phase_chart_shared_hides_small_phases():
    b = pc.ShownBreakdown.of(
        Breakdown("ssa", 2020, {"GF": 6, "S1": 3, "O1": 7, "O2": 2}), shared=True
    )
    assert b.counts == {"GF": 6, "S1": None, "O1": 7, "O2": None}
    root, texts = parse(pc.phase_chart([b]))
    values = [
        t.text for t in root.find(f"{SVG}g[@class='bars']").iter(f"{SVG}text") if t.get("class")
    ]
    assert values == ["6", "<5", "7", "<5"]
    assert len(root.find(f"{SVG}g[@class='bars']").findall(f"{SVG}rect")) == 2


def test_causes_chart_largest_first_with_labels():
    svg = pc.causes_chart([CAUSES_SSA, CAUSES_SSH], chart_id="c")
    root, texts = parse(svg)
    assert "SSA, frafaldet i 2023 (28 frafald i alt)" in texts
    assert "SSH, frafaldet i 2023 (9 frafald i alt)" in texts
    i = texts.index("SSA, frafaldet i 2023 (28 frafald i alt)")
    assert texts[i + 1 : i + 5] == ["Udfordringer i privatlivet", "6", "For høje faglige krav", "5"]
    assert "Forkert uddannelsesvalg" in texts
    table = pc.causes_table([CAUSES_SSA, CAUSES_SSH])
    ssa = [(r[2].text, r[3].text) for r in table.rows if r[0].text == "SSA"]
    assert len(ssa) == 10 and ssa[-1] == ("I alt", "28")
    assert ("Dødsfald", "1") in ssa
    no_float_artefacts(svg)


def test_causes_chart_shared():
    shared = pc.ShownBreakdown.of(CAUSES_SSA, shared=True)
    assert shared.total == 28
    assert {k for k, v in shared.counts.items() if v is not None} == {
        "private_life",
        "academic_demands",
    }
    root, texts = parse(pc.causes_chart([shared]))
    i = texts.index("SSA, frafaldet i 2023 (28 frafald i alt)")
    assert texts[i + 1 : i + 5] == ["Udfordringer i privatlivet", "6", "For høje faglige krav", "5"]
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "value"]
    assert values.count("<5") == 7
    tiny = pc.ShownBreakdown.of(CAUSES_SSH, shared=True)
    assert tiny.total == 9 and tiny.counts["academic_demands"] is None  # the rest would give it
    table = pc.causes_table([tiny])
    assert {r[3].text for r in table.rows} == {"<5", "skjult", "9"}  # 5 hidden to protect


def test_places_chart():
    svg = pc.places_chart([PLACES_SSH, PLACES_SSA])
    root, texts = parse(svg)
    assert (
        "SSH, årgang 2022 (19 ansat i alt)" in texts
        and "SSA, årgang 2020 (15 ansat i alt)" in texts
    )
    assert "Rehabilitering og de midlertidige…" in texts  # in full in the table and desc
    assert "Rehabilitering og de midlertidige pladser 2" in root.find(f"{SVG}desc").text
    assert pc.places_table([PLACES_SSA]).rows[0][2].text == "Døgnplejen"


def test_sick_leave_chart_danish_percentages():
    series = {2022: Decimal("9.1"), 2023: Decimal("8.64"), 2024: None}
    svg = pc.sick_leave_chart(series, chart_id="syg")
    root, texts = parse(svg)
    assert "8,64 %" in texts and "9,10 %" in texts and "–" in texts
    assert "0 %" in texts  # the axis
    assert root.find(f"{SVG}desc").text == "Søjlediagram. 2022: 9,10 %; 2023: 8,64 %; 2024: –."
    assert len(root.find(f"{SVG}g[@class='bars']").findall(f"{SVG}rect")) == 2
    table = pc.sick_leave_table(series)
    assert [[c.text for c in r] for r in table.rows] == [
        ["2022", "9,10 %"],
        ["2023", "8,64 %"],
        ["2024", "–"],
    ]
    no_float_artefacts(svg)


def test_intake_chart_marks_required():
    rows = [
        IntakeRow("ssh", 2023, 28, 27),
        IntakeRow("ssa", 2023, 57, 56),
        IntakeRow("ssh", 2024, 3, 27),
    ]
    svg = pc.intake_chart(rows)
    root, texts = parse(svg)
    assert {"28", "57", "3", "2023", "2024", "Dimensionering", "SSH", "SSA"} <= set(texts)
    assert len(root.findall(f".//{SVG}line[@class='marker']")) == 3
    assert "SSH 2023: ansat 28, dimensionering 27" in root.find(f"{SVG}desc").text
    shared = [
        IntakeRow(r.education, r.year, None if r.started < 5 else r.started, r.required)
        for r in rows
    ]
    root, texts = parse(pc.intake_chart(shared))
    assert "<5" in texts and "3" not in texts
    table = pc.intake_table(rows)
    assert [c.text for c in table.rows[1]][2:] == ["57", "56", "101,8 %"]
    assert pc.intake_table(shared).rows[2][4].text == "–"


def test_table_include_tags_count_cells():
    table = pc.funnel_table([SharedCohort(CohortCounts("ssh", 2021, 12, 9, 3, 4))])
    html = render_to_string("reports/_pipeline_table.html", {"table": table})
    counts = re.findall(r'data-kind="count">([^<]*)<', html)
    assert counts.pop(3) == "0"  # nobody under way in a finished cohort: public, not small
    assert counts and all(c in ("&lt;5", "skjult") or int(c.replace(".", "")) >= 5 for c in counts)
    # 12 started, 9 completed, 3 dropped out: 3 is "<5", 9 is hidden with it as "skjult"
    assert [c.text for c in table.rows[0]][1:4] == ["12", "skjult", "<5"]
    assert "<caption>" in html and 'scope="row"' in html


def test_year_cells_are_not_grouped():
    table = pc.sick_leave_table({2023: Decimal("8.64")})
    assert table.rows[0][0].text == "2023"


def test_a_chart_with_every_value_hidden_says_so():
    hidden = pc.ShownBreakdown.of(Breakdown("ssh", 2021, {"GF": 1, "O1": 2}), shared=True)
    for svg in (pc.phase_chart([hidden]), pc.causes_chart([hidden])):
        root, texts = parse(svg)
        message = "Tallene vises ikke: de er under 5, eller et tal under 5 kunne regnes ud af dem"
        assert texts == [message]
        assert root.find(f"{SVG}desc").text == message


def test_shared_phase_table_shows_no_zero_for_a_phase_without_dropouts():
    """Outside the organisation a phase nobody left in is a count below 5 as well: "<5", not 0;
    inside it is 0."""
    from indsats.calc.kpi import Breakdown
    from indsats.reports.pipeline_charts import ShownBreakdown, phase_table

    ssa = Breakdown("ssa", 2022, {"GF": 9, "O1": 6, "O2": 5})
    ssh = Breakdown("ssh", 2024, {"GF": 6, "S2": 7})
    shared = phase_table([ShownBreakdown.of(b, shared=True) for b in (ssa, ssh)])
    texts = {row[0].text: [c.text for c in row[1:]] for row in shared.rows}
    assert texts["S2 Skoleperiode 2"] == ["<5", "7"]
    assert texts["O1 Oplæringsperiode 1"] == ["6", "<5"]
    assert not any(t in ("0", "1", "2", "3", "4") for row in texts.values() for t in row)
    inside = phase_table([ssa, ssh])
    texts = {row[0].text: [c.text for c in row[1:]] for row in inside.rows}
    assert texts["S2 Skoleperiode 2"] == ["0", "7"]
