"""Excel import of enterprises' yearly figures, as the bureau gets them from 统计局 and 税务.

One row is one enterprise (by 统一社会信用代码, registered in the organization directory as an
enterprise) and one fiscal year. The headers are those of the statistics and tax exports. The
bureau's official data is verified on import. A row upserts by USCC and year; an empty cell keeps
the figure already stored, and a row that changes nothing writes nothing, so importing the same
file twice changes nothing the second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kechuang.core import access as core_access
from kechuang.core.choices import OrganizationKind
from kechuang.core.importing import Column, ImportSpec, RowError, RowInvalid, register
from kechuang.core.models import Organization

from .assessments import default_year
from .choices import FiguresStatus
from .models import FIGURE_FIELDS, MAX_YEAR, MIN_YEAR, Enterprise, EnterpriseAnnual
from .services import start_assessment_run

INTEGER, MONEY, SHARE = "integer", "money", "share"

# (field, header as in the 统计/税务 exports, kind of value)
FIGURE_COLUMNS = [
    ("employees", gettext_lazy("从业人员期末人数"), INTEGER),
    ("st_staff", gettext_lazy("科技人员数"), INTEGER),
    ("rd_staff", gettext_lazy("研究开发人员合计"), INTEGER),
    ("revenue", gettext_lazy("营业收入"), MONEY),
    ("main_revenue", gettext_lazy("主营业务收入"), MONEY),
    ("high_tech_revenue", gettext_lazy("高新技术产品（服务）收入"), MONEY),
    ("total_assets", gettext_lazy("资产总计"), MONEY),
    ("total_liabilities", gettext_lazy("负债合计"), MONEY),
    ("net_profit", gettext_lazy("净利润"), MONEY),
    ("rd_expense", gettext_lazy("研究开发费用合计"), MONEY),
    ("rd_expense_domestic", gettext_lazy("其中：境内研究开发费用"), MONEY),
    ("cost_total", gettext_lazy("成本费用总额"), MONEY),
    ("results_commercialized", gettext_lazy("科技成果转化数"), INTEGER),
    ("main_product_share", gettext_lazy("主导产品收入占比"), SHARE),
    ("niche_years", gettext_lazy("从事细分市场年限"), INTEGER),
    ("market_share", gettext_lazy("细分市场占有率"), SHARE),
    ("invention_patents", gettext_lazy("有效发明专利数"), INTEGER),
    ("plant_varieties", gettext_lazy("植物新品种"), INTEGER),
    ("crop_varieties", gettext_lazy("国家级农作物品种"), INTEGER),
    ("new_drugs", gettext_lazy("国家新药"), INTEGER),
    ("tcm_protected", gettext_lazy("国家一级中药保护品种"), INTEGER),
    ("ic_layouts", gettext_lazy("集成电路布图设计专有权"), INTEGER),
    ("class1_self_developed", gettext_lazy("自主研发Ⅰ类知识产权数"), INTEGER),
    ("class1_high_value", gettext_lazy("高价值发明专利数"), INTEGER),
    ("utility_models", gettext_lazy("实用新型专利数"), INTEGER),
    ("designs", gettext_lazy("外观设计专利数"), INTEGER),
    ("software_copyrights", gettext_lazy("软件著作权数"), INTEGER),
    ("standards_led", gettext_lazy("主导制定标准数"), INTEGER),
]
MONEY_LIMIT = Decimal("1e12")  # max_digits=14, decimal_places=2

HELP = {
    INTEGER: gettext_lazy("非负整数"),
    MONEY: gettext_lazy("万元，最多两位小数"),
    SHARE: gettext_lazy("0–1 之间的小数，或百分数如 72%"),
}

COLUMNS = [
    Column("uscc", gettext_lazy("统一社会信用代码"), required=True, help=gettext_lazy("18 位，企业须已在单位名录中登记"),
           example="91210204MA0XXXXXXX"),
    Column("name", gettext_lazy("单位详细名称"), help=gettext_lazy("仅供核对，不修改名录中的名称"),
           example=gettext_lazy("大连示例科技有限公司")),
    Column("year", gettext_lazy("年度"), required=True, help=gettext_lazy("会计年度，如 2024"), example="2024"),
    *[Column(field, header, help=HELP[kind]) for field, header, kind in FIGURE_COLUMNS],
]


def parse_value(value: Any, kind: str, *, negative: bool = False) -> Any:
    """One cell as the field's value; raises ValueError with a Chinese message."""
    text = str(value).strip().replace(",", "")
    if kind == SHARE:
        percent = text.endswith("%")
        try:
            number = Decimal(text.rstrip("%"))
        except InvalidOperation:
            raise ValueError(_("应为 0–1 之间的小数或百分数，实际为“%(value)s”") % {"value": value}) from None
        if percent:
            number /= 100
        if not 0 <= number <= 1:
            raise ValueError(_("应在 0–1 之间（或 0%%–100%%），实际为“%(value)s”") % {"value": value})
        return number.quantize(Decimal("0.0001"))
    try:
        number = Decimal(text)
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        if kind == INTEGER:
            raise ValueError(_("应为非负整数，实际为“%(value)s”") % {"value": value}) from None
        raise ValueError(_("应为数字，实际为“%(value)s”") % {"value": value}) from None
    if kind == INTEGER:
        if number != number.to_integral_value() or number < 0:
            raise ValueError(_("应为非负整数，实际为“%(value)s”") % {"value": value})
        return int(number)
    if number < 0 and not negative:
        raise ValueError(_("不能为负数，实际为“%(value)s”") % {"value": value})
    if abs(number) >= MONEY_LIMIT or number != number.quantize(Decimal("0.01")):
        raise ValueError(_("应为最多两位小数、小于一万亿的金额（万元），实际为“%(value)s”") % {"value": value})
    return number


