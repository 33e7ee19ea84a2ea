"""Task-decomposition tables (任务分解表) in every state they are published in: a real table (docx,
pdf, html), a web copy with each row on one line, wrapped cells and cells of one unit per line, the
labelled list form, and a bureau's share of a larger table with section rows. Each document here is
written for its test."""

from __future__ import annotations

import io

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from kechuang.ingest.extract import extract
from kechuang.ingest.extract.readers import read_document
from kechuang.ingest.extract.tasks import parse_deadline_and_recurrence
from kechuang.ingest.extract.vocabulary import column_kind

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = "东桥区2025年重点工作任务分解表"
HEADER = ["序号", "重点工作任务", "牵头单位", "配合单位", "完成时限", "责任领导"]
ROWS = [
    ["1", "推进科技企业培育，新增省级以上研发机构6家、孵化器3家", "区科技局", "区财政局、区发改局", "2025年10月底", "王明"],
    ["2", "扩大技术交易规模，技术合同成交额达到15亿元", "区科技局", "区商务局", "年底前", "王明、赵兵"],
    ["3", "落实研发费用加计扣除政策", "区税务局", "区科技局，区财政局", "长期", "李强"],
    ["4", "开展科技政策宣讲", "区科技局", "区委宣传部", "每季度", "王明"],
]


def tasks_of(text: str) -> dict[str, dict]:
    result = extract(text, document="分解表")
    for item in result["tasks"] + result["indicators"]:
        assert item["quote"] in text
    return {task["number"]: task for task in result["tasks"]}


def indicators_of(text: str) -> dict[str, dict]:
    return {indicator["name"]: indicator for indicator in extract(text, document="分解表")["indicators"]}


def assert_the_table_rows(tasks: dict[str, dict]) -> None:
    assert list(tasks) == ["1", "2", "3", "4"]
    assert tasks["1"]["title"] == "推进科技企业培育"
    assert tasks["1"]["lead_units"] == ["区科技局"]
    assert tasks["1"]["support_units"] == ["区财政局", "区发改局"]
    assert tasks["1"]["deadline"] == "2025-10"
    assert tasks["2"]["deadline"] == "2025-12"  # 年底前 in a 2025 document
    assert tasks["2"]["leaders"] == ["王明", "赵兵"]
    assert tasks["3"]["support_units"] == ["区科技局", "区财政局"]
    assert (tasks["3"]["deadline"], tasks["3"]["recurrence"]) == (None, None)  # 长期
    assert (tasks["4"]["deadline"], tasks["4"]["recurrence"]) == (None, "quarterly")
    assert all("王明" not in task["lead_units"] + task["support_units"] for task in tasks.values())


def assert_the_row_targets(indicators: dict[str, dict]) -> None:
    research = indicators["新增省级以上研发机构"]
    assert (research["unit"], research["targets"][0]["value"], research["targets"][0]["year"]) == ("家", 6, 2025)
    contracts = indicators["技术合同成交额"]
    assert (contracts["unit"], contracts["targets"][0]["value"], contracts["targets"][0]["year"]) == ("亿元", 15, 2025)
    # The unit and date cells beside the task are no part of an indicator's name.
    assert not any("区科技局" in name for name in indicators)


def test_a_tab_separated_table():
    text = "\n".join([TITLE, "\t".join(HEADER), *("\t".join(row) for row in ROWS)])
    assert_the_table_rows(tasks_of(text))
    assert_the_row_targets(indicators_of(text))
    assert tasks_of(text)["1"]["quote"] == "区科技局\t区财政局、区发改局"


def test_a_web_copy_with_each_row_on_one_line_separated_by_single_spaces():
    text = "\n".join([TITLE, " ".join(HEADER), *(" ".join(row) for row in ROWS)])
    assert_the_table_rows(tasks_of(text))
    assert_the_row_targets(indicators_of(text))


def test_a_web_copy_row_without_a_supporting_unit_and_two_leads_written_with_a_space():
    text = "\n".join([
        "西湾区2024年政府工作报告重点任务分解表",
        "序号 工作任务 牵头单位 配合单位 完成时限",
        "1 建设创新联合体，组建创新联合体5个 区科技局 区工信局 — 2024年9月底前",
        "2 深化科技金融改革 区金融办 区财政局 区科技局 持续推进",
    ])
    tasks = tasks_of(text)
    assert tasks["1"]["lead_units"] == ["区科技局", "区工信局"]
    assert tasks["1"]["support_units"] == []
    assert tasks["1"]["deadline"] == "2024-09"
    # Three unit words for two unit columns: the cell before the last holds two.
    assert tasks["2"]["lead_units"] == ["区金融办", "区财政局"]
    assert tasks["2"]["support_units"] == ["区科技局"]
    assert indicators_of(text)["组建创新联合体"]["targets"][0]["year"] == 2024


