"""svg_to_png: the charts as PNG for Word."""

from __future__ import annotations

import io
import struct

from docx import Document
from docx.shared import Mm

from indsats.reports import pipeline_charts as pc
from indsats.reports.render import docx_picture, svg_to_png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    return struct.unpack(">II", png[16:24])


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 40" width="300" height="40" '
    'font-family="\'IBM Plex Sans\', Arial, sans-serif" font-size="11">'
    '<title>Frafald</title><rect x="0" y="0" width="120" height="20" fill="#0059b3"/>'
    '<text x="130" y="15">Årsag: sygdom på ældreområdet</text></svg>'
)


def test_svg_to_png_is_a_png_at_twice_the_chart_size():
    png = svg_to_png(SVG)
    assert png.startswith(PNG_MAGIC)
    assert _size(png) == (600, 80)
    assert 500 < len(png) < 200_000


def test_svg_to_png_scale():
    assert _size(svg_to_png(SVG, scale=1)) == (300, 40)
    assert _size(svg_to_png(SVG, scale=3)) == (900, 120)


def test_svg_to_png_renders_a_pipeline_chart_at_twice_its_size():
    png = svg_to_png(pc.funnel_chart([]))  # the chart with its "no figures" message
    assert png.startswith(PNG_MAGIC)
    assert _size(png) == (1200, 120)


def test_docx_picture_is_an_inline_png_of_the_given_width():
    doc = Document()
    docx_picture(doc, SVG, width_mm=160, alt="Frafald pr. årgang")
    assert len(doc.inline_shapes) == 1
    assert doc.inline_shapes[0].width == Mm(160)
    assert doc.inline_shapes[0]._inline.docPr.get("descr") == "Frafald pr. årgang"
    buffer = io.BytesIO()
    doc.save(buffer)
    assert buffer.getvalue()
