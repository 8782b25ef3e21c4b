"""The public case bank: search and read published cases without logging in, an Atom feed of
newly published cases, and attachments of published cases. Unpublished cases answer 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from indsats.initiatives.services_from_case import adoption_count

from . import evidence
from .models import Case, CaseStatus, MediaKind, Region, Tag, TagKind
from .selectors import (
    SORTS,
    case_for_public,
    published_cases,
    search_cases,
    similar_cases,
    visible_media_queryset,
)

SORT_LABELS = {
    "relevance": gettext_lazy("Bedst match"),
    "newest": gettext_lazy("Nyeste"),
    "municipality": gettext_lazy("Kommune (A-Å)"),
    "title": gettext_lazy("Titel (A-Å)"),
}
PER_PAGE = 20


def search_params(params) -> dict:
    """The search arguments from query parameters (shared by the page and the JSON API)."""

    def as_int(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    effect = params.get("effekt")
    return {
        "query": (params.get("q") or "").strip()[:200],
        "themes": params.getlist("tema"),
        "target_groups": params.getlist("maalgruppe"),
        "professions": params.getlist("faggruppe"),
        "municipalities": params.getlist("kommune"),
        "regions": [r for r in params.getlist("region") if r in Region.values],
        "start_year": as_int(params.get("startaar")),
        "has_effect": True if effect == "ja" else False if effect == "nej" else None,
        "sort": params.get("sortering") if params.get("sortering") in SORTS else "relevance",
        "page": as_int(params.get("side")) or 1,
    }


_SLUG_MARK = "slug-mark"


def _detail_url_parts() -> tuple[str, str]:
    """A case page's address around its slug, from one reversal (the list builds 20 links)."""
    prefix, suffix = reverse("casebank:detail", kwargs={"slug": _SLUG_MARK}).rsplit(_SLUG_MARK, 1)
    return prefix, suffix


def prepare_result_rows(cases) -> None:
    """What each result row shows besides its texts, worked out once per page rather than per row
    in the template: the region's label (``get_region_display``), "Startet <year>" (one
    translation lookup) and the theme names (from the prefetched tags). Markup stays in the
    template."""
    regions = {value: str(label) for value, label in Region.choices}
    started = _("Startet %(y)s")
    for case in cases:
        case.region_label = regions.get(case.region, case.region)
        case.started_label = started % {"y": case.start_year} if case.start_year else ""
        case.theme_names = [t.name for t in case.tags.all() if t.kind == TagKind.THEME]


@require_GET
def case_list(request):
    args = search_params(request.GET)
    result = search_cases(**args, per_page=PER_PAGE)
    tags = {kind: [] for kind in TagKind.values}
    # The tags some published case has: per tag its first such case, a subquery that stops at
    # the first link (PostgreSQL plans an EXISTS here as a join over every link: 10× slower).
    first_case = Case.tags.through.objects.filter(
        tag_id=OuterRef("pk"), case__status=CaseStatus.PUBLISHED
    ).values("case_id")[:1]
    for tag in Tag.objects.annotate(first_case=Subquery(first_case)):
        if tag.first_case is not None:
            tags[tag.kind].append(tag)
    base = request.GET.copy()
    base.pop("side", None)
    start = (result.page - 1) * result.per_page
    detail_prefix, detail_suffix = _detail_url_parts()
    prepare_result_rows(result.cases)
    return render(
        request,
        "casebank/list.html",
        {
            "result": result,
            "args": args,
            "themes": tags[TagKind.THEME],
            "target_groups": tags[TagKind.TARGET_GROUP],
            "professions": tags[TagKind.PROFESSION],
            "regions": Region.choices,
            "sorts": [(key, SORT_LABELS[key]) for key in SORTS],
            "page_query": base.urlencode(),
            "detail_prefix": detail_prefix,
            "detail_suffix": detail_suffix,
            "first_shown": start + 1 if result.total else 0,
            "last_shown": start + len(result.cases),
            "canonical": request.build_absolute_uri(reverse("casebank:list"))
            + (f"?{urlencode({'side': result.page})}" if result.page > 1 else ""),
        },
    )


def evidence_blocks(case) -> list[dict]:
    """Each indicator's figures as the case bank editor approved them, with its chart (SVG) and a
    table of its values (one query). Values recorded later wait for the editor."""
    return [
        {
            "indicator": figures,
            "chart": figures.chart,
            "rows": figures.rows,
            "targets": figures.targets,
        }
        for figures in evidence.approved(case)
    ]


@require_GET
def case_detail(request, slug):
    case = case_for_public(slug)
    if case is None:
        raise Http404(_("Der findes ingen offentliggjort case med denne adresse."))
    tags = {kind: [t for t in case.tags.all() if t.kind == kind] for kind in TagKind.values}
    media = case.visible_media
    return render(
        request,
        "casebank/detail.html",
        {
            "case": case,
            "themes": tags[TagKind.THEME],
            "target_groups": tags[TagKind.TARGET_GROUP],
            "professions": tags[TagKind.PROFESSION],
            "links": [m for m in media if m.kind != MediaKind.FILE],
            "files": [m for m in media if m.kind == MediaKind.FILE and m.file],
            "evidence": evidence_blocks(case),
            "similar": similar_cases(case),
            "canonical": request.build_absolute_uri(case_url(case)),
            "adopted": adoption_count(case),
            "adopt_into": _adopt_into(request),
        },
    )


def _adopt_into(request) -> list:
    """The organisations whose catalogue the signed-in user may copy a case into."""
    from indsats.organisations.models import EDIT_CATALOGUE

    if not request.user.is_authenticated:
        return []
    return [
        m.organisation
        for m in request.user.memberships.select_related("organisation")
        if m.role in EDIT_CATALOGUE
    ]


@require_GET
def attachment(request, slug, media_pk):
    """An attachment of a published case, unless a withdrawn consent covers it."""
    media = (
        visible_media_queryset()
        .filter(
            pk=media_pk,
            kind=MediaKind.FILE,
            case__slug=slug,
            case__status=CaseStatus.PUBLISHED,
        )
        .first()
    )
    if media is None or not media.file:
        raise Http404(_("Bilaget findes ikke."))
    name = media.file.name.rsplit("/", 1)[-1]
    response = FileResponse(media.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = media.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def case_url(case) -> str:
    return reverse("casebank:detail", kwargs={"slug": case.slug})


class NewCasesFeed(Feed):
    """Atom feed of the newest published cases."""

    feed_type = Atom1Feed
    title = gettext_lazy("Casebanken: nye cases")
    subtitle = gettext_lazy("Kommunernes rekrutterings- og fastholdelsesindsatser, der virkede.")

    def link(self):
        return reverse("casebank:list")

    def items(self):
        return published_cases().order_by("-published_at", "-pk")[:30]

    def item_title(self, item):
        return f"{item.municipality}: {item.title}"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return case_url(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at

    def item_author_name(self, item):
        return item.municipality
