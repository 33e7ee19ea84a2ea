"""Enterprise profiles for personas A and B, with three verified years for A."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from kechuang.core.models import TechDomain
from kechuang.enterprises.choices import FiguresStatus
from kechuang.enterprises.models import Enterprise, EnterpriseAnnual

FIGURES_2024 = {
    "employees": 120, "st_staff": 30, "rd_staff": 25, "revenue": Decimal("8000"), "main_revenue": Decimal("7600"),
    "high_tech_revenue": Decimal("6200"), "total_assets": Decimal("9000"), "total_liabilities": Decimal("4000"),
    "net_profit": Decimal("700.50"), "rd_expense": Decimal("520"), "rd_expense_domestic": Decimal("500"),
    "cost_total": Decimal("7000"), "results_commercialized": 3, "main_product_share": Decimal("0.72"),
    "niche_years": 4, "market_share": Decimal("0.12"), "invention_patents": 1, "ic_layouts": 1,
    "class1_self_developed": 2, "class1_high_value": 0, "utility_models": 4, "software_copyrights": 2,
    "standards_led": 0,
}


def annual(enterprise, year: int, status=FiguresStatus.VERIFIED, **figures) -> EnterpriseAnnual:
    return EnterpriseAnnual.objects.create(enterprise=enterprise, year=year, status=status, **figures)


@pytest.fixture
def firms(personas):
    """(A, B) enterprise profiles; A has verified 2022–2024, a 2025 draft and a submitted 2021 ignored."""
    domain = TechDomain.objects.get(code="1")
    a = Enterprise.objects.create(
        organization=personas.enterprise_a, founded=datetime.date(2016, 5, 1), tech_domain=domain,
    )
    b = Enterprise.objects.create(organization=personas.enterprise_b, founded=datetime.date(2019, 3, 1))
    for year, scale in ((2022, Decimal("0.8")), (2023, Decimal("0.9"))):
        annual(a, year, employees=100, revenue=8000 * scale, rd_expense=520 * scale, invention_patents=9)
    annual(a, 2024, **FIGURES_2024)
    annual(a, 2021, status=FiguresStatus.SUBMITTED, employees=77)
    annual(a, 2025, status=FiguresStatus.DRAFT, employees=999, revenue=1)
    annual(b, 2024, employees=10, revenue=Decimal("300"))
    return a, b
