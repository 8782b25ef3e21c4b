"""Server-rendered SVG charts, used on screen and in the PDF reports. The numbers are always in
a table next to the chart too: the table is the chart's text alternative."""

from __future__ import annotations

import itertools
from decimal import Decimal
from html import escape

from indsats.calc.danish import format_kr, format_number

ONE_TIME_COLOUR = "#8fb3e0"
YEARLY_COLOUR = "#0059b3"
CUMULATED_COLOUR = "#1a1a1a"
FRAME_COLOUR = "#b51d09"
GRID_COLOUR = "#d9d9d9"
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#595959"
FONT = "'IBM Plex Sans', Arial, sans-serif"

_ids = itertools.count(1)


def _nice_step(maximum: Decimal, ticks: int = 5) -> Decimal:
    """A round tick distance (1, 2, 2,5 or 5 × 10^n) giving about ``ticks`` gridlines."""
    if maximum <= 0:
        return Decimal(100_000)
    raw = maximum / ticks
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal(1)
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10


def _axis_label(value: Decimal, step: Decimal) -> str:
    if value == 0:
        return "0"
    if step >= Decimal(100_000):
        millions = value / Decimal(1_000_000)
        decimals = (
            0
            if millions == millions.to_integral_value()
            else (1 if (millions * 10) == (millions * 10).to_integral_value() else 2)
        )
        return f"{format_number(millions, decimals)} mio."
    return format_number(value)


def _n(value: Decimal) -> str:
    """A coordinate, to one decimal."""
    return format(value.quantize(Decimal("0.1")), "f")


def _step_label(step: int | None) -> str:
    return f"Trin {step}" if step is not None else "Ikke prioriteret"


