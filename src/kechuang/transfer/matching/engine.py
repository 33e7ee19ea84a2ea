"""The matcher: ranks achievements for a demand, or demands for an achievement, with reasons.

A score adds up three layers, each of which can be switched off to measure what it brings:

- lexical: BM25F over the title and the body of the listings searched, the query's terms weighted
  by the clause they come from (title and stated need above the company profile);
- semantic: a low-rank term model (LSA, a truncated SVD of the tf-idf matrix of the whole library,
  both sides) learned when the index is built, so "视觉检测" and "缺陷识别" meet when the library
  uses them together;
- structured: compatibility of the fields a listing states (technology domain, industry,
  cooperation mode, budget against price, maturity wanted against offered, region).

Each result carries its reasons as message codes (kechuang.transfer.messages gives their Chinese).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import sparse

from kechuang.core.codes import Message

from .records import Record
from .text import Analyzer, is_ngram
from .vocabulary import VOCABULARY

DEMAND = "demand"
ACHIEVEMENT = "achievement"


@dataclass(frozen=True)
class Layers:
    """Which parts of the engine take part (all by default); the scorer switches each off in turn."""

    fields: bool = True  # title and need weighted above the rest of the text
    boilerplate: bool = True  # company-profile clauses weighted down
    ngrams: bool = True  # character bigrams of words no dictionary knows
    semantic: bool = True
    structured: bool = True


@dataclass(frozen=True)
class Weights:
    # Weight of a query term by where it stands in the query listing.
    query_title: float = 3.0
    query_need: float = 2.0
    query_plain: float = 1.0
    query_boilerplate: float = 0.15
    # BM25F field weights of the listings searched.
    doc_title: float = 2.0
    doc_body: float = 1.0
    doc_boilerplate: float = 0.2
    k1: float = 1.2
    b_title: float = 0.5
    b_body: float = 0.75
    k3: float = 8.0
    ngram: float = 0.35  # an n-gram term counts for less than a whole word
    # How the layers add up (the lexical score is scaled to 1 for the best document of the query).
    lexical: float = 1.0
    semantic: float = 0.7
    rank: int = 120
    # Structured compatibility; each component is in [-1, 1].
    field_match: float = 0.06
    field_mismatch: float = 0.08
    industry: float = 0.04
    cooperation: float = 0.04
    budget: float = 0.05
    maturity: float = 0.03
    region: float = 0.02


@dataclass
class Result:
    id: str
    score: float
    reasons: list[Message]
    components: dict[str, float] = field(default_factory=dict)


def _bm25_body_weights(weights: Weights, layers: Layers) -> dict[str, float]:
    boilerplate = weights.doc_boilerplate if layers.boilerplate else weights.doc_body
    return {"need": weights.doc_body, "plain": weights.doc_body, "boilerplate": boilerplate}


def _query_weights(weights: Weights, layers: Layers) -> tuple[float, dict[str, float]]:
    if not layers.fields:
        clause = {"need": 1.0, "plain": 1.0, "boilerplate": 1.0 if not layers.boilerplate else weights.query_boilerplate}
        return 1.0, clause
    boilerplate = weights.query_boilerplate if layers.boilerplate else weights.query_plain
    return weights.query_title, {"need": weights.query_need, "plain": weights.query_plain, "boilerplate": boilerplate}


def _orthonormal(columns: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the columns' span through their small Gram matrix (no tall QR:
    LAPACK's QR is slow on some OpenBLAS builds, while matrix products and eigh of a small matrix are not)."""
    values, vectors = np.linalg.eigh(columns.T @ columns)
    keep = values > values.max() * 1e-10
    return columns @ (vectors[:, keep] / np.sqrt(values[keep]))


