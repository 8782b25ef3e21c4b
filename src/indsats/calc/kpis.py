"""The one KPI registry of the SOSU pipeline: every KPI once, with its code, Danish and English
label, numerator and denominator, the population it counts and its unit and rounding. Pure
data (no Django): the Django layer picks the label for the active language
(``students.kpis.label``). Pages, reports, charts, success criteria, the comparison and the API
read labels, values and rounding from here.

Populations: ``cohort`` — the students hired in a year (an intake cohort, "årgang 2022"),
followed until they complete or drop out; ``calendar_year`` — events in a calendar year
("frafaldet i 2022", sick days in 2022).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import kpi
from .danish import format_number, format_pct

COHORT = "cohort"
CALENDAR_YEAR = "calendar_year"


@dataclass(frozen=True)
class Kpi:
    code: str
    label_da: str
    label_en: str
    unit: str  # "percent" or "count"
    population: str  # COHORT or CALENDAR_YEAR
    # CohortCounts attribute names for cohort KPIs; a description for the others
    numerator: str
    denominator: str | None = None
    decimals: int = 1  # how many decimals the figure is shown with, everywhere
    finished_only: bool = False  # final only when nobody of the cohort is still under way
    comparison: bool = False  # offered in the national comparison
    source: str = "cohort"  # "cohort", "intake", "sick_leave" or "phases": where it is read
    scale: int = 100  # the smallest top of a chart's value axis (a percentage: 100 %)

    def label(self, language: str | None) -> str:
        """The label in ``language`` (a Django language code): English for "en…", else
        Danish."""
        return self.label_en if (language or "da").startswith("en") else self.label_da

    def value(self, cohort: kpi.CohortCounts) -> Decimal | None:
        """A cohort KPI of one cohort (None when not final or no denominator)."""
        if self.source != "cohort":
            raise ValueError(self.code)
        if self.finished_only and not cohort.finished:
            return None
        num = getattr(cohort, self.numerator)
        if self.denominator is None:
            return Decimal(num)
        return kpi.rate(num, getattr(cohort, self.denominator))

    def round(self, value) -> Decimal | None:
        """The figure rounded as it is shown (``decimals`` places, half up); for a
        percentage the percentage value (41,46 → 41,5)."""
        if value is None:
            return None
        return Decimal(value).quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_HALF_UP)

    def format(self, value) -> str:
        """The figure as shown everywhere, Danish: "41,5 %", "8,64 %", "12" ("" for None).
        The one rounding of a KPI figure: pages, reports, charts, criteria and the API call
        this."""
        if value is None:
            return ""
        if self.unit == "percent":
            return format_pct(Decimal(value), self.decimals)
        return format_number(Decimal(value), self.decimals)

    def axis(self, value) -> str:
        """An axis tick of a chart of this KPI: its unit, and no more decimals than the tick
        needs, at most the registry's ("0 %", "2,5 %", "10 %"; a count "12")."""
        value = Decimal(value)
        places = 0
        while places < self.decimals and value != value.quantize(Decimal(1).scaleb(-places)):
            places += 1
        if self.unit == "percent":
            return format_pct(value, places)
        return format_number(value, places)


KPIS: dict[str, Kpi] = {
    k.code: k
    for k in (
        Kpi("started", "Ansatte elever", "Students hired", "count", COHORT, "started",
            decimals=0, scale=1),
        Kpi("intake_ratio", "Ansatte elever i forhold til dimensioneringen",
            "Students hired against the required intake", "percent", CALENDAR_YEAR,
            "started", "required", comparison=True, source="intake"),
        Kpi("internal_unskilled", "Egne ufaglærte ansat som elever",
            "Own unskilled employees hired as students", "count", COHORT,
            "internal_unskilled", decimals=0, scale=1),
        Kpi("internal_ssh", "Egne SSH ansat som SSA-elever",
            "Own SSH hired as SSA students", "count", COHORT, "internal_ssh", decimals=0,
            scale=1),
        Kpi("internal_share", "Andel internt rekrutterede elever",
            "Share of students recruited internally", "percent", COHORT, "internal",
            "started", comparison=True),
        Kpi("completion_rate", "Gennemførelse", "Completion", "percent", COHORT, "completed",
            "started", finished_only=True, comparison=True),
        Kpi("dropout_rate", "Frafald", "Dropout", "percent", COHORT, "dropped_out", "started",
            finished_only=True, comparison=True),
        Kpi("dropout_main_rate", "Frafald under hovedforløbet", "Dropout in the main course",
            "percent", COHORT, "dropouts after the basic course", "started",
            finished_only=True, source="phases"),
        Kpi("hire_rate", "Ansat efter uddannelsen, af gennemførte",
            "Hired after graduating, of those who completed", "percent", COHORT, "hired",
            "completed", finished_only=True, comparison=True),
        Kpi("yield_rate", "Ansat efter uddannelsen, af startede",
            "Hired after graduating, of those who started", "percent", COHORT, "hired",
            "started", finished_only=True, comparison=True),
        Kpi("sick_leave_rate", "Sygefravær", "Sick leave", "percent", CALENDAR_YEAR,
            "sick days", "planned working days", decimals=2, comparison=True,
            source="sick_leave", scale=10),
    )
}  # fmt: skip

COHORT_KPIS = tuple(code for code, k in KPIS.items() if k.source == "cohort")
COUNT_KPIS = frozenset(code for code, k in KPIS.items() if k.unit == "count")
COMPARISON_KPIS = tuple(code for code, k in KPIS.items() if k.comparison)


def format_value(code: str, value) -> str:
    """``get(code).format(value)``."""
    return get(code).format(value)


def get(code: str) -> Kpi:
    """The KPI ``code``; ValueError naming the known codes for anything else."""
    try:
        return KPIS[code]
    except KeyError:
        raise ValueError(f"Ukendt nøgletal {code!r}; kendte: {', '.join(KPIS)}") from None
