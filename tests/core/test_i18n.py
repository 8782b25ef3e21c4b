"""The UI is Danish by default and English when the user picks English; the English catalogue
is complete, has no fuzzy entries, keeps every placeholder, and the committed .mo matches the
.po."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import indsats

SRC = Path(indsats.__file__).resolve().parent
PO = SRC / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr (index -> text), flags. Obsolete
    (``#~``) entries are returned with ``obsolete=True``."""
    entries = []
    entry: dict | None = None
    last = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, last = None, None
            continue
        if entry is None:
            entry = {"msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
            entry["obsolete"] = False
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif m := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line):
            key, index, text = m.group(1), m.group(2), ast.literal_eval(m.group(3))
            if key.startswith("msgstr"):
                last = ("msgstr", int(index or 0))
                entry["msgstr"][last[1]] = text
            else:
                last = (key, None)
                entry[key] = text
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if last[0] == "msgstr":
                entry["msgstr"][last[1]] += text
            else:
                entry[last[0]] += text
        else:
            raise AssertionError(f"Unexpected line in {path.name}: {line!r}")
    return entries


@pytest.fixture(scope="module")
def entries():
    return [e for e in parse_po(PO) if not e["obsolete"] and e["msgid"]]


def test_catalogue_is_complete_and_not_fuzzy(entries):
    assert len(entries) > 300
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert fuzzy == []
    assert untranslated == []
    plurals = [e for e in entries if e["msgid_plural"] is not None]
    assert plurals
    assert all(sorted(e["msgstr"]) == [0, 1] for e in plurals)


def test_translations_keep_their_placeholders(entries):
    wrong = []
    for e in entries:
        if "no-python-format" in e["flags"]:
            continue
        wanted = sorted(PLACEHOLDER.findall(e["msgid"]))
        for text in e["msgstr"].values():
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((e["msgid"], text))
    assert wrong == []


def test_compiled_catalogue_matches_the_po(entries):
    """The committed .mo is compiled from the committed .po (fresh machines may lack msgfmt)."""
    assert MO.exists()
    with translation.override("en"):
        for e in entries:
            if e["msgid_plural"] is None:
                assert translation.gettext(e["msgid"]) == e["msgstr"][0]
            else:
                one = translation.ngettext(e["msgid"], e["msgid_plural"], 1)
                many = translation.ngettext(e["msgid"], e["msgid_plural"], 2)
                assert (one, many) == (e["msgstr"][0], e["msgstr"][1])


def _source_msgids() -> set[str]:
    """Literal msgids in the source: gettext calls in Python, {% translate "…" %} in templates."""
    found = set()
    names = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in names
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    tag = re.compile(r"""{%\s*(?:translate|trans)\s+(?:"([^"]*)"|'([^']*)')""")
    for path in SRC.rglob("*.html"):
        for m in tag.finditer(path.read_text(encoding="utf-8")):
            found.add(m.group(1) if m.group(1) is not None else m.group(2))
    return found


def test_every_literal_msgid_in_the_source_is_in_the_catalogue(entries):
    """Run makemessages -l en, translate and compilemessages after adding UI text."""
    catalogue = {e["msgid"] for e in entries}
    missing = sorted(_source_msgids() - catalogue)
    assert missing == []


@pytest.mark.django_db
def test_danish_by_default_english_after_the_language_switch(client, org, reader):
    client.force_login(reader)
    overview = reverse("initiatives:prioritisation", kwargs={"org": org.slug})
    catalogue = reverse("initiatives:list", kwargs={"org": org.slug})

    page = client.get(overview).content.decode()
    assert '<html lang="da">' in page
    assert "Prioriteringsoversigt</h1>" in page
    assert "Prioritisation overview" not in page
    page = client.get(catalogue).content.decode()
    assert ">Indsatser</h1>" in page

    response = client.post(reverse("set_language"), {"language": "en", "next": overview})
    assert response.status_code == 302
    assert response["Location"] == overview

    page = client.get(overview).content.decode()
    assert '<html lang="en">' in page
    assert "Prioritisation overview</h1>" in page
    assert "Prioriteringsoversigt" not in page
    assert "Budget year" in page
    page = client.get(catalogue).content.decode()
    assert ">Initiatives</h1>" in page
    assert "Search and filter initiatives" in page

    client.post(reverse("set_language"), {"language": "da", "next": catalogue})
    assert ">Indsatser</h1>" in client.get(catalogue).content.decode()
