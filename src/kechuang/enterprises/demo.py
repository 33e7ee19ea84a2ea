"""Demo content: the district's enterprises as a cultivation registry worth opening.

Every enterprise of the synthetic district gets a profile and three fiscal years of plausible
figures (the bureau has verified the first two years and most of the last; the rest waits for
verification or is still a draft), IP by official class, and — for a realistic share of them —
certifications, some about to expire. A few bureau staff become service secretaries of the key
enterprises. The plans' tier indicators (高新技术企业数量 …) are bound to the registry's metrics, so
the dashboard a first-time user opens shows figures computed from these enterprises. Generated
data is a starting state (bulk inserts, no per-row history). Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import math
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import delete_audited
from kechuang.core.choices import OrganizationKind, Role
from kechuang.core.models import Membership, Organization, TechDomain
from kechuang.core.services import add_membership, resolve_notifications
from kechuang.core.synthetic import DEMO_PASSWORD, GeneratedDistrict, person_name
from kechuang.plans import services as plan_services
from kechuang.plans.choices import DataSource
from kechuang.plans.models import Indicator

from . import services
from .assessments import assess_enterprises, default_year
from .choices import FiguresStatus, Level, ListingStatus, Tier
from .models import Certification, Enterprise, EnterpriseAnnual, FinancingRound

# Words in an indicator's name → the tier whose valid certifications it counts (first match wins).
TIER_WORDS = [
    ("小巨人", Tier.LITTLE_GIANT),
    ("专精特新", Tier.SPECIALIZED_SME),
    ("瞪羚", Tier.GAZELLE),
    ("潜在独角兽", Tier.POTENTIAL_UNICORN),
    ("独角兽", Tier.UNICORN),
    ("科技型中小企业", Tier.TECH_SME),
    ("高新技术企业", Tier.HIGH_TECH),
    ("高企", Tier.HIGH_TECH),
]
COUNT_UNITS = {"家", "个"}
# Validity of a certificate in years (科技型中小企业 is evaluated every year).
VALIDITY_YEARS = {Tier.TECH_SME: 1, Tier.HIGH_TECH: 3, Tier.SPECIALIZED_SME: 3, Tier.LITTLE_GIANT: 3, Tier.GAZELLE: 2}
SECRETARIES = 3
KEY_ENTERPRISES_PER_SECRETARY = 6


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def _figures(rng: random.Random, revenue: float, profile: dict) -> dict:
    """One year's figures around a revenue, kept internally consistent (shares, staff, IP)."""
    employees = max(5, round(revenue / rng.uniform(40, 90)))
    st_share = profile["st_share"] * rng.uniform(0.9, 1.1)
    rd_expense = revenue * profile["rd_ratio"] * rng.uniform(0.85, 1.15)
    assets = revenue * rng.uniform(0.8, 1.6)
    return {
        "employees": employees,
        "st_staff": min(employees, max(1, round(employees * st_share))),
        "rd_staff": min(employees, max(1, round(employees * st_share * 0.8))),
        "revenue": _money(revenue),
        "main_revenue": _money(revenue * rng.uniform(0.85, 0.99)),
        "high_tech_revenue": _money(revenue * profile["high_tech_share"] * rng.uniform(0.95, 1.0)),
        "total_assets": _money(assets),
        "total_liabilities": _money(assets * profile["debt_ratio"] * rng.uniform(0.9, 1.1)),
        "net_profit": _money(revenue * rng.uniform(-0.02, 0.14)),
        "rd_expense": _money(rd_expense),
        "rd_expense_domestic": _money(rd_expense * rng.uniform(0.85, 1.0)),
        "cost_total": _money(revenue * rng.uniform(0.82, 0.97)),
        "results_commercialized": rng.choice([0, 1, 2, 3, 4, 5, 6]),
        "main_product_share": Decimal(str(round(rng.uniform(0.5, 0.95), 4))),
        "niche_years": profile["niche_years"],
        "market_share": Decimal(str(round(rng.uniform(0.01, 0.3), 4))),
        "invention_patents": profile["class1"],
        "ic_layouts": 0,
        "class1_self_developed": profile["class1"],
        "class1_high_value": min(profile["class1"], rng.choice([0, 0, 1, 2])),
        "utility_models": profile["utility_models"],
        "designs": rng.choice([0, 0, 1, 2]),
        "software_copyrights": profile["software"],
        "standards_led": rng.choice([0, 0, 0, 1]),
    }


