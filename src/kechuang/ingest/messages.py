"""Chinese text of the plain-Python ingest modules' messages: the document readers' errors
(kechuang.ingest.extract.readers) and the review rules' (kechuang.ingest.review)."""

from __future__ import annotations

from collections import ChainMap

from django.utils.translation import gettext_lazy

from kechuang.core.messages import render
from kechuang.plans.messages import PROGRESS

from .extract.readers import DocumentError
from .review import ReviewError

READERS = {
    "unsupported_format": gettext_lazy("不支持的文件格式「%(name)s」：请上传 .txt、.docx、.pdf 或 .html 文件（旧版 .doc、.wps 请先另存为 .docx）。"),
    "too_large": gettext_lazy("文件「%(name)s」太大（%(size_mb).1f MB），上限为 %(max_mb).0f MB。"),
    "empty": gettext_lazy("文件「%(name)s」是空文件。"),
    "unknown_encoding": gettext_lazy("无法识别文件「%(name)s」的文字编码：它可能不是文本文件，或者已经损坏。"),
    "encrypted_or_doc": gettext_lazy("文件「%(name)s」已加密或是旧版 Word（.doc）格式，请另存为未加密的 .docx 后再上传。"),
    "docx_corrupt": gettext_lazy("文件「%(name)s」已损坏，不是有效的 .docx 文件。"),
    "docx_too_many_parts": gettext_lazy("文件「%(name)s」包含的部件过多（%(parts)s 个），不像正常的 Word 文档，已拒绝处理。"),
    "docx_unpacked_too_large": gettext_lazy("文件「%(name)s」解压后过大（%(size_mb).0f MB），已拒绝处理。"),
    "encrypted": gettext_lazy("文件「%(name)s」已加密，请取消密码保护后再上传。"),
    "docx_compression_ratio": gettext_lazy("文件「%(name)s」的压缩比异常（%(ratio).0f 倍），可能是压缩炸弹，已拒绝处理。"),
    "docx_no_body_part": gettext_lazy("文件「%(name)s」不是有效的 .docx 文件：缺少正文部分。"),
    "docx_unzip_failed": gettext_lazy("文件「%(name)s」已损坏，无法解压。"),
    "docx_body_too_large": gettext_lazy("文件「%(name)s」的正文解压后过大，已拒绝处理。"),
    "docx_no_body": gettext_lazy("文件「%(name)s」不是有效的 .docx 文件：找不到正文。"),
    "docx_bad_xml": gettext_lazy("文件「%(name)s」已损坏：正文不是有效的 XML。"),
    "pdf_corrupt": gettext_lazy("文件「%(name)s」已损坏，不是有效的 PDF 文件。"),
    "pdf_too_many_pages": gettext_lazy("文件「%(name)s」页数过多（%(pages)s 页），上限为 %(max_pages)s 页。"),
    "pdf_unreadable": gettext_lazy("文件「%(name)s」已损坏，无法读取 PDF 内容。"),
    "pdf_no_text": gettext_lazy("文件「%(name)s」没有可提取的文字（可能是扫描件或图片）。请上传带文字层的 PDF，或先进行文字识别（OCR）。"),
    "html_unreadable": gettext_lazy("文件「%(name)s」已损坏，无法解析网页内容。"),
    "no_text": gettext_lazy("文件「%(name)s」中没有可提取的正文。"),
}