def step_cost_chart(
    overview, *, width: int = 560, height: int = 300, chart_id: str | None = None
) -> str:
    """Cost per priority step in the overview's year: one-time and yearly stacked, the total
    cumulated over the prioritised steps as a line, and each step's budget frame as a dashed
    mark. Returns SVG markup with <title> and <desc> for screen readers."""
    uid = chart_id or f"trinchart-{next(_ids)}"
    steps = [s for s in overview.steps if s.step is not None or s.total.cost.total > 0]
    year = overview.year
    title = f"Omkostning pr. prioriteringstrin, {year}"
    desc_parts = []
    for s in steps:
        part = (
            f"{_step_label(s.step)}: engangs {format_kr(s.total.cost.one_time)}, "
            f"pr. år {format_kr(s.total.cost.yearly)}"
        )
        if s.step is not None:
            part += f", akkumuleret {format_kr(s.total.cumulated.total)}"
        if s.total.frame is not None:
            part += f", beløbsramme {format_kr(s.total.frame)}"
        desc_parts.append(part)
    text = "; ".join(desc_parts)
    desc = "Søjlediagram. " + (text.rstrip(".") + "." if desc_parts else "Ingen omkostninger.")

    left, right, top, bottom = Decimal(62), Decimal(12), Decimal(34), Decimal(40)
    plot_w = Decimal(width) - left - right
    plot_h = Decimal(height) - top - bottom
    maximum = max(
        [s.total.cost.total for s in steps]
        + [s.total.cumulated.total for s in steps if s.step is not None]
        + [s.total.frame for s in steps if s.total.frame is not None]
        + [Decimal(0)]
    )
    tick = _nice_step(maximum)
    top_value = tick * ((maximum / tick).to_integral_value(rounding="ROUND_CEILING") or 1)

    def y(value: Decimal) -> Decimal:
        return top + plot_h - plot_h * value / top_value

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="step-cost-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f'font-family="{FONT}" font-size="11">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
    ]
    # Legend
    legend = [
        ("rect", ONE_TIME_COLOUR, "Engangs"),
        ("rect", YEARLY_COLOUR, "Pr. år"),
        ("line", CUMULATED_COLOUR, "Akkumuleret"),
        ("dash", FRAME_COLOUR, "Beløbsramme"),
    ]
    lx = left
    out.append('<g class="legend" aria-hidden="true">')
    for kind, colour, label in legend:
        if kind == "rect":
            out.append(f'<rect x="{_n(lx)}" y="10" width="12" height="12" fill="{colour}"/>')
        elif kind == "line":
            out.append(
                f'<line x1="{_n(lx)}" y1="16" x2="{_n(lx + 14)}" y2="16" stroke="{colour}" stroke-width="2"/>'
            )
            out.append(f'<circle cx="{_n(lx + 7)}" cy="16" r="3" fill="{colour}"/>')
        else:
            out.append(
                f'<line x1="{_n(lx)}" y1="16" x2="{_n(lx + 14)}" y2="16" stroke="{colour}" stroke-width="2" stroke-dasharray="4 2"/>'
            )
        out.append(f'<text x="{_n(lx + 18)}" y="20" fill="{TEXT_COLOUR}">{escape(label)}</text>')
        lx += Decimal(18 + 7 * len(label) + 18)
    out.append("</g>")
    # Grid and axis labels
    out.append('<g class="grid" aria-hidden="true">')
    value = Decimal(0)
    while value <= top_value:
        gy = y(value)
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(gy)}" x2="{_n(left + plot_w)}" y2="{_n(gy)}" stroke="{GRID_COLOUR}" stroke-width="{1 if value else 1.2}"/>'
        )
        out.append(
            f'<text x="{_n(left - 6)}" y="{_n(gy + 4)}" text-anchor="end" fill="{MUTED_COLOUR}">{escape(_axis_label(value, tick))}</text>'
        )
        value += tick
    out.append("</g>")
    if not steps:
        out.append(
            f'<text x="{_n(left + plot_w / 2)}" y="{_n(top + plot_h / 2)}" text-anchor="middle" fill="{MUTED_COLOUR}">Ingen omkostninger</text>'
        )
        out.append("</svg>")
        return "\n".join(out)
    slot = plot_w / len(steps)
    bar_w = min(slot * Decimal("0.55"), Decimal(70))
    points = []
    out.append('<g class="bars" aria-hidden="true">')
    for i, s in enumerate(steps):
        cx = left + slot * i + slot / 2
        x0 = cx - bar_w / 2
        one_time, yearly = s.total.cost.one_time, s.total.cost.yearly
        y_one = y(one_time)
        if one_time > 0:
            out.append(
                f'<rect x="{_n(x0)}" y="{_n(y_one)}" width="{_n(bar_w)}" height="{_n(y(Decimal(0)) - y_one)}" fill="{ONE_TIME_COLOUR}"/>'
            )
        if yearly > 0:
            y_top = y(one_time + yearly)
            out.append(
                f'<rect x="{_n(x0)}" y="{_n(y_top)}" width="{_n(bar_w)}" height="{_n(y_one - y_top)}" fill="{YEARLY_COLOUR}"/>'
            )
        if s.total.frame is not None:
            fy = y(s.total.frame)
            out.append(
                f'<line x1="{_n(x0 - 6)}" y1="{_n(fy)}" x2="{_n(x0 + bar_w + 6)}" y2="{_n(fy)}" stroke="{FRAME_COLOUR}" stroke-width="2" stroke-dasharray="4 2"/>'
            )
        out.append(
            f'<text x="{_n(cx)}" y="{_n(top + plot_h + 16)}" text-anchor="middle" fill="{TEXT_COLOUR}">{escape(_step_label(s.step))}</text>'
        )
        out.append(
            f'<text x="{_n(cx)}" y="{_n(top + plot_h + 30)}" text-anchor="middle" fill="{MUTED_COLOUR}" font-size="10">{escape(format_kr(s.total.cost.total))}</text>'
        )
        if s.step is not None:
            points.append((cx, y(s.total.cumulated.total)))
    out.append("</g>")
    if points:
        path = " ".join(f"{_n(px)},{_n(py)}" for px, py in points)
        out.append('<g class="cumulated" aria-hidden="true">')
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{CUMULATED_COLOUR}" stroke-width="2"/>'
        )
        for px, py in points:
            out.append(f'<circle cx="{_n(px)}" cy="{_n(py)}" r="3.5" fill="{CUMULATED_COLOUR}"/>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
