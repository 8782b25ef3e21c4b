"""The strategy follow-up report: the rows, the four formats, the sharing mode (no count below 5
anywhere) and the query count."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from docx import Document
from docx.shared import Mm

from indsats.calc.disclosure import THRESHOLD
from indsats.reports import strategy as sr
from indsats.strategies.models import SuccessCriterion
from indsats.students.choices import DropoutCause
from indsats.students.models import CohortFigures
from tests.reports import strategy_data
from tests.reports.readers import docx_text, pdf_text, workbook

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"

SEED_RATES = ["83,8 %", "60,0 %", "61,3 %", "55,6 %", "41,5 %"]
CAUSE_LABELS = {value: str(label) for value, label in DropoutCause.choices}


@pytest.fixture
def frederikssund(org):
    return strategy_data.frederikssund(org)


@pytest.fixture
def small(org):
    return strategy_data.small_counts(org)


# --- reading counts back from each format -------------------------------------------------


def _count(text: str) -> int | None:
    """The count a cell shows: None for "<5", else the number (criteria cells add the year in
    brackets: "11 (2023)")."""
    text = text.replace("&lt;", "<").strip().split(" (")[0].strip()
    if text in (sr.HIDDEN, "skjult"):
        return None
    return int(text.replace(".", ""))


def html_counts(html: str) -> list[int | None]:
    cells = re.findall(r'data-kind="count">([^<]*(?:&lt;5[^<]*)?)</t[dh]>', html)
    assert cells
    return [_count(c) for c in cells]


def svg_counts(report) -> list[int | None]:
    """Every count printed in the pipeline charts (bars' values and panel totals)."""
    out = []
    for chart in report.charts:
        root = ET.fromstring(chart.svg)
        css = root.get("class")
        for t in root.iter(f"{SVG}text"):
            text = t.text or ""
            if t.get("class") == "value" and "sick-leave-chart" not in css:
                out.append(_count(text.split(" (")[0]))
            if t.get("class") == "panel" and "i alt)" in text:
                out.append(_count(text.rsplit("(", 1)[1].split(" ")[0]))
    return out


def pdf_layout_counts(report) -> list[int | None]:
    """The text WeasyPrint lays out inside the cells tagged as counts, read from its own
    document (the layout the PDF is written from)."""
    from weasyprint import HTML

    html = render_to_string("reports/strategy_pdf.html", {"report": report})
    document = HTML(string=html).render()
    found: dict[int, list[str]] = {}

    def walk(box, cell_id):
        element = getattr(box, "element", None)
        if element is not None and hasattr(element, "get") and element.get("data-kind") == "count":
            cell_id = id(element)
        text = getattr(box, "text", None)
        if cell_id is not None and isinstance(text, str):
            found.setdefault(cell_id, []).append(text)
        for child in getattr(box, "children", None) or []:
            walk(child, cell_id)

    for page in document.pages:
        walk(page._page_box, None)
    assert found
    return [_count(" ".join(parts)) for parts in found.values()]


def docx_counts(content: bytes, report) -> list[int | None]:
    doc = Document(io.BytesIO(content))
    out = []
    criteria_table = doc.tables[0]
    for row, criterion in zip(criteria_table.rows[1:], report.criteria, strict=True):
        if criterion.is_count:
            for i in (2, 4):
                if row.cells[i].text != "–":
                    out.append(_count(row.cells[i].text))
    tables = [t for t in report.tables if t.rows]
    for word, table in zip(doc.tables[1 : 1 + len(tables)], tables, strict=True):
        assert [c.text for c in word.rows[0].cells] == list(table.headers)
        columns = {i for r in table.rows for i, c in enumerate(r) if c.kind == "count"}
        for row in word.rows[1:]:
            out.extend(_count(row.cells[i].text) for i in columns)
    return out


def xlsx_counts(content: bytes, report) -> list[int | None]:
    wb = workbook(content)
    out = []

    def value(v):
        if v in (sr.HIDDEN, "skjult"):
            return None
        assert isinstance(v, int), v
        return v

    ws = wb["Succeskriterier"]
    for r, criterion in enumerate(report.criteria, start=6):
        if criterion.is_count:
            for col in (5, 9):
                v = ws.cell(row=r, column=col).value
                if v is not None:
                    out.append(value(int(v) if isinstance(v, (int, Decimal)) else v))
    for chart in report.charts:
        if not chart.table.rows:
            continue
        ws = next(w for w in wb.worksheets if w["A1"].value == chart.title)
        assert [c.value for c in ws[5]][: len(chart.table.headers)] == list(chart.table.headers)
        columns = {i for r in chart.table.rows for i, c in enumerate(r) if c.kind == "count"}
        for r in range(6, 6 + len(chart.table.rows)):
            for i in columns:
                out.append(value(ws.cell(row=r, column=i + 1).value))
    return out


def small_shown(counts) -> list[int]:
    return [c for c in counts if c is not None and c < THRESHOLD]


# --- Frederikssund's published figures ------------------------------------------------------


def test_frederikssund_rows(frederikssund):
    report = sr.build_strategy_report(frederikssund, year=2024)
    assert report.overall_yield_text == "41,5 %"
    assert report.overall_yield_basis == "SSH 2022 og SSA 2020"
    funnel = {row[0].text: [c.text for c in row] for row in report.cohorts.table.rows}
    assert funnel["SSH, årgang 2022"][1:3] == ["37", "31"]
    assert funnel["SSH, årgang 2022"][6] == "83,8 %" and funnel["SSH, årgang 2022"][8] == "61,3 %"
    assert funnel["SSA, årgang 2020"][6] == "60,0 %" and funnel["SSA, årgang 2020"][8] == "55,6 %"
    causes = {(r[0].text, r[2].text): r[3].text for r in report.causes.table.rows}
    assert causes[("SSA", "I alt")] == "28" and causes[("SSH", "I alt")] == "9"
    assert len([k for k in causes if k[0] == "SSA" and k[1] != "I alt"]) == 9
    assert causes[("SSA", "Udfordringer i privatlivet")] == "6"
    assert causes[("SSH", "Forkert uddannelsesvalg")] == "2"
    criteria = {c.statement[:20]: c for c in report.criteria}
    dropout = criteria["Frafaldet under hove"]
    assert dropout.target_text == "−7 % til 37,2 % i 2026"
    assert dropout.baseline_text == "40,0 % (2020)"
    sick = criteria["Elevernes sygefravær"]
    assert sick.target_text == "−1 procentpoint til 7,64 % i 2027"
    assert sick.latest_text == "8,64 % (2023)"
    own_ssh = criteria["Vi ansætter årligt m"]
    assert own_ssh.latest_text == "5 (2023)" and own_ssh.verdict == "reached"
    assert own_ssh.target_text == "mindst 5 om året til 2027"
    assert [a.name for a in report.focus_areas] == [
        "#1 Før uddannelse",
        "#2 Under uddannelse",
        "#3 Efter uddannelse",
    ]
    assert report.focus_areas[1].started == ("9.1 Personlige vejledere",)
    assert report.focus_areas[2].planned == ("9.2 Mentorordning for nyuddannede",)
    rows = report.programmes[0].rows
    assert [(r.item[:12], r.status, r.first, r.span) for r in rows] == [
        ("SOSU-uddanne", "Implementeret 2021", True, 2),
        ("SOSU-uddanne", "Implementeret primo 2023", False, 2),
        ("Spireordning", "Afventer", True, 1),
    ]


def test_frederikssund_figures_in_every_format(frederikssund, client, make_member, org):
    report = sr.build_strategy_report(frederikssund, year=2024)
    client.force_login(make_member(org, "readonly"))
    page = client.get(
        reverse("reports:strategy", kwargs={"org": org.slug, "strategy_pk": frederikssund.pk}),
        {"aar": 2024},
    ).content.decode()
    pdf = pdf_text(sr.render_pdf(report))
    docx = docx_text(sr.render_docx(report))
    for text in (page, pdf, docx):
        for rate in SEED_RATES:
            assert rate in text, rate
        for cause in ("Udfordringer i privatlivet", "Dødsfald", "Forkert uddannelsesvalg"):
            assert cause in text
    assert (
        "SSA, frafaldet i 2023 (28 frafald i alt)" in page
        and "SSA, frafaldet i 2023 (28 frafald i alt)" in pdf
    )
    expected = {("SSA", CAUSE_LABELS[k], str(n)) for k, n in strategy_data.SSA_CAUSES_2023.items()}
    expected |= {("SSH", CAUSE_LABELS[k], str(n)) for k, n in strategy_data.SSH_CAUSES_2023.items()}
    expected |= {("SSA", "I alt", "28"), ("SSH", "I alt", "9")}
    page_rows = set()
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        if len(cells) == 4 and cells[1] == "2023":
            page_rows.add((cells[0], cells[2], cells[3]))
    assert page_rows == expected
    word = Document(io.BytesIO(sr.render_docx(report)))
    docx_rows = {
        (r.cells[0].text, r.cells[2].text, r.cells[3].text)
        for t in word.tables
        if [c.text for c in t.rows[0].cells] == ["Uddannelse", "Frafaldsår", "Årsag", "Antal"]
        for r in t.rows[1:]
    }
    assert docx_rows == expected
    for _edu, label, count in expected:
        assert f"{label} {count}" in pdf  # the PDF's table rows as text
    wb = workbook(sr.render_xlsx(report))
    cohorts = wb["Fra elev til ansat"]
    headers = [c.value for c in cohorts[5]]
    rows = {
        r[0]: dict(zip(headers, r, strict=False))
        for r in cohorts.iter_rows(min_row=6, values_only=True)
        if r[0]
    }
    assert rows["SSH, årgang 2022"]["Startet"] == 37
    # Rates are fractions with a % format: 83,8 % is stored as 0.838.
    assert str(rows["SSH, årgang 2022"]["Gennemførelse"]) == "0.838"
    assert str(rows["SSA, årgang 2020"]["Ansat efter uddannelsen, af gennemførte"]) == "0.556"
    assert cohorts.cell(row=6, column=7).number_format == "0.0%"
    assert cohorts.cell(row=6, column=2).number_format == "#,##0"
    yield_row = next(
        r
        for r in cohorts.iter_rows(values_only=True)
        if r[0] and "af startede, SSH 2022" in str(r[0])
    )
    assert str(yield_row[1]) == "0.415"
    causes = wb["Årsager til frafald"]
    ssa = {r[2]: r[3] for r in causes.iter_rows(min_row=6, values_only=True) if r[0] == "SSA"}
    assert ssa["I alt"] == 28 and ssa["Dødsfald"] == 1 and len(ssa) == 10
    ssh = {r[2]: r[3] for r in causes.iter_rows(min_row=6, values_only=True) if r[0] == "SSH"}
    assert ssh == {"For høje faglige krav": 5, "Forkert uddannelsesvalg": 2, "Andet": 2, "I alt": 9}
    assert {"Succeskriterier", "Fokusområder", "Nationale udspil"} <= set(wb.sheetnames)
    # headings longer than Excel allows get a tab name of their own, not a cut-off one
    assert {"Optag og dimensionering", "Frafald pr. fase"} <= set(wb.sheetnames)


def test_records_give_the_same_report_as_totals(org, other_org):
    """Student records equivalent to the published cohorts give the same figures."""
    import datetime as dt

    from indsats.students.models import Student

    n = 0
    for edu, year, started, completed, hired in (
        ("ssh", 2022, 37, 31, 19),
        ("ssa", 2020, 45, 27, 15),
    ):
        for i in range(started):
            n += 1
            done = i < completed
            Student.objects.create(
                organisation=other_org, key=f"e{n}", education=edu,
                hire_date=dt.date(year, 8, 1), cohort_year=year, age_band="25-34",
                outcome="completed" if done else "dropped_out",
                outcome_date=dt.date(year + 2, 6, 30), outcome_year=year + 2,
                dropout_cause="" if done else "other", dropout_phase="" if done else "O1",
                hired_after=i < hired if done else None,
            )  # fmt: skip
    records = strategy_data._strategy(other_org, title="Strategi", criteria=[])
    report = sr.build_strategy_report(records, year=2024)
    assert report.overall_yield_text == "41,5 %"
    texts = {row[0].text: [c.text for c in row] for row in report.cohorts.table.rows}
    assert texts["SSH, årgang 2022"][6] == "83,8 %" and texts["SSA, årgang 2020"][8] == "55,6 %"


# --- sharing mode ---------------------------------------------------------------------------


def test_shared_report_shows_no_count_below_5_anywhere(small, client, make_member, org):
    report = sr.build_strategy_report(small, year=2024, shared=True)
    assert report.shared and report.has_hidden
    ongoing = report.cohorts.table.headers.index("I gang")
    known_zeros = sum(1 for row in report.cohorts.table.rows if row[ongoing].value == 0)
    client.force_login(make_member(org, "readonly"))
    page = client.get(
        reverse("reports:strategy", kwargs={"org": org.slug, "strategy_pk": small.pk}),
        {"aar": 2024, "deling": 1},
    ).content.decode()
    assert "Til deling uden for organisationen" in page
    pdf = sr.render_pdf(report)
    docx = sr.render_docx(report)
    xlsx = sr.render_xlsx(report)
    for name, counts in (
        ("html", html_counts(page)),
        ("svg", svg_counts(report)),
        ("pdf", pdf_layout_counts(report)),
        ("docx", docx_counts(docx, report)),
        ("xlsx", xlsx_counts(xlsx, report)),
    ):
        assert None in counts, name  # something was hidden …
        # … and nothing below 5 is shown but the 0 still under way in a finished cohort,
        # which is public (the cohort is finished), not a small count
        assert small_shown(counts) == ([0] * known_zeros if name != "svg" else []), name
    for criterion in report.criteria:
        if criterion.is_count:
            assert all(t in ("<5", "") or int(t) >= 5 for _y, t in criterion.values)
    text = pdf_text(pdf)
    assert "Til deling uden for organisationen" in text and "<5" in text
    assert "Små tal er skjult" in text and "Små tal er skjult" in docx_text(docx)
    assert "Om små tal" in workbook(xlsx).sheetnames


def test_unshared_report_shows_the_small_counts(small, client, make_member, org):
    report = sr.build_strategy_report(small, year=2024)
    client.force_login(make_member(org, "readonly"))
    page = client.get(
        reverse("reports:strategy", kwargs={"org": org.slug, "strategy_pk": small.pk}),
        {"aar": 2024},
    ).content.decode()
    assert "shared-banner" not in page and "Små tal er skjult" not in page
    for name, counts in (
        ("html", html_counts(page)),
        ("svg", svg_counts(report)),
        ("pdf", pdf_layout_counts(report)),
        ("docx", docx_counts(sr.render_docx(report), report)),
        ("xlsx", xlsx_counts(sr.render_xlsx(report), report)),
    ):
        assert None not in counts, name
        assert {1, 2, 3, 4} <= set(small_shown(counts)), name


def test_shared_criterion_on_a_small_count_says_under_5(small):
    report = sr.build_strategy_report(small, year=2024, shared=True)
    own_ssh = next(c for c in report.criteria if "fem egne SSH" in c.statement)
    assert own_ssh.latest_text == "<5 (2023)" and own_ssh.latest_value is None
    assert own_ssh.latest_hidden
    completion = next(c for c in report.criteria if "Gennemførelsen" in c.statement)
    assert completion.latest_text == "– (2021)"  # 6 of 9: rests on a hidden count
    assert own_ssh.explanation == ""  # it would name the hidden 3
    unshared = sr.build_strategy_report(small, year=2024)
    own_ssh = next(c for c in unshared.criteria if "fem egne SSH" in c.statement)
    assert own_ssh.latest_text == "3 (2023)"
    assert own_ssh.explanation.startswith("Senest 3 (2023); målet er mindst 5 hvert år til 2027.")


def test_shared_overall_yield_hidden_when_a_count_is(small):
    report = sr.build_strategy_report(small, year=2024, shared=True)
    assert report.overall_yield is None and report.overall_yield_hidden
    assert report.overall_yield_text == "–"
    assert sr.build_strategy_report(small, year=2024).overall_yield_text == "33,3 %"  # 7 ÷ 21


def test_shared_breakdown_below_a_hidden_cohort_count_is_hidden_whole(small):
    report = sr.build_strategy_report(small, year=2024, shared=True)
    # SSH 2021's 3 dropouts are hidden, so its phases are too, whatever they are.
    phases = report.phases.table
    ssh_column = list(phases.headers).index("SSH, årgang 2021")
    assert {row[ssh_column].text for row in phases.rows} == {"<5"}


# --- queries --------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_cohorts_and_criteria(
    frederikssund, org, django_assert_max_num_queries
):
    # strategy with prefetches (7), the pipeline for the figures and for the criteria (2 × 12)
    with django_assert_max_num_queries(32) as few:
        sr.build_strategy_report(frederikssund, year=2024, shared=True)
    for year in range(2010, 2020):
        for edu in ("ssh", "ssa"):
            CohortFigures.objects.create(
                organisation=org, education=edu, cohort_year=year, started=30, completed=20,
                dropped_out=10, hired=12,
            )  # fmt: skip
    for i in range(12):
        SuccessCriterion.objects.create(
            strategy=frederikssund, statement=f"Kriterium {i}", kind="level", source="kpi",
            kpi="completion_rate", baseline_year=2015, target_value=70, deadline_year=2027,
            order=10 + i,
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        report = sr.build_strategy_report(frederikssund, year=2024, shared=True)
    assert len(report.criteria) == 16


def test_page_query_count_is_constant(
    frederikssund, client, make_member, org, django_assert_max_num_queries
):
    client.force_login(make_member(org, "readonly"))
    url = reverse("reports:strategy", kwargs={"org": org.slug, "strategy_pk": frederikssund.pk})
    with django_assert_max_num_queries(40) as before:
        assert client.get(url, {"aar": 2024}).status_code == 200
    with django_assert_max_num_queries(41) as before_shared:
        assert client.get(url, {"aar": 2024, "deling": 1}).status_code == 200
    for i in range(8):
        SuccessCriterion.objects.create(
            strategy=frederikssund, statement=f"Kriterium {i}", kind="min_year", source="kpi",
            kpi="started", baseline_year=2020, target_value=20, deadline_year=2027, order=10 + i,
        )  # fmt: skip
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url, {"aar": 2024}).status_code == 200
    with django_assert_max_num_queries(len(before_shared.captured_queries)):
        assert client.get(url, {"aar": 2024, "deling": 1}).status_code == 200


