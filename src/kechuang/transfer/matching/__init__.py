"""The matching engine of technology transfer: plain Python, no Django (see engine.py)."""

from .engine import ACHIEVEMENT, DEMAND, Layers, MatchIndex, Result, Weights, match_all, without
from .records import Record, read_jsonl, record_from_json
from .text import Analyzer

__all__ = [
    "ACHIEVEMENT", "DEMAND", "Analyzer", "Layers", "MatchIndex", "Record", "Result", "Weights",
    "match_all", "read_jsonl", "record_from_json", "without",
]