@dataclass
class FiguresContext:
    organizations: dict[str, tuple[int, str]]  # uscc → (organization id, kind)
    enterprises: dict[int, int]  # organization id → enterprise id
    annuals: dict[tuple[int, int], EnterpriseAnnual]  # (organization id, year) → stored year


@dataclass
class FiguresRow:
    organization_id: int
    uscc: str
    year: int
    figures: dict[str, Any]


class EnterpriseFiguresImport(ImportSpec):
    kind = "enterprise_figures"
    title = gettext_lazy("企业年度数据（统计、税务）")
    sheet_title = gettext_lazy("企业年度数据")
    columns = COLUMNS

    def prepare(self, *, actor, scope: dict[str, Any]) -> FiguresContext:
        if actor is not None:
            core_access.require_bureau_admin(actor)
        organizations = {
            uscc: (pk, kind) for pk, uscc, kind in Organization.objects.filter(uscc__isnull=False).values_list("pk", "uscc", "kind")
        }
        enterprises = dict(Enterprise.objects.values_list("organization_id", "pk"))
        annuals = {
            (a.enterprise.organization_id, a.year): a
            for a in EnterpriseAnnual.objects.select_related("enterprise")
        }
        return FiguresContext(organizations, enterprises, annuals)

    def clean_row(self, values: dict[str, Any], context: FiguresContext, *, row: int) -> FiguresRow:
        errors: list[tuple[str, str]] = []
        uscc = str(values.get("uscc") or "").strip().upper()
        found = context.organizations.get(uscc)
        if not uscc:
            errors.append((_("统一社会信用代码"), _("必填")))
        elif found is None:
            errors.append((_("统一社会信用代码"), _("“%(uscc)s”未在单位名录中登记，请先导入单位名录") % {"uscc": uscc}))
        elif found[1] != OrganizationKind.ENTERPRISE:
            errors.append((_("统一社会信用代码"), _("“%(uscc)s”不是企业") % {"uscc": uscc}))
        year = values.get("year")
        try:
            # "2024" or a statistics export's "2024年": four digits and at most one unit character.
            match = re.fullmatch(r"(\d{4})\D?", str(year).strip())
            year = int(match.group(1)) if match else None
            if year is None or not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError
        except (TypeError, ValueError):
            errors.append((_("年度"), _("应为 %(min)s–%(max)s 之间的年份，实际为“%(value)s”") % {
                "min": MIN_YEAR, "max": MAX_YEAR, "value": values.get("year") or ""}))
            year = None
        figures: dict[str, Any] = {}
        for field, header, kind in FIGURE_COLUMNS:
            value = values.get(field)
            if value is None:
                continue
            try:
                figures[field] = parse_value(value, kind, negative=field == "net_profit")
            except ValueError as exc:
                errors.append((str(header), str(exc)))
        if not errors:
            # The model's cross-field checks (境内 ≤ 总额 …), on the figures as they will be stored.
            stored = context.annuals.get((found[0], year))
            probe = EnterpriseAnnual(year=year, **{f: getattr(stored, f) for f in FIGURE_FIELDS} if stored else {})
            for field, value in figures.items():
                setattr(probe, field, value)
            try:
                probe.clean()
            except ValidationError as exc:
                headers = {field: str(header) for field, header, _kind in FIGURE_COLUMNS}
                for field, messages in exc.message_dict.items():
                    errors.extend((headers.get(field, ""), message) for message in messages)
        if errors:
            raise RowInvalid(errors)
        return FiguresRow(found[0], uscc, year, figures)

    def check_batch(self, cleaned: list[tuple[int, FiguresRow]], context: FiguresContext) -> list[RowError]:
        seen: dict[tuple[str, int], int] = {}
        errors = []
        for row, item in cleaned:
            key = (item.uscc, item.year)
            if key in seen:
                errors.append(RowError(row, _("统一社会信用代码"), _("与第 %(row)s 行重复：%(uscc)s %(year)s 年") % {
                    "row": seen[key], "uscc": item.uscc, "year": item.year}))
            else:
                seen[key] = row
        return errors

    def write(self, cleaned: list[FiguresRow], context: FiguresContext, *, actor) -> dict[str, int]:
        user = actor if actor is not None and actor.is_authenticated else None
        now = timezone.now()
        # Organizations of kind enterprise without a profile get one (an empty profile).
        missing = {item.organization_id for item in cleaned} - set(context.enterprises)
        if missing:
            bulk_create_with_history(
                [Enterprise(organization_id=pk) for pk in sorted(missing)], Enterprise, batch_size=1000,
                default_user=user, default_change_reason=_("Excel 导入建立企业档案"),
            )
            context.enterprises.update(Enterprise.objects.filter(organization_id__in=missing).values_list("organization_id", "pk"))
        new, changed, unchanged = [], [], 0
        for item in cleaned:
            stored = context.annuals.get((item.organization_id, item.year))
            if stored is None:
                annual = EnterpriseAnnual(
                    enterprise_id=context.enterprises[item.organization_id], year=item.year, **item.figures,
                    status=FiguresStatus.VERIFIED, verified_by=user, verified_at=now,
                )
                new.append(annual)
                continue
            differs = any(getattr(stored, f) != v for f, v in item.figures.items())
            if not differs and stored.status == FiguresStatus.VERIFIED:
                unchanged += 1
                continue
            for field, value in item.figures.items():
                setattr(stored, field, value)
            stored.status, stored.verified_by, stored.verified_at, stored.return_reason = FiguresStatus.VERIFIED, user, now, ""
            changed.append(stored)
        bulk_create_with_history(
            new, EnterpriseAnnual, batch_size=1000, default_user=user, default_change_reason=_("Excel 导入（统计、税务数据）")
        )
        bulk_update_with_history(
            changed, EnterpriseAnnual, [*FIGURE_FIELDS, "status", "verified_by", "verified_at", "return_reason"],
            batch_size=1000, default_user=user, default_change_reason=_("Excel 导入更新（统计、税务数据）"),
        )
        summary = {"created": len(new), "updated": len(changed), "unchanged": unchanged}
        if new or changed:
            # New verified figures change assessments and pools: re-assess once the import commits.
            run = start_assessment_run(actor=actor, year=default_year())
            summary["assessment_run"] = run.pk
        return summary


register(EnterpriseFiguresImport)
