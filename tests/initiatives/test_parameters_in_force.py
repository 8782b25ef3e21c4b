"""The one home of "parameter values in force in a year" (initiatives.selectors
.parameters_in_force): one query for any number of years, and the budgets' cache and the
per-year selector give the same values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indsats.budgets.selectors import parameters_cache
from indsats.initiatives.selectors import parameters_for_year, parameters_in_force
from tests.factories import ParameterFactory, ParameterValueFactory

pytestmark = pytest.mark.django_db


def test_values_in_force_by_year_from_one_query(org):
    rate = ParameterFactory(organisation=org)
    ParameterValueFactory(parameter=rate, valid_from=dt.date(2020, 1, 1), value=Decimal("201.60"))
    ParameterValueFactory(parameter=rate, valid_from=dt.date(2024, 1, 1), value=Decimal("215"))
    with CaptureQueriesContext(connection) as queries:
        in_force = parameters_in_force(org)
        years = {y: in_force[y]["timepris_frikob"] for y in (2021, 2023, 2024, 2026)}
    assert len(queries) == 1
    assert years == {2021: Decimal("201.60"), 2023: Decimal("201.60"), 2024: 215, 2026: 215}
    assert parameters_for_year(org, 2024) == in_force[2024] == parameters_cache(org)[2024]
