"""Who reaches student-level records: members granted student-data access
(``Membership.can_see_students``). Everyone else gets 403 there and sees aggregates only.
Every view of records is written to the audit log (``audit_view``)."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from indsats.core.access import org_view
from indsats.core.models import AuditAction
from indsats.core.services import audit


def student_data_view(roles=None):
    """``org_view`` plus 403 unless the member may see student-level records (and, with
    ``roles``, has one of them)."""

    def decorator(view):
        @wraps(view)
        def checked(request, org, *args, **kwargs):
            if not request.membership.can_see_students:
                raise PermissionDenied
            return view(request, org, *args, **kwargs)

        return org_view(roles=roles)(checked)

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
