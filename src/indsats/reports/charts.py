"""Server-rendered SVG charts, used on screen and in the PDF reports. The numbers are always in
a table next to the chart too: the table is the chart's text alternative."""

from __future__ import annotations

import itertools
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

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
    if step is None:
        return _("Ikke prioriteret")
    return _("Trin %(step)s") % {"step": step}


def step_cost_chart(
    overview, *, width: int = 560, height: int = 300, chart_id: str | None = None
) -> str:
    """Cost per priority step in the overview's year: one-time and yearly stacked, the total
    cumulated over the prioritised steps as a line, and each step's budget frame as a dashed
    mark. Returns SVG markup with <title> and <desc> for screen readers."""
    uid = chart_id or f"trinchart-{next(_ids)}"
    steps = [s for s in overview.steps if s.step is not None or s.total.cost.total > 0]
    year = overview.year
    title = _("Omkostning pr. prioriteringstrin, %(year)s") % {"year": year}
    desc_parts = []
    for s in steps:
        part = _("%(step)s: engangs %(one_time)s, pr. år %(yearly)s") % {
            "step": _step_label(s.step),
            "one_time": format_kr(s.total.cost.one_time),
            "yearly": format_kr(s.total.cost.yearly),
        }
        if s.step is not None:
            part += _(", akkumuleret %(amount)s") % {"amount": format_kr(s.total.cumulated.total)}
        if s.total.frame is not None:
            part += _(", beløbsramme %(amount)s") % {"amount": format_kr(s.total.frame)}
        desc_parts.append(part)
    text = "; ".join(desc_parts)
    desc = (
        _("Søjlediagram.")
        + " "
        + (text.rstrip(".") + "." if desc_parts else _("Ingen omkostninger."))
    )

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
        ("rect", ONE_TIME_COLOUR, _("Engangs")),
        ("rect", YEARLY_COLOUR, _("Pr. år")),
        ("line", CUMULATED_COLOUR, _("Akkumuleret")),
        ("dash", FRAME_COLOUR, _("Beløbsramme")),
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
        empty = escape(_("Ingen omkostninger"))
        out.append(
            f'<text x="{_n(left + plot_w / 2)}" y="{_n(top + plot_h / 2)}" text-anchor="middle" fill="{MUTED_COLOUR}">{empty}</text>'
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


# --- Indicator series: sparklines and the chart with baseline and target -------------------

SERIES_COLOUR = "#0059b3"
BASELINE_COLOUR = "#595959"
TARGET_COLOUR = "#b51d09"


def _series_points(series) -> list[tuple[int, Decimal]]:
    return sorted((int(year), Decimal(value)) for year, value in series.items())


def sparkline(series, *, width: int = 96, height: int = 24, label: str | None = None) -> str:
    """A small line of a yearly series ({year: value}) without axes, the last value marked.
    The numbers stand in a table next to it, so the line is hidden from screen readers unless
    ``label`` is given. An empty series gives an empty string. (Coordinates only: the values
    are read as floats for speed — a report draws thousands of these.)"""
    points = sorted((int(year), float(value)) for year, value in series.items())
    if not points:
        return ""
    pad = 3.0
    w, h = float(width), float(height)
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    first, last = points[0][0], points[-1][0]
    x_scale = (w - 2 * pad) / (last - first) if last != first else 0.0
    y_scale = (h - 2 * pad) / (high - low) if high != low else 0.0

    def xy(year: int, value: float) -> str:
        x = pad + x_scale * (year - first) if x_scale else w / 2
        y = pad + y_scale * (high - value) if y_scale else h / 2
        return f"{x:.1f},{y:.1f}"

    title = label or _("Udviklingen over årene; tallene står i rækken.")
    if label:
        a11y = f'role="img" aria-label="{escape(label)}"'
    else:
        a11y = 'aria-hidden="true" focusable="false"'
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {a11y}>',
        # The alt text of the tagged PDF's figure (WeasyPrint reads an SVG's <title>).
        "<title>" + escape(title) + "</title>",
    ]
    if len(points) > 1:
        path = " ".join(xy(yr, v) for yr, v in points)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{SERIES_COLOUR}" stroke-width="1.5" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
    cx, cy = xy(*points[-1]).split(",")
    out.append(f'<circle cx="{cx}" cy="{cy}" r="2.2" fill="{SERIES_COLOUR}"/>')
    out.append("</svg>")
    return "".join(out)


