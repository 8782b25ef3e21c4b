"""The status history on an initiative's page (``{% status_history initiative %}``) and the
status account rendered as paragraphs and bullet lists (``{{ text|status_text }}``)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from indsats.calc.indicators import format_value
from indsats.organisations.models import EDIT_STATUS

from ..models import StatusState
from ..selectors import status_history as history_of

register = template.Library()


@register.filter
def status_text(text: str) -> str:
    """Blank lines start a new paragraph; lines beginning with "- " become bullet points."""
    blocks = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        html, items = [], []
        for line in lines:
            if line.lstrip().startswith(("- ", "• ")):
                items.append(f"<li>{escape(line.lstrip()[2:].strip())}</li>")
                continue
            if items:
                html.append("<ul>" + "".join(items) + "</ul>")
                items = []
            html.append(escape(line))
        if items:
            html.append("<ul>" + "".join(items) + "</ul>")
        # Consecutive text lines of a paragraph are joined with line breaks.
        paragraph, out = [], []
        for part in html:
            if part.startswith("<ul>"):
                if paragraph:
                    out.append("<p>" + "<br>".join(paragraph) + "</p>")
                    paragraph = []
                out.append(part)
            else:
                paragraph.append(part)
        if paragraph:
            out.append("<p>" + "<br>".join(paragraph) + "</p>")
        blocks.append("".join(out))
    return mark_safe("".join(blocks))  # noqa: S308 - every text piece is escaped above


@register.inclusion_tag("followup/_history_block.html", takes_context=True)
def status_history(context, initiative):
    updates = history_of(initiative)
    newer = {u.supersedes_id: u for u in updates if u.supersedes_id}
    entries = []
    for update in updates:
        entries.append(
            {
                "update": update,
                "colour": StatusState.colour(update.state),
                "corrected_by": newer.get(update.pk),
                "values": [
                    (v, format_value(v.value, v.indicator.unit))
                    for v in sorted(
                        update.indicator_values.all(), key=lambda v: (v.indicator.name, v.year)
                    )
                ],
            }
        )
    membership = getattr(context.get("request"), "membership", None)
    return {
        "org": context.get("org"),
        "initiative": initiative,
        "entries": entries,
        "can_report": membership is not None and membership.role in EDIT_STATUS,
    }
