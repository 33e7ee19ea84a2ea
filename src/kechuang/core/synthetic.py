"""A realistic synthetic district: organizations with valid USCCs, departments, users for every role.

Deterministic for a given seed, and fast enough for 100,000 enterprises (bulk inserts, no per-row
history: generated data is a starting state, not a change anyone made).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from .choices import IndustryLevel, OrganizationKind, Role
from .models import Industry, Membership, Organization, Region
from .uscc import make_uscc

BRAND_CHARS = (
    "华创新科联宏泰达信恒瑞鑫源盛嘉诚博远腾飞海德晟昊天润中和智汇东方长城金光明星辰云帆启航"
    "锐捷精工弘毅鼎立同心卓越凯旋祥瑞安康永兴隆顺丰益众合力铭睿思维拓展宇宙蓝图绿洲澄清"
)
# Trade words by GB/T 4754 section, each with the divisions (大类) it plausibly belongs to.
TRADE_WORDS = {
    "C": [("精密机械", "34"), ("智能装备", "35"), ("新材料", "30"), ("电子", "39"), ("生物医药", "27"),
          ("汽车零部件", "36"), ("化工", "26"), ("仪器仪表", "40"), ("电气", "38"), ("船舶配套", "37")],
    "I": [("软件", "65"), ("信息技术", "65"), ("网络", "64"), ("数据", "65"), ("智能", "65"), ("物联网", "63")],
    "M": [("检测技术", "74"), ("工程技术", "74"), ("环境技术", "74"), ("设计研究", "74"), ("技术服务", "75")],
    "F": [("贸易", "51"), ("供应链管理", "51"), ("商贸", "52")],
    "L": [("企业管理咨询", "72"), ("知识产权服务", "75"), ("科技咨询", "75")],
}
SUFFIXES = ["有限公司", "科技有限公司", "科技有限公司", "股份有限公司", "科技股份有限公司"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰鹏飞宇浩然思源子涵欣怡梓轩雨桐晨阳建国志强海燕"
DEPARTMENTS = [
    "科技局", "发展和改革局", "财政局", "商务局", "教育局", "人力资源和社会保障局", "市场监督管理局", "统计局",
    "工业和信息化局", "自然资源局", "住房和城乡建设局", "金融发展服务中心",
]
STREETS = ["春柳", "马栏", "南沙河", "黑石礁", "李家", "兴工", "星海湾", "中山", "青泥洼桥", "桃源"]
UNIVERSITIES = ["理工大学", "海事大学", "医科大学", "交通大学", "外国语大学", "民族大学"]
INSTITUTES = ["化学物理研究所", "先进制造技术研究院", "海洋生物技术研究院", "工业技术研究院", "人工智能研究院"]
BANKS = ["中国工商银行", "中国建设银行", "中国银行", "招商银行", "兴业银行", "交通银行"]
INVESTORS = ["创新投资有限公司", "科技创业投资基金", "天使投资管理有限公司"]
CARRIERS = ["科技企业孵化器", "众创空间", "大学科技园", "中试基地"]
AGENCIES = ["技术转移中心", "知识产权代理事务所", "科技评估中心"]

DEMO_PASSWORD = "kechuang2026"


@dataclass
class GeneratedDistrict:
    region: Region
    bureau: Organization
    departments: list[Organization] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, username, organization)
    enterprises: int = 0


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class _Namer:
    """Unique organization names; a repeated draw gets a 分公司-style qualifier rather than a duplicate."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def unique(self, name: str, rng: random.Random) -> str:
        candidate = name
        while candidate in self.used:
            candidate = name.replace("有限公司", f"（{rng.choice(STREETS)}）有限公司", 1)
            if candidate == name:
                candidate = f"{name}{rng.randint(2, 99)}"
        self.used.add(candidate)
        return candidate


def _enterprise(rng: random.Random, city: str, section: str) -> tuple[str, str]:
    """A company name and its industry division code."""
    brand = rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS)
    trade, division = rng.choice(TRADE_WORDS[section])
    return f"{city}{brand}{trade}{rng.choice(SUFFIXES)}", division


def _short(region: Region) -> str:
    for suffix in ("市", "区", "县", "自治州", "地区", "盟"):
        if region.name.endswith(suffix) and len(region.name) > len(suffix) + 1:
            return region.name[: -len(suffix)]
    return region.name


