"""The matching engine on small listings written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from kechuang.core.codes import CodedError
from kechuang.transfer.matching import (
    ACHIEVEMENT,
    DEMAND,
    Analyzer,
    Layers,
    MatchIndex,
    Record,
    Weights,
    match_all,
    read_jsonl,
    without,
)
from kechuang.transfer.matching.engine import _randomized_svd


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


VISION = Record(
    "A1", "基于机器视觉的金属冲压件表面缺陷在线检测系统",
    "成果简介：采用深度学习目标检测算法，识别划痕、凹坑，检测速度每分钟120件。",
    field="电子信息", cooperation=("技术许可",), amount=80, maturity=2,
)
CATHODE = Record("A2", "高镍三元正极材料包覆改性技术", "提升锂离子电池循环寿命与热稳定性。", field="新材料", amount=300, maturity=1)
MEMBRANE = Record("A3", "印染废水膜生物反应器处理工艺", "MBR工艺，出水COD低于50mg/L。", field="资源与环境")
COATING = Record("A4", "冲压模具表面PVD涂层技术", "延长冲压模具寿命三倍。", field="新材料", maturity=3)
PROFILE_ONLY = Record(
    "A5", "某研究院简介",
    "研究院成立于1998年，注册资本3000万元，主营汽车零部件、冲压件、表面处理，拥有冲压件相关专利20项。",
    field="先进制造与自动化",
)
ACHIEVEMENTS = [VISION, CATHODE, MEMBRANE, COATING, PROFILE_ONLY]
STAMPING = Record(
    "D1", "冲压件表面缺陷自动检测",
    "公司成立于2008年，注册资本5000万元，主营汽车零部件、冲压件。现急需解决冲压件表面缺陷人工目检效率低的难题。"
    "公司是国家高新技术企业，拥有专利30项。",
    field="电子信息", cooperation=("技术许可", "合作开发"), amount=100, maturity=2,
)


# --- tokenization ------------------------------------------------------------------------------

def test_it_keeps_dictionary_terms_whole_and_reads_aliases_as_the_term(analyzer):
    tokens = analyzer.tokens("采用LiDAR与PLC控制的锂离子电池生产线")
    assert "激光雷达" in tokens and "可编程逻辑控制器" in tokens and "锂离子电池" in tokens
    assert "lidar" not in tokens


def test_it_adds_character_ngrams_for_words_no_dictionary_knows(analyzer):
    tokens = analyzer.tokens("高镍三元正极材料")
    assert "正极材料" in tokens
    assert any(token.startswith("#") for token in tokens)
    assert all(not token.startswith("#") for token in Analyzer(ngrams=False).tokens("高镍三元正极材料"))


def test_it_drops_stopwords_and_bare_numbers(analyzer):
    tokens = analyzer.tokens("我们的公司有 2024 项技术")
    assert "公司" not in tokens and "的" not in tokens and "2024" not in tokens


def test_it_tells_company_profile_clauses_from_the_need(analyzer):
    kinds = [clause.kind for clause in analyzer.clauses(STAMPING.text)]
    assert kinds[:3] == ["boilerplate"] * 3
    assert "need" in kinds


def test_the_bureau_extends_the_dictionary_with_a_file(tmp_path):
    extra = tmp_path / "terms.txt"
    extra.write_text("# 局里补充\n钛酸锂负极 LTO\n", encoding="utf-8")
    extended = Analyzer([extra])
    assert "钛酸锂负极" in extended.tokens("采用LTO的储能电池")
    assert "钛酸锂负极" not in Analyzer().tokens("采用LTO的储能电池")


# --- ranking -----------------------------------------------------------------------------------

def test_it_ranks_the_achievement_that_solves_the_need_first():
    [(demand_id, results)] = match_all([STAMPING], ACHIEVEMENTS, top=5)
    assert demand_id == "D1"
    assert results[0].id == "A1"
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_a_company_profile_alone_does_not_win_the_match():
    """A5 shares the demand's profile words (汽车零部件, 冲压件) but none of its need."""
    lexical = Layers(structured=False, semantic=False)

    def scores(layers: Layers) -> dict[str, float]:
        [(_, results)] = match_all([STAMPING], ACHIEVEMENTS, layers=layers)
        return {r.id: r.score for r in results}

    flat = scores(Layers(fields=False, boilerplate=False, structured=False, semantic=False))
    weighted = scores(lexical)
    assert flat["A5"] > flat["A1"]
    assert weighted["A1"] > 2 * weighted["A5"]


def test_it_searches_demands_for_an_achievement():
    other = Record("D2", "印染废水深度处理", "我厂急需印染废水COD达标排放技术。", field="资源与环境")
    index = MatchIndex([STAMPING, other], kind=DEMAND, library=ACHIEVEMENTS)
    assert index.search(MEMBRANE, top=2)[0].id == "D2"
    assert index.search(VISION, top=2)[0].id == "D1"


