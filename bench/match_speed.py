"""Matcher speed on a synthetic library, measured in one run against a plain BM25 baseline.

- query: top-10 achievements for one demand, median and p95 over QUERIES demands, for the engine
  (MatchIndex.search with every layer) and for rank_bm25's BM25Okapi.get_scores + top-10 over jieba
  tokens of the same corpus (goal: the engine at most 5× the baseline);
- build: the engine's index build (tokenising, BM25F matrix, LSA) against tokenising the corpus once
  with jieba (goal: at most 3×).

The achievements are generated: titles and abstracts drawn from the domain dictionary and listing
phrases, with a company-profile tail on some, 50–400 characters long.
Usage: python bench/match_speed.py [achievements=100000] [queries=30]

Measured on the 2-core development machine (100000 achievements, 20 demands): query median 33 ms,
p95 55 ms against rank_bm25's 3418 / 3876 ms (0.01×); index build 83.6 s against 54.5 s for
tokenising the corpus once (1.53×).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from kechuang.transfer.matching import ACHIEVEMENT, Analyzer, MatchIndex, Record  # noqa: E402
from kechuang.transfer.matching.text import DEFAULT_DICTIONARY, _lines  # noqa: E402
from kechuang.transfer.matching.vocabulary import VOCABULARY  # noqa: E402

TITLE_ENDS = ["技术", "系统", "装置", "方法", "关键技术研究", "及其应用", "制备工艺", "智能平台", "检测方法", "成套装备"]
PHRASES = [
    "本成果针对{a}领域{b}效率低、成本高的问题，提出了一种基于{c}的{d}方法",
    "经第三方检测，{a}指标优于国内同类产品，{b}寿命提高30%以上",
    "可广泛应用于{a}、{b}及{c}等行业",
    "已在{a}企业完成中试验证，形成{b}工艺包",
    "核心技术包括{a}、{b}和{c}，已申请发明专利3项",
    "该技术采用{a}与{b}相结合的方式，实现{c}的在线监测",
]
PROFILE = [
    "公司成立于{year}年，注册资本{capital}万元，主营{a}和{b}产品",
    "是国家高新技术企业、省级专精特新企业，拥有研发人员{people}人",
    "学校始建于{year}年，拥有{a}重点实验室",
]
NEEDS = ["急需解决{a}中{b}的难题", "寻求{a}方面的技术合作，实现{b}国产化替代", "希望引进{a}技术，提升{b}水平"]


def vocabulary() -> list[str]:
    """The dictionary's terms and as many made-up compounds of their characters (terms no dictionary knows)."""
    terms = [line.split()[0] for line in _lines(DEFAULT_DICTIONARY)]
    characters = sorted({c for term in terms for c in term if "\u4e00" <= c <= "\u9fff"})
    generator = random.Random(0)
    made_up = {"".join(generator.sample(characters, generator.randint(2, 4))) for _ in range(4 * len(terms))}
    return terms + sorted(made_up)


def fill(template: str, terms: list[str], generator: random.Random) -> str:
    picks = {key: generator.choice(terms) for key in "abcd"}
    return template.format(**picks, year=generator.randint(1950, 2020), capital=generator.randint(100, 9000),
                           people=generator.randint(10, 500))


def achievements(count: int, seed: int = 1) -> list[Record]:
    generator = random.Random(seed)
    terms = vocabulary()
    records = []
    for number in range(count):
        topic = generator.sample(terms, 6)
        title = "".join(topic[:2]) + generator.choice(TITLE_ENDS)
        sentences = [fill(generator.choice(PHRASES), topic, generator) for _ in range(generator.randint(1, 5))]
        if generator.random() < 0.3:
            sentences += [fill(template, topic, generator) for template in PROFILE[:2]]
        records.append(Record(
            f"A{number}", title, "。".join(sentences) + "。",
            field=generator.choice(VOCABULARY.domains), amount=float(generator.randint(10, 800)),
            maturity=generator.randint(0, 3), cooperation=(generator.choice(VOCABULARY.cooperation),),
        ))
    return records


def demands(count: int, seed: int = 2) -> list[Record]:
    generator = random.Random(seed)
    terms = vocabulary()
    records = []
    for number in range(count):
        topic = generator.sample(terms, 4)
        text = "，".join(fill(t, topic, generator) for t in PROFILE[:2]) + "。" + fill(generator.choice(NEEDS), topic, generator) + "。"
        records.append(Record(f"D{number}", topic[0] + topic[1] + "技术需求", text, field=generator.choice(VOCABULARY.domains),
                              amount=float(generator.randint(50, 500)), maturity=generator.randint(0, 3)))
    return records


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    queries = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    import jieba
    import numpy as np
    from rank_bm25 import BM25Okapi

    library, asked = achievements(size), demands(queries)
    jieba.initialize()
    Analyzer().tokens("预热")  # both tokenizers loaded before timing

    started = time.perf_counter()
    corpus = [jieba.lcut(r.title + " " + r.text) for r in library]
    tokenise = time.perf_counter() - started
    bm25 = BM25Okapi(corpus)

    started = time.perf_counter()
    index = MatchIndex(library, kind=ACHIEVEMENT, library=[*library, *asked])
    build = time.perf_counter() - started

    baseline_times, engine_times = [], []
    for demand in asked:
        started = time.perf_counter()
        scores = bm25.get_scores(jieba.lcut(demand.title + " " + demand.text))
        np.argpartition(-scores, 10)[:10]
        baseline_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        index.search(demand, top=10)
        engine_times.append(time.perf_counter() - started)

    base_median, base_p95 = statistics.median(baseline_times), percentile(baseline_times, 0.95)
    median, p95 = statistics.median(engine_times), percentile(engine_times, 0.95)
    print(f"{size} achievements, {queries} demands, vocabulary {len(index.vocabulary)} terms")
    print(f"query  baseline (rank_bm25): median {base_median * 1000:8.1f} ms  p95 {base_p95 * 1000:8.1f} ms")
    print(f"query  engine (all layers):  median {median * 1000:8.1f} ms  p95 {p95 * 1000:8.1f} ms")
    print(f"query  ratio engine/baseline: median {median / base_median:5.2f}×  p95 {p95 / base_p95:5.2f}×  (goal ≤ 5×)")
    print(f"build  tokenising once (jieba): {tokenise:7.1f} s   engine index: {build:7.1f} s   "
          f"ratio {build / tokenise:4.2f}×  (goal ≤ 3×)")


if __name__ == "__main__":
    main()
