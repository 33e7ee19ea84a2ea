"""Indicators (quantitative targets) from plan tables and prose."""

from __future__ import annotations

import pytest

from kechuang.ingest.extract.indicators import extract_indicators, split_glued_values
from kechuang.ingest.extract.text import split_lines


def indicators_of(text: str) -> list[dict]:
    return extract_indicators(split_lines(text))


def only(text: str) -> dict:
    (indicator,) = indicators_of(text)
    return indicator


def target(indicator: dict) -> tuple:
    (first,) = indicator["targets"]
    return first["year"], first["value"], first["comparator"], first["relative"]


# --- prose ----------------------------------------------------------------------------------------


def test_it_reads_a_target_sentence():
    indicator = only("到2027年,全县科技型中小企业达到150家。")
    assert indicator["name"] == "科技型中小企业"
    assert indicator["unit"] == "家"
    assert indicator["scope"] == "全县"
    assert target(indicator) == (2027, 150, ">=", None)
    assert indicator["quote"] in "到2027年,全县科技型中小企业达到150家。"


@pytest.mark.parametrize(
    ("sentence", "comparator"),
    [
        ("到2027年,孵化器面积突破10万平方米。", ">="),
        ("到2027年,孵化器面积不少于10万平方米。", ">="),
        ("到2027年,孵化器面积10万平方米以上。", ">="),
        ("到2027年,孵化器面积达到10万平方米左右。", "="),
        ("到2027年,孵化器面积控制在10万平方米以内。", "<="),
        ("到2027年,孵化器面积不得低于10万平方米。", ">="),
        ("到2027年,孵化器面积应不低于10万平方米。", ">="),
        ("到2027年,孵化器面积不应少于10万平方米。", ">="),
        ("到2027年,孵化器面积至少达到10万平方米。", ">="),
        ("到2027年,孵化器面积不得超过10万平方米。", "<="),
        ("到2027年,孵化器面积不高于10万平方米。", "<="),
        ("到2027年,孵化器面积低于10万平方米。", "<="),
    ],
)
def test_the_comparator_follows_the_wording(sentence, comparator):
    indicator = only(sentence)
    assert (indicator["name"], indicator["unit"]) == ("孵化器面积", "万平方米")
    assert target(indicator) == (2027, 10, comparator, None)


@pytest.mark.parametrize(
    ("sentence", "relative", "comparator"),
    [
        ("到2027年,研发投入年均增长不低于10%。", "+10%/yr", ">="),
        ("到2027年,单位产值能耗下降不少于10%。", "x0.9", "<="),
    ],
)
def test_a_floor_word_after_a_growth_word_keeps_the_rate_relative(sentence, relative, comparator):
    (_, value, found_comparator, found_relative) = target(only(sentence))
    assert (value, found_comparator, found_relative) == (None, comparator, relative)


def test_an_energy_intensity_is_a_ceiling():
    assert target(only("到2027年,单位产值能耗达到0.5吨标煤/万元。"))[2] == "<="


def test_the_noun_may_follow_the_number():
    indicator = only("到2027年,新增5家以上市级工程技术研究中心。")
    assert indicator["name"] == "新增市级工程技术研究中心"
    assert target(indicator) == (2027, 5, ">=", None)


def test_a_range_gives_its_lower_bound():
    assert target(only("到2027年,引进3-5家高水平研发机构。"))[1] == 3


def test_several_quantities_in_one_sentence_are_several_indicators():
    names = [
        item["name"] for item in indicators_of("到2027年,建成众创空间12家、孵化器6家,培育瞪羚企业20家。")
    ]
    assert names == ["建成众创空间", "孵化器", "培育瞪羚企业"]


def test_one_target_for_a_list_of_rates_is_one_indicator_each():
    items = indicators_of("到2027年,污水处理率和垃圾无害化处理率均达到95%以上。")
    assert [item["name"] for item in items] == ["污水处理率", "垃圾无害化处理率"]
    assert {target(item) for item in items} == {(2027, 95, ">=", None)}


def test_a_quantity_that_qualifies_a_noun_is_part_of_the_name():
    indicator = only("到2027年,营业收入超5000万元的科技企业40家。")
    assert indicator["name"] == "营业收入超5000万元的科技企业"
    assert indicator["unit"] == "家"


def test_an_elided_subject_takes_the_previous_one():
    first, second = indicators_of("到2027年,研发经费支出达到30亿元,占地区生产总值比重2.8%。")
    assert second["name"] == "研发经费支出占地区生产总值比重"
    assert (second["unit"], target(second)[1]) == ("%", 2.8)


@pytest.mark.parametrize(
    ("sentence", "relative", "unit"),
    [
        ("到2027年,技术合同成交额翻一番。", "x2", None),
        ("到2027年,发明专利授权量年均增长12%。", "+12%/yr", None),
        ("到2027年,科技成果登记量每年增加8%。", "+8%/yr", None),
        ("到2027年,高企数量比2022年提高40%。", "x1.4", None),
        ("到2027年,公民科学素质达标率提高3个百分点。", "+3pp", "%"),
    ],
)
def test_relative_targets(sentence, relative, unit):
    indicator = only(sentence)
    assert indicator["unit"] == unit
    assert target(indicator) == (2027, None, ">=", relative)