REVIEW = {
    "not_number": gettext_lazy("%(field)s：“%(value)s”不是数字。"),
    "not_year": gettext_lazy("%(field)s：“%(value)s”不是有效年份（应为 %(low)s 至 %(high)s 年之间的整数）。"),
    "not_text": gettext_lazy("%(field)s：应为文字。"),
    "not_list": gettext_lazy("%(field)s：应为名称列表。"),
    "too_long": gettext_lazy("%(field)s：不能超过 %(limit)s 个字（现为 %(length)s 个）。"),
    "field_indicator_name": gettext_lazy("指标名称"),
    "field_unit": gettext_lazy("计量单位"),
    "field_scope": gettext_lazy("范围"),
    "field_target_relative": gettext_lazy("第 %(index)s 个目标的相对目标"),
    "field_task_title": gettext_lazy("任务名称"),
    "field_task_number": gettext_lazy("任务编号"),
    "field_lead_units": gettext_lazy("牵头单位"),
    "field_support_units": gettext_lazy("配合单位"),
    "field_leaders": gettext_lazy("责任领导"),
    "field_deadline": gettext_lazy("完成时限"),
    "field_plan_title": gettext_lazy("规划名称"),
    "targets_malformed": gettext_lazy("目标：格式不正确，应为目标列表。"),
    "baseline_malformed": gettext_lazy("基期：格式不正确。"),
    "recurrence_invalid": gettext_lazy("完成频次：“%(recurrence)s”无效，应为每月、每季度、每半年或每年。"),
    "plan_years_too_long": gettext_lazy("规划期：起始年到目标年相差 %(years)s 年，不能超过 %(limit)s 年。"),
    "horizons_malformed": gettext_lazy("目标年份：格式不正确，请填写用逗号或空格分隔的年份，如 2025, 2035。"),
    "horizon_before_start": gettext_lazy("目标年份：%(year)s 年早于起始年 %(start)s 年。"),
    "level_invalid": gettext_lazy("规划层级：“%(level)s”无效。"),
    "field_targets": gettext_lazy("目标"),
    "field_baseline": gettext_lazy("基期"),
    "field_attribute": gettext_lazy("指标属性"),
    # Two reviewers changing the same place (ingest.services.change_review).
    "review_conflict": gettext_lazy(
        "未保存：在你打开之后，%(who)s 已修改了这里（%(changes)s）。页面已显示最新内容，请核对后再操作。"
    ),
    "review_conflict_someone": gettext_lazy("其他审核人"),
    "changed_field": gettext_lazy("%(field)s改为“%(value)s”"),
    "changed_decision": gettext_lazy("审核决定改为%(decision)s"),
    "changed_unit": gettext_lazy("单位“%(name)s”的对应关系"),
    "changed_item_missing": gettext_lazy("条目已不存在"),
    "decision_accept": gettext_lazy("接受"),
    "decision_reject": gettext_lazy("驳回"),
    "field_target_value": gettext_lazy("第 %(index)s 个目标值"),
    "field_target_year": gettext_lazy("第 %(index)s 个目标年份"),
    "field_baseline_value": gettext_lazy("基期值"),
    "field_baseline_year": gettext_lazy("基期年份"),
    "field_start_year": gettext_lazy("起始年"),
    "field_end_year": gettext_lazy("目标年"),
    "field_horizons": gettext_lazy("目标年份"),
    "indicator_name_missing": gettext_lazy("指标名称：不能为空。"),
    "target_comparator": gettext_lazy("第 %(index)s 个目标的比较方式：“%(comparator)s”无效，应为 >=、<= 或 =。"),
    "target_relative": gettext_lazy("第 %(index)s 个目标的相对目标：%(error)s"),
    "target_empty": gettext_lazy("第 %(index)s 个目标：目标值和相对目标至少填写一项。"),
    "targets_missing": gettext_lazy("目标：至少需要一个目标。"),
    "attribute_invalid": gettext_lazy("指标属性：“%(attribute)s”无效，应为预期性或约束性。"),
    "task_title_missing": gettext_lazy("任务名称：不能为空。"),
    "lead_units_missing": gettext_lazy("牵头单位：至少需要一个。"),
    "deadline_invalid": gettext_lazy("完成时限：“%(deadline)s”格式应为 YYYY 或 YYYY-MM。"),
    "kind_unknown": gettext_lazy("未知的审核对象：%(kind)s"),
    "decision_unknown": gettext_lazy("未知的审核决定：%(decision)s"),
    "action_unknown": gettext_lazy("未知操作。"),
    "item_missing": gettext_lazy("该条目不存在。"),
    "merge_unit_missing": gettext_lazy("要合并的单位不存在。"),
    "merge_into_itself": gettext_lazy("不能把单位合并到它自己。"),
    "merge_reversed": gettext_lazy("“%(target)s”已合并到“%(source)s”，不能再反向合并。"),
    "unit_missing": gettext_lazy("该单位不存在。"),
    "organization_missing": gettext_lazy("单位编号 %(id)s 不存在。"),
    "organization_id_invalid": gettext_lazy("单位编号：“%(value)s”应为数字。"),
    "plan_title_missing": gettext_lazy("规划名称：不能为空。"),
    "plan_years_missing": gettext_lazy("起始年和目标年：必须填写。"),
    "plan_years_reversed": gettext_lazy("目标年：不能早于起始年。"),
    # Raised while committing a reviewed document (ingest.services).
    "lead_units_collective": gettext_lazy(
        "牵头单位“%(units)s”是泛指，不是具体单位：请对应到已登记的单位，或改为具体的牵头单位。"
    ),
    "unit_organization_missing": gettext_lazy("责任单位“%(name)s”：对应的单位编号 %(id)s 不存在。"),
    "unit_invalid": gettext_lazy("责任单位“%(name)s”：%(error)s"),
    "plan_invalid": gettext_lazy("规划信息：%(error)s"),
    "indicator_where": gettext_lazy("第 %(position)s 个指标“%(name)s”"),
    "task_where": gettext_lazy("第 %(position)s 项任务“%(title)s”"),
    "item_invalid": gettext_lazy("%(where)s：%(error)s"),
}


def document_error_text(exc: DocumentError) -> str:
    return render(exc.message, READERS)


def review_error_text(exc: ReviewError) -> str:
    """A review error's text; a target's relative form is refused in the progress engine's words."""
    return render(exc.message, ChainMap(REVIEW, PROGRESS))
