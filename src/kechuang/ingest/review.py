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

from .extract.periods import plan_period, plan_title
from .extract.tasks import RECURRENCES, document_level
from .extract.text import split_lines
from .extract.units import LEVEL_PREFIXES

DECISIONS = ("accept", "reject")
COMPARATORS = (">=", "<=", "=")
# Years a plan, a target or a deadline may name; a plan runs for at most 30 years.
YEAR_RANGE = (1949, 2100)
MAX_PLAN_YEARS = 30
_YEAR_LIST = re.compile(r"[\s,，、;；/]+")


class ReviewError(CodedError):
    """A reviewer's edit that cannot be accepted; its message code says which field and why
    (kechuang.ingest.messages gives the Chinese text)."""


def guess_plan(text: str, extraction: dict[str, Any], file_name: str) -> dict[str, Any]:
    """Title, period, horizons and level proposed for the plan, from the extractor's own detection
    (the title and period its title lines state, the level its unit lists use); where the title
    states no period, the latest year the extracted targets are dated by. The reviewer may change them."""
    lines = [line for line in split_lines(text) if not line.furniture and line.text.strip()]
    title = plan_title(lines) or file_name.rsplit(".", 1)[0]
    years = sorted(
        {t["year"] for i in extraction.get("indicators", []) for t in i.get("targets", []) if t.get("year")}
    )
    period = plan_period(lines)
    # Without a stated period the plan ends with the latest year its targets are dated by, as the
    # extractor takes a plan's horizon to be the latest year it names.
    start, end = period if period else (None, years[-1] if years else None)
    if end is None:
        found = [int(y) for y in re.findall(r"(20\d{2})\s*年", text[:3000])]
        end = max(found) if found else None
    if start is None and end is not None:
        baselines = [i["baseline"]["year"] + 1 for i in extraction.get("indicators", []) if (i.get("baseline") or {}).get("year")]
        start = min([end - 4, *(year for year in baselines if year <= end)])
    horizons = sorted({y for y in years if end is None or y >= end}) or ([end] if end else [])
    return {"title": title[:200], "start_year": start, "end_year": end, "horizons": horizons, "level": document_level(lines)}


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
        if not number.is_integer() or not YEAR_RANGE[0] <= number <= YEAR_RANGE[1]:
            raise ReviewError("not_year", field=field, value=str(value), low=YEAR_RANGE[0], high=YEAR_RANGE[1])
        return int(number)
    if number != number or number in (float("inf"), float("-inf")):
        raise ReviewError("not_number", field=field, value=str(value))
    return number


def _text(value: Any, field: Message, limit: int) -> str:
    """A text field of at most `limit` characters (a longer one is refused, not cut)."""
    if value is not None and not isinstance(value, str | int | float):
        raise ReviewError("not_text", field=field)
    text = str(value or "").strip()
    if len(text) > limit:
        raise ReviewError("too_long", field=field, limit=limit, length=len(text))
    return text


def clean_indicator(data: dict[str, Any]) -> dict[str, Any]:
    """Validate an edited indicator (gold schema); raises ReviewError naming the field."""
    name = _text(data.get("name"), Message("field_indicator_name"), 120)
    if not name:
        raise ReviewError("indicator_name_missing")
    unit = _text(data.get("unit"), Message("field_unit"), 30)
    scope = _text(data.get("scope"), Message("field_scope"), 60)
    raw_targets = data.get("targets") or []
    if not isinstance(raw_targets, list) or not all(isinstance(target, dict) for target in raw_targets):
        raise ReviewError("targets_malformed")
    targets = []
    for index, target in enumerate(raw_targets, start=1):
        comparator = target.get("comparator") or ">="
        if comparator not in COMPARATORS:
            raise ReviewError("target_comparator", index=index, comparator=str(comparator))
        relative = _text(target.get("relative"), Message("field_target_relative", {"index": index}), 20) or None
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
    if baseline is not None and not isinstance(baseline, dict):
        raise ReviewError("baseline_malformed")
    if baseline is not None:
        value = _number(baseline.get("value"), Message("field_baseline_value"))
        year = _number(baseline.get("year"), Message("field_baseline_year"), integer=True)
        baseline = None if value is None else {"year": year, "value": value}
    attribute = data.get("attribute") or None
    # The gold schema's attribute values, as the documents write them.
    if attribute not in (None, "预期性", "约束性"):
        raise ReviewError("attribute_invalid", attribute=str(attribute))
    return {
        "name": name,
        "unit": unit or None,
        "scope": scope or None,
        "baseline": baseline,
        "targets": targets,
        "attribute": attribute,
        "quote": data.get("quote") or "",
    }


