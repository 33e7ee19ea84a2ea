"""Every document set with its texts beside its gold (the development sets dev_1..dev_3 and the never-tuned-on
sets unseen*) is well-formed: each gold file follows the seed schema, each quote is an exact substring of
its document, each task title appears in it (line breaks ignored) and task numbers are unique."""

import json
import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DOCUMENT_SETS = sorted(path.parent for path in HERE.glob("*/gold") if list(path.parent.glob("*.txt")))
GOLD_FILES = [path for folder in DOCUMENT_SETS for path in sorted((folder / "gold").glob("*.gold.json"))]

INDICATOR_KEYS = {"name", "unit", "scope", "baseline", "targets", "attribute", "quote"}
TARGET_KEYS = {"year", "value", "comparator", "relative"}
TASK_KEYS = {"number", "title", "lead_units", "support_units", "deadline", "quote"}
COMPARATORS = {">=", "<=", "="}
ATTRIBUTES = {None, "预期性", "约束性"}
NUMBER = r"\d+(\.\d+)?"
RELATIVE = re.compile(rf"x{NUMBER}|\+{NUMBER}pp|\+{NUMBER}%/yr")
DEADLINE = re.compile(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?")


def load(gold_file: Path) -> tuple[dict, str]:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    text = (gold_file.parent.parent / gold["document"]).read_text(encoding="utf-8")
    return gold, text


def is_year(value) -> bool:
    return value is None or (isinstance(value, int) and 2000 <= value <= 2050)


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_indicator(indicator: dict) -> None:
    assert set(indicator) == INDICATOR_KEYS
    assert isinstance(indicator["name"], str) and indicator["name"]
    assert indicator["unit"] is None or isinstance(indicator["unit"], str)
    assert indicator["attribute"] in ATTRIBUTES
    baseline = indicator["baseline"]
    if baseline is not None:
        assert set(baseline) == {"year", "value"}
        assert is_year(baseline["year"]) and is_number(baseline["value"])
    assert indicator["targets"], indicator["name"]
    for target in indicator["targets"]:
        assert set(target) == TARGET_KEYS
        assert is_year(target["year"])
        assert target["comparator"] in COMPARATORS
        assert target["value"] is None or is_number(target["value"])
        relative = target["relative"]
        assert relative is None or RELATIVE.fullmatch(relative), relative
        # A target carries a level, a relative form, or both.
        assert target["value"] is not None or relative is not None, indicator["name"]


def check_task(task: dict) -> None:
    # Sets labelled after the 责任领导 field was asked for also carry the task's leaders (people).
    assert set(task) - {"leaders"} == TASK_KEYS
    assert all(isinstance(leader, str) and leader for leader in task.get("leaders", []))
    assert task["number"] and task["title"]
    assert task["lead_units"], task["number"]
    for unit in task["lead_units"] + task["support_units"]:
        assert isinstance(unit, str) and unit and not unit.endswith("等"), unit
    assert not set(task["lead_units"]) & set(task["support_units"]), task["number"]
    assert task["deadline"] is None or DEADLINE.fullmatch(task["deadline"])


def gold_id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name[:3]}"


def test_the_development_sets_are_found():
    assert {"dev_1", "dev_2", "dev_3"} <= {folder.name for folder in DOCUMENT_SETS}


@pytest.mark.parametrize("folder", DOCUMENT_SETS, ids=lambda path: path.name)
def test_each_set_has_a_gold_file_per_document_and_a_readme(folder):
    texts = sorted(path.name for path in folder.glob("*.txt"))
    golds = sorted(path.name.removesuffix(".gold.json") for path in (folder / "gold").glob("*.gold.json"))
    assert golds == texts
    assert (folder / "README.md").is_file()
    for name in texts:
        assert len((folder / name).read_text(encoding="utf-8")) >= 500, name


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=gold_id)
def test_gold_follows_the_schema(gold_file):
    gold, _ = load(gold_file)
    assert set(gold) == {"document", "indicators", "tasks"}
    assert gold_file.name == f"{gold['document']}.gold.json"
    assert gold["indicators"]
    for indicator in gold["indicators"]:
        check_indicator(indicator)
    for task in gold["tasks"]:
        check_task(task)
    numbers = [task["number"] for task in gold["tasks"]]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=gold_id)
def test_quotes_and_titles_come_from_the_document(gold_file):
    gold, text = load(gold_file)
    joined = text.replace("\n", "")
    for item in gold["indicators"] + gold["tasks"]:
        assert item["quote"] in text, item["quote"]
    for task in gold["tasks"]:
        assert task["title"] in joined, task["title"]
