from __future__ import annotations

import datetime
import re
from collections import Counter

from django.template.loader import render_to_string
from django.urls import reverse

from kechuang.supervision import services
from kechuang.supervision.sections import OVERDUE_ITEMS, plan_supervision_summary
from kechuang.supervision.selectors import load_plan_records

from .conftest import OVERDUE_TITLES, TODAY

D = datetime.date


def test_it_summarises_a_plan_for_the_dashboard(world, personas):
    summary = plan_supervision_summary(world.plan, personas.admin, TODAY)
    assert summary["counts"]["tasks"] == 3
    assert summary["counts"]["milestones_overdue"] == 1  # 出台培育办法 was due 2025-03-31
    assert summary["counts"]["overdue_tasks"] == 1
    overdue = [item for item in summary["timeline"] if item["overdue"]]
    assert [item["title"] for item in overdue] == ["出台培育办法"]
    html = render_to_string("supervision/partials/plan_summary.html", {"summary": summary})
    assert "出台培育办法" in html and 'data-testid="overdue-mark"' in html


def test_it_ranks_units_in_the_summary_from_their_records(world, personas):
    ranking = plan_supervision_summary(world.plan, personas.admin, TODAY)["ranking"]
    # unit_a (lead) missed its Q1 report and its March milestone: 0; unit_b supports that milestone
    # and owes a Q1 report on 一.2, also missed: 0. Both tie at rank 1.
    assert sorted(ranking["units"]) == sorted([personas.unit_a.name, personas.unit_b.name])
    assert ranking["scores"] == [0.0, 0.0]
    assert ranking["ranks"] == [1, 1]


def test_it_lists_only_the_longest_overdue_items_with_how_many_there_are(crowded_plan, personas):
    summary = plan_supervision_summary(crowded_plan, personas.admin, TODAY)
    assert summary["overdue_total"] == 25 and summary["counts"]["overdue_tasks"] == 25
    shown = [item["title"] for item in summary["timeline_focus"] if item["overdue"]]
    assert shown == OVERDUE_TITLES[:OVERDUE_ITEMS]
    html = render_to_string("supervision/partials/plan_summary.html", {"summary": summary})
    assert html.count('data-testid="overdue-mark"') == OVERDUE_ITEMS
    assert f"共 25 项逾期，以下列出逾期最久的 {OVERDUE_ITEMS} 项。" in html
    assert "查看全部 25 项逾期任务" in html and OVERDUE_TITLES[-1] not in html


def test_it_states_the_total_without_a_cut_when_every_overdue_item_is_listed(world, personas):
    html = render_to_string("supervision/partials/plan_summary.html", {"summary": plan_supervision_summary(world.plan, personas.admin, TODAY)})
    assert "共 1 项逾期。" in html and "逾期最久" not in html


def test_it_links_the_overdue_list_to_the_task_list_of_exactly_the_overdue_tasks(crowded_plan, personas, client_for):
    client = client_for(personas.staff_a)
    dashboard = client.get(reverse("plans:plan_dashboard", args=[crowded_plan.pk]), {"as_of": 2025})
    link = reverse("supervision:task_list", args=[crowded_plan.pk]) + "?overdue=1"
    assert f'href="{link}"' in dashboard.content.decode()
    rows = client.get(link).context["rows"]
    assert [row.task.title for row in rows] == OVERDUE_TITLES
    assert all(row.overdue for row in rows)


def test_it_counts_and_cuts_by_year_the_same_reports_it_lists(world, personas):
    services.submit_report(world.task_a, actor=personas.staff_a, period="2025-Q1", text="按计划推进", today=D(2025, 4, 20))
    services.submit_report(world.task_a, actor=personas.staff_b, period="2025-Q1", text="配合推进", today=D(2025, 4, 5))
    services.submit_report(world.task_b, actor=personas.staff_b, period="2025-Q2", text="资金到位", today=D(2025, 7, 8))
    services.submit_report(world.task_b, actor=personas.staff_b, period="2026-Q1", text="资金拨付", today=D(2026, 4, 2))
    records = load_plan_records(world.plan, personas.admin, today=D(2026, 8, 1))
    total = Counter()
    for task in records.tasks:
        listed = records.report_records(task)
        assert records.report_counts(task) == Counter(r.verdict for r in listed)
        total += records.report_counts(task)
        for year in (2025, 2026):
            assert records.report_records(task, year=year) == [r for r in listed if r.period.end.year == year]
    # The supporting unit's report is not owed but counts as sent on time.
    assert total == Counter(on_time=3, late=1, missing=15)  # 6 periods owed by each of three tasks


def test_it_draws_the_ranking_from_the_static_script_with_echarts_loaded_once(world, personas, client_for):
    html = client_for(personas.admin).get(reverse("plans:plan_dashboard", args=[world.plan.pk]), {"as_of": 2025}).content.decode()
    assert html.count("echarts.min.js") == 1 and "supervision/charts.js" in html
    assert 'data-ranking-chart="supervision-ranking-data"' in html and 'id="supervision-ranking-data"' in html
    # No inline chart code: every <script> has a src or carries json_script data.
    assert all("src=" in tag or "application/json" in tag for tag in re.findall(r"<script[^>]*>", html))
