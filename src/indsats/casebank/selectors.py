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
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from indsats.calc.textsearch import (
    ParsedQuery,
    closest_word,
    danish_sort_key,
    fold,
    fts5_match,
    marks,
    parse_query,
    query_stems,
    tokens,
    tsquery,
)

from . import search_index
from .models import Case, CaseMedia, CaseStatus, Consent, Region, SearchWord, Tag, TagKind

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
    suggestion: str = ""

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _tsquery(text: str):
    """A tsquery literal as a query expression (no text search configuration in between: the
    lexemes are the finished tokens of calc.textsearch)."""
    from django.contrib.postgres.search import SearchQuery

    class LiteralTsQuery(SearchQuery):
        def as_sql(self, compiler, connection, function=None, template=None):
            return super().as_sql(compiler, connection, function, "(%(expressions)s)::tsquery")

    return LiteralTsQuery(text)


FTS_IDS = f"SELECT rowid FROM {search_index.FTS_TABLE} WHERE {search_index.FTS_TABLE} MATCH %s"
# bm25 weights of the FTS5 columns title, summary, body, parts (PostgreSQL ranks with its
# defaults for A, B, C, D): ranking may differ between the engines, the hits do not.
BM25 = f"bm25({search_index.FTS_TABLE}, 10.0, 4.0, 1.0, 0.5)"


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


def _matching(qs: QuerySet[Case], parsed: ParsedQuery):
    """(the cases of ``qs`` matching the query, the tsquery / FTS5 expression of its positive
    part or None). Exclusions are a NOT IN / NOT @@ of their own, so a query of only
    exclusions lists every case without those words, on both engines."""
    if parsed.empty:
        return qs, None
    positive = None
    if _is_postgres():
        if parsed.groups:
            positive = tsquery(parsed.groups)
            qs = qs.filter(search_vector=_tsquery(positive))
        if parsed.excluded:
            qs = qs.exclude(search_vector=_tsquery(tsquery((parsed.excluded,))))
    else:
        if parsed.groups:
            positive = fts5_match(parsed.groups)
            qs = qs.filter(pk__in=RawSQL(FTS_IDS, [positive]))
        if parsed.excluded:
            qs = qs.exclude(pk__in=RawSQL(FTS_IDS, [fts5_match((parsed.excluded,))]))
    return qs, positive


