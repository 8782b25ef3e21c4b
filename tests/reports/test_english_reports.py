"""Every report and chart speaks English when English is chosen: the demo's reports are rendered
in English in every format (PDF, DOCX, XLSX) with their charts, the organisation's own texts
(titles, purposes, notes, names: data, not UI) are taken out, and what remains must hold no
Danish word of the reports' headings, labels, footnotes and footers."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from indsats.initiatives.optimiser import optimisation
from indsats.organisations.models import Membership
from indsats.reports import (
    descriptions,
    prioritisation,
    status,
    status_table,
    strategy,
)
from indsats.reports import optimisation as optimisation_report
from tests.reports import strategy_data
from tests.reports.test_accessible_documents import structure

pytestmark = pytest.mark.django_db

# Danish words of the reports' own texts (headings, column labels, footnotes, footers, chart
# titles). Matched as whole words, case-sensitive.
DANISH = [
    "Side",
    "af",
    "Bevilget",
    "Forbrug",
    "årgang",
    "Årgang",
    "Frafald",
    "frafald",
    "Beløbsramme",
    "beløbsramme",
    "Engangs",
    "engangs",
    "Pr. år",
    "pr. år",
    "I alt",
    "i alt",
    "Indsats",
    "Indsatser",
    "Formål",
    "Målgruppe",
    "Økonomi",
    "Beløb",
    "Spænd",
    "Status pr.",
    "Budgetår",
    "budgetår",
    "Udgangsværdi",
    "Målværdi",
    "Værdi",
    "Værdier",
    "Mål",
    "Ingen",
    "ingen",
    "Skrevet",
    "Akkumuleret",
    "Trin",
    "Tema",
    "Rest",
    "højeste",
    "laveste",
    "Omkostning",
    "Søjlediagram",
    "Udgangsår",
    "Indikatorer",
    "Budgetnotater",
    "og",
    "til",
    "med",
    "ikke",
    "Ikke",
    "Scenarie",
    "Uddannelse",
    "Ansat",
    "Gennemført",
    "Succeskriterier",
    "Fokusområde",
    "Ansvarlig",
    "Udskrevet",
    "mangler",
    "Afsatte",
    "årligt",
    "Linjediagram",
    "Søjlediagram",
    "Punktdiagram",
    "Udgangspunkt",
    "rammeårene",
    "Effekt",
    "Prioritering",
    "Finansiering",
    "Periode",
    "Beskrivelse",
    "Gentagelse",
    "Beregning",
    "Besluttet",
    "Afhænger",
    "Kategori",
    "Valgt",
    "Omkostningslinje",
    "Notat",
    "Niveau",
    "Tabel",
    "rettet",
    "Bevilling",
    "bevilling",
    "Øremærket",
    "Registreret",
    "Fodnoter",
    "Udvikling",
    "År",
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
WORD = re.compile(r"(?<![\wæøåÆØÅ])(" + "|".join(map(re.escape, DANISH)) + r")(?![\wæøåÆØÅ])")


def data_texts() -> list[str]:
    """Every text the organisations wrote themselves (any char/text field of every row)."""
    texts: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("indsats."):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                if value and len(str(value)) > 3 and re.search(r"[^\W\d_]", str(value)):
                    value = str(value)
                    texts.add(" ".join(value.split()))
                    # Lines (bullets without their marker) and sentences, as the reports set them.
                    for line in value.splitlines():
                        line = " ".join(line.strip().lstrip("-*•").split())
                        texts.add(line)
                        texts.update(p.strip() for p in re.split(r"(?<=[.!?:;])\s", line))
    return sorted({normal(t) for t in texts if len(t) > 3}, key=len, reverse=True)


def normal(text: str) -> str:
    """One space between words; words hyphenated at a line's end joined again (and a hyphen
    before a space closed up, alike in the data and in the documents)."""
    text = " ".join(text.replace("\u00ad", "").split()).replace("\u2010 ", "")
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)


def without_data(text: str, data: list[str]) -> str:
    """``text`` with the organisations' own texts taken out (each becomes ¶); a text cut short
    with »…« goes too, by the longest run of words before the »…« that some data text holds."""
    text = normal(text)
    for value in data:
        if value in text:
            text = text.replace(value, " ¶ ")
    blob = "\n".join(data)
    while (cut := text.find("…")) >= 0:
        words = text[:cut].split(" ")
        keep = len(words)
        for start in range(len(words) - 1, -1, -1):
            if " ".join(words[start:]) in blob:
                keep = start
            else:
                break
        text = " ".join(words[:keep]) + " ¶ " + text[cut + 1 :]
    return text


def pdf_text(content: bytes) -> str:
    """The text on the pages, the document's title and its figures' alt texts."""
    reader = PdfReader(io.BytesIO(content))
    _kinds, alts, _catalog = structure(content)
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [str(alt) for alt in alts] + [str(reader.metadata.title or "")]
    return "\n".join(parts)


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.footer.paragraphs]
        parts += [p.text for p in section.header.paragraphs]
    parts += [d.get("descr", "") for d in doc.element.body.iter() if d.tag.endswith("docPr")]
    return "\n".join(parts)


def xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    parts = []
    for sheet in book.worksheets:
        parts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            parts += [str(v) for v in row if isinstance(v, str)]
        parts += [sheet.oddHeader.center.text or "", sheet.oddFooter.center.text or ""]
    return "\n".join(parts)


def svg_text(svg: str) -> str:
    found = re.findall(r">([^<>]+)<", svg) + re.findall(r'aria-label="([^"]*)"', svg)
    return "\n".join(found)


def documents(ballerup, frederikssund) -> dict[str, str]:
    """Each English document's text, by name."""
    year = 2020
    prio = prioritisation.build_prioritisation(organisation=ballerup, year=year)
    desc = descriptions.build_descriptions(organisation=ballerup)
    stat = status.build_status_report(organisation=ballerup, as_of=dt.date.today())
    strat = strategy.build_strategy_report(frederikssund, year=2024)
    shared = strategy.build_strategy_report(frederikssund, year=2024, shared=True)
    opt = optimisation_report.build_optimisation(optimisation(organisation=ballerup, year=year))
    texts = {
        "prioritisation.pdf": pdf_text(prioritisation.render_pdf(prio)),
        "prioritisation.xlsx": xlsx_text(prioritisation.render_xlsx(prio)),
        "descriptions.pdf": pdf_text(descriptions.render_pdf(desc)),
        "descriptions.docx": docx_text(descriptions.render_docx(desc)),
        "status.pdf": pdf_text(status.render_pdf(stat)),
        "status.xlsx": xlsx_text(status.render_xlsx(stat)),
        "status.docx": docx_text(status.render_docx(stat)),
        "status-table.pdf": pdf_text(status_table.render_table_pdf(stat)),
        "status-table.xlsx": xlsx_text(status_table.render_table_xlsx(stat)),
        "status-table.docx": docx_text(status_table.render_table_docx(stat)),
        "strategy.pdf": pdf_text(strategy.render_pdf(strat)),
        "strategy.docx": docx_text(strategy.render_docx(strat)),
        "strategy.xlsx": xlsx_text(strategy.render_xlsx(strat)),
        "strategy-shared.pdf": pdf_text(strategy.render_pdf(shared)),
        "optimisation.pdf": pdf_text(optimisation_report.render_pdf(opt)),
        "optimisation.xlsx": xlsx_text(optimisation_report.render_xlsx(opt)),
    }
    return texts


