from django import template

from indsats.casebank.services import is_editor

register = template.Library()


@register.simple_tag
def casebank_editor(user) -> bool:
    """True for a logged-in case bank editor (the menu shows the editor queue)."""
    return bool(user and user.is_authenticated and is_editor(user))
