"""The calculation core stays plain Python: it is shared by views, reports, imports and the API
and must run (and be tested) without Django."""

import ast
from pathlib import Path

import indsats.calc

CALC_DIR = Path(indsats.calc.__file__).parent


def django_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [f"{path.name}:{node.lineno} {n}" for n in names if n.split(".")[0] == "django"]
    return found


def test_no_module_in_the_calculation_core_imports_django():
    modules = sorted(CALC_DIR.rglob("*.py"))
    assert len(modules) >= 2, f"no calculation modules found under {CALC_DIR}"
    offenders = [hit for path in modules for hit in django_imports(path)]
    assert offenders == [], "calc must not import Django: " + ", ".join(offenders)


def test_the_django_import_check_recognises_every_import_form(tmp_path):
    source = tmp_path / "bad.py"
    source.write_text(
        "import os\nimport django\nfrom django.db import models\nimport django.utils.timezone as tz\n"
        "from .danish import format_kr\n",
        encoding="utf-8",
    )
    assert django_imports(source) == [
        "bad.py:2 django",
        "bad.py:3 django.db",
        "bad.py:4 django.utils.timezone",
    ]
