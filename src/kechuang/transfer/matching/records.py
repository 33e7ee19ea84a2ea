"""Listings as the matcher reads them: achievements and demands from JSON lines.

A record has an id, a title and a text, and any structured fields its listing states (technology
domain, industry code, cooperation modes, budget or price in 万元, maturity, region). A field the
listing does not state stays None: the matcher then neither rewards nor penalises it.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kechuang.core.codes import CodedError

from .vocabulary import VOCABULARY


@dataclass(frozen=True)
class Record:
    """One achievement (科技成果) or demand (技术需求)."""

    id: str
    title: str
    text: str = ""
    field: str | None = None
    industry: str | None = None
    cooperation: tuple[str, ...] = ()
    # Budget of a demand or price expectation of an achievement, in 万元.
    amount: float | None = None
    # Maturity wanted by a demand or offered by an achievement, as an index into VOCABULARY.maturity.
    maturity: int | None = None
    region: str | None = None
    owner: str | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)


def _text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CodedError("value_not_text", field=name)
    return value.strip() or None


def _amount(value: Any, name: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise CodedError("value_not_amount", field=name)
    return float(value)


def record_from_json(data: Any, *, kind: str) -> Record:
    """A Record from one decoded JSON object; `kind` is "demand" or "achievement"."""
    if not isinstance(data, dict):
        raise CodedError("line_not_object")
    for name in ("id", "title"):
        if data.get(name) in (None, ""):
            raise CodedError("field_missing", field=name)
    record_id = data["id"]
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int)):
        raise CodedError("value_not_text", field="id")
    cooperation = data.get("cooperation") or []
    if isinstance(cooperation, str):
        cooperation = [cooperation]
    if not isinstance(cooperation, list) or not all(isinstance(mode, str) for mode in cooperation):
        raise CodedError("value_not_list", field="cooperation")
    amount_field = "budget" if kind == "demand" else "price"
    maturity_field = "maturity_wanted" if kind == "demand" else "maturity"
    maturity = VOCABULARY.maturity_index(_text(data.get(maturity_field), maturity_field))
    if maturity is None and kind == "achievement" and data.get("trl") is not None:
        trl = data["trl"]
        if isinstance(trl, bool) or not isinstance(trl, int) or not 1 <= trl <= 9:
            raise CodedError("value_not_trl", field="trl")
        maturity = VOCABULARY.maturity_of_trl(trl)
    return Record(
        id=str(record_id),
        title=_text(data["title"], "title") or "",
        text=_text(data.get("text"), "text") or "",
        field=_text(data.get("field"), "field"),
        industry=_text(data.get("industry"), "industry"),
        cooperation=tuple(sorted({VOCABULARY.cooperation_mode(mode) for mode in cooperation if mode.strip()})),
        amount=_amount(data.get(amount_field), amount_field),
        maturity=maturity,
        region=_text(str(data["region"]) if isinstance(data.get("region"), int) else data.get("region"), "region"),
        owner=_text(data.get("owner") or data.get("enterprise"), "owner"),
        extra=data,
    )


def read_jsonl(lines: Iterable[str], *, kind: str, source: str) -> Iterator[Record]:
    """Records of a JSON-lines file; a bad line raises CodedError("bad_line") naming file and line."""
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CodedError("not_json", column=exc.colno) from exc
            record = record_from_json(data, kind=kind)
            if record.id in seen:
                raise CodedError("duplicate_id", id=record.id, first=seen[record.id])
        except CodedError as exc:
            raise CodedError("bad_line", source=source, line=number, error=exc.message) from exc
        seen[record.id] = number
        yield record
