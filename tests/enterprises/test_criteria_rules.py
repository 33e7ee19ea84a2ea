"""Rule files as data: shipped and overridden per deployment, compiled once, no Django, no eval."""

from __future__ import annotations

import ast
import datetime
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kechuang.enterprises.criteria import Assessor, RuleError
from kechuang.enterprises.criteria.kinds import KINDS
from kechuang.enterprises.criteria.rules import SHIPPED, edition_for, load_rules
from kechuang.enterprises.criteria.tiers import TIERS
from kechuang.enterprises.messages import CriteriaRenderer

from .criteria_records import YEAR, criterion, record

CRITERIA = Path(__file__).resolve().parents[2] / "src" / "kechuang" / "enterprises" / "criteria"
RULE_FILES = sorted(SHIPPED.glob("*.toml"))


def assess(assessor, data, tier, **options):
    return assessor.assess(data, year=options.pop("year", YEAR), tiers=[tier], render=CriteriaRenderer(), **options)


def test_every_tier_and_edition_has_a_rule_file():
    names = {path.stem for path in RULE_FILES}
    assert names == {"tech_sme_2022", "high_tech_2016", "innovative_sme_2022", "specialized_sme_2022",
                     "specialized_sme_2026", "little_giant_2022", "little_giant_2026", "gazelle_default",
                     "potential_unicorn_default", "unicorn_default"}


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda path: path.stem)
def test_every_rule_cites_its_document_and_article(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["document"]
    for spec in data["criteria"]:
        assert spec.get("source"), spec["key"]
        assert spec["kind"] in KINDS


@pytest.mark.parametrize("path", [p for p in RULE_FILES if p.stem.endswith("_2026") or "_default" in p.stem],
                         ids=lambda path: path.stem)
def test_v3p_and_local_thresholds_are_named_parameters(path):
    """The 2026 梯度 numbers are V-3P and the gazelle/unicorn ones a local template: none is built in."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    numeric = {"min", "max", "revenue_min", "equity_min", "above", "days", "rank_max"}
    for spec in data["criteria"]:
        for name in numeric & set(spec):
            assert isinstance(spec[name], str) and spec[name].startswith("$") or spec[name] == 0.0, (spec["key"], name)


def test_the_editions_switch_on_2026_04_01():
    rules = load_rules()
    for tier in ("specialized_sme", "little_giant"):
        assert edition_for(rules[tier], datetime.date(2026, 3, 31)).edition == "2022"
        assert edition_for(rules[tier], datetime.date(2026, 4, 1)).edition == "2026"
    assert edition_for(rules["innovative_sme"], datetime.date(2026, 6, 30)).edition == "2022"
    assert edition_for(rules["high_tech"], datetime.date(2026, 6, 30)).edition == "2016"


def test_a_parameter_override_changes_the_threshold(tmp_path):
    (tmp_path / "parameters.toml").write_text('[high_tech]\nregistered_days = 730\n', encoding="utf-8")
    data = record(founded="2023-06-30")  # 731 days before 2025-06-30
    default = criterion(assess(Assessor(), data, "high_tech"), "high_tech", "registered_one_year")
    local = Assessor(tmp_path)
    overridden = criterion(assess(local, data, "high_tech"), "high_tech", "registered_one_year")
    assert (default["required"], overridden["required"]) == (365, 730)
    data = record(founded="2023-07-02")
    assert criterion(assess(local, data, "high_tech"), "high_tech", "registered_one_year")["passed"] is False


def test_an_edition_table_overrides_only_that_edition(tmp_path):
    (tmp_path / "parameters.toml").write_text('[specialized_sme."2026"]\nrevenue_min = 3000\n', encoding="utf-8")
    rules = load_rules(tmp_path)
    by_edition = {rule.edition: rule.parameters for rule in rules["specialized_sme"]}
    assert by_edition["2026"]["revenue_min"] == 3000 and by_edition["2022"]["revenue_min"] == 1000


@pytest.mark.parametrize(("text", "code"), [
    ('[high_tech]\nno_such_parameter = 1\n', "rule_parameter_unknown"),
    ('[high_tech]\nregistered_days = "long"\n', "rule_parameter_type"),
    ('[dragon]\nx = 1\n', "rule_tier_unknown"),
    ('[high_tech\n', "rule_file_unreadable"),
])
def test_a_bad_override_is_refused_with_a_code(tmp_path, text, code):
    (tmp_path / "parameters.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules(tmp_path)
    assert caught.value.message.code == code


def test_a_rule_file_of_the_deployment_replaces_the_shipped_one(tmp_path):
    shipped = (SHIPPED / "unicorn_default.toml").read_text(encoding="utf-8")
    (tmp_path / "unicorn_default.toml").write_text(
        shipped.replace("valuation_min = 1000000000", "valuation_min = 2000000000"), encoding="utf-8")
    data = record(founded="2018-01-01", valuation_usd=1.5e9, funding_total_usd=1e8)
    assert assess(Assessor(), data, "unicorn")["tiers"]["unicorn"]["status"] == "eligible"
    assert assess(Assessor(tmp_path), data, "unicorn")["tiers"]["unicorn"]["status"] == "not_eligible"


def test_a_rule_naming_an_unknown_kind_is_refused(tmp_path):
    (tmp_path / "gazelle_default.toml").write_text(
        'tier = "gazelle"\nedition = "default"\n[[criteria]]\nkey = "x"\nkind = "eval"\nsource = "-"\n', encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules(tmp_path)
    assert caught.value.message.code == "rule_kind_unknown"


def test_the_engine_never_evals_text():
    for path in CRITERIA.rglob("*.py"):
        names = {node.func.id for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert not names & {"eval", "exec", "compile"}, path


def test_the_engine_imports_no_django():
    """Everything but the rendering of messages runs without Django (the layering rule for plain modules)."""
    for path in CRITERIA.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not {name for name in modules if name.split(".")[0] == "django"}, path
    script = (
        "import sys, json\n"
        "from kechuang.enterprises.criteria import Assessor\n"
        "class Plain:\n"
        "    def labels_for(self, tier, edition): return {}\n"
        "    def __call__(self, labels, result): return result.key, result.code\n"
        "out = Assessor().assess({'uscc': 'x', 'years': [{'year': 2024, 'employees': 10}]}, render=Plain())\n"
        "assert out['tiers']['tech_sme']['status'] == 'unknown'\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_every_criterion_of_every_edition_has_a_label():
    renderer = CriteriaRenderer()
    for tier, editions in load_rules().items():
        for rule in editions:
            labels = renderer.labels_for(tier, rule.edition)
            missing = [key for key, _evaluate in rule.evaluators if key not in labels]
            assert missing == [], (tier, rule.edition)
    assert set(load_rules()) == set(TIERS)
