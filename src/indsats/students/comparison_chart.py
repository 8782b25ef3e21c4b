"""The comparison's bar chart: one horizontal bar per organisation for one KPI and year, the
user's own organisation in a colour of its own, the median as a dashed line. Server-rendered
SVG in the house style of reports.charts; the table beside it is its text alternative.
Hidden (suppressed) values get no bar, only the text "skjult"."""

from __future__ import annotations

import itertools
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

from indsats.calc import kpis
from indsats.reports.charts import FONT, GRID_COLOUR, MUTED_COLOUR, TEXT_COLOUR, _n, _tick

BAR_COLOUR = "#8fb3e0"
OWN_COLOUR = "#0059b3"
MEDIAN_COLOUR = "#b51d09"

_ids = itertools.count(1)


def comparison_chart(result, year: int, *, width: int = 640) -> str:
    """Figures and axis ticks in the KPI registry's formatting (calc.kpis: Kpi.format for the
    figures, Kpi.axis for the ticks), the same digits as the table beside it and every report."""
    uid = f"sammenligning-{next(_ids)}"
    k = kpis.get(result.kpi)
    rows = result.rows
    median = result.median.get(year)
    title = _("%(kpi)s, %(year)d") % {"kpi": result.label, "year": year}
    parts = []
    for row in rows:
        v = row.value(year)
        shown = k.format(v.value) if v.value is not None else _("skjult eller mangler")
        parts.append(f"{row.name}: {shown}")
    if median is not None:
        parts.append(_("median %(value)s") % {"value": k.format(median)})
    desc = _("Søjlediagram.") + " " + "; ".join(parts) + "."
    label_w, right, top, row_h = Decimal(190), Decimal(70), Decimal(14), Decimal(24)
    height = int(top + row_h * max(len(rows), 1) + 30)
    plot_w = Decimal(width) - label_w - right
    values = [row.value(year).value for row in rows if row.value(year).value is not None]
    # The axis reaches at least the KPI's scale (100 %; sick leave 10 %), in round ticks.
    top_value = max([*values, Decimal(k.scale)])
    tick = _tick(top_value, 5)
    maximum = (top_value / tick).to_integral_value(rounding="ROUND_CEILING") * tick

    def x(value: Decimal) -> Decimal:
        return label_w + plot_w * Decimal(value) / maximum

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="comparison-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f'font-family="{FONT}" font-size="11">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
        '<g aria-hidden="true">',
    ]
    bottom = top + row_h * max(len(rows), 1)
    value = Decimal(0)
    while value <= maximum:
        gx = x(value)
        out.append(
            f'<line x1="{_n(gx)}" y1="{_n(top)}" x2="{_n(gx)}" y2="{_n(bottom)}" stroke="{GRID_COLOUR}"/>'
        )
        out.append(
            f'<text class="tick" x="{_n(gx)}" y="{_n(bottom + 14)}" text-anchor="middle" '
            f'fill="{MUTED_COLOUR}">{escape(k.axis(value))}</text>'
        )
        value += tick
    for i, row in enumerate(rows):
        y = top + row_h * i
        v = row.value(year)
        weight = ' font-weight="bold"' if row.own else ""
        name = row.name if len(row.name) <= 28 else row.name[:27] + "…"
        out.append(
            f'<text x="{_n(label_w - 8)}" y="{_n(y + 16)}" text-anchor="end" fill="{TEXT_COLOUR}"{weight}>'
            f"{escape(name)}</text>"
        )
        if v.value is None:
            missing = _("skjult") if v.suppressed else _("intet tal")
            out.append(
                f'<text x="{_n(label_w + 4)}" y="{_n(y + 16)}" fill="{MUTED_COLOUR}">'
                f"{escape(missing)}</text>"
            )
            continue
        colour = OWN_COLOUR if row.own else BAR_COLOUR
        out.append(
            f'<rect x="{_n(label_w)}" y="{_n(y + 4)}" width="{_n(x(v.value) - label_w)}" '
            f'height="{_n(row_h - 8)}" fill="{colour}"/>'
        )
        out.append(
            f'<text x="{_n(x(v.value) + 4)}" y="{_n(y + 16)}" fill="{TEXT_COLOUR}"{weight}>'
            f"{escape(k.format(v.value))}</text>"
        )
    if median is not None:
        mx = x(median)
        median_label = _("median")
        out.append(
            f'<line x1="{_n(mx)}" y1="{_n(top - 6)}" x2="{_n(mx)}" y2="{_n(bottom)}" '
            f'stroke="{MEDIAN_COLOUR}" stroke-width="2" stroke-dasharray="4 2"/>'
        )
        out.append(
            f'<text x="{_n(mx + 3)}" y="{_n(top - 2)}" fill="{MEDIAN_COLOUR}" font-size="10">'
            f"{escape(median_label)}</text>"
        )
    out.append("</g></svg>")
    return "\n".join(out)
