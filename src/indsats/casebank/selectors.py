"""Reads for the case bank that everyone needs: published cases and the media that may be shown."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case as Case_
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.html import escape
from django.utils.safestring import mark_safe

from indsats.calc.textsearch import danish_sort_key, query_stems, stem

from .models import Case, CaseMedia, CaseStatus, Consent, Region, Tag, TagKind

WORD_RE = re.compile(r"[0-9a-zA-ZæøåÆØÅéèüöäÉÜÖÄ]+")


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


# --- Search -----------------------------------------------------------------------------------

SORTS = ("relevance", "newest", "municipality", "title")


@dataclass
class SearchResult:
    cases: list[Case]
    total: int
    page: int
    pages: int
    per_page: int
    facets: dict = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


class DanishVector(Func):
    """``to_tsvector('danish', coalesce(search_document, ''))``: the very expression of the GIN
    index of migration 0002, so PostgreSQL uses the index."""

    template = "to_tsvector('danish'::regconfig, COALESCE(%(expressions)s, ''::text))"

    def __init__(self, expression="search_document"):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(expression, output_field=SearchVectorField())


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _positive_and_negative(query: str) -> tuple[list[str], list[str]]:
    """Stems the query asks for, and stems it excludes (words written ``-word``)."""
    wanted, excluded = [], []
    for token in (query or "").split():
        target = excluded if token.startswith("-") and len(token) > 1 else wanted
        target.extend(query_stems(token))
    return list(dict.fromkeys(wanted)), list(dict.fromkeys(excluded))


def _tag_filter(kind: str, values) -> Q | None:
    ids = [v for v in values if isinstance(v, int)]
    names = [v for v in values if isinstance(v, str) and v.strip()]
    if not ids and not names:
        return None
    tags = Tag.objects.filter(kind=kind).filter(Q(pk__in=ids) | Q(name__in=names))
    through = Case.tags.through.objects.filter(case_id=OuterRef("pk"), tag__in=tags)
    return Q(Exists(through))


def _filtered(
    *, themes, target_groups, professions, municipalities, regions, start_year, has_effect
) -> QuerySet[Case]:
    qs = published_cases()
    for kind, values in (
        (TagKind.THEME, themes),
        (TagKind.TARGET_GROUP, target_groups),
        (TagKind.PROFESSION, professions),
    ):
        condition = _tag_filter(kind, values or ())
        if condition is not None:
            qs = qs.filter(condition)
    municipalities = [m for m in (municipalities or ()) if m]
    if municipalities:
        qs = qs.filter(municipality__in=municipalities)
    regions = [r for r in (regions or ()) if r]
    if regions:
        qs = qs.filter(region__in=regions)
    if start_year:
        qs = qs.filter(start_year=start_year)
    if has_effect is not None:
        evidence = Case.evidence.through.objects.filter(case_id=OuterRef("pk"))
        qs = qs.filter(Exists(evidence)) if has_effect else qs.exclude(Exists(evidence))
    return qs


def _word_start(field_name: str, text: str) -> Q:
    """``field_name`` has a word beginning with ``text`` (case-insensitively)."""
    return (
        Q(**{f"{field_name}__istartswith": text})
        | Q(**{f"{field_name}__icontains": " " + text})
        | Q(**{f"{field_name}__icontains": "-" + text})
    )


def _matching(qs: QuerySet[Case], query: str):
    """(the cases of ``qs`` matching ``query``, the rank expression or None without a query)."""
    if not (query or "").strip():
        return qs, None
    if _is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search = SearchQuery(query, config="danish", search_type="websearch")
        qs = qs.alias(document=DanishVector()).filter(document=search)
        # Rank by the title (weighted) and the summary: short texts, so ranking thousands of
        # hits stays cheap (the whole document's vector is not stored, only indexed).
        rank = SearchRank(DanishVector("title"), search) * Value(3.0) + SearchRank(
            DanishVector("summary"), search
        )
        return qs, ExpressionWrapper(rank, output_field=FloatField())
    wanted, excluded = _positive_and_negative(query)
    if not wanted and not excluded:
        return qs.none(), Value(0)
    for s in wanted:
        qs = qs.filter(search_stems__contains=" " + s)
    for s in excluded:
        qs = qs.exclude(search_stems__contains=" " + s)
    rank = Value(0)
    for s in wanted:
        rank = (
            rank
            + Case_(When(_word_start("title", s), then=Value(3)), default=Value(0))
            + Case_(When(_word_start("summary", s), then=Value(1)), default=Value(0))
        )
    return qs, ExpressionWrapper(rank, output_field=IntegerField())


def _facets(qs: QuerySet[Case]) -> dict:
    """Counts per theme, target group, profession and region over the matching cases (two
    queries, each one pass over the matches)."""
    facets: dict = {"themes": [], "target_groups": [], "professions": [], "regions": []}
    key = {
        TagKind.THEME: "themes",
        TagKind.TARGET_GROUP: "target_groups",
        TagKind.PROFESSION: "professions",
    }
    tag_rows = (
        qs.values("tags__kind", "tags__name", "tags__sort_key")
        .annotate(n=Count("pk"))
        .order_by("tags__kind", "tags__sort_key")
    )
    for row in tag_rows:
        if row["tags__kind"] is None:  # cases without tags
            continue
        facets[key[row["tags__kind"]]].append((row["tags__name"], row["n"]))
    region_counts = dict(
        qs.values("region").annotate(n=Count("pk")).values_list("region", "n").order_by()
    )
    # Every matching case falls in one region group (or the blank one): the total, for free.
    facets["total"] = sum(region_counts.values())
    facets["regions"] = [
        (value, label, region_counts[value])
        for value, label in Region.choices
        if region_counts.get(value)
    ]
    return facets


def _page_cases(ids: list[int]) -> list[Case]:
    """The cases with ``ids`` in that order, with tags and visible media (three queries)."""
    cases = with_visible_media(
        Case.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("kind", "sort_key"))
        )
    )
    by_id = {c.pk: c for c in cases}
    return [by_id[i] for i in ids if i in by_id]


def search_cases(
    *,
    query: str = "",
    themes=(),
    target_groups=(),
    professions=(),
    municipalities=(),
    regions=(),
    start_year: int | None = None,
    has_effect: bool | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    facets: bool = True,
) -> SearchResult:
    """Published cases matching ``query`` (Danish stemming: PostgreSQL's ``danish`` text search
    configuration, on SQLite the Snowball stems in ``search_stems``) and the filters, sorted and
    paged, each with ``.headline`` (safe HTML, matches in <mark>) and ``.visible_media``.

    A fixed number of queries per page, whatever the number of cases."""
    if sort not in SORTS:
        sort = "relevance"
    per_page = max(1, min(int(per_page or 20), 100))
    qs = _filtered(
        themes=themes,
        target_groups=target_groups,
        professions=professions,
        municipalities=municipalities,
        regions=regions,
        start_year=start_year,
        has_effect=has_effect,
    )
    qs, rank = _matching(qs, query)
    if sort == "title":
        # Danish order (… Z, Æ, Ø, Å) of titles: one narrow query of ids and titles, sorted here.
        rows = list(qs.values_list("pk", "title", "municipality_sort_key"))
        rows.sort(key=lambda r: (danish_sort_key(r[1]), r[2], r[0]))
        total = len(rows)
        pages = max(1, math.ceil(total / per_page))
        page = min(max(1, int(page or 1)), pages)
        ids = [r[0] for r in rows[(page - 1) * per_page : page * per_page]]
        facet_counts = _facets(qs) if facets else None
        if facet_counts:
            facet_counts.pop("total")
    else:
        ordered = qs
        if sort == "relevance" and rank is not None:
            ordered = qs.annotate(rank=rank)
            order = [F("rank").desc(), F("published_at").desc(nulls_last=True), "-pk"]
        elif sort == "municipality":
            order = ["municipality_sort_key", F("published_at").desc(nulls_last=True), "-pk"]
        else:  # newest, or relevance without a query
            order = [F("published_at").desc(nulls_last=True), "-pk"]
        facet_counts = _facets(qs) if facets else None
        total = facet_counts.pop("total") if facet_counts else qs.count()
        pages = max(1, math.ceil(total / per_page))
        page = min(max(1, int(page or 1)), pages)
        start = (page - 1) * per_page
        ids = list(ordered.order_by(*order).values_list("pk", flat=True)[start : start + per_page])
    cases = _page_cases(ids)
    wanted, _excluded = _positive_and_negative(query)
    for case in cases:
        case.headline = headline(case.summary, wanted)
        case.title_html = highlight(case.title, wanted)
    return SearchResult(
        cases=cases,
        total=total,
        page=page,
        pages=pages,
        per_page=per_page,
        facets=facet_counts or {},
    )


def _matches(word: str, wanted: list[str]) -> bool:
    if not wanted:
        return False
    lowered = word.lower()
    s = stem(lowered)
    return any(s.startswith(w) or lowered.startswith(w) for w in wanted)


def highlight(text: str, wanted: list[str]) -> str:
    """``text`` HTML-escaped, with each word matching a query stem wrapped in <mark>."""
    out, last = [], 0
    for m in WORD_RE.finditer(text or ""):
        if _matches(m.group(0), wanted):
            out.append(escape(text[last : m.start()]))
            out.append("<mark>" + escape(m.group(0)) + "</mark>")
            last = m.end()
    out.append(escape((text or "")[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def headline(text: str, wanted: list[str], max_words: int = 45) -> str:
    """A fragment of ``text`` around its first match (or its start), escaped and highlighted."""
    text = text or ""
    spans = [m.span() for m in WORD_RE.finditer(text)]
    if len(spans) <= max_words:
        return highlight(text, wanted)
    first = next(
        (i for i, (a, b) in enumerate(spans) if _matches(text[a:b], wanted)),
        0,
    )
    start_word = max(0, min(first - 10, len(spans) - max_words))
    end_word = min(len(spans), start_word + max_words)
    start = spans[start_word][0] if start_word else 0
    end = spans[end_word - 1][1]
    prefix = "… " if start_word else ""
    suffix = " …" if end_word < len(spans) else ""
    return mark_safe(prefix + highlight(text[start:end], wanted) + suffix)  # noqa: S308


SIMILAR_POOL = 200


def similar_cases(case: Case, limit: int = 4) -> list[Case]:
    """Published cases sharing tags and title words with ``case``, most shared first.

    The pool is the (at most 200, newest first) published cases sharing most tags, or when the
    case has no tags, those sharing a title word; the pool is then ranked by shared tags (×2)
    plus shared title stems. Three queries (pool, ranking, visible media), whatever the size."""
    tag_ids = [t.pk for t in case.tags.all()]
    title_stems = query_stems(case.title)[:8]
    published = published_cases().exclude(pk=case.pk)
    if tag_ids:
        pool = (
            Case.tags.through.objects.filter(tag_id__in=tag_ids, case__in=published.values("pk"))
            .values("case_id")
            .annotate(n=Count("tag_id"))
            .order_by("-n", "-case_id")
            .values_list("case_id", flat=True)[:SIMILAR_POOL]
        )
    elif title_stems:
        words = Q()
        for s in title_stems:
            words |= Q(search_stems__contains=f" {s} ")
        pool = published.filter(words).order_by("-pk").values_list("pk", flat=True)[:SIMILAR_POOL]
    else:
        return []
    pool_ids = list(pool)
    score = Count("tags", filter=Q(tags__in=tag_ids), distinct=True) * Value(2)
    for s in title_stems:
        score = score + Case_(
            When(search_stems__contains=f" {s} ", then=Value(1)), default=Value(0)
        )
    candidates = (
        Case.objects.filter(pk__in=pool_ids)
        .annotate(score=ExpressionWrapper(score, output_field=IntegerField()))
        .filter(score__gt=0)
        .order_by("-score", F("published_at").desc(nulls_last=True), "-pk")
    )
    return list(with_visible_media(candidates)[:limit])


def case_for_public(slug: str) -> Case | None:
    """A published case by slug, with tags, visible media and evidence (or None)."""
    return (
        with_visible_media(
            published_cases().prefetch_related(
                Prefetch("tags", queryset=Tag.objects.order_by("kind", "sort_key")),
                "evidence",
            )
        )
        .filter(slug=slug)
        .first()
    )
