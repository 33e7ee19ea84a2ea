"""The assessment input record is built from verified figures only, field by field."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from kechuang.core.models import TechDomain
from kechuang.enterprises.choices import ListingStatus, Tier
from kechuang.enterprises.criteria import assess
from kechuang.enterprises.models import Award, Certification, FinancingRound
from kechuang.enterprises.selectors import assessment_record, record_queryset

pytestmark = pytest.mark.django_db


def test_it_builds_the_contract_record_from_verified_years(firms, personas):
    a, _b = firms
    record = assessment_record(a, 2025)
    assert record["uscc"] == personas.enterprise_a.uscc
    assert record["name"] == "大连甲科技有限公司"
    assert record["founded"] == "2016-05-01"
    assert record["region"] == "210204"
    assert record["industry"] == "39"
    assert record["tech_domain"] == "电子信息"
    assert record["listed"] is False
    # 2021 is only submitted and 2025 a draft: neither counts.
    assert [y["year"] for y in record["years"]] == [2022, 2023, 2024]
    assert record["years"][0] == {"year": 2022, "employees": 100, "revenue": 6400, "rd_expense": 416}
    latest = record["years"][2]
    assert latest == {
        "year": 2024, "employees": 120, "st_staff": 30, "rd_staff": 25, "revenue": 8000, "main_revenue": 7600,
        "high_tech_revenue": 6200, "total_assets": 9000, "total_liabilities": 4000, "net_profit": 700.5,
        "rd_expense": 520, "rd_expense_domestic": 500, "cost_total": 7000, "results_commercialized": 3,
        "main_product_share": 0.72,
    }
    # IP is the latest verified year's holdings, summed by official class.
    assert record["ip"] == {"class1": 2, "class1_self_developed": 2, "class1_high_value": 0, "class2": 6, "standards_led": 0}
    assert record["niche_years"] == 4
    assert record["market_share"] == 0.12
    # Flags nobody recorded are left out ("no record"), not sent as false.
    assert record["flags"] == {}
    assert "strategic_emerging" not in record and "rd_institution_level" not in record
    assert record["equity_financing"] == [] and record["awards"] == [] and record["certifications"] == []
    assert record["valuation_usd"] is None and record["funding_total_usd"] is None


def test_it_looks_only_at_years_before_the_evaluation_year(firms):
    a, _b = firms
    record = assessment_record(a, 2024)
    assert [y["year"] for y in record["years"]] == [2022, 2023]
    assert record["ip"]["class1"] == 9 and "class2" not in record["ip"]
    empty = assessment_record(a, 2022)
    assert empty["years"] == [] and "ip" not in empty and "niche_years" not in empty


def test_it_carries_certifications_rounds_awards_and_flags(firms):
    a, _b = firms
    a.tech_domain = TechDomain.objects.filter(level="subdomain", parent__code="8").first()
    a.listing_status = ListingStatus.NEEQ
    a.strategic_emerging = True
    a.rd_institution_level = "provincial"
    a.dishonest = False
    a.major_incident_last_year = True
    a.save()
    Certification.objects.create(
        enterprise=a, tier=Tier.HIGH_TECH, number="GR202321000123",
        valid_from=datetime.date(2023, 11, 1), valid_to=datetime.date(2026, 10, 31),
    )
    FinancingRound.objects.create(enterprise=a, date=datetime.date(2023, 1, 5), amount=Decimal("1000"),
                                  amount_usd=Decimal("140"), valuation_usd=Decimal("2000"))
    FinancingRound.objects.create(enterprise=a, date=datetime.date(2024, 3, 1), amount=Decimal("3000"),
                                  amount_usd=Decimal("420"))
    Award.objects.create(enterprise=a, year=2023, level="provincial", rank=2, name="省科学技术进步奖")
    record = assessment_record(a, 2025)
    assert record["tech_domain"] == "先进制造与自动化"  # a second-level domain counts as its first level
    assert record["listed"] is False  # a NEEQ quotation is not a listing
    assert record["strategic_emerging"] is True
    assert record["rd_institution_level"] == "provincial"
    assert record["flags"] == {"major_incident_last_year": True, "dishonest": False}
    assert record["certifications"] == [
        {"kind": "high_tech", "number": "GR202321000123", "valid_from": "2023-11-01", "valid_to": "2026-10-31"}
    ]
    assert record["equity_financing"] == [{"date": "2023-01-05", "amount": 1000}, {"date": "2024-03-01", "amount": 3000}]
    assert record["awards"] == [{"year": 2023, "level": "provincial", "rank": 2}]
    assert record["valuation_usd"] == 20_000_000  # the latest round that states a valuation, 万美元 → USD
    assert record["funding_total_usd"] == 5_600_000
    # The criteria engine reads the record as it is, every field of it.
    output = assess(record, year=2025)
    assert output["uscc"] == record["uscc"] and output["tiers"]["high_tech"]["certified"] is True
    a.listing_status = ListingStatus.STAR_MARKET
    assert assessment_record(a, 2025)["listed"] is True


def test_the_prefetched_queryset_gives_the_same_record_in_fixed_queries(firms, django_assert_max_num_queries):
    a, b = firms
    expected = {e.pk: assessment_record(e, 2025) for e in (a, b)}
    with django_assert_max_num_queries(5):
        records = {e.pk: assessment_record(e, 2025) for e in record_queryset()}
    assert records == expected
