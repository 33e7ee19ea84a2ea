"""Reads for the review page: each proposal beside its source passage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import review as review_rules
from .extract.units import is_collective
from .models import PlanDocument

CONTEXT_CHARS = 120


@dataclass(frozen=True)
class Passage:
    before: str
    quote: str
    after: str
    found: bool


@dataclass(frozen=True)
class ReviewEntry:
    kind: str
    index: int
    decision: str
    edited: bool
    item: dict[str, Any]
    passage: Passage


def passage(text: str, quote: str) -> Passage:
    span = review_rules.locate(text, quote)
    if span is None:
        return Passage("", quote, "", False)
    start, end = span
    window_start = max(0, start - CONTEXT_CHARS)
    window_end = min(len(text), end + CONTEXT_CHARS)
    before = ("…" if window_start else "") + text[window_start:start]
    after = text[end:window_end] + ("…" if window_end < len(text) else "")
    return Passage(before, text[start:end], after, True)


def review_entries(document: PlanDocument, kind: str) -> list[ReviewEntry]:
    return [
        ReviewEntry(kind, index, entry["decision"], entry.get("edited", False), entry["item"],
                    passage(document.text, entry["item"].get("quote", "")))
        for index, entry in enumerate(document.review.get(kind, []))
    ]


def review_entry(document: PlanDocument, kind: str, index: int) -> ReviewEntry:
    entry = document.review[kind][index]
    return ReviewEntry(kind, index, entry["decision"], entry.get("edited", False), entry["item"],
                       passage(document.text, entry["item"].get("quote", "")))


def unit_rows(document: PlanDocument) -> list[dict[str, Any]]:
    from kechuang.core.models import Organization

    units = document.review.get("units", {})
    ids = {d["organization_id"] for d in units.values() if d.get("organization_id")}
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    counts: dict[str, int] = {}
    for entry in document.review.get("tasks", []):
        if entry["decision"] == "accept":
            for name in [*entry["item"]["lead_units"], *entry["item"]["support_units"]]:
                counts[name] = counts.get(name, 0) + 1
    return [
        {
            "name": name,
            "organization_id": decision.get("organization_id"),
            "organization_name": names.get(decision.get("organization_id")),
            "merged_into": decision.get("merged_into"),
            "collective": is_collective(name),
            "tasks": counts.get(name, 0),
        }
        for name, decision in units.items()
    ]
