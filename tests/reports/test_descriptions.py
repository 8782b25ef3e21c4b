"""Initiative descriptions on the Ballerup demo, read back from PDF and DOCX."""

import pytest

from indsats.reports import descriptions
from tests.reports.readers import docx_text, pdf_text

pytestmark = pytest.mark.django_db

EXPECTED = [
    "1.1 Frikøb af tid til planlægning af praktikforløbet",
    "100 personer × 5 timer × 10 mdr. × 201,60 kr. = 1.008.000 kr.",
    "5 timer pr. md.", "1.008.000 kr.", "2.016.000 kr.", "3.024.000 kr.", "4.032.000 kr.",
    "Spænd: 1.008.000 kr. – 4.032.000 kr. pr. år",
    "1.719.500 kr.", "3.439.000 kr.", "5.158.500 kr.", "6.878.000 kr.",
    "Spænd: 1.719.500 kr. – 6.878.000 kr. pr. år",
    "Pr. år 2020–2022", "135.000 kr.",
    "480.000 kr.", "Engangs 2020", "226.500 kr.", "403.000 kr.",
    "Besluttet: 403.000 kr. — formlen giver 403.200 kr. (forskel −200 kr.)",
    "Besluttet: 202.000 kr. — formlen giver 201.600 kr. (forskel +400 kr.)",
    "Besluttet: 20.000 kr. — formlen giver 14.515,20 kr. (forskel +5.484,80 kr.)",
    "350.000 kr.", "202.000 kr.",
    "KL-anbefalinger: KL20", "KL35",
    "Rekruttering til og fastholdelse i uddannelse", "Rekruttering til og fastholdelse i stillinger",
    "Formål",
]  # fmt: skip


def test_blocks_grouped_by_theme_in_code_order(ballerup):
    report = descriptions.build_descriptions(organisation=ballerup)
    assert [t.name for t in report.themes] == [
        "Rekruttering til og fastholdelse i uddannelse",
        "Rekruttering til og fastholdelse i stillinger",
    ]
    costed = [[b.code for b in t.blocks if b.lines] for t in report.themes]
    assert costed == [
        ["1.1", "1.2", "2.1", "2.2", "2.3", "2.4"],
        ["3.1", "3.2", "3.3", "3.4", "3.5"],
    ]
    codes = [b.code for b in report.themes[0].blocks]
    assert codes == sorted(codes, key=lambda c: tuple(int(p) for p in c.split(".")))
    block = next(b for b in report.blocks if b.code == "3.2")
    assert [line.flag_text for line in block.lines if line.differs] == [
        "Besluttet: 403.000 kr. — formlen giver 403.200 kr. (forskel −200 kr.)"
    ]
    assert block.range_text == "629.500 kr. engangs"


def test_pdf_has_every_figure(ballerup):
    text = pdf_text(descriptions.render_pdf(descriptions.build_descriptions(organisation=ballerup)))
    for expected in EXPECTED:
        assert expected in text, expected
    # Initiatives financed over operations are in too, without a cost section.
    assert "Faglig stolthed" in text
    assert "Side 1 af" in text


def test_docx_has_every_figure(ballerup):
    import io

    from docx import Document

    content = descriptions.render_docx(descriptions.build_descriptions(organisation=ballerup))
    text = docx_text(content)
    for expected in EXPECTED:
        assert expected in text, expected
    doc = Document(io.BytesIO(content))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[0].startswith("1.1 Frikøb") and headings[-1].startswith("3.11 Opsamling")
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.1)
    scenario_table = next(
        t
        for t in doc.tables
        if t.rows[0].cells[0].text == "Scenarie" and "5 timer pr. md." in t.rows[2].cells[0].text
    )
    # The base case first, then each scenario with what it sets, by the factor's label.
    assert [row.cells[0].text for row in scenario_table.rows[:2]] == [
        "Scenarie",
        "Grundberegning (kun til sammenligning)",
    ]
    assert [row.cells[1].text for row in scenario_table.rows[1:]] == [
        "Timer pr. måned: 5 timer",
        "Timer pr. måned: 5 timer",
        "Timer pr. måned: 10 timer",
        "Timer pr. måned: 15 timer",
        "Timer pr. måned: 20 timer",
    ]
    assert [row.cells[-1].text for row in scenario_table.rows[2:]] == [
        "1.008.000 kr.",
        "2.016.000 kr.",
        "3.024.000 kr.",
        "4.032.000 kr.",
    ]
    assert "timer_pr_md" not in text
    # A line that scenarios change says which scenario its amount is calculated with.
    assert "Beregnet med scenariet »5 timer pr. md.«" in text


def test_initiatives_financed_over_operations_are_described_without_a_cost_section(ballerup):
    from indsats.initiatives.choices import Funding
    from indsats.initiatives.models import Initiative

    report = descriptions.build_descriptions(organisation=ballerup)
    everything = Initiative.objects.filter(organisation=ballerup)
    operations = everything.filter(funding=Funding.OPERATIONS)
    assert operations.count() >= 10
    assert sorted(b.code for b in report.blocks) == sorted(
        everything.values_list("code", flat=True)
    )
    for initiative in operations:
        block = next(b for b in report.blocks if b.code == initiative.code)
        assert ("Finansiering", str(Funding.OPERATIONS.label)) in block.facts
        if not initiative.cost_lines.exists():
            assert block.lines == [] and block.scenarios == []
    text = pdf_text(descriptions.render_pdf(report))
    docx = docx_text(descriptions.render_docx(report))
    for initiative in operations:
        assert initiative.title[:40] in text and initiative.title[:40] in docx
