from __future__ import annotations

import re

import pytest

from kechuang.ingest import review
from kechuang.ingest.messages import review_error_text
from kechuang.ingest.review import ReviewError

EXTRACTION = {
    "indicators": [
        {"name": "高新技术企业数量", "unit": "家", "scope": None, "baseline": {"year": 2020, "value": 494},
         "targets": [{"year": 2025, "value": 1000, "comparator": ">=", "relative": None}], "attribute": "预期性",
         "quote": "高新技术企业数量家4941000预期性"},
        {"name": "研发投入强度", "unit": "%", "scope": None, "baseline": None,
         "targets": [{"year": 2025, "value": None, "comparator": ">=", "relative": "+1pp"}], "attribute": None, "quote": "提高1个百分点"},
    ],
    "tasks": [
        {"number": "一.1", "title": "培育创新主体", "lead_units": ["区科工信局"], "support_units": ["区财政局", "科工信局"],
         "deadline": "2025-12", "quote": "责任单位：区科工信局、区财政局"},
        {"number": "一.2", "title": "建设孵化载体", "lead_units": ["区商务局"], "support_units": [], "deadline": None, "quote": "责任单位：区商务局"},
    ],
}
TEXT = "某某区“十四五”科技创新规划\n到2025年，高新技术企业数量家4941000预期性\n研发投入强度提高1个\n百分点。"


def fresh() -> dict:
    return review.initial_review(TEXT, EXTRACTION, "plan.txt", {"区财政局": 7})


def test_it_proposes_the_plan_title_and_period_from_the_document():
    plan = fresh()["plan"]
    assert plan == {
        "title": "某某区“十四五”科技创新规划", "start_year": 2021, "end_year": 2025, "horizons": [2025], "level": "区",
    }


def test_it_accepts_everything_and_matches_known_units_at_first():
    state = fresh()
    assert [e["decision"] for e in state["indicators"] + state["tasks"]] == ["accept"] * 4
    assert state["units"]["区财政局"]["organization_id"] == 7
    assert state["units"]["区科工信局"]["organization_id"] is None
    assert list(state["units"]) == ["区科工信局", "区财政局", "科工信局", "区商务局"]


def test_it_rejects_and_edits_without_touching_the_previous_state():
    state = fresh()
    rejected = review.decide(state, "tasks", 1, "reject")
    assert state["tasks"][1]["decision"] == "accept"
    assert [t["title"] for t in review.accepted(rejected, "tasks")] == ["培育创新主体"]
    edited = review.decide(state, "indicators", 0, "accept", {
        "name": "高新技术企业", "unit": "家", "baseline": {"year": "2020", "value": "494"},
        "targets": [{"year": "2025", "value": "1200", "comparator": ">=", "relative": ""}], "quote": "q"})
    item = edited["indicators"][0]["item"]
    assert (item["name"], item["targets"][0]["value"], item["baseline"]["year"]) == ("高新技术企业", 1200.0, 2020)
    assert edited["indicators"][0]["edited"] is True


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"name": "", "targets": [{"value": "1"}]}, "指标名称"),
        ({"name": "x", "targets": []}, "至少需要一个目标"),
        ({"name": "x", "targets": [{"value": "abc"}]}, "不是数字"),
        ({"name": "x", "targets": [{"value": "1", "year": "25"}]}, "不是有效年份"),
        ({"name": "x", "targets": [{"relative": "x-2"}]}, "相对目标"),
        ({"name": "x", "targets": [{"value": "1", "comparator": ">"}]}, "比较方式"),
        ({"name": "x", "targets": [{"year": "2025"}]}, "至少填写一项"),
    ],
)
def test_it_refuses_bad_indicator_edits_naming_the_field(edit, message):
    with pytest.raises(ReviewError) as error:
        review.decide(fresh(), "indicators", 0, "accept", edit)
    assert re.search(message, review_error_text(error.value))


def test_it_refuses_bad_task_edits():
    with pytest.raises(ReviewError) as error:
        review.decide(fresh(), "tasks", 0, "accept", {"title": "t", "lead_units": []})
    assert re.search("牵头单位", review_error_text(error.value))
    with pytest.raises(ReviewError) as error:
        review.decide(fresh(), "tasks", 0, "accept", {"title": "t", "lead_units": ["a"], "deadline": "明年"})
    assert re.search("完成时限", review_error_text(error.value))


def test_it_registers_units_introduced_by_an_edit():
    state = review.decide(fresh(), "tasks", 1, "accept", {"title": "建设孵化载体", "lead_units": ["区人社局"], "support_units": []})
    assert state["units"]["区人社局"] == {"organization_id": None, "merged_into": None}


