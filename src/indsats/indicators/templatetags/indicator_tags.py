"""The indicators block on an initiative's page (``{% initiative_indicators initiative %}``)."""

from django import template
from django.db.models import Q

from indsats.organisations.models import EDIT_CATALOGUE

from ..models import Indicator
from ..views import indicator_rows

register = template.Library()


@register.inclusion_tag("indicators/_initiative_block.html", takes_context=True)
def initiative_indicators(context, initiative):
    """The initiative's own indicators and those of the budget notes funding it."""
    indicators = (
        Indicator.objects.filter(organisation_id=initiative.organisation_id)
        .filter(Q(initiative=initiative) | Q(budget_note__initiatives=initiative))
        .select_related("budget_note")
        .distinct()
        .order_by("order", "name")
    )
    membership = getattr(context.get("request"), "membership", None)
    return {
        "org": context.get("org"),
        "initiative": initiative,
        "rows": indicator_rows(indicators),
        "can_edit": membership is not None and membership.role in EDIT_CATALOGUE,
    }
