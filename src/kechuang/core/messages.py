"""Chinese text for the message codes of the plain-Python modules (kechuang.core.codes).

Each app keeps a catalogue, code → gettext_lazy message with named placeholders; `render` looks a
message up, renders nested messages first, and fills the placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .codes import CodedError, Message

Catalogue = Mapping[str, Promise]


def render(message: Message | Mapping[str, Any], catalogue: Catalogue) -> str:
    """The text of a Message, or of its JSON form `{"code", "params"}`."""
    if isinstance(message, Message):
        code, params = message.code, message.params
    else:
        code, params = message["code"], message["params"]
    return str(catalogue[code]) % {name: _param(value, catalogue) for name, value in params.items()}


def _param(value: Any, catalogue: Catalogue) -> Any:
    if isinstance(value, Message) or isinstance(value, Mapping) and "code" in value:
        return render(value, catalogue)
    if isinstance(value, (list, tuple)):
        return _("、").join(str(_param(item, catalogue)) for item in value)
    return value


USCC = {
    "uscc_length": gettext_lazy("统一社会信用代码应为18位，实际为%(length)s位。"),
    "uscc_character": gettext_lazy(
        "第%(position)s位字符“%(char)s”不合法，统一社会信用代码不使用字母I、O、Z、S、V及其他符号。"
    ),
    "uscc_authority": gettext_lazy("第1位登记管理部门代码“%(authority)s”不存在。"),
    "uscc_org_type": gettext_lazy(
        "第2位机构类别代码“%(org_type)s”不适用于登记管理部门“%(authority)s”（%(authority_name)s）。"
    ),
    "uscc_region_character": gettext_lazy("第%(position)s位字符“%(char)s”不合法，第3至8位行政区划码只能是数字。"),
    "uscc_org_check_character": gettext_lazy("第17位字符“%(char)s”不合法，组织机构代码校验码只能是数字或X。"),
    "uscc_org_check": gettext_lazy(
        "第9至17位组织机构代码“%(code)s”校验不通过：第17位应为“%(expected)s”，实际为“%(actual)s”。"
    ),
    "uscc_check": gettext_lazy("第18位校验码错误：应为“%(expected)s”，实际为“%(actual)s”。"),
    # 登记管理部门 (GB 32100-2015 表1 and later assignments), by their code.
    "authority_1": gettext_lazy("机构编制"),
    "authority_2": gettext_lazy("外交"),
    "authority_3": gettext_lazy("司法行政"),
    "authority_4": gettext_lazy("文化"),
    "authority_5": gettext_lazy("民政"),
    "authority_6": gettext_lazy("旅游"),
    "authority_7": gettext_lazy("宗教"),
    "authority_8": gettext_lazy("工会"),
    "authority_9": gettext_lazy("工商"),
    "authority_A": gettext_lazy("中央军委改革和编制办公室"),
    "authority_N": gettext_lazy("农业"),
    "authority_Y": gettext_lazy("其他"),
}


def uscc_error_text(exc: CodedError) -> str:
    """The Chinese text of an InvalidUSCC."""
    return render(exc.message, USCC)


REFERENCE = {
    "row_field": gettext_lazy("%(scheme)s文件 %(source)s 第%(line)s行 %(field)s 字段：%(error)s"),
    "header": gettext_lazy("%(scheme)s文件 %(source)s 第1行应为表头 %(header)s。"),
    "columns": gettext_lazy("%(scheme)s文件 %(source)s 第%(line)s行应有%(expected)s列，实际为%(actual)s列。"),
    "level_unknown": gettext_lazy("层级“%(level)s”未知，应为 %(levels)s 之一。"),
    "code_format": gettext_lazy("代码“%(code)s”不符合%(level)s的代码格式。"),
    "code_duplicate": gettext_lazy("代码“%(code)s”与第%(line)s行重复。"),
    "name_missing": gettext_lazy("名称不能为空。"),
    "parent_not_empty": gettext_lazy("上级代码“%(parent)s”应为空。"),
    "parent_missing": gettext_lazy("上级代码不能为空。"),
    "parent_unknown": gettext_lazy("上级代码“%(parent)s”在文件中不存在。"),
    "parent_level": gettext_lazy("上级代码“%(parent)s”（%(parent_level)s）不能作为“%(code)s”（%(level)s）的上级。"),
    "scheme_regions": gettext_lazy("行政区划"),
    "scheme_industries": gettext_lazy("国民经济行业分类"),
    "scheme_tech_domains": gettext_lazy("高新技术领域"),
    "level_province": gettext_lazy("省级"),
    "level_prefecture": gettext_lazy("地级"),
    "level_county": gettext_lazy("县级"),
    "level_section": gettext_lazy("门类"),
    "level_division": gettext_lazy("大类"),
    "level_domain": gettext_lazy("一级领域"),
    "level_subdomain": gettext_lazy("二级领域"),
}


def reference_error_text(exc: CodedError) -> str:
    """The Chinese text of a ReferenceFileError."""
    return render(exc.message, REFERENCE)
