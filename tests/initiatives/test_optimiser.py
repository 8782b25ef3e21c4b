"""The optimiser on the Ballerup demo: the proposal within the 2020 frames, its grounds and the
frontier, as the page, the reports, the API and the command line get them."""

from decimal import Decimal

import pytest

from indsats.initiatives import services_effects
from indsats.initiatives.models import ExpectedEffect, Initiative
from indsats.initiatives.optimiser import WEIGHTED, OptimiserInputError, optimisation

D = Decimal


def by_code(result):
    return {r.initiative.code: r for r in result.rows}


def test_the_demo_has_illustrative_effects_and_a_dependency(ballerup):
    assert ExpectedEffect.objects.filter(initiative__organisation=ballerup).count() > 10
    assert not ExpectedEffect.objects.filter(
        initiative__organisation=ballerup, illustrative=False
    ).exists()
    i34 = Initiative.objects.get(organisation=ballerup, code="3.4")
    assert [d.requires.code for d in i34.dependencies.all()] == ["1.1"]


def test_the_proposal_keeps_every_frame_and_says_why(ballerup):
    result = optimisation(organisation=ballerup, year=2020, objective="haender")
    assert result.proposal.feasible
    for use in result.proposal.usage:
        assert use.used <= use.amount
    rows = by_code(result)
    assert rows["1.1"].proposed is not None
    assert all(r.why for r in result.rows)
    assert result.frontier and result.frontier[0].value == 0
    # today's selection (every initiative in its selected scenario) is measured the same way,
    # and it does not keep the frames
    assert len(result.current_usage) == len(result.proposal.usage) == 4
    assert any(u.used > u.amount for u in result.current_usage)


def test_must_includes_above_the_frame_are_explained_in_danish(ballerup):
    ids = {i.code: i.pk for i in Initiative.objects.filter(organisation=ballerup, priority_step=1)}
    result = optimisation(
        organisation=ballerup,
        year=2020,
        objective="haender",
        must={ids["1.1"]: "include", ids["1.2"]: "include", ids["2.3"]: "include"},
        frame_overrides={(1, 2020): D("1000000")},
    )
    assert not result.proposal.feasible
    assert result.problems and result.problems[0].startswith("Trin 1: de indsatser, der skal med")
    assert "rammen er 1,0 mio. kr." in result.problems[0]


def test_a_weighted_sum_needs_weights_and_an_unknown_effect_is_refused(ballerup):
    result = optimisation(organisation=ballerup, year=2020, objective=WEIGHTED)
    assert result.proposal.feasible
    with pytest.raises(OptimiserInputError, match="findes ikke"):
        optimisation(organisation=ballerup, year=2020, objective="lykke")


def test_a_higher_hourly_rate_changes_the_proposal_totals(ballerup):
    base = optimisation(organisation=ballerup, year=2020, objective="haender", with_frontier=False)
    dearer = optimisation(
        organisation=ballerup,
        year=2020,
        objective="haender",
        parameter_overrides={"timepris_frikob": D("400")},
        with_frontier=False,
    )
    assert dearer.proposal.value <= base.proposal.value
    assert by_code(dearer)["1.1"].proposed != by_code(base)["1.1"].proposed or (
        dearer.proposal.usage != base.proposal.usage
    )


def test_adopting_the_proposal_sets_the_selected_scenarios(ballerup):
    result = optimisation(organisation=ballerup, year=2020, objective="haender")
    services_effects.proposal_adopt(actor=None, organisation=ballerup, choices=result.adopt_choices)
    for initiative_id, scenario_id in result.adopt_choices.items():
        assert Initiative.objects.get(pk=initiative_id).selected_scenario_id == scenario_id


# --- the Ballerup demo in the page, PDF, XLSX, the command line and the API ----------------


@pytest.fixture
def ballerup_client(ballerup, client, make_member):
    client.force_login(make_member(ballerup, "consultant", "ballerup-konsulent"))
    return client


def _text(response) -> str:
    import html
    import re

    body = response.content.decode()
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_the_page_shows_the_proposal_the_frames_the_frontier_and_why(ballerup_client):
    response = ballerup_client.get("/o/ballerup/prioritering/optimering/?year=2020&effekt=haender")
    assert response.status_code == 200
    text = _text(response)
    assert "Forslaget giver 18,0 hænder" in text
    assert "Trin 1, 2020 1.700.000 kr." in text  # frame, used today, by the proposal, left
    assert "Det dyrere scenarie med mere effekt passer ikke: Trin 1 i 2020 mangler" in text
    assert "Nogle forventede effekter er illustrative skøn" in text
    assert 'id="frontier-table"' in response.content.decode()
    assert "<svg" in response.content.decode()


