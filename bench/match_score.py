"""Relevance of the matcher on evaluation sets: nDCG@10 and Recall@10 per set, in one run, for

- the engine with every layer (what `kechuang match` prints: the same `match_all`),
- the engine without each layer in turn (fields, boilerplate, ngrams, semantic, structured),
- a plain BM25 baseline: rank_bm25's BM25Okapi over jieba tokens of title + text.

A set is a folder with demands.jsonl, achievements.jsonl and judgements.jsonl (grades 0–3; unlisted
pairs count as 0); see tests/transfer/dev_set/README.md. nDCG uses gain 2^grade − 1 against the
ideal order of the judged grades; Recall@10 counts the achievements graded ≥ 2 found in the top 10.
Usage: python bench/match_score.py --set DIR [--set DIR …] [--only full,baseline] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from kechuang.transfer.matching import ACHIEVEMENT, DEMAND, Layers, match_all, read_jsonl, without  # noqa: E402

K = 10
RELEVANT = 2
LAYERS = ("fields", "boilerplate", "ngrams", "semantic", "structured")
WORDLIKE = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")


def load(folder: Path):
    with (folder / "demands.jsonl").open(encoding="utf-8") as lines:
        demands = list(read_jsonl(lines, kind=DEMAND, source="demands.jsonl"))
    with (folder / "achievements.jsonl").open(encoding="utf-8") as lines:
        achievements = list(read_jsonl(lines, kind=ACHIEVEMENT, source="achievements.jsonl"))
    grades: dict[str, dict[str, int]] = {}
    for line in (folder / "judgements.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            grades.setdefault(str(row["demand_id"]), {})[str(row["achievement_id"])] = int(row["grade"])
    return demands, achievements, grades


def ndcg(ranked: list[str], grades: dict[str, int]) -> float:
    def dcg(values):
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(values))

    ideal = dcg(sorted(grades.values(), reverse=True)[:K])
    return dcg([grades.get(a, 0) for a in ranked[:K]]) / ideal if ideal > 0 else 0.0


def recall(ranked: list[str], grades: dict[str, int]) -> float:
    relevant = {a for a, g in grades.items() if g >= RELEVANT}
    return len(relevant & set(ranked[:K])) / len(relevant) if relevant else 0.0


def evaluate(rankings: dict[str, list[str]], grades: dict[str, dict[str, int]]) -> tuple[float, float]:
    judged = [d for d in rankings if d in grades]
    if not judged:
        return 0.0, 0.0
    return (
        sum(ndcg(rankings[d], grades[d]) for d in judged) / len(judged),
        sum(recall(rankings[d], grades[d]) for d in judged) / len(judged),
    )


def baseline(demands, achievements) -> dict[str, list[str]]:
    import jieba
    from rank_bm25 import BM25Okapi

    def tokens(text: str) -> list[str]:
        return [t for t in jieba.lcut(text) if WORDLIKE.search(t)]

    bm25 = BM25Okapi([tokens(a.title + " " + a.text) for a in achievements])
    ids = [a.id for a in achievements]
    rankings = {}
    for demand in demands:
        scores = bm25.get_scores(tokens(demand.title + " " + demand.text))
        rankings[demand.id] = [ids[i] for i in sorted(range(len(ids)), key=lambda i: -scores[i])[:K]]
    return rankings


def engine(demands, achievements, layers: Layers) -> dict[str, list[str]]:
    return {d: [r.id for r in results] for d, results in match_all(demands, achievements, top=K, layers=layers)}


def runs(only: set[str] | None):
    configurations = [("engine (all layers)", "full", Layers())]
    configurations += [(f"engine without {layer}", layer, without(layer)) for layer in LAYERS]
    configurations += [("engine, lexical only", "lexical", Layers(semantic=False, structured=False))]
    for label, key, layers in configurations:
        if only is None or key in only:
            yield label, key, layers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", type=Path, action="append", required=True)
    parser.add_argument("--only", help="comma-separated: full, baseline, lexical, or a layer name")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    figures: dict[str, dict[str, dict[str, float]]] = {}
    for folder in args.sets:
        demands, achievements, grades = load(folder)
        rows: dict[str, dict[str, float]] = {}
        if only is None or "baseline" in only:
            started = time.perf_counter()
            n, r = evaluate(baseline(demands, achievements), grades)
            rows["BM25 baseline (rank_bm25, jieba)"] = {"ndcg@10": n, "recall@10": r, "seconds": time.perf_counter() - started}
        for label, _key, layers in runs(only):
            started = time.perf_counter()
            n, r = evaluate(engine(demands, achievements, layers), grades)
            rows[label] = {"ndcg@10": n, "recall@10": r, "seconds": time.perf_counter() - started}
        figures[str(folder)] = rows
        if not args.json:
            print(f"\n{folder}: {len(demands)} demands, {len(achievements)} achievements, "
                  f"{sum(len(g) for g in grades.values())} judgements")
            base = rows.get("BM25 baseline (rank_bm25, jieba)", {}).get("ndcg@10")
            print(f"  {'run':36} {'nDCG@10':>8} {'R@10':>6} {'×base':>6} {'s':>6}")
            for label, row in rows.items():
                ratio = f"{row['ndcg@10'] / base:6.2f}" if base else "     -"
                print(f"  {label:36} {row['ndcg@10']:8.3f} {row['recall@10']:6.3f} {ratio} {row['seconds']:6.1f}")
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
