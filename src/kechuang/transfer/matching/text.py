"""Chinese text of listings → weighted terms.

jieba cuts the text, with a domain dictionary that keeps technical terms whole and reads their
aliases (PLC, 激光雷达/LiDAR …) as one term. A term no dictionary knows is cut by jieba into single
characters or short guesses; its character bigrams are added as n-gram terms, so "a term written
differently" still meets its other spelling. Each clause is classed as organisation boilerplate
(成立于…, 注册资本…), a stated need (急需…), or plain text, and weighted accordingly: the vocabulary of
those classes is data (files under data/), never code.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_DICTIONARY = DATA / "terms.txt"

CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_RUN = re.compile(r"^[\u4e00-\u9fff]+$")
WORD = re.compile(r"^[0-9a-z][0-9a-z+#._-]*$")
DIGITS = re.compile(r"^[0-9.]+$")
# Clause ends: full stops, semicolons, exclamation and question marks, commas and line breaks.
CLAUSE = re.compile(r"[\u3002\uff1b;\uff01!\uff1f?\uff0c,\n\r]+")
NGRAM_PREFIX = "#"


@lru_cache(maxsize=8)
def _tokenizer(terms: tuple[str, ...]):
    """A jieba tokenizer knowing these terms, shared by the analyzers with the same dictionary."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for term in terms:
        # A high frequency so that jieba prefers the whole term to its parts.
        tokenizer.add_word(term, freq=200000)
    return tokenizer


def _lines(path: Path) -> list[str]:
    return [
        line.strip() for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _patterns(path: Path) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{line})" for line in _lines(path)), re.IGNORECASE)


@dataclass
class Dictionary:
    """Terms kept whole and aliases → canonical term, read from one or more term files."""

    terms: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, paths: Iterable[Path | str]) -> Dictionary:
        dictionary = cls()
        for path in paths:
            for line in _lines(Path(path)):
                words = line.split()
                canonical = words[0].lower()
                for word in words:
                    dictionary.terms.add(word.lower())
                    if word.lower() != canonical:
                        dictionary.aliases[word.lower()] = canonical
        return dictionary


@dataclass(frozen=True)
class Clause:
    text: str
    kind: str  # "need", "plain" or "boilerplate"


class Analyzer:
    """Turns listing text into terms; one analyzer per index, built from its dictionary files."""

    def __init__(self, dictionaries: Sequence[Path | str] = (), *, ngrams: bool = True, boilerplate: bool = True):
        self.dictionary_files = [DEFAULT_DICTIONARY, *(Path(path) for path in dictionaries)]
        self.ngrams = ngrams
        self.boilerplate = boilerplate
        self.dictionary = Dictionary.load(self.dictionary_files)
        self.stopwords = {word for line in _lines(DATA / "stopwords.txt") for word in line.split()}
        self.boilerplate_pattern = _patterns(DATA / "boilerplate.txt")
        self.need_pattern = _patterns(DATA / "need_cues.txt")

    @cached_property
    def _jieba(self):
        return _tokenizer(tuple(sorted(self.dictionary.terms)))

    def is_known(self, word: str) -> bool:
        return word in self.dictionary.terms or self._jieba.FREQ.get(word, 0) > 0

    def clauses(self, text: str) -> list[Clause]:
        found = []
        for part in CLAUSE.split(text or ""):
            part = part.strip()
            if not part:
                continue
            if self.need_pattern.search(part):
                kind = "need"
            elif self.boilerplate and self.boilerplate_pattern.search(part):
                kind = "boilerplate"
            else:
                kind = "plain"
            found.append(Clause(part, kind))
        return found

    def tokens(self, text: str) -> list[str]:
        """The terms of a piece of text, aliases read as their term, with n-grams of unknown words."""
        words = [word.strip().lower() for word in self._jieba.lcut((text or "").lower(), HMM=True)]
        terms: list[str] = []
        unknown_run: list[str] = []

        def flush() -> None:
            if self.ngrams and len(unknown_run) >= 2:
                joined = "".join(unknown_run)
                if len(joined) <= 4:
                    terms.append(joined)
                terms.extend(NGRAM_PREFIX + joined[i:i + 2] for i in range(len(joined) - 1))
            unknown_run.clear()

        for word in words:
            if not word:
                continue
            word = self.dictionary.aliases.get(word, word)
            if CJK_RUN.match(word):
                if len(word) == 1:
                    # jieba leaves characters of a word it does not know alone: gather them for n-grams.
                    if word not in self.stopwords:
                        unknown_run.append(word)
                    else:
                        flush()
                    continue
                flush()
                if word in self.stopwords:
                    continue
                terms.append(word)
                if self.ngrams and len(word) >= 3 and word not in self.dictionary.terms:
                    terms.extend(NGRAM_PREFIX + word[i:i + 2] for i in range(len(word) - 1))
            else:
                flush()
                if WORD.match(word) and not DIGITS.match(word) and word not in self.stopwords:
                    terms.append(word)
        flush()
        return terms

    def weighted_terms(self, text: str, weights: dict[str, float]) -> Counter[str]:
        """Term → weight summed over the clauses of a text, each clause weighted by its kind."""
        counts: Counter[str] = Counter()
        for clause in self.clauses(text):
            weight = weights[clause.kind]
            if weight <= 0:
                continue
            for term in self.tokens(clause.text):
                counts[term] += weight
        return counts

    def display(self, term: str) -> str:
        """How a term is shown in a reason: its n-grams as the characters they are."""
        return term[len(NGRAM_PREFIX):] if term.startswith(NGRAM_PREFIX) else term


def is_ngram(term: str) -> bool:
    return term.startswith(NGRAM_PREFIX)


def has_chinese(text: str) -> bool:
    return bool(CJK.search(text))
