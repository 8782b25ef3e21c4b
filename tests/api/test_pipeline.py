"""/pipeline and /pipeline/comparison: aggregates of the token's organisation, and the
suppressed comparison across sharing organisations."""

from __future__ import annotations

from decimal import Decimal

from indsats.calc.disclosure import THRESHOLD
from indsats.students import services_totals
from tests.factories import OrganisationFactory
from tests.students import frederikssund


def test_pipeline_gives_the_published_kpis(reader_api, org):
    frederikssund.enter_totals(org)
    response = reader_api.get("/pipeline")
    assert response.status_code == 200, response.content
    body = response.json()
    ssh = next(c for c in body["cohorts"] if (c["education"], c["cohort_year"]) == ("ssh", 2022))
    assert ssh["started"] == 37 and ssh["finished"] and ssh["source"] == "entered"
    assert round(Decimal(ssh["completion_rate"]), 1) == Decimal("83.8")
    assert round(Decimal(ssh["hire_rate"]), 1) == Decimal("61.3")
    assert round(Decimal(body["overall_yield"]), 1) == Decimal("41.5")
    ssa_causes = next(b for b in body["causes"] if (b["education"], b["year"]) == ("ssa", 2023))
    assert ssa_causes["total"] == 28 and ssa_causes["counts"]["private_life"] == 6
    assert {"education": "", "year": 2023, "rate": "8.64"} in body["sick_leave"]
    assert any(r["required"] == 56 for r in body["intake"])


def test_pipeline_needs_a_token(client, db):
    assert client.get("/api/v1/pipeline").status_code == 401
    assert client.get("/api/v1/pipeline/comparison").status_code == 401


def test_comparison_suppresses_and_keeps_to_sharing(reader_api, org, other_org):
    shared = OrganisationFactory(slug="deler", name="Delerby Kommune", share_pipeline=True)
    for o, started, completed, dropped, hired in (
        (shared, 37, 31, 6, 19),
        (other_org, 50, 40, 10, 30),  # does not share
        (org, 8, 6, 2, 6),
    ):
        services_totals.cohort_figures_save(
            organisation=o,
            actor=None,
            education="ssh",
            cohort_year=2022,
            started=started,
            completed=completed,
            dropped_out=dropped,
            hired=hired,
        )
    response = reader_api.get(
        "/pipeline/comparison", {"kpi": "completion_rate", "education": "ssh"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    names = [o["organisation"] for o in body["organisations"]]
    assert names == [org.name, "Delerby Kommune"]
    own = body["organisations"][0]
    assert own["own"] and not own["shares"]
    assert own["values"][0]["value"] is None and own["values"][0]["suppressed"]
    counts = [
        v[k]
        for o in body["organisations"]
        for v in o["values"]
        for k in ("numerator", "denominator")
        if v[k] is not None
    ] + [v[k] for v in body["national"] for k in ("numerator", "denominator") if v[k] is not None]
    assert counts and all(c >= THRESHOLD for c in counts)
    assert body["national"][0]["denominator"] == 37


def test_comparison_refuses_an_unknown_kpi(reader_api):
    unknown = reader_api.get("/pipeline/comparison", {"kpi": "salary"})
    assert unknown.status_code == 422
    # the answer lists the codes the registry knows
    from indsats.calc import kpis

    assert all(code in unknown.content.decode() for code in kpis.COMPARISON_KPIS)
