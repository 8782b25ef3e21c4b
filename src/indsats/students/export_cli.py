"""``indsats export students``: the export written to the audit and access logs, like an
export in the browser."""

from __future__ import annotations

import getpass

from django.db import transaction
from django.utils.translation import gettext as _

from indsats.core.models import AuditAction
from indsats.core.services import audit

from .access import record_access
from .models import AccessKind, Student
from .transfer import student_export


def student_export_from_command_line(organisation) -> bytes:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "?"
    actor = _("kommandolinjen (%(user)s)") % {"user": who}
    data = student_export(organisation)
    with transaction.atomic():
        keys = list(Student.objects.filter(organisation=organisation).values_list("key", flat=True))
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.VIEW,
            object_type="student_list",
            object_id=organisation.pk,
            object_repr=_("Eksport af elevdata på kommandolinjen"),
            changes={"format": "xlsx", "students": len(keys)},
        )
        record_access(organisation=organisation, actor=actor, keys=keys, kind=AccessKind.CLI)
    return data