def test_a_relative_and_a_level_of_one_quantity_are_one_target():
    indicator = only("到2027年,科技进步贡献率比2022年提高5个百分点,达到65%。")
    assert indicator["name"] == "科技进步贡献率"
    assert target(indicator) == (2027, 65, ">=", "+5pp")


def test_a_plan_period_end_is_its_year():
    assert target(only("到“十三五”末,专利申请量达到900件。"))[0] == 2020


def test_a_masked_year_is_none():
    assert target(only("到20XX年,专利申请量达到900件。"))[0] is None


def test_a_target_without_a_year_takes_the_plan_horizon():
    text = "某县“十五五”科技创新规划\n一、发展目标\n到2030年,高新技术企业达到80家。\n二、重点任务\n建设省级众创空间3家。"
    assert [target(item)[0] for item in indicators_of(text)] == [2030, 2030]


def test_a_recurring_target_has_no_year():
    assert target(only("到2027年,每年举办科技对接活动不少于10场。"))[0] is None


def test_a_base_year_is_not_the_target_year():
    assert target(only("到2027年,研发人员比“十四五”末增加20%。"))[0] == 2027


def test_a_bracketed_figure_after_a_target_is_its_baseline_not_its_year():
    text = "到2028年,全市科技企业达到500家（2022年为310家）；创新平台达到40个。"
    first, second = indicators_of(text)
    assert (first["name"], target(first)) == ("科技企业", (2028, 500, ">=", None))
    assert first["baseline"] == {"year": 2022, "value": 310}
    assert first["quote"] == "全市科技企业达到500家（2022年为310家）"
    assert target(second)[0] == 2028  # the bracket's year does not carry on


def test_per_year_targets_stated_respectively_are_one_indicator():
    (indicator,) = indicators_of(
        "到2028年,创新能力明显增强。2026年、2027年和2028年全市专利授权量分别达到800件、900件、1000件。"
    )
    assert (indicator["name"], indicator["scope"], indicator["unit"]) == ("专利授权量", "全市", "件")
    assert [(item["year"], item["value"]) for item in indicator["targets"]] == [
        (2026, 800),
        (2027, 900),
        (2028, 1000),
    ]


def test_a_budget_floor_is_a_target_but_a_plain_allocation_is_not():
    (indicator,) = indicators_of("到2028年,创新能力明显增强。市财政每年安排创新专项资金不低于800万元。")
    assert target(indicator) == (None, 800, ">=", None)
    assert indicators_of("到2028年,创新能力明显增强。每年从科技经费中安排20万元,用于表彰。") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "对新认定的企业给予最高50万元资助。",
        "每个研究院组织3个课题组。",
        "打造“五个平台”,实施“3311”工程。",
        "聚焦三个重点方向,发展六大产业。",
        "包括检测、中试、孵化等12个子平台。",
        "截至目前,已建成众创空间15家。",
        "围绕南湖10万吨项目开展建设。",
        "对年销售收入首次突破2亿元、8亿元的企业,分别给予20万元、40万元奖励。",
    ],
)
def test_it_leaves_out_what_is_not_a_target(sentence):
    assert indicators_of("到2027年,科技创新能力显著增强。" + sentence) == []


def test_a_policy_counts_only_its_goals():
    text = (
        "某某市支持科技企业发展若干措施\n一、工作目标\n到2027年,全市高新技术企业达到1500家。\n"
        "二、支持措施\n(一)对首次认定的企业给予20万元奖励。\n"
        "(二)申报企业须拥有有效知识产权2件以上,注册满1年。\n"
        "(三)支持企业新建研发机构50家。\n"
        "三、附则\n(一)到2026年,规上企业研发机构覆盖率达到60%。\n"
    )
    assert [(item["name"], target(item)[1]) for item in indicators_of(text)] == [
        ("高新技术企业", 1500),
        ("规上企业研发机构覆盖率", 60),
    ]


def test_a_plan_with_support_measures_still_reads_them():
    text = "某某区科技创新实施方案\n一、重点任务\n(一)支持企业新建研发机构50家。\n"
    assert [target(item)[1] for item in indicators_of(text)] == [50]


@pytest.mark.parametrize(
    "sentence",
    ["企业研发投入强度超过3%的,给予一次性奖励。", "相关部门在受理后10个工作日内完成审核。"],
)
def test_conditions_and_procedure_time_limits_are_not_targets(sentence):
    assert indicators_of("到2027年,创新能力明显增强。" + sentence) == []


def test_it_leaves_out_retrospective_sections():
    text = (
        "一、发展基础\n(一)主要成效\n全县高新技术企业达到60家。\n"
        "二、发展目标\n到2027年,全县高新技术企业达到100家。"
    )
    assert [target(item)[1] for item in indicators_of(text)] == [100]


def test_a_work_report_counts_only_its_plan():
    text = (
        "科技局2024年工作总结和2025年工作计划\n一、2024年工作完成情况\n新增高新技术企业30家。\n"
        "二、2025年工作计划\n力争新增高新技术企业40家。"
    )
    assert [target(item)[1] for item in indicators_of(text)] == [40]


