"""Danish number formatting in templates: ``{{ amount|kr }}``, ``{{ amount|mio }}``,
``{{ share|pct:2 }}``, ``{{ low|krrange:high }}``."""

from decimal import Decimal

from django import template

from indsats.calc import danish

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
def pct(value, decimals=1):
    if value in (None, ""):
        return ""
    return danish.format_pct(Decimal(str(value)), int(decimals))


@register.filter
def num(value, decimals=0):
    if value in (None, ""):
        return ""
    return danish.format_number(Decimal(str(value)), int(decimals))


@register.filter
def krrange(low, high):
    return danish.format_range(low, high)
