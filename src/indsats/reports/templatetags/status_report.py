"""The status report page's repeated parts written in Python: the yearly money table and the
indicator table (a report of 300 notes has about 2.000 of them), a note's head and an
initiative's head (written 300 and 600 times a page), and the summary's initiatives.

Why not templates: the same markup as template code (cached loader, gc.freeze), rendered from
the same context to the same bytes, made the summary's rendering at 300 notes 2,8× (the
initiative <article> in the template), 4,9× (and its head as an include) and 5,4× (the note's
head too) of these tags' 33 ms CPU — 60 to 145 ms more on a page of about 130 ms (measured
2026-12-06, see the issue 14 note). Every value is escaped here."""

from __future__ import annotations

from html import escape

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indsats.calc.danish import format_kr
from indsats.reports.render import danish_date

register = template.Library()

# The tags' fixed texts per language. A gettext call reads the active language from an asgiref
# Local and costs about as much as writing a table row: the summary of 300 notes asked some
# 5.000 times for the same twenty texts. Django keeps its catalogues for the process's life
# too; the cache is dropped when the language settings change (tests).
_TEXTS: dict[str, dict[str, str]] = {}


@receiver(setting_changed)
def _forget_texts(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _TEXTS.clear()


def _texts() -> dict[str, str]:
    """The fixed texts in the active language. Table headings are escaped (the template
    escaped them as values); the others were ``{% translate %}`` literals and are not."""
    language = get_language() or ""
    texts = _TEXTS.get(language)
    if texts is None:
        texts = _TEXTS[language] = {
            "language": language,
            # money table
            "year": escape(_("År")),
            "allocated": escape(_("Bevilget")),
            "spent": escape(_("Forbrug")),
            "left": escape(_("Rest")),
            "planned": escape(_("Planlagt (omkostningsmodel)")),
            # indicator table
            "indicator": escape(_("Indikator")),
            "trend": escape(_("Udvikling")),
            "target": escape(_("Mål")),
            "no_target": escape(_("Intet mål")),
            # a note's head
            "unit": _("Ansvarlig enhed"),
            "allocation": _("Bevilling"),
            "summed": _("(summen af indsatsernes bevillinger)"),
            "purpose": _("Formål"),
            "note_money": _("Bevilling, forbrug og planlagt udgift pr. år for %(c)s"),
            # an initiative's head
            "owner": _("Ansvarlig"),
            "missing_since": _("Status mangler siden %(d)s"),
            "missing": _("Status mangler"),
            "as_of": _("pr. %(d)s"),
            "corrected": _("rettet version"),
            "none_written": _("Der er ikke skrevet status pr. %(d)s eller tidligere."),
            "no_status": _("Ingen status"),
            # the summary's initiative
            "initiative_money": _("Bevilling og forbrug pr. år for indsats %(c)s"),
            "show_figures": _("Vis indikatorer for %(c)s (%(n)s)"),
        }
    return texts


def _page_texts(context) -> dict[str, str]:
    """``_texts()`` once per page render (the tags run hundreds of times a page)."""
    texts = context.render_context.get("status_report_texts")
    if texts is None:
        texts = context.render_context["status_report_texts"] = _texts()
    return texts


def _kr(value) -> str:
    return escape(format_kr(value)) if value is not None else "–"


@register.filter
def status_money(money, caption: str = "") -> str:
    """The table of allocated, spent, left and planned per year (``Money``)."""
    return _money_table(money, caption, _texts())


def _money_table(money, caption: str, t: dict[str, str]) -> str:
    if money is None or not money.has_figures:
        return ""
    columns = money.columns
    out = [
        '<div class="table--responsive-scroll"><table class="table table--compact status-money">',
        f'<caption class="sr-only">{escape(caption)}</caption>',
        f'<thead><tr><th scope="col">{t["year"]}</th>',
        *(f'<th scope="col" class="amount">{t[c]}</th>' for c in columns),
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
    t = _texts()
    indicator_h, trend_h, target_h = t["indicator"], t["trend"], t["target"]
    no_target_text = t["no_target"]
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
        out.extend(
            f'<td class="amount">{escape(figure) or "–"}'
            + (f'<br><span class="provisional">{escape(mark)}</span>' if mark else "")
            + "</td>"
            for figure, mark in cells
        )
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


@register.simple_tag(takes_context=True)
def status_note_head(context, note, report, summary: bool = False) -> str:
    """A note's heading, its facts (unit, allocation; purpose in the whole report) and its
    money table: the same in the summary (the latest years of money, no purpose) and the whole
    report, as the templates wrote it byte for byte."""
    t = _page_texts(context)
    anchor = escape(note.anchor)
    money = note.money
    allocation = escape(money.allocation_text) or "–"
    if money.from_initiatives:
        allocation += f' <span class="muted">{t["summed"]}</span>'
    unit = f"<dt>{t['unit']}</dt><dd>{escape(note.unit)}</dd>" if note.unit else ""
    out = [
        f'<h3 id="{anchor}"><span class="note-code">{escape(note.code)}</span> '
        f"{escape(note.title)}</h3>\n"
        f'    <dl class="facts">\n      {unit}\n'
        f"      <dt>{t['allocation']}</dt><dd>{allocation}</dd>\n"
    ]
    if not summary:
        purpose = (
            f"<dt>{t['purpose']}</dt><dd>{linebreaksbr(note.purpose)}</dd>" if note.purpose else ""
        )
        out.append(f"      {purpose}\n")
    # the caption escaped twice, as {% blocktranslate asvar %} and status_money did
    caption = t["note_money"] % {"c": escape(note.code)}
    if summary:
        money = recent_money(money, report.as_of.year)
    out.append(f"    </dl>\n    \n    {_money_table(money, caption, t)}")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def status_initiative_head(context, note, ini, report) -> str:
    """One initiative's heading, owner, overdue mark and status (``InitiativeRow``): the same in
    the summary and the whole report, written in Python as the template did it byte for byte."""
    head = _initiative_head(note, ini, report, _page_texts(context))
    return mark_safe(head)  # noqa: S308 - every value is escaped


def _initiative_head(note, ini, report, t: dict[str, str]) -> str:
    # ``{% translate %}`` texts were not escaped (template literals are safe), the values put
    # into ``{% blocktranslate %}`` were.
    language = t["language"]
    out = [
        f'\n<h4 id="{escape(note.anchor)}-{ini.id}"><span class="note-code">{escape(ini.code)}'
        f"</span> {escape(ini.title)}</h4>\n"
    ]
    if ini.owner:
        out.append(f'<p class="muted">{t["owner"]}: {escape(ini.owner)}</p>')
    out.append("\n")
    if ini.overdue:
        if ini.overdue_since:
            since = danish_date(ini.overdue_since, language)
            text = t["missing_since"] % {"d": escape(since)}
        else:
            text = t["missing"]
        out.append(
            '<p class="status-line status-overdue" data-testid="overdue">'
            f"<strong>{text}</strong></p>"
        )
    out.append("\n")
    status = ini.status
    if status:
        when = t["as_of"] % {"d": escape(danish_date(status.as_of, language))}
        corrected = f" · {t['corrected']}" if status.corrected else ""
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
        none = t["none_written"] % {"d": escape(danish_date(report.as_of, language))}
        out.append(
            f'\n<p class="status-line"><span class="chip" style="background: #5c5c5c">'
            f'{t["no_status"]}</span> <span class="muted">{none}</span></p>\n'
        )
    out.append("\n")
    return "".join(out)


@register.simple_tag(takes_context=True)
def status_summary_initiatives(context, note) -> str:
    """A note's initiatives on the summary page, each an ``<article>`` (heading and status, its
    own money of the latest years, the button that loads its indicators), as the template's
    loop wrote them byte for byte. The caption is escaped twice, as ``{% blocktranslate asvar
    %}`` and ``status_money`` did."""
    t = _page_texts(context)
    page = context.render_context.get("status_summary_page")
    if page is None:
        # the report and the links' fixed parts, escaped once per page
        page = context.render_context["status_summary_page"] = (
            context["report"],
            f"{escape(context['status_url'])}?{escape(context['full_query'])}#",
            escape(context["figures_head"]),
            f"{escape(context['figures_tail'])}?dato={escape(context['dato'])}",
        )
    out: list[str] = []
    for ini in note.initiatives:
        out.append("\n    ")
        _summary_initiative(out, note, ini, t, *page)
        out.append("\n    ")
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped


def _summary_initiative(out, note, ini, t, report, full_head, figures_head, figures_tail):
    anchor = f"{escape(note.anchor)}-{ini.id}"
    out.append(f'<article class="status-initiative" aria-labelledby="{anchor}">\n      ')
    out.append(_initiative_head(note, ini, report, t))
    out.append("\n      ")
    if ini.money:
        caption = t["initiative_money"] % {"c": escape(ini.code)}
        table = _money_table(recent_money(ini.money, report.as_of.year), caption, t)
        out.append(f"\n      \n      {table}\n      ")
    out.append("\n      ")
    if ini.indicator_count:
        label = t["show_figures"] % {"c": escape(ini.code), "n": ini.indicator_count}
        full = f"{full_head}{anchor}"
        figures = f"{figures_head}{ini.id}{figures_tail}"
        out.append(
            '\n      <div class="status-figures-slot" aria-live="polite">\n'
            f'        <div id="tal-{ini.id}"><a class="button button-secondary button-small" '
            f'href="{full}"\n'
            f'          hx-get="{figures}" hx-target="#tal-{ini.id}" hx-swap="outerHTML"\n'
            f'          data-testid="show-figures-{ini.id}">{label}</a></div>\n'
            "      </div>\n      "
        )
    out.append("\n    </article>")
