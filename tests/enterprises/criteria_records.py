"""Small enterprise records for the criteria tests: a plausible firm, changed per case."""

from __future__ import annotations

import copy

YEAR = 2025  # evaluation year: fiscal years 2022–2024

BASE_YEAR = {
    "employees": 120, "st_staff": 30, "rd_staff": 25, "revenue": 8000, "main_revenue": 7600,
    "high_tech_revenue": 6200, "total_assets": 9000, "total_liabilities": 4000, "net_profit": 700,
    "rd_expense": 520, "rd_expense_domestic": 500, "cost_total": 7000, "results_commercialized": 3,
}


def record(years: dict[int, dict] | None = None, **fields) -> dict:
    """A record with 2022–2024 figures (each year may be changed), IP, flags and no certificates."""
    rows = {2022: {"revenue": 6000, "main_revenue": 5600, "total_assets": 7000, "total_liabilities": 3500},
            2023: {"revenue": 7000, "main_revenue": 6600, "total_assets": 8000, "total_liabilities": 3800},
            2024: {}}
    for year, change in (years or {}).items():
        if change is None:
            rows[year] = None
        else:
            rows.setdefault(year, {}).update(change)
    data = {
        "uscc": "91210204MA0TEST01X", "name": "测试企业", "founded": "2016-05-01", "region": "210204",
        "industry": "C39", "tech_domain": "电子信息", "listed": False,
        "years": [{"year": year, **BASE_YEAR, **change} for year, change in sorted(rows.items()) if change is not None],
        "ip": {"class1": 2, "class1_self_developed": 2, "class1_high_value": 0, "class2": 6, "standards_led": 0},
        "niche_years": 4, "market_share": 0.12, "strategic_emerging": True,
        "equity_financing": [], "awards": [], "rd_institution_level": "none",
        "valuation_usd": None, "funding_total_usd": None, "certifications": [],
        "flags": {"major_incident_last_year": False, "dishonest": False, "restricted_industry": False, "resident": True},
    }
    for name, value in fields.items():
        if isinstance(value, dict) and isinstance(data.get(name), dict):
            data[name] = {**data[name], **value}
        else:
            data[name] = value
    return copy.deepcopy(data)


def same_years(**figures) -> dict[int, dict]:
    """The same figures in each of 2022–2024."""
    return {year: dict(figures) for year in (2022, 2023, 2024)}


def criterion(result: dict, tier: str, key: str) -> dict:
    found = [item for item in result["tiers"][tier]["criteria"] if item["key"] == key]
    assert len(found) == 1, (tier, key, [item["key"] for item in result["tiers"][tier]["criteria"]])
    return found[0]
