"""The one KPI registry: every KPI a criterion can follow is in it, with both labels, a
population and a rounding; the choices offered to criteria say the same."""

from decimal import Decimal

import pytest

from indsats.calc import kpis
from indsats.calc.kpi import CohortCounts


def test_every_kpi_has_labels_population_unit_and_rounding():
    for code, k in kpis.KPIS.items():
        assert k.code == code and k.label_da and k.label_en
        assert k.population in (kpis.COHORT, kpis.CALENDAR_YEAR)
        assert k.unit in ("percent", "count")
        assert k.decimals == 0 if k.unit == "count" else k.decimals >= 1


def test_cohort_values_come_from_the_registry():
    c = CohortCounts("ssh", 2022, 37, 31, 6, 19)
    assert kpis.get("completion_rate").value(c).quantize(Decimal("0.1")) == Decimal("83.8")
    assert kpis.get("hire_rate").value(c).quantize(Decimal("0.1")) == Decimal("61.3")
    assert kpis.get("started").value(c) == 37
    unfinished = CohortCounts("ssh", 2024, 37, 10, 6, 5)
    assert kpis.get("completion_rate").value(unfinished) is None


def test_unknown_code_names_the_known_ones():
    with pytest.raises(ValueError, match="completion_rate"):
        kpis.get("nope")


def test_format_is_the_one_rounding_of_a_kpi_figure():
    from decimal import Decimal

    from indsats.calc import kpis

    assert kpis.get("hire_rate").format(Decimal("41.4634")) == "41,5 %"
    assert kpis.get("hire_rate").format(Decimal("41.46")) == "41,5 %"
    assert kpis.get("intake_ratio").format(Decimal("118.07")) == "118,1 %"
    assert kpis.get("sick_leave_rate").format(Decimal("9.1")) == "9,10 %"
    assert kpis.get("started").format(Decimal(12)) == "12"
    assert kpis.get("dropout_rate").format(None) == ""
    assert kpis.get("hire_rate").round(Decimal("41.45")) == Decimal("41.5")  # half up
    assert kpis.format_value("yield_rate", Decimal("44.46")) == "44,5 %"
