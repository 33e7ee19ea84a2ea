"""In-app assessment against `kechuang assess` on the same records, and the enterprise pages at scale.

A synthetic district of N enterprises (the demo's generator: three years of figures, certifications)
in a throwaway database. Measured in one run:

- the in-app re-assessment of every enterprise (what the background task does: build each record
  from the database, run the engine, upsert the Assessment rows), enterprises per second;
- `kechuang assess`'s own path (criteria.stream.assess_lines) over the same records written as
  JSONL, and merely parsing that file; the goal: in-app at most 3× the command;
- the enterprise page and the high-tech pool's first page as ratios to the organization list's
  first page (Django's test client, in process, signed in as a bureau admin).

Usage: python bench/enterprise_assessment.py [enterprises] [--postgres]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import POSTGRES_SERVER, recreate_postgres_database, setup_django, summary, timings  # noqa: E402


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 100_000
    if "--postgres" in sys.argv:
        url = f"{POSTGRES_SERVER}/kc_bench_enterprises"
        recreate_postgres_database(url)
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='kc-bench-')}/enterprises.sqlite3"
    setup_django(url)

    import random

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from kechuang.core.choices import OrganizationKind, Role
    from kechuang.core.models import Organization
    from kechuang.core.reference import load_reference_data
    from kechuang.core.services import create_user
    from kechuang.core.synthetic import generate_district
    from kechuang.enterprises import demo
    from kechuang.enterprises.assessments import assess_enterprises, default_year
    from kechuang.enterprises.criteria import Assessor
    from kechuang.enterprises.criteria.stream import assess_lines
    from kechuang.enterprises.messages import CriteriaRenderer
    from kechuang.enterprises.models import Enterprise
    from kechuang.enterprises.selectors import assessment_record, record_queryset

    call_command("migrate", verbosity=0)
    load_reference_data()
    started = time.perf_counter()
    district = generate_district(seed=1, enterprises=count, with_users=False)
    rng, today = random.Random(1), timezone.localdate()
    enterprises = demo._profiles(rng, list(Organization.objects.filter(kind=OrganizationKind.ENTERPRISE)), today)
    demo._years_and_certifications(rng, enterprises, [today.year - 3, today.year - 2, today.year - 1], today)
    print(f"set-up: {count} enterprises in {time.perf_counter() - started:.0f} s ({url.split(':')[0]})")
    year = default_year()

    def progress(done: int, total: int) -> None:
        if done % 20_000 < 500 or done == total:
            print(f"  in-app: {done}/{total}", flush=True)

    in_app = timed(lambda: assess_enterprises(None, year, progress=progress))

    workdir = Path(tempfile.mkdtemp(prefix="kc-bench-assess-"))
    source, sink = workdir / "records.jsonl", workdir / "out.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for enterprise in record_queryset().iterator(chunk_size=2000):
            handle.write(json.dumps(assessment_record(enterprise, year), ensure_ascii=False) + "\n")

    def command() -> None:
        with source.open(encoding="utf-8") as lines, sink.open("w", encoding="utf-8") as out:
            for number, line, error in assess_lines(lines, Assessor(), CriteriaRenderer(), year=year):
                if error is not None:
                    raise SystemExit(f"line {number}: {error.message}")
                out.write(line + "\n")

    def parse() -> None:
        with source.open(encoding="utf-8") as lines:
            for line in lines:
                json.loads(line)

    command_time, parse_time = timed(command), timed(parse)
    rate = count / in_app
    print(f"in-app re-assessment: {in_app:.1f} s, {rate:,.0f} enterprises/s")
    print(f"kechuang assess (same records): {command_time:.1f} s, {count / command_time:,.0f} enterprises/s; "
          f"parse only {parse_time:.2f} s")
    print(f"ratio in-app / command: {in_app / command_time:.2f} (goal ≤ 3); command / parse: {command_time / parse_time:.1f}")

    bureau = Organization.objects.create(name="基准科技局", kind=OrganizationKind.GOVERNMENT)
    create_user(username="bench-admin", password="bench-pass-2026", organization=bureau, role=Role.BUREAU_ADMIN)
    client = Client()
    client.login(username="bench-admin", password="bench-pass-2026")
    one = Enterprise.objects.order_by("pk").values_list("pk", flat=True)[count // 2]
    pages = {
        "organization list (first page)": "/organizations/",
        "enterprise page": f"/enterprises/{one}/",
        "high-tech pool (first page)": f"/enterprises/pools/high_tech/?year={year}",
        "enterprise list (first page)": "/enterprises/",
    }
    medians = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        medians[name] = summary(timings(lambda path=path: client.get(path), 15))[0]
    base = medians["organization list (first page)"]
    for name, median in medians.items():
        print(f"{name}: {median * 1000:.1f} ms median, {median / base:.2f}× the organization list")
    del district


if __name__ == "__main__":
    main()