def _profiles(rng: random.Random, organizations: list[Organization], today: datetime.date) -> list[Enterprise]:
    domains = list(TechDomain.objects.filter(level="domain"))
    existing = set(Enterprise.objects.values_list("organization_id", flat=True))
    profiles = []
    for organization in organizations:
        if organization.pk in existing:
            continue
        age = rng.choices([1, 3, 6, 10, 18], [8, 25, 30, 25, 12])[0] + rng.random()
        profiles.append(Enterprise(
            organization=organization,
            founded=today - datetime.timedelta(days=round(age * 365)),
            tech_domain=rng.choice(domains) if domains and rng.random() < 0.85 else None,
            listing_status=rng.choices([ListingStatus.UNLISTED, ListingStatus.NEEQ, ListingStatus.STAR_MARKET], [93, 5, 2])[0],
            strategic_emerging=rng.random() < 0.45,
            rd_institution_level=rng.choices(["", Level.CITY, Level.PROVINCIAL, Level.NATIONAL], [60, 25, 12, 3])[0],
            major_incident_last_year=rng.random() >= 0.97,
            dishonest=False,
            restricted_industry=False,
        ))
    Enterprise.objects.bulk_create(profiles, batch_size=2000)
    return list(Enterprise.objects.filter(organization__in=organizations).select_related("organization"))


def _years_and_certifications(rng: random.Random, enterprises: list[Enterprise], years: list[int], today) -> None:
    annuals, certifications, rounds = [], [], []
    last = years[-1]
    for enterprise in enterprises:
        # Revenue in 万元: lognormal, from a few hundred to several hundred million yuan.
        revenue = math.exp(rng.gauss(7.8, 1.2))
        growth = rng.uniform(-0.05, 0.45)
        innovative = rng.random()
        profile = {
            "st_share": rng.uniform(0.05, 0.45), "rd_ratio": rng.uniform(0.01, 0.09) if innovative > 0.25 else rng.uniform(0, 0.02),
            "high_tech_share": rng.uniform(0.3, 0.95), "debt_ratio": rng.uniform(0.2, 0.75),
            "niche_years": rng.randint(1, 15), "class1": rng.choices([0, 1, 2, 4, 8], [40, 25, 15, 12, 8])[0],
            "utility_models": rng.choice([0, 1, 3, 5, 8, 12]), "software": rng.choice([0, 0, 1, 3, 6]),
        }
        for year in years:
            figures = _figures(rng, revenue, profile)
            state = FiguresStatus.VERIFIED if year < last else rng.choices(
                [FiguresStatus.VERIFIED, FiguresStatus.SUBMITTED, FiguresStatus.DRAFT], [80, 12, 8])[0]
            annuals.append(EnterpriseAnnual(enterprise=enterprise, year=year, status=state, **figures))
            revenue *= 1 + growth * rng.uniform(0.7, 1.3)
            profile["class1"] += rng.choice([0, 0, 1])
            profile["utility_models"] += rng.choice([0, 1, 2])
        strong = profile["rd_ratio"] >= 0.03 and profile["class1"] + profile["utility_models"] > 0
        held = []
        if rng.random() < (0.75 if strong else 0.2):
            held.append(Tier.TECH_SME)
        if rng.random() < (0.55 if strong else 0.05):
            held.append(Tier.HIGH_TECH)
        if rng.random() < (0.2 if strong else 0.02):
            held.append(Tier.SPECIALIZED_SME)
        if Tier.SPECIALIZED_SME in held and rng.random() < 0.2:
            held.append(Tier.LITTLE_GIANT)
        if growth > 0.3 and rng.random() < 0.3:
            held.append(Tier.GAZELLE)
        for tier in held:
            span = VALIDITY_YEARS[tier]
            # Issued in one of the last `span` years: the oldest run out this year (some within weeks).
            issued_year = today.year - rng.randint(0, span) if span > 1 else today.year
            valid_from = datetime.date(issued_year, rng.choice([1, 4, 7, 10, 11, 12]), 1)
            if valid_from > today:
                valid_from = datetime.date(issued_year - span, valid_from.month, 1)
            valid_to = datetime.date(valid_from.year + span, valid_from.month, 1) - datetime.timedelta(days=1)
            if span > 1 and len(certifications) % 5 == 0:
                # About to expire: renewal is due within the next three months.
                valid_to = today + datetime.timedelta(days=rng.randint(10, 90))
                valid_from = datetime.date(valid_to.year - span, valid_to.month, 1)
            number = {Tier.HIGH_TECH: f"GR{valid_from.year}21{rng.randrange(10**6):06d}"}.get(
                tier, f"{valid_from.year}{rng.randrange(10**8):08d}")
            certifications.append(Certification(
                enterprise=enterprise, tier=tier, number=number, valid_from=valid_from, valid_to=valid_to))
        if growth > 0.25 and rng.random() < 0.25:
            for index, round_name in enumerate(["天使轮", "A 轮", "B 轮"][: rng.randint(1, 3)]):
                amount = rng.uniform(500, 8000) * (index + 1)
                rounds.append(FinancingRound(
                    enterprise=enterprise, date=datetime.date(last - 2 + index, rng.randint(1, 12), 1), round_name=round_name,
                    amount=_money(amount), amount_usd=_money(amount / 7.1), valuation_usd=_money(amount / 7.1 * rng.uniform(6, 15)),
                ))
    EnterpriseAnnual.objects.bulk_create(annuals, batch_size=2000)
    Certification.objects.bulk_create(certifications, batch_size=2000)
    FinancingRound.objects.bulk_create(rounds, batch_size=2000)


