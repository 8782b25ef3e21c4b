"""Danish number formatting in templates: ``{{ amount|kr }}``, ``{{ amount|mio }}``,
``{{ low|krrange:high }}``, ``{{ rate|kpi:code }}`` (a pipeline KPI with the registry's
rounding; ``{{ code|kpi_label }}`` its label: there is no filter for a percentage with places of its own, so a KPI figure is always
written as calc.kpis says)."""

from decimal import Decimal

from django import template

from indsats.calc import danish, kpis

register = template.Library()


@register.filter
def kr(value, decimals=None):
    if value in (None, ""):
        return ""
    return danish.format_kr(Decimal(value), decimals=None if decimals is None else int(decimals))


@register.filter
def mio(value, decimals=3):
    if value in (None, ""):
        return ""
    return danish.format_mio(Decimal(value), int(decimals))


@register.filter
def num(value, decimals=0):
    if value in (None, ""):
        return ""
    return danish.format_number(Decimal(str(value)), int(decimals))


@register.filter
def krrange(low, high):
    return danish.format_range(low, high)


@register.filter
def fds(field):
    """Render a bound field's widget with Det Fælles Designsystem classes and ARIA links to its
    hint and error messages."""
    widget = field.field.widget
    name = type(widget).__name__
    if name in {"Select", "SelectMultiple", "NullBooleanSelect"}:
        css = "form-select"
    elif name in {"CheckboxInput", "RadioSelect", "CheckboxSelectMultiple", "HiddenInput"}:
        css = ""
    else:
        css = "form-input"
    if name == "Textarea":
        css += " form-input--textarea"
    if field.errors:
        css += " form-input--error"
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-hint")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def kpi_label(code):
    """A pipeline KPI's label from the registry in the active language:
    ``{{ "hire_rate"|kpi_label }}``."""
    from django.utils.translation import get_language

    return kpis.get(code).label(get_language())


@register.filter
def kpi(value, code):
    """A pipeline KPI's figure with the KPI registry's rounding: ``{{ v.value|kpi:"dropout_rate" }}``."""
    if value in (None, ""):
        return ""
    return kpis.format_value(code, Decimal(str(value)))
