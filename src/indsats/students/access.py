"""Who reaches student-level records: members granted student-data access
(``Membership.can_see_students``). Everyone else gets 403 there and sees aggregates only.
Every view of records is written to the audit log (``audit_view``)."""

from __future__ import annotations

import hashlib
import hmac
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied

from indsats.core.access import org_view, role_permits
from indsats.core.models import AuditAction
from indsats.core.services import _actor_name, audit


def student_data_view(roles=None):
    """``org_view`` plus 403 unless the member may see student-level records (and, with
    ``roles``, has one of them)."""

    by_role = role_permits(roles)

    def permits(request, method: str = "GET") -> bool:
        return by_role(request, method) and request.membership.can_see_students

    def decorator(view):
        @wraps(view)
        def checked(request, org, *args, **kwargs):
            if not request.membership.can_see_students:
                raise PermissionDenied
            return view(request, org, *args, **kwargs)

        guarded = org_view(roles=roles)(checked)
        guarded.permits = permits
        return guarded

    return decorator


def audit_view(
    request, *, object_type: str, object_id="", object_repr: str = "", changes=None
) -> None:
    """Record that the user saw student-level records. ``object_repr`` and ``changes`` carry
    no personal data: what kind of view, which filters, how many records."""
    audit(
        organisation=request.organisation,
        actor=request.user if request.user.is_authenticated else None,
        action=AuditAction.VIEW,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes or {},
    )


def can_see_students(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.can_see_students


def key_hash(organisation, key: str) -> str:
    """A salted hash of a student key (HMAC with the installation's secret key and the
    organisation): the access log and the audit log name a student by it, so a deleted
    student's key is never kept in clear, while the log can still be searched by key."""
    message = f"{organisation.pk}:{key.strip()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def pseudonym(digest: str) -> str:
    """How a student known only by hash is shown: »elev #3fa2c1d0«."""
    return f"#{digest[:8]}"


def record_access(*, organisation, actor, keys, kind: str) -> int:
    """Write one access-log row per student key (bulk; one query per 2000 students)."""
    from .models import StudentAccess

    actor_id = actor.pk if getattr(actor, "pk", None) else None
    name = _actor_name(actor)
    rows = [
        StudentAccess(
            organisation=organisation,
            actor_id=actor_id,
            actor_name=name,
            key_hash=key_hash(organisation, key),
            kind=kind,
        )
        for key in keys
    ]
    StudentAccess.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