def _randomized_svd(matrix: sparse.csr_matrix, rank: int, *, iterations: int = 3, seed: int = 0) -> np.ndarray:
    """The top `rank` right singular vectors (terms × rank) of a sparse matrix (Halko et al. 2011)."""
    generator = np.random.default_rng(seed)
    sketch = _orthonormal(matrix @ generator.standard_normal((matrix.shape[1], rank + 10)))
    for _ in range(iterations):
        sketch = _orthonormal(matrix @ (matrix.T @ sketch))
    projected = np.asarray(matrix.T @ sketch)  # terms × (rank + 10): the matrix in the sketch's basis
    values, vectors = np.linalg.eigh(projected.T @ projected)
    order = np.argsort(-values)[:rank]
    order = order[values[order] > values.max() * 1e-10]
    right = projected @ (vectors[:, order] / np.sqrt(values[order]))
    return np.ascontiguousarray(right, dtype=np.float32)


def _normalize_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class Structured:
    """The structured fields of the listings searched, as arrays (one entry per listing)."""

    def __init__(self, records: Sequence[Record]):
        self.fields: dict[str, int] = {}
        self.field = np.array([self._code(self.fields, r.field) for r in records], dtype=np.int32)
        self.divisions: dict[str, int] = {}
        self.sections: dict[str, int] = {}
        self.division = np.array([self._code(self.divisions, _division(r.industry)) for r in records], dtype=np.int32)
        self.section = np.array([self._code(self.sections, _section(r.industry)) for r in records], dtype=np.int32)
        self.cooperation = np.array([_mask(r.cooperation) for r in records], dtype=np.int64)
        self.amount = np.array([np.nan if r.amount is None else r.amount for r in records], dtype=np.float64)
        self.maturity = np.array([-1 if r.maturity is None else r.maturity for r in records], dtype=np.int32)
        self.region = np.array([_region(r.region) for r in records], dtype=np.int64)

    @staticmethod
    def _code(codes: dict[str, int], value: str | None) -> int:
        return -1 if not value else codes.setdefault(value, len(codes))

    def components(self, query: Record, *, query_is_demand: bool) -> dict[str, np.ndarray]:
        n = len(self.field)
        zero = np.zeros(n)
        found: dict[str, np.ndarray] = {}
        known = self.field >= 0
        if query.field:
            code = self.fields.get(query.field, -2)
            found["field"] = np.where(known & (self.field == code), 1.0, np.where(known, -1.0, 0.0))
        if query.industry:
            division = self.divisions.get(_division(query.industry) or "", -2)
            section = self.sections.get(_section(query.industry) or "", -2)
            found["industry"] = np.where(
                self.division == division, 1.0,
                np.where(self.section == section, 0.3, np.where(self.section >= 0, -0.3, 0.0)),
            )
        mask = _mask(query.cooperation)
        if mask:
            stated = self.cooperation != 0
            found["cooperation"] = np.where(stated & (self.cooperation & mask != 0), 1.0, np.where(stated, -1.0, 0.0))
        if query.amount is not None:
            budget, price = (query.amount, self.amount) if query_is_demand else (self.amount, query.amount)
            with np.errstate(invalid="ignore", divide="ignore"):
                ratio = np.asarray(price / np.maximum(budget, 1e-9), dtype=np.float64) * np.ones(n)
            found["budget"] = np.where(
                np.isnan(ratio), 0.0, np.where(ratio <= 1.0, 1.0, np.where(ratio <= 1.5, 0.0, -1.0))
            )
        if query.maturity is not None:
            wanted, offered = (query.maturity, self.maturity) if query_is_demand else (self.maturity, query.maturity)
            gap = np.asarray(offered - wanted) * np.ones(n, dtype=np.int32)
            stated = (np.asarray(wanted) * np.ones(n) >= 0) & (np.asarray(offered) * np.ones(n) >= 0)
            found["maturity"] = np.where(~stated, 0.0, np.where(gap >= 0, 1.0, np.where(gap == -1, -0.4, -1.0)))
        region = _region(query.region)
        if region >= 0:
            found["region"] = np.where(
                self.region == region, 1.0, np.where((self.region >= 0) & (self.region // 100 == region // 100), 0.5, 0.0)
            )
        return {name: values if values.shape == (n,) else zero for name, values in found.items()}


def _division(industry: str | None) -> str | None:
    return industry.strip().upper()[:3] if industry and len(industry.strip()) >= 3 else None


def _section(industry: str | None) -> str | None:
    return industry.strip().upper()[:1] if industry and industry.strip()[:1].isalpha() else None


def _mask(modes: Sequence[str]) -> int:
    bits = 0
    for mode in modes:
        if mode in VOCABULARY.cooperation:
            bits |= 1 << VOCABULARY.cooperation.index(mode)
    return bits


def _region(code: str | None) -> int:
    return int(code[:6]) if code and code[:6].isdigit() and len(code) >= 6 else -1


class MatchIndex:
    """An index over the listings of one side (the documents), queried with listings of the other.

    `library` is every listing the platform holds, both sides: the semantic model learns on it.
    """

    def __init__(
        self,
        documents: Sequence[Record],
        *,
        kind: str,
        library: Sequence[Record] = (),
        analyzer: Analyzer | None = None,
        layers: Layers = Layers(),
        weights: Weights = Weights(),
    ):
        self.kind = kind
        self.layers = layers
        self.weights = weights
        self.analyzer = analyzer or Analyzer(ngrams=layers.ngrams)
        self.ids = [record.id for record in documents]
        self.records = list(documents)
        self.vocabulary: dict[str, int] = {}
        body_weights = _bm25_body_weights(weights, layers)
        titles = [self._count(record.title, None) for record in documents]
        if layers.fields:
            bodies = [self._count(record.text, body_weights) for record in documents]
        else:
            bodies = [self._count(record.title + "\n" + record.text, body_weights) for record in documents]
            titles = [Counter() for _ in documents]
        self._build_lexical(titles, bodies)
        self.structured = Structured(documents)
        self.term_vectors: np.ndarray | None = None
        self.document_vectors: np.ndarray | None = None
        if layers.semantic:
            indexed = set(self.ids)
            others = [record for record in library if record.id not in indexed]
            self._build_semantic(titles, bodies, others)

    # --- building ----------------------------------------------------------------------------

    def _count(self, text: str, clause_weights: dict[str, float] | None) -> Counter[str]:
        if clause_weights is None:
            counts = Counter(self.analyzer.tokens(text))
        else:
            counts = self.analyzer.weighted_terms(text, clause_weights)
        for term in counts:
            if term not in self.vocabulary:
                self.vocabulary[term] = len(self.vocabulary)
        return counts

    def _matrix(self, counts: Sequence[Counter[str]]) -> sparse.csr_matrix:
        rows, cols, values = [], [], []
        ngram = self.weights.ngram
        for row, counter in enumerate(counts):
            for term, value in counter.items():
                rows.append(row)
                cols.append(self.vocabulary[term])
                values.append(value * (ngram if is_ngram(term) else 1.0))
        return sparse.csr_matrix(
            (np.asarray(values, dtype=np.float32), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
            shape=(len(counts), len(self.vocabulary)),
        )

    def _build_lexical(self, titles: Sequence[Counter[str]], bodies: Sequence[Counter[str]]) -> None:
        w = self.weights
        title, body = self._matrix(titles), self._matrix(bodies)
        self.title_tf, self.body_tf = title, body
        n = max(title.shape[0], 1)
        df = np.asarray(((title + body) > 0).sum(axis=0)).ravel()
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        pseudo = None
        for matrix, weight, b in ((title, w.doc_title, w.b_title), (body, w.doc_body, w.b_body)):
            lengths = np.asarray(matrix.sum(axis=1)).ravel()
            average = lengths.mean() if lengths.size and lengths.mean() > 0 else 1.0
            norm = weight / (1 - b + b * lengths / average)
            part = sparse.diags(norm.astype(np.float32)) @ matrix
            pseudo = part if pseudo is None else pseudo + part
        pseudo = pseudo.tocsc()
        pseudo.data = pseudo.data * (w.k1 + 1) / (w.k1 + pseudo.data)
        self.impact = (pseudo @ sparse.diags(self.idf)).tocsc()

    def _build_semantic(self, titles, bodies, others: Sequence[Record]) -> None:
        body_weights = _bm25_body_weights(self.weights, self.layers)
        extra = [self._count(r.title, None) + self._count(r.text, body_weights) for r in others]
        documents = [t + b for t, b in zip(titles, bodies, strict=True)]
        matrix = self._tfidf_matrix(documents + extra, fit=True)
        # A small library supports only a few topics: the rank grows with its square root.
        rank = min(self.weights.rank, round(2 * math.sqrt(matrix.shape[0])), min(matrix.shape) - 1)
        if matrix.nnz == 0 or rank < 2:
            return
        self.term_vectors = _randomized_svd(matrix, rank)
        self.document_vectors = _normalize_rows(np.asarray(matrix[: len(documents)] @ self.term_vectors))

    def _tfidf_matrix(self, counts: Sequence[Counter[str]], *, fit: bool = False) -> sparse.csr_matrix:
        raw = self._matrix(counts) if counts else sparse.csr_matrix((0, len(self.vocabulary)), dtype=np.float32)
        raw.data = np.log1p(raw.data)
        if fit:
            df = np.asarray((raw > 0).sum(axis=0)).ravel()
            self.semantic_idf = np.where(
                df >= 2, np.log((raw.shape[0] + 1) / (df + 1)) + 1.0, 0.0
            ).astype(np.float32)
        idf = self.semantic_idf
        if raw.shape[1] > idf.shape[0]:
            idf = np.concatenate([idf, np.zeros(raw.shape[1] - idf.shape[0], dtype=np.float32)])
        weighted = (raw @ sparse.diags(idf[: raw.shape[1]])).tocsr()
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return (sparse.diags(1.0 / norms) @ weighted).tocsr()

    # --- querying ----------------------------------------------------------------------------

    def _query_terms(self, query: Record) -> Counter[str]:
        title_weight, clause_weights = _query_weights(self.weights, self.layers)
        counts: Counter[str] = Counter()
        for term, value in Counter(self.analyzer.tokens(query.title)).items():
            counts[term] += value * title_weight
        counts.update(self.analyzer.weighted_terms(query.text, clause_weights))
        return counts

    def search(self, query: Record, *, top: int = 10, exclude: Sequence[str] = ()) -> list[Result]:
        """The `top` listings for one query listing of the other side, best first, with reasons."""
        n = len(self.ids)
        if n == 0:
            return []
        w = self.weights
        terms = self._query_terms(query)
        lexical_terms = self.impact.shape[1]
        known = [(self.vocabulary[t], v) for t, v in terms.items() if self.vocabulary.get(t, lexical_terms) < lexical_terms]
        columns = np.array([c for c, _ in known], dtype=np.int64)
        query_weights = np.array([v for _, v in known], dtype=np.float32)
        query_weights = query_weights * (w.k3 + 1) / (w.k3 + query_weights)
        if columns.size:
            lexical = np.asarray(self.impact[:, columns] @ query_weights).ravel()
        else:
            lexical = np.zeros(n, dtype=np.float32)
        best = lexical.max() if lexical.size else 0.0
        lexical_scaled = lexical / best if best > 0 else lexical
        score = w.lexical * lexical_scaled.astype(np.float64)
        semantic = None
        if self.layers.semantic and self.term_vectors is not None:
            vector = self._tfidf_matrix([Counter({t: v for t, v in terms.items() if t in self.vocabulary})])
            projected = np.asarray(vector @ self.term_vectors).ravel()
            norm = np.linalg.norm(projected)
            if norm > 0:
                semantic = self.document_vectors @ (projected / norm)
                score += w.semantic * np.clip(semantic, 0.0, None)
        components: dict[str, np.ndarray] = {}
        if self.layers.structured:
            components = self.structured.components(query, query_is_demand=self.kind == ACHIEVEMENT)
            for name, values in components.items():
                weight = self._structured_weight(name, values)
                score += weight
        if exclude:
            excluded = set(exclude)
            for index, document_id in enumerate(self.ids):
                if document_id in excluded:
                    score[index] = -np.inf
        count = min(top, n)
        order = np.argpartition(-score, count - 1)[:count]
        order = order[np.argsort(-score[order], kind="stable")]
        return [
            Result(
                id=self.ids[i],
                score=round(float(score[i]), 4),
                reasons=self._reasons(i, query, columns, query_weights, semantic, components),
                components={
                    "lexical": round(float(lexical_scaled[i]), 4),
                    **({"semantic": round(float(semantic[i]), 4)} if semantic is not None else {}),
                    **{name: float(values[i]) for name, values in components.items()},
                },
            )
            for i in order
            if math.isfinite(score[i])
        ]

    def _structured_weight(self, name: str, values: np.ndarray) -> np.ndarray:
        w = self.weights
        if name == "field":
            return np.where(values > 0, w.field_match * values, w.field_mismatch * values)
        return getattr(w, name) * values

    def _reasons(self, index, query, columns, query_weights, semantic, components) -> list[Message]:
        reasons: list[Message] = []
        if columns.size:
            row = np.asarray(self.impact[index, columns].todense()).ravel() * query_weights
            terms = [t for t in self._terms_of(columns[np.argsort(-row)][: int((row > 0).sum())])]
            whole = [t for t in terms if not is_ngram(t)][:6]
            if whole:
                reasons.append(Message("matched_terms", {"terms": whole}))
            elif terms:
                reasons.append(Message("matched_fragments", {"terms": [self.analyzer.display(t) for t in terms[:4]]}))
        if semantic is not None and semantic[index] >= 0.35:
            reasons.append(Message("related_topic", {"percent": int(round(float(semantic[index]) * 100))}))
        record = self.records[index]
        demand, achievement = (query, record) if self.kind == ACHIEVEMENT else (record, query)
        for name, values in components.items():
            value = float(values[index])
            if value == 0:
                continue
            reasons.append(self._structured_reason(name, value > 0, demand, achievement))
        return reasons

    def _terms_of(self, columns: np.ndarray) -> list[str]:
        if not hasattr(self, "_terms"):
            self._terms = [""] * len(self.vocabulary)
            for term, column in self.vocabulary.items():
                self._terms[column] = term
        return [self._terms[c] for c in columns]

    @staticmethod
    def _structured_reason(name: str, good: bool, demand: Record, achievement: Record) -> Message:
        maturity = VOCABULARY.maturity
        if name == "field":
            if good:
                return Message("field_same", {"field": demand.field})
            return Message("field_differs", {"demand": demand.field, "achievement": achievement.field})
        if name == "industry":
            if good:
                return Message("industry_close", {"demand": demand.industry, "achievement": achievement.industry})
            return Message("industry_differs", {"demand": demand.industry, "achievement": achievement.industry})
        if name == "cooperation":
            common = [m for m in demand.cooperation if m in achievement.cooperation]
            if good:
                return Message("cooperation_fits", {"modes": common})
            return Message("cooperation_differs", {"wanted": list(demand.cooperation), "offered": list(achievement.cooperation)})
        if name == "budget":
            amounts = {"price": _amount_text(achievement.amount), "budget": _amount_text(demand.amount)}
            return Message("price_within_budget", amounts) if good else Message("price_over_budget", amounts)
        if name == "maturity":
            stages = {"offered": maturity[achievement.maturity], "wanted": maturity[demand.maturity]}
            return Message("maturity_fits", stages) if good else Message("maturity_early", stages)
        return Message("region_same", {}) if demand.region == achievement.region else Message("region_near", {})


def _amount_text(amount: float | None) -> str:
    return f"{amount:g}" if amount is not None else ""


def match_all(
    demands: Sequence[Record],
    achievements: Sequence[Record],
    *,
    top: int = 10,
    layers: Layers = Layers(),
    weights: Weights = Weights(),
    dictionaries: Sequence[str] = (),
) -> list[tuple[str, list[Result]]]:
    """Top achievements for each demand: the `kechuang match` contract."""
    analyzer = Analyzer(dictionaries, ngrams=layers.ngrams)
    index = MatchIndex(
        achievements, kind=ACHIEVEMENT, library=[*achievements, *demands], analyzer=analyzer,
        layers=layers, weights=weights,
    )
    return [(demand.id, index.search(demand, top=top)) for demand in demands]


def without(layer: str) -> Layers:
    """All layers but one."""
    return replace(Layers(), **{layer: False})
