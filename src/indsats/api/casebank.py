"""/casebank: the public case bank, read-only and without login. Only published cases; media
covered by a withdrawn consent are left out."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from indsats.casebank import evidence
from indsats.casebank.models import MediaKind, Region, TagKind
from indsats.casebank.selectors import SORTS, case_for_public, search_cases

from .errors import NotFound
from .schemas import errors

router = Router(tags=["casebank"], auth=None)


class CaseQuery(Schema):
    """The search parameters, the same as on the public page /casebank/."""

    q: str = Field("", max_length=200, description="Search words (Danish).")
    tema: list[str] = Field(default_factory=list, description="Themes (any of).")
    maalgruppe: list[str] = Field(default_factory=list, description="Target groups (any of).")
    faggruppe: list[str] = Field(default_factory=list, description="Professions (any of).")
    kommune: list[str] = Field(default_factory=list, description="Municipalities (any of).")
    region: list[Literal[tuple(Region.values)]] = Field(
        default_factory=list, description="Regions (any of)."
    )
    startaar: int | None = Field(None, ge=1990, le=2100, description="Start year.")
    effekt: bool | None = Field(
        None, description="true: only cases with measured effect; false: only without."
    )
    sortering: Literal[SORTS] = Field("relevance", description="The order of the results.")
    side: int = Field(1, ge=1, description="Page number.")
    per_side: int = Field(20, ge=1, le=100, description="Cases per page.")


class MediaOut(Schema):
    kind: str
    title: str
    url: str


class CaseSummaryOut(Schema):
    slug: str
    url: str
    municipality: str
    region: str
    title: str
    summary: str
    headline: str
    start_year: int | None
    themes: list[str]
    target_groups: list[str]
    professions: list[str]
    published_at: dt.datetime | None


class FacetOut(Schema):
    name: str
    count: int


class CaseListOut(Schema):
    total: int
    page: int
    pages: int
    results: list[CaseSummaryOut]
    themes: list[FacetOut]
    regions: list[FacetOut]
    suggestion: str = Field(
        "", description="With no results: a corrected query that finds cases (or empty)."
    )


class EvidenceOut(Schema):
    name: str
    unit: str
    values: dict[int, str]


class CaseOut(CaseSummaryOut):
    problem: str
    core: str
    effects: str
    contact_name: str
    contact_email: str
    contact_phone: str
    media: list[MediaOut]
    evidence: list[EvidenceOut]


def _summary(case, request) -> dict:
    tags = {kind: [t.name for t in case.tags.all() if t.kind == kind] for kind in TagKind.values}
    url = reverse("casebank:detail", kwargs={"slug": case.slug})
    return {
        "slug": case.slug,
        "url": request.build_absolute_uri(url),
        "municipality": case.municipality,
        "region": case.region,
        "title": case.title,
        "summary": case.summary,
        "headline": str(getattr(case, "headline", "")),
        "start_year": case.start_year,
        "themes": tags[TagKind.THEME],
        "target_groups": tags[TagKind.TARGET_GROUP],
        "professions": tags[TagKind.PROFESSION],
        "published_at": case.published_at,
    }


def _media(case, request) -> list[dict]:
    found = []
    for m in case.visible_media:
        if m.kind == MediaKind.FILE:
            if not m.file:
                continue
            url = request.build_absolute_uri(
                reverse("casebank:attachment", kwargs={"slug": case.slug, "media_pk": m.pk})
            )
        else:
            url = m.url
        found.append({"kind": m.kind, "title": m.title, "url": url})
    return found


@router.get(
    "/casebank/cases",
    response={200: CaseListOut, **errors(422)},
    auth=None,
    summary="Search published cases",
    description=(
        "The public case bank, without login: Danish full-text search, the same on every "
        "database: word endings (»praktikvejleder« finds »praktikvejledere«), compound parts "
        '(»vejleder« finds »fuldtidsvejledere«), ae/oe/aa for æ/ø/å, `"a phrase"`, `a OR b`, '
        "`-word`, `prefix*`; filters, sorting and paging as on /casebank/. `headline` is the "
        "summary as HTML with matches in <mark> (everything else escaped); `suggestion` a "
        "corrected query when nothing was found."
    ),
)
def list_cases(request, filters: Query[CaseQuery]):
    f = filters
    result = search_cases(
        query=f.q[:200],
        themes=f.tema,
        target_groups=f.maalgruppe,
        professions=f.faggruppe,
        municipalities=f.kommune,
        regions=[str(r) for r in f.region],
        start_year=f.startaar,
        has_effect=f.effekt,
        sort=f.sortering,
        page=f.side,
        per_page=f.per_side,
    )
    return Status(
        200,
        {
            "total": result.total,
            "page": result.page,
            "pages": result.pages,
            "results": [_summary(c, request) for c in result.cases],
            "themes": [{"name": n, "count": c} for n, c in result.facets["themes"]],
            "regions": [{"name": v, "count": c} for v, _label, c in result.facets["regions"]],
            "suggestion": result.suggestion,
        },
    )


@router.get(
    "/casebank/cases/{slug}",
    response={200: CaseOut, **errors(404)},
    auth=None,
    summary="Get a published case",
    description="A published case with its visible media and measured effect (404 otherwise).",
)
def get_case(request, slug: str):
    case = case_for_public(slug)
    if case is None:
        raise NotFound(_("Der findes ingen offentliggjort case med denne adresse."))
    approved = evidence.approved(case)  # as the editor approved them
    return Status(
        200,
        {
            **_summary(case, request),
            "problem": case.problem,
            "core": case.core,
            "effects": case.effects,
            "contact_name": case.contact_name,
            "contact_email": case.contact_email,
            "contact_phone": case.contact_phone,
            "media": _media(case, request),
            "evidence": [
                {"name": f.name, "unit": f.unit, "values": dict(f.rows)} for f in approved
            ],
        },
    )
