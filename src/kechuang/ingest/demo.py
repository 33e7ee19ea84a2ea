"""Demo content: the five seed documents loaded through the ingestion pipeline, then brought to life.

Each seed is uploaded, extracted and committed as the demo's bureau admin, exactly as a reviewer
would do it in the pages, with the title and period the extractor proposes. Then, through the
plans and supervision services, the responsible units get staff accounts and three years of
figures (verified by the bureau, the last year partly still pending or in draft), and the tasks get
milestones and progress reports, some late and some missing. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.choices import Role
from kechuang.core.models import Membership, Notification, Organization
from kechuang.core.services import add_membership
from kechuang.core.synthetic import DEMO_PASSWORD, GeneratedDistrict, person_name
from kechuang.plans import services as plan_services
from kechuang.plans.models import Indicator, Plan
from kechuang.plans.progress import Baseline, Target, choose_target, parse_relative, resolve_target
from kechuang.supervision import services as supervision_services
from kechuang.supervision.models import Task

from . import services

DOCUMENTS = Path(__file__).parent / "demo_documents"
# Which district department answers for an indicator, by words in its name; the first match wins.
DEPARTMENT_WORDS = [
    (("专利", "知识产权", "商标"), "市场监督管理局"),
    (("人才", "人员", "博士", "院士"), "人力资源和社会保障局"),
    (("金融", "贷款", "投资", "基金", "上市"), "金融发展服务中心"),
    (("研发", "R&D", "研究与开发", "经费"), "统计局"),
    (("产值", "增加值", "工业", "制造"), "工业和信息化局"),
    (("高校", "教育", "学校"), "教育局"),
    (("合同", "成果", "转化", "交易"), "商务局"),
]
DEFAULT_DEPARTMENT = "发展和改革局"
COUNT_UNITS = {"家", "个", "件", "人", "项", "所", "座", "台", "次", "名", "户"}
# The share of the start-to-target distance an indicator covers by its target year, per fate.
FATES = {"good": (0.6, (1.03, 1.12)), "risk": (0.25, (0.82, 0.9)), "bad": (0.15, (0.35, 0.6))}
REPORT_TEXTS = [
    "本季度{title}按计划推进，已召开专题推进会，完成阶段性工作。",
    "{title}：已印发工作方案，明确分工和时间表，正在组织实施。",
    "{title}进展较慢，受资金拨付影响，部分工作顺延，下季度加快推进。",
    "已完成{title}的调研摸底，形成项目清单，正在对接落实。",
]


@dataclass
class DemoResult:
    plans: list[Plan]
    accounts: list[tuple[str, str, str]]


def _admin(district: GeneratedDistrict):
    membership = (
        Membership.objects.filter(organization=district.bureau, role=Role.BUREAU_ADMIN).select_related("user").first()
    )
    if membership is None:
        raise ValueError(_("演示数据缺少科技局管理员账号。"))
    return membership.user


def ingest_seed(path: Path, *, actor) -> Plan:
    """One seed through the pipeline: upload, extract (in-process), commit what was proposed."""
    document = services.upload_document(actor=actor, file_name=path.name, data=path.read_bytes(), schedule=False)
    document = services.extract_document(document.pk)
    if document.error:
        raise ValueError(_("%(file)s：%(error)s") % {"file": path.name, "error": document.error})
    return services.commit_document(document, actor=actor)


class _Staff:
    """One unit-staff account per responsible unit, reusing the district's own unit accounts."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.password = make_password(DEMO_PASSWORD)  # hashed once: hashing per account would take seconds
        self.users: dict[int, object] = {
            m.organization_id: m.user
            for m in Membership.objects.filter(role=Role.UNIT_STAFF).select_related("user").order_by("-id")
        }
        self.accounts: list[tuple[str, str, str]] = []

    def of(self, organization: Organization):
        if organization.pk not in self.users:
            User = get_user_model()
            number = len(self.accounts) + 3  # the district already has unit and unit2
            username = f"unit{number}"
            while User.objects.filter(username=username).exists():
                number += 1
                username = f"unit{number}"
            # Generated accounts are a starting state, like the synthetic district's own.
            user = User.objects.create(username=username, password=self.password, display_name=person_name(self.rng))
            add_membership(user=user, organization=organization, role=Role.UNIT_STAFF)
            self.users[organization.pk] = user
            self.accounts.append((str(Role.UNIT_STAFF.label), username, organization.name))
        return self.users[organization.pk]


