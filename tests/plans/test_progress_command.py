from __future__ import annotations

import json

import pytest

from kechuang.cli import main as kechuang
from kechuang.plans.messages import with_reason
from kechuang.plans.progress import evaluate_contract

CONTRACT = {
    "indicator": {
        "name": "研发经费投入强度",
        "baseline": {"year": 2020, "value": 2.0},
        "targets": [{"year": 2025, "value": 3.0, "comparator": ">="}],
    },
    "observations": [{"year": 2022, "value": 2.3}, {"year": 2023, "value": 2.5}],
    "as_of": 2023,
}


def test_it_prints_the_contract_object_of_a_file(tmp_path, capsys):
    path = tmp_path / "indicator.json"
    path.write_text(json.dumps(CONTRACT, ensure_ascii=False), encoding="utf-8")
    kechuang(["kechuang", "progress", str(path)])
    printed = json.loads(capsys.readouterr().out)
    assert printed == with_reason(evaluate_contract(CONTRACT))
    assert printed["target"] == {"year": 2025, "value": 3.0}


def test_it_exits_2_with_a_chinese_message_naming_the_bad_field(tmp_path, capsys):
    bad = {**CONTRACT, "observations": [{"year": 2022, "value": "很多"}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        kechuang(["kechuang", "progress", str(path)])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert "observations[0].value 应为数字" in captured.err
    assert captured.out == ""


def test_it_answers_a_missing_file_argument_with_the_usage_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        kechuang(["kechuang", "progress"])
    assert exit_info.value.code == 2
    assert "用法：kechuang progress" in capsys.readouterr().err


def test_it_reads_a_masked_target_year_apart_from_a_recurring_target():
    def status(target: dict) -> dict:
        contract = {**CONTRACT, "indicator": {**CONTRACT["indicator"], "targets": [target]}}
        return evaluate_contract(contract)

    recurring = status({"year": None, "value": 3.0})
    masked = status({"year": None, "value": 3.0, "year_unknown": True})
    assert recurring["status"] == "off_track"
    assert (masked["status"], masked["reasons"]) == ("unknown", [{"code": "target_year_unknown", "params": {}}])


@pytest.mark.parametrize("target", [{"year": 2025, "value": 3.0, "year_unknown": True}, {"year": None, "value": 3.0, "year_unknown": "yes"}])
def test_it_refuses_a_year_unknown_flag_with_a_year_or_not_a_boolean(target):
    from kechuang.core.codes import CodedError

    contract = {**CONTRACT, "indicator": {**CONTRACT["indicator"], "targets": [target]}}
    with pytest.raises(CodedError) as error:
        evaluate_contract(contract)
    assert error.value.message.params["where"] == "indicator.targets[0].year_unknown"
