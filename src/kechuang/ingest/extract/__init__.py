"""Extraction of a plan document's indicators and tasks, in the gold schema (see seeds/gold)."""

from __future__ import annotations

from .indicators import extract_indicators
from .tasks import read_tasks
from .text import split_lines

__all__ = ["extract"]


def extract(text: str, *, document: str) -> dict:
    """`{"document", "indicators", "tasks"}` for the text of one document."""
    tasks, prose = read_tasks(split_lines(text))
    # Task tables are read first: the indicator reader sees their task cells as prose.
    return {"document": document, "indicators": extract_indicators(prose), "tasks": tasks}
