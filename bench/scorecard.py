"""Scorecard (考核) of a plan with U units and T tasks: computation time, page time as a ratio to the
organization list's first page (the goal: at most 5×) and to a bare Django view, and the page's
query count (which must not grow with the plan).

Each task has two milestones and quarterly reports; each unit is responsible for two indicators
with three years of verified figures. Data is written through the services.
Usage: python bench/scorecard.py [units] [tasks] [requests]
"""

from __future__ import annotations

import datetime
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import database_urls, recreate_postgres_database, setup_django, summary, timings  # noqa: E402

YEAR = 2025


def build(units: int, tasks: int):
    from kechuang.core.choices import OrganizationKind, Role
    from kechuang.core.models import Organization
    from kechuang.core.services import create_organization, create_user
    from kechuang.plans import services as plan_services
    from kechuang.supervision import services

    rng = random.Random(3)
    bureau = create_organization(actor=None, name="示范区科技局", kind=OrganizationKind.GOVERNMENT)
    admin = create_user(username="admin", password="bench-pass", organization=bureau, role=Role.BUREAU_ADMIN)
    orgs = [create_organization(actor=None, name=f"责任单位{i:02d}", kind=OrganizationKind.GOVERNMENT) for i in range(units)]
    # The organization list the page is compared with: a full first page, as on any real district.
    Organization.objects.bulk_create(
        [Organization(name=f"基准企业{n:05d}", kind=OrganizationKind.ENTERPRISE) for n in range(2000)], batch_size=1000
    )
    plan = plan_services.create_plan(actor=None, title="示范区科技创新行动方案", start_year=YEAR, end_year=YEAR + 2)
    services.save_supervision_settings(plan, actor=None, report_frequency="quarterly")
    parents = []
    for index in range(tasks):
        lead, *support = rng.sample(orgs, 3)
        parent = parents[-1] if parents and index % 10 else None
        task = services.create_task(
            plan, actor=None, title=f"任务{index}", number=str(index), parent=parent, lead_units=[lead],
            support_units=support[: rng.randint(0, 2)], deadline=datetime.date(YEAR, 12, 31),
        )
        if parent is None:
            parents.append(task)
        for month in (3, 9):
            milestone = services.add_milestone(task, actor=None, title=f"节点{month}", due_date=datetime.date(YEAR, month, 28))
            if rng.random() < 0.7:
                late = rng.random() < 0.3
                done = datetime.date(YEAR, month, 28) + datetime.timedelta(days=10 if late else -5)
                services.complete_milestone(milestone, actor=None, completed_on=done)
        for quarter, due in ((1, datetime.date(YEAR, 4, 10)), (2, datetime.date(YEAR, 7, 10)), (3, datetime.date(YEAR, 10, 10))):
            if rng.random() < 0.8:
                day = due + datetime.timedelta(days=rng.choice([-5, -1, 0, 3, 20]))
                services.submit_report(task, actor=None, organization=lead, period=f"{YEAR}-Q{quarter}",
                                       text="按计划推进", percent=quarter * 25, today=day)
    for index, org in enumerate(orgs * 2):
        indicator = plan_services.create_indicator(
            plan, actor=None, name=f"指标{index}", baseline_year=YEAR - 1, baseline_value=100, responsible_unit=org,
            targets=[{"year": YEAR + 2, "value": 200}],
        )
        for year in (YEAR - 1, YEAR):
            observation = plan_services.save_observation(
                indicator, actor=None, year=year, value=100 + rng.randint(0, 80), submit=True
            )
            plan_services.verify_observation(observation, actor=None)
    return plan, admin


def measure(database_url: str, units: int, tasks: int, repeat: int) -> dict:
    setup_django(database_url, urlconf="bench_urls")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from kechuang.supervision.scorecards import plan_scorecard

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    plan, admin = build(units, tasks)
    build_seconds = time.perf_counter() - started
    client = Client()
    client.force_login(admin)
    url = f"/supervision/plans/{plan.pk}/scorecard/?year={YEAR}"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    card = plan_scorecard(plan, YEAR)
    # Django resets its query log at each request start, so count with an execute wrapper instead.
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        client.get(url)
    compute = timings(lambda: plan_scorecard(plan, YEAR), max(3, repeat // 3))
    bare = summary(timings(lambda: client.get("/__bare__/"), repeat))
    organizations = summary(timings(lambda: client.get("/organizations/"), repeat))
    page = summary(timings(lambda: client.get(url), repeat))
    return {
        "build_s": round(build_seconds, 1),
        "rows": len(card.rows),
        "records": sum(len(row.items) for row in card.rows),
        "queries": len(queries),
        "compute_ms": round(statistics.median(compute) * 1000, 1),
        "bare_ms": round(bare[0] * 1000, 2),
        "page_ms": round(page[0] * 1000, 1),
        "page_p95_ms": round(page[1] * 1000, 1),
        "ratio": round(page[0] / bare[0], 1),
        "organizations_ms": round(organizations[0] * 1000, 1),
        "ratio_to_list": round(page[0] / organizations[0], 1),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))))
        return
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    print(f"Scorecard page, {units} units, {tasks} tasks, {repeat} requests")
    for engine, url in database_urls("kc_bench_scorecard").items():
        if engine == "postgresql":
            recreate_postgres_database(url)
        # One process per database: Django's settings are process-wide.
        output = subprocess.run(
            [sys.executable, __file__, "--child", url, str(units), str(tasks), str(repeat)],
            check=True, capture_output=True, text=True,
        ).stdout
        r = json.loads(output.strip().splitlines()[-1])
        print(
            f"  {engine}: {r['rows']} units, {r['records']} records (data built in {r['build_s']} s); "
            f"scorecard computed in {r['compute_ms']} ms; page median {r['page_ms']} ms, p95 {r['page_p95_ms']} ms, "
            f"{r['ratio_to_list']}× the organization list ({r['organizations_ms']} ms; goal ≤ 5×), "
            f"{r['ratio']}× bare view ({r['bare_ms']} ms); {r['queries']} queries"
        )


if __name__ == "__main__":
    main()
