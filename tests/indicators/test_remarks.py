"""Values as status tables print them: "8 (flere følger til efteråret)" and "30*" are a value
with a remark, "22,5 pct." and "22,5 procent" are percentages; the report shows the remark and a
value measured before the year's end ("2026 pr. 30. april") as a footnote in every format."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from indsats.indicators import services
from indsats.indicators.models import IndicatorValue
from indsats.indicators.transfer import indicator_export, indicator_import
from indsats.reports.render import danish_date
from indsats.reports.status import build_status_report, render_docx, render_pdf, render_xlsx
from tests.factories import InitiativeFactory
from tests.indicators.test_transfer import _file
from tests.reports.readers import docx_text, pdf_text, sheet_records, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(org, consultant):
    from indsats.budgets import services as budgets

    initiative = InitiativeFactory(organisation=org, code="1.1", state="running")
    budgets.budget_note_create(
        organisation=org, actor=consultant, code="SO03", title="Fastholdelse", budget_year=2026,
        initiatives=[initiative],
    )  # fmt: skip
    mentors = services.indicator_create(
        organisation=org, actor=consultant, name="Mentorer uddannet", unit="count",
        initiative=initiative,
    )  # fmt: skip
    share = services.indicator_create(
        organisation=org, actor=consultant, name="Andel fastholdt", unit="percent",
        initiative=initiative,
    )  # fmt: skip
    return {"mentors": mentors, "share": share}


def _row(name, year, value, **more):
    return {"Indikator": name, "Ejer": "1.1", "År": year, "Værdi": value, **more}


def test_values_with_remarks_and_percent_words_import(setup, org, consultant):
    data = _file({
        "Værdier": [
            _row("Mentorer uddannet", 2024, "30*", **{"Bemærkning": "Inkl. 4 fra Herlev"}),
            _row("Mentorer uddannet", 2025, "12*"),
            _row("Mentorer uddannet", 2026, "8 (flere følger til efteråret)",
                 **{"Dato": "30-04-2026"}),
            _row("Andel fastholdt", 2024, "81,5 pct."),
            _row("Andel fastholdt", 2025, "83 procent"),
        ]
    })  # fmt: skip
    result = indicator_import(organisation=org, actor=consultant, file=data)
    assert result.values_added == 5
    stored = {
        (v.indicator.name, v.year): (v.value, v.note, v.date)
        for v in IndicatorValue.objects.select_related("indicator")
    }
    assert stored == {
        ("Mentorer uddannet", 2024): (Decimal(30), "Inkl. 4 fra Herlev", None),
        ("Mentorer uddannet", 2025): (Decimal(12), "*", None),
        ("Mentorer uddannet", 2026): (
            Decimal(8),
            "flere følger til efteråret",
            dt.date(2026, 4, 30),
        ),
        ("Andel fastholdt", 2024): (Decimal("81.5"), "", None),
        ("Andel fastholdt", 2025): (Decimal(83), "", None),
    }
    # the export re-imports unchanged
    again = indicator_import(organisation=org, actor=consultant, file=indicator_export(org))
    assert (again.values_added, again.values_skipped) == (0, 5)

    report = build_status_report(organisation=org, as_of=timezone.localdate())
    table = report.notes[0].initiatives[0].indicators
    assert table.footnotes == (
        ("(1)", "Mentorer uddannet, 2024: Inkl. 4 fra Herlev"),
        ("(2)", "Mentorer uddannet, 2026 pr. 30. april: flere følger til efteråret"),
    )
    mentors = next(r for r in table.rows if r.name == "Mentorer uddannet")
    # the newest value is part-year: its mark on its own line under the figure
    provisional = "8 (2) foreløbig pr. 30. april 2026"
    assert mentors.cells([2024, 2025, 2026]) == [
        ("30 (1)", ""),
        ("12", ""),
        ("8 (2)", "foreløbig pr. 30. april 2026"),
    ]

    pdf = pdf_text(render_pdf(report))
    assert f"Mentorer uddannet antal, højere er bedre 30 (1) 12 {provisional}" in pdf
    assert "(1) Mentorer uddannet, 2024: Inkl. 4 fra Herlev" in pdf
    assert "(2) Mentorer uddannet, 2026 pr. 30. april: flere følger til efteråret" in pdf
    docx = docx_text(render_docx(report))
    assert "(2) Mentorer uddannet, 2026 pr. 30. april: flere følger til efteråret" in docx
    ws = workbook(render_xlsx(report))["Indikatorer"]
    records = {r["Indikator"]: r for r in sheet_records(ws, 5)}
    assert records["Mentorer uddannet"]["Fodnoter"] == (
        "Mentorer uddannet, 2024: Inkl. 4 fra Herlev\n"
        "Mentorer uddannet, 2026 pr. 30. april: flere følger til efteråret\n"
        "2026: foreløbig pr. 30. april 2026"
    )
    assert records["Andel fastholdt"]["Fodnoter"] is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("(flere følger)", "»(flere følger)« kan ikke læses som et tal"),
        ("otte (flere følger)", "»otte« kan ikke læses som et tal"),
        ("12 pct.", "er en procentsats, men indikatoren måles i antal"),
    ],
)
def test_a_remark_does_not_hide_a_bad_value(setup, org, consultant, value, message):
    data = _file({"Værdier": [_row("Mentorer uddannet", 2024, value)]})
    with pytest.raises(Exception) as error:
        indicator_import(organisation=org, actor=consultant, file=data)
    assert message in error.value.messages[0]
    assert "række 2, kolonne »Værdi«" in error.value.messages[0]
    assert not IndicatorValue.objects.exists()


def test_blank_opgjort_pr_is_the_as_of_date_and_later_values_are_listed(
    setup, org, consultant, tmp_path, capsys
):
    from django.core.management import call_command

    april = dt.date(2026, 4, 30)
    path = tmp_path / "Værdier.csv"
    path.write_text(
        "Indikator;Ejer;År;Værdi\r\nMentorer uddannet;1.1;2025;12\r\n", encoding="utf-8-sig"
    )
    call_command("importdata", "indicators", str(path), "--org", org.slug, "--as-of", "2026-04-30")
    assert IndicatorValue.objects.get().recorded_on == april
    # a value back-filled later (»Opgjort pr.« blank, no --as-of: today)
    indicator_import(
        organisation=org,
        actor=consultant,
        file=_file({"Værdier": [_row("Andel fastholdt", 2025, "83 pct.")]}),
    )
    report = build_status_report(organisation=org, as_of=april)
    rows = {r.name: r for r in report.notes[0].initiatives[0].indicators.rows}
    assert rows["Mentorer uddannet"].series == {2025: Decimal(12)}
    assert rows["Andel fastholdt"].series == {}
    today = timezone.localdate()
    assert [v.text for v in report.later] == [
        f"Andel fastholdt, 2025: 83,0 % (registreret {danish_date(today)})"
    ]
    pdf = pdf_text(render_pdf(report))
    assert "Registreret senere end 30. april 2026" in pdf
    assert f"Andel fastholdt, 2025: 83,0 % (registreret {danish_date(today)})" in pdf
    assert f"Andel fastholdt, 2025: 83,0 % (registreret {danish_date(today)})" in docx_text(
        render_docx(report)
    )
    ws = workbook(render_xlsx(report))["Registreret senere"]
    assert [r["Indikator"] for r in sheet_records(ws, 5)] == ["Andel fastholdt"]
    # a report as of today lists nothing as later
    assert build_status_report(organisation=org, as_of=today).later == ()


@pytest.mark.parametrize(
    ("argument", "message"),
    [("30-04-2026", "er ikke en dato som 2026-04-30"), ("2999-01-01", "ligger i fremtiden")],
)
def test_a_bad_as_of_is_refused(setup, org, tmp_path, argument, message):
    from django.core.management import CommandError, call_command

    path = tmp_path / "Værdier.csv"
    path.write_text("Indikator;Ejer;År;Værdi\r\nMentorer uddannet;1.1;2025;12\r\n", "utf-8-sig")
    with pytest.raises(CommandError):
        call_command("importdata", "indicators", str(path), "--org", org.slug, "--as-of", argument)
    assert not IndicatorValue.objects.exists()


def test_a_percent_outside_0_to_100_needs_the_flag(setup, org, consultant):
    from indsats.core.services import ServiceError

    share = setup["share"]
    with pytest.raises(ServiceError) as error:
        services.indicator_value_add(
            indicator=share, actor=consultant, year=2025, value=Decimal(140)
        )
    assert error.value.errors == {
        "value": [
            "140 % ligger uden for 0-100 % for Andel fastholdt. Er det rigtigt (fx en vækstrate), "
            "så markér indikatoren »må ligge uden for 0-100 %«."
        ]
    }
    data = _file({"Værdier": [_row("Andel fastholdt", 2025, "-5 pct.")]})
    with pytest.raises(Exception) as error:
        indicator_import(organisation=org, actor=consultant, file=data)
    assert (
        "række 2" in error.value.messages[0]
        and "-5 % ligger uden for 0-100 %" in error.value.messages[0]
    )
    assert not IndicatorValue.objects.exists()
    services.indicator_update(
        indicator=share, actor=consultant, expected_version=None, may_exceed_100=True
    )
    share.refresh_from_db()
    services.indicator_value_add(indicator=share, actor=consultant, year=2025, value=Decimal(140))
    assert IndicatorValue.objects.get().value == Decimal(140)
