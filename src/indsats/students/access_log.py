"""The student-data access log: who saw or exported which student's record, when. Read by
administrators (per student key, per user, per period), on screen and as CSV."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indsats.core.transfer import Column, Sheet

from .access import key_hash, pseudonym
from .models import Student, StudentAccess


@dataclass(frozen=True)
class AccessFilters:
    key: str = ""
    user: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def from_params(cls, params) -> AccessFilters:
        def day(name):
            try:
                return dt.date.fromisoformat(params.get(name, "") or "")
            except ValueError:
                return None

        return cls(
            key=(params.get("noegle", "") or "").strip()[:64],
            user=(params.get("bruger", "") or "").strip()[:150],
            since=day("fra"),
            until=day("til"),
        )


def access_log(organisation, filters: AccessFilters):
    qs = StudentAccess.objects.filter(organisation=organisation)
    if filters.key:
        qs = qs.filter(key_hash=key_hash(organisation, filters.key))
    if filters.user:
        qs = qs.filter(actor_name__icontains=filters.user) | qs.filter(
            actor__username__iexact=filters.user
        )
    tz = timezone.get_current_timezone()
    if filters.since:
        qs = qs.filter(at__gte=dt.datetime.combine(filters.since, dt.time.min, tzinfo=tz))
    if filters.until:
        qs = qs.filter(
            at__lt=dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        )
    return qs.select_related("actor").order_by("-at", "-id")


def keys_by_hash(organisation, *, show_keys: bool) -> dict[str, str]:
    """hash → key for the organisation's current students (only for members who may see
    keys); a deleted student is shown by pseudonym."""
    if not show_keys:
        return {}
    keys = Student.objects.filter(organisation=organisation).values_list("key", flat=True)
    return {key_hash(organisation, key): key for key in keys}


def student_label(digest: str, keys: dict[str, str]) -> str:
    return keys.get(digest) or pseudonym(digest)


ACCESS_SHEET = Sheet(
    title="adgangslog",
    columns=(
        Column("at", _("Tidspunkt")),
        Column("user", _("Bruger")),
        Column("kind", _("Handling")),
        Column("student", _("Elev")),
    ),
)


def access_rows(entries, keys: dict[str, str]) -> list[dict]:
    tz = timezone.get_current_timezone()
    return [
        {
            "at": e.at.astimezone(tz).strftime("%d-%m-%Y %H:%M:%S"),
            "user": e.actor.username if e.actor else e.actor_name,
            "kind": str(e.get_kind_display()),
            "student": student_label(e.key_hash, keys),
        }
        for e in entries
    ]
