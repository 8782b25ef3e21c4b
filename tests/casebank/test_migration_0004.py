"""casebank 0004 (evidence snapshot approved by the editor) snapshots the cases published before
snapshots existed. Its logic is frozen into the migration (historical models only), so later
changes to the services cannot change or break it on an old database. Run for real: migrate
casebank back to 0003, build a published case with the historical models, migrate to 0004."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from indsats.casebank import evidence
from indsats.casebank.models import Case as LiveCase
from tests.factories import OrganisationFactory

BEFORE = ("casebank", "0003_search_index_on_both_engines")
AFTER = ("casebank", "0004_evidence_snapshot_approved_by_the_editor")
MIGRATION = Path(__file__).parents[2] / "src/indsats/casebank/migrations" / f"{AFTER[1]}.py"


def _migrate(target) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    executor.loader.build_graph()
    return executor


@pytest.fixture
def at_0003(transactional_db):
    executor = _migrate(BEFORE)
    try:
        # Every other app as it is now; casebank at 0003.
        nodes = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "casebank"]
        yield executor.loader.project_state([*nodes, BEFORE]).apps
    finally:
        _migrate_to_the_end()


def _migrate_to_the_end() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_reads_historical_models_only():
    tree = ast.parse(MIGRATION.read_text())
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [m for m in imported if m and m.startswith("indsats")], imported


def test_published_cases_get_their_evidence_as_it_stands(at_0003):
    apps = at_0003
    org = OrganisationFactory(slug="testrup", name="Testrup Kommune")
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorValue = apps.get_model("indicators", "IndicatorValue")
    Target = apps.get_model("indicators", "Target")
    Case = apps.get_model("casebank", "Case")
    frafald = Indicator.objects.create(
        organisation_id=org.pk, name="Frafald blandt elever", unit="percent", direction="lower"
    )
    elever = Indicator.objects.create(
        organisation_id=org.pk, name="Elever i alt", unit="count", direction="higher"
    )
    day = dt.date(2024, 1, 15)

    def value(indicator, year, v, **more):
        return IndicatorValue.objects.create(
            indicator=indicator, year=year, value=Decimal(v), recorded_on=day, **more
        )

    value(frafald, 2021, "30")
    value(frafald, 2022, "26")
    value(frafald, 2022, "24.5")  # a correction: the newer row counts
    wrong = value(frafald, 2023, "99")
    value(frafald, 2023, "99", action="withdraw", target=wrong)  # withdrawn: does not count
    value(elever, 2022, "120", date=dt.date(2022, 6, 1))
    Target.objects.create(
        indicator=frafald,
        baseline_year=2021,
        baseline_value=Decimal("30"),
        deadline_year=2027,
        target_value=Decimal("15"),
    )

    def case(slug, status, evidence):
        made = Case.objects.create(
            organisation_id=org.pk,
            municipality="Testrup",
            municipality_sort_key="testrup",
            slug=slug,
            title=slug.replace("-", " ").capitalize(),
            summary="Frafaldet faldt.",
            status=status,
        )
        made.evidence.set(evidence)
        return made

    published = case("mindre-frafald", "published", [frafald, elever])
    draft = case("kladde", "draft", [frafald])

    executor = _migrate(AFTER)
    others = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "casebank"]
    Snapshot = executor.loader.project_state([*others, AFTER]).apps.get_model(
        "casebank", "EvidenceSnapshot"
    )
    snapshots = list(
        Snapshot.objects.filter(case_id=published.pk)
        .order_by("name", "pk")
        .values("indicator_id", "name", "unit", "values", "targets", "approved_by")
    )
    assert snapshots == [
        {
            "indicator_id": elever.pk,
            "name": "Elever i alt",
            "unit": "count",
            "values": {"2022": "120.0000"},
            "targets": [],
            "approved_by": "",
        },
        {
            "indicator_id": frafald.pk,
            "name": "Frafald blandt elever",
            "unit": "percent",
            "values": {"2021": "30.0000", "2022": "24.5000"},
            "targets": [
                {
                    "baseline_year": 2021,
                    "baseline_value": "30.0000",
                    "deadline_year": 2027,
                    "target_value": "15.0000",
                }
            ],
            "approved_by": "",
        },
    ]
    assert not Snapshot.objects.filter(case_id=draft.pk).exists()
    # Today's code (all migrations applied) reads the same figures: nothing waits for the
    # editor after the migration.
    _migrate_to_the_end()
    live_case = LiveCase.objects.prefetch_related("evidence", "evidence_snapshots").get(
        pk=published.pk
    )
    assert evidence.pending([live_case]) == {published.pk: False}