def _secretaries(rng: random.Random, district: GeneratedDistrict, admin, key: list[Enterprise]) -> list[tuple]:
    """Bureau staff (without admin rights) as service secretaries of the key enterprises."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    accounts = []
    for number in range(1, SECRETARIES + 1):
        username = f"secretary{number}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(username=username, password=password, display_name=person_name(rng))
            add_membership(user=user, organization=district.bureau, role=Role.UNIT_STAFF)
            accounts.append((_("服务秘书"), username, district.bureau.name))
        for enterprise in key[number - 1 :: SECRETARIES]:
            services.assign_secretary(enterprise, actor=admin, secretary=user)
            _service(rng, enterprise, user)
    return accounts


VISITS = ["走访企业，了解研发投入和知识产权布局情况", "召开企业座谈会，听取发展规划和困难", "陪同企业负责人考察高校实验室"]
POLICIES = ["高新技术企业认定奖励政策", "研发费用加计扣除政策", "科技型中小企业评价入库政策", "专精特新企业培育扶持政策"]
REQUESTS = [
    ("希望对接高校院所联合攻关关键技术", "已联系理工大学相关团队，组织对接会"),
    ("申请知识产权质押融资，需要银行对接", "已推荐至合作银行，进入授信审批"),
    ("扩产需要新增厂房用地", "已转区自然资源局研究"),
    ("招聘研发人员困难，希望纳入人才政策支持", "已纳入区人才政策服务清单"),
]
MEASURES = [
    ("辅导申报高新技术企业认定", Tier.HIGH_TECH),
    ("指导完成科技型中小企业评价入库", Tier.TECH_SME),
    ("加强研发费用归集，建立研发辅助账", ""),
    ("培育申报专精特新中小企业", Tier.SPECIALIZED_SME),
    ("对接投资机构，推进新一轮股权融资", ""),
]


def _service(rng: random.Random, enterprise: Enterprise, secretary) -> None:
    """A secretary's log with an enterprise (visits, policies, requests in every state) and its plan."""
    today = timezone.localdate()
    for _visit in range(rng.randint(1, 2)):
        services.add_log(enterprise, actor=secretary, kind="visit", date=today - datetime.timedelta(days=rng.randint(5, 200)),
                         summary=rng.choice(VISITS))
    services.add_log(enterprise, actor=secretary, kind="policy", date=today - datetime.timedelta(days=rng.randint(5, 120)),
                     summary="上门宣讲并送达政策文件", policy=rng.choice(POLICIES))
    summary, handling = rng.choice(REQUESTS)
    raised = today - datetime.timedelta(days=rng.randint(10, 90))
    log = services.add_log(enterprise, actor=secretary, kind="request", date=raised, summary=summary,
                           deadline=raised + datetime.timedelta(days=rng.choice([15, 30, 60])))
    state = rng.choices(["open", "in_progress", "resolved"], [30, 35, 35])[0]
    if state != "open":
        services.update_request(log, actor=secretary, request_status=state, handling=handling)
    for title, tier in rng.sample(MEASURES, rng.randint(2, 3)):
        measure = services.add_measure(
            enterprise, actor=secretary, title=title, target_tier=tier, owner=f"{secretary}（服务秘书）",
            due_date=today + datetime.timedelta(days=rng.randint(-30, 240)),
        )
        status = rng.choice(["planned", "in_progress", "done"])
        if status != "planned":
            services.set_measure_status(measure, actor=secretary, status=status)


