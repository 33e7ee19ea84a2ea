"""Scoring an extraction against gold: one-to-one matching, precision, recall, F1."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest

import kechuang.ingest
from kechuang.ingest.extract.scoring import Score, name_similarity, score_document

INDICATOR = {
    "name": "高新技术企业数量",
    "unit": "家",
    "scope": None,
    "baseline": None,
    "targets": [{"year": 2025, "value": 100, "comparator": ">=", "relative": None}],
    "attribute": None,
    "quote": "高新技术企业数量达到100家",
}
TASK = {
    "number": "一.(一)",
    "title": "建设研发平台",
    "lead_units": ["区科技局"],
    "support_units": ["区财政局"],
    "deadline": None,
    "quote": "责任单位:区科技局、区财政局",
}
GOLD = {"document": "a.txt", "indicators": [INDICATOR], "tasks": [TASK]}


def extraction(indicators=None, tasks=None) -> dict:
    return {"document": "a.txt", "indicators": indicators or [], "tasks": tasks or []}


def changed(item: dict, **changes) -> dict:
    item = copy.deepcopy(item)
    for key, value in changes.items():
        if key in ("year", "value", "relative"):
            item["targets"][0][key] = value
        else:
            item[key] = value
    return item


def test_a_perfect_extraction_scores_one():
    result = score_document(copy.deepcopy(GOLD), GOLD)
    assert result.indicators.f1 == result.tasks.f1 == 1.0


def test_an_empty_extraction_of_an_empty_gold_scores_one():
    assert Score().f1 == 1.0


@pytest.mark.parametrize(
    "wrong",
    [
        changed(INDICATOR, value=90),
        changed(INDICATOR, year=2035),
        changed(INDICATOR, unit="个"),
        changed(INDICATOR, name="科技型中小企业"),
    ],
    ids=["value", "year", "unit", "name"],
)
def test_a_wrong_value_year_unit_or_name_is_a_miss_and_a_false_positive(wrong):
    result = score_document(extraction([wrong]), GOLD)
    assert result.indicators == Score(matched=0, extracted=1, gold=1)
    assert result.missed["indicators"] == [INDICATOR]
    assert result.spurious["indicators"] == [wrong]


def test_a_similar_name_or_a_containing_name_matches():
    assert (
        score_document(extraction([changed(INDICATOR, name="全区高新技术企业数量")]), GOLD).indicators.matched
        == 1
    )
    assert (
        score_document(extraction([changed(INDICATOR, name="高新技术企业数")]), GOLD).indicators.matched == 1
    )


def test_name_similarity_ignores_spaces_and_punctuation():
    assert name_similarity("规上企业研发投入占 GDP 比重", "规上企业研发投入占GDP比重。") == 1.0
    assert name_similarity("专利申请量", "技术合同成交额") == 0.0


def test_a_duplicate_is_not_counted_twice():
    result = score_document(extraction([INDICATOR, copy.deepcopy(INDICATOR)]), GOLD)
    assert result.indicators == Score(matched=1, extracted=2, gold=1)
    assert result.indicators.precision == 0.5
    assert result.indicators.recall == 1.0


def test_each_gold_item_takes_its_best_match():
    other = changed(INDICATOR, name="高新技术企业总数", value=200)
    gold = {"indicators": [INDICATOR, other], "tasks": []}
    result = score_document(extraction([other, INDICATOR]), gold)
    assert result.indicators.matched == 2


def test_a_relative_only_target_matches_on_its_relative_form():
    growth = changed(INDICATOR, value=None, relative="+15%/yr", unit=None)
    gold = {"indicators": [growth], "tasks": []}
    assert score_document(extraction([copy.deepcopy(growth)]), gold).indicators.matched == 1
    assert score_document(extraction([changed(growth, relative="+10%/yr")]), gold).indicators.matched == 0


def test_a_task_matches_by_number_or_title_with_the_same_units():
    assert score_document(extraction(tasks=[changed(TASK, title="别的标题")]), GOLD).tasks.matched == 1
    assert score_document(extraction(tasks=[changed(TASK, number="二")]), GOLD).tasks.matched == 1
    assert score_document(extraction(tasks=[changed(TASK, support_units=[])]), GOLD).tasks.matched == 0
    assert (
        score_document(extraction(tasks=[changed(TASK, number="二", title="别的")]), GOLD).tasks.matched == 0
    )


def test_precision_recall_and_f1():
    score = Score(matched=3, extracted=4, gold=6)
    assert (score.precision, score.recall) == (0.75, 0.5)
    assert score.f1 == pytest.approx(0.6)


# --- the sets, end to end: the scorer reports them, no test asks for a score on a document set -----

SETS = Path(__file__).parent
DEMO_DOCUMENTS = Path(kechuang.ingest.__file__).parent / "demo_documents"
SET_TEXTS = [
    text
    for folder in sorted(path.parent for path in SETS.glob("*/gold"))
    for text in (sorted(folder.glob("*.txt")) or sorted(DEMO_DOCUMENTS.glob("*.txt")))
]


def load_bench():
    spec = importlib.util.spec_from_file_location(
        "ingest_score", Path(__file__).parents[2] / "bench" / "ingest_score.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scorer_reports_every_set_never_tuned_on_first(capsys):
    bench = load_bench()
    folders = bench.gold_sets(SETS)
    assert {"dev_1", "dev_2", "dev_3", "dev_seeds"} <= {folder.name for folder in folders}
    unseen = [folder.name.startswith("unseen") for folder in folders]
    assert unseen == sorted(unseen, reverse=True)
    seeds = bench.score_gold_set(SETS / "dev_seeds" / "gold", DEMO_DOCUMENTS)
    assert seeds["indicators"].gold == sum(
        len(json.loads(path.read_text(encoding="utf-8"))["indicators"])
        for path in (SETS / "dev_seeds" / "gold").glob("*.gold.json")
    )
    assert "OVERALL" in capsys.readouterr().out


@pytest.mark.parametrize("text_file", SET_TEXTS, ids=lambda path: f"{path.parent.name}/{path.name[:3]}")
def test_every_extracted_quote_is_in_the_document(text_file):
    from kechuang.ingest.extract import extract

    text = text_file.read_text(encoding="utf-8")
    result = extract(text, document=text_file.name)
    assert result["document"] == text_file.name
    assert set(result) == {"document", "indicators", "tasks"}
    for item in result["indicators"] + result["tasks"]:
        assert item["quote"] in text
