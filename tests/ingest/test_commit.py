from __future__ import annotations

import copy
import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from kechuang.core.choices import OrganizationKind
from kechuang.core.models import Membership, Organization
from kechuang.ingest import review as review_rules
from kechuang.ingest import services
from kechuang.ingest.messages import review_error_text
from kechuang.ingest.models import PlanDocument
from kechuang.plans.models import Indicator, Plan, Target
from kechuang.supervision.models import Task, TaskUnit

PLAN_TEXT = """沙河口区“十四五”科技创新试点方案

一、发展目标
到2025年，全区技术合同成交额突破50亿元。

表1 主要指标
序号 指标名称 单位 2020年 2025年 属性
1 高新技术企业数量 家 150 300 预期性
2 研发经费投入强度 % 2.1 3.0 约束性

二、重点任务
（一）培育创新主体
1.实施高新技术企业培育计划。建立高企后备库，每年组织申报辅导。
责任单位：区科工信局、区财政局
2.建设科技企业孵化载体。支持社会资本建设众创空间。
责任单位：区商务局牵头，区科技局配合
"""


def uploaded(actor, text: str = PLAN_TEXT, name: str = "试点方案.txt") -> PlanDocument:
    document = services.upload_document(actor=actor, file_name=name, data=text.encode("gb18030"), schedule=False)
    return services.extract_document(document.pk)


def index_of(document: PlanDocument, kind: str, key: str, value: str) -> int:
    return next(i for i, entry in enumerate(document.review[kind]) if entry["item"][key] == value)


def set_review(document: PlanDocument, actor, change) -> PlanDocument:
    state = copy.deepcopy(document.review)
    change(state)
    return services.save_review(document, state, actor=actor)


@pytest.fixture
def document(personas) -> PlanDocument:
    return uploaded(personas.admin)


def test_it_commits_the_reviewed_plan_with_its_source(personas, document):
    admin = personas.admin
    high_tech = index_of(document, "indicators", "name", "高新技术企业数量")
    contracts = index_of(document, "indicators", "name", "技术合同成交额")
    state = review_rules.decide(document.review, "indicators", high_tech, "accept", {
        "name": "高新技术企业数量", "unit": "家", "attribute": "预期性", "baseline": {"year": "2020", "value": "150"},
        "targets": [{"year": "2025", "value": "320", "comparator": ">=", "relative": ""}], "quote": "q"})
    state = review_rules.decide(state, "indicators", contracts, "reject")
    state = review_rules.decide(state, "tasks", 1, "reject")
    services.save_review(document, state, actor=admin)

    plan = services.commit_document(document, actor=admin)

    plan = Plan.objects.get(pk=plan.pk)
    assert (plan.title, plan.start_year, plan.end_year) == ("沙河口区“十四五”科技创新试点方案", 2021, 2025)
    assert bytes(plan.source_file) == PLAN_TEXT.encode("gb18030")
    assert plan.source_name == "试点方案.txt" and "培育创新主体" in plan.source_text
    indicators = {i.name: i for i in plan.indicators.all()}
    assert "技术合同成交额" not in indicators
    edited = indicators["高新技术企业数量"]
    assert (edited.baseline_year, edited.baseline_value, edited.attribute) == (2020, 150, "expected")
    assert [(t.year, t.value, t.comparator, t.relative) for t in edited.targets.all()] == [(2025, 320, ">=", "")]
    assert indicators["研发经费投入强度"].attribute == "binding"
    assert [t.title for t in plan.tasks.all()] == ["实施高新技术企业培育计划"]
    # Units named only by the rejected task are not registered.
    assert not Organization.objects.filter(name__in=["区商务局", "区科技局"]).exists()
    document.refresh_from_db()
    assert (document.status, document.plan_id) == (PlanDocument.Status.COMMITTED, plan.pk)
    assert document.committed_at is not None
    assert plan.history.get().history_user == admin


def test_it_maps_relative_targets_scope_and_deadlines(personas, document):
    def change(state):
        state["indicators"][0]["item"].update(
            scope="全区", targets=[{"year": 2025, "value": None, "comparator": ">=", "relative": "x2"}]
        )
        state["tasks"][0]["item"]["deadline"] = "2024-06"
        state["tasks"][1]["item"]["deadline"] = "2025"

    plan = services.commit_document(set_review(document, personas.admin, change), actor=personas.admin)
    first = plan.indicators.order_by("position").first()
    assert first.scope == "全区"
    assert list(first.targets.values_list("value", "relative")) == [(None, "x2")]
    assert list(plan.tasks.order_by("position").values_list("deadline", flat=True)) == [
        datetime.date(2024, 6, 30), datetime.date(2025, 12, 31)
    ]


