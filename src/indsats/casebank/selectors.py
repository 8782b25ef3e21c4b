"""Reads for the case bank that everyone needs: published cases and the media that may be shown."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from .models import Case, CaseMedia, CaseStatus, Consent


def published_cases() -> QuerySet[Case]:
    return Case.objects.filter(status=CaseStatus.PUBLISHED)


def visible_media_queryset() -> QuerySet[CaseMedia]:
    """Media with no withdrawn consent covering them. A withdrawn consent hides its media at
    once, everywhere (page, feed, API)."""
    withdrawn = Consent.objects.filter(media=OuterRef("pk"), withdrawn_on__isnull=False)
    return CaseMedia.objects.exclude(Exists(withdrawn)).order_by("order", "id")


def with_visible_media(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.prefetch_related(
        Prefetch("media", queryset=visible_media_queryset(), to_attr="visible_media")
    )
