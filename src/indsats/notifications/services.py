"""Writes for notifications: a user's choices."""

from django.db import transaction

from indsats.core.services import AuditAction, ServiceError, audit

from .models import MailKind, MailPreference


@transaction.atomic
def mail_preference_set(*, user, language: str, wanted) -> MailPreference:
    """Store the language of a user's e-mails and the kinds they want (the rest are opted out)."""
    if language not in {"da", "en"}:
        raise ServiceError(errors={"language": ["Vælg dansk eller engelsk."]})
    wanted = set(wanted)
    opted_out = [k for k in MailKind.values if k not in wanted]
    pref, _created = MailPreference.objects.get_or_create(user=user)
    before = {"language": pref.language, "opted_out": list(pref.opted_out)}
    pref.language = language
    pref.opted_out = opted_out
    pref.save()
    audit(
        organisation=None,
        actor=user,
        action=AuditAction.UPDATE,
        obj=pref,
        changes={
            "language": [before["language"], language],
            "opted_out": [before["opted_out"], opted_out],
        },
    )
    return pref
