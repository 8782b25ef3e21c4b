"""strategies.services: the only write path — roles, validation in Danish, audit in the same
transaction, optimistic locking."""

from decimal import Decimal

import pytest

from indsats.core.models import AuditLog
from indsats.core.services import ConflictError, PermissionDeniedError, ServiceError
from indsats.indicators import services as indicator_services
from indsats.initiatives import services as initiative_services
from indsats.strategies import services
from indsats.strategies.models import Strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(org, consultant):
    return services.strategy_create(
        organisation=org, actor=consultant, title="SOSU-strategi", start_year=2024, end_year=2027
    )


def kpi_criterion(**over):
    fields = {
        "statement": "Frafaldet ned med 7 %.",
        "kind": "change_rel",
        "source": "kpi",
        "kpi": "dropout_rate",
        "education": "ssa",
        "direction": "lower",
        "baseline_value": Decimal(40),
        "baseline_year": 2020,
        "target_value": Decimal(-7),
        "deadline_year": 2026,
    }
    fields.update(over)
    return fields


def test_create_is_audited_with_the_strategy_as_root(org, strategy, consultant):
    row = AuditLog.objects.get(object_type="strategy", object_id=str(strategy.pk))
    assert row.action == "create" and row.actor == consultant
    criterion = services.criterion_create(strategy=strategy, actor=consultant, **kpi_criterion())
    row = AuditLog.objects.get(object_type="successcriterion", object_id=str(criterion.pk))
    assert (row.root_type, row.root_id) == ("strategy", str(strategy.pk))
    assert row.changes["kind"] == [None, "change_rel"]


def test_readers_cannot_write(org, reader, strategy):
    with pytest.raises(PermissionDeniedError):
        services.strategy_create(
            organisation=org, actor=reader, title="X", start_year=2024, end_year=2025
        )
    with pytest.raises(PermissionDeniedError):
        services.criterion_create(strategy=strategy, actor=reader, **kpi_criterion())
    assert Strategy.objects.count() == 1


def test_period_in_order(org, consultant):
    with pytest.raises(ServiceError) as exc:
        services.strategy_create(
            organisation=org, actor=consultant, title="X", start_year=2027, end_year=2024
        )
    assert exc.value.errors["end_year"] == [
        "Strategien kan ikke slutte (2024), før den begynder (2027)."
    ]


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"kpi": "internal_ssh", "kind": "change_pp"}, "kind", "tæller antal"),
        ({"baseline_value": Decimal(0)}, "baseline_value", "fra en udgangsværdi på 0"),
        (
            {"deadline_year": 2019},
            "deadline_year",
            "Fristen (2019) kan ikke ligge før udgangsåret (2020).",
        ),
        ({"kpi": ""}, "kpi", "Vælg det elev-nøgletal"),
        ({"source": "indicator"}, "indicator", "Vælg den indikator"),
        ({"kind": "min_year", "target_value": Decimal(-1)}, "target_value", "ikke være negativt"),
    ],
)
def test_criterion_rules(strategy, consultant, over, field, message):
    with pytest.raises(ServiceError) as exc:
        services.criterion_create(strategy=strategy, actor=consultant, **kpi_criterion(**over))
    assert any(message in m for m in exc.value.errors[field])
    assert not strategy.success_criteria.exists()


def test_indicator_xor_kpi_and_count_indicator(org, other_org, strategy, consultant):
    count = indicator_services.indicator_create(
        organisation=org, actor=None, name="Elever ansat", unit="count"
    )
    with pytest.raises(ServiceError) as exc:
        services.criterion_create(
            strategy=strategy,
            actor=consultant,
            **kpi_criterion(source="indicator", indicator=count, kpi="", kind="change_pp"),
        )
    assert "»Elever ansat« tæller antal" in exc.value.errors["kind"][0]
    foreign = indicator_services.indicator_create(
        organisation=other_org, actor=None, name="Fremmed", unit="percent"
    )
    with pytest.raises(ServiceError) as exc:
        services.criterion_create(
            strategy=strategy,
            actor=consultant,
            **kpi_criterion(source="indicator", indicator=foreign, kpi=""),
        )
    assert exc.value.errors["indicator"] == ["Indikatoren hører til en anden organisation."]
    # With source "indicator", a KPI sent along is dropped: it measures one thing.
    ok = services.criterion_create(
        strategy=strategy,
        actor=consultant,
        **kpi_criterion(
            source="indicator", indicator=count, kind="level", target_value=Decimal(90)
        ),
    )
    assert (ok.indicator, ok.kpi) == (count, "")


def test_optimistic_locking(strategy, consultant):
    criterion = services.criterion_create(strategy=strategy, actor=consultant, **kpi_criterion())
    services.criterion_update(
        criterion=criterion, actor=consultant, expected_version=1, target_value=Decimal(-8)
    )
    with pytest.raises(ConflictError):
        services.criterion_update(
            criterion=criterion, actor=consultant, expected_version=1, target_value=Decimal(-9)
        )
    criterion.refresh_from_db()
    assert criterion.target_value == Decimal(-8) and criterion.version == 2
    with pytest.raises(ConflictError):
        services.strategy_update(strategy=strategy, actor=consultant, expected_version=7, title="Y")


def test_focus_areas_links_and_programmes(org, other_org, strategy, consultant):
    area = services.focus_area_save(strategy=strategy, actor=consultant, name="#1 Før uddannelse")
    with pytest.raises(ServiceError) as exc:
        services.focus_area_save(strategy=strategy, actor=consultant, name="#1 Før uddannelse")
    assert "hedder »#1 Før uddannelse«" in exc.value.errors["name"][0]
    theme = initiative_services.theme_get_or_create(actor=None, organisation=org, name="T")
    initiative = initiative_services.initiative_create(
        organisation=org, actor=None, code="1.1", title="Elevløn", theme=theme
    )
    link = services.initiative_link(
        focus_area=area, actor=consultant, initiative=initiative, state="planned"
    )
    again = services.initiative_link(
        focus_area=area, actor=consultant, initiative=initiative, state="started"
    )
    assert again.pk == link.pk and again.state == "started"
    foreign_theme = initiative_services.theme_get_or_create(
        actor=None, organisation=other_org, name="T"
    )
    foreign = initiative_services.initiative_create(
        organisation=other_org, actor=None, code="1.1", title="Fremmed", theme=foreign_theme
    )
    with pytest.raises(ServiceError):
        services.initiative_link(
            focus_area=area, actor=consultant, initiative=foreign, state="started"
        )
    programme = services.programme_save(strategy=strategy, actor=consultant, name="Rammepapiret")
    item = services.item_save(programme=programme, actor=consultant, text="Understøttelse")
    response = services.response_create(
        item=item,
        actor=consultant,
        text="Sprogundervisning",
        status="implemented",
        status_year=2021,
    )
    updated = services.response_update(
        response=response, actor=consultant, expected_version=1, status="partly"
    )
    assert updated.version == 2
    with pytest.raises(ServiceError) as exc:
        services.response_create(item=item, actor=consultant, text=" ", status="awaiting")
    assert exc.value.errors["text"] == ["Beskriv kommunens initiativ."]
    services.initiative_unlink(link=again, actor=consultant)
    services.strategy_delete(strategy=strategy, actor=consultant)
    assert not Strategy.objects.exists()
    assert AuditLog.objects.filter(action="delete", object_type="strategy").exists()
