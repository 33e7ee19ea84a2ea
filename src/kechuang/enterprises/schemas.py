"""API schemas of the enterprise registry (no `from __future__ import annotations`: ninja reads them)."""

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from .choices import FiguresStatus, ListingStatus, Tier

Money = Decimal | None
Count = int | None


class CertificationOut(Schema):
    tier: Tier
    tier_label: str
    number: str
    valid_from: date
    valid_to: date | None

    @staticmethod
    def resolve_tier_label(obj) -> str:
        return str(obj.get_tier_display())


class EnterpriseOut(Schema):
    id: int
    organization_id: int
    name: str
    uscc: str | None
    region_code: str | None
    industry_code: str | None
    founded: date | None
    tech_domain: str | None
    listing_status: ListingStatus

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_uscc(obj) -> str | None:
        return obj.organization.uscc

    @staticmethod
    def resolve_region_code(obj) -> str | None:
        return obj.organization.region.code if obj.organization.region_id else None

    @staticmethod
    def resolve_industry_code(obj) -> str | None:
        return obj.organization.industry.code if obj.organization.industry_id else None

    @staticmethod
    def resolve_tech_domain(obj) -> str | None:
        return obj.tech_domain.name if obj.tech_domain_id else None


class EnterpriseDetailOut(EnterpriseOut):
    certifications: list[CertificationOut]

    @staticmethod
    def resolve_certifications(obj) -> list:
        return list(obj.certifications.all())


class FiguresIn(Schema):
    """One fiscal year's figures (万元 unless stated); an absent figure is not known."""

    employees: Count = Field(None, ge=0)
    st_staff: Count = Field(None, ge=0)
    rd_staff: Count = Field(None, ge=0)
    revenue: Money = Field(None, max_digits=14, decimal_places=2)
    main_revenue: Money = Field(None, max_digits=14, decimal_places=2)
    high_tech_revenue: Money = Field(None, max_digits=14, decimal_places=2)
    total_assets: Money = Field(None, max_digits=14, decimal_places=2)
    total_liabilities: Money = Field(None, max_digits=14, decimal_places=2)
    net_profit: Money = Field(None, max_digits=14, decimal_places=2)
    rd_expense: Money = Field(None, max_digits=14, decimal_places=2)
    rd_expense_domestic: Money = Field(None, max_digits=14, decimal_places=2)
    cost_total: Money = Field(None, max_digits=14, decimal_places=2)
    results_commercialized: Count = Field(None, ge=0)
    main_product_share: Money = Field(None, ge=0, le=1, description=gettext_lazy("0–1 之间的小数"))
    niche_years: Count = Field(None, ge=0)
    market_share: Money = Field(None, ge=0, le=1, description=gettext_lazy("0–1 之间的小数"))
    invention_patents: Count = Field(None, ge=0)
    plant_varieties: Count = Field(None, ge=0)
    crop_varieties: Count = Field(None, ge=0)
    new_drugs: Count = Field(None, ge=0)
    tcm_protected: Count = Field(None, ge=0)
    ic_layouts: Count = Field(None, ge=0)
    class1_self_developed: Count = Field(None, ge=0)
    class1_high_value: Count = Field(None, ge=0)
    utility_models: Count = Field(None, ge=0)
    designs: Count = Field(None, ge=0)
    software_copyrights: Count = Field(None, ge=0)
    standards_led: Count = Field(None, ge=0)


class FiguresSave(FiguresIn):
    submit: bool = Field(False, description=gettext_lazy("true：保存并报送科技局审核"))
    reason: str = Field("", max_length=200, description=gettext_lazy("更正已审核数据时必填（科技局）"))


class FiguresOut(FiguresIn):
    id: int
    year: int
    status: FiguresStatus
    return_reason: str
    submitted_at: datetime | None
    verified_at: datetime | None


class ReturnIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)
