from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def casebank_editor(context, user=None) -> bool:
    """True for a logged-in case bank editor (the menu shows the editor queue). Asked once per
    request, with the same rule that guards the editors' pages."""
    from indsats.casebank.views_editor import editor_permits

    request = context.get("request")
    if request is None:
        return False
    return editor_permits(request)
