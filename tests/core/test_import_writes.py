"""core.transfer.import_writes, the one frame every file import writes in (budget, indicators,
status texts, student totals, catalogue, cases): all or nothing, one IMPORT record in the
history read after the writes, and a dry run rolled back once counted."""

from __future__ import annotations

import pytest

from indsats.casebank.models import Tag
from indsats.core.models import AuditAction, AuditLog
from indsats.core.transfer import import_writes

pytestmark = pytest.mark.django_db


def _import(org, actor, *, dry_run=False, fail=False, record=True):
    counted = {"tags": 0}
    with import_writes(
        organisation=org,
        actor=actor,
        object_type="tags",
        object_repr="Emner fra emner.xlsx",
        changes=lambda: {"created": [None, counted["tags"]]} if record else None,
        dry_run=dry_run,
    ):
        for name in ("Rekruttering", "Fastholdelse"):
            Tag.objects.create(kind="theme", name=name)
            counted["tags"] += 1
        if fail:
            raise ValueError("række 3 er forkert")
    return counted


def test_the_writes_and_one_history_record_counted_after_them(org, admin_user):
    assert _import(org, admin_user) == {"tags": 2}
    assert Tag.objects.count() == 2
    (record,) = AuditLog.objects.filter(action=AuditAction.IMPORT)
    assert (record.object_type, record.object_id, record.object_repr) == (
        "tags",
        str(org.pk),
        "Emner fra emner.xlsx",
    )
    assert record.changes == {"created": [None, 2]}


def test_a_dry_run_counts_and_writes_nothing(org, admin_user):
    assert _import(org, admin_user, dry_run=True) == {"tags": 2}
    assert not Tag.objects.exists()
    assert not AuditLog.objects.filter(action=AuditAction.IMPORT).exists()


def test_a_failure_half_way_leaves_nothing(org, admin_user):
    with pytest.raises(ValueError):
        _import(org, admin_user, fail=True)
    assert not Tag.objects.exists()
    assert not AuditLog.objects.filter(action=AuditAction.IMPORT).exists()


def test_no_record_when_the_import_says_there_is_nothing_to_record(org, admin_user):
    _import(org, admin_user, record=False)
    assert Tag.objects.count() == 2
    assert not AuditLog.objects.filter(action=AuditAction.IMPORT).exists()