def test_wrapped_cells_and_cells_of_one_unit_per_line():
    text = (
        "东桥区2025年科技创新重点工作任务分解表\n"
        "序号\t工作任务\t主要责任单位\t协同配合单位\t完成期限\t责任领导\n"
        "1\t推进科技企业培育，新增省级以\n上研发机构6家\t区科技局\n区发改局\t区财政局\n区商务局\t2025年6月30日\t王明\n"
        "2\t扩大技术交易规模，技术合同成交\n额达到15亿元\t区科技局\t区财政局\t2025年12月\t赵兵\n"
    )
    tasks = tasks_of(text)
    assert tasks["1"]["lead_units"] == ["区科技局", "区发改局"]
    assert tasks["1"]["support_units"] == ["区财政局", "区商务局"]
    assert tasks["1"]["quote"] == "区科技局\n区发改局\t区财政局\n区商务局"
    assert (tasks["1"]["deadline"], tasks["1"]["leaders"]) == ("2025-06", ["王明"])
    assert (tasks["2"]["title"], tasks["2"]["support_units"]) == ("扩大技术交易规模", ["区财政局"])
    indicators = indicators_of(text)
    assert indicators["新增省级以上研发机构"]["quote"] == "新增省级以\n上研发机构6家"
    assert indicators["技术合同成交额"]["targets"][0]["value"] == 15


def test_a_header_repeated_after_a_page_break_and_a_row_cut_by_it():
    text = (
        "南岭区2024年重点工作任务分解表\n"
        "序号\t工作任务\t牵头单位\t配合单位\n"
        "1\t建设中试基地\t区科技局\t区工信局\n"
        "— 1 —\n"
        "序号\t工作任务\t牵头单位\t配合单位\n"
        "2\t培育科技型中小企业\t区科技局\t区市场监管局\n"
    )
    tasks = tasks_of(text)
    assert list(tasks) == ["1", "2"]
    assert tasks["2"]["support_units"] == ["区市场监管局"]


def test_a_labelled_list_of_tasks():
    text = (
        "东桥市科学技术局2025年重点工作任务分解\n"
        "一、强化创新主体培育\n"
        "1.实施高新技术企业倍增计划，全年新增高新技术企业120家。\n"
        "牵头处室（单位）：高新处、成果处\n"
        "配合处室（单位）：政策法规处\n"
        "责任领导：张伟\n"
        "完成时限：2025年11月\n"
        "2.开展科技政策宣讲。\n"
        "责任处室：政策法规处、办公室\n"
        "完成时限：每季度\n"
        "二、提升平台能级\n"
        "1.推进实验室建设。\n"
        "牵头处室（单位）：基础处\n"
        "配合单位：市财政局\n"
        "完成时限：持续推进\n"
    )
    tasks = tasks_of(text)
    assert list(tasks) == ["一.1", "一.2", "二.1"]
    first = tasks["一.1"]
    assert (first["lead_units"], first["support_units"]) == (["高新处", "成果处"], ["政策法规处"])
    assert (first["leaders"], first["deadline"]) == (["张伟"], "2025-11")
    assert first["quote"] == "牵头处室（单位）：高新处、成果处\n配合处室（单位）：政策法规处"
    assert (tasks["一.2"]["lead_units"], tasks["一.2"]["support_units"]) == (["政策法规处"], ["办公室"])
    assert tasks["一.2"]["recurrence"] == "quarterly"
    assert (tasks["二.1"]["lead_units"], tasks["二.1"]["support_units"]) == (["基础处"], ["市财政局"])
    assert (tasks["二.1"]["deadline"], tasks["二.1"]["leaders"]) == (None, [])
    assert indicators_of(text)["新增高新技术企业"]["targets"][0]["value"] == 120


def test_a_share_of_a_larger_table_with_section_rows_and_a_plain_unit_column_that_supports():
    text = (
        "东桥区落实市政府工作报告重点工作任务分解表（2025年）\n"
        "序号  工作任务  责任领导  牵头单位  责任单位\n"
        "四、加快建设科技强区\n"
        "112  推进科创走廊建设，规上工业企业研发投入增长12%左右  王明  区科技局  区发改局、区财政局\n"
        "113  建设概念验证中心  王明  区科技局、区工信局  区财政局\n"
        "五、优化营商环境\n"
        "118  深化“放管服”改革  赵兵、李强  区政务服务中心  区市场监管局，各街道\n"
    )
    tasks = tasks_of(text)
    assert list(tasks) == ["112", "113", "118"]
    assert (tasks["112"]["lead_units"], tasks["112"]["support_units"]) == (["区科技局"], ["区发改局", "区财政局"])
    assert tasks["113"]["lead_units"] == ["区科技局", "区工信局"]
    assert (tasks["118"]["leaders"], tasks["118"]["support_units"]) == (["赵兵", "李强"], ["区市场监管局", "各街道"])
    growth = indicators_of(text)["规上工业企业研发投入"]["targets"][0]
    assert (growth["year"], growth["relative"]) == (2025, "+12%/yr")


