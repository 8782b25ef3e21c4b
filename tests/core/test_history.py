"""History in people's words: every audit record of the demo, through the one formatter
(core.history), reads without internal codes, Python reprs, ISO dates or field names; the
initiative page and the API's history endpoint say the same."""

import html
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation

from indsats.core import history
from indsats.core.history import OBJECT_NOUNS
from indsats.core.models import AuditLog
from indsats.initiatives.models import Initiative
from indsats.organisations import services as org_services

REPR = re.compile(
    r"Decimal\(|datetime\.|\bNone\b|\bTrue\b|\bFalse\b|\{'|\['|'\]|\"\]|[a-z_]=\S|(?<![\w.])@[a-z_]+\b"
)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
RAW_DECIMAL = re.compile(r"^-?\d+\.\d+$")
# 95.0 (not 5.000, a Danish thousands point; not »1.10« or »2.2 → 2.1«, codes)
POINT_FIGURE = re.compile(r"(?<![»\w.])(?<!→ )\d+\.(?!\d{3}\b)\d+(?![\w.])")
# Fields whose values are codes people type (»1.10«), not numbers.
CODE_FIELDS = {"code", "requires", "name", "title", "text", "published", "initiatives"}


def _choice_keys() -> set[str]:
    """Every stored choice key whose label says something else (``separate``, ``yearly``)."""
    keys = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for key, label in getattr(field, "flatchoices", None) or ():
                if isinstance(key, str) and key and key != str(label):
                    keys.add(key)
    return keys


def _field_names() -> set[str]:
    names = set()
    for model in apps.get_models():
        names.update(f.name for f in model._meta.get_fields())
    for row in AuditLog.objects.all():
        names.update(row.changes or {})
    return names


def problems_in(rows) -> list[str]:
    """What is not in people's words in the history of ``rows`` (empty: nothing)."""
    rows = list(rows)
    keys, names = _choice_keys(), _field_names()
    found = []
    for row, entry in zip(rows, history.history_entries(rows), strict=True):
        where = f"{row.object_type} #{row.object_id} ({entry.what})"
        for text in (entry.when, entry.action, entry.what):
            if REPR.search(text) or ISO_DATE.search(text):
                found.append(f"{where}: {text!r}")
        # A figure in the object's name written the Danish way (a code like »1.10« leads it).
        if POINT_FIGURE.search(entry.what):
            found.append(f"{where}: {entry.what!r} has a decimal point")
        for change in entry.changes:
            if "_" in change.label or change.label in names:
                found.append(f"{where}: field name {change.label!r}")
            raw = (row.changes or {}).get(change.field)
            raw_values = raw if isinstance(raw, list) and len(raw) == 2 else [None, raw]
            for shown, stored in zip((change.before, change.after), raw_values, strict=True):
                said = f"{where}: {change.label} = {shown!r}"
                if shown in keys or any(part in keys for part in shown.split(", ")):
                    found.append(f"{said} is a choice key")
                if REPR.search(shown):
                    found.append(f"{said} looks like Python")
                if ISO_DATE.search(shown):
                    found.append(f"{said} has an ISO date")
                if (
                    isinstance(stored, str)
                    and RAW_DECIMAL.match(stored)
                    and change.field not in CODE_FIELDS
                    and shown == stored
                ):
                    found.append(f"{said} has a decimal point")
                if isinstance(stored, bool) and shown in ("True", "False"):
                    found.append(f"{said} is a bool")
    return found


@pytest.fixture
def demo(db):
    from indsats.demo.loader import load_all

    return load_all()


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_history_row_of_the_demo_reads_in_peoples_words(demo, language):
    rows = AuditLog.objects.all()
    assert rows.count() > 1000
    assert {r.organisation.slug for r in rows if r.organisation} >= {
        "ballerup",
        "frederikssund",
        "kl",
    }
    # Every kind of record has a name people use.
    assert {r.object_type for r in rows} - set(OBJECT_NOUNS) == set()
    with translation.override(language):
        assert problems_in(rows) == []


def test_the_scan_fails_when_the_formatter_is_bypassed(db, monkeypatch):
    """The scan sees what a history without the formatter would show."""
    rows = [
        AuditLog(
            object_type="initiative",
            object_id="1",
            root_type="initiative",
            root_id="1",
            action="update",
            changes={"funding": ["separate", "operations"], "end_year": [None, 2024]},
        ),
        AuditLog(
            object_type="costline",
            object_id="2",
            root_type="initiative",
            root_id="1",
            action="create",
            changes={
                "category": [None, "release_time"],
                "stated_amount": [None, "403000.00"],
                "factors": [None, ["timer_pr_md=5.5 timer"]],
            },
        ),
        AuditLog(
            object_type="parameter",
            object_id="3",
            action="create",
            changes={"valid_from": [None, "2020-01-01"], "value": [None, "201.60"]},
        ),
    ]
    for row in rows:
        row.at = timezone.now()
    assert problems_in(rows) == []
    monkeypatch.setattr(history, "format_value", lambda row, name, value, context: str(value))
    found = problems_in(rows)
    assert len(found) >= 5, found
    assert any("choice key" in p for p in found)
    assert any("Python" in p for p in found)
    assert any("ISO date" in p for p in found)
    assert any("decimal point" in p for p in found)


def _demo_login(client: Client, org) -> None:
    client.force_login(get_user_model().objects.get(username="demo"))


def test_initiative_1_1_history_page_and_api_say_the_same(demo, client):
    ballerup = next(o for o in demo if o.slug == "ballerup")
    initiative = Initiative.objects.get(organisation=ballerup, code="1.1")
    _demo_login(client, ballerup)
    page = client.get(f"/o/{ballerup.slug}/indsatser/{initiative.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    shown = html.unescape(text[text.index('id="historik"') :])
    for code in ("release_time", "yearly", "separate", "proposed", "timer_pr_md", "['"):
        assert code not in shown
    assert not ISO_DATE.search(shown)
    # The form's labels and the choice labels.
    assert "Kategori" in shown and "Gentagelse" in shown
    assert "Frikøb" in shown

    user = get_user_model().objects.get(username="demo")
    _, token = org_services.api_token_create(actor=user, organisation=ballerup, name="historik")
    answer = client.get(
        f"/api/v1/initiatives/{initiative.pk}/history",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 200
    entries = answer.json()
    assert entries
    for entry in entries:
        assert entry["when"] in shown
        for change in entry["changes"]:
            assert f"<strong>{change['label']}</strong>:" in shown
            if len(change["after"]) < 100:
                assert change["after"] in shown