def test_shared_sick_leave_over_fewer_than_five_students_is_hidden(org):
    """Sick leave of four students tells each one's absence: shown inside the organisation,
    hidden in the shared report; the year with twelve students stays."""
    from indsats.students.services import student_records_apply
    from tests.students.records import cohort

    strategy = strategy_data.small_counts(org)
    # cohort(n, year): absence periods in year + 1
    students = cohort(4, 2020) + cohort(12, 2021)
    student_records_apply(organisation=org, actor=None, students=students, source="t")
    shared = sr.build_strategy_report(strategy, year=2024, shared=True)
    texts = {row[0].text: row[1].text for row in shared.sick_leave.table.rows}
    assert texts["2021"] == "–"  # hidden rates show as a dash, like rates on hidden counts
    assert texts["2022"] not in (sr.HIDDEN, "", "–")
    unshared = sr.build_strategy_report(strategy, year=2024)
    texts = {row[0].text: row[1].text for row in unshared.sick_leave.table.rows}
    assert texts["2021"] not in (sr.HIDDEN, "", "–")


def test_docx_has_each_chart_as_a_picture_above_its_table(frederikssund):
    report = sr.build_strategy_report(frederikssund, year=2024)
    assert len(report.charts) == 6
    word = Document(io.BytesIO(sr.render_docx(report)))
    assert len(word.inline_shapes) == len(report.charts)
    for shape in word.inline_shapes:
        assert shape.width == Mm(sr.CHART_WIDTH_MM)
    # Each picture comes after its chart's heading and before that chart's table.
    body = word.element.body
    blocks = [(el.tag.rsplit("}", 1)[1], el) for el in body.iterchildren()]
    order = []
    for kind, el in blocks:
        if kind == "p" and el.xpath(".//pic:pic"):
            order.append("picture")
        elif kind == "p" and el.xpath("string(.)") in {c.title for c in report.charts}:
            order.append("heading")
        elif kind == "tbl" and order and order[-1] == "picture":
            order.append("table")
    assert order == ["heading", "picture", "table"] * len(report.charts)
    with zipfile.ZipFile(io.BytesIO(sr.render_docx(report))) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == len(report.charts)
        assert all(z.read(n).startswith(b"\x89PNG\r\n\x1a\n") for n in media)


