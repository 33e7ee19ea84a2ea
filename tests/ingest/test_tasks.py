"""Tasks and responsible units from plan documents."""

from __future__ import annotations

import pytest

from kechuang.ingest.extract.tasks import extract_tasks, parse_deadline
from kechuang.ingest.extract.text import split_lines
from kechuang.ingest.extract.units import is_collective, normalise_unit_name, parse_unit_list, places_named


def tasks_of(text: str) -> list[dict]:
    return extract_tasks(split_lines(text))


PLAN = """某某区推进科技创新的实施方案
一、重点任务
(一)壮大创新主体
1.培育高新技术企业
建立高新技术企业培育库,分层次开展辅导。(责任单位:区科技局、财政局、各街道办事处)
2.建设研发平台
支持企业建设研发机构。
二、保障措施
(一)加强组织领导。成立领导小组,统筹推进各项工作。
"""


def test_it_numbers_a_task_by_its_heading_chain():
    (task,) = tasks_of(PLAN)
    assert task["number"] == "一.(一).1"
    assert task["title"] == "培育高新技术企业"


def test_it_leaves_out_items_that_name_no_responsible_unit():
    numbers = [task["number"] for task in tasks_of(PLAN)]
    assert "一.(一).2" not in numbers
    assert "二.(一)" not in numbers


def test_it_lets_the_first_unit_of_a_roleless_list_lead():
    (task,) = tasks_of(PLAN)
    assert task["lead_units"] == ["区科技局"]
    assert task["support_units"] == ["区财政局", "各街道办事处"]


def test_it_quotes_the_unit_text_as_written_in_the_original():
    text = "一、建设平台\n支持企业建设研发机构。（责任单位：区科技局，区财政局）"
    (task,) = tasks_of(text)
    assert task["quote"] == "责任单位：区科技局，区财政局"
    assert task["quote"] in text


def test_it_numbers_yi_shi_paragraphs_below_their_heading():
    text = (
        "三、主要任务\n(二)健全服务体系\n1. 完善政策体系\n"
        "一是强化政策落实。加强政策宣传。(责任单位:区科技局、财政局)\n"
        "二是优化审批流程,提高服务效率。(责任单位:区政务服务中心)\n"
        "2. 强化人才支撑\n一是引进高层次人才。(责任单位:区委组织部、区人社局)\n"
    )
    tasks = tasks_of(text)
    assert [task["number"] for task in tasks] == ["三.(二).1.一", "三.(二).1.二", "三.(二).2.一"]
    assert [task["title"] for task in tasks] == ["强化政策落实", "优化审批流程", "引进高层次人才"]


def test_it_attaches_a_separate_unit_line_to_the_item_it_closes():
    text = "四、近期工作\n(一)建设智能制造示范工厂\n推动企业开展智能化改造。\n责任单位:市工信局牵头,市发改委、科技局配合\n(二)建设公共服务平台\n建设检测平台。\n"
    (task,) = tasks_of(text)
    assert task["number"] == "四.(一)"
    assert task["title"] == "建设智能制造示范工厂"
    assert task["lead_units"] == ["市工信局"]
    assert task["support_units"] == ["市发改委", "市科技局"]


def test_it_reads_lead_and_support_labels_on_separate_lines():
    text = "一、打造创新平台\n牵头单位:县科技局\n配合单位:县发改局、财政局\n完成时限:2024年6月底\n"
    (task,) = tasks_of(text)
    assert task["lead_units"] == ["县科技局"]
    assert task["support_units"] == ["县发改局", "县财政局"]
    assert task["deadline"] == "2024-06"
    assert task["quote"] == "牵头单位:县科技局\n配合单位:县发改局、财政局"


def test_it_reads_host_and_co_host_labels():
    text = "1.举办成果对接会。(主办:区科技局;协办:区商务局、区工商联)"
    (task,) = tasks_of(text)
    assert task["lead_units"] == ["区科技局"]
    assert task["support_units"] == ["区商务局", "区工商联"]


