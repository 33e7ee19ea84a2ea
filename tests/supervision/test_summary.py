from __future__ import annotations

from django.template.loader import render_to_string

from kechuang.supervision.selectors import plan_supervision_summary

from .conftest import TODAY


def test_it_summarises_a_plan_for_the_dashboard(world, personas):
    summary = plan_supervision_summary(world.plan, TODAY)
    assert summary["counts"]["tasks"] == 3
    assert summary["counts"]["milestones_overdue"] == 1  # 出台培育办法 was due 2025-03-31
    assert summary["counts"]["overdue_tasks"] == 1
    overdue = [item for item in summary["timeline"] if item["overdue"]]
    assert [item["title"] for item in overdue] == ["出台培育办法"]
    html = render_to_string("supervision/partials/plan_summary.html", {"summary": summary})
    assert "出台培育办法" in html and 'data-testid="overdue-mark"' in html


def test_it_ranks_units_in_the_summary_from_their_records(world, personas):
    ranking = plan_supervision_summary(world.plan, TODAY)["ranking"]
    # unit_a (lead) missed its Q1 report and its March milestone: 0; unit_b supports that milestone
    # and owes a Q1 report on 一.2, also missed: 0. Both tie at rank 1.
    assert sorted(ranking["units"]) == sorted([personas.unit_a.name, personas.unit_b.name])
    assert ranking["scores"] == [0.0, 0.0]
    assert ranking["ranks"] == [1, 1]
