"""Extraction of a plan document's indicators and tasks, in the gold schema (see seeds/gold)."""

from __future__ import annotations

from .indicators import extract_indicators
from .tasks import extract_tasks
from .text import split_lines

__all__ = ["extract"]


def extract(text: str, *, document: str) -> dict:
    """`{"document", "indicators", "tasks"}` for the text of one document."""
    lines = split_lines(text)
    return {"document": document, "indicators": extract_indicators(lines), "tasks": extract_tasks(lines)}