def test_it_reads_roles_marked_after_each_unit():
    text = "(一)建设人才公寓。(责任单位:区住建局(牵头)、区人社局、区财政局(配合))"
    (task,) = tasks_of(text)
    assert task["lead_units"] == ["区住建局"]
    assert task["support_units"] == ["区人社局", "区财政局"]


def test_it_reads_an_unlabelled_lead_and_support_clause():
    text = "2.推进知识产权质押融资。(市市场监管局牵头,市金融局、市财政局配合)"
    (task,) = tasks_of(text)
    assert task["lead_units"] == ["市市场监管局"]
    assert task["support_units"] == ["市金融局", "市财政局"]


def test_it_applies_the_plan_level_to_a_list_without_prefixes():
    text = "一、培育企业(责任单位:区科技局)\n二、建设载体(责任单位:科工信局、卫健局)"
    tasks = tasks_of(text)
    assert tasks[1]["lead_units"] == ["区科工信局"]
    assert tasks[1]["support_units"] == ["区卫健局"]


def test_it_takes_the_plan_level_from_the_title_when_no_unit_has_one():
    text = "某某县关于加快科技创新的若干措施\n一、培育企业\n(责任单位:科技局、财政局)"
    (task,) = tasks_of(text)
    assert task["lead_units"] == ["县科技局"]


def test_it_splits_a_catch_all_after_deng():
    text = "一、营造创新氛围(责任单位:区科技局、区委宣传部等区政府有关部门)"
    (task,) = tasks_of(text)
    assert task["support_units"] == ["区委宣传部", "区政府有关部门"]


def test_it_drops_named_persons_from_unit_lists():
    text = "一、建设孵化器\n责任单位:区科技局、区财政局\n责任人:张伟\n(二)培育企业(责任单位:王芳、区商务局)"
    tasks = tasks_of(text)
    assert tasks[0]["lead_units"] == ["区科技局"]
    assert tasks[1]["lead_units"] == ["区商务局"]
    assert tasks[1]["support_units"] == []


def test_it_restarts_numbering_for_each_part_of_a_compilation():
    text = (
        "篇一:甲市实施方案\n一、建设平台\n(一)建设中试基地\n责任单位:市科技局\n"
        "篇二:乙市实施方案\n一、培育主体\n责任单位:市工信局\n"
    )
    tasks = tasks_of(text)
    assert [task["number"] for task in tasks] == ["一.(一)", "一"]


def test_it_reads_a_task_table_row_by_row():
    text = (
        "附表 重点任务分解\n"
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t建设科技企业孵化器。新增孵化面积1万平方米\t区科技局\t区财政局、住建局\t2024年12月\n"
        "2\t培育专精特新企业\t区工信局\t\t2025年底\n"
        "以上任务由各单位按职责落实。\n"
    )
    tasks = tasks_of(text)
    assert [task["number"] for task in tasks] == ["1", "2"]
    assert tasks[0]["title"] == "建设科技企业孵化器"
    assert tasks[0]["support_units"] == ["区财政局", "区住建局"]
    assert tasks[0]["deadline"] == "2024-12"
    assert tasks[0]["quote"] == "区科技局\t区财政局、住建局"
    assert tasks[1]["deadline"] == "2025-12"


def test_it_reads_main_and_cooperating_columns_of_a_table():
    text = "序号\t工作任务\t主要责任单位\t协同配合单位\n1\t建设创新联合体\t市科技局\t市工信局\n"
    (task,) = tasks_of(text)
    assert task["lead_units"] == ["市科技局"]
    assert task["support_units"] == ["市工信局"]


def test_it_repeats_a_vertically_merged_unit_cell_for_the_rows_below():
    text = "序号\t工作任务\t牵头单位\n1\t建设众创空间\t区科技局\n2\t建设孵化器\t\n"
    tasks = tasks_of(text)
    assert [task["lead_units"] for task in tasks] == [["区科技局"], ["区科技局"]]


def test_it_produces_no_task_from_a_document_without_units():
    text = "一、发展目标\n到2025年,高新技术企业达到100家。\n二、主要任务\n(一)培育企业。明确责任单位,压实工作责任。\n"
    assert tasks_of(text) == []


