"""Reads for the case bank that everyone needs: published cases and the media that may be shown."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
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


COVER_INDEX = "casebank_case_search_cover"
# How each sort orders the matches (m: the CTE of _one_pass); SQLite's bm25 is lower for
# better matches, PostgreSQL's ts_rank higher.
_NEWEST = "m.published_at IS NULL, m.published_at DESC, m.id DESC"
_ORDERS = {
    "relevance": {"sqlite": "m.r, " + _NEWEST, "postgresql": "m.r DESC, " + _NEWEST},
    "newest": {"sqlite": _NEWEST, "postgresql": _NEWEST},
    "municipality": {
        "sqlite": "m.municipality_sort_key, " + _NEWEST,
        "postgresql": "m.municipality_sort_key, " + _NEWEST,
    },
}


def _no_facets() -> dict:
    return {"themes": [], "target_groups": [], "professions": [], "regions": []}


@dataclass
class _Pass:
    ids: list[int]
    total: int
    facets: dict


def _one_pass(
    base: QuerySet[Case] | None,
    positive: str | None,
    *,
    sort: str,
    start: int,
    count: int,
    per_page: int,
    facets: bool,
) -> _Pass:
    """One statement, one pass over the index: the page of ids in ``sort`` order, the number of
    matches and the facet counts (regions; themes, target groups, professions when ``facets``).

    The matching cases are gathered once (a materialised CTE: published, ``base``'s filters
    when given, the positive query with its rank), then read three times for the page (its
    OFFSET clamped to the last page in the same statement), the regions and the tags. On
    SQLite the index is read first and each hit looked up in a narrow covering index
    (casebank_case_search_cover), never in the wide rows; on PostgreSQL the GIN index finds
    the hits and ts_rank ranks them, as the peer does."""
    vendor = "postgresql" if _is_postgres() else "sqlite"
    params: list = []
    columns = "c.id, c.region, c.published_at, c.municipality_sort_key"
    where = "c.status = %s"
    params_where: list = [CaseStatus.PUBLISHED]
    if base is not None:
        try:
            inner, inner_params = base.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return _Pass(ids=[], total=0, facets=_no_facets())
        where += f" AND c.id IN ({inner})"
        params_where += list(inner_params)
    if positive is None:
        cte = f"SELECT {columns}, 0 AS r FROM casebank_case c WHERE {where}"
        params += params_where
    elif vendor == "postgresql":
        cte = (
            f"SELECT {columns}, ts_rank(c.search_vector, %s::tsquery) AS r "
            f"FROM casebank_case c WHERE c.search_vector @@ %s::tsquery AND {where}"
        )
        params += [positive, positive, *params_where]
    else:
        table = search_index.FTS_TABLE
        cte = (
            f"SELECT {columns}, f.r FROM (SELECT rowid AS id, {BM25} AS r FROM {table} "
            f"WHERE {table} MATCH %s) f CROSS JOIN casebank_case c INDEXED BY {COVER_INDEX} "
            f"ON c.id = f.id WHERE {where}"
        )
        params += [positive, *params_where]
    order = _ORDERS.get(sort, _ORDERS["newest"])[vendor]
    if positive is None and sort == "relevance":
        order = _ORDERS["newest"][vendor]
    # The page's offset, clamped to the last page (as the page number is) in the statement.
    offset = (
        "(SELECT CASE WHEN count(*) > %s THEN %s "
        "ELSE ((CASE WHEN count(*) > 0 THEN count(*) - 1 ELSE 0 END) / %s) * %s END FROM m)"
    )
    parts = [
        "SELECT 0 AS part, CAST(p.id AS BIGINT) AS k, CAST(NULL AS TEXT) AS kind, "
        "CAST(NULL AS TEXT) AS name, CAST(NULL AS TEXT) AS sort_key, "
        f"row_number() OVER (ORDER BY {order.replace('m.', 'p.')}) AS n "
        f"FROM (SELECT m.* FROM m ORDER BY {order} LIMIT %s OFFSET {offset}) p",
        "SELECT 1, NULL, m.region, NULL, NULL, count(*) FROM m GROUP BY m.region",
    ]
    params += [count, start, start, per_page, per_page]
    if facets:
        parts.append(
            # A semi-join: each engine picks the side to drive from (not a hash of every link).
            "SELECT 2, t.id, t.kind, t.name, t.sort_key, x.n FROM (SELECT ct.tag_id, count(*) "
            "AS n FROM casebank_case_tags ct WHERE ct.case_id IN (SELECT id FROM m) "
            "GROUP BY ct.tag_id) x JOIN casebank_tag t ON t.id = x.tag_id"
        )
    sql = f"WITH m AS MATERIALIZED ({cte}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    page = sorted((n, k) for part, k, _kind, _name, _key, n in rows if part == 0)
    regions = {kind: n for part, _k, kind, _name, _key, n in rows if part == 1}
    found = _no_facets()
    key = {
        TagKind.THEME: "themes",
        TagKind.TARGET_GROUP: "target_groups",
        TagKind.PROFESSION: "professions",
    }
    for _part, _k, kind, name, _sort_key, n in sorted(
        (r for r in rows if r[0] == 2), key=lambda r: (r[2], r[4])
    ):
        found[key[kind]].append((name, n))
    found["regions"] = [
        (value, label, regions[value]) for value, label in Region.choices if regions.get(value)
    ]
    # Every matching case falls in one region group (or the blank one): the total, for free.
    return _Pass(ids=[k for _n, k in page], total=sum(regions.values()), facets=found)


# What a search result shows (the list page and the API's list): the wide texts and the index
# columns stay in the database.
RESULT_FIELDS = (
    "id",
    "slug",
    "municipality",
    "region",
    "title",
    "summary",
    "start_year",
    "published_at",
)


def _page_cases(ids: list[int]) -> list[Case]:
    """The cases with ``ids`` in that order, only the fields a result shows, with their tags
    (two queries)."""
    cases = (
        Case.objects.filter(pk__in=ids)
        .only(*RESULT_FIELDS)
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("kind", "sort_key")))
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
    ``.headline`` and ``.title_html`` (safe HTML, matches in <mark>) and its tags (only the
    fields of RESULT_FIELDS are loaded). With no hits for a typed query, ``suggestion`` is a
    query that finds some ("Mente du …?").

    Three queries per page whatever the number of cases (_one_pass: page, count and facets in
    one statement; the page's cases; their tags), four sorted by title; the suggestion's at
    most three more only when nothing is found."""
    if sort not in SORTS:
        sort = "relevance"
    per_page = max(1, min(int(per_page or 20), 100))
    filters = {
        "themes": themes,
        "target_groups": target_groups,
        "professions": professions,
        "municipalities": municipalities,
        "regions": regions,
        "start_year": start_year,
        "has_effect": has_effect,
    }
    parsed = parse_query(query)
    nothing = parsed.empty and bool((query or "").strip())  # only stop words or signs
    # The filters and exclusions as a subquery of ids, only when there are some: the plain
    # search reads the published cases straight from the index.
    base = None
    if parsed.excluded or any(v not in (None, (), [], "") for v in filters.values()):
        base, _positive = _matching(_filtered(**filters), ParsedQuery((), parsed.excluded, ()))
    positive = None
    if parsed.groups:
        positive = tsquery(parsed.groups) if _is_postgres() else fts5_match(parsed.groups)
    page = max(1, int(page or 1))
    if nothing:
        ids, total, pages, page = [], 0, 1, 1
        facet_counts = _no_facets() if facets else None
    elif sort == "title":
        # Danish order (… Z, Æ, Ø, Å) of titles: one narrow query of ids and titles, sorted here.
        qs, _positive = _matching(_filtered(**filters), parsed)
        rows = list(qs.values_list("pk", "title", "municipality_sort_key"))
        rows.sort(key=lambda r: (danish_sort_key(r[1]), r[2], r[0]))
        total = len(rows)
        pages = max(1, math.ceil(total / per_page))
        page = min(page, pages)
        ids = [r[0] for r in rows[(page - 1) * per_page : page * per_page]]
        facet_counts = None
        if facets:
            facet_counts = _one_pass(
                base, positive, sort=sort, start=0, count=0, per_page=per_page, facets=True
            ).facets
    else:
        found = _one_pass(
            base,
            positive,
            sort=sort,
            start=(page - 1) * per_page,
            count=per_page,
            per_page=per_page,
            facets=facets,
        )
        ids, total = found.ids, found.total
        pages = max(1, math.ceil(total / per_page))
        page = min(page, pages)
        facet_counts = found.facets if facets else None
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
            found = seen[word] = marks(word, stems_, prefixes)
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
