"""The Django side of calc.kpis: a KPI's label in the active language (the registry holds
both, so no second table of labels is needed)."""

from django.utils.functional import lazy
from django.utils.translation import get_language

from indsats.calc import kpis


def label(code: str) -> str:
    return kpis.get(code).label(get_language())


label_lazy = lazy(label, str)