def test_it_skips_furniture_lines():
    text = "首页 >> 政策 >> 责任单位:区科技局\n一、建设平台\n(责任单位:区科技局)"
    (task,) = tasks_of(text)
    assert task["number"] == "一"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年12月底", "2023-12"),
        ("2024年6月", "2024-06"),
        ("2025年底前", "2025-12"),
        ("2024年上半年", "2024-06"),
        ("2023.9", "2023-09"),
        ("2022—2025年", "2025"),
        ("长期坚持", None),
    ],
)
def test_it_parses_deadlines(text, expected):
    assert parse_deadline(text) == expected


def test_it_reads_the_deadline_from_a_completion_label_only():
    text = "一、建设平台。到2025年建成。(责任单位:区科技局;完成期限:2024年9月)"
    (task,) = tasks_of(text)
    assert task["deadline"] == "2024-09"
    assert task["lead_units"] == ["区科技局"]
    assert tasks_of("一、建设平台。到2025年建成。(责任单位:区科技局)")[0]["deadline"] is None


@pytest.mark.parametrize(
    ("name", "prefix", "expected"),
    [
        ("科工信局", "区", "区科工信局"),
        ("区科工信局", "区", "区科工信局"),
        ("市场监管局", "区", "区市场监管局"),
        ("发改委", "市", "市发改委"),
        ("组织部", "区", "区委组织部"),
        ("各街道办事处", "区", "各街道办事处"),
        ("经济发展服务中心", "区", "经济发展服务中心"),
        ("曹妃甸工业区管委会", "市", "曹妃甸工业区管委会"),
        ("科技局等", "市", "市科技局"),
        ("科技局", None, "科技局"),
    ],
)
def test_it_normalises_unit_names(name, prefix, expected):
    assert normalise_unit_name(name, level_prefix=prefix) == expected


def test_it_shares_the_last_written_prefix_with_the_bare_names_after_it():
    roles = parse_unit_list("曹妃甸新区管委会、唐海县、市科技局、财政局", default_prefix="区")
    assert roles.support == ["唐海县", "市科技局", "市财政局"]


def test_it_keeps_brackets_that_belong_to_a_unit_name():
    roles = parse_unit_list("各区县(市)人民政府、市科技局", default_prefix="市")
    assert roles.lead == ["各区县(市)人民政府"]


def test_it_reads_a_lead_and_support_line_without_a_label():
    (task,) = tasks_of("一、建设中试基地\n市工信局牵头,市发改委、科技局配合。")
    assert task["lead_units"] == ["市工信局"]
    assert task["support_units"] == ["市发改委", "市科技局"]


def test_it_does_not_mistake_prose_about_leading_for_units():
    assert tasks_of("一、完善机制\n坚持政府牵头,企业参与的原则。\n二、发挥企业牵头作用") == []


def test_it_reads_full_width_labels_and_deadlines_in_one_bracket():
    text = "（一）建设创新平台。（牵头单位：市科技局；配合单位：市发改委；完成时限：2023年12月底）"
    (task,) = tasks_of(text)
    assert task["lead_units"] == ["市科技局"]
    assert task["support_units"] == ["市发改委"]
    assert task["deadline"] == "2023-12"
    assert task["quote"] == "牵头单位：市科技局；配合单位：市发改委"


def test_it_leaves_the_departments_of_a_development_zone_without_a_level_prefix():
    text = "东川高新技术产业开发区关于加快科技创新的行动方案\n一、培育企业\n（责任部门：科技发展局、财政审计局）"
    (task,) = tasks_of(text)
    assert task["lead_units"] == ["科技发展局"]
    assert task["support_units"] == ["财政审计局"]


def test_it_does_not_prefix_a_unit_that_already_names_the_place():
    text = "东川市人民政府关于推进科技创新的意见\n一、建设气象科技平台\n责任单位：市科技局、东川气象局、财政局"
    (task,) = tasks_of(text)
    assert task["support_units"] == ["东川气象局", "市财政局"]