def _ranked_ids(qs: QuerySet[Case], positive: str, start: int, count: int) -> list[int]:
    """The ids of ``qs`` by relevance (title above summary above body), then newest."""
    if _is_postgres():
        from django.contrib.postgres.search import SearchRank

        ordered = qs.annotate(rank=SearchRank(F("search_vector"), _tsquery(positive))).order_by(
            F("rank").desc(), F("published_at").desc(nulls_last=True), "-pk"
        )
        return list(ordered.values_list("pk", flat=True)[start : start + count])
    # SQLite: one pass over the FTS5 hits, joined to the filtered cases.
    inner, params = qs.order_by().values("pk").query.sql_with_params()
    sql = (
        f"SELECT c.id FROM casebank_case c JOIN (SELECT rowid AS id, {BM25} AS r "
        f"FROM {search_index.FTS_TABLE} WHERE {search_index.FTS_TABLE} MATCH %s) f "
        f"ON f.id = c.id WHERE c.id IN ({inner}) "
        "ORDER BY f.r, c.published_at IS NULL, c.published_at DESC, c.id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [positive, *params, count, start])
        return [row[0] for row in cursor.fetchall()]


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
    """Published cases matching ``query`` (the query language of calc.textsearch.parse_query,
    the same hits on SQLite and PostgreSQL) and the filters, sorted and paged, each with
    ``.headline`` and ``.title_html`` (safe HTML, matches in <mark>) and ``.visible_media``.
    With no hits for a typed query, ``suggestion`` is a query that finds some ("Mente du …?").

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
    parsed = parse_query(query)
    if parsed.empty and (query or "").strip():
        qs = qs.none()  # only stop words or signs: nothing to look for
    qs, positive = _matching(qs, parsed)
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
        if sort == "municipality":
            order = ["municipality_sort_key", F("published_at").desc(nulls_last=True), "-pk"]
        else:  # newest, or relevance without a query
            order = [F("published_at").desc(nulls_last=True), "-pk"]
        facet_counts = _facets(qs) if facets else None
        total = facet_counts.pop("total") if facet_counts else qs.count()
        pages = max(1, math.ceil(total / per_page))
        page = min(max(1, int(page or 1)), pages)
        start = (page - 1) * per_page
        if sort == "relevance" and positive is not None:
            ids = _ranked_ids(qs, positive, start, per_page) if total else []
        else:
            ids = list(qs.order_by(*order).values_list("pk", flat=True)[start : start + per_page])
    cases = _page_cases(ids)
    matcher = _marker(parsed)  # one per search: each distinct word is analysed once
    for case in cases:
        case.headline = headline(case.summary, matcher)
        case.title_html = highlight(case.title, matcher)
    suggestion = suggest(query, parsed) if not total and parsed.words else ""
    return SearchResult(
        suggestion=suggestion,
        cases=cases,
        total=total,
        page=page,
        pages=pages,
        per_page=per_page,
        facets=facet_counts or {},
    )


def _marker(wanted):
    """A test whether a shown word is a hit: ``wanted`` is a parsed query, or plain stems."""
    if isinstance(wanted, ParsedQuery):
        stems_, prefixes = wanted.highlight_keys()
    else:
        stems_, prefixes = frozenset(wanted or ()), ()
    if not stems_ and not prefixes:
        return lambda word: False
    seen: dict[str, bool] = {}

    def matches(word: str) -> bool:
        found = seen.get(word)
        if found is None:
            found = seen[word] = any(marks(t, stems_, prefixes) for t in tokens(word))
        return found

    return matches


def highlight(text: str, wanted) -> str:
    """``text`` HTML-escaped, with each word the query finds wrapped in <mark> (the same
    analysis as the search: stems, compound parts, prefixes; never a stop word)."""
    matches = wanted if callable(wanted) else _marker(wanted)
    out, last = [], 0
    for m in WORD_RE.finditer(text or ""):
        if matches(m.group(0)):
            out.append(escape(text[last : m.start()]))
            out.append("<mark>" + escape(m.group(0)) + "</mark>")
            last = m.end()
    out.append(escape((text or "")[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def headline(text: str, wanted, max_words: int = 45) -> str:
    """A fragment of ``text`` around its first match (or its start), escaped and highlighted."""
    text = text or ""
    matches = wanted if callable(wanted) else _marker(wanted)
    spans = [m.span() for m in WORD_RE.finditer(text)]
    if len(spans) <= max_words:
        return highlight(text, matches)
    first = next(
        (i for i, (a, b) in enumerate(spans) if matches(text[a:b])),
        0,
    )
    start_word = max(0, min(first - 10, len(spans) - max_words))
    end_word = min(len(spans), start_word + max_words)
    start = spans[start_word][0] if start_word else 0
    end = spans[end_word - 1][1]
    prefix = "… " if start_word else ""
    suffix = " …" if end_word < len(spans) else ""
    return mark_safe(prefix + highlight(text[start:end], wanted) + suffix)  # noqa: S308


def suggest(query: str, parsed: ParsedQuery) -> str:
    """ "Mente du …?": ``query`` with each typed word the case bank does not know replaced by the
    nearest word it does (at most two edits, same first letter, ties by alphabet), if that
    query finds published cases; else "". Three queries at most."""
    typed = [w for w in parsed.words if len(w) >= 3]
    if not typed:
        return ""
    known = set(SearchWord.objects.filter(word__in=typed).values_list("word", flat=True))
    unknown = [w for w in typed if w not in known]
    if not unknown:
        return ""
    near = Q()
    for w in unknown:
        near |= Q(head=w[0], length__range=(len(w) - 2, len(w) + 2))
    candidates: dict[str, list[str]] = {}
    for word, head in SearchWord.objects.filter(near).values_list("word", "head"):
        candidates.setdefault(head, []).append(word)
    replacements = {}
    for w in unknown:
        best = closest_word(w, sorted(candidates.get(w[0], ())))
        if best:
            replacements[w] = best
    if not replacements:
        return ""

    def replace(m):
        folded = fold(m.group(0)).strip()
        return replacements.get(folded, m.group(0))

    suggestion = WORD_RE.sub(replace, query)
    if suggestion == query:
        return ""
    qs, _positive = _matching(published_cases(), parse_query(suggestion))
    return suggestion if qs.exists() else ""


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
