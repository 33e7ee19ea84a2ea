"""Score plan extraction against gold sets: precision, recall and F1 for indicators and tasks,
per document and overall, and the throughput of extract() (the best of three runs per document).

    python bench/ingest_score.py [--gold DIR] [--texts DIR] [--verbose]

Without --gold, every set under tests/ingest (a folder with a gold/ folder) is scored on its own:
never-tuned-on sets (unseen*) first, then development sets (dev_*), then the total throughput. A
gold directory holds `<document>.gold.json`; each document's text is looked up next to the gold
directory (its parent), then in --texts, then in the package's demo documents. Matching rules:
kechuang.ingest.extract.scoring.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kechuang.ingest.extract import extract  # noqa: E402
from kechuang.ingest.extract.scoring import NAME_THRESHOLD, Score, score_document  # noqa: E402

SETS = ROOT / "tests" / "ingest"
REPEATS = 3
DEMO_DOCUMENTS = ROOT / "src" / "kechuang" / "ingest" / "demo_documents"


def find_text(document: str, gold_dir: Path, texts: Path | None) -> Path | None:
    for folder in (gold_dir.parent, texts, DEMO_DOCUMENTS):
        if folder is not None and (folder / document).is_file():
            return folder / document
    return None


def score_gold_set(gold_dir: Path, texts: Path | None = None, *, verbose: bool = False) -> dict:
    """Scores per document and overall; prints the table (and the misses when verbose)."""
    totals = {"indicators": Score(), "tasks": Score()}
    characters, seconds = 0, 0.0
    rows = []
    for gold_file in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        path = find_text(gold["document"], gold_dir, texts)
        if path is None:
            raise SystemExit(f"找不到文档 {gold['document']} 的文本")
        text = path.read_text(encoding="utf-8")
        # The best of a few runs: one run of a small document is mostly noise on a busy machine.
        timings = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            extracted = extract(text, document=gold["document"])
            timings.append(time.perf_counter() - started)
        seconds += min(timings)
        characters += len(text)
        result = score_document(extracted, gold)
        totals["indicators"] += result.indicators
        totals["tasks"] += result.tasks
        rows.append((gold["document"], result))
        if verbose:
            print_misses(gold["document"], result)
    print(f"{'document':<28} {'kind':<10} {'gold':>5} {'ours':>5} {'hit':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for document, result in rows:
        for kind in ("indicators", "tasks"):
            print_row(document, kind, getattr(result, kind))
    for kind in ("indicators", "tasks"):
        print_row("OVERALL", kind, totals[kind])
    throughput = characters / seconds if seconds else float("inf")
    print(f"throughput: {throughput:,.0f} characters/s ({characters:,} characters in {seconds:.3f} s)")
    print(f"indicator names match at bigram Dice >= {NAME_THRESHOLD} or containment")
    return {
        "indicators": totals["indicators"],
        "tasks": totals["tasks"],
        "throughput": throughput,
        "characters": characters,
        "seconds": seconds,
    }


def gold_sets(root: Path = SETS) -> list[Path]:
    """The gold folders of every set under `root`, never-tuned-on sets before development sets."""
    folders = sorted(path.parent for path in root.glob("*/gold") if path.is_dir())
    return sorted(folders, key=lambda folder: (not folder.name.startswith("unseen"), folder.name))


def score_all(root: Path = SETS, *, verbose: bool = False) -> dict[str, dict]:
    results: dict[str, dict] = {}
    extract("一、总体目标\n到2025年，高新技术企业达到100家。", document="warm-up")  # compile the patterns once
    for folder in gold_sets(root):
        status = "never-tuned-on" if folder.name.startswith("unseen") else "development (fit)"
        print(f"\n=== {folder.name}: {status}")
        results[folder.name] = score_gold_set(folder / "gold", verbose=verbose)
    characters = sum(result["characters"] for result in results.values())
    seconds = sum(result["seconds"] for result in results.values())
    print(f"\nall sets: {characters / seconds:,.0f} characters/s ({characters:,} characters in {seconds:.3f} s)")
    return results


def print_row(document: str, kind: str, score: Score) -> None:
    print(
        f"{document:<28} {kind:<10} {score.gold:>5} {score.extracted:>5} {score.matched:>5} "
        f"{score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f}"
    )


def describe(item: dict) -> str:
    if "targets" in item:
        targets = "; ".join(
            f"{t.get('year')} {t.get('comparator')} {t.get('value')} {t.get('relative') or ''}".strip()
            for t in item.get("targets") or []
        )
        return f"{item.get('name')} [{item.get('unit')}] {targets}  «{(item.get('quote') or '')[:60]}»"
    return f"{item.get('number')} {item.get('title')} lead={item.get('lead_units')} support={item.get('support_units')}"


def print_misses(document: str, result) -> None:
    for kind in ("indicators", "tasks"):
        for item in result.missed[kind]:
            print(f"MISS {document[:3]} {kind[:4]}: {describe(item)}")
        for item in result.spurious[kind]:
            print(f"FP   {document[:3]} {kind[:4]}: {describe(item)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=None, help="one gold folder (default: every set)")
    parser.add_argument("--texts", type=Path, default=None)
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()
    if options.gold is None:
        score_all(verbose=options.verbose)
    else:
        score_gold_set(options.gold, options.texts, verbose=options.verbose)


if __name__ == "__main__":
    main()