def test_it_keeps_full_width_brackets_of_a_unit_name_as_written():
    text = "一、引进高端人才\n（区委组织部（区委人才办）牵头，区人社局配合）"
    (task,) = tasks_of(text)
    assert task["lead_units"] == ["区委组织部（区委人才办）"]
    assert task["support_units"] == ["区人社局"]


@pytest.mark.parametrize(
    ("clause", "lead", "support"),
    [
        ("（县工信局、县科技局、县统计局）", ["县工信局"], ["县科技局", "县统计局"]),
        ("（县科技局负责）", ["县科技局"], []),
        ("（县金融办牵头，人民银行某县支行配合）", ["县金融办"], ["人民银行某县支行"]),
    ],
)
def test_it_reads_an_unlabelled_unit_clause_closing_a_task(clause, lead, support):
    (task,) = tasks_of(f"（二）建设创新联合体。支持龙头企业组建创新联合体。{clause}")
    assert task["title"] == "建设创新联合体"
    assert (task["lead_units"], task["support_units"]) == (lead, support)


def test_it_does_not_take_an_explanatory_bracket_for_units():
    text = (
        "一、实施三年计划（2024—2026年）\n二、建设孵化载体（含县级孵化器）\n三、支持企业（如县属国有公司）\n"
        "四、组建创新联合体。支持龙头企业牵头组建（东川重工集团）\n五、建设研发中心（中心）"
    )
    assert tasks_of(text) == []


def test_it_does_not_cut_a_title_at_a_bracket_that_names_no_unit():
    (task,) = tasks_of("1.推进“小升规”工程（试行）\n责任单位：县经信局")
    assert task["title"] == "推进“小升规”工程(试行)"


def test_it_reads_inline_yi_shi_clauses_with_their_own_units():
    text = (
        "二、主要任务\n（三）深化开放合作\n"
        "一是共建联合实验室，支持高校参与（区科技局牵头，区教育局配合）；"
        "二是举办成果对接活动（区商务局牵头，区科技局配合）；三是办好论坛。\n"
        "（四）优化服务环境\n提升服务水平。\n（责任单位：区政务服务中心）"
    )
    tasks = tasks_of(text)
    assert [task["number"] for task in tasks] == ["二.(三).一", "二.(三).二", "二.(四)"]
    assert [task["title"] for task in tasks] == ["共建联合实验室", "举办成果对接活动", "优化服务环境"]
    assert tasks[1]["lead_units"] == ["区商务局"]
    assert tasks[1]["quote"] == "区商务局牵头，区科技局配合"
    assert tasks[1]["quote"] in text


def test_it_gives_a_unit_line_after_inline_clauses_to_the_enclosing_item():
    text = "一、重点任务\n（一）优化审批服务。一是简化流程；二是压缩时限。\n（责任单位：区政务服务中心）"
    (task,) = tasks_of(text)
    assert task["number"] == "一.(一)"
    assert task["lead_units"] == ["区政务服务中心"]


def test_it_numbers_tasks_below_a_part_heading():
    text = "第二部分 重点任务\n一、建设创新平台\n（一）建设重点实验室\n（区科技局牵头，区财政局配合）"
    (task,) = tasks_of(text)
    assert task["number"] == "二.一.(一)"


def test_it_reads_table_rows_whose_cells_are_separated_by_spaces():
    text = (
        "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t建设科技馆\t县科技局\t县住建局\t2025年6月\n"
        "2    开展科普活动    县科协    县教育局、科技局    2025年9月底\n"
        "3\t完善评价办法  县科技局\t—\t全年\n"
        "4    建立科普基地    县科协    县财政局\n"
        "以上任务  由各单位落实\n"
    )
    tasks = tasks_of(text)
    assert [task["number"] for task in tasks] == ["1", "2", "3", "4"]
    assert tasks[1]["lead_units"] == ["县科协"]
    assert tasks[1]["support_units"] == ["县教育局", "县科技局"]
    assert tasks[1]["deadline"] == "2025-09"
    assert tasks[1]["quote"] == "县科协    县教育局、科技局"
    assert tasks[2]["title"] == "完善评价办法"
    assert (tasks[2]["lead_units"], tasks[2]["support_units"]) == (["县科技局"], [])