def test_the_three_sector_structure_is_one_share_each():
    items = indicators_of("到2027年,三次产业比重调整为5∶40∶55。")
    assert [(item["name"][:4], target(item)[1], target(item)[2]) for item in items] == [
        ("第一产业", 5, "="),
        ("第二产业", 40, "="),
        ("第三产业", 55, "="),
    ]


def test_a_wrapped_paragraph_is_read_as_one():
    text = "到2027年,全县规模以上工业企业\n研发投入达到12亿元。"
    indicator = only(text)
    assert indicator["name"] == "规模以上工业企业研发投入"
    assert indicator["quote"] in text


@pytest.mark.parametrize("page", ["— 3 —", "- 3 -", "第3页"])
def test_a_sentence_cut_by_a_page_break_is_read_as_one(page):
    text = f"到2027年,全县规模以上工业企业\n\n{page}\n\n研发投入达到12亿元。"
    indicator = only(text)
    assert (indicator["name"], target(indicator)[1]) == ("规模以上工业企业研发投入", 12)
    assert indicator["quote"] in text


def test_a_blank_line_without_a_page_number_still_ends_a_paragraph():
    text = "到2027年,全县规模以上工业企业\n\n研发投入达到12亿元。"
    assert only(text)["name"] == "研发投入"


# --- tables ---------------------------------------------------------------------------------------


def test_it_reads_a_tab_separated_indicator_table():
    text = (
        "表1 主要指标\n序号\t指标名称\t单位\t2022年\t2027年\t属性\n"
        "1\t高新技术企业数量\t家\t120\t200\t预期性\n2\t研发投入强度\t%\t2.1\t2.8\t约束性\n"
        "到2027年,高新技术企业数量达到200家。"
    )
    first, second = indicators_of(text)
    assert (first["name"], first["unit"], first["attribute"]) == ("高新技术企业数量", "家", "预期性")
    assert first["baseline"] == {"year": 2022, "value": 120}
    assert target(first) == (2027, 200, ">=", None)
    assert first["quote"] == "1\t高新技术企业数量\t家\t120\t200\t预期性"
    assert (second["attribute"], target(second)[1]) == ("约束性", 2.8)


def test_it_reads_a_pipe_table_with_a_doubling_and_a_cumulative_cell():
    text = (
        "到2027年,创新能力明显增强。\n"
        "| 序号 | 指标名称 | 单位 | 2022年 | 2027年 | 指标属性 |\n"
        "|---|---|---|---|---|---|\n"
        "| 1 | 企业研发投入 | 亿元 | 12.5 | 翻一番 | 预期性 |\n"
        "| 2 | 新增孵化载体 | 家 | — | [25] | 约束性 |\n"
    )
    first, second = indicators_of(text)
    assert (first["name"], first["unit"], first["attribute"]) == ("企业研发投入", "亿元", "预期性")
    assert first["baseline"] == {"year": 2022, "value": 12.5}
    assert target(first) == (2027, None, ">=", "x2")
    assert first["quote"] == "| 1 | 企业研发投入 | 亿元 | 12.5 | 翻一番 | 预期性 |"
    assert (second["baseline"], target(second), second["attribute"]) == (
        None,
        (2027, 25, ">=", None),
        "约束性",
    )


@pytest.mark.parametrize("base", ["2024年基数", "2024年基期", "2024年基准值"])
def test_it_reads_a_space_aligned_table_without_a_serial_column(base):
    text = (
        "行动计划（2025—2027年）\n二、主要目标\n"
        f"指标名称              单位    {base}   2025年   2026年   2027年   属性\n"
        "技术合同成交额        亿元    3.2          4        5        6        预期性\n"
        "科技型中小企业        家      150          180      210      240      约束性\n"
        "三、重点任务\n"
        "建立企业培育库\n"
    )
    first, second = indicators_of(text)
    assert (first["name"], first["unit"], first["attribute"]) == ("技术合同成交额", "亿元", "预期性")
    assert first["baseline"] == {"year": 2024, "value": 3.2}
    assert [(item["year"], item["value"]) for item in first["targets"]] == [(2025, 4), (2026, 5), (2027, 6)]
    assert (second["name"], second["attribute"]) == ("科技型中小企业", "约束性")


def test_a_table_of_target_sentences_takes_the_attribute_of_its_header():
    text = "序号 类别 目标名称 具体内容(约束性)\n1 企业培育 瞪羚企业 全区瞪羚企业达到12家\n  孵化载体 新建孵化器3家\n一、主要任务"
    items = indicators_of("“十四五”规划\n" + text)
    assert [(item["name"], item["attribute"]) for item in items] == [
        ("瞪羚企业", "约束性"),
        ("新建孵化器", "约束性"),
    ]
    assert items[0]["scope"] == "全区"