def test_a_report_for_a_past_year_counts_only_outcomes_known_by_its_end(org, other_org):
    """Outcomes dated after the report's year were not known then: the 2023 report made today
    equals the 2023 report made at the end of 2023 (those students still under way)."""
    import datetime as dt

    from indsats.students.models import Student

    def students(organisation, later_outcome: bool):
        for i in range(20):
            late = i >= 14  # six students complete in 2024
            done_date = dt.date(2024 if late else 2023, 6, 30)
            ongoing = late and not later_outcome
            Student.objects.create(
                organisation=organisation, key=f"s{i}", education="ssh",
                hire_date=dt.date(2021, 8, 1), cohort_year=2021, age_band="25-34",
                outcome="ongoing" if ongoing else "completed" if i % 7 else "dropped_out",
                outcome_date=None if ongoing else done_date,
                outcome_year=None if ongoing else done_date.year,
                dropout_cause="" if ongoing or i % 7 else "other",
                dropout_phase="" if ongoing or i % 7 else "O1",
                hired_after=None if ongoing or not i % 7 else i % 2 == 0,
            )  # fmt: skip

    students(other_org, later_outcome=True)  # today: everybody's outcome is known
    students(org, later_outcome=False)  # as it stood at the end of 2023
    today = strategy_data._strategy(other_org, title="Strategi", criteria=[])
    then = strategy_data._strategy(org, title="Strategi", criteria=[])

    def rows(strategy, year):
        report = sr.build_strategy_report(strategy, year=year)
        return [[c.text for c in r] for t in report.tables for r in t.rows]

    assert rows(today, 2023) == rows(then, 2023)
    cohort = {r[0]: r for r in rows(today, 2023)}
    assert "SSH, årgang 2021 (i gang)" in cohort
    assert cohort["SSH, årgang 2021 (i gang)"][4] == "6"  # under way at the end of 2023
    assert rows(today, 2024) != rows(then, 2024)  # by 2024 the outcomes are known