def test_it_hangs_tasks_under_the_nearest_numbered_task(personas, document):
    def task(number, title):
        return {"decision": "accept", "item": {"number": number, "title": title, "lead_units": ["区科工信局"],
                                               "support_units": [], "deadline": None, "quote": ""}}

    def change(state):
        state["tasks"] = [task("三", "三大工程"), task("三.(一)", "创新主体"), task("三.(一).1", "高企倍增"),
                          task("三.(二).1", "孵化载体"), task("", "未编号任务")]

    plan = services.commit_document(set_review(document, personas.admin, change), actor=personas.admin)
    parents = {t.title: (t.parent.title if t.parent else None) for t in plan.tasks.select_related("parent")}
    assert parents == {"三大工程": None, "创新主体": "三大工程", "高企倍增": "创新主体",
                       "孵化载体": "三大工程", "未编号任务": None}


def test_it_matches_merges_and_registers_units(personas, document):
    before = Organization.objects.count()
    state = review_rules.match_unit(document.review, "区财政局", personas.unit_b.pk)
    state = review_rules.merge_unit(state, "区科技局", "区科工信局")
    services.save_review(document, state, actor=personas.admin)

    plan = services.commit_document(document, actor=personas.admin)

    created = Organization.objects.order_by("id")[before:]
    assert sorted(o.name for o in created) == ["区商务局", "区科工信局"]
    assert {o.kind for o in created} == {OrganizationKind.GOVERNMENT}
    roles = {(a.task.number, a.organization.name, a.role) for a in TaskUnit.objects.filter(task__plan=plan)
             .select_related("task", "organization")}
    assert roles == {("二.(一).1", "区科工信局", "lead"), ("二.(一).1", "沙河口区财政局", "support"),
                     ("二.(一).2", "区商务局", "lead"), ("二.(一).2", "区科工信局", "support")}


def test_it_reuses_units_registered_by_an_earlier_commit(personas, document):
    second = uploaded(personas.admin, name="第二份.txt")
    services.commit_document(document, actor=personas.admin)
    count = Organization.objects.count()
    services.commit_document(second, actor=personas.admin)
    assert Organization.objects.count() == count
    assert Organization.objects.filter(name="区科工信局").count() == 1


@pytest.mark.parametrize(
    ("kind", "breakage", "message"),
    [
        ("indicators", {"targets": [{"year": 2025, "value": 1, "comparator": ">", "relative": None}]}, "第 2 个指标"),
        # The first task's new units are registered before the second fails: they must go too.
        ("tasks", {"lead_units": []}, "第 2 项任务"),
    ],
)
def test_it_writes_nothing_when_one_item_is_invalid(personas, document, kind, breakage, message):
    organizations = Organization.objects.count()
    broken = set_review(document, personas.admin, lambda state: state[kind][1]["item"].update(breakage))

    with pytest.raises(review_rules.ReviewError) as error:
        services.commit_document(broken, actor=personas.admin)
    assert re.search(message, review_error_text(error.value))

    assert (Plan.objects.count(), Indicator.objects.count(), Target.objects.count(), Task.objects.count()) == (0, 0, 0, 0)
    assert Organization.objects.count() == organizations
    assert PlanDocument.objects.get(pk=document.pk).status == PlanDocument.Status.READY


def test_it_commits_a_document_only_once(personas, document):
    services.commit_document(document, actor=personas.admin)
    with pytest.raises(PermissionDenied, match="不能再次生成"):
        services.commit_document(document, actor=personas.admin)
    assert Plan.objects.count() == 1


def test_it_refuses_commit_to_others_than_bureau_admins(personas, document):
    for user in (personas.staff_a, personas.alice):
        with pytest.raises(PermissionDenied):
            services.commit_document(document, actor=user)
    assert Plan.objects.count() == 0
    assert PlanDocument.objects.get(pk=document.pk).status == PlanDocument.Status.READY


