"""The totals pages under /o/<org>/elever/tal/: everyone reads, EDIT_STRATEGY edits; a stale
form gets 409 with the input kept; bad input gets 400 with Danish messages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indsats.students import services_totals
from indsats.students.models import BreakdownFigure, CohortFigures, RequiredIntake, SickLeaveFigure

pytestmark = pytest.mark.django_db


def url(name, org, **kw):
    return reverse(f"pipeline:{name}", kwargs={"org": org.slug, **kw})


COHORT = {
    "education": "ssh",
    "cohort_year": "2022",
    "started": "37",
    "completed": "31",
    "dropped_out": "6",
    "hired": "19",
    "internal_unskilled": "",
    "internal_ssh": "",
    "note": "Strategi 2024",
}


def test_reader_sees_totals_but_cannot_edit(client, org, reader):
    services_totals.cohort_figures_save(
        organisation=org, actor=None, education="ssa", cohort_year=2020, started=45
    )
    client.force_login(reader)
    response = client.get(url("totals", org))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2020" in html and "Tilføj årgang" not in html
    assert client.get(url("cohort_create", org)).status_code == 403
    figures = CohortFigures.objects.get()
    assert client.post(url("cohort_edit", org, figures_pk=figures.pk), COHORT).status_code == 403
    assert (
        client.get(url("breakdown_edit", org) + "?kind=cause&education=ssa&year=2023").status_code
        == 403
    )


def test_create_and_edit_a_cohort(consultant_client, org):
    response = consultant_client.post(url("cohort_create", org), COHORT)
    assert response.status_code == 302
    figures = CohortFigures.objects.get()
    assert (figures.started, figures.completed, figures.hired) == (37, 31, 19)
    edit = url("cohort_edit", org, figures_pk=figures.pk)
    page = consultant_client.get(edit).content.decode()
    assert 'value="37"' in page
    response = consultant_client.post(edit, {**COHORT, "hired": "20", "version": "1"})
    assert response.status_code == 302
    figures.refresh_from_db()
    assert figures.hired == 20 and figures.version == 2


def test_stale_form_is_409_with_input_kept(consultant_client, org):
    figures = services_totals.cohort_figures_save(
        organisation=org, actor=None, education="ssh", cohort_year=2022, started=37
    )
    services_totals.cohort_figures_save(
        organisation=org,
        actor=None,
        education="ssh",
        cohort_year=2022,
        started=38,
        figures=figures,
        expected_version=1,
    )
    response = consultant_client.post(
        url("cohort_edit", org, figures_pk=figures.pk), {**COHORT, "started": "41", "version": "1"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'value="41"' in html
    assert "ændret af en anden" in html
    assert CohortFigures.objects.get().started == 38


def test_impossible_totals_are_400_with_the_reason(consultant_client, org):
    response = consultant_client.post(url("cohort_create", org), {**COHORT, "hired": "40"})
    assert response.status_code == 400
    assert "Flere er ansat efter uddannelsen (40) end der har gennemført (31)." in (
        response.content.decode()
    )
    response = consultant_client.post(url("cohort_create", org), {**COHORT, "started": "-2"})
    assert response.status_code == 400
    assert "ikke være negativt" in response.content.decode()
    assert not CohortFigures.objects.exists()


def test_delete_a_cohort(consultant_client, org):
    figures = services_totals.cohort_figures_save(
        organisation=org, actor=None, education="ssh", cohort_year=2022, started=37
    )
    assert (
        consultant_client.get(url("cohort_delete", org, figures_pk=figures.pk)).status_code == 200
    )
    response = consultant_client.post(url("cohort_delete", org, figures_pk=figures.pk))
    assert response.status_code == 302
    assert not CohortFigures.objects.exists()


def test_causes_grid(consultant_client, org):
    target = url("breakdown_edit", org)
    page = consultant_client.get(target + "?kind=cause&education=ssh&year=2023")
    assert page.status_code == 200
    assert "For høje faglige krav" in page.content.decode()
    response = consultant_client.post(
        target,
        {
            "kind": "cause",
            "education": "ssh",
            "year": "2023",
            "n_academic_demands": "5",
            "n_wrong_choice": "2",
            "n_other": "2",
        },
    )
    assert response.status_code == 302
    assert dict(BreakdownFigure.objects.values_list("key", "count")) == {
        "academic_demands": 5,
        "wrong_choice": 2,
        "other": 2,
    }
    assert (
        consultant_client.get(target + "?kind=nonsense&education=ssh&year=2023").status_code == 404
    )


def test_places_grid(consultant_client, org):
    target = url("breakdown_edit", org)
    response = consultant_client.post(
        target,
        {
            "kind": "place",
            "education": "ssa",
            "year": "2020",
            "place_0": "Døgnplejen",
            "count_0": "8",
            "place_1": "",
            "count_1": "3",
        },
    )
    assert response.status_code == 400
    assert "Skriv navnet på arbejdsstedet" in response.content.decode()
    response = consultant_client.post(
        target,
        {
            "kind": "place",
            "education": "ssa",
            "year": "2020",
            "place_0": "Døgnplejen",
            "count_0": "8",
        },
    )
    assert response.status_code == 302
    page = consultant_client.get(target + "?kind=place&education=ssa&year=2020").content.decode()
    assert 'value="Døgnplejen"' in page


def test_year_form(consultant_client, org):
    target = url("year_edit", org)
    assert consultant_client.get(target + "?year=2023").status_code == 200
    assert consultant_client.get(target + "?year=abc").status_code == 404
    response = consultant_client.post(
        target,
        {"year": "2023", "required_ssh": "27", "required_ssa": "56", "sick_all": "8,64"},
    )
    assert response.status_code == 302
    assert set(RequiredIntake.objects.values_list("education", "required")) == {
        ("ssh", 27),
        ("ssa", 56),
    }
    assert str(SickLeaveFigure.objects.get().rate) == "8.64"
    response = consultant_client.post(
        target, {"year": "2023", "required_ssh": "27", "required_ssa": "56", "sick_all": "120"}
    )
    assert response.status_code == 400
    assert "mellem 0 og 100" in response.content.decode()
    assert str(SickLeaveFigure.objects.get().rate) == "8.64"


def _seen(html: str) -> str:
    import re

    return re.search(r'name="seen" value="([0-9a-f]+)"', html).group(1)


def test_two_people_editing_the_same_causes_do_not_overwrite_each_other(consultant_client, org):
    """Both open the SSH 2023 causes; the first saves; the second gets 409 with their input
    kept and the first's counts intact; saving again after the warning replaces them."""
    target = url("breakdown_edit", org)
    opened = consultant_client.get(target + "?kind=cause&education=ssh&year=2023")
    seen = _seen(opened.content.decode())
    first = {"kind": "cause", "education": "ssh", "year": "2023", "seen": seen}
    assert consultant_client.post(target, {**first, "n_academic_demands": "5"}).status_code == 302
    second = {"kind": "cause", "education": "ssh", "year": "2023", "seen": seen, "n_other": "7"}
    response = consultant_client.post(target, second)
    assert response.status_code == 409
    html = response.content.decode()
    assert "ændret af en anden" in html
    assert 'name="n_other"' in html and 'value="7"' in html  # the input is kept
    assert dict(BreakdownFigure.objects.values_list("key", "count")) == {"academic_demands": 5}
    # The re-rendered form carries the new state: saving again is a deliberate overwrite.
    again = {**second, "seen": _seen(html)}
    assert consultant_client.post(target, again).status_code == 302
    assert dict(BreakdownFigure.objects.values_list("key", "count")) == {"other": 7}


def test_two_people_editing_the_same_year_do_not_overwrite_each_other(consultant_client, org):
    target = url("year_edit", org)
    seen = _seen(consultant_client.get(target + "?year=2023").content.decode())
    first = {"year": "2023", "seen": seen, "required_ssh": "27", "required_ssa": "56"}
    assert consultant_client.post(target, first).status_code == 302
    second = {"year": "2023", "seen": seen, "required_ssh": "30", "sick_all": "8,64"}
    response = consultant_client.post(target, second)
    assert response.status_code == 409
    assert set(RequiredIntake.objects.values_list("education", "required")) == {
        ("ssh", 27),
        ("ssa", 56),
    }
    assert not SickLeaveFigure.objects.exists()
