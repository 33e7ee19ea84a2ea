"""`kechuang assess` throughput: 100,000 enterprises with three years of figures each, against merely
parsing the same file (json.loads per line). The goal: the command at most 3× the parse time.

The assessment runs in process through the command's own path (criteria.stream.assess_lines with
the command's renderer, every tier, output written to a file), so the ratio is what the engine,
the messages and the JSON output cost on top of reading the input.
Usage: python bench/assess.py [enterprises] [--profile]
"""

from __future__ import annotations

import cProfile
import datetime
import json
import os
import pstats
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = ["电子信息", "生物与新医药", "航空航天", "新材料", "高技术服务", "新能源与节能", "资源与环境", "先进制造与自动化"]


def enterprise(rng: random.Random, index: int) -> dict:
    """A plausible record: size, growth, R&D intensity and IP drawn per firm, three fiscal years 2022–2024."""
    revenue = rng.choice((300, 1200, 4000, 9000, 30000)) * rng.uniform(0.6, 1.6)
    growth = rng.uniform(-0.1, 0.45)
    intensity = rng.uniform(0.005, 0.09)
    employees = max(5, int(revenue / rng.uniform(40, 120)))
    years = []
    for step, year in enumerate((2022, 2023, 2024)):
        value = revenue * (1 + growth) ** (step - 2)
        assets = value * rng.uniform(0.8, 1.6)
        years.append({
            "year": year, "employees": employees + step * 3, "st_staff": int(employees * rng.uniform(0.05, 0.45)),
            "rd_staff": int(employees * rng.uniform(0.03, 0.3)), "revenue": round(value, 2),
            "main_revenue": round(value * rng.uniform(0.5, 1.0), 2),
            "high_tech_revenue": round(value * rng.uniform(0.2, 0.95), 2), "total_assets": round(assets, 2),
            "total_liabilities": round(assets * rng.uniform(0.2, 0.85), 2),
            "net_profit": round(value * rng.uniform(-0.05, 0.15), 2), "rd_expense": round(value * intensity, 2),
            "rd_expense_domestic": round(value * intensity * rng.uniform(0.5, 1.0), 2),
            "cost_total": round(value * rng.uniform(0.7, 0.95), 2), "results_commercialized": rng.randint(0, 6),
        })
    class1 = rng.choice((0, 0, 1, 2, 5))
    record = {
        "uscc": f"91210204MA{index:07d}X", "name": f"基准企业{index:06d}", "founded": f"{rng.randint(2008, 2023)}-0{rng.randint(1, 9)}-15",
        "region": "210204", "industry": "C39", "tech_domain": rng.choice(DOMAINS), "listed": rng.random() < 0.03,
        "years": years,
        "ip": {"class1": class1, "class1_self_developed": class1 - (class1 > 1), "class1_high_value": int(class1 > 2),
               "class2": rng.randint(0, 12), "standards_led": rng.choice((0, 0, 0, 1))},
        "niche_years": rng.randint(0, 12), "market_share": round(rng.uniform(0, 0.3), 3),
        "strategic_emerging": rng.random() < 0.5,
        "equity_financing": [{"date": "2024-03-01", "amount": rng.choice((0, 500, 3000, 9000))}],
        "awards": [{"year": 2023, "level": "provincial", "rank": 2}] if rng.random() < 0.1 else [],
        "rd_institution_level": rng.choice(("none", "none", "city", "provincial", "national")),
        "valuation_usd": rng.choice((None, 2e8, 1.2e9)), "funding_total_usd": rng.choice((None, 3e7, 2e8)),
        "certifications": [{"kind": "high_tech", "number": f"GR2023{index:06d}", "valid_from": "2023-11-01",
                            "valid_to": "2026-10-31"}] if rng.random() < 0.3 else [],
        "flags": {"major_incident_last_year": False, "dishonest": rng.random() < 0.01, "restricted_industry": False,
                  "resident": True},
    }
    return record


def setup_django() -> None:
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DJANGO_SETTINGS_MODULE"] = "kechuang.settings"
    os.environ["KECHUANG_VAR_DIR"] = tempfile.mkdtemp(prefix="kc-bench-var-")
    import django

    django.setup()


def parse_only(path: Path) -> int:
    count = 0
    loads = json.loads
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            loads(line)
            count += 1
    return count


def assess_all(path: Path, out: Path) -> int:
    from kechuang.enterprises.criteria import Assessor
    from kechuang.enterprises.criteria.stream import assess_lines
    from kechuang.enterprises.messages import CriteriaRenderer

    count = 0
    with path.open(encoding="utf-8") as handle, out.open("w", encoding="utf-8") as sink:
        write = sink.write
        for _number, line, error in assess_lines(handle, Assessor(), CriteriaRenderer(), year=2025):
            if error is not None:
                raise SystemExit(f"line {_number}: {error.message}")
            write(line + "\n")
            count += 1
    return count


def engine_only(path: Path, render: bool) -> int:
    """The same records through parsing and the engine, without (or with) the messages, never encoded."""
    from kechuang.enterprises.criteria import Assessor
    from kechuang.enterprises.criteria.record import parse_record
    from kechuang.enterprises.criteria.tiers import TIERS
    from kechuang.enterprises.messages import CriteriaRenderer

    assessor, renderer = Assessor(), CriteriaRenderer()
    keys, day = tuple(TIERS), datetime.date(2025, 6, 30)
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            data = json.loads(line)
            if render:
                assessor.assess(data, year=2025, render=renderer)
            else:
                assessor.evaluate(parse_record(data), 2025, day, keys)
            count += 1
    return count


def timed(call, *args) -> float:
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


def main() -> None:
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    total = int(args[0]) if args else 100_000
    setup_django()
    rng = random.Random(2025)
    folder = Path(tempfile.mkdtemp(prefix="kc-bench-assess-"))
    path, out = folder / "enterprises.jsonl", folder / "assessments.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for index in range(total):
            handle.write(json.dumps(enterprise(rng, index), ensure_ascii=False) + "\n")
    size = path.stat().st_size
    parse_only(path)  # warm the page cache for both runs
    started = time.perf_counter()
    parse_only(path)
    parse = time.perf_counter() - started
    if "--profile" in sys.argv:
        profile = cProfile.Profile()
        profile.runcall(assess_all, path, out)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    started = time.perf_counter()
    count = assess_all(path, out)
    assess = time.perf_counter() - started
    print(f"input: {total:,} enterprises × 3 fiscal years, {size / 1e6:.1f} MB; output {out.stat().st_size / 1e6:.1f} MB "
          f"({len(json.loads(out.open(encoding='utf-8').readline())['tiers'])} tiers per line)")
    print(f"parse only (json.loads per line): {parse:.2f} s, {total / parse:,.0f} enterprises/s")
    print(f"kechuang assess (every tier):     {assess:.2f} s, {count / assess:,.0f} enterprises/s")
    print(f"ratio assess / parse: {assess / parse:.2f}× (goal ≤ 3×)")
    # Where the time goes, each step measured alone over the same file (parse included in each).
    evaluate = timed(engine_only, path, False)
    rendered = timed(engine_only, path, True)
    print(f"  parse + record + criteria (codes only):      {evaluate / parse:.2f}× parse")
    print(f"  + labels and Chinese messages, output object: {rendered / parse:.2f}× parse")
    print(f"  + JSON encoding and writing the output:       {assess / parse:.2f}× parse")


if __name__ == "__main__":
    main()
