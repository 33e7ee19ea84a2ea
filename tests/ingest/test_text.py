"""Splitting documents into lines: offsets, normalisation and page furniture."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kechuang.ingest.extract.text import is_page_number, normalise, split_lines, starts_with_heading_marker


def test_it_numbers_lines_from_one_and_keeps_offsets_into_the_original():
    raw = "第一行\r\n第二行\n\n第四行"
    lines = split_lines(raw)
    assert [line.number for line in lines] == [1, 2, 3, 4]
    for line in lines:
        assert raw[line.start : line.start + len(line.raw)] == line.raw
    assert lines[3].raw == "第四行"


def test_it_accepts_every_line_break_convention():
    assert [line.raw for line in split_lines("甲\r乙\n丙\r\n丁")] == ["甲", "乙", "丙", "丁"]


def test_it_keeps_the_raw_line_untouched_and_normalises_the_text():
    (line,) = split_lines("（一）加快建设ＡＢＣ１２３：\u3000完成率９０％\u00a0 ")
    assert line.raw == "（一）加快建设ＡＢＣ１２３：\u3000完成率９０％\u00a0 "
    assert line.text == "(一)加快建设ABC123: 完成率90%"


def test_it_turns_full_width_punctuation_into_half_width_but_leaves_chinese_punctuation():
    assert normalise("责任单位：区科技局，区财政局；") == "责任单位:区科技局,区财政局;"
    assert normalise("区科技局、区财政局。") == "区科技局、区财政局。"


def test_it_drops_zero_width_marks_from_the_text():
    assert normalise("\ufeff科技\u200b创新") == "科技创新"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_it_reassembles_any_text_from_its_raw_lines(raw):
    lines = split_lines(raw)
    for line in lines:
        assert raw[line.start : line.start + len(line.raw)] == line.raw
        assert "\n" not in line.text and "\r" not in line.text
        assert line.text == line.text.rstrip()


def test_it_flags_breadcrumbs_as_furniture():
    (line,) = split_lines("首页 >> 政策文件 >> 科技创新")
    assert line.furniture


def test_it_flags_copyright_phone_share_and_page_number_lines():
    texts = [
        "版权所有：某某区人民政府办公室",
        "联系电话：0411-12345678",
        "分享到：微信 微博",
        "打印本页 关闭窗口",
        "- 12 -",
        "第 3 页 共 10 页",
        "上一篇：关于开展调研的通知",
    ]
    assert all(line.furniture for line in split_lines("\n".join(texts)))


def test_it_keeps_body_text_that_merely_mentions_a_furniture_word():
    lines = split_lines(
        "(三)开通科技服务热线电话,为企业提供咨询服务。\n"
        "建立企业服务热线,健全问题受理、转办、反馈机制,做到件件有回音、事事有着落,形成闭环管理。\n"
        "(责任单位:区科技局、区政务服务中心)"
    )
    assert not any(line.furniture for line in lines)


def test_it_never_flags_a_numbered_heading():
    (line,) = split_lines("三、分享发展成果")
    assert not line.furniture


def test_it_recognises_heading_markers():
    for text in (
        "一、总体要求",
        "(二)基本原则",
        "（三）发展目标",
        "3.建设平台",
        "(4)培育企业",
        "②落实",
        "一是强化",
    ):
        assert starts_with_heading_marker(text), text
    for text in ("2.5亿元", "2023年", "科技创新"):
        assert not starts_with_heading_marker(text), text


def test_it_keeps_a_short_line_with_comparison_signs():
    (line,) = split_lines("研发投入>2%且研发人员>100人")
    assert not line.furniture


def test_it_flags_a_breadcrumb_with_single_arrows():
    (line,) = split_lines("首页 > 政务公开 > 规划计划")
    assert line.furniture


def test_it_flags_a_site_footer_that_names_its_host_unit():
    footers = [
        "主办单位：某某市人民政府办公室  技术支持：某某市大数据中心",
        "主办：某某区人民政府  承办：某某区科技局  网站标识码：1234567890  ICP备案：浙ICP备00000000号",
    ]
    assert all(line.furniture for line in split_lines("\n".join(footers)))


def test_it_keeps_host_and_co_host_labels_of_a_task_as_content():
    (line,) = split_lines("（主办单位：区科技局；协办单位：区商务局、区工商联）")
    assert not line.furniture


def test_it_flags_site_tools_links_and_page_metadata():
    texts = [
        "友情链接：",
        "无障碍浏览 | 长者模式 | 繁體版",
        "建议使用1280×800以上分辨率浏览本站",
        "上一条：关于开展2023年度科技计划申报的通知",
        "索引号：000000000/2023-00001  公开方式：主动公开",
        "发布日期：2023-05-06  来源：区科技局",
    ]
    assert all(line.furniture for line in split_lines("\n".join(texts)))
    (content,) = split_lines("到2025年，上一年度新增的孵化器全部通过绩效评价。")
    assert not content.furniture


def test_it_flags_a_host_line_that_stands_next_to_the_rest_of_the_footer():
    lines = split_lines("主办单位：某某市人民政府办公室\n技术支持：某某市大数据中心\n网站地图")
    assert [line.furniture for line in lines] == [True, True, True]
    task = split_lines("一、举办成果对接会\n主办单位：区科技局\n- 3 -")
    assert not task[1].furniture


@pytest.mark.parametrize(
    ("text", "page"),
    [("— 12 —", True), ("- 3 -", True), ("第3页", True), ("3/12", True), ("第3章", False), ("3.5%", False)],
)
def test_it_tells_a_page_number(text, page):
    assert is_page_number(text) is page
