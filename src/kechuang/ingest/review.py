"""The reviewer's decisions on an extracted plan, as plain data (no Django).

A review is a JSON-able dict kept on the PlanDocument:

    {"plan": {"title", "start_year", "end_year", "horizons"},
     "indicators": [{"decision": "accept" | "reject", "item": <gold-schema indicator>}],
     "tasks": [{"decision": "accept" | "reject", "item": <gold-schema task>}],
     "units": {"<name as written>": {"organization_id": int | None, "merged_into": str | None}}}

Nothing here touches the database; services turn an accepted review into records.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from kechuang.core.codes import CodedError, Message
from kechuang.plans.progress import parse_relative

from .extract.units import names_a_zone

DECISIONS = ("accept", "reject")
COMPARATORS = (">=", "<=", "=")
_PLAN_TITLE = re.compile(r"(规划|实施方案|行动方案|工作方案|工作计划|工作总结|方案)")
_YEAR = re.compile(r"(20\d{2})\s*年")
_FIVE_YEAR = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}


class ReviewError(CodedError):
    """A reviewer's edit that cannot be accepted; its message code says which field and why
    (kechuang.ingest.messages gives the Chinese text)."""


def guess_plan(text: str, extraction: dict[str, Any], file_name: str) -> dict[str, Any]:
    """Title, period and horizons proposed for the plan; the reviewer may change them."""
    title = ""
    for line in text.splitlines()[:60]:
        # Web copies put the title at the end of a breadcrumb trail (首页 >> 地方政策 >> …).
        line = re.split(r">>|》》|>", line)[-1].strip()
        if 6 <= len(line) <= 60 and _PLAN_TITLE.search(line) and not line.endswith(("。", "：", ":")):
            title = line.strip("《》")
            break
    title = title or file_name.rsplit(".", 1)[0]
    years = sorted(
        {t["year"] for i in extraction.get("indicators", []) for t in i.get("targets", []) if t.get("year")}
    )
    start, end = None, None
    # The title's five-year period wins over the text's; of several, the latest (a 十四五 plan reviews 十三五).
    for where in (title, text[:2000]):
        found = [period for word, period in _FIVE_YEAR.items() if word in where]
        if found:
            start, end = found[-1]
            break
    if end is None and years:
        end = years[0]
    if end is None:
        found = [int(y) for y in _YEAR.findall(text[:3000])]
        end = max(found) if found else None
    if start is None and end is not None:
        start = min([end - 4, *(i["baseline"]["year"] + 1 for i in extraction.get("indicators", []) if (i.get("baseline") or {}).get("year"))])
    horizons = sorted({y for y in years if end is None or y >= end}) or ([end] if end else [])
    return {"title": title[:200], "start_year": start, "end_year": end, "horizons": horizons}


def plan_level(title: str) -> str | None:
    """The administrative level a plan belongs to, which prefixes its bare department names. The 区
    of a development zone (…经济技术开发区) is none: a zone's departments take no prefix."""
    for level in ("区", "县", "市"):
        if any(char == level and not names_a_zone(title[: index + 1]) for index, char in enumerate(title)):
            return level
    return None


def unit_names(extraction: dict[str, Any]) -> list[str]:
    """Every unit named by a task, in order of first mention."""
    seen: dict[str, None] = {}
    for task in extraction.get("tasks", []):
        for name in [*task.get("lead_units", []), *task.get("support_units", [])]:
            seen.setdefault(name, None)
    return list(seen)


def initial_review(
    text: str, extraction: dict[str, Any], file_name: str, known_units: dict[str, int]
) -> dict[str, Any]:
    """Everything proposed is accepted until the reviewer says otherwise; units match the registry by name."""
    return {
        "plan": guess_plan(text, extraction, file_name),
        "indicators": [{"decision": "accept", "item": copy.deepcopy(i)} for i in extraction.get("indicators", [])],
        "tasks": [{"decision": "accept", "item": copy.deepcopy(t)} for t in extraction.get("tasks", [])],
        "units": {name: {"organization_id": known_units.get(name), "merged_into": None} for name in unit_names(extraction)},
    }


def _number(value: Any, field: Message, *, integer: bool = False) -> float | int | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        raise ReviewError("not_number", field=field, value=str(value)) from None
    if integer:
        if not number.is_integer() or not 1900 <= number <= 2100:
            raise ReviewError("not_year", field=field, value=str(value))
        return int(number)
    return number


