"""Organization list page latency with N organizations, as a ratio to a bare Django view.

Both are served the same way (Django's test client, in process, signed in as a bureau admin), so
the ratio is what the page itself costs. Usage: python bench/organization_list.py [N] [requests]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import database_urls, recreate_postgres_database, setup_django, summary, timings  # noqa: E402

QUERIES = {
    "first page": {},
    "search 科技": {"q": "科技"},
    "kind + region": {"kind": "enterprise", "region": "210204"},
    "industry section": {"industry": "C"},
    "page 1000": {"page": "1000"},
}


def measure(database_url: str, enterprises: int, repeat: int) -> dict:
    setup_django(database_url, urlconf="bench_urls")
    from django.core.management import call_command
    from django.test import Client

    from kechuang.core.models import Membership
    from kechuang.core.reference import load_reference_data
    from kechuang.core.synthetic import generate_district

    call_command("migrate", verbosity=0)
    load_reference_data()
    generate_district(seed=1, enterprises=enterprises)
    admin = Membership.objects.get(user__username="admin").user
    client = Client()
    client.force_login(admin)
    bare = summary(timings(lambda: client.get("/__bare__/"), repeat))
    results = {"bare_ms": [round(v * 1000, 2) for v in bare], "pages": {}}
    for label, params in QUERIES.items():
        response = client.get("/organizations/", params)
        assert response.status_code == 200, (label, response.status_code)
        median, p95 = summary(timings(lambda params=params: client.get("/organizations/", params), repeat))
        results["pages"][label] = {
            "median_ms": round(median * 1000, 1),
            "p95_ms": round(p95 * 1000, 1),
            "median_ratio": round(median / bare[0], 1),
            "p95_ratio": round(p95 / bare[1], 1),
        }
    return results


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
        return
    enterprises = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    print(f"Organization list page, {enterprises} enterprises, {repeat} requests each")
    for engine, url in database_urls("kc_bench_orglist").items():
        if engine == "postgresql":
            recreate_postgres_database(url)
        # One process per database: Django's settings are process-wide.
        output = subprocess.run(
            [sys.executable, __file__, "--child", url, str(enterprises), str(repeat)], check=True, capture_output=True, text=True
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        print(f"  {engine}: bare view median {result['bare_ms'][0]} ms, p95 {result['bare_ms'][1]} ms")
        for label, row in result["pages"].items():
            print(
                f"    {label:<18} median {row['median_ms']:7.1f} ms ({row['median_ratio']:6.1f}× bare)   "
                f"p95 {row['p95_ms']:7.1f} ms ({row['p95_ratio']:6.1f}× bare)"
            )


if __name__ == "__main__":
    main()