def bind_tier_indicators(region_code: str, admin) -> list[Indicator]:
    """Bind every plan indicator counting a tier (in 家) to `certified_count` for the district.

    The bureau decides the registry is the source: earlier entered figures of such an indicator
    are removed (with a history entry) before it becomes computed, then it is refreshed.
    """
    bound = []
    for indicator in Indicator.objects.exclude(data_source=DataSource.COMPUTED).select_related("plan"):
        if indicator.unit not in COUNT_UNITS:
            continue
        tier = next((tier for word, tier in TIER_WORDS if word in indicator.name), None)
        if tier is None or any(word in indicator.name for word in ("占比", "比重", "产值", "收入")):
            continue
        with transaction.atomic():
            for observation in indicator.observations.all():
                resolve_notifications(plan_services.review_topic(observation))  # nothing left to verify
                delete_audited(observation, actor=admin, reason=_("改为平台数据自动计算"))
            indicator = plan_services.update_indicator(
                indicator, actor=admin, data_source=DataSource.COMPUTED, metric="certified_count",
                metric_params={"tier": str(tier), "region": region_code}, reason=_("演示：由企业名录自动计算"),
            )
            plan_services.refresh_computed_indicator(indicator)
        bound.append(indicator)
    return bound


@transaction.atomic
def load_registry(district: GeneratedDistrict, *, seed: int = 1) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    admin = Membership.objects.filter(organization=district.bureau, role=Role.BUREAU_ADMIN).select_related("user").first()
    admin = admin.user if admin else None
    organizations = list(Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).order_by("id"))
    enterprises = _profiles(rng, organizations, today)
    years = [today.year - 3, today.year - 2, today.year - 1]
    _years_and_certifications(rng, enterprises, years, today)
    # Key enterprises: the most R&D-intensive of the last year.
    ratios = {
        pk: float(rd or 0) / float(revenue) if revenue else 0
        for pk, rd, revenue in EnterpriseAnnual.objects.filter(year=years[-1]).values_list("enterprise_id", "rd_expense", "revenue")
    }
    key = sorted(enterprises, key=lambda e: (-ratios.get(e.pk, 0), e.pk))[: SECRETARIES * KEY_ENTERPRISES_PER_SECRETARY]
    accounts = _secretaries(rng, district, admin, key) if admin else []
    bound = bind_tier_indicators(district.region.code, admin) if admin else []
    # The pools, funnel and enterprise pages open with this year's assessments in place.
    assess_enterprises(None, default_year())
    return {"enterprises": len(enterprises), "accounts": accounts, "indicators": bound}


def load(district: GeneratedDistrict, *, stdout) -> None:
    """Called by `kechuang demo` after the plans are loaded."""
    stdout.write(_("正在生成企业名录、年度数据与认定资质……"))
    result = load_registry(district)
    stdout.write(_("  企业 %(enterprises)s 家，规划指标 %(indicators)s 个改为由企业名录自动计算") % {
        "enterprises": result["enterprises"], "indicators": len(result["indicators"])})
    district.accounts.extend(result["accounts"])