def _names(value: Any, field: Message, limit: int) -> list[str]:
    """A list of names (units, leaders): each a text of at most `limit` characters."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ReviewError("not_list", field=field)
    names = [_text(item, field, limit) for item in value]
    return list(dict.fromkeys(name for name in names if name))


def clean_task(data: dict[str, Any]) -> dict[str, Any]:
    """Validate an edited task (gold schema, with its leaders); raises ReviewError naming the field."""
    title = _text(data.get("title"), Message("field_task_title"), 300)
    if not title:
        raise ReviewError("task_title_missing")
    lead = _names(data.get("lead_units"), Message("field_lead_units"), 120)
    support = [name for name in _names(data.get("support_units"), Message("field_support_units"), 120) if name not in lead]
    if not lead:
        raise ReviewError("lead_units_missing")
    deadline = _text(data.get("deadline"), Message("field_deadline"), 7) or None
    if deadline and not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", deadline):
        raise ReviewError("deadline_invalid", deadline=deadline)
    if deadline:
        _number(deadline[:4], Message("field_deadline"), integer=True)
    recurrence = data.get("recurrence") or None
    if recurrence not in (None, *RECURRENCES):
        raise ReviewError("recurrence_invalid", recurrence=str(recurrence))
    return {
        "number": _text(data.get("number"), Message("field_task_number"), 40),
        "title": title,
        "lead_units": lead,
        "support_units": support,
        "deadline": deadline,
        "leaders": _names(data.get("leaders"), Message("field_leaders"), 40),
        "recurrence": recurrence,
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
    """Validate the plan's details: a title, a period of at most MAX_PLAN_YEARS years within
    YEAR_RANGE, horizons (a list or a text of years) no earlier than the start, and the level."""
    title = _text(data.get("title"), Message("field_plan_title"), 200)
    if not title:
        raise ReviewError("plan_title_missing")
    start = _number(data.get("start_year"), Message("field_start_year"), integer=True)
    end = _number(data.get("end_year"), Message("field_end_year"), integer=True)
    if start is None or end is None:
        raise ReviewError("plan_years_missing")
    if end < start:
        raise ReviewError("plan_years_reversed")
    if end - start > MAX_PLAN_YEARS:
        raise ReviewError("plan_years_too_long", years=end - start, limit=MAX_PLAN_YEARS)
    raw = data.get("horizons") or []
    if isinstance(raw, str | int):
        raw = [part for part in _YEAR_LIST.split(str(raw)) if part]
    if not isinstance(raw, list):
        raise ReviewError("horizons_malformed")
    horizons = {_number(y, Message("field_horizons"), integer=True) for y in raw if str(y).strip()}
    horizons = sorted({int(y) for y in horizons if y is not None} | {end})
    early = [year for year in horizons if year < start]
    if early:
        raise ReviewError("horizon_before_start", year=early[0], start=start)
    level = data.get("level") or None
    if level not in (None, *LEVEL_PREFIXES):
        raise ReviewError("level_invalid", level=str(level))
    return {"title": title, "start_year": start, "end_year": end, "horizons": horizons, "level": level}


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


# --- concurrent reviews ---------------------------------------------------------------------------

_PLAN_FIELDS = (("title", Message("field_plan_title")), ("start_year", Message("field_start_year")),
                ("end_year", Message("field_end_year")), ("horizons", Message("field_horizons")))  # fmt: skip
_ITEM_FIELDS = {
    "indicators": (("name", Message("field_indicator_name")), ("unit", Message("field_unit")),
                   ("scope", Message("field_scope")), ("targets", Message("field_targets")),
                   ("baseline", Message("field_baseline")), ("attribute", Message("field_attribute"))),
    "tasks": (("number", Message("field_task_number")), ("title", Message("field_task_title")),
              ("lead_units", Message("field_lead_units")), ("support_units", Message("field_support_units")),
              ("deadline", Message("field_deadline")), ("leaders", Message("field_leaders"))),
}  # fmt: skip
_DECISION_NAMES = {"accept": Message("decision_accept"), "reject": Message("decision_reject")}


class ReviewConflict(ReviewError):
    """A save made from a version of the review that someone else has changed in the same place
    since: nothing is saved, and the message says what changed (and who changed it)."""


def conflict(who: str | None, changes: list[Message]) -> ReviewConflict:
    """The conflict to raise when `changes` were made (by `who`, if known) since a reviewer's version."""
    return ReviewConflict("review_conflict", who=who or Message("review_conflict_someone"), changes=changes)


def changes_since(seen: dict[str, Any], current: dict[str, Any], part: tuple) -> list[Message]:
    """What changed in one `part` of a review between the version a reviewer saw and the current
    one: ("plan",), ("indicators" | "tasks", index) or ("units", name). Empty if nothing did."""
    kind = part[0]
    if kind == "plan":
        old, new = seen.get("plan", {}), current.get("plan", {})
        return [
            Message("changed_field", {"field": field, "value": _shown(new.get(key))})
            for key, field in _PLAN_FIELDS
            if old.get(key) != new.get(key)
        ]
    if kind == "units":
        old, new = seen.get("units", {}).get(part[1]), current.get("units", {}).get(part[1])
        return [] if old == new else [Message("changed_unit", {"name": part[1]})]
    old_entries, new_entries = seen.get(kind, []), current.get(kind, [])
    index = part[1]
    if index >= len(old_entries) or index >= len(new_entries):
        return [Message("changed_item_missing")]
    old, new = old_entries[index], new_entries[index]
    found: list[Message] = []
    if old.get("decision") != new.get("decision"):
        found.append(Message("changed_decision", {"decision": _DECISION_NAMES.get(new.get("decision"), "—")}))
    found += [
        Message("changed_field", {"field": field, "value": _shown(new["item"].get(key))})
        for key, field in _ITEM_FIELDS[kind]
        if old["item"].get(key) != new["item"].get(key)
    ]
    return found


def _shown(value: Any) -> str:
    """A review value as the conflict message shows it."""
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return "、".join(_shown(item) for item in value)
    if isinstance(value, dict):
        return " ".join(f"{value[key]}" for key in ("year", "comparator", "value", "relative") if value.get(key) is not None)
    return str(value)
