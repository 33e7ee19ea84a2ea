"""Dependencies run one way: core ← plans ← every other app.

A lower app imports nothing of a higher one (not even inside a function) and names none of its
templates, static files or URLs; higher apps reach into lower ones through their registries
(core.navigation, plans.metrics, plans.sections).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kechuang"
APPS = sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))
LOWER = {"core": set(), "plans": {"core"}}


def _higher(app: str) -> set[str]:
    return set(APPS) - LOWER[app] - {app}


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_it_knows_the_apps():
    assert {"core", "plans", "supervision", "ingest"} <= set(APPS)


@pytest.mark.parametrize("app", sorted(LOWER))
def test_a_lower_app_imports_nothing_from_a_higher_one(app):
    forbidden = tuple(f"kechuang.{higher}" for higher in _higher(app))
    offending = {
        str(path.relative_to(PACKAGE)): sorted(m for m in _imported_modules(path) if m.startswith(forbidden))
        for path in (PACKAGE / app).rglob("*.py")
    }
    assert {path: modules for path, modules in offending.items() if modules} == {}


@pytest.mark.parametrize("app", sorted(LOWER))
def test_a_lower_app_names_no_template_static_file_or_url_of_a_higher_one(app):
    # 'supervision/partials/…', "supervision/charts.js", 'supervision:task_list'
    names = "|".join(sorted(_higher(app)))
    reference = re.compile(rf"""["'](?:{names})[:/]""")
    offending = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / app).rglob("*")
        if path.suffix in {".py", ".html", ".js"} and "migrations" not in path.parts
        and reference.search(path.read_text(encoding="utf-8"))
    ]
    assert offending == []


def test_the_check_would_catch_a_function_local_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from kechuang.supervision.selectors import task_rows\n", encoding="utf-8")
    assert "kechuang.supervision.selectors" in _imported_modules(sample)
