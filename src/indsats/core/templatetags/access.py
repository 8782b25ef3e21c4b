"""What a member may do, for templates: ``{% if request|may:url %}`` shows a link or button
only when the view behind ``url`` lets this member in (``core.access.may``: the view's own
guard, no second table of rights); ``may_post`` asks the same for a form that POSTs.
``{% main_menu as items %}`` gives the organisation's menu (core.menu)."""

from django import template

from indsats.core import menu
from indsats.core.access import may as _may

register = template.Library()


@register.filter
def may(request, url) -> bool:
    return _may(request, str(url))


@register.filter
def may_post(request, url) -> bool:
    return _may(request, str(url), "POST")


@register.simple_tag(takes_context=True)
def main_menu(context) -> list:
    """The organisation's menu items for this member (``{% main_menu as items %}``)."""
    organisation = context.get("org")
    return menu.main_menu(context["request"], organisation) if organisation else []