def _tick(span: Decimal, ticks: int = 5, places: int | None = None) -> Decimal:
    """A round tick distance (1, 2, 2,5 or 5 × 10^n, n may be negative) for a span; with
    ``places`` one that can be written with that many decimals (a count's ticks are whole:
    no "2,5 students" tick written as "3")."""
    if span <= 0:
        return Decimal(1)
    raw = span / ticks
    magnitude = Decimal(1).scaleb(raw.adjusted())
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        step = magnitude * factor
        if places is not None and step != step.quantize(Decimal(1).scaleb(-places)):
            continue
        if step >= raw:
            return step
    step = magnitude * 10
    return step if places is None else max(step, Decimal(1).scaleb(-places))


def _field(target, name: str):
    return target[name] if isinstance(target, dict) else getattr(target, name)


def indicator_chart(
    series,
    targets,
    unit: str,
    title: str,
    *,
    width: int = 560,
    height: int = 260,
    chart_id: str | None = None,
    fmt=None,
    axis=None,
    places: int | None = None,
) -> str:
    """A line chart of a yearly indicator series with each target's baseline (grey, dashed),
    target level (red, dashed) and the straight path from baseline to target at the deadline
    (red, dotted). ``targets`` are objects or dicts with baseline_value, baseline_year,
    target_value and deadline_year. Returns SVG with <title> and <desc> for screen readers.
    ``fmt`` writes a figure and ``axis`` an axis tick (a pipeline KPI passes its registry
    entry's Kpi.format and Kpi.axis, and its decimals as ``places``, so that every tick can be
    written exactly); both default to the indicator unit's formatting."""
    from indsats.calc.indicators import format_value

    def default(value):
        return format_value(value, unit)

    fmt = fmt or default
    axis = axis or default
    uid = chart_id or f"indikator-{next(_ids)}"
    points = _series_points(series)
    goals = [
        (
            int(_field(t, "baseline_year")),
            Decimal(_field(t, "baseline_value")),
            int(_field(t, "deadline_year")),
            Decimal(_field(t, "target_value")),
        )
        for t in targets
    ]
    desc_parts = [
        _("Værdier: %(values)s") % {"values": "; ".join(f"{yr}: {fmt(v)}" for yr, v in points)}
        if points
        else _("Ingen værdier endnu")
    ]
    for b_year, b_value, d_year, t_value in goals:
        desc_parts.append(
            _("Udgangspunkt %(baseline)s i %(baseline_year)s, mål %(target)s i %(deadline)s")
            % {
                "baseline": fmt(b_value),
                "baseline_year": b_year,
                "target": fmt(t_value),
                "deadline": d_year,
            }
        )
    desc = _("Linjediagram.") + " " + ". ".join(desc_parts) + "."

    years = [yr for yr, _ in points] + [g[0] for g in goals] + [g[2] for g in goals]
    values = [v for _, v in points] + [g[1] for g in goals] + [g[3] for g in goals]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="indicator-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f'font-family="{FONT}" font-size="11">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
    ]
    left, right, top, bottom = Decimal(78), Decimal(16), Decimal(30), Decimal(28)
    plot_w = Decimal(width) - left - right
    plot_h = Decimal(height) - top - bottom
    if not years:
        empty = escape(_("Ingen værdier endnu"))
        out.append(
            f'<text x="{_n(left + plot_w / 2)}" y="{_n(top + plot_h / 2)}" text-anchor="middle" '
            f'fill="{MUTED_COLOUR}">{empty}</text>'
        )
        out.append("</svg>")
        return "\n".join(out)
    first, last = min(years), max(years)
    low, high = min(values), max(values)
    floor = Decimal(0) if low >= 0 else low
    tick = _tick(high - floor if high > floor else abs(high) or Decimal(1), places=places)
    bottom_value = (floor / tick).to_integral_value(rounding="ROUND_FLOOR") * tick
    top_value = (high / tick).to_integral_value(rounding="ROUND_CEILING") * tick
    if top_value <= bottom_value:
        top_value = bottom_value + tick

    def x(year: int) -> Decimal:
        if last == first:
            return left + plot_w / 2
        return left + plot_w * Decimal(year - first) / Decimal(last - first)

    def y(value: Decimal) -> Decimal:
        return top + plot_h - plot_h * (value - bottom_value) / (top_value - bottom_value)

    # Legend
    out.append('<g class="legend" aria-hidden="true">')
    lx = left
    for dash, colour, label in (
        ("", SERIES_COLOUR, _("Værdi")),
        ("5 3", BASELINE_COLOUR, _("Udgangspunkt")),
        ("5 3", TARGET_COLOUR, _("Mål")),
    ):
        if dash and not goals:
            continue
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{_n(lx)}" y1="12" x2="{_n(lx + 18)}" y2="12" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/>'
        )
        out.append(f'<text x="{_n(lx + 22)}" y="16" fill="{TEXT_COLOUR}">{escape(label)}</text>')
        lx += Decimal(22 + 7 * len(label) + 20)
    out.append("</g>")
    # Grid and axes
    out.append('<g class="grid" aria-hidden="true">')
    value = bottom_value
    while value <= top_value:
        gy = y(value)
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(gy)}" x2="{_n(left + plot_w)}" y2="{_n(gy)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        out.append(
            f'<text class="tick" x="{_n(left - 6)}" y="{_n(gy + 4)}" text-anchor="end" '
            f'fill="{MUTED_COLOUR}">{escape(axis(value.normalize() if value else Decimal(0)))}'
            "</text>"
        )
        value += tick
    every = 1 if last - first <= 10 else (2 if last - first <= 20 else 5)
    for year in range(first, last + 1):
        if (year - first) % every and year != last:
            continue
        out.append(
            f'<text x="{_n(x(year))}" y="{_n(top + plot_h + 16)}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{year}</text>'
        )
    out.append("</g>")
    # Baselines and targets
    for b_year, b_value, d_year, t_value in goals:
        out.append('<g class="target" aria-hidden="true">')
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(y(b_value))}" x2="{_n(left + plot_w)}" '
            f'y2="{_n(y(b_value))}" stroke="{BASELINE_COLOUR}" stroke-width="1.2" stroke-dasharray="5 3"/>'
        )
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(y(t_value))}" x2="{_n(left + plot_w)}" '
            f'y2="{_n(y(t_value))}" stroke="{TARGET_COLOUR}" stroke-width="1.2" stroke-dasharray="5 3"/>'
        )
        out.append(
            f'<line x1="{_n(x(b_year))}" y1="{_n(y(b_value))}" x2="{_n(x(d_year))}" '
            f'y2="{_n(y(t_value))}" stroke="{TARGET_COLOUR}" stroke-width="1" stroke-dasharray="1 3"/>'
        )
        out.append(
            f'<circle cx="{_n(x(d_year))}" cy="{_n(y(t_value))}" r="4" fill="none" '
            f'stroke="{TARGET_COLOUR}" stroke-width="1.5"/>'
        )
        goal_label = _("Mål %(year)s: %(value)s") % {
            "year": d_year,
            "value": fmt(t_value),
        }
        out.append(
            f'<text x="{_n(left + plot_w - 2)}" y="{_n(y(t_value) - 4)}" text-anchor="end" '
            f'fill="{TARGET_COLOUR}" font-size="10">'
            f"{escape(goal_label)}</text>"
        )
        out.append("</g>")
    # The series
    if points:
        out.append('<g class="series" aria-hidden="true">')
        if len(points) > 1:
            path = " ".join(f"{_n(x(yr))},{_n(y(v))}" for yr, v in points)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{SERIES_COLOUR}" stroke-width="2"/>'
            )
        for yr, v in points:
            out.append(f'<circle cx="{_n(x(yr))}" cy="{_n(y(v))}" r="3" fill="{SERIES_COLOUR}"/>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def frontier_chart(
    points,
    *,
    unit: str,
    current=None,
    width: int = 560,
    height: int = 280,
    chart_id: str | None = None,
) -> str:
    """The efficient frontier: the most effect (y) each cost (x) buys as the frames vary, a
    step line through the points; ``current`` (cost, effect) marks the proposal at today's
    frames. ``points`` carry ``cost`` and ``value``. SVG with <title> and <desc>; the page
    shows the same figures as a table."""
    uid = chart_id or f"frontchart-{next(_ids)}"
    title = _("Effekt for pengene (effektiv front)")
    desc = (
        _("Punktdiagram.")
        + " "
        + "; ".join(f"{format_kr(p.cost)}: {format_number(p.value, 1)} {unit}" for p in points)
    )
    left, right, top, bottom = Decimal(62), Decimal(16), Decimal(20), Decimal(40)
    plot_w = Decimal(width) - left - right
    plot_h = Decimal(height) - top - bottom
    max_x = max([p.cost for p in points] + [Decimal(1)])
    max_y = max([p.value for p in points] + [Decimal(1)])
    step_x, step_y = _nice_step(max_x), _tick(max_y)
    max_x = ((max_x / step_x).to_integral_value(rounding="ROUND_CEILING")) * step_x
    max_y = ((max_y / step_y).to_integral_value(rounding="ROUND_CEILING")) * step_y

    def x(v):
        return left + plot_w * Decimal(v) / max_x

    def y(v):
        return top + plot_h - plot_h * Decimal(v) / max_y

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{uid}-t {uid}-d" class="chart">',
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>',
    ]
    tick = Decimal(0)
    while tick <= max_y:
        out.append(
            f'<line x1="{_n(left)}" x2="{_n(left + plot_w)}" y1="{_n(y(tick))}" '
            f'y2="{_n(y(tick))}" stroke="#e0e0e0"/>'
            f'<text x="{_n(left - 6)}" y="{_n(y(tick) + 4)}" text-anchor="end" '
            f'font-size="11" fill="#333">{escape(format_number(tick))}</text>'
        )
        tick += step_y
    tick = Decimal(0)
    while tick <= max_x:
        out.append(
            f'<text x="{_n(x(tick))}" y="{_n(top + plot_h + 16)}" text-anchor="middle" '
            f'font-size="11" fill="#333">{escape(_axis_label(tick, step_x))}</text>'
        )
        tick += step_x
    x_label = escape(_("Omkostning i rammeårene (kr.)"))
    out.append(
        f'<text x="{_n(left + plot_w / 2)}" y="{height - 6}" text-anchor="middle" '
        f'font-size="11" fill="#333">{x_label}</text>'
        f'<text x="12" y="{_n(top - 6)}" font-size="11" fill="#333">{escape(unit)}</text>'
    )
    path = [
        (f"M{_n(x(p.cost))} {_n(y(p.value))}" if not i else f"H{_n(x(p.cost))} V{_n(y(p.value))}")
        for i, p in enumerate(points)
    ]
    if path:
        out.append(f'<path d="{" ".join(path)}" fill="none" stroke="#0059b3" stroke-width="2"/>')
    for p in points:
        out.append(f'<circle cx="{_n(x(p.cost))}" cy="{_n(y(p.value))}" r="3.5" fill="#0059b3"/>')
    if current is not None:
        cost, value = current
        out.append(
            f'<circle cx="{_n(x(cost))}" cy="{_n(y(value))}" r="6" fill="none" '
            f'stroke="#b51d09" stroke-width="2.5"/>'
            f'<text x="{_n(x(cost) + 9)}" y="{_n(y(value) + 14)}" font-size="11" '
            f'fill="#b51d09">Forslaget</text>'
        )
    out.append("</svg>")
    return "".join(out)
