"""Scoring an extraction against a hand-made gold record (precision, recall, F1).

Items are matched one to one. An extracted indicator matches a gold one when it measures the same
quantity — normalised names similar (character-bigram Dice ≥ NAME_THRESHOLD, or one name contains
the other) —, in the same unit, with a target of the same value in the same year (a relative-only
target matches on its relative form). A task matches when it has the same number or the same title
and the same lead and supporting units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import normalise

__all__ = [
    "NAME_THRESHOLD",
    "DocumentScore",
    "Score",
    "bigram_dice",
    "indicators_match",
    "match_items",
    "name_key",
    "name_similarity",
    "score_document",
    "tasks_match",
]

NAME_THRESHOLD = 0.5
_NOT_NAME = re.compile(r"[\s\W_]+")


def name_key(name: str) -> str:
    """The name without spaces, punctuation or letter case: what two spellings of it share."""
    return _NOT_NAME.sub("", normalise(name or "")).lower()


@lru_cache(maxsize=8192)
def _bigrams(key: str) -> frozenset[str]:
    # Cached: the extractor compares each name with many others when it merges duplicates.
    return frozenset(key[index : index + 2] for index in range(len(key) - 1)) or frozenset(
        (key,) if key else ()
    )


def bigram_dice(first: str, second: str) -> float:
    """The Dice coefficient of the character bigrams of two strings."""
    x, y = _bigrams(first), _bigrams(second)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def name_similarity(first: str, second: str) -> float:
    """1.0 when one normalised name contains the other, else the Dice coefficient of their bigrams."""
    a, b = name_key(first), name_key(second)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    return bigram_dice(a, b)


def _same_value(first: float | int | None, second: float | int | None) -> bool:
    if first is None or second is None:
        return first is second
    return abs(float(first) - float(second)) <= 1e-6 * max(1.0, abs(float(first)))


def _targets_agree(first: list[dict], second: list[dict]) -> bool:
    for a in first:
        for b in second:
            if a.get("year") != b.get("year"):
                continue
            if a.get("value") is None and b.get("value") is None:
                if a.get("relative") and a.get("relative") == b.get("relative"):
                    return True
            elif _same_value(a.get("value"), b.get("value")):
                return True
    return False


def indicators_match(extracted: dict, gold: dict) -> float | None:
    """The name similarity if `extracted` counts as `gold`, else None."""
    if (extracted.get("unit") or None) != (gold.get("unit") or None):
        return None
    if not _targets_agree(extracted.get("targets") or [], gold.get("targets") or []):
        return None
    similarity = name_similarity(extracted.get("name", ""), gold.get("name", ""))
    return similarity if similarity >= NAME_THRESHOLD else None


def tasks_match(extracted: dict, gold: dict) -> float | None:
    same_number = bool(extracted.get("number")) and extracted.get("number") == gold.get("number")
    same_title = bool(name_key(extracted.get("title", ""))) and name_key(
        extracted.get("title", "")
    ) == name_key(gold.get("title", ""))
    if not (same_number or same_title):
        return None
    if set(extracted.get("lead_units") or []) != set(gold.get("lead_units") or []):
        return None
    if set(extracted.get("support_units") or []) != set(gold.get("support_units") or []):
        return None
    return 1.0 + same_number + same_title


def match_items(extracted: list[dict], gold: list[dict], matcher) -> list[tuple[int, int]]:
    """One-to-one pairs (extracted index, gold index), best-scoring pairs first."""
    candidates = []
    for i, item in enumerate(extracted):
        for j, reference in enumerate(gold):
            score = matcher(item, reference)
            if score is not None:
                candidates.append((-score, i, j))
    candidates.sort()
    used_extracted: set[int] = set()
    used_gold: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i in used_extracted or j in used_gold:
            continue
        used_extracted.add(i)
        used_gold.add(j)
        pairs.append((i, j))
    return pairs


@dataclass
class Score:
    matched: int = 0
    extracted: int = 0
    gold: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.matched + other.matched, self.extracted + other.extracted, self.gold + other.gold)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else (1.0 if not self.extracted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentScore:
    indicators: Score
    tasks: Score
    missed: dict[str, list[dict]]
    spurious: dict[str, list[dict]]


def score_document(extracted: dict, gold: dict) -> DocumentScore:
    """Scores for one document, with the gold items missed and the extracted items not in gold."""
    scores: dict[str, Score] = {}
    missed: dict[str, list[dict]] = {}
    spurious: dict[str, list[dict]] = {}
    for key, matcher in (("indicators", indicators_match), ("tasks", tasks_match)):
        ours, theirs = extracted.get(key) or [], gold.get(key) or []
        pairs = match_items(ours, theirs, matcher)
        scores[key] = Score(len(pairs), len(ours), len(theirs))
        matched_ours = {i for i, _ in pairs}
        matched_theirs = {j for _, j in pairs}
        missed[key] = [item for j, item in enumerate(theirs) if j not in matched_theirs]
        spurious[key] = [item for i, item in enumerate(ours) if i not in matched_ours]
    return DocumentScore(scores["indicators"], scores["tasks"], missed, spurious)
