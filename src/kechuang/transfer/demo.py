"""Demo content of technology transfer: achievements and demands written the way published listings
read, matches at every stage, registered contracts, and the demo plan's 技术合同成交额 indicator bound
to the computed metric. Called by `kechuang demo` after the district is generated."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import delete_audited
from kechuang.core.choices import OrganizationKind, Role
from kechuang.core.models import Industry, Membership, Organization, TechDomain
from kechuang.core.services import resolve_notifications
from kechuang.core.synthetic import GeneratedDistrict
from kechuang.plans import services as plans
from kechuang.plans.choices import DataSource
from kechuang.plans.models import Indicator

from . import services
from .choices import (
    ContractType,
    CooperationMode,
    DeclineReason,
    ListingStatus,
    MatchStatus,
    Maturity,
    Visibility,
)
from .recommendations import recommend_for_demand

# (domain, industry, achievement title, how it works, figures, where it applies, demand title, the need)
TOPICS = [
    ("电子信息", "39", "基于机器视觉的金属件表面缺陷在线检测系统", "采用深度学习目标检测与多光源成像，识别划痕、凹坑、压伤等缺陷",
     "检测速度每分钟120件，漏检率低于0.5%", "汽车冲压件、五金件、家电钣金", "冲压件表面缺陷自动检测", "冲压件表面缺陷目前靠人工目检，效率低、漏检多，急需在线自动检测方案"),
    ("电子信息", "65", "工业设备预测性维护平台", "融合振动、温度与电流数据，基于机理模型与机器学习诊断轴承、齿轮故障",
     "故障提前预警7天以上，误报率低于5%", "风机、水泵、压缩机等旋转设备", "旋转设备故障预警", "车间风机、水泵经常突发停机，希望引进状态监测和预测性维护技术"),
    ("电子信息", "65", "港口单证智能识别系统", "基于OCR与版面分析自动识别提单、报关单关键字段",
     "字段识别准确率98%以上，单张处理时间小于1秒", "港口物流、报关代理", "物流单证自动录入", "每日上千份单证人工录入，需要单证自动识别与校验工具"),
    ("先进制造与自动化", "34", "重载激光SLAM自主移动机器人", "激光SLAM导航，无需反光板，支持多机调度并与MES对接",
     "载重1.5吨，定位精度±10毫米", "仓储物流、汽车总装车间", "车间物料自动搬运", "总装车间物料配送靠叉车，需要可对接MES的AMR自动搬运方案"),
    ("先进制造与自动化", "34", "焊缝激光视觉跟踪装置", "线结构光传感器实时测量坡口位置，闭环修正焊枪轨迹",
     "跟踪精度±0.2毫米，适配主流焊接机器人", "工程机械、船舶、钢结构焊接", "焊接机器人焊缝跟踪", "大型结构件拼装误差大，焊接机器人需要焊缝实时跟踪功能"),
    ("先进制造与自动化", "35", "数控机床主轴热误差补偿技术", "建立主轴温度场与热伸长模型，在线补偿热变形",
     "热误差降低70%以上", "精密加工中心、数控车床", "机床加工精度稳定性提升", "机床开机后加工尺寸漂移，需要热误差补偿技术"),
    ("新材料", "26", "海洋环境重防腐涂层", "石墨烯改性环氧底漆与氟碳面漆复合体系",
     "耐盐雾5000小时，设计寿命25年", "海上风电塔筒、跨海桥梁、港口设施", "海上风电防腐涂层", "海上风电塔筒腐蚀严重，寻求长效重防腐涂层及施工工艺"),
    ("新材料", "26", "高导热有机硅灌封胶", "氮化硼与氧化铝复配填料，兼顾导热与绝缘",
     "导热系数3.0 W/(m·K)，击穿强度20 kV/mm", "新能源汽车电控、电源模块", "电控模块导热灌封材料", "电源模块发热大，需要高导热绝缘灌封材料替代进口产品"),
    ("新材料", "33", "可降解镁合金骨科内固定材料", "高纯镁合金微合金化与表面涂层控制降解速率",
     "降解周期6至12个月，力学性能满足骨钉要求", "骨科内固定器械", "可吸收骨钉材料", "开发可吸收骨钉，需要降解速率可控的镁合金材料"),
    ("新能源与节能", "38", "锂电池管理系统SOC/SOH精确估算技术", "基于电化学模型与卡尔曼滤波估算荷电状态和健康状态",
     "SOC估算误差小于2%", "储能电站、电动汽车", "储能电池状态估算", "储能电站电池一致性差，需要精确的SOC、SOH估算算法"),
    ("新能源与节能", "34", "工业余热有机朗肯循环发电装置", "采用有机工质回收80至200摄氏度低品位余热发电",
     "单机功率50至500千瓦，投资回收期3年", "钢铁、化工、水泥行业余热", "低温余热回收利用", "厂区有大量低温烟气余热未利用，希望引进余热发电技术"),
    ("新能源与节能", "38", "PEM电解水制氢电堆", "低铂载量膜电极与钛双极板",
     "电流密度2 A/cm²下单池电压低于1.9 V", "绿氢制备、加氢站", "PEM制氢设备国产化", "寻求PEM电解槽关键技术合作，实现制氢设备国产化替代"),
    ("生物与新医药", "27", "mRNA脂质纳米粒递送技术", "可电离脂质库筛选与微流控制备工艺",
     "包封率90%以上，粒径80至100纳米", "mRNA疫苗、核酸药物", "核酸药物递送系统", "开发核酸药物，需要高效低毒的LNP递送技术"),
    ("生物与新医药", "35", "肺结节CT影像智能辅助诊断系统", "三维卷积神经网络检测并分割肺结节，自动给出良恶性评估",
     "结节检出敏感度95%", "医院影像科、体检中心", "肺结节影像辅助诊断", "体检中心肺部CT阅片量大，需要肺结节智能辅助诊断软件"),
    ("生物与新医药", "14", "水产品低温等离子体保鲜技术", "低温等离子体杀菌结合气调包装",
     "货架期延长一倍", "冷鲜水产品、预制菜", "水产品保鲜", "冷鲜鱼货架期短，希望引进非热杀菌保鲜技术"),
    ("资源与环境", "77", "印染废水膜生物反应器深度处理工艺", "MBR与高级氧化组合工艺",
     "出水COD低于50 mg/L，回用率60%", "印染、化工废水", "印染废水达标回用", "印染废水COD高、色度大，急需深度处理与回用技术"),
    ("资源与环境", "77", "VOCs低温等离子体协同催化治理装置", "低温等离子体与催化氧化协同降解有机废气",
     "非甲烷总烃去除率90%以上", "喷涂、印刷、化工废气", "喷涂车间VOCs治理", "喷涂车间VOCs排放不达标，需要运行成本低的治理设备"),
    ("航空航天", "37", "输电线路无人机自主巡检系统", "无人机航线自动规划与绝缘子缺陷AI识别",
     "单架次巡检10公里，缺陷识别准确率92%", "电网巡检、光伏电站巡检", "输电线路智能巡检", "输电线路巡检靠人工登塔，需要无人机自主巡检与缺陷识别系统"),
]
PROFILE = [
    "{name}成立于{year}年，注册资本{capital}万元，主营{business}，是国家高新技术企业。",
    "{name}位于{region}，现有员工{people}人，其中研发人员{rd}人，拥有专利{patents}项，获评省级专精特新中小企业。",
    "公司成立于{year}年，主要产品包括{business}，年销售收入约{sales}亿元，产品远销东南亚。",
]
ACHIEVEMENT_FORMS = [
    "成果简介：{how}。技术指标：{figures}。应用领域：{where}。合作方式：{modes}。",
    "本发明公开了一种{title_lower}，{how}，{figures}，可用于{where}。",
    "针对{where}中的实际问题，本成果{how}。经第三方检测，{figures}。已完成{stage}验证。",
]
TITLE_FORMS = ["{title}", "一种{title}", "{title}关键技术及应用", "{title}（{stage}成果）"]
MATURITIES = list(Maturity.values)
MODES = list(CooperationMode.values)


def _users_of(organization: Organization, role: str):
    membership = Membership.objects.filter(organization=organization, role=role).select_related("user").first()
    return membership.user if membership else None


def load(district: GeneratedDistrict, *, stdout) -> None:
    rng = random.Random(12)
    admin = Membership.objects.filter(organization=district.bureau, role=Role.BUREAU_ADMIN).first().user
    institutions = list(Organization.objects.filter(
        kind__in=[OrganizationKind.UNIVERSITY, OrganizationKind.RESEARCH_INSTITUTE]))
    enterprises = list(Organization.objects.filter(kind=OrganizationKind.ENTERPRISE)[:200])
    domains = {d.name: d for d in TechDomain.objects.filter(parent__isnull=True)}
    industries = {i.code: i for i in Industry.objects.filter(code__in={t[1] for t in TOPICS})}
    labels = dict(CooperationMode.choices)
    demands = []
    for domain, industry, title, how, figures, where, demand_title, need in TOPICS:
        for _variant in range(10):
            maturity = rng.choice(MATURITIES)
            modes = rng.sample(MODES, rng.randint(1, 2))
            stage = dict(Maturity.choices)[maturity]
            text = rng.choice(ACHIEVEMENT_FORMS).format(
                how=how, figures=figures, where=where, title_lower=title, stage=stage,
                modes="、".join(str(labels[m]) for m in modes),
            )
            achievement = services.create_achievement(
                actor=admin, title=rng.choice(TITLE_FORMS).format(title=title, stage=stage), abstract=text,
                owner=rng.choice(institutions), domain=domains[domain], industry=industries.get(industry),
                maturity=maturity, trl=min(9, 2 + 2 * MATURITIES.index(maturity) + rng.randint(0, 1)),
                cooperation=modes, price=rng.choice([None, 30, 80, 150, 300, 600]),
                visibility=rng.choice([Visibility.PUBLIC] * 6 + [Visibility.REGISTERED, Visibility.BUREAU]),
                ip=[{"kind": "发明专利", "number": f"ZL20{rng.randint(18, 24)}1{rng.randint(1000000, 9999999)}.{rng.randint(0, 9)}"}],
            )
            services.set_listing_status(achievement, ListingStatus.PUBLISHED, actor=admin)
        for variant in range(5):
            enterprise = rng.choice(enterprises)
            profile = rng.choice(PROFILE).format(
                name=enterprise.name, year=rng.randint(1995, 2020), capital=rng.choice([500, 1000, 3000, 5000]),
                business=where, region=district.region.name, people=rng.randint(50, 800), rd=rng.randint(10, 120),
                patents=rng.randint(5, 60), sales=rng.randint(1, 20),
            )
            description = profile + need + "。" if variant % 2 else need + "。" + profile
            demand = services.create_demand(
                actor=admin, title=demand_title, description=description, owner=enterprise, domain=domains[domain],
                budget=rng.choice([None, 50, 100, 200, 500]), cooperation=rng.sample(MODES, 1),
                maturity_wanted=rng.choice(["", Maturity.PILOT, Maturity.INDUSTRIAL]),
                deadline=timezone.localdate() + datetime.timedelta(days=rng.randint(60, 400)),
            )
            services.set_listing_status(demand, ListingStatus.PUBLISHED, actor=admin)
            demands.append(demand)
    contracts = _matches(rng, demands, admin)
    _bind_indicator(admin)
    stdout.write(_("  科技成果 %(achievements)s 项，技术需求 %(demands)s 项，技术合同 %(contracts)s 份") % {
        "achievements": len(TOPICS) * 10, "demands": len(demands), "contracts": contracts,
    })


def _matches(rng: random.Random, demands, admin) -> int:
    """Matches at every stage for a third of the demands; the agreed ones with registered contracts."""
    path = [MatchStatus.CONTACTED, MatchStatus.NEGOTIATING]
    contracts = 0
    for number, demand in enumerate(demands[::3]):
        recommended = recommend_for_demand(demand, user=admin, top=2)
        if not recommended:
            continue
        best = recommended[0]
        match = services.start_match(demand, best.achievement, actor=admin, score=best.score, reasons=best.reasons)
        stage = number % 5  # 0 recommended, 1 contacted, 2 negotiating, 3 agreed, 4 closed
        for status in path[: min(stage, 2)]:
            services.advance_match(match, status, actor=admin)
        if stage == 3:
            amount = rng.choice([50, 80, 120, 260, 400])
            signed = timezone.localdate() - datetime.timedelta(days=rng.randint(10, 300))
            services.register_contract(
                actor=admin, match=match, title=best.achievement.title, contract_type=rng.choice(ContractType.values),
                seller=best.achievement.owner, buyer=demand.owner, amount=amount, transaction_amount=amount * 0.9,
                signed_on=signed, registered_on=signed + datetime.timedelta(days=7),
                registering_authority=_("科学技术局技术合同登记处"),
            )
            contracts += 1
        elif stage == 4:
            services.advance_match(match, MatchStatus.CLOSED, actor=admin,
                                   reason=rng.choice([DeclineReason.PRICE, DeclineReason.TOO_EARLY, DeclineReason.WRONG_FIELD]))
    return contracts


def _bind_indicator(admin) -> None:
    """Bind the demo plans' 技术合同成交额 indicators to the contracts metric. Their hand-entered
    figures go, with a history entry each, and so do the review requests they raised."""
    for indicator in Indicator.objects.filter(name__contains="技术合同成交额"):
        for observation in indicator.observations.all():
            resolve_notifications(plans.review_topic(observation))
            delete_audited(observation, actor=admin, reason=_("改为平台数据自动计算"))
        params = {"unit": indicator.unit} if indicator.unit in ("亿元", "万元") else {}
        plans.update_indicator(indicator, actor=admin, data_source=DataSource.COMPUTED, metric="tech_contract_amount",
                               metric_params=params, reason=_("绑定平台技术合同登记数据"))