def test_a_docx_table():
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for row, values in zip(table.rows, [HEADER, *ROWS], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    # A cell holding one unit per paragraph.
    table.rows[1].cells[3].text = "区财政局"
    table.rows[1].cells[3].add_paragraph("区发改局")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_document(buffer.getvalue(), "分解表.docx")
    assert_the_table_rows(tasks_of(text))
    assert_the_row_targets(indicators_of(text))


def test_a_pdf_table():
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont(FONT, 12)
    page.drawString(40, 800, TITLE)
    rows = [HEADER, *ROWS]
    rows[1] = [*ROWS[0][:3], "区财政局\n区发改局", *ROWS[0][4:]]  # one unit per line in a cell
    table = Table(rows, colWidths=[30, 250, 60, 80, 70, 60])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 7), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    table.wrapOn(page, 560, 400)
    table.drawOn(page, 20, 640)
    page.save()
    text = read_document(buffer.getvalue(), "分解表.pdf")
    assert_the_table_rows(tasks_of(text))
    assert_the_row_targets(indicators_of(text))


def test_an_html_table():
    cells = "".join(f"<th>{word}</th>" for word in HEADER)
    body = "".join("<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>" for row in ROWS)
    html = f"<html><body><h1>{TITLE}</h1><table><tr>{cells}</tr>{body}</table></body></html>"
    text = read_document(html.encode("utf-8"), "分解表.html")
    assert_the_table_rows(tasks_of(text))
    assert_the_row_targets(indicators_of(text))


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("重点工作任务", "title"), ("目标任务", "title"), ("具体内容", "title"), ("推进举措", "title"),
        ("主要责任单位", "lead"), ("牵头单位", "lead"), ("牵头处室（单位）", "lead"),
        ("协同配合单位", "support"), ("协办单位", "support"), ("责任单位", "plain"), ("责任部门", "plain"),
        ("完成期限", "deadline"), ("时间节点", "deadline"), ("责任领导", "leader"), ("分管领导", "leader"),
        ("责任人", "leader"), ("序号", "number"), ("备注", "note"), ("单位", None),
    ],
)  # fmt: skip
def test_column_headers_are_recognised_by_meaning(cell, kind):
    assert column_kind(cell) == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年10月底", ("2024-10", None)), ("2024年9月底前", ("2024-09", None)), ("年底前", ("2025-12", None)),
        ("长期", (None, None)), ("持续推进", (None, None)), ("每季度", (None, "quarterly")),
        ("每月", (None, "monthly")), ("2024年底前", ("2024-12", None)),
    ],
)  # fmt: skip
def test_deadlines_are_normalised(text, expected):
    assert parse_deadline_and_recurrence(text, year=2025) == expected


def test_a_line_of_prose_with_unit_words_is_no_table_header():
    text = "一、重点任务\n（一）建设平台。责任单位：区科技局、区财政局\n"
    assert tasks_of(text)["一.(一)"]["lead_units"] == ["区科技局"]


def test_work_points_with_their_responsibility_in_brackets_in_several_forms():
    text = (
        "北川区2024年科技工作要点\n"
        "一、强化企业创新主体地位\n"
        "（一）实施科技企业梯度培育。（责任单位：区科技局牵头，区财政局、区税务局配合；完成时限：2024年12月底）\n"
        "（二）推进产学研合作。（牵头单位：区科技局；配合单位：区教育局；完成时限：2024年6月）\n"
        "（三）建设中试平台。（区工信局牵头，区科技局配合；2024年10月底前完成）\n"
        "（四）开展政策宣传。（责任单位：区科技局、区委宣传部，各街道）\n"
        "（五）优化审批服务。（责任单位：区政务服务中心、区市场监管局按职责分工负责；持续推进）\n"
    )
    tasks = tasks_of(text)
    expected = {
        "一.(一)": (["区科技局"], ["区财政局", "区税务局"], "2024-12"),
        "一.(二)": (["区科技局"], ["区教育局"], "2024-06"),
        "一.(三)": (["区工信局"], ["区科技局"], "2024-10"),
        "一.(四)": (["区科技局"], ["区委宣传部", "各街道"], None),
        "一.(五)": (["区政务服务中心"], ["区市场监管局"], None),
    }
    assert {number: (t["lead_units"], t["support_units"], t["deadline"]) for number, t in tasks.items()} == expected
    assert tasks["一.(三)"]["quote"] == "区工信局牵头，区科技局配合"