def test_what_if_a_larger_frame_and_a_dearer_hour_change_the_proposal(ballerup_client):
    base = _text(
        ballerup_client.get("/o/ballerup/prioritering/optimering/?year=2020&effekt=haender")
    )
    richer = _text(
        ballerup_client.get(
            "/o/ballerup/prioritering/optimering/?year=2020&effekt=haender&r1_2020=3.000.000"
        )
    )
    import re

    def value(text):
        return float(re.search(r"Forslaget giver ([\d,]+) hænder", text)[1].replace(",", "."))

    assert value(base) == 18.0
    assert value(richer) > value(base)  # more money in Trin 1 buys more hands
    bad = ballerup_client.get("/o/ballerup/prioritering/optimering/?year=2020&r1_2020=mange")
    assert bad.status_code == 400
    assert "Rammen for trin 1 i 2020, »mange«, er ikke et beløb. Skriv fx 1.700.000." in _text(bad)


def test_adopting_from_the_page_changes_the_overview(ballerup_client, ballerup):
    r = ballerup_client.post(
        "/o/ballerup/prioritering/optimering/vedtag/",
        {"year": "2020", "effekt": "haender", "r1_2020": "3.000.000"},
    )
    assert r.status_code == 302 and r["Location"].endswith("/prioritering/?year=2020")
    i11 = Initiative.objects.get(organisation=ballerup, code="1.1")
    assert i11.selected_scenario.name == "10 timer pr. md."  # was 5 hours
    overview = _text(ballerup_client.get(r["Location"]))
    assert "2.016.000 kr." in overview


def test_pdf_and_xlsx_carry_the_proposal_and_the_frontier(ballerup_client):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    pdf = ballerup_client.get("/o/ballerup/rapporter/optimering.pdf?year=2020&effekt=haender")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Forslag til prioritering 2020" in text
    assert "Effektiv front" in text
    assert "mangler" in text  # the grounds
    xlsx = ballerup_client.get("/o/ballerup/rapporter/optimering.xlsx?year=2020&effekt=haender")
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["Forslag", "Rammer", "Effektiv front"]
    rows = list(wb["Forslag"].iter_rows(values_only=True))
    # The label runs over the empty B and C; the figure and its unit in D and E.
    assert ("Forslagets effekt", None, None, 18, "hænder") in [r[:5] for r in rows]
    row11 = next(r for r in rows if r[0] == "1.1")
    assert row11[4] == "5 timer pr. md." and row11[6] == 1008000
    assert wb["Effektiv front"].max_row > 2
    bad = ballerup_client.get("/o/ballerup/rapporter/optimering.xlsx?year=2020&effekt=lykke")
    assert bad.status_code == 400 and "findes ikke" in bad.content.decode()


def test_the_command_line_writes_the_proposal(ballerup, tmp_path, capsys):
    from django.core.management import CommandError, call_command
    from openpyxl import load_workbook

    target = tmp_path / "forslag.xlsx"
    call_command(
        "optimise", "--org", "ballerup", "--year", "2020", "--effect", "haender", "-o", str(target)
    )
    out = capsys.readouterr().out
    assert "Forslag til prioritering 2020: 18,0 hænder" in out
    assert "Trin 1, 2020: brugt 1.458.000 kr. af 1.700.000 kr." in out
    assert load_workbook(target)["Forslag"]["A1"].value.startswith("Forslag til prioritering")
    pdf = tmp_path / "forslag.pdf"
    call_command(
        "optimise", "--org", "ballerup", "--year", "2020", "--format", "pdf", "-o", str(pdf)
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="TRIN:ÅR:BELØB"):
        call_command("optimise", "--org", "ballerup", "--frame", "1-2020", "-o", str(target))


def test_the_api_answers_the_proposal_and_adopts_it(ballerup, client, make_member):
    from indsats.organisations import services as org_services

    user = make_member(ballerup, "consultant", "api-konsulent")
    _, raw = org_services.api_token_create(actor=user, organisation=ballerup, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    r = client.get(
        "/api/v1/optimise",
        {"year": 2020, "effect": "haender", "frame": "1:2020:3000000", "frontier": "false"},
        **auth,
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["feasible"] and float(body["value"]) > 18
    assert {"step": 1, "year": 2020, "amount": "3000000.00"}.items() <= body["frames"][0].items()
    bad = client.get("/api/v1/optimise", {"effect": "lykke"}, **auth)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "effect"
    adopt = client.post(
        "/api/v1/optimise/adopt",
        {
            "year": 2020,
            "effect": "haender",
            "frames": [{"step": 1, "year": 2020, "amount": "3000000"}],
        },
        content_type="application/json",
        **auth,
    )
    assert adopt.status_code == 200, adopt.content
    assert Initiative.objects.get(organisation=ballerup, code="1.1").selected_scenario.name == (
        "10 timer pr. md."
    )
