"""Assess a JSON Lines stream, one record per line, without holding the file in memory.

Shared by `kechuang assess` and bench/assess.py, so the benchmark times the command's own path.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator

from kechuang.core.codes import CodedError

from .engine import Assessor, Render


def assess_lines(lines: Iterable[str], assessor: Assessor, render: Render, *, year: int | None = None,
                 date: datetime.date | None = None, tiers: tuple[str, ...] | None = None,
                 ) -> Iterator[tuple[int, str | None, CodedError | None]]:
    """(line number, output JSON line, None) per record, or (line number, None, error) for a bad line.

    Blank lines are skipped. The caller decides what a bad line means (the command reports it and
    goes on, so one typo does not cost the other 99,999 assessments).
    """
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    loads = json.loads
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, CodedError("line_not_json", column=exc.colno, error=exc.msg)
            continue
        except RecursionError:
            yield number, None, CodedError("line_too_deep")
            continue
        try:
            result = assessor.assess(data, year=year, date=date, tiers=tiers, render=render)
        except CodedError as exc:
            yield number, None, exc
            continue
        yield number, dumps(result), None
