"""Shared by the ``importdata`` and ``exportdata`` commands."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from indsats.organisations.models import Organisation


def organisation_or_error(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        known = ", ".join(
            Organisation.objects.order_by("slug").values_list("slug", flat=True)
        ) or _("ingen")
        raise CommandError(
            _("Organisationen »%(slug)s« findes ikke. Kendte: %(known)s.")
            % {"slug": slug, "known": known}
        )
    return organisation


def kind_or_error(kind: str, registry: dict):
    """The registry entry for ``kind``; an unknown kind is refused with the known ones listed."""
    if kind not in registry:
        known = ", ".join(f"{name} ({entry.description})" for name, entry in registry.items())
        raise CommandError(
            _("Ukendt type »%(kind)s«. Kendte typer: %(known)s.") % {"kind": kind, "known": known}
        )
    return registry[kind]
