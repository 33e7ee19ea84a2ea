"""The installed `kechuang` command on a fresh install: no secret key, no database, an empty var/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kechuang.cli import runs_offline

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "kechuang"
# The console script pip installed next to the interpreter running the tests.
KECHUANG = Path(sys.executable).parent / "kechuang"
PROJECT_COMMANDS = {
    *(path.stem for path in PACKAGE.glob("*/management/commands/*.py") if not path.stem.startswith("_")),
    "db_worker",
}
NO_SECRET = "未设置密钥"
PLAN_TEXT = "某区科技创新行动方案\n一、主要指标\n到2025年，全社会研发经费投入强度达到3%以上。\n"
CONTRACT = {
    "indicator": {
        "name": "研发经费投入强度",
        "baseline": {"year": 2020, "value": 2.0},
        "targets": [{"year": 2025, "value": 3.0, "comparator": ">="}],
    },
    "observations": [{"year": 2023, "value": 2.5}],
    "as_of": 2023,
}


@pytest.fixture
def var(tmp_path: Path) -> Path:
    folder = tmp_path / "var"
    folder.mkdir()
    return folder


def kechuang(*args: str, var: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command as on a fresh install: no secret, default SQLite under `var`."""
    env = {
        name: value for name, value in os.environ.items()
        if name not in {"SECRET_KEY", "SECRET_KEY_FILE", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(KECHUANG_VAR_DIR=str(var), **extra_env)
    return subprocess.run([str(KECHUANG), *args], capture_output=True, text=True, env=env, timeout=120)


def listed_commands(help_text: str) -> set[str]:
    return {line.strip() for line in help_text.splitlines() if line.startswith("    ")}


def test_it_knows_the_project_commands():
    assert {"demo", "serve", "ingest", "progress", "import", "generate", "loadreference", "createadmin",
            "refresh_indicators", "remind", "db_worker"} <= PROJECT_COMMANDS


@pytest.mark.parametrize("argv", [["--help"], ["help"], []])
def test_it_lists_every_command_without_a_secret(var, argv):
    result = kechuang(*argv, var=var)
    assert result.returncode == 0, result.stderr
    assert PROJECT_COMMANDS <= listed_commands(result.stdout)
    assert "settings are not properly configured" not in result.stdout + result.stderr
    assert list(var.iterdir()) == []


@pytest.mark.parametrize("argv", [["help", "ingest"], ["ingest", "--help"], ["help", "progress"]])
def test_it_shows_that_offline_commands_need_no_database(var, argv):
    result = kechuang(*argv, var=var)
    assert result.returncode == 0, result.stderr
    assert "无需数据库、密钥或迁移" in result.stdout


@pytest.mark.parametrize("argv", [["help", "serve"], ["migrate", "--help"]])
def test_it_shows_the_help_of_any_command_without_a_secret(var, argv):
    result = kechuang(*argv, var=var)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: kechuang {argv[1] if argv[0] == 'help' else argv[0]}")
    assert list(var.iterdir()) == []


def test_it_computes_progress_without_a_secret_or_a_database(var, tmp_path):
    path = tmp_path / "indicator.json"
    path.write_text(json.dumps(CONTRACT, ensure_ascii=False), encoding="utf-8")
    result = kechuang("progress", str(path), var=var)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["target"] == {"year": 2025, "value": 3.0}
    assert list(var.iterdir()) == []


def test_it_reads_a_plan_document_without_a_secret_or_a_database(var, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    result = kechuang("ingest", str(path), var=var)
    assert result.returncode == 0, result.stderr
    assert [item["name"] for item in json.loads(result.stdout)["indicators"]] == ["全社会研发经费投入强度"]
    assert list(var.iterdir()) == []


@pytest.mark.parametrize("argv", [["serve"], ["migrate"], ["ingest", "{plan}", "--commit", "--user", "admin"]])
def test_it_refuses_commands_that_need_the_secret(var, tmp_path, argv):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN_TEXT, encoding="utf-8")
    result = kechuang(*(arg.format(plan=plan) for arg in argv), var=var)
    assert result.returncode == 1
    assert NO_SECRET in result.stderr and "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(var.iterdir()) == []


def test_it_creates_a_missing_var_folder_for_the_database(tmp_path):
    var = tmp_path / "does" / "not" / "exist"
    result = kechuang("migrate", "--verbosity", "0", var=var, SECRET_KEY="test-only-not-secret")
    assert result.returncode == 0, result.stderr
    assert (var / "kechuang.sqlite3").stat().st_size > 0


@pytest.mark.parametrize(("argv", "offline"), [
    (["kechuang"], True),
    (["kechuang", "help", "migrate"], True),
    (["kechuang", "serve", "--help"], True),
    (["kechuang", "progress", "a.json"], True),
    (["kechuang", "ingest", "plan.txt", "--format=text"], True),
    (["kechuang", "ingest", "plan.txt", "--commit", "--user", "admin"], False),
    (["kechuang", "ingest", "plan.txt", "--com", "--user", "admin"], False),  # argparse takes the prefix
    (["kechuang", "serve"], False),
    (["kechuang", "migrate", "--", "--help"], False),
])
def test_it_tells_offline_invocations_from_the_others(argv, offline):
    assert runs_offline(argv) is offline
