"""A consultant with student-data access imports a student file in the browser and sees the
summary, then the funnel and the dropout causes on the pipeline page; a file with a CPR number
in one cell is refused in Danish and changes nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.students.records import cohort

pytestmark = pytest.mark.browser


def test_consultant_imports_students_and_a_cpr_number_is_refused(
    page, fresh_org, make_member, tmp_path
):
    from indsats.students.models import Student
    from indsats.students.transfer import student_inputs_workbook

    user = make_member(fresh_org, "consultant", "sara")
    user.memberships.update(student_access=True)
    good = tmp_path / "elever.xlsx"
    good.write_bytes(student_inputs_workbook(cohort(40)))

    log_in(page, "sara")
    page.goto(f"/o/{fresh_org.slug}/elever/data/import/")
    expect(page.get_by_role("heading", name="Importér elevdata", level=1)).to_be_visible()
    page.get_by_label("Excel-fil (.xlsx) eller CSV-filer (.csv)").set_input_files(str(good))
    page.get_by_role("button", name="Indlæs elevdata").click()
    result = page.locator("#import-result")
    expect(result).to_contain_text("Elevdata er indlæst")
    expect(result).to_contain_text("40 nye, 0 ændrede og 0 uændrede elever")
    expect(result.get_by_role("link", name="Se elevforløb og nøgletal")).to_have_attribute(
        "href", f"/o/{fresh_org.slug}/elever/"
    )
    screenshot(page, "student-import-ok")
    assert Student.objects.filter(organisation=fresh_org).count() == 40

    # The imported records feed the pipeline page: the funnel and the dropout causes. The SSA
    # students of cohort 2021 alternate between completed-and-hired and dropped out (two per
    # cause, in 2022); the SSH students between completed-not-hired and still under way.
    result.get_by_role("link", name="Se elevforløb og nøgletal").click()
    funnel = page.locator("svg.funnel-chart")
    expect(funnel).to_be_visible()
    expect(funnel.locator("desc")).to_contain_text("50,0 %")
    ssa = page.locator('table[data-education="ssa"].cohort-table')
    expect(ssa.locator('td[data-kpi="completion"]')).to_have_text("50,0 %")
    expect(ssa.locator('td[data-kpi="hire"]')).to_have_text("100,0 %")
    expect(page.locator("svg.causes-chart")).to_be_visible()
    causes = page.locator('table[data-kind="cause"][data-education="ssa"][data-year="2022"]')
    expect(causes.get_by_role("row", name="Udfordringer i privatlivet 2")).to_be_visible()
    expect(causes.get_by_role("row", name="Fravær 2")).to_be_visible()
    expect(causes.get_by_role("row", name="I alt 10")).to_be_visible()
    screenshot(page, "student-import-pipeline")
    page.goto(f"/o/{fresh_org.slug}/elever/data/import/")

    wb = load_workbook(io.BytesIO(good.read_bytes()))
    wb["Forløb"]["E9"] = "Plejecenter Solgården, vejleder 2304851234"
    wb["Elever"]["A41"] = "E-ny-elev"  # would be a new student if the file were accepted
    out = io.BytesIO()
    wb.save(out)
    bad = tmp_path / "elever-med-cpr.xlsx"
    bad.write_bytes(out.getvalue())

    page.get_by_label("Excel-fil (.xlsx) eller CSV-filer (.csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Indlæs elevdata").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Filen blev ikke indlæst: der er 1 fejl. Intet er ændret."
    )
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Forløb")
    expect(errors).to_contain_text("oplæringssted")
    expect(errors).to_contain_text("ligner et CPR-nummer (230485-****)")
    assert "2304851234" not in page.content()
    screenshot(page, "student-import-cpr")
    assert Student.objects.filter(organisation=fresh_org).count() == 40
    assert not Student.objects.filter(key="E-ny-elev").exists()

    page.goto(f"/o/{fresh_org.slug}/elever/data/")
    expect(page.get_by_text("40 elever")).to_be_visible()
    screenshot(page, "student-records-list")