def test_it_reads_a_table_flattened_into_one_line():
    text = "主要指标序号指标名称单位2022 年2027 年属性1研发投入强度%2.12.8预期性2高新技术企业数量家120200预期性。"
    first, second = indicators_of(text)
    assert (first["name"], first["unit"], first["baseline"]["value"], target(first)[1]) == (
        "研发投入强度",
        "%",
        2.1,
        2.8,
    )
    assert (second["name"], second["baseline"]["value"], target(second)) == (
        "高新技术企业数量",
        120,
        (2027, 200, ">=", None),
    )
    assert second["quote"] == "2高新技术企业数量家120200预期性"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("4941000", [494, 1000]),
        ("1220", [12, 20]),
        ("56.2860", [56.28, 60]),
        ("3960", [39, 60]),
        ("-3", [None, 3]),
        ("494 1000", [494, 1000]),
    ],
)
def test_it_cuts_glued_table_values(text, values):
    assert split_glued_values(text, 2) == values


def test_a_table_and_the_prose_stating_the_same_target_are_one_indicator():
    text = "序号\t指标名称\t单位\t2027年\n1\t技术合同成交额\t亿元\t50\n到2027年,技术合同成交额突破50亿元,实现翻一番。"
    (indicator,) = indicators_of(text)
    assert indicator["quote"].startswith("1\t")


def test_the_same_quantity_in_two_units_is_one_indicator():
    text = "到2027年,全市专业技术人员总量达到50000人左右。\n到2027年,专业技术人员总量达到5万人左右。"
    assert len(indicators_of(text)) == 1


def test_a_shared_measure_after_a_list_goes_to_each_item():
    items = indicators_of("到2027年,全县企业数字化研发、数字化管理的普及率达到80%以上。")
    assert [item["name"] for item in items] == ["企业数字化研发普及率", "企业数字化管理普及率"]


def test_a_growth_rate_and_a_share_of_the_same_quantity_stay_apart():
    items = indicators_of("到2027年,数字经济增加值年均增长10%,数字经济增加值占生产总值的比重达12%。")
    assert [item["name"] for item in items] == ["数字经济增加值", "数字经济增加值占生产总值的比重"]


# --- years of a plan ------------------------------------------------------------------------------


def test_an_annual_work_plan_sets_the_year_of_its_targets():
    text = (
        "某区工业和信息化局2026年工作要点\n2026年是“十五五”开局之年。\n一、主要目标\n"
        "新增专精特新企业25家,工业投资增长8%。"
    )
    assert [target(item)[0] for item in indicators_of(text)] == [2026, 2026]


def test_a_target_without_a_year_takes_the_later_of_two_horizons():
    text = (
        "某市科技创新行动方案\n一、主要目标\n到2027年,全市高新技术企业达到300家。\n"
        "到2030年,全市高新技术企业达到500家。\n二、重点任务\n新建省级研发平台20个。"
    )
    (*_, platforms) = indicators_of(text)
    assert (platforms["name"], target(platforms)[0]) == ("新建省级研发平台", 2030)


def test_a_vision_year_is_not_the_horizon():
    text = "某市科技创新规划\n到2025年,高新技术企业达到300家。展望到2035年,建成创新型城市。\n新建研发平台20个。"
    assert [target(item)[0] for item in indicators_of(text)] == [2025, 2025]


def test_the_period_in_the_title_is_the_horizon():
    text = (
        "某市数字经济发展规划(2024—2040年)\n一、发展目标\n到2030年,数字经济核心产业增加值达到900亿元。\n"
        "二、重点任务\n建成算力中心4个。"
    )
    assert [target(item)[0] for item in indicators_of(text)] == [2030, 2040]


@pytest.mark.parametrize(
    "sentence",
    [
        "截至2023年底,全区共有孵化器12家。到2028年,全区众创空间达到30家。",
        "到2028年,全区众创空间由2023年底的18家增加到30家。",
        "到2028年,全区众创空间从2023年的18家提高到30家,孵化器达到20家。",
    ],
)
def test_a_year_that_dates_the_baseline_is_not_a_target_year(sentence):
    items = indicators_of("某区“十五五”规划\n" + sentence)
    assert {target(item)[0] for item in items} == {2028}
    assert target(items[0])[1] == 30


def test_a_from_to_sentence_gives_the_baseline_and_the_target():
    indicator = only("到2028年,全区众创空间数量由2023年底的18家增加到30家。")
    assert indicator["name"] == "众创空间数量"
    assert indicator["baseline"] == {"year": 2023, "value": 18}
    assert target(indicator) == (2028, 30, ">=", None)


@pytest.mark.parametrize(
    ("sentence", "relative", "comparator"),
    [
        ("到2028年,全县规上企业数量实现翻番,达到240家左右。", "x2", "="),
        ("到2028年,全县规上企业数量实现倍增,由2023年的120家增至240家以上。", "x2", ">="),
    ],
)
def test_a_doubling_and_its_level_are_one_indicator(sentence, relative, comparator):
    indicator = only(sentence)
    assert indicator["name"] == "规上企业数量"
    assert indicator["scope"] == "全县"
    assert target(indicator) == (2028, 240, comparator, relative)
    assert "240" in indicator["quote"]


def test_a_doubling_programme_is_not_a_target():
    text = "某县科技型企业倍增行动方案(2024—2026年)\n成立县科技型企业倍增行动工作专班。\n到2026年,科技型企业达到300家。"
    assert [item["name"] for item in indicators_of(text)] == ["科技型企业"]