def test_it_takes_no_units_from_a_site_footer():
    text = (
        "一、营造创新氛围\n加强宣传。\n"
        "主办单位：某某县人民政府办公室  技术支持：某某信息技术有限公司\n"
        "主办：某某县人民政府办公室  地址：某某县人民路1号  邮编：310000"
    )
    assert tasks_of(text) == []


@pytest.mark.parametrize(
    ("name", "collective"),
    [
        ("各街道", True),
        ("有关单位", True),
        ("县直有关部门", True),
        ("领导小组成员单位", True),
        ("各区(市)人民政府", True),
        ("区科技局", False),
        ("东川高新区管委会", False),
        ("街道办事处", True),
        ("某某街道办事处", False),
    ],
)
def test_it_tells_collective_names_from_units(name, collective):
    assert is_collective(name) is collective


def test_it_finds_the_places_a_document_names():
    lines = [
        "东川市人民政府关于印发方案的通知", "浙江省西岭县科技局", "南坪区推进科技创新三年行动方案",
        "加快城市更新,推动市场化改革", "全市科技工作",
    ]
    assert places_named(lines) == {"东川", "西岭", "南坪"}


def test_it_numbers_tasks_below_chapters_and_sections():
    text = (
        "南湖区科技创新规划\n第二章 重点任务\n第一节 培育创新主体\n一、壮大高新技术企业\n（区科技局负责）\n"
        "第二节 建设创新平台\n一、建设实验室\n（区科技局、区财政局）"
    )
    assert [task["number"] for task in tasks_of(text)] == ["二.一.一", "二.二.一"]


def test_it_takes_no_plan_level_from_words_like_city_building():
    text = "加快城市建设和全市推进科技创新的若干措施\n一、培育企业\n（责任单位：科技局、财政局）"
    (task,) = tasks_of(text)
    assert task["lead_units"] == ["科技局"]


def test_it_dates_a_month_alone_in_the_year_of_an_annual_plan():
    table = "序号\t工作任务\t牵头单位\t完成时限\n1\t举办科技活动周\t区科协\t5月底\n2\t开展科普讲座\t区科协\t全年\n"
    annual = tasks_of("南坪区科学技术局2025年工作要点\n" + table)
    assert [task["deadline"] for task in annual] == ["2025-05", None]
    assert tasks_of("南坪区“十四五”科技创新规划\n" + table)[0]["deadline"] is None
    assert parse_deadline("10月底", year=2024) == "2024-10"


@pytest.mark.parametrize(
    ("text", "lead", "support"),
    [
        ("县科 技局、县财 政局", ["县科技局"], ["县财政局"]),
        ("县科技局 县财政局", ["县科技局"], ["县财政局"]),
        ("县科技局牵头 县财政局、县税务局配合", ["县科技局"], ["县财政局", "县税务局"]),
    ],
)
def test_it_tells_spaces_between_units_from_spaces_inside_a_wrapped_name(text, lead, support):
    roles = parse_unit_list(text, default_prefix="县")
    assert (roles.lead, roles.support) == (lead, support)


@pytest.mark.parametrize(
    ("line", "lead", "support"),
    [
        ("（一）建设孵化器。具体由区科技局负责，区财政局配合。", ["区科技局"], ["区财政局"]),
        ("（一）建设孵化器。以上任务由区科技局牵头，区人社局配合。", ["区科技局"], ["区人社局"]),
        ("（一）建设孵化器。资金由区财政局负责。", ["区财政局"], []),
    ],
)
def test_it_reads_a_closing_sentence_that_says_who_is_responsible(line, lead, support):
    (task,) = tasks_of(f"一、建设平台\n{line}")
    assert task["title"] == "建设孵化器"
    assert (task["lead_units"], task["support_units"]) == (lead, support)