def clean_indicator(data: dict[str, Any]) -> dict[str, Any]:
    """Validate an edited indicator (gold schema); raises ReviewError naming the field."""
    name = str(data.get("name") or "").strip()
    if not name:
        raise ReviewError("indicator_name_missing")
    targets = []
    for index, target in enumerate(data.get("targets") or [], start=1):
        comparator = target.get("comparator") or ">="
        if comparator not in COMPARATORS:
            raise ReviewError("target_comparator", index=index, comparator=str(comparator))
        relative = (target.get("relative") or "").strip() or None
        if relative:
            try:
                parse_relative(relative)
            except CodedError as exc:
                raise ReviewError("target_relative", index=index, error=exc.message) from None
        value = _number(target.get("value"), Message("field_target_value", {"index": index}))
        if value is None and relative is None:
            raise ReviewError("target_empty", index=index)
        year = _number(target.get("year"), Message("field_target_year", {"index": index}), integer=True)
        cleaned = {"year": year, "value": value, "comparator": comparator, "relative": relative}
        if year is None and target.get("recurring"):
            cleaned["recurring"] = True
        targets.append(cleaned)
    if not targets:
        raise ReviewError("targets_missing")
    baseline = data.get("baseline") or None
    if baseline is not None:
        value = _number(baseline.get("value"), Message("field_baseline_value"))
        year = _number(baseline.get("year"), Message("field_baseline_year"), integer=True)
        baseline = None if value is None else {"year": year, "value": value}
    attribute = data.get("attribute") or None
    # The gold schema's attribute values, as the documents write them.
    if attribute not in (None, "预期性", "约束性"):
        raise ReviewError("attribute_invalid", attribute=str(attribute))
    return {
        "name": name[:120],
        "unit": (str(data.get("unit") or "").strip() or None),
        "scope": data.get("scope") or None,
        "baseline": baseline,
        "targets": targets,
        "attribute": attribute,
        "quote": data.get("quote") or "",
    }


def clean_task(data: dict[str, Any]) -> dict[str, Any]:
    title = str(data.get("title") or "").strip()
    if not title:
        raise ReviewError("task_title_missing")
    lead = [u.strip() for u in data.get("lead_units") or [] if u and u.strip()]
    support = [u.strip() for u in data.get("support_units") or [] if u and u.strip() and u.strip() not in lead]
    if not lead:
        raise ReviewError("lead_units_missing")
    deadline = (data.get("deadline") or "").strip() or None
    if deadline and not re.fullmatch(r"20\d{2}(-(0[1-9]|1[0-2]))?", deadline):
        raise ReviewError("deadline_invalid", deadline=deadline)
    return {
        "number": str(data.get("number") or "").strip(),
        "title": title[:300],
        "lead_units": lead,
        "support_units": support,
        "deadline": deadline,
        "quote": data.get("quote") or "",
    }


def decide(review: dict[str, Any], kind: str, index: int, decision: str, edited: dict[str, Any] | None = None) -> dict[str, Any]:
    """Accept, reject or edit-and-accept one proposed indicator or task; returns the new review."""
    if kind not in ("indicators", "tasks"):
        raise ReviewError("kind_unknown", kind=kind)
    if decision not in DECISIONS:
        raise ReviewError("decision_unknown", decision=decision)
    items = review[kind]
    if not 0 <= index < len(items):
        raise ReviewError("item_missing")
    updated = copy.deepcopy(review)
    entry = updated[kind][index]
    entry["decision"] = decision
    if edited is not None:
        entry["item"] = clean_indicator(edited) if kind == "indicators" else clean_task(edited)
        entry["edited"] = True
        if kind == "tasks":
            for name in [*entry["item"]["lead_units"], *entry["item"]["support_units"]]:
                updated["units"].setdefault(name, {"organization_id": None, "merged_into": None})
    return updated


def merge_unit(review: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    """Treat `source` as another name of `target` (e.g. 科工信局 → 区科工信局)."""
    units = review["units"]
    if source not in units or target not in units:
        raise ReviewError("merge_unit_missing")
    if source == target:
        raise ReviewError("merge_into_itself")
    if resolve_unit(review, target) == source:
        raise ReviewError("merge_reversed", source=source, target=target)
    updated = copy.deepcopy(review)
    updated["units"][source] = {"organization_id": None, "merged_into": target}
    return updated


def match_unit(review: dict[str, Any], name: str, organization_id: int | None) -> dict[str, Any]:
    """Bind a unit name to a registered organization, or (None) to a new one created at commit."""
    if name not in review["units"]:
        raise ReviewError("unit_missing")
    updated = copy.deepcopy(review)
    updated["units"][name] = {"organization_id": organization_id, "merged_into": None}
    return updated


def resolve_unit(review: dict[str, Any], name: str) -> str:
    """Follow merges to the name that stands for the unit."""
    seen = {name}
    while (merged := review["units"].get(name, {}).get("merged_into")) is not None:
        if merged in seen:
            break
        seen.add(merged)
        name = merged
    return name


def accepted(review: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [entry["item"] for entry in review[kind] if entry["decision"] == "accept"]


def clean_plan(data: dict[str, Any]) -> dict[str, Any]:
    title = str(data.get("title") or "").strip()
    if not title:
        raise ReviewError("plan_title_missing")
    start = _number(data.get("start_year"), Message("field_start_year"), integer=True)
    end = _number(data.get("end_year"), Message("field_end_year"), integer=True)
    if start is None or end is None:
        raise ReviewError("plan_years_missing")
    if end < start:
        raise ReviewError("plan_years_reversed")
    horizons = {_number(y, Message("field_horizons"), integer=True) for y in data.get("horizons") or [] if str(y).strip()}
    horizons = sorted({int(y) for y in horizons if y is not None} | {end})
    return {"title": title[:200], "start_year": start, "end_year": end, "horizons": horizons}


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where a quote sits in the document text (ignoring line breaks), for highlighting."""
    if not quote:
        return None
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    pattern = r"\s*".join(re.escape(char) for char in quote if not char.isspace())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None
