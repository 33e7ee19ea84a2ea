"""Chinese text of the matcher's message codes (kechuang.transfer.matching): the reasons given
with each match and the errors of reading listing files."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from kechuang.core.codes import CodedError, Message
from kechuang.core.messages import render

MATCHING = {
    # Reasons of a match.
    "matched_terms": gettext_lazy("共同技术词：%(terms)s"),
    "matched_fragments": gettext_lazy("相近的词语片段：%(terms)s"),
    "related_topic": gettext_lazy("内容主题相近（语义相似度 %(percent)s%%）"),
    "field_same": gettext_lazy("技术领域一致：%(field)s"),
    "field_differs": gettext_lazy("技术领域不同：需求为%(demand)s，成果为%(achievement)s"),
    "industry_close": gettext_lazy("行业相近：需求 %(demand)s，成果 %(achievement)s"),
    "industry_differs": gettext_lazy("行业不同：需求 %(demand)s，成果 %(achievement)s"),
    "cooperation_fits": gettext_lazy("合作方式相符：%(modes)s"),
    "cooperation_differs": gettext_lazy("合作方式不符：需求希望%(wanted)s，成果提供%(offered)s"),
    "price_within_budget": gettext_lazy("报价 %(price)s 万元在预算 %(budget)s 万元以内"),
    "price_over_budget": gettext_lazy("报价 %(price)s 万元超出预算 %(budget)s 万元"),
    "maturity_fits": gettext_lazy("成熟度满足要求：成果已到%(offered)s，需求要求%(wanted)s"),
    "maturity_early": gettext_lazy("成熟度不足：成果处于%(offered)s，需求要求%(wanted)s"),
    "region_same": gettext_lazy("位于同一区县"),
    "region_near": gettext_lazy("位于同一城市"),
    # Errors of reading a listing file.
    "bad_line": gettext_lazy("文件 %(source)s 第 %(line)s 行：%(error)s"),
    "not_json": gettext_lazy("不是有效的 JSON（第 %(column)s 列附近出错）"),
    "line_not_object": gettext_lazy("应为一个 JSON 对象"),
    "field_missing": gettext_lazy("缺少字段“%(field)s”"),
    "value_not_text": gettext_lazy("字段“%(field)s”应为文本"),
    "value_not_amount": gettext_lazy("字段“%(field)s”应为不小于 0 的数字（万元）"),
    "value_not_list": gettext_lazy("字段“%(field)s”应为文本列表"),
    "value_not_trl": gettext_lazy("字段“%(field)s”应为 1 到 9 的整数"),
    "duplicate_id": gettext_lazy("编号“%(id)s”与第 %(first)s 行重复"),
}


def reason_text(message: Message) -> str:
    return render(message, MATCHING)


def matching_error_text(exc: CodedError) -> str:
    return render(exc.message, MATCHING)