@pytest.mark.parametrize(
    ("text", "count", "values"),
    [
        ("240036005000", 3, [2400, 3600, 5000]),
        ("1.62.43.2", 3, [1.6, 2.4, 3.2]),
        ("3.1712", 3, [3.1, 7, 12]),
        ("-1530", 3, [None, 15, 30]),
        ("0.520.45", 2, [0.52, 0.45]),
    ],
)
def test_it_cuts_glued_values_into_the_header_columns(text, count, values):
    assert split_glued_values(text, count) == values


def test_a_flattened_table_with_two_target_years_gives_two_targets():
    text = (
        "某市科技创新规划(2026—2040年)\n"
        "序号指标名称单位2025年2030年2040年属性1研发投入强度%2.22.83.6预期性2专精特新企业数量家240036005000预期性"
    )
    first, second = indicators_of(text)
    assert first["baseline"] == {"year": 2025, "value": 2.2}
    assert [(t["year"], t["value"]) for t in first["targets"]] == [(2030, 2.8), (2040, 3.6)]
    assert [(t["year"], t["value"]) for t in second["targets"]] == [(2030, 3600), (2040, 5000)]


def test_the_targets_of_one_quantity_for_two_years_are_one_indicator():
    text = "到2030年,全市研发人员达到8万人年。到2040年,全市研发人员达到15万人年,技术合同成交额达到900亿元。"
    first, second = indicators_of(text)
    assert (first["name"], first["unit"]) == ("研发人员", "万人年")
    assert [(t["year"], t["value"]) for t in first["targets"]] == [(2030, 8), (2040, 15)]
    assert second["name"] == "技术合同成交额"


def test_a_prose_target_for_a_table_year_joins_the_table_row():
    text = (
        "序号\t指标名称\t单位\t2025年\t2030年\t2040年\n1\t研发投入强度\t%\t2.2\t2.8\t3.6\n"
        "到2040年,研发投入强度达到3.6%。"
    )
    (indicator,) = indicators_of(text)
    assert [t["year"] for t in indicator["targets"]] == [2030, 2040]


# --- comparators, numerals and what is not a target -----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "comparator"),
    [
        ("到2027年,企业研发投入占比不低于4%。", ">="),
        ("到2027年,企业研发投入占比低于4%。", "<="),
        ("到2027年,项目审批时限压缩至12个工作日以内。", "<="),
        ("到2027年,项目审批时限缩短到12个工作日。", "<="),
    ],
)
def test_floors_and_ceilings(sentence, comparator):
    assert target(only(sentence))[2] == comparator


def test_a_ceiling_verb_is_not_part_of_the_name():
    indicator = only("到2027年,项目审批时限压缩至12个工作日以内。")
    assert (indicator["name"], indicator["unit"]) == ("项目审批时限", "个工作日")


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("到2027年,建成人才公寓两千套。", 2000),
        ("到2027年,引进青年人才一千五百人。", 1500),
    ],
)
def test_a_large_count_in_chinese_numerals_is_a_target(sentence, value):
    assert target(only(sentence))[1] == value


@pytest.mark.parametrize(
    "sentence",
    [
        "二季度完成企业研发费用摸底300家。",
        "上半年组织企业开展对接活动20场,下半年再组织15场。",
        "9月底前完成首批80家企业的评价。",
        "对软件企业减按10%税率征收企业所得税。",
        "落实小微企业按5%的税率缴纳所得税政策。",
        "聚焦四个领域组织开展八项行动。",
    ],
)
def test_milestones_and_tax_rates_are_not_targets(sentence):
    assert indicators_of("某区2026年工作要点\n一、主要目标\n" + sentence) == []


def test_cells_of_a_tab_separated_row_are_not_one_quantity():
    text = "某区2026年工作要点\n序号\t工作任务\t牵头单位\n3\t支部共建活动\t区委组织部\n7   个人所得税改革   区税务局"
    assert indicators_of(text) == []


# --- names and baselines --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("到2027年,新认定市级工程技术中心、企业技术中心、重点实验室等创新平台45家。", "新认定市级创新平台"),
        ("到2027年,孵化企业每年不少于80家。", "每年孵化企业"),
        ("到2027年,每年评选“小巨人”企业12家给予专项奖励。", "每年评选“小巨人”企业"),
        ("到2027年,设立总规模30亿元的天使投资基金。", "天使投资基金总规模"),
        ("到2027年,新建建筑面积20万平方米的人才公寓。", "人才公寓建筑面积"),
    ],
)
def test_names_keep_what_is_measured(sentence, name):
    assert only(sentence)["name"] == name


def test_a_revenue_threshold_that_picks_firms_is_not_a_target():
    text = "到2027年,年营业收入2亿元以上企业全部设立研发机构,研发机构覆盖率达到90%。"
    assert [item["name"] for item in indicators_of(text)] == ["研发机构覆盖率"]


def test_a_target_takes_its_baseline_and_unit_from_the_dated_retrospective():
    text = (
        "某区2026年工作要点\n一、2025年工作回顾\n2025年,全区专利授权量达到1200件,技术合同成交额18亿元;"
        "新增孵化器3家。\n二、2026年主要目标\n专利授权量增长10%,技术合同成交额达到21亿元,新增孵化器4家。"
    )
    patents, contracts, incubators = indicators_of(text)
    assert (patents["unit"], patents["baseline"]) == ("件", {"year": 2025, "value": 1200})
    assert target(patents) == (2026, None, ">=", "+10%/yr")
    assert contracts["baseline"] == {"year": 2025, "value": 18}
    assert incubators["baseline"] is None  # a count of new items has no level


