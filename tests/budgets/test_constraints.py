"""The database itself refuses a second allocation or spending row for the same year, also
when it belongs to the note as a whole (initiative empty) — on SQLite and PostgreSQL alike."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indsats.budgets.models import Allocation, BudgetNote, Spending


@pytest.fixture
def note(org):
    return BudgetNote.objects.create(
        organisation=org, code="SO19", title="God start", budget_year=2026
    )


@pytest.mark.parametrize("model", [Allocation, Spending])
def test_two_note_level_rows_for_the_same_year_are_refused(note, model):
    model.objects.create(note=note, year=2026, amount=Decimal("100.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(note=note, year=2026, amount=Decimal("200.00"))
    assert model.objects.filter(note=note, year=2026).count() == 1
