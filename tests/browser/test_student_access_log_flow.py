"""An administrator with student-data access finds a student by key, sees the view in the
access log, and deletes the student; the log then names the student by pseudonym only."""

from __future__ import annotations

import pytest

from indsats.students.services import student_records_apply
from tests.browser.conftest import axe_violations, describe_violations, log_in
from tests.students.records import student

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def _no_serious_problems(page):
    bad = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not bad, describe_violations(bad)


def test_find_view_log_and_delete_one_student(page, fresh_org, make_member):
    admin = make_member(fresh_org, "admin", "dpo")
    admin.memberships.update(student_access=True)
    student_records_apply(
        organisation=fresh_org, actor=None, students=[student(1), student(2)], source="x"
    )
    log_in(page, "dpo")
    page.goto(f"/o/{fresh_org.slug}/elever/data/")
    page.get_by_label("Find elev efter nøgle").fill("E2021-00002")
    page.get_by_role("button", name="Find elev", exact=True).click()
    assert page.get_by_role("heading", name="Elev E2021-00002").is_visible()
    _no_serious_problems(page)

    page.goto(f"/o/{fresh_org.slug}/elever/data/")
    page.get_by_role("link", name="Adgangslog").click()
    page.get_by_label("Elevnøgle").fill("E2021-00002")
    page.get_by_role("button", name="Vis").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 3  # the list page twice and the record
    assert "Elevpost set" in page.locator("tbody").inner_text()
    _no_serious_problems(page)

    page.goto(f"/o/{fresh_org.slug}/elever/data/find/?noegle=E2021-00002")
    page.get_by_label("Ja, slet alle data om elev E2021-00002").check()
    page.get_by_role("button", name="Slet elevens data").click()
    assert page.get_by_text("Elevens data er slettet").is_visible()
    page.goto(f"/o/{fresh_org.slug}/elever/data/adgangslog/?noegle=E2021-00002")
    assert "E2021-00002" not in page.locator("tbody").inner_text()
    assert "#" in page.locator("tbody").inner_text()
