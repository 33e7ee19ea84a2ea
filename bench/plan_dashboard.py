"""Plan dashboard latency: 200 indicators × 10 years of observations and 500 tasks, as a ratio to the
organization list's first page (the goal: at most 5×) and to a bare view.

All are served the same way (Django's test client, in process, signed in as a bureau admin), so the
ratios are what the pages themselves cost; the list holds ORGANIZATIONS organizations. SQLite always, PostgreSQL when the local server answers; with
DATABASE_URL set, only that engine (in a throwaway benchmark database).
Usage: python bench/plan_dashboard.py [indicators] [tasks] [requests]
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import database_urls, recreate_postgres_database, setup_django, summary, timings  # noqa: E402

YEARS = range(2016, 2026)
UNITS = 25
ORGANIZATIONS = 2000


def build(indicators: int, tasks: int):
    """The plan through the services; observations in bulk (their set-up is not what is measured)."""
    from kechuang.core.choices import OrganizationKind, Role
    from kechuang.core.models import Organization
    from kechuang.core.services import create_user
    from kechuang.plans import services
    from kechuang.plans.choices import ObservationStatus
    from kechuang.plans.models import Observation
    from kechuang.supervision.services import add_milestone, create_task

    bureau = Organization.objects.create(name="基准科技局", kind=OrganizationKind.GOVERNMENT)
    admin = create_user(username="admin", password="bench-pass-2026", display_name="管理员", organization=bureau,
                        role=Role.BUREAU_ADMIN)
    units = [Organization.objects.create(name=f"责任单位{n:02d}", kind=OrganizationKind.GOVERNMENT) for n in range(UNITS)]
    Organization.objects.bulk_create(
        [Organization(name=f"基准企业{n:05d}", kind=OrganizationKind.ENTERPRISE) for n in range(ORGANIZATIONS)], batch_size=1000
    )
    plan = services.create_plan(actor=admin, title="基准规划", start_year=YEARS[0], end_year=YEARS[-1], horizons=[YEARS[-1]])
    observations = []
    for index in range(indicators):
        growth = 1 + (index % 7) / 50
        indicator = services.create_indicator(
            plan, actor=admin, name=f"指标{index:03d}", unit="亿元", baseline_year=YEARS[0] - 1,
            baseline_value=100.0, responsible_unit=units[index % UNITS],
            targets=[{"year": 2020, "value": 130.0}, {"year": YEARS[-1], "relative": "+8%/yr"}],
        )
        for step, year in enumerate(YEARS, start=1):
            observations.append(
                Observation(indicator=indicator, year=year, value=100.0 * growth**step, status=ObservationStatus.VERIFIED)
            )
        if index % 10 == 0:
            services.override_status(indicator, actor=admin, year=YEARS[-1], status="at_risk", reason="基准")
    Observation.objects.bulk_create(observations, batch_size=1000)
    for index in range(tasks):
        task = create_task(
            plan, actor=admin, title=f"任务{index:03d}", number=str(index + 1),
            lead_units=[units[index % UNITS]], support_units=[units[(index + 3) % UNITS]],
            deadline=datetime.date(2021 + index % 5, 12, 31),
        )
        for quarter in (3, 9):
            add_milestone(task, actor=admin, title=f"节点{quarter}", due_date=datetime.date(2021 + index % 5, quarter, 30))
    return admin, plan


def measure(database_url: str, indicators: int, tasks: int, repeat: int) -> dict:
    setup_django(database_url, urlconf="bench_urls")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from kechuang.plans.selectors import plan_overview
    from kechuang.supervision.sections import plan_supervision_summary

    call_command("migrate", verbosity=0)
    admin, plan = build(indicators, tasks)
    client = Client()
    client.force_login(admin)
    url = f"/plans/{plan.pk}/?as_of={YEARS[-1]}"
    queries = []  # counted by a wrapper: the test client resets connection.queries at each request

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.content.count(b"<tr data-indicator=") == indicators
    bare = summary(timings(lambda: client.get("/__bare__/"), repeat))
    organizations = summary(timings(lambda: client.get("/organizations/"), repeat))
    page = summary(timings(lambda: client.get(url), repeat))
    # Where the time goes: the indicator rows, and the supervision summary the page includes.
    rows = plan_overview(plan, YEARS[-1])
    parts = {
        "plan_overview": summary(timings(lambda: plan_overview(plan, YEARS[-1]), repeat))[0],
        "plan_supervision_summary": summary(timings(
            lambda: plan_supervision_summary(plan, admin, YEARS[-1], indicator_rows=rows), repeat
        ))[0],
    }
    return {
        "parts_ms": {name: round(value * 1000, 1) for name, value in parts.items()},
        "bare_ms": [round(v * 1000, 2) for v in bare],
        "organizations_ms": [round(v * 1000, 1) for v in organizations],
        "page_ms": [round(v * 1000, 1) for v in page],
        "ratio": [round(page[0] / bare[0], 1), round(page[1] / bare[1], 1)],
        "ratio_to_list": [round(page[0] / organizations[0], 1), round(page[1] / organizations[1], 1)],
        "queries": len(queries),
        "bytes": len(response.content),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], *(int(arg) for arg in sys.argv[3:6]))))
        return
    indicators = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    print(f"Plan dashboard, {indicators} indicators × {len(YEARS)} years, {tasks} tasks, {repeat} requests")
    urls = database_urls("kc_bench_plan_dashboard")
    if os.environ.get("DATABASE_URL"):
        # The engine DATABASE_URL names, in a throwaway database: never the one it points at.
        wanted = "postgresql" if os.environ["DATABASE_URL"].startswith("postgres") else "sqlite"
        urls = {engine: url for engine, url in urls.items() if engine == wanted}
    for engine, url in urls.items():
        if engine == "postgresql":
            recreate_postgres_database(url)
        # One process per database: Django's settings are process-wide.
        output = subprocess.run(
            [sys.executable, __file__, "--child", url, str(indicators), str(tasks), str(repeat)],
            check=True, capture_output=True, text=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        print(
            f"  {engine}: page median {result['page_ms'][0]} ms (p95 {result['page_ms'][1]} ms); "
            f"organization list median {result['organizations_ms'][0]} ms → {result['ratio_to_list'][0]}× the list "
            f"(p95 {result['ratio_to_list'][1]}×, goal ≤ 5×); bare view median {result['bare_ms'][0]} ms → "
            f"{result['ratio'][0]}× bare; {result['queries']} queries, {result['bytes'] // 1024} KB"
        )
        print("    of which " + ", ".join(f"{name} {ms} ms" for name, ms in result["parts_ms"].items()))


if __name__ == "__main__":
    main()
