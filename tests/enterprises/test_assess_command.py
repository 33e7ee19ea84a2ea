"""`kechuang assess` end to end, as installed: no secret key, no database, files in and out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kechuang.cli import runs_offline

from .criteria_records import record

KECHUANG = Path(sys.executable).parent / "kechuang"


def kechuang(*args: str, tmp_path: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items()
           if name not in {"SECRET_KEY", "SECRET_KEY_FILE", "DATABASE_URL", "DJANGO_SETTINGS_MODULE",
                           "KECHUANG_CRITERIA_RULES"}}
    env["KECHUANG_VAR_DIR"] = str(tmp_path / "var")
    return subprocess.run([str(KECHUANG), *args], capture_output=True, text=True, env=env, timeout=120,
                          input=stdin)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_it_is_an_offline_command():
    assert runs_offline(["kechuang", "assess", "a.jsonl", "--year", "2025"])


def test_it_assesses_one_line_per_record_without_a_secret_or_a_database(tmp_path):
    low = record({2024: {"st_staff": 5}})
    low["uscc"] = "91210204MA0TEST02X"
    path = write_lines(tmp_path / "in.jsonl", [json.dumps(record(), ensure_ascii=False), "",
                                               json.dumps(low, ensure_ascii=False)])
    result = kechuang("assess", str(path), "--year", "2025", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["uscc"] for line in lines] == ["91210204MA0TEST01X", "91210204MA0TEST02X"]
    assert lines[0]["tiers"]["tech_sme"]["status"] == "eligible"
    assert lines[1]["tiers"]["high_tech"]["status"] == "not_eligible"
    staff = next(item for item in lines[1]["tiers"]["high_tech"]["criteria"] if item["key"] == "st_staff_ratio")
    assert "低于 10%" in staff["message"]
    assert not (tmp_path / "var").exists()


def test_a_bad_line_is_reported_with_its_number_and_the_others_still_come_out(tmp_path):
    bad = record({2024: {"revenue": "8000"}})
    path = write_lines(tmp_path / "in.jsonl", [json.dumps(record()), "{not json", json.dumps(bad), json.dumps(record())])
    result = kechuang("assess", str(path), "--year", "2025", "--tiers", "high_tech", tmp_path=tmp_path)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 2
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"{path} 第 2 行：不是有效的 JSON")
    assert errors[1] == f"{path} 第 3 行：years[2].revenue 应为数字，实际为 '8000'。"


def test_date_tiers_and_stdin(tmp_path):
    result = kechuang("assess", "-", "--year", "2026", "--date", "2026-03-31", "--tiers", "specialized_sme,little_giant",
                      tmp_path=tmp_path, stdin=json.dumps(record()) + "\n")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["date"] == "2026-03-31"
    assert {tier: value["edition"] for tier, value in out["tiers"].items()} == {
        "specialized_sme": "2022", "little_giant": "2022"}


def test_a_deployment_overrides_a_parameter_with_rules(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "parameters.toml").write_text('[gazelle]\nrevenue_cagr_min = 0.10\n', encoding="utf-8")
    path = write_lines(tmp_path / "in.jsonl", [json.dumps(record())])  # revenue 6000 → 8000: CAGR 15.5%
    plain = json.loads(kechuang("assess", str(path), "--tiers", "gazelle", tmp_path=tmp_path).stdout)
    local = json.loads(kechuang("assess", str(path), "--tiers", "gazelle", "--rules", str(rules),
                                tmp_path=tmp_path).stdout)
    assert plain["tiers"]["gazelle"]["status"] == "not_eligible"
    assert local["tiers"]["gazelle"]["status"] == "eligible"


@pytest.mark.parametrize(("args", "message"), [
    (["--date", "2026/01/01"], "--date 应为 YYYY-MM-DD"),
    (["--tiers", "dragon"], "未知的梯度：dragon"),
    (["--rules", "/nonexistent/rules"], "规则目录 /nonexistent/rules 不存在"),
])
def test_bad_options_get_a_chinese_error(tmp_path, args, message):
    path = write_lines(tmp_path / "in.jsonl", [json.dumps(record())])
    result = kechuang("assess", str(path), *args, tmp_path=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_help_says_it_needs_no_database(tmp_path):
    result = kechuang("help", "assess", tmp_path=tmp_path)
    assert result.returncode == 0
    assert "无需数据库、密钥或迁移" in result.stdout and "退出码为" in result.stdout
