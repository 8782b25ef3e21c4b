"""The status report a committee accepts: a note's allocation never "–" while its initiatives
have money, Forbrug/Rest/Planlagt only when they say something (and no "rest" for a finished
initiative), newest budget year first, and "Status mangler siden …" where the latest status is
older than the organisation's reporting interval as of the report's date — in every format."""

import datetime as dt
from decimal import Decimal as D

import pytest

from indsats.budgets import services as budgets
from indsats.followup.selectors import StatusOverdue, overdue, status_overdue
from indsats.followup.services import status_update_create
from indsats.reports.status import build_status_report, render_docx, render_pdf, render_xlsx
from tests.factories import InitiativeFactory
from tests.reports.readers import docx_text, pdf_text, sheet_records, workbook

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 4, 30)


@pytest.fixture
def committee(org, consultant):
    """SO03 (2026) has no allocation of its own: its money sits on 1.1 (running, reported in
    October 2025: overdue by April) and 1.2 (finished, with spending). ØK77 (2025) has its own
    allocation and no spending or cost model; its 2.1 was reported in March 2026."""
    running = InitiativeFactory(organisation=org, code="1.1", title="Mentorer", state="running")
    done = InitiativeFactory(organisation=org, code="1.2", title="Kampagne", state="finished")
    fresh = InitiativeFactory(organisation=org, code="2.1", title="Elevløn", state="running")
    never = InitiativeFactory(organisation=org, code="2.2", title="Nattevagt", state="funded")
    so03 = budgets.budget_note_create(
        organisation=org, actor=consultant, code="SO03", title="Fastholdelse", budget_year=2026,
        initiatives=[running, done],
    )  # fmt: skip
    budgets.allocation_set(
        note=so03, actor=consultant, initiative=running,
        amounts={2026: D("1500000"), 2027: D("1500000")}, price_level="2022-pl",
    )  # fmt: skip
    budgets.allocation_set(
        note=so03, actor=consultant, initiative=done, amounts={2026: D("500000")},
        price_level="2022-pl",
    )  # fmt: skip
    budgets.spending_set(
        note=so03, actor=consultant, year=2026, amount=D("200000"), initiative=done
    )
    ok77 = budgets.budget_note_create(
        organisation=org, actor=consultant, code="ØK77", title="Elever", budget_year=2025,
        initiatives=[fresh, never],
    )  # fmt: skip
    budgets.allocation_set(note=ok77, actor=consultant, amounts={2025: D("4858000")})
    for initiative, day in ((running, dt.date(2025, 10, 1)), (fresh, dt.date(2026, 3, 1))):
        status_update_create(
            initiative=initiative, actor=consultant, as_of=day, state="on_track",
            text="Følger planen.",
        )  # fmt: skip
    status_update_create(
        initiative=done, actor=consultant, as_of=dt.date(2025, 6, 1), state="finished",
        text="Afsluttet.",
    )  # fmt: skip
    return {"so03": so03, "ok77": ok77}


def test_the_overdue_rule_is_one_function(org):
    # 120 days by default; due on the 120th day, overdue the day after
    latest = dt.date(2025, 10, 1)
    due = dt.date(2026, 1, 29)
    assert status_overdue(organisation=org, state="running", latest=latest, as_of=due) is None
    assert status_overdue(
        organisation=org, state="running", latest=latest, as_of=due + dt.timedelta(days=1)
    ) == StatusOverdue(since=due, latest=latest)
    assert status_overdue(
        organisation=org, state="funded", latest=None, as_of=due
    ) == StatusOverdue(None, None)
    for state in ("proposed", "paused", "finished"):
        assert status_overdue(organisation=org, state=state, latest=None, as_of=due) is None
    org.reporting_interval_days = 30
    assert status_overdue(
        organisation=org, state="running", latest=latest, as_of=dt.date(2025, 11, 1)
    ) == StatusOverdue(dt.date(2025, 10, 31), latest)


