"""Organization list at 100,000 and 1,000,000 organizations: every query as a ratio to the unfiltered first page.

Every query of the list (search by a name fragment of 1, 2 and 3+ characters, a USCC fragment, each
filter, a filter with a search, a deep page) is timed against the unfiltered first page measured in the
same run (the goal: at most 3×), with the query plan of each page, so the index it uses is on record.
Django's own admin changelist (`search_fields = ("name", "uscc")`) is measured on the same data in the
same run, as the baseline a plain Django project would ship. All pages are served the same way
(Django's test client, in process, signed in), so a ratio is what the page itself costs.

Search terms of one or two characters are the exception the trigram indexes cannot serve: the bench
times a frequent and a rare one, and says so next to the figures.

The organizations are generated for the benchmark in bulk (COPY on PostgreSQL, executemany on SQLite,
with the search triggers and indexes in place), not through `kechuang generate`, so a million rows take
a minute rather than an hour; the district's departments and accounts come from `generate_district`.

Usage: python bench/organization_list.py [--sizes 100000,1000000] [--repeat 20] [--engines sqlite,postgresql]
BENCH_DB_PREFIX names the PostgreSQL database (default kc_bench_orglist; the size is appended).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import database_urls, recreate_postgres_database, setup_django, summary  # noqa: E402

COLUMNS = (
    "name", "uscc", "kind", "region_id", "industry_id", "address", "contact_name", "contact_phone",
    "contact_email", "description", "aliases", "created_at", "updated_at",
)


def generate(count: int, seed: int = 2) -> float:
    """`count` enterprises of the district 210204 and its city, as `generate_district` draws them; seconds taken."""
    from django.db import connection, transaction

    from kechuang.core.choices import IndustryLevel, OrganizationKind
    from kechuang.core.models import Industry, Organization, Region
    from kechuang.core.synthetic import BRAND_CHARS, STREETS, SUFFIXES, TRADE_WORDS, person_name
    from kechuang.core.uscc import make_uscc

    started = time.perf_counter()
    rng = random.Random(seed)
    region = Region.objects.select_related("parent").get(code="210204")
    counties = list(Region.objects.filter(parent=region.parent))
    divisions = dict(Industry.objects.filter(level=IndustryLevel.DIVISION).values_list("code", "id"))
    sections, weights = ["C", "I", "M", "F", "L"], [50, 20, 15, 10, 5]
    now = datetime.datetime.now(datetime.UTC)
    used = set(Organization.objects.exclude(uscc=None).values_list("uscc", flat=True))

    def rows():
        for _ in range(count):
            section = rng.choices(sections, weights)[0]
            where = region if rng.random() < 0.7 else rng.choice(counties)
            trade, division = rng.choice(TRADE_WORDS[section])
            name = f"大连{rng.choice(BRAND_CHARS)}{rng.choice(BRAND_CHARS)}{trade}{rng.choice(SUFFIXES)}"
            while (uscc := make_uscc(rng, region_code=where.code)) in used:
                pass
            used.add(uscc)
            yield (
                name, uscc, OrganizationKind.ENTERPRISE, where.pk, divisions[division],
                f"大连市{where.name}{rng.choice(STREETS)}路{rng.randint(1, 999)}号", person_name(rng),
                f"1{rng.choice('3589')}{rng.randrange(10**9):09d}", "", "", "[]", now, now,
            )

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY core_organization ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(COLUMNS))
            sql = f"INSERT INTO core_organization ({', '.join(COLUMNS)}) VALUES ({placeholders})"
            batch = []
            for row in rows():
                batch.append(row)
                if len(batch) == 10_000:
                    cursor.executemany(sql, batch)
                    batch = []
            cursor.executemany(sql, batch)
    return time.perf_counter() - started


def queries(sample_name: str, sample_uscc: str) -> dict[str, dict]:
    """The list's queries; the 3+ character terms are cut from a generated name and USCC."""
    fragment = sample_name[2:6]  # the brand and trade word, without the city 大连
    return {
        "first page": {},
        "search 1 char 华": {"q": "华"},
        "search 2 chars 科技": {"q": "科技"},
        "search 2 chars 澄清 (rare)": {"q": "澄清"},
        f"search 4 chars {fragment}": {"q": fragment},
        "search 4 chars 科技有限 (frequent)": {"q": "科技有限"},
        "search a full name": {"q": sample_name},
        f"search USCC {sample_uscc[8:14]}": {"q": sample_uscc[8:14]},
        "kind enterprise": {"kind": "enterprise"},
        "kind university (rare)": {"kind": "university"},
        "region 210204": {"region": "210204"},
        "region 210200 (city)": {"region": "210200"},
        "industry section C": {"industry": "C"},
        "industry division 65": {"industry": "65"},
        "kind + region": {"kind": "enterprise", "region": "210204"},
        f"kind + region + {fragment}": {"kind": "enterprise", "region": "210204", "q": fragment},
        "industry C + 科技": {"industry": "C", "q": "科技"},
        "page 1000": {"page": "1000"},
    }


def admin_queries(sample_name: str, sample_uscc: str) -> dict[str, dict]:
    fragment = sample_name[2:6]
    return {
        "admin changelist": {},
        "admin search 科技": {"q": "科技"},
        f"admin search {fragment}": {"q": fragment},
        f"admin search USCC {sample_uscc[8:14]}": {"q": sample_uscc[8:14]},
        "admin kind enterprise": {"kind__exact": "enterprise"},
    }


