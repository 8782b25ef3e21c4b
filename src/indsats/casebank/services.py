"""Writes for the case bank: one transaction and one audit record each.

Publishing is a small state machine: draft/returned → submitted → published (by an editor) →
withdrawn (by the municipality) or unpublished (by the editor); an editor may also return a
submitted case with a comment. Every save refreshes the case's search text."""

from __future__ import annotations

import datetime as dt
import os
import re

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from indsats.calc.textsearch import danish_sort_key, stem_document
from indsats.core.services import (
    AuditAction,
    PermissionDeniedError,
    ServiceError,
    _actor_name,
    audit,
    diff,
    save_versioned,
    snapshot,
)
from indsats.organisations.models import EDIT_CATALOGUE, Membership, Role
from indsats.organisations.services import require_role, validated

from . import search_index
from .models import (
    Case,
    CaseMedia,
    CaseStatus,
    Consent,
    EvidenceSnapshot,
    MediaKind,
    Tag,
    TagKind,
)

CASE_FIELDS = [
    "municipality",
    "region",
    "title",
    "summary",
    "start_year",
    "problem",
    "core",
    "effects",
    "contact_name",
    "contact_email",
    "contact_phone",
    "source_initiative",
]
TEXT_FIELDS = ["title", "summary", "problem", "core", "effects"]
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")

ALLOWED_CONTENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# The file name's extension must fit the type: the stored file keeps its name, and a browser
# or desktop may go by the extension (an ».exe« sent as »application/pdf« is refused).
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/msword": {".doc"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {".pptx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
}


def contains_html(text: str | None) -> bool:
    """Whether ``text`` holds something that looks like an HTML tag (refused in every field)."""
    return bool(_HTML.search(text or ""))


def is_editor(user) -> bool:
    """A case bank editor (e.g. at KL) may approve, return and unpublish any case."""
    if user is None:
        return True  # the system (command line, demo)
    return Membership.objects.filter(user=user, role=Role.EDITOR).exists()


def require_editor(user) -> None:
    if not is_editor(user):
        raise PermissionDeniedError(_("Kun casebankens redaktører kan gøre dette."))


def _require_owner(actor, case: Case) -> None:
    if actor is None:
        return
    if case.organisation_id is None:
        require_editor(actor)
        return
    require_role(actor, case.organisation, EDIT_CATALOGUE)


def search_document(case: Case, tag_names=()) -> str:
    parts = [
        case.title,
        case.municipality,
        case.summary,
        case.problem,
        case.core,
        case.effects,
        *tag_names,
    ]
    return "\n".join(p for p in parts if p)


def _refresh_search(case: Case) -> None:
    tag_names = list(case.tags.values_list("name", flat=True)) if case.pk else []
    case.search_document = search_document(case, tag_names)
    case.search_stems = stem_document(case.search_document)
    case.municipality_sort_key = danish_sort_key(case.municipality)
    Case.objects.filter(pk=case.pk).update(
        search_document=case.search_document,
        search_stems=case.search_stems,
        municipality_sort_key=case.municipality_sort_key,
    )
    body = search_index.body_text(
        municipality=case.municipality,
        problem=case.problem,
        core=case.core,
        effects=case.effects,
        tag_names=tag_names,
    )
    search_index.index_rows(connection, [(case.pk, case.title, case.summary, body)])


def _validate(case: Case) -> None:
    errors: dict[str, list[str]] = {}
    for field in ("municipality", "title", "summary"):
        if not (getattr(case, field) or "").strip():
            errors[field] = [_("Feltet skal udfyldes.")]
    for field in [*TEXT_FIELDS, "municipality", "contact_name", "contact_phone"]:
        if _HTML.search(getattr(case, field) or ""):
            errors.setdefault(field, []).append(
                _("Teksten må ikke indeholde HTML-koder som <script>; skriv almindelig tekst.")
            )
    if case.start_year and case.start_year > timezone.localdate().year:
        errors["start_year"] = [_("Startåret %(y)s ligger i fremtiden.") % {"y": case.start_year}]
    if errors:
        raise ServiceError(errors=errors)
    validated(
        case,
        exclude=[
            "organisation",
            "slug",
            "source_initiative",
            "search_document",
            "search_stems",
            "municipality_sort_key",
        ],
    )


