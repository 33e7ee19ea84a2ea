"""The criteria engine: assess an enterprise record against the official tier rules (criteria.md).

`assess(record, year=…, date=…, tiers=…)` returns the output object of criteria.md Part 1, with the
labels and messages in Chinese; `TIERS` maps each tier key to its Chinese name, in ladder order.
The modules below (record, rules, kinds, engine) are plain Python; only the rendering of the
message codes goes through the Django translation catalogue (kechuang.enterprises.messages).
A deployment's rule directory is read from KECHUANG_CRITERIA_RULES.
"""

from __future__ import annotations

import datetime
import os
from importlib import import_module

from .engine import Assessor
from .kinds import RuleError
from .record import RecordError
from .tiers import TIERS

__all__ = ["TIERS", "Assessor", "RecordError", "RuleError", "assess", "renderer"]

RULES_ENV = "KECHUANG_CRITERIA_RULES"
_default: list = []


def renderer():
    """The Chinese renderer of the message catalogue (needs Django's translation machinery)."""
    # Imported by name so that this package imports no Django until a message is rendered.
    return import_module("kechuang.enterprises.messages").CriteriaRenderer()


def assess(record: dict, *, year: int | None = None, date: datetime.date | None = None,
           tiers: list[str] | None = None) -> dict:
    """The Part 1 output object of one input record (a decoded JSON object), messages in Chinese.

    Raises RecordError for a malformed record and RuleError for an unknown tier.
    """
    if not _default:
        _default.append((Assessor(os.environ.get(RULES_ENV) or None), renderer()))
    assessor, render = _default[0]
    return assessor.assess(record, year=year, date=date, tiers=tiers, render=render)