def _department(district: GeneratedDistrict, name: str) -> Organization:
    by_name = {o.name.removeprefix(district.region.name): o for o in district.departments}
    for words, department in DEPARTMENT_WORDS:
        if any(word in name for word in words) and department in by_name:
            return by_name[department]
    return by_name.get(DEFAULT_DEPARTMENT, district.departments[0])


def _responsible_units(plan: Plan, district: GeneratedDistrict, admin) -> None:
    """The bureau names each indicator's responsible unit: the district department for its subject."""
    for indicator in plan.indicators.all():
        plan_services.update_indicator(
            indicator, actor=admin, responsible_unit=_department(district, indicator.name), reason="演示：指定责任单位"
        )


def _round(value: float, unit: str) -> float:
    if unit in COUNT_UNITS:
        return float(max(0, round(value)))
    if unit == "%":
        value = min(value, 100.0)
    return round(value, 2) if abs(value) < 1000 else float(round(value))


def synthetic_series(
    rng: random.Random, indicator: Indicator, targets: list[Target], years: list[int], start_year: int
) -> list[tuple[int, float]]:
    """Plausible values for `years`: on a straight path from the baseline (or a guessed start) that
    covers a drawn share of the distance to the target by its year. Empty when the target cannot be
    resolved (the dashboard then says why)."""
    fate = rng.choices(list(FATES), [weight for weight, _range in FATES.values()])[0]
    share = rng.uniform(*FATES[fate][1])
    target = choose_target(targets, years[-1])
    baseline = None if indicator.baseline_value is None else Baseline(indicator.baseline_year, indicator.baseline_value)
    value, _reason = resolve_target(target, baseline)
    lower = target.comparator == "<="
    if value is None:
        relative = parse_relative(target.relative) if target.relative else None
        if target.year is not None or relative is None or relative.kind != "annual_growth":
            return []
        # A recurring 年均增长 N%: each year grows by a drawn share of N% over the year before.
        current = baseline.value if baseline is not None and baseline.value > 0 else rng.uniform(20, 200)
        series = []
        for year in years:
            current *= 1 + relative.amount * share
            series.append((year, _round(current, indicator.unit)))
        return series
    if target.year is None:  # recurring: each year is judged on its own against the value
        wobble = [share * rng.uniform(0.97, 1.03) for _ in years]
        return [(y, _round(value * (2 - w if lower else w), indicator.unit)) for y, w in zip(years, wobble, strict=True)]
    start = baseline.value if baseline is not None else value * (1.4 if lower else rng.uniform(0.45, 0.7))
    origin = (baseline.year if baseline is not None and baseline.year else None) or start_year - 1
    span = max(target.year - origin, 1)
    end = start + (value - start) * share
    series = []
    for year in years:
        fraction = min(max((year - origin) / span, 0.0), 1.0)
        noise = rng.uniform(-0.015, 0.015) * abs(end - start)
        series.append((year, _round(start + (end - start) * fraction + noise, indicator.unit)))
    return series


def _observations(plan: Plan, rng: random.Random, staff: _Staff, admin) -> None:
    """Three years of figures entered by each indicator's unit; the bureau has verified the first two
    years and most of the last, the rest of which waits for verification or is still a draft."""
    last = min(max([plan.end_year, *plan.horizons]), timezone.localdate().year - 1)
    years = [last - 2, last - 1, last]
    indicators = plan.indicators.select_related("responsible_unit").prefetch_related("targets")
    for indicator in indicators:
        targets = [Target(t.year, t.value, t.comparator, t.relative or None) for t in indicator.targets.all()]
        series = synthetic_series(rng, indicator, targets, years, plan.start_year)
        reporter = staff.of(indicator.responsible_unit)
        last_state = rng.choices(["verified", "submitted", "draft", "missing"], [60, 20, 10, 10])[0]
        for year, value in series:
            state = "verified" if year < last else last_state
            if state == "missing":
                continue
            note = f"{year} 年统计数据" if state != "draft" else "初步统计，待核实"
            observation = plan_services.save_observation(
                indicator, actor=reporter, year=year, value=value, note=note, submit=state != "draft"
            )
            if state == "verified":
                plan_services.verify_observation(observation, actor=admin)


