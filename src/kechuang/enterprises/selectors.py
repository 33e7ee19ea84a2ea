"""Reads of the enterprise registry, above all the assessment input record.

`assessment_record` builds exactly the input record of the assessment contract
(docs/guide/enterprises.md, "输入记录") from the bureau-verified figures: what the criteria
engine and `kechuang assess` read. A figure nobody has entered is left out, never sent as 0:
the engine then says which figure is missing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .choices import FiguresStatus
from .models import CLASS1_FIELDS, CLASS2_FIELDS, Enterprise, EnterpriseAnnual

# Record key → EnterpriseAnnual field, for the entries of "years".
YEAR_KEYS = (
    "employees", "st_staff", "rd_staff", "revenue", "main_revenue", "high_tech_revenue", "total_assets",
    "total_liabilities", "net_profit", "rd_expense", "rd_expense_domestic", "cost_total", "results_commercialized",
    "main_product_share",
)
# How many fiscal years before the evaluation year the record carries (the gazelle templates look
# four years back; the other tiers three).
YEARS_BACK = 5
USD_PER_WAN = 10_000


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _class_sum(annual: EnterpriseAnnual, fields: tuple[str, ...]) -> int | None:
    values = [getattr(annual, name) for name in fields]
    return None if all(v is None for v in values) else sum(v or 0 for v in values)


def verified_annuals(enterprise: Enterprise, year: int) -> list[EnterpriseAnnual]:
    """The verified fiscal years before evaluation year `year`, oldest first (at most YEARS_BACK)."""
    # All years through `.all()`, filtered here, so a prefetched enterprise costs no query.
    chosen = [a for a in enterprise.annuals.all() if a.status == FiguresStatus.VERIFIED and year - YEARS_BACK <= a.year < year]
    return sorted(chosen, key=lambda a: a.year)


def assessment_record(enterprise: Enterprise, year: int) -> dict[str, Any]:
    """The contract's input record of `enterprise` for evaluation year `year`, from verified figures.

    IP counts, niche years and market share are the latest verified year's (holdings at that year's
    end); money is in 万元, valuations and funding in US dollars (stored in 万美元).
    """
    organization = enterprise.organization
    record: dict[str, Any] = {"uscc": organization.uscc, "name": organization.name}
    if enterprise.founded:
        record["founded"] = enterprise.founded.isoformat()
    if organization.region_id:
        record["region"] = organization.region.code
    if organization.industry_id:
        record["industry"] = organization.industry.code
    domain = enterprise.tech_domain
    if domain is not None:
        # The criteria name the eight first-level domains; a second-level choice counts as its domain.
        record["tech_domain"] = (domain.parent if domain.parent_id else domain).name
    record["listed"] = enterprise.listed

    annuals = verified_annuals(enterprise, year)
    years = []
    for annual in annuals:
        entry: dict[str, Any] = {"year": annual.year}
        for key in YEAR_KEYS:
            value = getattr(annual, key)
            if value is not None:
                entry[key] = _number(value)
        years.append(entry)
    record["years"] = years

    latest = annuals[-1] if annuals else None
    if latest is not None:
        ip: dict[str, Any] = {}
        for key, value in (
            ("class1", _class_sum(latest, CLASS1_FIELDS)),
            ("class1_self_developed", latest.class1_self_developed),
            ("class1_high_value", latest.class1_high_value),
            ("class2", _class_sum(latest, CLASS2_FIELDS)),
            ("standards_led", latest.standards_led),
        ):
            if value is not None:
                ip[key] = value
        record["ip"] = ip
        if latest.niche_years is not None:
            record["niche_years"] = latest.niche_years
        if latest.market_share is not None:
            record["market_share"] = _number(latest.market_share)
    if enterprise.strategic_emerging is not None:
        record["strategic_emerging"] = enterprise.strategic_emerging

    rounds = list(enterprise.financing_rounds.all())
    record["equity_financing"] = [
        {"date": r.date.isoformat(), "amount": _number(r.amount)} for r in rounds if r.amount is not None
    ]
    record["awards"] = [
        {"year": a.year, "level": a.level, **({"rank": a.rank} if a.rank is not None else {})}
        for a in enterprise.awards.all()
    ]
    if enterprise.rd_institution_level:
        record["rd_institution_level"] = enterprise.rd_institution_level
    valued = [r for r in rounds if r.valuation_usd is not None]
    record["valuation_usd"] = _number(valued[-1].valuation_usd * USD_PER_WAN) if valued else None
    funded = [r.amount_usd for r in rounds if r.amount_usd is not None]
    record["funding_total_usd"] = _number(sum(funded) * USD_PER_WAN) if funded else None
    record["certifications"] = [
        {
            "kind": c.tier, "number": c.number, "valid_from": c.valid_from.isoformat(),
            "valid_to": c.valid_to.isoformat() if c.valid_to else None,
        }
        for c in enterprise.certifications.all()
    ]
    flags = {}
    for key in ("major_incident_last_year", "dishonest", "restricted_industry", "resident"):
        value = getattr(enterprise, key)
        if value is not None:
            flags[key] = value
    record["flags"] = flags
    return record


def record_queryset():
    """Enterprises with everything `assessment_record` reads, in a fixed number of queries."""
    return Enterprise.objects.select_related(
        "organization__region", "organization__industry", "tech_domain__parent"
    ).prefetch_related("annuals", "financing_rounds", "awards", "certifications")