def test_rows(committee, org):
    report = build_status_report(organisation=org, as_of=AS_OF)
    assert [s.budget_year for s in report.sections] == [2026, 2025]  # newest first
    so03, ok77 = report.notes
    # the note's allocation is its initiatives' when it has none of its own
    assert so03.money.allocation_text == "2026: 2,000 mio. kr. / 2027: 1,500 mio. kr. (2022-pl)"
    assert so03.money.from_initiatives
    assert [(y.year, y.allocated) for y in so03.money.years] == [
        (2026, D("2000000")),
        (2027, D("1500000")),
    ]
    assert ok77.money.allocation_text == "2025: 4,858 mio. kr."
    assert not ok77.money.from_initiatives
    # no spending, no cost model: only Bevilget
    assert ok77.money.columns == ("allocated",)
    running, done = so03.initiatives
    assert running.money.columns == ("allocated",)
    # spending on a finished initiative: Forbrug, but no Rest
    assert done.money.columns == ("allocated", "spent")
    # overdue as of the report's date
    assert (running.overdue, running.overdue_text) == (True, "Status mangler siden 29. januar 2026")
    assert not done.overdue  # finished initiatives owe no status
    fresh, never = ok77.initiatives
    assert not fresh.overdue
    assert (never.overdue, never.overdue_text) == (True, "Status mangler")
    # as of an earlier date, October's status was not yet overdue
    earlier = build_status_report(organisation=org, as_of=dt.date(2026, 1, 29))
    assert not earlier.notes[0].initiatives[0].overdue
    # the overdue list asks the same rule
    assert [(i.code, d) for i, d in overdue(org, AS_OF)] == [
        ("2.2", None),
        ("1.1", dt.date(2025, 10, 1)),
    ]


def test_pdf_docx_xlsx_show_it(committee, org):
    report = build_status_report(organisation=org, as_of=AS_OF)
    pdf = pdf_text(render_pdf(report))
    assert pdf.index("Budgetår 2026") < pdf.index("Budgetår 2025")
    assert (
        "Bevilling: 2026: 2,000 mio. kr. / 2027: 1,500 mio. kr. (2022-pl) "
        "(summen af indsatsernes bevillinger)" in pdf
    )
    assert "Bevilling: –" not in pdf
    assert "1.1 Mentorer Status mangler siden 29. januar 2026" in pdf
    assert "2.2 Nattevagt Status mangler" in pdf
    assert pdf.count("Status mangler") == 2
    assert "År Bevilget Forbrug 2026 500.000 kr. 200.000 kr." in pdf  # 1.2: no Rest
    assert "Rest" not in pdf and "Planlagt" not in pdf

    docx = docx_text(render_docx(report))
    assert "Status mangler siden 29. januar 2026" in docx
    assert "(summen af indsatsernes bevillinger)" in docx
    assert "Rest" not in docx and "Planlagt" not in docx

    ws = workbook(render_xlsx(report))["Status"]
    records = {(r["Budgetnotat"], r["Nr."]): r for r in sheet_records(ws, 5)}
    assert records[("SO03", None)]["Bevilling"] == (
        "2026: 2,000 mio. kr. / 2027: 1,500 mio. kr. (2022-pl)"
    )
    assert records[("SO03", "1.1")]["Status mangler siden"] == dt.datetime(2026, 1, 29)
    assert records[("ØK77", "2.2")]["Status mangler siden"] == "Aldrig skrevet"
    assert records[("ØK77", "2.1")]["Status mangler siden"] is None


def test_an_answered_round_long_ago_does_not_keep_a_status_fresh(org):
    """October's round was answered on time; by April, with no later round due, the 120-day
    interval says the status is missing again (the demo's statuses as of 30-04-2026)."""
    from indsats.followup.models import StatusRound

    october = StatusRound(
        organisation=org, name="Status pr. oktober 2025", as_of=dt.date(2025, 10, 31),
        due_date=dt.date(2025, 11, 14),
    )  # fmt: skip
    answered = dt.date(2025, 10, 31)
    assert status_overdue(
        organisation=org, state="running", latest=answered, as_of=dt.date(2025, 12, 1),
        status_round=october,
    ) is None  # fmt: skip
    assert status_overdue(
        organisation=org, state="running", latest=answered, as_of=AS_OF, status_round=october
    ) == StatusOverdue(since=dt.date(2026, 2, 28), latest=answered)
    # unanswered: missing since the round's due date
    assert status_overdue(
        organisation=org, state="running", latest=dt.date(2025, 4, 30), as_of=AS_OF,
        status_round=october,
    ) == StatusOverdue(since=dt.date(2025, 11, 14), latest=dt.date(2025, 4, 30))  # fmt: skip
    # a finished initiative that answered its round owes nothing more
    assert status_overdue(
        organisation=org, state="finished", latest=answered, as_of=AS_OF, status_round=october
    ) is None  # fmt: skip