def test_it_merges_units_and_follows_merges():
    state = review.merge_unit(fresh(), "科工信局", "区科工信局")
    assert review.resolve_unit(state, "科工信局") == "区科工信局"
    with pytest.raises(ReviewError) as error:
        review.merge_unit(state, "区科工信局", "科工信局")
    assert re.search("反向合并", review_error_text(error.value))
    with pytest.raises(ReviewError) as error:
        review.merge_unit(state, "区商务局", "区商务局")
    assert re.search("它自己", review_error_text(error.value))


def test_it_locates_a_quote_across_line_breaks():
    start, end = review.locate(TEXT, "研发投入强度提高1个百分点")
    assert TEXT[start:end] == "研发投入强度提高1个\n百分点"
    assert review.locate(TEXT, "不存在的句子") is None


def test_it_validates_plan_details():
    assert review.clean_plan({"title": "规划", "start_year": "2021", "end_year": "2025", "horizons": ["2035"]})["horizons"] == [2025, 2035]
    with pytest.raises(ReviewError) as error:
        review.clean_plan({"title": "规划", "start_year": "2026", "end_year": "2025"})
    assert re.search("不能早于", review_error_text(error.value))


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("某某区“十四五”科技创新规划", "区"),
        ("东川经济技术开发区科技创新三年行动计划", None),
        ("东川市高新区管委会关于印发东川市科技创新方案的通知", "市"),
        ("某某县科技创新规划", "县"),
    ],
)
def test_it_takes_no_level_from_the_qu_of_a_development_zone(title, level):
    # The level the review proposes is the extractor's, so the commit prefixes names as it did.
    assert review.guess_plan(title + "\n到2025年，建成平台5个。", {}, "a.txt")["level"] == level


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"horizons": "2025，二〇三五"}, "目标年份：“二〇三五”不是数字"),
        ({"horizons": {"year": 2030}}, "目标年份：格式不正确"),
        ({"horizons": "2019"}, "目标年份：2019 年早于起始年 2021 年"),
        ({"start_year": "1800"}, "起始年：“1800”不是有效年份（应为 1949 至 2100 年之间的整数）"),
        ({"end_year": "2025.5"}, "目标年：“2025.5”不是有效年份"),
        ({"start_year": "1990", "end_year": "2035"}, "规划期：起始年到目标年相差 45 年，不能超过 30 年"),
        ({"title": "规" * 201}, "规划名称：不能超过 200 个字"),
        ({"level": "村"}, "规划层级：“村”无效"),
    ],
)
def test_every_plan_field_is_validated_with_a_chinese_message(data, message):
    plan = {"title": "某区规划", "start_year": "2021", "end_year": "2025", "horizons": [], **data}
    with pytest.raises(ReviewError) as error:
        review.clean_plan(plan)
    assert message in review_error_text(error.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"lead_units": "区科技局"}, "牵头单位：应为名称列表"),
        ({"leaders": ["张" * 41]}, "责任领导：不能超过 40 个字"),
        ({"deadline": "1900-05"}, "完成时限：“1900”不是有效年份"),
        ({"recurrence": "daily"}, "完成频次：“daily”无效"),
        ({"number": "1" * 41}, "任务编号：不能超过 40 个字"),
    ],
)
def test_every_task_field_is_validated_with_a_chinese_message(data, message):
    task = {"title": "建设平台", "lead_units": ["区科技局"], "support_units": [], **data}
    with pytest.raises(ReviewError) as error:
        review.clean_task(task)
    assert message in review_error_text(error.value)


def test_a_task_keeps_its_leaders_and_recurrence_through_review():
    cleaned = review.clean_task(
        {"title": "开展政策宣讲", "lead_units": ["区科技局"], "leaders": ["王明", "王明", "赵兵"], "recurrence": "quarterly"}
    )
    assert (cleaned["leaders"], cleaned["recurrence"]) == (["王明", "赵兵"], "quarterly")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"unit": "家" * 31}, "计量单位：不能超过 30 个字"),
        ({"targets": "2025"}, "目标：格式不正确"),
        ({"baseline": "100"}, "基期：格式不正确"),
        ({"targets": [{"year": "2025", "value": "nan"}]}, "第 1 个目标值：“nan”不是数字"),
    ],
)
def test_every_indicator_field_is_validated_with_a_chinese_message(data, message):
    indicator = {"name": "高新技术企业", "targets": [{"year": "2025", "value": "100"}], **data}
    with pytest.raises(ReviewError) as error:
        review.clean_indicator(indicator)
    assert message in review_error_text(error.value)
