"""The case as it will look on the public page, for the municipality's and the editor's
previews: the evidence charts (one SVG per chosen indicator) and the media that may be shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

from indsats.indicators import selectors as indicator_selectors
from indsats.indicators.models import Indicator
from indsats.reports.charts import indicator_chart

from .models import Case, CaseStatus
from .selectors import visible_media_queryset


@dataclass
class Evidence:
    indicator: Indicator
    chart: SafeString


def evidence_for(case: Case) -> list[Evidence]:
    """The case's indicators with their charts: three queries whatever their number."""
    indicators = list(case.evidence.order_by("name", "pk"))
    ids = [i.pk for i in indicators]
    series = indicator_selectors.series_as_of(ids)
    targets = indicator_selectors.targets_for(ids)
    return [
        Evidence(
            indicator,
            mark_safe(  # noqa: S308 - the chart escapes every value it writes
                indicator_chart(
                    series.get(indicator.pk, {}),
                    targets.get(indicator.pk, []),
                    indicator.unit,
                    indicator.name,
                    chart_id=f"evidens-{indicator.pk}",
                )
            ),
        )
        for indicator in indicators
    ]


def case_with_relations(queryset):
    """Cases with tags, media (all, and visible_media) and consents prefetched."""
    return queryset.select_related("organisation", "source_initiative").prefetch_related(
        "tags",
        "consents__media",
        "media",
        Prefetch("media", queryset=visible_media_queryset(), to_attr="visible_media"),
    )


def public_url(case: Case) -> str:
    """The public page of a published case ("" when it is not published)."""
    if case.status != CaseStatus.PUBLISHED:
        return ""
    try:
        return reverse("casebank:detail", kwargs={"slug": case.slug})
    except NoReverseMatch:  # the public pages are not mounted in this configuration
        return ""


def tags_by_kind(case: Case) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for tag in case.tags.all():
        result.setdefault(tag.kind, []).append(tag.name)
    return result