def page_plan(user, params: dict) -> list[str]:
    """The query plan of the page's ids query (the one that reads the large table), as the view runs it."""
    from django.db import connection

    from kechuang.core.filters import OrganizationFilter
    from kechuang.core.selectors import organization_directory

    paginator = organization_directory(user, OrganizationFilter(**{k: v for k, v in params.items() if k != "page"}))
    paginator.count  # noqa: B018 - the count decides which form of the query reads the ids
    options = {"costs": False} if connection.vendor == "postgresql" else {}
    return paginator.page_ids(int(params.get("page", 1))).explain(**options).splitlines()


def measure(database_url: str, size: int, repeat: int) -> dict:
    setup_django(database_url, urlconf="bench_urls")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from kechuang.core.models import Membership, Organization
    from kechuang.core.reference import load_reference_data
    from kechuang.core.synthetic import generate_district

    call_command("migrate", verbosity=0)
    load_reference_data()
    generate_district(seed=1, enterprises=0)
    seconds = generate(size)
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load on PostgreSQL; SQLite is measured as it is, without ANALYZE.
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE core_organization")
    sample = Organization.objects.filter(kind="enterprise").order_by("id")[size // 3]
    admin = Membership.objects.get(user__username="admin").user
    superuser = get_user_model().objects.create_superuser("bench-super", password="bench-pass-2026")
    client, admin_client = Client(), Client()
    client.force_login(admin)
    admin_client.force_login(superuser)

    pages = queries(sample.name, sample.uscc)
    admin_pages = admin_queries(sample.name, sample.uscc)
    # Every (client, url, params) once per round, rounds repeated: a load spike on the machine then
    # touches every query alike instead of whichever was being timed.
    calls = [("bare", client, "/__bare__/", {})]
    calls += [(label, client, "/organizations/", params) for label, params in pages.items()]
    calls += [(label, admin_client, "/django-admin/core/organization/", params) for label, params in admin_pages.items()]
    responses, samples = {}, {label: [] for label, *_ in calls}
    for label, user_client, url, params in calls:
        responses[label] = user_client.get(url, params)
        assert responses[label].status_code == 200, (label, responses[label].status_code)
    for _ in range(repeat):
        for label, user_client, url, params in calls:
            started = time.perf_counter()
            user_client.get(url, params)
            samples[label].append(time.perf_counter() - started)
    stats = {label: summary(values) for label, values in samples.items()}

    result: dict = {"generate_s": round(seconds, 1), "total": Organization.objects.count(), "pages": {}, "admin": {}}
    result["bare_ms"] = round(stats["bare"][0] * 1000, 2)
    for label, params in pages.items():
        html = responses[label].content.decode()
        result["pages"][label] = {
            "median_ms": round(stats[label][0] * 1000, 1), "p95_ms": round(stats[label][1] * 1000, 1),
            "count": re.search(r'id="result-count">([^<]*)<', html).group(1),
            "rows": html.count('<tr><td><a href="/organizations/'), "plan": page_plan(admin, params),
        }
    for label in admin_pages:
        html = responses[label].content.decode()
        counts = re.search(r'<p class="paginator">.*?(\d+ 单位)', html, re.S)
        result["admin"][label] = {
            "median_ms": round(stats[label][0] * 1000, 1), "p95_ms": round(stats[label][1] * 1000, 1),
            "count": counts.group(1) if counts else "?",
        }
    return result


def report(engine: str, size: int, result: dict) -> None:
    base = result["pages"]["first page"]["median_ms"]
    print(
        f"\n== {engine}, {result['total']:,} organizations (generated in {result['generate_s']} s); "
        f"first page median {base} ms, bare view {result['bare_ms']} ms"
    )
    for label, row in result["pages"].items():
        ratio = row["median_ms"] / base
        mark = "" if ratio <= 3 else "   ** over 3×"
        print(
            f"  {label:<34} median {row['median_ms']:7.1f} ms  {ratio:5.1f}× first page  p95 {row['p95_ms']:7.1f} ms"
            f"  count {row['count']}, {row['rows']} rows{mark}"
        )
    print(
        "  (1–2 character terms cannot use a trigram index on either database: they are matched with LIKE\n"
        "   along the name index — a frequent term fills the first page after a few rows, a rare one, and\n"
        "   the exact count of a small result, read the whole table. See src/kechuang/core/search.py.)"
    )
    print("  -- Django admin changelist (search_fields name, uscc), same data:")
    for label, row in result["admin"].items():
        print(
            f"  {label:<34} median {row['median_ms']:7.1f} ms  {row['median_ms'] / base:5.1f}× first page  "
            f"p95 {row['p95_ms']:7.1f} ms  count {row['count']}"
        )
    print("  -- query plans of the page's rows:")
    for label, row in result["pages"].items():
        print(f"  [{label}]")
        for line in row["plan"]:
            print(f"      {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated organization counts")
    parser.add_argument("--repeat", type=int, default=20, help="requests per query")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]), args.repeat)))
        return
    prefix = os.environ.get("BENCH_DB_PREFIX", "kc_bench_orglist")
    sizes = [int(size) for size in args.sizes.split(",")]
    engines = args.engines.split(",")
    print(f"Organization list, {args.repeat} requests per query; goal: every query at most 3× the first page")
    for size in sizes:
        for engine, url in database_urls(f"{prefix}_{size}").items():
            if engine not in engines:
                continue
            if engine == "postgresql":
                recreate_postgres_database(url)
            # One process per database: Django's settings are process-wide.
            completed = subprocess.run(
                [sys.executable, __file__, "--child", url, str(size), "--repeat", str(args.repeat)],
                capture_output=True, text=True,
            )
            if completed.returncode:
                sys.exit(completed.stderr)
            report(engine, size, json.loads(completed.stdout.strip().splitlines()[-1]))
            if engine == "sqlite":
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