def test_structured_fields_score_and_explain():
    index = MatchIndex(ACHIEVEMENTS, kind=ACHIEVEMENT, library=[STAMPING])
    results = {r.id: r for r in index.search(STAMPING, top=5)}
    codes = {r.code for r in results["A1"].reasons}
    assert {"matched_terms", "field_same", "cooperation_fits", "price_within_budget", "maturity_fits"} <= codes
    cathode = {r.code: r.params for r in results["A2"].reasons}
    assert cathode["field_differs"] == {"demand": "电子信息", "achievement": "新材料"}
    assert cathode["price_over_budget"] == {"price": "300", "budget": "100"}
    assert cathode["maturity_early"] == {"offered": "小试", "wanted": "中试"}
    assert results["A2"].components["field"] == -1.0
    plain = MatchIndex(ACHIEVEMENTS, kind=ACHIEVEMENT, layers=without("structured")).search(STAMPING, top=5)
    assert all(code not in {r.code for r in plain[0].reasons} for code in ("field_same", "price_within_budget"))


def test_the_matched_terms_are_the_ones_both_texts_share():
    [(_, results)] = match_all([STAMPING], ACHIEVEMENTS, top=1)
    terms = next(r.params["terms"] for r in results[0].reasons if r.code == "matched_terms")
    assert "冲压件" in terms and "缺陷" in terms
    assert all(term in STAMPING.title + STAMPING.text for term in terms)


def test_the_semantic_layer_links_terms_the_library_uses_together():
    # 视觉 and 缺陷 co-occur across the library; the query says only 缺陷识别 in other words.
    library = [
        Record(f"L{i}", "视觉检测缺陷识别", "工业相机视觉检测划痕缺陷识别") for i in range(6)
    ] + [Record(f"M{i}", "锂离子电池正极", "锂离子电池正极材料循环寿命") for i in range(6)]
    documents = [Record("X1", "工业相机方案", "工业相机"), Record("X2", "电池寿命", "循环寿命")]
    index = MatchIndex(documents, kind=ACHIEVEMENT, library=library, layers=Layers(structured=False), weights=Weights(rank=2))
    results = index.search(Record("Q", "划痕识别", "视觉"), top=2)
    assert results[0].id == "X1"
    assert results[0].components["semantic"] > results[1].components.get("semantic", 0)


def test_randomized_svd_finds_the_leading_singular_vectors():
    from scipy import sparse

    generator = np.random.default_rng(1)
    matrix = sparse.random(60, 40, density=0.3, random_state=2, dtype=np.float32).tocsr()
    vectors = _randomized_svd(matrix, 5, iterations=6)
    _, _, exact = np.linalg.svd(matrix.toarray())
    assert generator is not None
    assert np.allclose(np.abs(np.sum(vectors * exact[:5].T, axis=0)), 1.0, atol=1e-3)


# --- reading files ------------------------------------------------------------------------------

def test_it_reads_structured_fields_from_json_lines():
    line = json.dumps({"id": 7, "title": "t", "trl": 6, "price": 50, "cooperation": ["许可", "技术转让"]}, ensure_ascii=False)
    [record] = read_jsonl([line], kind=ACHIEVEMENT, source="a.jsonl")
    assert record.id == "7" and record.amount == 50 and record.maturity == 2
    assert record.cooperation == ("技术许可", "技术转让")


@pytest.mark.parametrize("line, code", [
    ("{not json", "not_json"),
    ("[1, 2]", "line_not_object"),
    ('{"id": "D1"}', "field_missing"),
    ('{"id": "D1", "title": "t", "budget": "很多"}', "value_not_amount"),
    ('{"id": "D1", "title": "t", "cooperation": 3}', "value_not_list"),
])
def test_a_bad_line_is_named_by_file_and_line(line, code):
    with pytest.raises(CodedError) as caught:
        list(read_jsonl(['{"id": "D0", "title": "好的"}', "", line], kind=DEMAND, source="d.jsonl"))
    assert caught.value.message.code == "bad_line"
    assert caught.value.message.params["line"] == 3
    assert caught.value.message.params["error"].code == code


def test_a_repeated_id_is_refused():
    with pytest.raises(CodedError) as caught:
        list(read_jsonl(['{"id": "D1", "title": "a"}', '{"id": "D1", "title": "b"}'], kind=DEMAND, source="d"))
    assert caught.value.message.params["error"].params == {"id": "D1", "first": 1}


def test_the_engine_imports_no_django():
    code = (
        "import sys, kechuang.transfer.matching as m; "
        "m.match_all([m.Record('D', '检测')], [m.Record('A', '检测')]); "
        "print(any(name == 'django' or name.startswith('django.') for name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_engine_keeps_its_quality_on_the_development_set():
    """A regression guard on the dev set (fit, not generalisation: the weights were tuned on it)."""
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import match_score

    demands, achievements, grades = match_score.load(Path(__file__).resolve().parent / "dev_set")
    ndcg, recall = match_score.evaluate(match_score.engine(demands, achievements, Layers()), grades)
    baseline, _ = match_score.evaluate(match_score.baseline(demands, achievements), grades)
    assert ndcg >= 0.93 and recall >= 0.95
    assert ndcg >= baseline
