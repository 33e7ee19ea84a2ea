"""`kechuang match`: the file-in/file-out contract, run as a fresh install would (no secret, no database)."""

from __future__ import annotations

import json

from tests.core.test_cli import kechuang, var  # noqa: F401  (var is a fixture)

DEMANDS = [
    {"id": "D1", "title": "冲压件表面缺陷自动检测", "field": "电子信息", "budget": 100,
     "text": "公司成立于2008年，注册资本5000万元。现急需解决冲压件表面缺陷人工目检效率低的难题。"},
    {"id": "D2", "title": "印染废水达标排放", "text": "我厂急需印染废水COD深度处理技术。"},
]
ACHIEVEMENTS = [
    {"id": "A1", "title": "基于机器视觉的冲压件表面缺陷在线检测系统", "text": "深度学习目标检测。",
     "field": "电子信息", "price": 80},
    {"id": "A2", "title": "印染废水膜生物反应器处理工艺", "text": "MBR工艺，出水COD低于50mg/L。"},
    {"id": "A3", "title": "高镍三元正极材料包覆改性技术", "text": "提升锂离子电池循环寿命。"},
]


def _write(path, rows):
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return str(path)


def test_it_prints_one_line_per_demand_with_ranked_achievements(var, tmp_path):  # noqa: F811
    demands, achievements = _write(tmp_path / "d.jsonl", DEMANDS), _write(tmp_path / "a.jsonl", ACHIEVEMENTS)
    result = kechuang("match", "--demands", demands, "--achievements", achievements, "--top", "2", var=var)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["demand_id"] for line in lines] == ["D1", "D2"]
    assert all(set(line) == {"demand_id", "results"} for line in lines)
    first = lines[0]["results"]
    assert len(first) == 2 and set(first[0]) == {"achievement_id", "score", "reasons"}
    assert first[0]["achievement_id"] == "A1" and lines[1]["results"][0]["achievement_id"] == "A2"
    assert first[0]["score"] >= first[1]["score"]
    assert any(reason.startswith("共同技术词：") and "缺陷" in reason for reason in first[0]["reasons"])
    assert "报价 80 万元在预算 100 万元以内" in first[0]["reasons"]
    assert list(var.iterdir()) == []


def test_a_malformed_line_is_named_in_chinese(var, tmp_path):  # noqa: F811
    demands = tmp_path / "d.jsonl"
    demands.write_text(json.dumps(DEMANDS[0], ensure_ascii=False) + "\n{\"id\": \"D2\", \"title\": \n", encoding="utf-8")
    achievements = _write(tmp_path / "a.jsonl", ACHIEVEMENTS)
    result = kechuang("match", "--demands", str(demands), "--achievements", achievements, var=var)
    assert result.returncode != 0
    assert "文件 d.jsonl 第 2 行：不是有效的 JSON" in result.stderr
    assert result.stdout == ""


def test_a_missing_title_is_named_with_its_field(var, tmp_path):  # noqa: F811
    demands = _write(tmp_path / "d.jsonl", DEMANDS)
    achievements = _write(tmp_path / "a.jsonl", [*ACHIEVEMENTS, {"id": "A9", "text": "无题"}])
    result = kechuang("match", "--demands", demands, "--achievements", achievements, var=var)
    assert result.returncode != 0
    assert "文件 a.jsonl 第 4 行：缺少字段“title”" in result.stderr
