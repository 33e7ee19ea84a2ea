"""User-facing text in the service layer goes through Django's translation catalogue.

A static check: each module below is parsed, and every Chinese string literal must be the message
of a gettext call, a docstring, or on the short allow-list. Messages must use named placeholders
(%(name)s) so that translators get whole sentences, and f-strings can never be messages.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "kechuang"

MODULES = sorted({
    *(f"plans/{name}.py" for name in (
        "services", "api", "importers", "exporters", "reports", "access", "schemas", "forms", "metrics",
    )),
    # supervision/numbering.py is left out: plain Python, its Chinese is the outline's numbering (一 → (一)).
    *(f"supervision/{name}.py" for name in ("services", "api", "access", "reminders", "schemas", "forms")),
    *(f"core/{name}.py" for name in ("services", "importing", "importers", "uploads", "api", "access")),
    "api.py",
    "core/management/base.py",
    *(str(path.relative_to(PACKAGE)) for app in ("core", "plans", "supervision", "ingest")
      for path in (PACKAGE / app / "management" / "commands").glob("*.py")),
})

# Chinese literals that are not messages. Keep this short: each entry says why it is not UI text.
ALLOWED = {
    # The East Asian font face written into the Word report's styles.
    ("plans/reports.py", "宋体"),
    # Separators accepted when parsing the years a user types, not text shown to anyone.
    ("plans/forms.py", r"[、,，;；\s]+"),
}

GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
# CJK punctuation and ideographs, and full-width forms; U+3000 (the full-width space used for indents) is left out.
CHINESE = re.compile(r"[\u3001-\u303f\u4e00-\u9fff\uff00-\uffef]")
# A printf conversion without a name, once %% and %(name)… are taken out.
POSITIONAL_PLACEHOLDER = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
NAMED_OR_ESCAPED = re.compile(r"%%|%\([^)]*\)")


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def violations(source: str) -> list[tuple[int, str]]:
    """(line, problem) for each Chinese literal outside gettext, f-string message or positional placeholder."""
    tree = ast.parse(source)
    translated: set[int] = set()
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) in GETTEXT:
            for argument in node.args:
                translated.add(id(argument))
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    if POSITIONAL_PLACEHOLDER.search(NAMED_OR_ESCAPED.sub("", argument.value)):
                        problems.append((argument.lineno, f"positional placeholder: {argument.value!r}"))
                elif not isinstance(argument, ast.Constant):
                    problems.append((argument.lineno, "the message is not a string literal"))
    skipped = translated | _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            # The literal parts of an f-string are never messages; its expressions are checked on their own.
            text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
            if CHINESE.search(text):
                problems.append((node.lineno, f"f-string: {text!r}"))
            skipped.update(id(part) for part in node.values if isinstance(part, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            if CHINESE.search(node.value):
                problems.append((node.lineno, node.value))
    return problems


def test_it_flags_what_the_rule_forbids():
    assert violations('raise ValueError("退回需要填写原因。")') == [(1, "退回需要填写原因。")]
    assert violations('title = f"待审核：{name}"')[0][1].startswith("f-string")
    assert violations('title = _(f"待审核：{name}")')  # an f-string inside gettext is still an f-string
    assert violations('title = _("待审核：%s") % name')[0][1].startswith("positional placeholder")
    assert violations('title = _("待审核：%(name)s，完成 100%%") % {"name": name}') == []
    assert violations('def f():\n    """说明。"""\n    return gettext_lazy("标签")') == []
    assert violations('x = "ascii only"') == []


@pytest.mark.parametrize("module", MODULES)
def test_it_sends_every_message_through_gettext(module):
    source = (PACKAGE / module).read_text(encoding="utf-8")
    found = [(line, text) for line, text in violations(source) if (module, text) not in ALLOWED]
    assert found == [], f"{module}: Chinese text outside gettext (line, text): {found}"


def test_it_keeps_the_allow_list_honest():
    """Every allow-listed literal is still there, so the list cannot silently grow stale."""
    for module, text in ALLOWED:
        assert module in MODULES
        assert (module, text) in {(module, found) for _line, found in violations((PACKAGE / module).read_text())}