def _unique_slug(case: Case) -> str:
    base = (
        slugify(
            f"{case.municipality} {case.title}".replace("æ", "ae")
            .replace("ø", "oe")
            .replace("å", "aa")
        )[:140]
        or "case"
    )
    slug, n = base, 2
    while Case.objects.filter(slug=slug).exclude(pk=case.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def tags_get_or_create(kind: str, names) -> list[Tag]:
    tags = []
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        if _HTML.search(name):
            raise ServiceError(errors={"tags": [_("Emner må ikke indeholde HTML-koder.")]})
        tag = Tag.objects.filter(kind=kind, name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(kind=kind, name=name, sort_key=danish_sort_key(name))
        tags.append(tag)
    return tags


def _case_snapshot(case: Case) -> dict:
    data = snapshot(case, CASE_FIELDS + ["status"])
    if case.pk:
        data["tags"] = ", ".join(sorted(case.tags.values_list("name", flat=True)))
        data["evidence"] = ", ".join(sorted(case.evidence.values_list("name", flat=True)))
    return data


def _set_relations(case: Case, tags: dict[str, list[str]] | None, evidence) -> None:
    if tags is not None:
        chosen = []
        for kind in TagKind.values:
            chosen += tags_get_or_create(kind, tags.get(kind, []))
        case.tags.set(chosen)
    if evidence is not None:
        evidence = list(evidence)
        source = case.source_initiative
        for indicator in evidence:
            if case.organisation_id is None or indicator.organisation_id != case.organisation_id:
                raise ServiceError(
                    errors={
                        "evidence": [
                            _("Indikatoren »%(n)s« hører til en anden organisation.")
                            % {"n": indicator.name}
                        ]
                    }
                )
            if (
                source is not None
                and indicator.initiative_id not in (None, source.pk)
                and indicator.budget_note_id is None
            ):
                raise ServiceError(
                    errors={
                        "evidence": [
                            _("Indikatoren »%(n)s« hører ikke til indsatsen.")
                            % {"n": indicator.name}
                        ]
                    }
                )
        case.evidence.set(evidence)


@transaction.atomic
def case_create(
    *, actor, organisation=None, tags=None, evidence=None, status: str = CaseStatus.DRAFT, **fields
) -> Case:
    """A new case, as a draft of ``organisation`` (or, for the system/editors, an imported case
    with no organisation in Indsats)."""
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ServiceError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if organisation is not None:
        require_role(actor, organisation, EDIT_CATALOGUE)
    else:
        require_editor(actor)
    if status != CaseStatus.DRAFT:
        require_editor(actor)
    case = Case(organisation=organisation, status=status, **fields)
    if organisation is not None and not case.municipality:
        case.municipality = organisation.name
    if case.source_initiative_id and case.source_initiative.organisation_id != getattr(
        organisation, "pk", None
    ):
        raise ServiceError(
            errors={"source_initiative": [_("Indsatsen hører til en anden organisation.")]}
        )
    _validate(case)
    case.slug = _unique_slug(case)
    if status == CaseStatus.PUBLISHED:
        case.published_at = timezone.now()
    case.save()
    _set_relations(case, tags, evidence)
    if status == CaseStatus.PUBLISHED:
        _snapshot_evidence(case, actor)
    _refresh_search(case)
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=case,
        changes=diff({}, _case_snapshot(case)),
    )
    return case


@transaction.atomic
def case_update(
    *, case: Case, actor, expected_version: int | None, tags=None, evidence=None, **fields
) -> Case:
    _require_owner(actor, case)
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ServiceError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = _case_snapshot(case)
    for name, value in fields.items():
        setattr(case, name, value)
    _validate(case)
    save_versioned(case, expected_version=expected_version, fields=list(fields))
    _set_relations(case, tags, evidence)
    _refresh_search(case)
    changes = diff(before, _case_snapshot(case))
    if changes:
        audit(
            organisation=case.organisation,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            changes=changes,
        )
    return case


_TRANSITIONS = {
    # action: (allowed from, to, who)
    "submit": (
        {CaseStatus.DRAFT, CaseStatus.RETURNED, CaseStatus.WITHDRAWN, CaseStatus.UNPUBLISHED},
        CaseStatus.SUBMITTED,
        "owner",
    ),
    "approve": ({CaseStatus.SUBMITTED}, CaseStatus.PUBLISHED, "editor"),
    "return": ({CaseStatus.SUBMITTED}, CaseStatus.RETURNED, "editor"),
    "withdraw": (
        {CaseStatus.SUBMITTED, CaseStatus.PUBLISHED, CaseStatus.RETURNED},
        CaseStatus.WITHDRAWN,
        "owner",
    ),
    "unpublish": ({CaseStatus.PUBLISHED}, CaseStatus.UNPUBLISHED, "editor"),
}


@transaction.atomic
def case_transition(*, case: Case, actor, action: str, comment: str = "") -> Case:
    """Move a case through the publishing workflow (submit, approve, return, withdraw, unpublish)."""
    if action not in _TRANSITIONS:
        raise ServiceError(_("Ukendt handling: %(a)s") % {"a": action})
    allowed, target, who = _TRANSITIONS[action]
    if who == "editor":
        require_editor(actor)
    else:
        _require_owner(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in allowed:
        raise ServiceError(
            _("En case med status »%(s)s« kan ikke få handlingen »%(a)s«.")
            % {"s": case.get_status_display(), "a": action}
        )
    if action == "return" and not comment.strip():
        raise ServiceError(
            errors={"comment": [_("Skriv en kommentar til kommunen om, hvad der skal rettes.")]}
        )
    if action == "submit":
        _validate(case)
    before = {"status": case.get_status_display()}
    case.status = target
    fields = ["status"]
    now = timezone.now()
    if action == "submit":
        case.submitted_at = now
        fields.append("submitted_at")
    if action == "approve":
        case.published_at = case.published_at or now
        case.editor_comment = comment
        fields += ["published_at", "editor_comment"]
        _snapshot_evidence(case, actor)
    if action in {"return", "unpublish"}:
        case.editor_comment = comment
        fields.append("editor_comment")
    save_versioned(case, expected_version=case.version, fields=fields)
    audit(
        organisation=case.organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        changes={
            "status": [before["status"], case.get_status_display()],
            **({"comment": [None, comment]} if comment else {}),
        },
    )
    from indsats.notifications.casebank import case_notify

    case_notify(case=case, action=action, actor=actor)
    return case


def _snapshot_evidence(case: Case, actor) -> list[EvidenceSnapshot]:
    """Replace the case's approved evidence with its indicators' figures as recorded now."""
    from . import evidence

    now = timezone.now()
    figures = evidence.live([case])[case.pk]
    case.evidence_snapshots.all().delete()
    return EvidenceSnapshot.objects.bulk_create(
        EvidenceSnapshot(
            case=case,
            indicator_id=f.pk,
            name=f.name,
            unit=f.unit,
            values={str(year): str(value) for year, value in sorted(f.values.items())},
            targets=f.targets,
            approved_at=now,
            approved_by=_actor_name(actor) if actor is not None else "",
        )
        for f in figures
    )


@transaction.atomic
def case_evidence_approve(*, case: Case, actor) -> Case:
    """The editor approves a published case's evidence as it stands: the public page shows the
    figures recorded until now (values added later wait for the next approval)."""
    from . import evidence

    require_editor(actor)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.PUBLISHED:
        raise ServiceError(
            _("Kun en offentliggjort cases evidens kan godkendes; »%(t)s« er %(s)s.")
            % {"t": case.title, "s": case.get_status_display().lower()}
        )
    before = {f.name: dict(f.rows) for f in evidence.approved(case)}
    _snapshot_evidence(case, actor)
    after = {f.name: dict(f.rows) for f in evidence.approved(case)}
    changes = {
        name: [
            "; ".join(f"{y}: {v}" for y, v in before.get(name, {}).items()) or None,
            "; ".join(f"{y}: {v}" for y, v in after.get(name, {}).items()) or None,
        ]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }
    audit(
        organisation=case.organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        changes={"evidence": [None, _("Ny evidens godkendt")], **changes},
    )
    return case


def _check_upload(upload) -> tuple[str, int]:
    content_type = getattr(upload, "content_type", "") or ""
    size = getattr(upload, "size", 0) or 0
    extension = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
    if content_type not in ALLOWED_CONTENT_TYPES or extension not in EXTENSIONS[content_type]:
        raise ServiceError(
            errors={
                "file": [
                    _(
                        "Filtypen er ikke tilladt. Vedhæft et dokument (PDF, Word, PowerPoint, Excel) eller et billede (PNG, JPEG)."
                    )
                ]
            }
        )
    if size > MAX_ATTACHMENT_BYTES:
        raise ServiceError(
            errors={
                "file": [
                    _("Filen er for stor (%(mb)s MB); højst 10 MB.")
                    % {"mb": round(size / 1024 / 1024, 1)}
                ]
            }
        )
    head = upload.read(8)
    upload.seek(0)
    signatures = {
        "application/pdf": b"%PDF",
        "image/png": b"\x89PNG",
        "image/jpeg": b"\xff\xd8\xff",
    }
    expected = signatures.get(content_type)
    if expected and not head.startswith(expected):
        raise ServiceError(
            errors={
                "file": [
                    _("Filens indhold passer ikke til filtypen %(t)s.")
                    % {"t": ALLOWED_CONTENT_TYPES[content_type]}
                ]
            }
        )
    if content_type.startswith("application/vnd.openxmlformats") and not head.startswith(b"PK"):
        raise ServiceError(
            errors={
                "file": [
                    _("Filens indhold passer ikke til filtypen %(t)s.")
                    % {"t": ALLOWED_CONTENT_TYPES[content_type]}
                ]
            }
        )
    return content_type, size


@transaction.atomic
def media_add(*, case: Case, actor, kind: str, title: str, url: str = "", upload=None) -> CaseMedia:
    _require_owner(actor, case)
    errors: dict[str, list[str]] = {}
    if kind not in MediaKind.values:
        errors["kind"] = [_("Vælg en type.")]
    if not (title or "").strip():
        errors["title"] = [_("Giv mediet en titel.")]
    elif _HTML.search(title):
        errors["title"] = [
            _("Teksten må ikke indeholde HTML-koder som <script>; skriv almindelig tekst.")
        ]
    if kind in {MediaKind.VIDEO, MediaKind.LINK}:
        if not url or not re.match(r"^https?://", url):
            errors["url"] = [_("Skriv en webadresse, der begynder med https://.")]
    if errors:
        raise ServiceError(errors=errors)
    media = CaseMedia(
        case=case,
        kind=kind,
        title=title.strip(),
        url=url if kind != MediaKind.FILE else "",
        order=case.media.count() + 1,
    )
    if kind == MediaKind.FILE:
        if upload is None:
            raise ServiceError(errors={"file": [_("Vælg en fil.")]})
        media.content_type, media.size = _check_upload(upload)
        media.file.save(upload.name, upload, save=False)
    validated(media, exclude=["case", "file"])
    media.save()
    audit(
        organisation=case.organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=media,
        root=case,
        changes={"title": [None, media.title], "kind": [None, media.get_kind_display()]},
    )
    return media


@transaction.atomic
def consent_add(
    *, case: Case, actor, person: str, given_on: dt.date, media: list[CaseMedia]
) -> Consent:
    _require_owner(actor, case)
    if not (person or "").strip():
        raise ServiceError(
            errors={"person": [_("Skriv hvem samtykket er fra (navn eller rolle).")]}
        )
    if _HTML.search(person):
        raise ServiceError(
            errors={
                "person": [
                    _("Teksten må ikke indeholde HTML-koder som <script>; skriv almindelig tekst.")
                ]
            }
        )
    if given_on > timezone.localdate():
        raise ServiceError(errors={"given_on": [_("Datoen ligger i fremtiden.")]})
    if not media or any(m.case_id != case.pk for m in media):
        raise ServiceError(errors={"media": [_("Vælg de medier fra casen, samtykket dækker.")]})
    consent = Consent.objects.create(
        case=case,
        person=person.strip(),
        given_on=given_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    consent.media.set(media)
    audit(
        organisation=case.organisation,
        actor=actor,
        action=AuditAction.CREATE,
        obj=consent,
        root=case,
        changes={
            "person": [None, consent.person],
            "media": [None, ", ".join(m.title for m in media)],
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor, on: dt.date | None = None) -> Consent:
    """Withdraw a consent: the media it covers are hidden at once (see selectors.visible_media)."""
    case = consent.case
    _require_owner(actor, case)
    if consent.withdrawn_on is not None:
        raise ServiceError(_("Samtykket er allerede trukket tilbage."))
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit(
        organisation=case.organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=consent,
        root=case,
        changes={"withdrawn_on": [None, consent.withdrawn_on.isoformat()]},
    )
    return consent