@transaction.atomic
def generate_district(*, seed: int = 1, enterprises: int = 500, region_code: str = "210204", with_users: bool = True) -> GeneratedDistrict:
    """Create a district's organizations and accounts. Requires the reference data to be loaded."""
    rng = random.Random(seed)
    region = Region.objects.select_related("parent").get(code=region_code)
    city = region.parent or region
    city_short = _short(city)
    counties = list(Region.objects.filter(parent=city)) or [region]
    divisions = {industry.code: industry for industry in Industry.objects.filter(level=IndustryLevel.DIVISION)}
    if not divisions:
        raise ValueError("行业分类尚未加载，请先运行 kechuang loadreference。")
    namer = _Namer()
    namer.used.update(Organization.objects.values_list("name", flat=True))
    used_codes = set(Organization.objects.exclude(uscc=None).values_list("uscc", flat=True))

    def code(org_type: str, registration: str, where: Region) -> str:
        while True:
            value = make_uscc(rng, region_code=where.code, org_type=org_type, registration=registration)
            if value not in used_codes:
                used_codes.add(value)
                return value

    def contact() -> dict:
        name = person_name(rng)
        return {
            "contact_name": name,
            "contact_phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            "address": f"{city.name}{region.name}{rng.choice(STREETS)}路{rng.randint(1, 999)}号",
        }

    def org(name: str, kind: str, org_type: str, registration: str, where: Region, **extra) -> Organization:
        return Organization(
            name=namer.unique(name, rng), kind=kind, uscc=code(org_type, registration, where), region=where, **contact(), **extra
        )

    district_name = region.name
    fixed: list[Organization] = []
    # Government bodies use registration authority 1 (机构编制) and type 1 (机关).
    departments = [org(f"{district_name}{name}", OrganizationKind.GOVERNMENT, "1", "1", region) for name in DEPARTMENTS]
    fixed += departments
    fixed += [org(f"{district_name}{s}街道办事处", OrganizationKind.STREET_OFFICE, "1", "1", region) for s in STREETS[:6]]
    fixed += [org(f"{city_short}{u}", OrganizationKind.UNIVERSITY, "2", "1", city) for u in UNIVERSITIES]
    fixed += [org(f"{city_short}{i}", OrganizationKind.RESEARCH_INSTITUTE, "2", "1", city) for i in INSTITUTES]
    fixed += [org(f"{b}{city_short}分行", OrganizationKind.BANK, "1", "9", city) for b in BANKS]
    fixed += [org(f"{city_short}{i}", OrganizationKind.INVESTOR, "1", "9", city) for i in INVESTORS]
    fixed += [org(f"{district_name}{c}", OrganizationKind.CARRIER_OPERATOR, "1", "9", region) for c in CARRIERS]
    fixed += [org(f"{city_short}{a}", OrganizationKind.SERVICE_AGENCY, "1", "9", city) for a in AGENCIES]
    Organization.objects.bulk_create(fixed, batch_size=1000)

    sections, weights = ["C", "I", "M", "F", "L"], [50, 20, 15, 10, 5]
    batch: list[Organization] = []
    for _ in range(enterprises):
        section = rng.choices(sections, weights)[0]
        # Most enterprises sit in the district itself; the rest elsewhere in the city.
        where = region if rng.random() < 0.7 else rng.choice(counties)
        name, division = _enterprise(rng, city_short, section)
        batch.append(org(name, OrganizationKind.ENTERPRISE, "1", "9", where, industry=divisions[division]))
        if len(batch) >= 5000:
            Organization.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Organization.objects.bulk_create(batch, batch_size=5000)

    result = GeneratedDistrict(region=region, bureau=departments[0], departments=departments[1:], enterprises=enterprises)
    if with_users:
        result.accounts = _create_accounts(rng, result)
    return result


def _create_accounts(rng: random.Random, district: GeneratedDistrict) -> list[tuple[str, str, str]]:
    User = get_user_model()

    def by_kind(kind: str):
        return Organization.objects.filter(kind=kind, region__in=[district.region, district.region.parent]).order_by("id")

    plan = [
        ("admin", Role.BUREAU_ADMIN, district.bureau),
        ("unit", Role.UNIT_STAFF, district.departments[0]),
        ("unit2", Role.UNIT_STAFF, district.departments[1]),
        ("enterprise", Role.ENTERPRISE_USER, by_kind(OrganizationKind.ENTERPRISE).first()),
        ("enterprise2", Role.ENTERPRISE_USER, by_kind(OrganizationKind.ENTERPRISE)[1:2].first()),
        ("institution", Role.INSTITUTION_USER, by_kind(OrganizationKind.UNIVERSITY).first()),
        ("expert", Role.EXPERT, by_kind(OrganizationKind.RESEARCH_INSTITUTE).first()),
        ("financier", Role.FINANCIER, by_kind(OrganizationKind.BANK).first()),
    ]
    password = make_password(DEMO_PASSWORD)
    accounts = []
    for username, role, organization in plan:
        if organization is None or User.objects.filter(username=username).exists():
            continue
        user = User.objects.create(username=username, password=password, display_name=person_name(rng))
        Membership.objects.create(user=user, organization=organization, role=role)
        accounts.append((str(Role(role).label), username, organization.name))
    return accounts
