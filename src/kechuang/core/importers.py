"""Excel import of organizations: upsert by 统一社会信用代码."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import access
from .choices import IndustryLevel, OrganizationKind
from .forms import OrganizationForm
from .importing import Column, ImportSpec, RowError, RowInvalid, register
from .models import Industry, Organization, Region


def _kind_labels() -> str:
    return _("、").join(str(label) for label in OrganizationKind.labels)


ORGANIZATION_COLUMNS = [
    Column("name", gettext_lazy("单位名称"), required=True, example=gettext_lazy("大连示例科技有限公司")),
    Column(
        "uscc", gettext_lazy("统一社会信用代码"), required=True, help=gettext_lazy("18 位，按 GB 32100-2015 校验"),
        example="91210204MA0XXXXXXX",
    ),
    Column(
        "kind", gettext_lazy("单位类型"), required=True, help=lazy(_kind_labels, str)(), example=gettext_lazy("企业")
    ),
    Column(
        "region", gettext_lazy("所在区划"), help=gettext_lazy("6 位区划代码或区划名称，如 210204 或 沙河口区"), example="210204"
    ),
    Column("industry", gettext_lazy("所属行业"), help=gettext_lazy("国民经济行业大类两位代码或名称，如 39"), example="39"),
    Column("address", gettext_lazy("地址")),
    Column("contact_name", gettext_lazy("联系人")),
    Column("contact_phone", gettext_lazy("联系电话")),
    Column("contact_email", gettext_lazy("电子邮箱")),
    Column("description", gettext_lazy("简介")),
]
COLUMN_BY_KEY = {c.key: c for c in ORGANIZATION_COLUMNS}


class OrganizationRowForm(OrganizationForm):
    def validate_unique(self) -> None:
        """Rows upsert by USCC, so an existing code is an update; duplicates are checked across the file."""


@dataclass
class OrganizationImportContext:
    actor: Any
    regions_by_code: dict[str, int]
    regions_by_name: dict[str, list[int]]
    industries: dict[str, int]
    kinds: dict[str, str]
    existing: dict[str, Organization]


class OrganizationImport(ImportSpec):
    kind = "organizations"
    title = gettext_lazy("单位名录")
    sheet_title = gettext_lazy("单位")
    columns = ORGANIZATION_COLUMNS

    def prepare(self, *, actor, scope: dict[str, Any]) -> OrganizationImportContext:
        if actor is not None:
            access.require_bureau_admin(actor)
        by_name: dict[str, list[int]] = {}
        by_code: dict[str, int] = {}
        for pk, code, name in Region.objects.values_list("pk", "code", "name"):
            by_code[code] = pk
            by_name.setdefault(name, []).append(pk)
        industries: dict[str, int] = {}
        for pk, code, name in Industry.objects.filter(level=IndustryLevel.DIVISION).values_list("pk", "code", "name"):
            industries[code] = pk
            industries[name] = pk
        kinds = {str(label): value for value, label in OrganizationKind.choices}
        kinds.update({value: value for value in OrganizationKind.values})
        existing = {org.uscc: org for org in Organization.objects.filter(uscc__isnull=False)}
        return OrganizationImportContext(actor, by_code, by_name, industries, kinds, existing)

    def clean_row(self, values: dict[str, Any], context: OrganizationImportContext, *, row: int) -> Organization:
        errors: list[tuple[str, str]] = []
        data = {key: ("" if value is None else str(value)) for key, value in values.items()}
        kind = data.get("kind", "")
        data["kind"] = context.kinds.get(kind, kind)
        region = data.get("region", "")
        if region:
            if region in context.regions_by_code:
                data["region"] = context.regions_by_code[region]
            elif len(context.regions_by_name.get(region, [])) == 1:
                data["region"] = context.regions_by_name[region][0]
            elif region in context.regions_by_name:
                errors.append((_("所在区划"), _("区划名称“%(region)s”有重名，请填写 6 位区划代码") % {"region": region}))
            else:
                errors.append((_("所在区划"), _("未知区划“%(region)s”") % {"region": region}))
        industry = data.get("industry", "")
        if industry:
            code = industry.zfill(2) if industry.isdigit() else industry
            if code in context.industries:
                data["industry"] = context.industries[code]
            else:
                errors.append((_("所属行业"), _("未知行业“%(industry)s”，请填写国民经济行业大类代码") % {"industry": industry}))
        uscc = data.get("uscc", "").strip().upper()
        instance = context.existing.get(uscc)
        form = OrganizationRowForm(data=data, instance=instance or Organization())
        if not form.is_valid():
            for name, messages in form.errors.items():
                column = COLUMN_BY_KEY.get(name)
                if column and any(column.header == header for header, _ in errors):
                    continue
                errors.extend((column.header if column else "", message) for message in messages)
        if errors:
            raise RowInvalid(errors)
        return form.instance

    def check_batch(self, cleaned: list[tuple[int, Organization]], context: Any) -> list[RowError]:
        seen: dict[str, int] = {}
        errors = []
        for row, organization in cleaned:
            if organization.uscc in seen:
                errors.append(
                    RowError(
                        row, _("统一社会信用代码"),
                        _("与第 %(row)s 行重复：%(uscc)s") % {"row": seen[organization.uscc], "uscc": organization.uscc},
                    )
                )
            else:
                seen[organization.uscc] = row
        return errors

    def write(self, cleaned: list[Organization], context: OrganizationImportContext, *, actor) -> dict[str, int]:
        new = [org for org in cleaned if org.pk is None]
        changed = [org for org in cleaned if org.pk is not None]
        user = actor if actor is not None and actor.is_authenticated else None
        bulk_create_with_history(new, Organization, batch_size=1000, default_user=user, default_change_reason=_("Excel 导入新建"))
        fields = [c.key for c in ORGANIZATION_COLUMNS]
        bulk_update_with_history(
            changed, Organization, fields, batch_size=1000, default_user=user, default_change_reason=_("Excel 导入更新")
        )
        return {"created": len(new), "updated": len(changed)}


register(OrganizationImport)