def test_it_does_not_read_responsibility_into_prose_with_you():
    text = "一、建设平台\n（一）建设孵化器。由区财政局负责安排资金。\n（二）建设自由贸易试验区管委会负责的园区。"
    assert tasks_of(text) == []


def test_it_drops_a_plain_deng_bumen_after_the_last_unit():
    roles = parse_unit_list("区科技局、区人社局等部门", default_prefix="区")
    assert roles.support == ["区人社局"]


def test_it_reads_one_inline_clause_with_units_before_the_last():
    text = "一、重点任务\n（一）强化主体。一是实施高企培育（区科技局牵头，区税务局配合）；二是加大研发投入；三是办好论坛。"
    (task,) = tasks_of(text)
    assert (task["number"], task["title"], task["lead_units"]) == ("一.(一).一", "实施高企培育", ["区科技局"])


def test_it_gives_units_closing_the_last_inline_clause_alone_to_the_paragraph():
    text = "一、重点任务\n（一）强化主体。一是实施高企培育；二是加大研发投入。（责任单位：区科技局）"
    (task,) = tasks_of(text)
    assert (task["number"], task["title"]) == ("一.(一)", "强化主体")


def test_it_gives_a_zone_department_no_prefix_even_when_a_city_unit_is_listed():
    text = "东川经济技术开发区科技创新行动方案\n一、培育企业\n（责任部门：科技发展局牵头，财政审计局、市科技局配合）"
    (task,) = tasks_of(text)
    assert (task["lead_units"], task["support_units"]) == (["科技发展局"], ["财政审计局", "市科技局"])


@pytest.mark.parametrize(
    "text",
    [
        "一、建设平台（牵头单位：市科技局，责任单位：市财政局、各区县政府）",
        "一、建设平台\n牵头部门：市科技局\n责任部门：市财政局、各区县政府",
    ],
)
def test_it_lets_a_plain_unit_list_support_a_labelled_lead(text):
    (task,) = tasks_of(text)
    assert (task["lead_units"], task["support_units"]) == (["市科技局"], ["市财政局", "各区县政府"])


def test_it_reads_a_bare_time_label_as_the_deadline_and_the_end_of_the_units():
    (task,) = tasks_of("一、建设平台。（责任单位：市科技局  时间：2025年底）")
    assert (task["lead_units"], task["support_units"], task["deadline"]) == (["市科技局"], [], "2025-12")


@pytest.mark.parametrize(
    ("text", "support", "quote"),
    [
        ("一、建设平台（责任单位：区科技局、区财政局、\n区商务局）", ["区财政局", "区商务局"], "责任单位：区科技局、区财政局、\n区商务局"),
        ("一、建设平台\n责任单位：区科技局、区财政局、\n  区商务局\n二、培育企业", ["区财政局", "区商务局"], None),
        ("一、建设平台\n责任单位：区科技局、区财政局、\n二、培育企业", ["区财政局"], None),
    ],
)
def test_it_continues_a_unit_list_cut_by_a_line_break(text, support, quote):
    task = tasks_of(text)[0]
    assert (task["lead_units"], task["support_units"]) == (["区科技局"], support)
    assert quote is None or task["quote"] == quote
    assert task["quote"] in text


def test_a_space_table_row_wrapped_onto_an_indented_line_keeps_the_table_open():
    text = (
        "某某市科技局2025年工作要点\n"
        "序号  工作任务                              责任单位                    完成时限\n"
        "1     建设技术交易平台，集聚技术成果100项，   成果转化科、市科技信息中心    2025年11月底\n"
        "      举办对接活动20场次\n"
        "2     开展科研诚信专项检查                    政策法规科（牵头），办公室    全年\n"
    )
    first, second = tasks_of(text)
    assert (first["number"], first["lead_units"], first["deadline"]) == ("1", ["成果转化科"], "2025-11")
    assert (second["number"], second["lead_units"]) == ("2", ["政策法规科"])
    assert second["support_units"] == ["办公室"]  # a bureau's own office takes no level prefix
