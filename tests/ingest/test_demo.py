from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kechuang.core.choices import Role
from kechuang.core.models import Membership, Notification
from kechuang.ingest.models import PlanDocument
from kechuang.ingest.review import guess_plan
from kechuang.plans import selectors
from kechuang.plans.choices import ObservationStatus
from kechuang.plans.dashboard import page_year
from kechuang.plans.models import Indicator, Observation, Plan
from kechuang.supervision.models import Milestone, ProgressReport, SupervisionNotice


@pytest.mark.django_db
def test_it_starts_with_the_seed_plans_as_live_dashboards(django_capture_on_commit_callbacks):
    # One run for all the checks: the demo takes seconds to load.
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--no-serve", "--enterprises", "20", stdout=out)
    demo = out.getvalue()
    check_the_five_seed_plans_came_through_the_pipeline(demo)
    check_three_years_of_verified_figures_and_a_mixed_story()
    check_each_responsible_unit_has_a_login_with_work_to_do(demo)
    check_the_tasks_have_late_and_missing_items()
    check_only_open_matters_are_unread()


def check_the_five_seed_plans_came_through_the_pipeline(demo: str) -> None:
    assert Plan.objects.count() == 5
    assert PlanDocument.objects.filter(status=PlanDocument.Status.COMMITTED, plan__isnull=False).count() == 5
    for plan in Plan.objects.all():
        assert plan.indicators.exists(), plan.title
        assert plan.source_text and plan.source_name.endswith(".txt")
    assert Plan.objects.filter(tasks__isnull=False).distinct().count() >= 2
    # Titles and periods are the extractor's proposals, the same a reviewer would be shown.
    for document in PlanDocument.objects.select_related("plan"):
        proposed = guess_plan(document.text, document.extraction, document.file_name)
        plan = document.plan
        assert (plan.title, plan.start_year, plan.end_year) == (
            proposed["title"], proposed["start_year"], proposed["end_year"]
        )
        assert plan.title in demo
    assert "用时" in demo


def check_three_years_of_verified_figures_and_a_mixed_story() -> None:
    for plan in Plan.objects.all():
        # Indicators bound to a registry metric (the enterprises demo) are computed for every year.
        years = set(Observation.objects.filter(indicator__plan=plan, status=ObservationStatus.VERIFIED)
                    .exclude(indicator__data_source="computed").values_list("year", flat=True))
        assert len(years) == 3, plan.title
        as_of = page_year(plan, None)
        assert max(years) == min(as_of, timezone.localdate().year - 1)
        counts = selectors.status_counts(selectors.plan_overview(plan, as_of))
        assert counts["achieved"] + counts["on_track"] > 0, plan.title
    statuses = {
        row.status for plan in Plan.objects.all() for year in (page_year(plan, None) - 1, page_year(plan, None))
        for row in selectors.plan_overview(plan, year)
    }
    assert {"at_risk", "off_track"} <= statuses
    pending = set(Observation.objects.values_list("status", flat=True))
    assert {ObservationStatus.SUBMITTED, ObservationStatus.DRAFT} <= pending


def check_each_responsible_unit_has_a_login_with_work_to_do(demo: str) -> None:
    units = set(Indicator.objects.values_list("responsible_unit_id", flat=True))
    assert None not in units
    staffed = set(Membership.objects.filter(role=Role.UNIT_STAFF).values_list("organization_id", flat=True))
    assert units <= staffed
    unit_login = Membership.objects.get(user__username="unit", role=Role.UNIT_STAFF).organization
    assert Observation.objects.filter(
        indicator__responsible_unit=unit_login, status__in=[ObservationStatus.DRAFT, ObservationStatus.SUBMITTED]
    ).exists()
    assert "unit3" in demo


def check_the_tasks_have_late_and_missing_items() -> None:
    today = timezone.localdate()
    assert Milestone.objects.filter(completed_on__isnull=True, due_date__lt=today).exists()  # overdue
    assert Milestone.objects.filter(completed_on__isnull=False).exists()
    reports = list(ProgressReport.objects.all())
    assert any(r.is_late for r in reports)
    tasks = Plan.objects.get(title__startswith="大连沙河口区").tasks.count()
    quarters = (today.month - 1) // 3 + 1
    assert len({(r.task_id, r.period) for r in reports if r.task.plan.title.startswith("大连沙河口区")}) < tasks * quarters
    assert SupervisionNotice.objects.exists()


def check_only_open_matters_are_unread() -> None:
    unread = Notification.objects.filter(read_at__isnull=True)
    pending = Observation.objects.filter(status=ObservationStatus.SUBMITTED).count()
    admin_unread = unread.filter(recipient__username="admin")
    assert admin_unread.count() == pending > 0
    assert all(title.startswith("待审核") for title in admin_unread.values_list("title", flat=True))
    assert Notification.objects.filter(read_at__isnull=False).count() > pending