def test_it_rechecks_the_admin_role_inside_the_transaction(personas, document):
    admin = personas.admin
    assert services.access.is_bureau_admin(admin)  # the role is now cached on the user object
    Membership.objects.filter(user=admin).delete()
    with pytest.raises(PermissionDenied):
        services.commit_document(document, actor=admin)
    assert Plan.objects.count() == 0


def test_it_commits_every_proposal_from_the_command_line(personas, tmp_path: Path, capsys):
    path = tmp_path / "试点方案.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    call_command("ingest", str(path), "--commit", "--user", "admin")
    plan = Plan.objects.get()
    extraction = PlanDocument.objects.get().extraction
    assert plan.indicators.count() == len(extraction["indicators"]) >= 3
    assert sorted(plan.tasks.values_list("number", flat=True)) == ["二.(一).1", "二.(一).2"]
    assert bytes(plan.source_file) == PLAN_TEXT.encode("utf-8")
    assert "已生成规划" in capsys.readouterr().out


def test_it_refuses_a_command_line_commit_without_a_bureau_admin(personas, tmp_path: Path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match="科技局管理员"):
        call_command("ingest", str(path), "--commit", "--user", "staff_a")
    assert Plan.objects.count() == PlanDocument.objects.count() == 0


def test_it_reports_an_unreadable_file_on_the_command_line(personas, tmp_path: Path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(CommandError, match="plan.pdf"):
        call_command("ingest", str(path), "--commit", "--user", "admin")
    assert Plan.objects.count() == 0


ZONE_TEXT = """东川高新技术产业开发区科技创新行动方案（2024—2026年）

一、重点任务
（一）建设科创走廊。推进科创走廊建设。
（责任部门：科技发展局牵头，东川税务分局、各街道、有关单位配合）
（二）组织科技活动周。
（责任部门：各街道）
"""


def test_it_registers_neither_a_zone_prefix_nor_collective_names(personas):
    document = uploaded(personas.admin, ZONE_TEXT, name="行动方案.txt")
    state = review_rules.decide(document.review, "tasks", 1, "reject")
    services.save_review(document, state, actor=personas.admin)
    before = set(Organization.objects.values_list("name", flat=True))

    plan = services.commit_document(document, actor=personas.admin)

    created = set(Organization.objects.values_list("name", flat=True)) - before
    assert created == {"科技发展局", "东川税务分局"}
    (task,) = plan.tasks.all()
    assert "各街道、有关单位" in task.quote
    roles = {(a.organization.name, a.role) for a in TaskUnit.objects.filter(task=task).select_related("organization")}
    assert roles == {("科技发展局", "lead"), ("东川税务分局", "support")}


def test_it_refuses_a_collective_lead_unless_the_reviewer_names_the_unit(personas):
    document = uploaded(personas.admin, ZONE_TEXT, name="行动方案.txt")

    with pytest.raises(review_rules.ReviewError) as error:
        services.commit_document(document, actor=personas.admin)
    assert re.search("第 2 项任务.*牵头单位“各街道”是泛指", review_error_text(error.value))
    assert Plan.objects.count() == 0

    document = PlanDocument.objects.get(pk=document.pk)
    state = review_rules.match_unit(document.review, "各街道", personas.unit_b.pk)
    services.save_review(document, state, actor=personas.admin)
    plan = services.commit_document(document, actor=personas.admin)
    second = plan.tasks.get(number="一.(二)")
    assert list(TaskUnit.objects.filter(task=second).values_list("organization", flat=True)) == [personas.unit_b.pk]


def test_it_matches_a_registered_unit_whatever_the_width_of_its_brackets(personas):
    registered = Organization.objects.create(name="区市场监管局(知识产权局)", kind=OrganizationKind.GOVERNMENT)
    text = PLAN_TEXT.replace("责任单位：区科工信局、区财政局", "责任单位：区市场监管局（知识产权局）、区财政局")
    document = uploaded(personas.admin, text)
    assert document.review["units"]["区市场监管局（知识产权局）"]["organization_id"] == registered.pk

    plan = services.commit_document(document, actor=personas.admin)

    assert not Organization.objects.filter(name="区市场监管局（知识产权局）").exists()
    lead = TaskUnit.objects.get(task__plan=plan, task__number="二.(一).1", role="lead")
    assert lead.organization == registered


def test_it_lets_the_first_named_unit_lead_when_only_a_collective_name_leads(personas):
    text = ZONE_TEXT.replace("（责任部门：各街道）", "（责任部门：各街道牵头，科技发展局、东川税务分局配合）")
    plan = services.commit_document(uploaded(personas.admin, text, name="行动方案.txt"), actor=personas.admin)
    second = plan.tasks.get(number="一.(二)")
    roles = [(a.organization.name, a.role) for a in TaskUnit.objects.filter(task=second).select_related("organization")
             .order_by("role", "position")]
    assert roles == [("科技发展局", "lead"), ("东川税务分局", "support")]
    assert "各街道牵头" in second.quote


def test_it_marks_a_masked_target_year_unknown_and_keeps_a_recurring_one(personas):
    text = """示范区科技创新三年行动方案（2024—2026年）

一、工作目标
到20XX年，全区技术合同成交额突破50亿元。
全区每年新增科技型中小企业不少于200家。
"""
    document = uploaded(personas.admin, text, name="工作方案.txt")
    plan = services.commit_document(document, actor=personas.admin)
    targets = {
        target.indicator.name: (target.year, target.year_unknown)
        for target in Target.objects.filter(indicator__plan=plan).select_related("indicator")
    }
    assert sorted(targets.values()) == [(None, False), (None, True)]
    masked = next(name for name, (_year, unknown) in targets.items() if unknown)
    assert "技术合同" in masked


def test_it_keeps_a_recurring_target_typed_as_every_year_on_the_review_page(personas, client_for, document):
    from django.urls import reverse

    entry = document.review["indicators"][0]["item"]
    response = client_for(personas.admin).post(
        reverse("ingest:item", args=[document.pk, "indicators", 0]),
        {"action": "save", "name": entry["name"], "unit": entry["unit"] or "", "target_0_year": "每年", "target_0_value": "100",
         "target_0_comparator": ">=", "target_1_year": "", "target_1_value": "7", "target_1_comparator": ">="},
    )
    assert response.status_code == 200 and response.context["error"] is None
    document.refresh_from_db()
    targets = document.review["indicators"][0]["item"]["targets"]
    assert [(t["year"], t.get("recurring", False)) for t in targets] == [(None, True), (None, False)]


def test_it_suffixes_task_numbers_a_document_repeats_instead_of_failing(personas, document):
    def task(number, title):
        return {"decision": "accept", "item": {"number": number, "title": title, "lead_units": ["区科工信局"],
                                               "support_units": [], "deadline": None, "quote": ""}}

    long = "三." + "1" * 38  # the 40 characters a number may have: its suffix takes the place of the last ones
    def change(state):
        state["tasks"] = [task("三", "三大工程"), task("三.1", "高企倍增"), task("三.1", "孵化载体"),
                          task("三.1-2", "众创空间"), task("三.1.(1)", "后备库"), task("", "未编号一"), task("", "未编号二"),
                          task(long, "长编号一"), task(long, "长编号二")]

    plan = services.commit_document(set_review(document, personas.admin, change), actor=personas.admin)
    tasks = {t.title: t for t in plan.tasks.select_related("parent")}
    numbers = {title: t.number for title, t in tasks.items()}
    assert numbers == {"三大工程": "三", "高企倍增": "三.1", "孵化载体": "三.1-2", "众创空间": "三.1-2-2",
                       "后备库": "三.1.(1)", "未编号一": "", "未编号二": "", "长编号一": long,
                       "长编号二": long[:38] + "-2"}
    # A child follows the document's nearest task of its parent's number, the later of the two 三.1.
    assert tasks["后备库"].parent.title == "孵化载体" and tasks["孵化载体"].parent.title == "三大工程"


def test_it_keeps_a_tasks_leaders_and_recurrence_in_their_own_fields(personas, document):
    def change(state):
        state["tasks"] = [{"decision": "accept", "item": {
            "number": "1", "title": "走访服务科技企业", "lead_units": ["区科工信局"], "support_units": [],
            "deadline": None, "quote": "", "leaders": ["张伟", "李明"], "recurrence": "half-yearly",
        }}]

    plan = services.commit_document(set_review(document, personas.admin, change), actor=personas.admin)
    task = plan.tasks.get()
    assert (task.leaders, task.recurrence, task.description) == ("张伟、李明", "half_yearly", "")
    assert task.get_recurrence_display() == "每半年"
