"""User-facing text goes through Django's translation catalogue.

A static check: every module of every app is parsed (but the few EXCLUDED ones), and every Chinese
string literal must be the message of a gettext call, a docstring, or on the short allow-list.
Messages must use named placeholders (%(name)s) so that translators get whole sentences, and
f-strings can never be messages. Plain-Python modules (no Django) give message codes instead
(kechuang.core.codes); every code they use must have its Chinese text in a catalogue, and every
text in a catalogue must be used.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "kechuang"

# Every module of every app is checked, but these. Each says why its Chinese is not UI text.
EXCLUDED = {
    # The extractor parses Chinese plan documents: its literals are patterns and vocabulary of the
    # source text. Its one user-facing module, readers.py, is checked (its errors are message codes).
    **{f"ingest/extract/{name}.py": "patterns over Chinese source text"
       for name in ("candidates", "indicator_tables", "indicators", "names", "numbers", "periods", "policy", "task_tables", "tasks",
                    "text", "units", "vocabulary")},
    # Sample content of the demo and of generated districts (names, reports, notices), not messages.
    "ingest/demo.py": "demo content",
    "enterprises/demo.py": "demo content, and the words of indicator names that name a tier",
    "transfer/demo.py": "demo content",
    "core/synthetic.py": "vocabulary of generated names",
    # The outline's numbering is Chinese numerals (一 → (一)), data of the plan, not a message.
    "supervision/numbering.py": "outline numerals",
    "core/numerals.py": "outline and chapter numerals",
}

MODULES = sorted(
    module for module in (
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts
    )
    if module not in EXCLUDED
)

# Chinese literals that are not messages. Keep this short: each entry says why it is not UI text.
ALLOWED = {
    # Settings load before the translation catalogue: the missing-secret error cannot use gettext.
    ("settings.py", "未设置密钥：请设置环境变量 SECRET_KEY（或 SECRET_KEY_FILE 指向密钥文件）；本机试用可运行 `kechuang demo`，它会在 var/ 下生成一个。"),
    # The East Asian font face written into the Word report's styles.
    ("plans/reports.py", "宋体"),
    # Characters a font must have to draw Chinese in charts (a probe, never shown).
    ("core/fonts.py", "规划指标科技创新年度报告"),
    # Separators accepted when parsing the years or units a user types, not text shown to anyone.
    ("plans/forms.py", r"[、,，;；\s]+"),
    ("ingest/views.py", r"[、,，;；\s]+"),
    # Units a contract metric converts to (kechuang.transfer.metrics), matched against the indicator's unit.
    ("transfer/metrics.py", "万元"),
    ("transfer/metrics.py", "亿元"),
    ("transfer/importers.py", r"[、,，;；\s]+"),
    # "年" is accepted as the whole-year period of an observation (input, not output).
    ("plans/progress/engine.py", "年"),
    # Chinese numerals read from a document's page and heading numbers.
    ("ingest/extract/readers.py", "零一二三四五六七八九"),
    ("ingest/extract/readers.py", "十"),
    # The extraction's (gold schema's) attribute values, as the documents write them.
    ("ingest/services.py", "预期性"),
    ("ingest/services.py", "约束性"),
    ("ingest/review.py", "预期性"),
    ("ingest/review.py", "约束性"),
    # A street office is recognised by its name's ending.
    ("ingest/services.py", "街道办事处"),
    # Guessing a plan's years from its text, and the separators of the horizons a reviewer types.
    ("ingest/review.py", r"(20\d{2})\s*年"),
    ("ingest/review.py", r"[\s,，、;；/]+"),
    # The separator of unit names as the documents list them, shown back in a conflict message.
    ("ingest/review.py", "、"),
}

# gettext_noop marks a text for the catalogue in a module that may not import Django (criteria/tiers.py).
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
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
    for module in EXCLUDED:
        assert (PACKAGE / module).exists(), module


def test_it_checks_every_app():
    assert {module.split("/")[0] for module in MODULES} >= {"core", "plans", "supervision", "ingest", "transfer", "api.py"}
    assert {"plans/progress/engine.py", "supervision/periods.py", "core/audit.py", "ingest/review.py",
            "transfer/matching/text.py"} <= set(MODULES)


# --- message codes -----------------------------------------------------------------------------

# Where each module's message codes get their text: the catalogues they may use.
CATALOGUES = {
    "plans/progress/engine.py": ("plans.PROGRESS",),
    "plans/progress/contract.py": ("plans.PROGRESS",),
    "plans/selectors.py": ("plans.PROGRESS",),
    "supervision/periods.py": ("supervision.PERIODS",),
    "core/uscc.py": ("core.USCC",),
    "core/reference_data.py": ("core.REFERENCE",),
    "ingest/extract/readers.py": ("ingest.READERS",),
    "ingest/review.py": ("ingest.REVIEW",),
    "ingest/services.py": ("ingest.READERS", "ingest.REVIEW"),
    "ingest/views.py": ("ingest.REVIEW",),
    "enterprises/criteria/record.py": ("enterprises.ERRORS",),
    "enterprises/criteria/rules.py": ("enterprises.ERRORS",),
    "enterprises/criteria/engine.py": ("enterprises.ERRORS",),
    "enterprises/criteria/stream.py": ("enterprises.ERRORS",),
    "enterprises/criteria/kinds.py": ("enterprises.CRITERIA", "enterprises.ERRORS"),
    "transfer/matching/engine.py": ("transfer.MATCHING",),
    "transfer/matching/records.py": ("transfer.MATCHING",),
}
MESSAGE_CALLS = {"Message", "CodedError", "DocumentError", "ReviewError", "ReviewConflict", "InvalidUSCC", "ReferenceFileError",
                 "RecordError", "RuleError"}
# The criteria engine's results carry their code as the 7th argument of Result (or code=…).
RESULT_CODE_POSITION = 6


def _catalogues() -> dict[str, dict]:
    from kechuang.core import messages as core
    from kechuang.enterprises import messages as enterprises
    from kechuang.ingest import messages as ingest
    from kechuang.plans import messages as plans
    from kechuang.supervision import messages as supervision
    from kechuang.transfer import messages as transfer

    return {
        "plans.PROGRESS": plans.PROGRESS, "supervision.PERIODS": supervision.PERIODS,
        "core.USCC": core.USCC, "core.REFERENCE": core.REFERENCE,
        "ingest.READERS": ingest.READERS, "ingest.REVIEW": ingest.REVIEW,
        "enterprises.CRITERIA": enterprises.CRITERIA, "enterprises.ERRORS": enterprises.ERRORS,
        "transfer.MATCHING": transfer.MATCHING,
    }


def _result_codes(node: ast.Call, functions: dict[str, ast.FunctionDef]) -> set[str]:
    """The string codes a Result(…) call can carry: constants in its code argument, or returned by a helper it calls."""
    code = node.args[RESULT_CODE_POSITION] if len(node.args) > RESULT_CODE_POSITION else next(
        (keyword.value for keyword in node.keywords if keyword.arg == "code"), None)
    if code is None:
        return set()
    found = {part.value for part in ast.walk(code) if isinstance(part, ast.Constant) and isinstance(part.value, str)}
    for call in (part for part in ast.walk(code) if isinstance(part, ast.Call)):
        helper = functions.get(_called_name(call) or "")
        if helper is not None:
            found |= {value.value for ret in ast.walk(helper) if isinstance(ret, ast.Return) and ret.value
                      for value in ast.walk(ret.value) if isinstance(value, ast.Constant) and isinstance(value.value, str)}
    return found


def codes_used(source: str) -> set[str]:
    """The codes a module gives Message, the coded errors and Result; an f-string code as its prefix + "*"."""
    found = set()
    tree = ast.parse(source)
    functions = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) == "Result":
            found |= _result_codes(node, functions)
        elif isinstance(node, ast.Call) and _called_name(node) in MESSAGE_CALLS and node.args:
            code = node.args[0]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                found.add(code.value)
            elif isinstance(code, ast.JoinedStr) and isinstance(code.values[0], ast.Constant):
                found.add(code.values[0].value + "*")
            else:
                found.add(f"<not a literal on line {code.lineno}>")
    return found


def test_it_reads_the_codes_a_module_uses():
    assert codes_used('raise CodedError("a", x=1)\nMessage(f"figure_{name}")\nReviewError(code)') == {
        "a", "figure_*", "<not a literal on line 3>"
    }
    source = ('def pick(ok):\n    return "p" if ok else "q"\n'
              'Result(k, s, 1, 2, 3, "pct", "r" if x else "t")\nResult(k, s, code="u")\nResult(k, s, 1, 2, 3, "wan", pick(x))')
    assert codes_used(source) == {"p", "q", "r", "t", "u"}


@pytest.mark.parametrize("module", sorted(CATALOGUES))
def test_it_has_a_chinese_text_for_every_message_code(module):
    catalogues = _catalogues()
    keys = set().union(*(catalogues[name] for name in CATALOGUES[module]))
    used = codes_used((PACKAGE / module).read_text(encoding="utf-8"))
    assert used
    missing = [
        code for code in used
        if not (any(key.startswith(code[:-1]) for key in keys) if code.endswith("*") else code in keys)
    ]
    assert missing == [], f"{module}: codes without a text: {missing}"


def test_it_keeps_no_text_that_no_module_uses():
    used: dict[str, set[str]] = {}
    for module, names in CATALOGUES.items():
        for name in names:
            used.setdefault(name, set()).update(codes_used((PACKAGE / module).read_text(encoding="utf-8")))
    for name, catalogue in _catalogues().items():
        prefixes = [code[:-1] for code in used[name] if code.endswith("*")]
        unused = [key for key in catalogue if key not in used[name] and not key.startswith(tuple(prefixes))]
        assert unused == [], f"{name}: texts no module uses: {unused}"


# --- templates ---------------------------------------------------------------------------------

TEMPLATE_TRANSLATED = re.compile(
    r"""{%\s*blocktrans\b.*?{%\s*endblocktrans\s*%}"""  # whole sentences with their placeholders
    r"""|{%\s*trans\s+("[^"]*"|'[^']*')[^%]*%}"""
    r"""|\b_\(("[^"]*"|'[^']*')\)"""  # _("…") in filter arguments
    r"""|{#.*?#}""",
    re.DOTALL,
)
# Chinese in templates that is not text: the extraction's attribute values compared and submitted.
TEMPLATE_ALLOWED = {("ingest/templates/ingest/partials/item.html", "预期性"), ("ingest/templates/ingest/partials/item.html", "约束性")}
TEMPLATES = sorted(
    str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.html")
)


def template_violations(source: str) -> list[str]:
    """Words of Chinese outside {% trans %}, {% blocktrans %}, _("…") and comments.

    Full-width punctuation alone between two values (a "：" after a label) is layout, not a message.
    """
    return re.findall(r"[\u4e00-\u9fff]+", TEMPLATE_TRANSLATED.sub("", source))


def test_it_flags_untranslated_template_text():
    assert template_violations('<h1>页面不存在</h1>{% trans "已翻译" %}') == ["页面不存在"]
    assert template_violations('{% blocktrans with n=x %}共 {{ n }} 条{% endblocktrans %}{{ v|default:_("空") }}') == []
    assert template_violations("{% trans '搜索' %}{# 说明 #}") == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_it_sends_every_template_text_through_gettext(template):
    found = [
        text for text in template_violations((PACKAGE / template).read_text(encoding="utf-8"))
        if (template, text) not in TEMPLATE_ALLOWED
    ]
    assert found == [], f"{template}: Chinese outside {{% trans %}}: {found}"


def test_it_keeps_the_template_allow_list_honest():
    for template, text in TEMPLATE_ALLOWED:
        assert text in template_violations((PACKAGE / template).read_text(encoding="utf-8"))


# --- the criteria rule files -------------------------------------------------------------------

def _rule_references() -> dict[str, set[str]]:
    """Bands, routes, options, figures and criterion labels that the shipped rule files name."""
    import tomllib

    found: dict[str, set[str]] = {"BANDS": set(), "ROUTES": set(), "LABELS": set()}
    for path in sorted((PACKAGE / "enterprises" / "criteria" / "rules").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for spec in data["criteria"]:
            found["LABELS"].add(f"{data['tier']}.{spec['key']}")
            found["BANDS"] |= {band[2] for band in spec.get("bands", ()) if isinstance(band, list) and len(band) == 3}
            found["ROUTES"] |= {route["name"] for route in spec.get("routes", ())}
            found["ROUTES"] |= {option["name"] for option in spec.get("options", ())}
    return found


def test_every_band_route_and_label_of_the_rule_files_has_a_chinese_text():
    from kechuang.enterprises import messages

    references = _rule_references()
    assert references["BANDS"] - set(messages.BANDS) == set()
    assert references["ROUTES"] - set(messages.ROUTES) == set()
    # A label is "tier.key", or "tier.edition.key" where one edition words it differently.
    plain = {".".join((name.split(".")[0], name.split(".")[-1])) for name in messages.LABELS}
    assert references["LABELS"] - plain == set()
    assert plain - references["LABELS"] == set(), "labels no rule file uses"
    # Bands not written in a rule file are the ones kinds.py names itself (小巨人 R&D bands).
    kinds = ast.parse((PACKAGE / "enterprises/criteria/kinds.py").read_text(encoding="utf-8"))
    literals = {node.value for node in ast.walk(kinds) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert set(messages.BANDS) - references["BANDS"] <= literals
