"""The status report's two hot loops — the yearly money table and the indicator table — as
filters that write the HTML in Python: a report of 300 notes has about 2.000 such tables, and
the template engine took seconds for their cells. Every text is escaped here."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indsats.calc.danish import format_kr

register = template.Library()


def _kr(value) -> str:
    return escape(format_kr(value)) if value is not None else "–"


@register.filter
def status_money(money, caption: str = "") -> str:
    """The table of allocated, spent, left and planned per year (``Money``)."""
    if money is None or not money.has_figures:
        return ""
    # gettext calls stay outside the f-strings so xgettext can find them
    year_h, allocated_h, spent_h = escape(_("År")), escape(_("Bevilget")), escape(_("Forbrug"))
    left_h, planned_h = escape(_("Rest")), escape(_("Planlagt (omkostningsmodel)"))
    heads = {"allocated": allocated_h, "spent": spent_h, "left": left_h, "planned": planned_h}
    columns = money.columns
    out = [
        '<div class="table--responsive-scroll"><table class="table table--compact status-money">',
        f'<caption class="sr-only">{escape(caption)}</caption>',
        f'<thead><tr><th scope="col">{year_h}</th>',
        *(f'<th scope="col" class="amount">{heads[c]}</th>' for c in columns),
        "</tr></thead><tbody>",
    ]
    for y in money.years:
        negative = " negative" if y.left is not None and y.left < 0 else ""
        cells = {
            "allocated": f'<td class="amount">{_kr(y.allocated)}</td>',
            "spent": f'<td class="amount">{_kr(y.spent)}</td>',
            "left": f'<td class="amount{negative}">{escape(y.left_text) or "–"}</td>',
            "planned": f'<td class="amount">{_kr(y.planned)}</td>',
        }
        out.append(
            f'<tr><th scope="row">{y.year}</th>' + "".join(cells[c] for c in columns) + "</tr>"
        )
    out.append("</tbody></table></div>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.filter
def status_indicators(table, caption: str = "") -> str:
    """The indicators of a block (``IndicatorTable``): a column per year, a sparkline, the
    targets with their verdicts."""
    if not table:
        return ""
    years = table.years
    indicator_h, trend_h, target_h = (
        escape(_("Indikator")),
        escape(_("Udvikling")),
        escape(_("Mål")),
    )
    no_target_text = escape(_("Intet mål"))
    out = [
        '<div class="table--responsive-scroll"><table class="table table--compact status-indicators">',
        f'<caption class="sr-only">{escape(caption)}</caption>',
        f'<thead><tr><th scope="col">{indicator_h}</th>',
        *(f'<th scope="col" class="amount">{y}</th>' for y in years),
        f'<th scope="col">{trend_h}</th><th scope="col">{target_h}</th>',
        "</tr></thead><tbody>",
    ]
    no_target = f'<span class="muted">{no_target_text}</span>'
    for row, cells in table.table(years):
        sub = f"{row.unit_label}, {row.direction_label}" + (
            f" · {row.source}" if row.source else ""
        )
        out.append(
            f'<tr><th scope="row"><span class="indicator-name">{escape(row.name)}</span><br>'
            f'<span class="muted small">{escape(sub)}</span></th>'
        )
        out.extend(f'<td class="amount">{escape(c) or "–"}</td>' for c in cells)
        out.append(f'<td class="spark">{row.sparkline_svg}</td><td class="target">')
        if row.targets:
            for t in row.targets:
                out.append(
                    f'<div>{escape(t.text)}<br><span class="verdict" style="color: {t.verdict_colour}">'
                    f"{escape(t.verdict_label)}</span></div>"
                )
        else:
            out.append(no_target)
        out.append("</td></tr>")
    out.append("</tbody></table></div>")
    if table.footnotes:
        out.append('<ol class="status-footnotes">')
        out.extend(f"<li>{escape(marker)} {escape(text)}</li>" for marker, text in table.footnotes)
        out.append("</ol>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


# The summary page shows a few years of money: up to the year after the report's date.
SUMMARY_YEARS = 3


@register.filter
def recent_money(money, year: int):
    """``money`` with only its latest ``SUMMARY_YEARS`` years up to ``year`` + 1 (the first
    years when all lie later)."""
    if money is None:
        return None
    from dataclasses import replace

    years = [y for y in money.years if y.year <= int(year) + 1] or list(money.years)
    return replace(money, years=tuple(years[-SUMMARY_YEARS:]))


@register.simple_tag
def status_initiative_head(note, ini, report) -> str:
    """One initiative's heading, owner, overdue mark and status (``InitiativeRow``): the same in
    the summary and the whole report, written in Python as the template did it byte for byte
    (as an include it was the largest part of the summary's rendering, 200 times a page).
    ``{% translate %}`` texts are not escaped (template literals are safe), the values put
    into ``{% blocktranslate %}`` are."""
    out = [
        f'\n<h4 id="{escape(note.anchor)}-{ini.id}"><span class="note-code">{escape(ini.code)}'
        f"</span> {escape(ini.title)}</h4>\n"
    ]
    if ini.owner:
        out.append(f'<p class="muted">{_("Ansvarlig")}: {escape(ini.owner)}</p>')
    out.append("\n")
    if ini.overdue:
        if ini.overdue_since:
            text = _("Status mangler siden %(d)s") % {"d": escape(ini.overdue_since_text)}
        else:
            text = _("Status mangler")
        out.append(
            '<p class="status-line status-overdue" data-testid="overdue">'
            f"<strong>{text}</strong></p>"
        )
    out.append("\n")
    status = ini.status
    if status:
        when = _("pr. %(d)s") % {"d": escape(status.as_of_text)}
        corrected = f" · {_('rettet version')}" if status.corrected else ""
        blocks = "".join(
            f"<p>{escape(lines[0])}</p>"
            if kind == "p"
            else "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
            for kind, lines in status.blocks
        )
        out.append(
            f'\n<p class="status-line"><span class="chip" style="background: '
            f'{escape(status.colour)}">{escape(status.state_label)}</span>\n'
            f"  <span>{when}</span>\n"
            f'  <span class="muted">· {escape(status.author)}{corrected}</span></p>\n'
            f'<div class="status-account">\n  {blocks}\n</div>\n'
        )
    else:
        none = _("Der er ikke skrevet status pr. %(d)s eller tidligere.") % {
            "d": escape(report.as_of_text)
        }
        out.append(
            f'\n<p class="status-line"><span class="chip" style="background: #5c5c5c">'
            f'{_("Ingen status")}</span> <span class="muted">{none}</span></p>\n'
        )
    out.append("\n")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def status_summary_initiative(context, note, ini) -> str:
    """One initiative's ``<article>`` on the summary page (heading and status, its own money of
    the latest years, the button that loads its indicators), as the template wrote it byte for
    byte: 200 of them made most of the summary's rendering time. The captions are escaped as
    ``{% blocktranslate asvar %}`` did and again by ``status_money``, as before."""
    report = context["report"]
    anchor = f"{escape(note.anchor)}-{ini.id}"
    out = [
        f'<article class="status-initiative" aria-labelledby="{anchor}">\n      ',
        status_initiative_head(note, ini, report),
        "\n      ",
    ]
    if ini.money:
        caption = _("Bevilling og forbrug pr. år for indsats %(c)s") % {"c": escape(ini.code)}
        table = status_money(recent_money(ini.money, report.as_of.year), caption)
        out.append(f"\n      \n      {table}\n      ")
    out.append("\n      ")
    if ini.indicator_count:
        label = _("Vis indikatorer for %(c)s (%(n)s)") % {
            "c": escape(ini.code),
            "n": ini.indicator_count,
        }
        full = f"{escape(context['status_url'])}?{escape(context['full_query'])}#{anchor}"
        figures = (
            f"{escape(context['figures_head'])}{ini.id}{escape(context['figures_tail'])}"
            f"?dato={escape(context['dato'])}"
        )
        out.append(
            '\n      <div class="status-figures-slot" aria-live="polite">\n'
            f'        <div id="tal-{ini.id}"><a class="button button-secondary button-small" '
            f'href="{full}"\n'
            f'          hx-get="{figures}" hx-target="#tal-{ini.id}" hx-swap="outerHTML"\n'
            f'          data-testid="show-figures-{ini.id}">{label}</a></div>\n'
            "      </div>\n      "
        )
    out.append("\n    </article>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
