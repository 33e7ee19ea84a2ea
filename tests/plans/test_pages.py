"""The plans pages: plan list and form, dashboard, indicator page, observation workflow, evidence."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kechuang.core.models import Notification
from kechuang.core.pagination import PAGE_SIZE
from kechuang.plans import services
from kechuang.plans.choices import ObservationStatus, PlanStatus
from kechuang.plans.models import Observation, Plan, StatusOverride

from .conftest import verified

pytestmark = pytest.mark.django_db


def _json_script(html: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no json_script #{element_id}"
    return json.loads(match[1])


def _row(html: str, indicator_id: int) -> str:
    match = re.search(rf'<tr data-indicator="{indicator_id}">(.*?)</tr>', html, re.S)
    assert match, f"no dashboard row for indicator {indicator_id}"
    return match[1]


def _status_cell(html: str, indicator_id: int) -> str:
    cell = re.search(r'data-role="status">(.*?)</td>', _row(html, indicator_id), re.S)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def _dashboard(client, plan, as_of=2023):
    return client.get(reverse("plans:plan_dashboard", args=[plan.pk]), {"as_of": as_of})


def _draft_plan(personas):
    return services.create_plan(actor=personas.admin, title="起草中的规划", start_year=2026, end_year=2030, status=PlanStatus.DRAFT)


# --- plan list and form ------------------------------------------------------------------------


def test_it_lists_visible_plans_and_hides_drafts_from_everyone_but_the_bureau(plan, personas, client_for):
    draft = _draft_plan(personas)
    admin_titles = [p.title for p in client_for(personas.admin).get(reverse("plans:plan_list")).context["page"]]
    assert set(admin_titles) == {plan.title, draft.title}
    response = client_for(personas.alice).get(reverse("plans:plan_list"))
    assert [p.title for p in response.context["page"]] == [plan.title]
    assert "起草中的规划" not in response.content.decode()


def _numbered_plans(personas, numbers: range) -> list[Plan]:
    """Active plans titled 行动方案 000, 001 … issued by the bureau, each with one indicator."""
    plans = []
    for number in numbers:
        plan = services.create_plan(
            actor=personas.admin, title=f"行动方案 {number:03d}", issuer=personas.bureau, start_year=2021,
            end_year=2025, horizons=[2025], status=PlanStatus.ACTIVE,
        )
        services.create_indicator(
            plan, actor=personas.admin, name="研发经费投入", baseline_year=2020, baseline_value=1,
            targets=[{"year": 2025, "value": 2}],
        )
        plans.append(plan)
    return plans


def test_it_pages_the_plan_list(personas, client_for):
    _numbered_plans(personas, range(PAGE_SIZE + 3))
    client = client_for(personas.alice)
    first = client.get(reverse("plans:plan_list"))
    assert [p.title for p in first.context["page"]] == [f"行动方案 {n:03d}" for n in range(PAGE_SIZE)]
    html = first.content.decode()
    assert "第 1 / 2 页" in html and 'href="?page=2">下一页<' in html and "上一页" not in html
    second = client.get(reverse("plans:plan_list"), {"page": 2, "from": "home"})  # other parameters carry on
    assert [p.title for p in second.context["page"]] == [f"行动方案 {n:03d}" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
    assert [p.indicator_count for p in second.context["page"]] == [1, 1, 1]
    html = second.content.decode()
    assert "第 2 / 2 页" in html and 'href="?from=home&amp;page=1">上一页<' in html and "下一页" not in html


def test_it_lists_plans_in_the_same_number_of_queries_for_3_and_60_plans(personas, client_for):
    client = client_for(personas.staff_a)
    _numbered_plans(personas, range(3))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("plans:plan_list")).status_code == 200
    _numbered_plans(personas, range(3, 60))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("plans:plan_list"), {"page": 2})
    assert len(response.context["page"]) == PAGE_SIZE
    assert len(many) == len(few)


def test_it_lets_the_bureau_create_a_plan_with_its_horizons(personas, client_for):
    response = client_for(personas.admin).post(
        reverse("plans:plan_create"),
        {"title": "新区创新行动方案", "start_year": 2024, "end_year": 2035, "horizons": "2030、2035", "status": "active"},
    )
    plan = Plan.objects.get(title="新区创新行动方案")
    assert response.status_code == 302 and response.url == reverse("plans:plan_dashboard", args=[plan.pk])
    assert plan.horizons == [2030, 2035]
    assert plan.history.first().history_user == personas.admin


def test_it_names_the_field_of_an_invalid_plan(personas, client_for):
    response = client_for(personas.admin).post(
        reverse("plans:plan_create"), {"title": "倒序规划", "start_year": 2030, "end_year": 2025, "horizons": "20x5"}
    )
    assert response.status_code == 200
    assert "目标年份“20x5”不是四位年份" in response.content.decode()
    assert not Plan.objects.filter(title="倒序规划").exists()


def test_it_refuses_plan_creation_and_editing_to_non_bureau_users(plan, personas, client_for):
    client = client_for(personas.staff_a)
    assert client.get(reverse("plans:plan_create")).status_code == 403
    response = client.post(reverse("plans:plan_edit", args=[plan.pk]), {"title": "被篡改", "start_year": 2021, "end_year": 2025})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.title != "被篡改"
    draft = _draft_plan(personas)
    assert client.get(reverse("plans:plan_edit", args=[draft.pk])).status_code == 404


def test_it_edits_a_plan_through_the_service(plan, personas, client_for):
    response = client_for(personas.admin).post(
        reverse("plans:plan_edit", args=[plan.pk]),
        {"title": "改名后的规划", "start_year": 2021, "end_year": 2025, "horizons": "", "status": "closed"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.status, plan.horizons) == ("改名后的规划", "closed", [2025])
    assert plan.history.first().history_change_reason == "修改规划"


def test_it_offers_the_plan_monitoring_menu_to_every_signed_in_user(personas, client_for):
    html = client_for(personas.alice).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("plans:plan_list")}">规划监测<' in html


# --- dashboard ---------------------------------------------------------------------------------


def test_it_shows_the_computed_status_of_each_indicator_on_the_dashboard(plan, indicator_a, indicator_b, personas, client_for):
    for year, value in ((2021, 120), (2022, 140), (2023, 160)):  # on the path 100 → 200
        verified(indicator_a, year, value, admin=personas.admin)
    verified(indicator_b, 2023, 52, admin=personas.admin)  # 50 → 100 expected 80 in 2023: far behind
    response = _dashboard(client_for(personas.alice), plan)
    html = response.content.decode()
    assert _status_cell(html, indicator_a.pk) == "进展正常"
    assert _status_cell(html, indicator_b.pk) == "明显滞后"
    counts = {status: count for status, _label, count in response.context["counts"]}
    assert (counts["on_track"], counts["off_track"], counts["achieved"]) == (1, 1, 0)
    assert "60.0%" in _row(html, indicator_a.pk)  # completion (160 − 100) / (200 − 100)


def test_it_shows_an_override_beside_the_computed_status(plan, indicator_a, personas, client_for):
    verified(indicator_a, 2023, 160, admin=personas.admin)
    services.override_status(indicator_a, actor=personas.admin, year=2023, status="at_risk", reason="统计口径调整")
    html = _dashboard(client_for(personas.staff_b), plan).content.decode()
    assert _status_cell(html, indicator_a.pk) == "存在风险 计算：进展正常"


def test_it_clamps_the_dashboard_year_to_the_plan_period(plan, personas, client_for):
    client = client_for(personas.admin)
    assert _dashboard(client, plan, as_of=1999).context["as_of"] == 2021
    assert _dashboard(client, plan, as_of=2100).context["as_of"] == 2025
    assert _dashboard(client, plan, as_of="abc").context["as_of"] in range(2021, 2026)


def test_it_hides_a_draft_plans_dashboard_from_non_bureau_users(personas, client_for):
    draft = _draft_plan(personas)
    assert client_for(personas.staff_a).get(reverse("plans:plan_dashboard", args=[draft.pk])).status_code == 404
    assert client_for(personas.admin).get(reverse("plans:plan_dashboard", args=[draft.pk])).context["plan"] == draft


def test_it_sends_anonymous_visitors_to_the_login_page(plan, client):
    response = client.get(reverse("plans:plan_dashboard", args=[plan.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_feeds_the_sparklines_only_verified_values(plan, indicator_a, personas, client_for):
    verified(indicator_a, 2021, 120, admin=personas.admin)
    services.save_observation(indicator_a, actor=personas.staff_a, year=2022, value=777)  # a draft
    html = _dashboard(client_for(personas.admin), plan).content.decode()
    assert _json_script(html, "plan-sparklines") == {str(indicator_a.pk): [[2021, 120.0]]}


def _plan_with_indicators(personas, count: int) -> Plan:
    plan = services.create_plan(actor=personas.admin, title=f"{count} 项指标的规划", start_year=2021, end_year=2025)
    for index in range(count):
        unit = personas.unit_a if index % 2 else personas.unit_b
        indicator = services.create_indicator(
            plan, actor=personas.admin, name=f"指标{index}", baseline_year=2020, baseline_value=10,
            responsible_unit=unit, targets=[{"year": 2025, "value": 20}, {"year": 2023, "relative": "x1.5"}],
        )
        for year in (2021, 2022):
            verified(indicator, year, 10 + index % 5 + year - 2020, admin=personas.admin)
        if index % 3 == 0:
            services.override_status(indicator, actor=personas.admin, year=2023, status="at_risk", reason="抽查")
    return plan


def test_it_renders_the_dashboard_in_the_same_number_of_queries_for_3_and_30_indicators(
    personas, client_for, django_assert_max_num_queries
):
    client = client_for(personas.admin)
    small, large = _plan_with_indicators(personas, 3), _plan_with_indicators(personas, 30)
    _dashboard(client, small)  # session and caches warm
    counts = []
    for plan in (small, large):
        with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as queries:
            response = _dashboard(client, plan)
        assert len(response.context["rows"]) == plan.indicators.count()
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- indicator page ----------------------------------------------------------------------------


def test_it_embeds_the_observed_values_in_the_indicator_chart(indicator_a, personas, client_for):
    for year, value in ((2021, 120), (2022, 140), (2023, 165)):
        verified(indicator_a, year, value, admin=personas.admin)
    url = reverse("plans:indicator_detail", args=[indicator_a.pk])
    chart = _json_script(client_for(personas.bob).get(url, {"as_of": 2023}).content.decode(), "indicator-chart-data")
    assert chart["actual"] == [[2021, 120.0], [2022, 140.0], [2023, 165.0]]
    assert chart["expected"][0] == [2020, 100.0] and chart["expected"][-1] == [2025, 200.0]
    assert chart["forecast"]["year"] == 2025


def test_it_shows_the_inputs_the_status_was_computed_from(indicator_a, personas, client_for):
    verified(indicator_a, 2022, 130, admin=personas.admin)
    response = client_for(personas.alice).get(reverse("plans:indicator_detail", args=[indicator_a.pk]), {"as_of": 2022})
    inputs = dict(response.context["inputs"])
    assert inputs["折算目标值"] == "200亿元"
    assert inputs["据以判断的数值"] == "2022：130亿元"
    assert inputs["2022 年的预期值"] == "140亿元"
    assert inputs["落后预期路径"].startswith("10.0%")
    assert "计算依据" in response.content.decode()


def test_it_hides_another_units_drafts_from_staff_and_enterprises(indicator_a, personas, client_for, client):
    verified(indicator_a, 2021, 120, admin=personas.admin)
    draft = services.save_observation(indicator_a, actor=personas.staff_a, year=2022, value=777.5)
    url = reverse("plans:indicator_detail", args=[indicator_a.pk])
    for persona in (personas.staff_b, personas.alice):
        client.force_login(persona)
        response = client.get(url)
        assert [o.year for o in response.context["observations"]] == [2021]
        assert "777.5" not in response.content.decode()
        assert client.get(reverse("plans:observation_history", args=[draft.pk])).status_code == 404
    own = client_for(personas.staff_a).get(url)
    assert [o.year for o in own.context["observations"]] == [2022, 2021]
    assert "777.5" in own.content.decode()


def test_it_offers_actions_by_role(indicator_a, personas, client):
    draft = services.save_observation(indicator_a, actor=personas.staff_a, year=2022, value=130, submit=True)
    url = reverse("plans:indicator_detail", args=[indicator_a.pk])
    verify_url = reverse("plans:observation_verify", args=[draft.pk])
    form_url = reverse("plans:observation_form", args=[indicator_a.pk])
    client.force_login(personas.admin)
    html = client.get(url).content.decode()
    assert verify_url in html and 'id="override-form"' in html
    client.force_login(personas.staff_a)
    html = client.get(url).content.decode()
    assert form_url in html and verify_url not in html and 'id="override-form"' not in html
    client.force_login(personas.staff_b)
    html = client.get(url).content.decode()
    assert form_url not in html and verify_url not in html


# --- observation workflow ----------------------------------------------------------------------


def test_it_renders_the_observation_form_as_a_fragment_for_htmx(indicator_a, personas, client_for):
    client = client_for(personas.staff_a)
    url = reverse("plans:observation_form", args=[indicator_a.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'name="value"' in fragment
    assert "<html" in client.get(url).content.decode()


def test_it_lets_unit_staff_submit_an_observation_with_evidence_over_htmx(
    indicator_a, personas, client_for, django_capture_on_commit_callbacks
):
    evidence = SimpleUploadedFile("统计公报.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.staff_a).post(
            reverse("plans:observation_form", args=[indicator_a.pk]),
            {"year": 2023, "period": "", "value": "161.5", "note": "统计快报", "evidence": evidence, "submit": "1"},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("plans:indicator_detail", args=[indicator_a.pk]) + "?as_of=2023"
    observation = Observation.objects.get(indicator=indicator_a, year=2023)
    assert (observation.value, observation.status, observation.submitted_by) == (161.5, "submitted", personas.staff_a)
    assert (observation.evidence_name, bytes(observation.evidence)) == ("统计公报.pdf", b"%PDF-1.4 evidence")
    assert Notification.objects.filter(recipient=personas.admin, title__contains="待审核").exists()


def test_it_saves_a_draft_without_submitting(indicator_a, personas, client_for):
    response = client_for(personas.staff_a).post(
        reverse("plans:observation_form", args=[indicator_a.pk]), {"year": 2022, "value": "140", "save": "1"}
    )
    assert response.status_code == 302
    assert Observation.objects.get(indicator=indicator_a, year=2022).status == ObservationStatus.DRAFT


def test_it_refuses_another_units_staff_the_observation_form(indicator_a, personas, client_for):
    client = client_for(personas.staff_b)
    url = reverse("plans:observation_form", args=[indicator_a.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"year": 2023, "value": "999", "submit": "1"}).status_code == 403
    assert client_for(personas.alice).get(url).status_code == 403
    assert not Observation.objects.filter(indicator=indicator_a).exists()


def test_it_refuses_manual_entry_for_a_computed_indicator(indicator_a, personas, client_for):
    services.update_indicator(indicator_a, actor=personas.admin, data_source="computed", metric=_any_metric())
    client = client_for(personas.staff_a)
    assert client.get(reverse("plans:observation_form", args=[indicator_a.pk])).status_code == 403
    html = client.get(reverse("plans:indicator_detail", args=[indicator_a.pk])).content.decode()
    assert "由平台数据自动计算" in html and reverse("plans:observation_form", args=[indicator_a.pk]) not in html


def _any_metric() -> str:
    from kechuang.plans.metrics import all_metrics

    return all_metrics()[0].key


def test_it_rejects_an_oversized_or_unsupported_evidence_file(indicator_a, personas, client_for, settings):
    settings.KECHUANG_EVIDENCE_MAX_BYTES = 10
    client = client_for(personas.staff_a)
    url = reverse("plans:observation_form", args=[indicator_a.pk])
    big = SimpleUploadedFile("scan.pdf", b"x" * 11)
    html = client.post(url, {"year": 2023, "value": "1", "evidence": big}, HTTP_HX_REQUEST="true").content.decode()
    assert "超过上限" in html and "scan.pdf" in html
    script = SimpleUploadedFile("page.html", b"<script>")
    html = client.post(url, {"year": 2023, "value": "1", "evidence": script}, HTTP_HX_REQUEST="true").content.decode()
    assert "page.html" in html and "格式不支持" in html
    assert not Observation.objects.filter(indicator=indicator_a).exists()


def test_it_keeps_a_verified_figure_from_unit_staff_with_a_clear_error(indicator_a, personas, client_for):
    verified(indicator_a, 2022, 140, admin=personas.admin)
    response = client_for(personas.staff_a).post(
        reverse("plans:observation_form", args=[indicator_a.pk]), {"year": 2022, "value": "150", "submit": "1"}
    )
    assert "该监测值已审核" in response.content.decode()
    assert Observation.objects.get(indicator=indicator_a, year=2022).value == 140


def test_it_lets_the_bureau_verify_a_submitted_figure(indicator_a, personas, client):
    observation = services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=160, submit=True)
    url = reverse("plans:observation_verify", args=[observation.pk])
    client.force_login(personas.staff_a)
    assert client.post(url).status_code == 403
    client.force_login(personas.alice)
    assert client.post(url).status_code == 404  # a pending figure of another unit does not exist for her
    client.force_login(personas.admin)
    assert client.get(url).status_code == 405
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].endswith(f"/plans/indicators/{indicator_a.pk}/?as_of=2023")
    observation.refresh_from_db()
    assert (observation.status, observation.verified_by) == ("verified", personas.admin)


def test_it_reports_a_refused_transition_on_the_page(indicator_a, personas, client_for):
    draft = services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=160)
    client = client_for(personas.admin)
    response = client.post(reverse("plans:observation_verify", args=[draft.pk]), follow=True)
    assert "不能改为“已审核”" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ObservationStatus.DRAFT


def test_it_returns_a_figure_only_with_a_reason(indicator_a, personas, client_for):
    observation = services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=160, submit=True)
    url = reverse("plans:observation_return", args=[observation.pk])
    client = client_for(personas.admin)
    assert "<html" not in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    html = client.post(url, {"reason": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "这个字段是必填项" in html
    response = client.post(url, {"reason": "缺少统计局盖章材料"}, HTTP_HX_REQUEST="true")
    assert "HX-Redirect" in response
    observation.refresh_from_db()
    assert (observation.status, observation.return_reason) == ("returned", "缺少统计局盖章材料")
    assert client_for(personas.staff_a).get(url).status_code == 403


def test_it_lets_unit_staff_resubmit_a_returned_figure(indicator_a, personas, client_for):
    observation = services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=160, submit=True)
    services.return_observation(observation, actor=personas.admin, reason="数值有误")
    assert client_for(personas.staff_b).post(reverse("plans:observation_submit", args=[observation.pk])).status_code == 404
    client_for(personas.staff_a).post(reverse("plans:observation_submit", args=[observation.pk]))
    observation.refresh_from_db()
    assert (observation.status, observation.return_reason) == ("submitted", "")


def test_it_shows_an_observations_history(indicator_a, personas, client_for):
    observation = verified(indicator_a, 2023, 160, admin=personas.admin)
    html = client_for(personas.alice).get(
        reverse("plans:observation_history", args=[observation.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "审核通过" in html and "报送监测值" in html and "<html" not in html


def test_it_records_a_status_override_for_the_bureau_only(indicator_a, personas, client_for):
    url = reverse("plans:status_override", args=[indicator_a.pk])
    assert client_for(personas.staff_a).post(url, {"as_of": 2023, "status": "achieved", "reason": "x"}).status_code == 403
    client = client_for(personas.admin)
    html = client.post(url, {"as_of": 2023, "status": "achieved", "reason": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "这个字段是必填项" in html and not StatusOverride.objects.exists()
    response = client.post(url, {"as_of": 2023, "status": "achieved", "reason": "已提前完成"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    override = StatusOverride.objects.get(indicator=indicator_a)
    assert (override.year, override.status, override.reason, override.created_by) == (2023, "achieved", "已提前完成", personas.admin)
    client.post(url, {"as_of": 2023, "clear": "1"})
    assert not StatusOverride.objects.exists()


# --- evidence ----------------------------------------------------------------------------------


def test_it_serves_evidence_only_to_those_who_may_see_the_figure(indicator_a, personas, client):
    evidence = b"%PDF-1.4 report"
    observation = services.save_observation(
        indicator_a, actor=personas.staff_a, year=2023, value=160, evidence_name="年报.pdf", evidence=evidence
    )
    url = reverse("plans:observation_evidence", args=[observation.pk])
    for persona in (personas.staff_b, personas.alice):
        client.force_login(persona)
        assert client.get(url).status_code == 404
    client.force_login(personas.staff_a)
    response = client.get(url)
    assert response.content == evidence
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf"
    services.submit_observation(observation, actor=personas.staff_a)
    services.verify_observation(observation, actor=personas.admin)
    client.force_login(personas.alice)
    assert client.get(url).content == evidence


def test_it_answers_404_for_a_figure_without_evidence(indicator_a, personas, client_for):
    observation = verified(indicator_a, 2023, 160, admin=personas.admin)
    assert client_for(personas.admin).get(reverse("plans:observation_evidence", args=[observation.pk])).status_code == 404


# --- Excel files -------------------------------------------------------------------------------


def _workbook(response):
    import io

    import openpyxl

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_it_links_the_files_each_persona_may_use(plan, indicator_a, personas, client_for, client):
    export = reverse("plans:plan_export", args=[plan.pk])
    template = reverse("plans:observation_template", args=[plan.pk])
    html = _dashboard(client_for(personas.alice), plan).content.decode()
    assert export in html and template not in html
    html = _dashboard(client_for(personas.staff_a), plan).content.decode()
    assert template in html and reverse("plans:observation_import", args=[plan.pk]) in html


def test_it_exports_the_plans_indicators_with_their_progress(plan, indicator_a, personas, client_for):
    verified(indicator_a, 2023, 160, admin=personas.admin)
    response = client_for(personas.alice).get(reverse("plans:plan_export", args=[plan.pk]), {"as_of": 2023})
    sheet = _workbook(response)["指标进展"]
    assert "研发经费投入" in [cell.value for cell in sheet["B"]]
    draft = _draft_plan(personas)
    assert client_for(personas.staff_a).get(reverse("plans:plan_export", args=[draft.pk])).status_code == 404


def test_it_serves_the_annual_report_as_a_word_document(plan, indicator_a, personas, client_for):
    import io

    import docx

    verified(indicator_a, 2023, 160, admin=personas.admin)
    response = client_for(personas.bob).get(reverse("plans:annual_report", args=[plan.pk]), {"as_of": 2023})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "2023 年度监测报告" in text
    draft = _draft_plan(personas)
    assert client_for(personas.bob).get(reverse("plans:annual_report", args=[draft.pk])).status_code == 404


def test_it_gives_a_unit_a_template_of_its_own_indicators_only(plan, indicator_a, indicator_b, personas, client_for):
    url = reverse("plans:observation_template", args=[plan.pk])
    sheet = _workbook(client_for(personas.staff_a).get(url)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"研发经费投入"}
    assert client_for(personas.alice).get(url).status_code == 403
    assert client_for(personas.alice).get(reverse("plans:observation_import", args=[plan.pk])).status_code == 403


def _filled_template(client, plan, value) -> SimpleUploadedFile:
    import io

    workbook = _workbook(client.get(reverse("plans:observation_template", args=[plan.pk])))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        if row[3].value == 2023:
            row[5].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("填报.xlsx", buffer.getvalue())


def test_it_imports_a_filled_template_as_a_background_job(
    plan, indicator_a, personas, client_for, django_capture_on_commit_callbacks
):
    from kechuang.core.models import ImportJob

    client = client_for(personas.staff_a)
    upload = _filled_template(client, plan, 158)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:observation_import", args=[plan.pk]), {"file": upload, "submit": "on"})
    job = ImportJob.objects.get(kind="observations")
    assert response.status_code == 302 and response.url == reverse("core:import_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    observation = Observation.objects.get(indicator=indicator_a, year=2023)
    assert (observation.value, observation.status) == (158, "submitted")


def test_it_refuses_a_non_excel_upload_with_a_clear_message(plan, indicator_a, personas, client_for):
    response = client_for(personas.staff_a).post(
        reverse("plans:observation_import", args=[plan.pk]), {"file": SimpleUploadedFile("数据.csv", b"a,b")}
    )
    assert "只支持 .xlsx 格式的 Excel 文件" in response.content.decode()


def test_it_leaves_the_plans_source_document_out_of_its_pages(plan, personas, client_for):
    Plan.objects.filter(pk=plan.pk).update(source_file=b"%PDF-1.4" * 1000, source_text="规划全文" * 1000)
    client = client_for(personas.admin)
    shown = _dashboard(client, plan).context["plan"]
    assert set(Plan.SOURCE_FIELDS) <= shown.get_deferred_fields()
    listed = client.get(reverse("plans:plan_list")).context["page"]
    assert all(set(Plan.SOURCE_FIELDS) <= p.get_deferred_fields() for p in listed)


@pytest.mark.parametrize("persona", ["admin", "staff_a", "alice"])
def test_it_shows_the_dashboard_in_the_same_queries_for_1_and_5_indicators(
    personas, client_for, plan, assert_flat_queries, persona
):
    def add(index: int) -> None:
        indicator = services.create_indicator(
            plan, actor=personas.admin, name=f"指标{index}", unit="家", baseline_year=2020, baseline_value=10,
            responsible_unit=personas.unit_a if index % 2 else personas.unit_b, targets=[{"year": 2025, "value": 20}],
        )
        verified(indicator, 2021, 12, admin=personas.admin)
        verified(indicator, 2022, 14, admin=personas.admin)

    client = client_for(getattr(personas, persona))
    response = assert_flat_queries(lambda: client.get(reverse("plans:plan_dashboard", args=[plan.pk])), add)
    html = response.content.decode()
    assert all(f"指标{n}" in html for n in range(5))
