"""A published case's evidence: the figures the editor approved (EvidenceSnapshot rows), and
the live figures of the case's indicators that the municipality has recorded since. The public
page shows the approved figures; when the live ones differ, the editor has an update to approve
(services.case_evidence_approve). Reads only; the writes are in services.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from indsats.calc.indicators import format_value
from indsats.indicators.selectors import series_as_of, targets_for
from indsats.reports.charts import indicator_chart

from .models import Case, EvidenceSnapshot


@dataclass
class Figures:
    """One indicator's figures: a snapshot's or the live ones."""

    pk: int | None  # the indicator (None when it has been deleted since)
    name: str
    unit: str
    values: dict[int, Decimal]
    targets: list[dict] = field(default_factory=list)

    def key(self) -> tuple:
        return (self.name, self.unit, sorted(self.values.items()), self.targets)

    @property
    def rows(self) -> list[tuple[int, str]]:
        return [(year, format_value(v, self.unit)) for year, v in sorted(self.values.items())]

    @property
    def chart(self) -> str:
        return indicator_chart(
            self.values, self.targets, self.unit, self.name, chart_id=f"evidens-{self.pk}"
        )


def _target(t) -> dict:
    return {
        "baseline_year": t.baseline_year,
        "baseline_value": str(t.baseline_value),
        "deadline_year": t.deadline_year,
        "target_value": str(t.target_value),
    }


def live(cases: list[Case]) -> dict[int, list[Figures]]:
    """{case id: the figures of its indicators as recorded now}: two queries for all cases
    (their ``evidence`` prefetched)."""
    indicators = {c.pk: sorted(c.evidence.all(), key=lambda i: (i.name, i.pk)) for c in cases}
    ids = {i.pk for chosen in indicators.values() for i in chosen}
    series = series_as_of(ids) if ids else {}
    targets = targets_for(ids) if ids else {}
    return {
        case_id: [
            Figures(
                pk=i.pk,
                name=i.name,
                unit=i.unit,
                values=dict(series.get(i.pk, {})),
                targets=[_target(t) for t in targets.get(i.pk, [])],
            )
            for i in chosen
        ]
        for case_id, chosen in indicators.items()
    }


def _figures(snapshot: EvidenceSnapshot) -> Figures:
    return Figures(
        pk=snapshot.indicator_id,
        name=snapshot.name,
        unit=snapshot.unit,
        values={int(year): Decimal(v) for year, v in snapshot.values.items()},
        targets=list(snapshot.targets),
    )


def approved(case: Case) -> list[Figures]:
    """The figures the editor approved, as the public sees them (one query)."""
    return [_figures(s) for s in case.evidence_snapshots.all()]


def _normal(figures: list[Figures]) -> list[tuple]:
    return sorted(
        (f.pk, f.name, f.unit, sorted((y, Decimal(v)) for y, v in f.values.items()), f.targets)
        for f in figures
    )


def pending(cases: list[Case]) -> dict[int, bool]:
    """{case id: whether its live figures differ from the approved ones} for published cases
    (``evidence`` and ``evidence_snapshots`` prefetched): three queries in all."""
    now = live(cases)
    return {
        c.pk: _normal(now[c.pk]) != _normal([_figures(s) for s in c.evidence_snapshots.all()])
        for c in cases
    }