def chart_texts(client, ballerup, frederikssund) -> dict[str, str]:
    """The charts of the pages (SVG titles, descriptions, labels), in English."""
    from indsats.indicators.models import Indicator

    pages = [
        f"/o/{ballerup.slug}/prioritering/?aar=2020",
        f"/o/{ballerup.slug}/prioritering/optimering/?aar=2020",
        f"/o/{frederikssund.organisation.slug}/elever/",
        f"/o/{frederikssund.organisation.slug}/strategier/{frederikssund.pk}/",
    ]
    pages += [
        f"/o/{ballerup.slug}/indikatorer/{pk}/"
        for pk in Indicator.objects.filter(organisation=ballerup).values_list("pk", flat=True)
    ]
    texts = {}
    for page in pages:
        html = client.get(page, headers={"accept-language": "en"}).content.decode()
        assert '<html lang="en">' in html, page
        svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
        texts[page] = "\n".join(svg_text(svg) for svg in svgs)
    return texts


@pytest.fixture
def frederikssund(other_org):
    return strategy_data.frederikssund(other_org)


def test_every_report_and_chart_of_the_demo_is_english(
    client, make_member, ballerup, frederikssund
):
    user = make_member(ballerup, "readonly")
    Membership.objects.create(user=user, organisation=frederikssund.organisation, role="readonly")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        texts = documents(ballerup, frederikssund)
        # The pages in English (the middleware activates the cookie's language; the override
        # puts the test process's language back afterwards).
        texts.update(chart_texts(client, ballerup, frederikssund))
    data = data_texts()
    danish = {}
    for name, text in texts.items():
        left = without_data(text, data)
        hits = sorted({left[max(0, m.start() - 30) : m.end() + 30] for m in WORD.finditer(left)})
        if hits:
            danish[name] = hits
    assert danish == {}, "\n".join(f"{name}: {hits}" for name, hits in danish.items())
