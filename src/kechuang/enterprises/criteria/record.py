"""The input record of `kechuang assess` (criteria.md Part 1) as typed dataclasses.

Absent figures are None ("not known"), never 0: a criterion that needs one reports `unknown`.
Malformed input raises RecordError naming the field (the command adds the line number).
Unknown keys are ignored, so a record may carry more than the engine reads.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kechuang.core.codes import CodedError

YEAR_FIGURES = (
    "employees", "st_staff", "rd_staff", "revenue", "main_revenue", "high_tech_revenue", "total_assets",
    "total_liabilities", "net_profit", "rd_expense", "rd_expense_domestic", "cost_total", "results_commercialized",
)
IP_COUNTS = ("class1", "class1_self_developed", "class1_high_value", "class2", "standards_led")
FLAGS = ("major_incident_last_year", "dishonest", "restricted_industry", "resident")
LEVELS = ("national", "provincial", "city", "county", "none")
AWARD_LEVELS = ("national", "provincial", "city", "county")


class RecordError(CodedError):
    """A malformed record: `field` names the offending key path, e.g. years[0].revenue."""


@dataclass(slots=True)
class Year:
    year: int
    employees: float | None = None
    st_staff: float | None = None
    rd_staff: float | None = None
    revenue: float | None = None
    main_revenue: float | None = None
    high_tech_revenue: float | None = None
    total_assets: float | None = None
    total_liabilities: float | None = None
    net_profit: float | None = None
    rd_expense: float | None = None
    rd_expense_domestic: float | None = None
    cost_total: float | None = None
    results_commercialized: float | None = None


@dataclass(slots=True)
class Certification:
    kind: str
    number: str | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None


@dataclass(slots=True)
class Financing:
    date: datetime.date
    amount: float


@dataclass(slots=True)
class Award:
    year: int
    level: str
    rank: int | None


@dataclass(slots=True)
class Record:
    uscc: str | None
    name: str | None
    founded: datetime.date | None
    region: str | None
    industry: str | None
    tech_domain: str | None
    listed: bool | None
    years: dict[int, Year]
    ip: dict[str, float | None]
    niche_years: float | None
    market_share: float | None
    market_rank: int | None
    strategic_emerging: bool | None
    equity_financing: list[Financing] | None
    awards: list[Award] | None
    rd_institution_level: str | None
    valuation_usd: float | None
    funding_total_usd: float | None
    quality_score: float | None
    certifications: list[Certification]
    flags: dict[str, bool | None]

    def latest_year(self) -> int | None:
        return max(self.years) if self.years else None


def _number(value, field: str) -> float | None:
    if value is None:
        return None
    # bool is an int in Python; a figure given as true/false is a mistake, not 1/0.
    if value.__class__ is int or value.__class__ is float:
        if value < 0 and field.rsplit(".", 1)[-1] not in {"net_profit"}:
            raise RecordError("record_negative", field=field, value=value)
        return value
    raise RecordError("record_not_number", field=field, value=_shown(value))


def _integer(value, field: str) -> int | None:
    if value is None:
        return None
    if value.__class__ is not int:
        raise RecordError("record_not_integer", field=field, value=_shown(value))
    return value


def _bool(value, field: str) -> bool | None:
    if value is None or value is True or value is False:
        return value
    raise RecordError("record_not_bool", field=field, value=_shown(value))


def _text(value, field: str) -> str | None:
    if value is None or value.__class__ is str:
        return value
    raise RecordError("record_not_text", field=field, value=_shown(value))


def _date(value, field: str) -> datetime.date | None:
    if value is None:
        return None
    if value.__class__ is str:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise RecordError("record_not_date", field=field, value=_shown(value))


def _list(value, field: str) -> list | None:
    if value is None or value.__class__ is list:
        return value
    raise RecordError("record_not_list", field=field)


def _object(value, field: str) -> dict:
    if value is None:
        return {}
    if value.__class__ is dict:
        return value
    raise RecordError("record_not_object", field=field)


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _year(data, index: int) -> Year:
    where = f"years[{index}]"
    if data.__class__ is not dict:
        raise RecordError("record_not_object", field=where)
    year = data.get("year")
    if year.__class__ is not int or not 1900 <= year <= 2200:
        raise RecordError("record_year", field=where + ".year", value=_shown(year))
    figures = Year(year)
    for name in YEAR_FIGURES:
        value = data.get(name)
        if value is not None:
            setattr(figures, name, _number(value, f"{where}.{name}"))
    return figures


def parse_record(data) -> Record:
    """The typed record of one decoded JSON object; RecordError when a field has the wrong shape."""
    if data.__class__ is not dict:
        raise RecordError("record_not_object", field="$")
    years: dict[int, Year] = {}
    for index, item in enumerate(_list(data.get("years"), "years") or ()):
        figures = _year(item, index)
        if figures.year in years:
            raise RecordError("record_year_duplicate", field=f"years[{index}].year", value=figures.year)
        years[figures.year] = figures
    ip_data = _object(data.get("ip"), "ip")
    ip = {name: _number(ip_data.get(name), f"ip.{name}") for name in IP_COUNTS}
    flags_data = _object(data.get("flags"), "flags")
    flags = {name: _bool(flags_data.get(name), f"flags.{name}") for name in FLAGS}
    level = _text(data.get("rd_institution_level"), "rd_institution_level")
    if level is not None and level not in LEVELS:
        raise RecordError("record_choice", field="rd_institution_level", value=_shown(level), choices=LEVELS)
    return Record(
        uscc=_text(data.get("uscc"), "uscc"),
        name=_text(data.get("name"), "name"),
        founded=_date(data.get("founded"), "founded"),
        region=_text(data.get("region"), "region"),
        industry=_text(data.get("industry"), "industry"),
        tech_domain=_text(data.get("tech_domain"), "tech_domain"),
        listed=_bool(data.get("listed"), "listed"),
        years=years,
        ip=ip,
        niche_years=_number(data.get("niche_years"), "niche_years"),
        market_share=_share(data.get("market_share"), "market_share"),
        market_rank=_integer(data.get("market_rank"), "market_rank"),
        strategic_emerging=_bool(data.get("strategic_emerging"), "strategic_emerging"),
        equity_financing=_financings(data.get("equity_financing")),
        awards=_awards(data.get("awards")),
        rd_institution_level=level,
        valuation_usd=_number(data.get("valuation_usd"), "valuation_usd"),
        funding_total_usd=_number(data.get("funding_total_usd"), "funding_total_usd"),
        quality_score=_number(data.get("quality_score"), "quality_score"),
        certifications=_certifications(data.get("certifications")),
        flags=flags,
    )


def _share(value, field: str) -> float | None:
    share = _number(value, field)
    if share is not None and share > 1:
        raise RecordError("record_share", field=field, value=share)
    return share


def _financings(items) -> list[Financing] | None:
    items = _list(items, "equity_financing")
    if items is None:
        return None
    found = []
    for index, item in enumerate(items):
        where = f"equity_financing[{index}]"
        item = _object(item, where)
        day = _date(item.get("date"), where + ".date")
        amount = _number(item.get("amount"), where + ".amount")
        if day is None or amount is None:
            raise RecordError("record_required", field=where + (".date" if day is None else ".amount"))
        found.append(Financing(day, amount))
    return found


def _awards(items) -> list[Award] | None:
    items = _list(items, "awards")
    if items is None:
        return None
    found = []
    for index, item in enumerate(items):
        where = f"awards[{index}]"
        item = _object(item, where)
        year = _integer(item.get("year"), where + ".year")
        level = _text(item.get("level"), where + ".level")
        if year is None or level is None:
            raise RecordError("record_required", field=where + (".year" if year is None else ".level"))
        if level not in AWARD_LEVELS:
            raise RecordError("record_choice", field=where + ".level", value=_shown(level), choices=AWARD_LEVELS)
        found.append(Award(year, level, _integer(item.get("rank"), where + ".rank")))
    return found


def _certifications(items) -> list[Certification]:
    found = []
    for index, item in enumerate(_list(items, "certifications") or ()):
        where = f"certifications[{index}]"
        item = _object(item, where)
        kind = _text(item.get("kind"), where + ".kind")
        if not kind:
            raise RecordError("record_required", field=where + ".kind")
        found.append(Certification(
            kind, _text(item.get("number"), where + ".number"),
            _date(item.get("valid_from"), where + ".valid_from"), _date(item.get("valid_to"), where + ".valid_to"),
        ))
    return found
