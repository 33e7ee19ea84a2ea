"""Excel import of achievements and demands (the bureau's curation): all rows valid or none saved."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.choices import IndustryLevel
from kechuang.core.importing import Column, ImportSpec, RowInvalid, register
from kechuang.core.models import Industry, Organization, TechDomain

from . import access, services
from .choices import CooperationMode, Maturity, Visibility
from .models import Achievement, Demand

# Separators accepted between cooperation modes in a cell.
SEPARATORS = re.compile(r"[、,，;；\s]+")
OWNER = Column("owner", gettext_lazy("所属单位"), required=True, help=gettext_lazy("已登记的单位名称或统一社会信用代码"))
DOMAIN = Column("domain", gettext_lazy("技术领域"), help=gettext_lazy("高新技术领域名称或代码，如 电子信息"))
INDUSTRY = Column("industry", gettext_lazy("所属行业"), help=gettext_lazy("国民经济行业大类两位代码，如 39"))
COOPERATION = Column("cooperation", gettext_lazy("合作方式"), help=gettext_lazy("技术转让、技术许可、作价入股、合作开发、技术服务，用顿号分隔"))
VISIBILITY = Column("visibility", gettext_lazy("公开范围"), help=gettext_lazy("公开、注册用户可见或仅科技局可见；不填为公开"))
CONTACT = Column("contact", gettext_lazy("联系方式"))

ACHIEVEMENT_COLUMNS = [
    Column("title", gettext_lazy("成果名称"), required=True),
    OWNER,
    Column("abstract", gettext_lazy("成果简介")),
    Column("team", gettext_lazy("完成人/团队")),
    DOMAIN, INDUSTRY,
    Column("maturity", gettext_lazy("成熟度"), help=gettext_lazy("实验室、小试、中试或产业化")),
    Column("trl", gettext_lazy("技术就绪度"), help=gettext_lazy("1 到 9 的整数")),
    COOPERATION,
    Column("price", gettext_lazy("意向价格（万元）")),
    VISIBILITY, CONTACT,
]
DEMAND_COLUMNS = [
    Column("title", gettext_lazy("需求名称"), required=True),
    OWNER,
    Column("description", gettext_lazy("需求描述")),
    DOMAIN, INDUSTRY,
    Column("budget", gettext_lazy("预算（万元）")),
    Column("deadline", gettext_lazy("截止日期"), help=gettext_lazy("YYYY-MM-DD")),
    COOPERATION,
    Column("maturity_wanted", gettext_lazy("要求成熟度"), help=gettext_lazy("实验室、小试、中试或产业化")),
    VISIBILITY, CONTACT,
]


@dataclass
class Lookups:
    owners: dict[str, Organization]
    domains: dict[str, TechDomain]
    industries: dict[str, Industry]


def _choice(value: str, choices, column, errors) -> str:
    by_label = {str(label): key for key, label in choices}
    if value in by_label:
        return by_label[value]
    if value in dict(choices):
        return value
    errors.append((column.header, _("“%(value)s”不是可选值：%(choices)s") % {
        "value": value, "choices": _("、").join(by_label)}))
    return ""


def _amount(value: Any, column, errors) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        errors.append((column.header, _("“%(value)s”不是不小于 0 的数字") % {"value": value}))
        return None
    return amount


class ListingImport(ImportSpec):
    model: type = Achievement
    create = staticmethod(services.create_achievement)

    def prepare(self, *, actor, scope: dict[str, Any]) -> Lookups:
        if actor is not None:
            access.require_bureau(actor)
        owners: dict[str, Organization] = {}
        for organization in Organization.objects.all():
            owners.setdefault(organization.name, organization)
            if organization.uscc:
                owners[organization.uscc] = organization
        domains = {}
        for domain in TechDomain.objects.all():
            domains[domain.code] = domain
            domains[domain.name] = domain
        industries = {i.code: i for i in Industry.objects.filter(level=IndustryLevel.DIVISION)}
        return Lookups(owners, domains, industries)

    def clean_row(self, values: dict[str, Any], context: Lookups, *, row: int) -> dict[str, Any]:
        errors: list[tuple[str, str]] = []
        columns = {c.key: c for c in self.columns}
        data: dict[str, Any] = {}
        for key, column in columns.items():
            value = values.get(key)
            text = "" if value is None else str(value).strip()
            if column.required and not text:
                errors.append((column.header, _("必填")))
                continue
            if key == "owner":
                data["owner"] = context.owners.get(text.upper()) or context.owners.get(text)
                if data["owner"] is None:
                    errors.append((column.header, _("未登记的单位“%(name)s”") % {"name": text}))
            elif key == "domain":
                data["domain"] = context.domains.get(text) if text else None
                if text and data["domain"] is None:
                    errors.append((column.header, _("未知领域“%(domain)s”") % {"domain": text}))
            elif key == "industry":
                code = text.zfill(2) if text.isdigit() else text
                data["industry"] = context.industries.get(code) if text else None
                if text and data["industry"] is None:
                    errors.append((column.header, _("未知行业“%(industry)s”") % {"industry": text}))
            elif key == "cooperation":
                modes = [m for m in SEPARATORS.split(text) if m]
                data["cooperation"] = [_choice(m, CooperationMode.choices, column, errors) for m in modes]
            elif key in ("maturity", "maturity_wanted"):
                data[key] = _choice(text, Maturity.choices, column, errors) if text else ""
            elif key == "visibility":
                data[key] = _choice(text, Visibility.choices, column, errors) if text else Visibility.PUBLIC
            elif key in ("price", "budget"):
                data[key] = _amount(value, column, errors)
            elif key == "trl":
                data[key] = None
                if text:
                    if not text.isdigit() or not 1 <= int(text) <= 9:
                        errors.append((column.header, _("应为 1 到 9 的整数")))
                    else:
                        data[key] = int(text)
            elif key == "deadline":
                data[key] = None
                if isinstance(value, datetime.datetime):
                    data[key] = value.date()
                elif text:
                    try:
                        data[key] = datetime.date.fromisoformat(text[:10])
                    except ValueError:
                        errors.append((column.header, _("“%(value)s”不是日期（YYYY-MM-DD）") % {"value": text}))
            else:
                data[key] = text
        if not errors:
            listing = self.model(**data)
            try:
                listing.full_clean()
            except Exception as exc:  # ValidationError: each field's messages, under its column
                for name, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
                    header = columns[name].header if name in columns else ""
                    errors.extend((header, message) for message in messages)
        if errors:
            raise RowInvalid(errors)
        return data

    def write(self, cleaned: list[dict[str, Any]], context: Lookups, *, actor) -> dict[str, int]:
        for data in cleaned:
            type(self).create(actor=actor, **data)
        return {"created": len(cleaned)}


@register
class AchievementImport(ListingImport):
    kind = "achievements"
    title = gettext_lazy("科技成果")
    sheet_title = gettext_lazy("科技成果")
    columns = ACHIEVEMENT_COLUMNS


@register
class DemandImport(ListingImport):
    kind = "demands"
    title = gettext_lazy("技术需求")
    sheet_title = gettext_lazy("技术需求")
    columns = DEMAND_COLUMNS
    model = Demand
    create = staticmethod(services.create_demand)
