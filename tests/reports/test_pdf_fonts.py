"""The PDFs use IBM Plex Sans from vendored TrueType files (WeasyPrint need not unpack WOFF2 for
every document) and embed its regular, semibold and bold cuts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from indsats.reports import prioritisation
from tests.initiatives.test_overview_queries import YEAR, fill


def test_the_print_styles_point_at_vendored_truetype_files():
    css = render_to_string("reports/_pdf_styles.html", {"vendored_fonts": True})
    sources = re.findall(r'url\("([^"]+)"\)', css)
    assert len(sources) == 3
    for source in sources:
        assert source.endswith(".ttf")
        font = Path(settings.BASE_DIR, "static", source)
        assert font.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType font file


@pytest.mark.django_db
def test_the_pdf_embeds_ibm_plex_sans_as_truetype(org, consultant, tmp_path):
    fill(org, consultant, 3)
    report = prioritisation.build_prioritisation(organisation=org, year=YEAR)
    path = tmp_path / "prioritering.pdf"
    path.write_bytes(prioritisation.render_pdf(report))
    fonts = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    names = {line.split()[0].split("+", 1)[1]: line for line in fonts}
    assert set(names) == {"IBM-Plex-Sans", "IBM-Plex-Sans-Semi-Bold", "IBM-Plex-Sans-Bold"}
    assert all("CID TrueType" in line for line in names.values())