def test_an_undated_achieved_figure_is_no_baseline():
    text = "一、发展基础\n全区专利授权量达到1200件。\n二、发展目标\n到2030年,专利授权量年均增长10%。"
    indicator = only(text)
    assert (indicator["unit"], indicator["baseline"]) == (None, None)


def test_a_heading_that_states_a_year_dates_its_section():
    text = (
        "某市创新发展规划(2026—2040年)\n一、发展目标\n(一)到2030年的目标\n1.研发平台\n建成省级研发平台60个。\n"
        "2.人才\n集聚高层次人才800人。\n(二)远景目标\n建成省级研发平台150个。\n二、重点任务\n培育独角兽企业3家。"
    )
    assert [(item["name"], [t["year"] for t in item["targets"]]) for item in indicators_of(text)] == [
        ("建成省级研发平台", [2030, 2040]),
        ("集聚高层次人才", [2030]),
        ("培育独角兽企业", [2040]),
    ]


def test_attachments_codes_and_phone_numbers_are_not_targets():
    text = (
        "某市科技创新行动方案(2024—2026年)\n到2026年,科技型企业达到500家。\n"
        "附件:1.2025年度项目申报指南(共3个附件)\n咨询热线12345人工服务,传真0571-87654322。"
    )
    assert [item["name"] for item in indicators_of(text)] == ["科技型企业"]


def test_the_five_year_period_of_the_title_is_the_horizon_over_a_milestone_year():
    text = "某县“十五五”生态环境保护规划\n到2030年,森林覆盖率达到45%。\n力争到2028年建成污水处理厂3座。\n新建公园12个。"
    assert [target(item)[0] for item in indicators_of(text)] == [2030, 2028, 2030]


def test_a_cumulative_table_cell_in_brackets_is_read():
    text = "序号\t指标\t单位\t2025年\t2030年\t属性\n1\t单位GDP能耗降低\t%\t—\t[13.5]\t约束性"
    indicator = only("某县“十五五”规划\n" + text)
    assert (indicator["baseline"], target(indicator)[1], indicator["attribute"]) == (None, 13.5, "约束性")


def test_respectively_pairs_each_name_with_its_value():
    items = indicators_of("到2030年,省级众创空间、孵化器分别达到12个、8个左右。")
    assert [(item["name"], target(item)[1], target(item)[2]) for item in items] == [
        ("省级众创空间", 12, ">="),
        ("孵化器", 8, "="),
    ]


def test_a_growth_word_after_the_rate_is_a_yearly_growth():
    indicator = only("到2030年,全县规上工业增加值保持年均8%以上的增长。")
    assert indicator["name"] == "规上工业增加值"
    assert target(indicator) == (2030, None, ">=", "+8%/yr")
    assert indicator["quote"].endswith("的增长")


def test_a_title_is_not_joined_onto_the_next_line():
    indicator = only("某县“十五五”生态环境保护规划\n力争到2028年建成污水处理厂3座。")
    assert indicator["name"] == "建成污水处理厂"
    assert target(indicator)[0] == 2028


def test_a_year_on_year_growth_is_a_target_in_a_work_plan():
    text = (
        "某区科技局2026年工作计划\n二、2026年主要目标\n"
        "力争全年专利授权量同比增长12%,研发投入强度较上年提高0.2个百分点,科技型企业总数突破900家。"
    )
    items = indicators_of(text)
    assert [(item["name"], target(item)) for item in items] == [
        ("专利授权量", (2026, None, ">=", "+12%/yr")),
        ("研发投入强度", (2026, None, ">=", "+0.2pp")),
        ("科技型企业总数", (2026, 900, ">=", None)),
    ]


def test_a_sentence_dated_before_the_plan_is_its_baseline():
    text = (
        "某区科技局2026年工作计划\n二、主要目标\n2025年,全区科技型企业总数达到760家,同比增长9%。"
        "2026年,科技型企业总数突破900家。"
    )
    indicator = only(text)
    assert indicator["baseline"] == {"year": 2025, "value": 760}
    assert target(indicator) == (2026, 900, ">=", None)


def test_a_unit_after_the_name_in_a_table_is_the_unit():
    text = "指标名称\t单位\t2025年\t2030年\n研发人员数（万人）\t\t1.2\t2\n研发投入强度(%)\t%\t2.1\t2.6"
    items = indicators_of("某市“十五五”规划\n" + text)
    assert [(item["name"], item["unit"]) for item in items] == [("研发人员数", "万人"), ("研发投入强度", "%")]


@pytest.mark.parametrize(
    ("sentence", "name", "relative"),
    [
        ("到2030年,单位GDP能耗下降13.5%。", "单位GDP能耗", "x0.865"),
        ("到2030年,企业开办时间平均压缩40%。", "企业开办时间", "x0.6"),
        ("到2030年,单位GDP二氧化碳排放年均下降3%。", "单位GDP二氧化碳排放", "-3%/yr"),
        ("到2030年,城镇调查失业率降低0.5个百分点。", "城镇调查失业率", "-0.5pp"),
    ],
)
def test_a_reduction_is_a_falling_relative_target_and_a_ceiling(sentence, name, relative):
    indicator = only(sentence)
    assert indicator["name"] == name
    assert target(indicator)[1:] == (None, "<=", relative)


