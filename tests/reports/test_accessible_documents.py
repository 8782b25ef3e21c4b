"""Every PDF the product makes is tagged (a structure tree with table header cells and figure
alt text, the document's language and title); every DOCX states its language, describes its
pictures and numbers its pages "Side X af Y" with the date."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections import Counter

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from indsats.initiatives.optimiser import optimisation
from indsats.reports import descriptions, prioritisation, status, status_table, strategy
from indsats.reports import optimisation as optimisation_report
from tests.reports import status_data, strategy_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(ballerup, org, other_org):
    data = status_data.build(org)
    status_data.report_round(data, 2)
    return {
        "ballerup": ballerup,
        "status": status.build_status_report(organisation=org, as_of=status_data.ROUND_2),
        "strategy": strategy_data.frederikssund(other_org),
    }


def _pdfs(built):
    ballerup, frederikssund = built["ballerup"], built["strategy"]
    return {
        "prioritering": prioritisation.render_pdf(
            prioritisation.build_prioritisation(organisation=ballerup, year=2020)
        ),
        "beskrivelser": descriptions.render_pdf(
            descriptions.build_descriptions(organisation=ballerup)
        ),
        "status": status.render_pdf(built["status"]),
        "status-tabel": status_table.render_table_pdf(built["status"]),
        "optimering": optimisation_report.render_pdf(
            optimisation_report.build_optimisation(optimisation(organisation=ballerup, year=2020))
        ),
        "strategi": strategy.render_pdf(strategy.build_strategy_report(frederikssund, year=2024)),
        "strategi-delt": strategy.render_pdf(
            strategy.build_strategy_report(frederikssund, year=2024, shared=True)
        ),
    }


def _docxs(built):
    ballerup, frederikssund = built["ballerup"], built["strategy"]
    return {
        "beskrivelser": descriptions.render_docx(
            descriptions.build_descriptions(organisation=ballerup)
        ),
        "status": status.render_docx(built["status"]),
        "status-tabel": status_table.render_table_docx(built["status"]),
        "strategi": strategy.render_docx(strategy.build_strategy_report(frederikssund, year=2024)),
    }


def structure(content: bytes) -> tuple[Counter, list, object]:
    """The structure types in the PDF's tag tree, the alt texts of its figures, and its catalog."""
    catalog = PdfReader(io.BytesIO(content)).trailer["/Root"]
    kinds: Counter = Counter()
    alts: list = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
            return
        if not hasattr(node, "get"):
            return
        kind = node.get("/S")
        if kind:
            kinds[kind] += 1
            if kind == "/Figure":
                alts.append(node.get("/Alt"))
        if node.get("/K") is not None:
            walk(node["/K"])

    walk(catalog["/StructTreeRoot"])
    return kinds, alts, catalog


def test_every_pdf_is_tagged_with_table_headers_figure_alt_text_language_and_title(built):
    for name, content in _pdfs(built).items():
        kinds, alts, catalog = structure(content)
        assert catalog["/MarkInfo"]["/Marked"], name
        assert catalog["/Lang"] == "da", name
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"], name
        assert kinds["/Table"] and kinds["/TH"] and kinds["/TD"], (name, kinds)
        assert kinds["/H1"] == 1, name
        assert all(alt and str(alt).strip() for alt in alts), (name, alts)
        if name not in {"beskrivelser", "status-tabel"}:  # these two have no chart
            assert alts, (name, kinds)
        if shutil.which("pdfinfo"):
            with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
                f.write(content)
                f.flush()
                info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
            assert "Tagged:          yes" in info, name
            title = next(line for line in info.splitlines() if line.startswith("Title:"))
            assert len(title.split(":", 1)[1].strip()) > 10, name


def _languages(doc) -> set[str]:
    found = {el.get(qn("w:val")) for el in doc.styles.element.iter(qn("w:lang"))}
    return found - {None}


def test_every_docx_is_danish_describes_its_pictures_and_counts_its_pages(built):
    for name, content in _docxs(built).items():
        doc = Document(io.BytesIO(content))
        assert _languages(doc) == {"da-DK"}, name
        assert doc.core_properties.language == "da-DK"
        pictures = list(doc.element.body.iter(qn("wp:docPr")))
        for picture in pictures:
            assert picture.get("descr"), (name, picture.get("name"))
        if name == "strategi":
            assert len(pictures) >= 3
            assert "Tallene står i tabellen" in pictures[0].get("descr")
        footer = doc.sections[0].footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer and " af " in footer, name
        assert "2026" in footer or "2025" in footer or "20" in footer, name
        for table in doc.tables:  # the grid and the cells agree on the widths
            grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
            cells = [c.width.twips for c in table.rows[0].cells if c.width is not None]
            if len(cells) == len(grid):
                assert grid == cells, name


def test_an_english_docx_is_british_english(built):
    with translation.override("en"):
        content = strategy.render_docx(strategy.build_strategy_report(built["strategy"], year=2024))
    doc = Document(io.BytesIO(content))
    assert _languages(doc) == {"en-GB"}
    assert " of " in doc.sections[0].footer._element.xml
