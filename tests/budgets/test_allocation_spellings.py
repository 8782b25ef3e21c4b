"""The real-world allocation spellings of tests/calc/allocation_spellings.py, through the budget
import: every accepted text is stored with its amounts and price level (a carried unit is named
in the import's summary), every refused one names sheet, row, column and fragment with an
example that works, and nothing is written."""

import io
import re
from decimal import Decimal

import pytest

from indsats.budgets.models import Allocation, BudgetNote
from indsats.budgets.transfer import BudgetImportError, budget_import
from indsats.core.models import AuditLog
from tests.budgets.test_transfer import _csv, _file
from tests.calc.allocation_spellings import ACCEPTED, REFUSED

pytestmark = pytest.mark.django_db


def _rows(text, price_level=None):
    return {
        "Budgetnotater": [{"Budgetår": 2026, "Kode": "SO03", "Titel": "Fastholdelse"}],
        "Bevillinger": [
            {"Budgetår": 2026, "Kode": "SO03", "Bevilling": text, "Prisniveau": price_level}
        ],
    }


def _stored(org):
    note = BudgetNote.objects.get(organisation=org, code="SO03")
    rows = Allocation.objects.filter(note=note, initiative=None)
    return {a.year: a.amount for a in rows}, {a.price_level for a in rows}


@pytest.mark.parametrize(("text", "amounts", "price_level", "assumptions"), ACCEPTED)
def test_every_accepted_spelling_imports(org, consultant, text, amounts, price_level, assumptions):
    result = budget_import(organisation=org, actor=consultant, file=_file(_rows(text)))
    stored, levels = _stored(org)
    assert stored == amounts
    assert levels == {price_level}
    summary = result.summary()
    for assumption in assumptions:
        assert f"Bevillinger række 2: {assumption}" in summary
    if not assumptions:
        assert "antagelse" not in summary


@pytest.mark.parametrize(("text", "message"), [r for r in REFUSED if r[0]])
def test_every_refused_spelling_names_row_column_and_fragment(org, consultant, text, message):
    before = AuditLog.objects.count()
    with pytest.raises(BudgetImportError) as error:
        budget_import(organisation=org, actor=consultant, file=_file(_rows(text)))
    messages = error.value.messages
    assert len(messages) == 1
    assert re.search(
        r"^Ark »Bevillinger«, række 2, kolonne »Bevilling«: ».*« kan ikke læses som en bevilling: ",
        messages[0],
        re.S,
    ), messages[0]
    assert message in messages[0]
    assert messages[0].endswith(
        "Skriv fx »2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt« eller "
        "»4,858 mio. kr. årligt i 2026-2029«."
    )
    assert not BudgetNote.objects.filter(organisation=org).exists()
    assert AuditLog.objects.count() == before


def test_a_carried_unit_is_listed_from_csv_too(org, consultant):
    files = [
        (
            _csv(["Budgetår;Kode;Titel;Enhed;Formål;Indsatser", "2026;SO03;Fastholdelse;;;"]),
            "Budgetnotater.csv",
        ),
        (
            _csv(
                [
                    "Budgetår;Kode;Indsats;Bevilling;Prisniveau",
                    '2026;SO03;;"2024: 0,5 mio. kr.\n2025: 0,8 (2022-pl)";',
                ]
            ),
            "Bevillinger.csv",
        ),
    ]
    uploads = []
    for data, name in files:
        upload = io.BytesIO(data)
        upload.name = name
        uploads.append(upload)
    result = budget_import(organisation=org, actor=consultant, file=uploads)
    assert _stored(org) == ({2024: Decimal("500000"), 2025: Decimal("800000")}, {"2022-pl"})
    assert result.summary().endswith(
        "læst med en antagelse: Bevillinger række 2: 2025: 0,8 læst som 0,8 mio. kr."
    )
    entry = AuditLog.objects.filter(object_type="budget").latest("pk")
    assert entry.changes["assumptions"] == [
        None,
        ["Bevillinger række 2: 2025: 0,8 læst som 0,8 mio. kr."],
    ]


def test_the_price_level_column_and_the_text_must_agree(org, consultant):
    result = budget_import(
        organisation=org,
        actor=consultant,
        file=_file(_rows("2026: 1 mio. kr. (2022-pl)", "2022-pl")),
    )
    assert result.created == 1
    assert _stored(org)[1] == {"2022-pl"}
    with pytest.raises(BudgetImportError) as error:
        budget_import(
            organisation=org,
            actor=consultant,
            file=_file(_rows("2026: 2 mio. kr. (2022-pl)", "2024-pl")),
        )
    assert error.value.messages == [
        "Ark »Bevillinger«, række 2, kolonne »Prisniveau«: »Prisniveau« siger »2024-pl«, men "
        "bevillingen nævner »2022-pl«. Skriv det samme begge steder, eller lad »Prisniveau« stå tom."
    ]
    assert _stored(org)[0] == {2026: Decimal("1000000")}