def _supervision(plan: Plan, rng: random.Random, staff: _Staff, admin) -> None:
    """Quarterly reporting this year; milestones met, met late, overdue and still to come; reports
    filed on time, filed late, or missing; a supervision notice for the task furthest behind."""
    tasks = list(Task.objects.filter(plan=plan).prefetch_related("assignments__organization"))
    if not tasks:
        return
    today = timezone.localdate()
    supervision_services.save_supervision_settings(
        plan, actor=admin, report_frequency="quarterly", reports_start=datetime.date(today.year, 1, 1),
        reason="演示：按季度报送进展",
    )
    quarters = [f"{today.year}-Q{q}" for q in range(1, (today.month - 1) // 3 + 2)]
    behind: list[tuple[Task, Organization]] = []
    for task in tasks:
        lead = next(a.organization for a in task.assignments.all() if a.role == "lead")
        reporter = staff.of(lead)
        steps = [
            ("制定年度工作方案", datetime.date(today.year, 3, 31)),
            ("完成阶段性任务", datetime.date(today.year, 9, 30)),
            ("完成年度目标并总结", datetime.date(today.year + 1, 3, 31)),
        ]
        overdue = 0
        for title, due in steps:
            milestone = supervision_services.add_milestone(task, actor=admin, title=title, due_date=due)
            if due > today:
                continue
            fate = rng.choices(["on_time", "late", "open"], [60, 20, 20])[0]
            if fate == "open":
                overdue += 1
                continue
            done = due - datetime.timedelta(days=rng.randint(1, 30)) if fate == "on_time" else due + datetime.timedelta(
                days=rng.randint(5, 40))
            supervision_services.complete_milestone(
                milestone, actor=reporter, completed_on=min(done, today), evidence="已完成，材料已归档。"
            )
        for number, period in enumerate(quarters, start=1):
            if rng.random() < 0.3:  # missing
                continue
            supervision_services.submit_report(
                task, actor=reporter, period=period, text=rng.choice(REPORT_TEXTS).format(title=task.title),
                percent=min(100, 20 * number + rng.randint(-10, 10)),
            )
        if overdue:
            behind.append((task, lead))
    for task, lead in behind[:2]:
        supervision_services.issue_notice(
            task, actor=admin, organization=lead, subject=f"关于加快推进“{task.title}”的督办通知",
            body="该任务有时间节点已逾期，请说明原因并报送整改措施。", reply_due=today + datetime.timedelta(days=14),
        )


@transaction.atomic
def load_seed_plans(district: GeneratedDistrict, *, seed: int = 1) -> DemoResult:
    """The five seed plans as live plans, for the demo and its test."""
    rng = random.Random(seed)
    admin = _admin(district)
    staff = _Staff(rng)
    plans = []
    for path in sorted(DOCUMENTS.glob("*.txt")):
        plan = ingest_seed(path, actor=admin)
        _responsible_units(plan, district, admin)
        _observations(plan, rng, staff, admin)
        _supervision(plan, rng, staff, admin)
        plans.append(plan)
    return DemoResult(plans, staff.accounts)


def load(district: GeneratedDistrict, *, stdout) -> None:
    """Called by `kechuang demo` after the synthetic district is generated."""
    stdout.write(_("正在导入五份规划文件并生成监测数据……"))
    result = load_seed_plans(district)
    # The generated years of history are old news: only what still waits for someone stays unread
    # (on commit, after the notifications themselves are written).
    transaction.on_commit(
        lambda: Notification.objects.filter(topic="", read_at__isnull=True).update(read_at=timezone.now())
    )
    for plan in result.plans:
        stdout.write(
            _("  %(title)s：指标 %(indicators)s 个，任务 %(tasks)s 项")
            % {"title": plan.title, "indicators": plan.indicators.count(), "tasks": plan.tasks.count()}
        )
    district.accounts.extend(result.accounts)