def test_a_subject_left_out_after_a_semicolon_is_the_last_one():
    indicator = only("到2027年,集成电路产业规模突破100亿元;到2030年达到200亿元。")
    assert [(t["year"], t["value"]) for t in indicator["targets"]] == [(2027, 100), (2030, 200)]


def test_a_total_after_a_growth_rate_is_the_same_quantity():
    indicator = only("到2030年,软件业务收入年均增长15%,总量达到150亿元。")
    assert (indicator["name"], indicator["unit"]) == ("软件业务收入", "亿元")
    assert target(indicator) == (2030, 150, ">=", "+15%/yr")


@pytest.mark.parametrize(
    "sentence",
    [
        "对认定的省级孵化器,按不超过建设投资的20%给予补助。",
        "每季度召开1次工作例会,每月报送1次进展。",
    ],
)
def test_subsidy_rates_and_working_schedules_are_not_targets(sentence):
    assert indicators_of("到2027年,科技创新能力显著增强。" + sentence) == []


def test_a_parenthesised_heading_number_is_no_part_of_the_name():
    assert only("到2027年:\n(三)培育科技型企业300家。")["name"] == "培育科技型企业"


def test_a_year_in_chinese_digits_is_a_target_year():
    assert target(only("到二〇二七年,全县高新技术企业达到120家。"))[0] == 2027


def test_a_table_row_for_energy_use_or_set_below_its_baseline_is_a_ceiling():
    text = (
        "某市“十四五”节能规划\n序号指标名称单位2020年2025年属性"
        "1万元GDP能耗吨标准煤/万元0.450.4约束性2城镇登记失业率%4.23.8预期性3新增孵化器个—10预期性"
    )
    assert [(item["unit"], target(item)[2]) for item in indicators_of(text)] == [
        ("吨标准煤/万元", "<="),
        ("%", "<="),
        ("个", ">="),
    ]


def test_a_table_copied_one_cell_per_line_is_read_by_rows():
    text = (
        "某区“十五五”科技创新规划\r\n序号\r\n指标名称\r\n单位\r\n2025年\r\n2030年\r\n1\r\n研发投入强度\r\n%\r\n2.2\r\n3\r\n"
        "2\r\n技术合同成交额\r\n亿元\r\n40\r\n90\r\n二、重点任务\r\n新建孵化器3家。"
    )
    first, second, third = indicators_of(text)
    assert (first["name"], first["baseline"], target(first)) == (
        "研发投入强度",
        {"year": 2025, "value": 2.2},
        (2030, 3, ">=", None),
    )
    assert (second["name"], second["unit"], target(second)[1]) == ("技术合同成交额", "亿元", 90)
    assert second["quote"] in text and second["quote"].startswith("2\r\n技术")
    assert third["name"] == "新建孵化器"


def test_a_five_year_plan_titled_in_full_has_its_period_end_as_horizon():
    text = "某市国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要\n力争到2028年建成算力中心2个。\n建成5G基站1万个。"
    assert [target(item)[0] for item in indicators_of(text)] == [2028, 2030]


def test_a_double_space_inside_a_sentence_does_not_cut_it():
    assert target(only("到 2027 年,全区高新技术企业  达到 200 家。"))[1] == 200


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("关于印发某区2026年度科技创新重点工作任务安排的通知", 2026),
        ("某市2026年度科技成果转化行动方案", 2026),
        ("某市科技成果转化行动计划(2025—2027年)", 2027),
        ("某市2025—2027年科技成果转化行动计划", 2027),
    ],
)
def test_the_plan_year_from_its_title(title, year):
    assert target(only(title + "\n新建中试基地3个。"))[0] == year


def test_chapters_and_sections_bound_a_retrospective():
    text = (
        "某市“十五五”科技创新规划\n第一章 发展基础\n第一节 主要成就\n全市高新技术企业达到1200家。\n"
        "第二章 发展目标\n到2030年,全市高新技术企业达到2000家。\n第三章 主要任务\n新建孵化器5家。"
    )
    assert [target(item)[1] for item in indicators_of(text)] == [2000, 5]


def test_a_bare_modifier_names_nothing_and_a_full_stop_ends_a_subject():
    text = "到2030年,政务热线响应时间缩短至2小时。建立市级专项资金,每年不少于2000万元。建议使用1920×1080分辨率浏览。"
    assert [(item["name"], item["unit"]) for item in indicators_of(text)] == [("政务热线响应时间", "小时")]


def test_a_table_without_a_unit_column_takes_the_units_after_the_names():
    text = "某市“十五五”规划\n指标名称\t2025年\t2030年\t指标属性\n研发投入强度（%）\t2.2\t3.0\t预期性\n高新技术企业数（家）\t800\t1500\t预期性"
    items = indicators_of(text)
    assert [(item["name"], item["unit"], target(item)[1]) for item in items] == [
        ("研发投入强度", "%", 3),
        ("高新技术企业数", "家", 1500),
    ]


