"""Shared write helpers: the audit record and optimistic locking.

Every service that changes data calls ``audit`` inside its transaction, so the change and its
audit record are committed together or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import AuditAction, AuditLog


class ServiceError(Exception):
    """A rule was broken. ``errors`` maps field names ('' for the whole object) to Danish
    messages."""

    def __init__(self, message: str = "", errors: dict[str, list[str]] | None = None):
        self.errors = errors or ({"": [message]} if message else {})
        super().__init__(message or "; ".join(m for ms in self.errors.values() for m in ms))

    @property
    def messages(self) -> list[str]:
        return [m for ms in self.errors.values() for m in ms]


class ConflictError(ServiceError):
    """Somebody else saved the object after the user opened it."""


class PermissionDeniedError(ServiceError):
    pass


class InUseError(ServiceError):
    """The object cannot be deleted: something else depends on it (the message names what)."""


def in_use_message(noun: str, dependents) -> str:
    """Why ``noun`` (»Indikatoren »Fravær««) cannot be deleted, naming up to five of the
    objects that depend on it or on something deleting it would delete."""
    dependents = list(dependents)
    names = [f"{capfirst(d._meta.verbose_name)} »{d}«" for d in dependents[:5]]
    if len(dependents) > 5:
        names.append(_("%(n)d flere") % {"n": len(dependents) - 5})
    return _(
        "%(noun)s kan ikke slettes, fordi andet bygger på det: %(names)s. Fjern eller ret først det, og prøv igen. Intet er slettet."
    ) % {"noun": noun, "names": ", ".join(names)}


def delete_unless_used(obj: models.Model, *, noun: str) -> None:
    """Delete ``obj``, or raise InUseError naming what depends on it (a protected reference)
    instead of letting the database error end as a 500."""
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        dependents = getattr(exc, "protected_objects", None) or getattr(
            exc, "restricted_objects", ()
        )
        raise InUseError(in_use_message(noun, dependents)) from None


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The object's field values, readable in an audit record (foreign keys as their text)."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        if f.name in {"id", "created_at", "updated_at", "organisation"}:
            continue
        if f.is_relation:
            related = getattr(obj, f.name)
            # A person by name (»Lars Leder«), not by user name.
            name = related.get_full_name() if hasattr(related, "get_full_name") else ""
            data[f.name] = (name or str(related)) if related is not None else None
        else:
            value = getattr(obj, f.attname)
            if isinstance(f, models.DecimalField) and value is not None:
                # The same amount reads the same before (from the database, 403000.00) and
                # after (as passed in, 403000), so an unchanged amount is not a change.
                value = Decimal(value).quantize(Decimal(1).scaleb(-f.decimal_places))
            data[f.name] = jsonable(value)
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = list(dict.fromkeys([*before, *after]))
    return {
        k: [before.get(k), after.get(k)]
        for k in keys
        if k != "version" and before.get(k) != after.get(k) and (before.get(k) or after.get(k))
    }


# Audited actions that change an organisation's data (not views and logins).
CHANGING_ACTIONS = {AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.IMPORT}


def bump_data_version(organisation) -> None:
    """Count one more change of the organisation's data, in the caller's transaction. The
    UPDATE locks the organisation's row until the change commits, so the counter grows in
    commit order: a report file made for version N holds every change counted up to N."""
    from django.db.models import F

    from indsats.organisations.models import Organisation

    pk = getattr(organisation, "pk", organisation)
    Organisation.objects.filter(pk=pk).update(data_version=F("data_version") + 1)


def audit(
    *,
    organisation,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: Any = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    root: models.Model | None = None,
) -> AuditLog:
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    root = root if root is not None else obj
    if organisation is not None and action in CHANGING_ACTIONS:
        bump_data_version(organisation)
    return AuditLog.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_actor_name(actor),
        action=action,
        object_type=object_type or "",
        object_id=str(object_id),
        object_repr=object_repr[:300],
        root_type=root._meta.model_name if root is not None else "",
        root_id=str(root.pk) if root is not None else "",
        changes=jsonable(changes or {}),
    )


def _actor_name(actor) -> str:
    if actor is None:
        return _("system")
    if isinstance(actor, str):
        return actor
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return full or getattr(actor, "username", "") or str(actor)


def state_of(obj: models.Model, fields: list[str]) -> str:
    """A short fingerprint of ``fields`` of ``obj`` as stored, for objects without a version
    number: a form carries it back, and require_unchanged() refuses a save when the object has
    changed meanwhile."""
    values = sorted((k, repr(v)) for k, v in snapshot(obj, fields).items())
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:20]


def require_unchanged(obj: models.Model, fields: list[str], expected: str | None) -> None:
    """Raise ConflictError when ``obj`` as stored is no longer what the user saw (``expected``
    from state_of() when the form was opened; None: no check, e.g. the API or the CLI)."""
    if expected is None or obj.pk is None:
        return
    stored = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if stored is None or state_of(stored, fields) != expected:
        raise ConflictError(
            _(
                "%(obj)s er blevet ændret af en anden, efter du åbnede den. Dine ændringer er "
                "ikke gemt, men står stadig i formularen: sammenlign med den gemte udgave og "
                "gem igen."
            )
            % {"obj": str(stored) if stored is not None else str(obj)}
        )


def save_versioned(obj: models.Model, *, expected_version: int | None, fields: list[str]) -> None:
    """Save ``fields`` of a Versioned object only if nobody saved it since ``expected_version``.

    Raises ConflictError (and writes nothing) when the stored version has moved on.
    """
    model = type(obj)
    if expected_version is None:
        expected_version = obj.version
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        **{f: getattr(obj, f) for f in fields},
        version=models.F("version") + 1,
        updated_at=dt.datetime.now(dt.UTC),
    )
    if updated == 0:
        stored = model._default_manager.filter(pk=obj.pk).first()
        raise ConflictError(
            _(
                "%(obj)s er blevet ændret af en anden, efter du åbnede den. Dine ændringer er "
                "ikke gemt, men står stadig i formularen: sammenlign med den gemte udgave og "
                "gem igen."
            )
            % {"obj": str(stored) if stored is not None else str(obj)}
        )
    obj.version = expected_version + 1


__all__ = [
    "AuditAction",
    "ConflictError",
    "PermissionDeniedError",
    "ServiceError",
    "audit",
    "diff",
    "save_versioned",
    "snapshot",
]
