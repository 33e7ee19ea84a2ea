"""Assess one record against the tiers' rules: statuses, scores and per-criterion results as codes.

`Assessor.assess(data, year=…, date=…, tiers=…, render=…)` gives the Part 1 output object; the
label and message are made by the renderer given (the Django layer's catalogue), so this module stays
free of Django and of Chinese text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Protocol

from .kinds import FAIL, PASS, REVIEW, UNKNOWN, Context, Result, RuleError, valid_certificate
from .record import Record, RecordError, parse_record
from .rules import edition_for, load_rules
from .tiers import TIERS

STATUS = {PASS: "eligible", FAIL: "not_eligible", REVIEW: "needs_review", UNKNOWN: "unknown"}
PASSED = {PASS: True, FAIL: False, REVIEW: None, UNKNOWN: None}


class Render(Protocol):
    """What the engine needs of a renderer (kechuang.enterprises.messages.CriteriaRenderer)."""

    def labels_for(self, tier: str, edition: str) -> dict[str, str]: ...

    def __call__(self, labels: dict[str, str], result: Result) -> tuple[str, str]: ...


def default_date(year: int) -> datetime.date:
    """30 June of the evaluation year (criteria.md Part 1)."""
    return datetime.date(year, 6, 30)


class Assessor:
    """The compiled rules of every tier (shipped, or with a deployment's directory over them)."""

    def __init__(self, rules_dir=None):
        self.rules = load_rules(rules_dir)

    def tier_keys(self, tiers: Iterable[str] | None) -> tuple[str, ...]:
        if tiers is None:
            return tuple(TIERS)
        chosen = tuple(tiers)
        for tier in chosen:
            if tier not in TIERS:
                raise RuleError("tier_unknown", tier=tier, tiers=list(TIERS))
        return chosen

    def evaluate(self, record: Record, year: int, date: datetime.date, tiers: tuple[str, ...]):
        """[(tier, rule or None, certified, state, [results])] for one parsed record."""
        ctx = Context(record, year, date)
        found = []
        for tier in tiers:
            rule = edition_for(self.rules[tier], date)
            if rule is None:
                found.append((tier, None, False, UNKNOWN, ()))
                continue
            ctx.results = results = {}
            ordered = []
            for key, evaluate in rule.evaluators:
                result = evaluate(ctx)
                results[key] = result
                ordered.append(result)
            certified = valid_certificate(record, rule.certificate_kinds, date) is not None
            found.append((tier, rule, certified, rule.decide(results), ordered))
        return found

    def assess(self, data: dict, *, year: int | None = None, date: datetime.date | None = None,
               tiers: Iterable[str] | None = None, render: Render) -> dict:
        """The Part 1 output object of one decoded input record."""
        record = parse_record(data)
        if year is None:
            latest = record.latest_year()
            if latest is None:
                raise RecordError("record_no_year", field="years")
            year = latest + 1
        if date is None:
            date = default_date(year)
        keys = self.tier_keys(tiers)
        out = {}
        for tier, rule, certified, state, results in self.evaluate(record, year, date, keys):
            if rule is None:
                out[tier] = {"status": "unknown", "certified": certified, "score": None, "score_range": None,
                             "edition": None, "criteria": []}
                continue
            labels = render.labels_for(tier, rule.edition)
            score = score_range = None
            if rule.score_key is not None:
                total = next(result for result in results if result.key == rule.score_key)
                score_range = [total.lo, total.hi]
                score = total.lo if total.lo == total.hi else None
            out[tier] = {
                "status": STATUS[state], "certified": certified, "score": score, "score_range": score_range,
                "edition": rule.edition,
                "criteria": [_criterion(labels, result, render) for result in results],
            }
        return {"uscc": record.uscc, "year": year, "date": date.isoformat(), "tiers": out}


def _criterion(labels, result: Result, render) -> dict:
    label, message = render(labels, result)
    return {"key": result.key, "label": label, "passed": PASSED[result.state], "actual": result.actual,
            "required": result.required, "gap": result.gap, "message": message}