def test_a_table_of_projects_by_year_is_not_an_indicator_table():
    text = "某市“十五五”规划\n项目\t2026年\t2027年\n智能制造产业园\t12\t30\n研发投入强度（%）\t2.4\t2.6"
    assert [item["name"] for item in indicators_of(text)] == ["研发投入强度"]


@pytest.mark.parametrize(
    ("sentence", "relative"),
    [
        ("到2027年,专利授权量比2024年增长1倍。", "x2"),
        ("到2027年,专利授权量增长一倍。", "x2"),
        ("到2027年,专利授权量提高到3倍。", "x3"),
        ("到2027年,专利授权量是2024年的2.5倍。", "x2.5"),
        ("到2027年,专利授权量翻两番。", "x4"),
    ],
)
def test_multiples_in_words_and_times(sentence, relative):
    indicator = only(sentence)
    assert (indicator["name"], target(indicator)) == ("专利授权量", (2027, None, ">=", relative))


def test_the_level_of_a_year_before_the_horizon_is_the_baseline():
    items = indicators_of(
        "到2030年,全市研发投入强度2025年为2.3%,2030年达到3%;孵化器2025年为40家,到2030年突破60家。"
    )
    assert [(item["name"], item["baseline"], target(item)[:2]) for item in items] == [
        ("研发投入强度", {"year": 2025, "value": 2.3}, (2030, 3)),
        ("孵化器", {"year": 2025, "value": 40}, (2030, 60)),
    ]
    assert items[0]["quote"] == "全市研发投入强度2025年为2.3%,2030年达到3%"


def test_an_intermediate_year_stated_with_wei_stays_a_target():
    indicator = only("某市科技创新规划(2026—2035年)\n研发投入强度2030年为3%,2035年为3.5%。")
    assert [(t["year"], t["value"]) for t in indicator["targets"]] == [(2030, 3), (2035, 3.5)]


def test_a_circled_number_and_a_net_increase_stay_out_of_names():
    items = indicators_of("到2027年:\n②高新技术企业净增40家,总数达到150家。")
    assert [item["name"] for item in items] == ["高新技术企业净增", "高新技术企业总数"]


def test_a_retrospective_heading_dates_its_figures():
    text = (
        "某区科技局2025年工作总结和2026年工作计划\n一、2025年工作完成情况\n全年技术合同成交额达到12亿元。\n"
        "二、2026年工作计划\n2026年,力争技术合同成交额增长15%。"
    )
    indicator = only(text)
    assert (indicator["unit"], indicator["baseline"]) == ("亿元", {"year": 2025, "value": 12})


def test_a_rank_target_is_a_ceiling():
    items = indicators_of("到2027年,区域创新能力跃居全省前10位,引进前沿科技人才100名。")
    assert [(item["name"], item["unit"], target(item)[1:3]) for item in items] == [
        ("区域创新能力全省排名", "位", (10, "<=")),
        ("引进前沿科技人才", "名", (100, ">=")),
    ]


def test_an_attribute_in_brackets_after_a_target_is_its_attribute():
    items = indicators_of("到2027年,单位GDP能耗下降13.5%(约束性),研发投入强度达到3%(预期性指标)。")
    assert [item["attribute"] for item in items] == ["约束性", "预期性"]


def test_space_aligned_rows_of_numbers_are_not_joined_as_prose():
    text = (
        "某县“十五五”规划\n序号  指标名称            单位    2025年   2030年   属性\n"
        "1     研发机构覆盖率      %       32       50       约束性\n"
        "2     科学素质比例        %       8.1      12       约束性\n注:第2项按省口径测算。"
    )
    assert [(item["name"], target(item)[1]) for item in indicators_of(text)] == [
        ("研发机构覆盖率", 50),
        ("科学素质比例", 12),
    ]


def test_a_page_break_in_a_crlf_document_keeps_the_quote_exact():
    text = "到2027年,全县规模以上工业企业\r\n\r\n- 3 -\r\n\r\n研发投入达到12亿元。"
    indicator = only(text)
    assert indicator["name"] == "规模以上工业企业研发投入"
    assert indicator["quote"] in text


# --- subjects and verbs shared across clauses -----------------------------------------------------


def test_a_subject_named_before_a_colon_is_that_of_the_target_after_it():
    indicator = only("一、发展目标\n专精特新企业：到2026年达到45家。")
    assert (indicator["name"], indicator["unit"]) == ("专精特新企业", "家")
    assert target(indicator) == (2026, 45, ">=", None)
    assert indicator["quote"] == "专精特新企业：到2026年达到45家"


def test_items_listed_after_an_increase_share_its_verb():
    names = [item["name"] for item in indicators_of("到2026年，新增众创空间5家、科技企业孵化器3家。")]
    assert names == ["新增众创空间", "新增科技企业孵化器"]


def test_a_total_after_a_net_increase_is_the_quantity_itself():
    increase, total = indicators_of("到2026年，瞪羚企业净增20家，总量达到90家。")
    assert (increase["name"], target(increase)[1]) == ("瞪羚企业净增", 20)
    assert (total["name"], target(total)[1]) == ("瞪羚企业", 90)
