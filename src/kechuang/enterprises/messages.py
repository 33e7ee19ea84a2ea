"""Chinese text of the criteria engine's message codes (kechuang.enterprises.criteria), and its renderer.

The engine says what it found as a code with parameters; `CriteriaRenderer` turns a criterion's
result into its label and one Chinese sentence with the figures, each number in the criterion's unit.
Texts are resolved once per renderer (the active language at that time), so assessing 100,000
enterprises formats strings but does not look up translations.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

from kechuang.core.codes import CodedError
from kechuang.core.messages import render

from .criteria.tiers import TIERS

CRITERIA = {
    "missing": gettext_lazy("%(label)s：缺少%(missing)s，无法判断。"),
    "min_pass": gettext_lazy("%(label)s %(actual)s，达到不低于 %(required)s的要求。"),
    "min_fail": gettext_lazy("%(label)s %(actual)s，低于 %(required)s的要求，还差 %(gap)s。"),
    "min_pass_exclusive": gettext_lazy("%(label)s %(actual)s，高于 %(required)s。"),
    "min_fail_exclusive": gettext_lazy("%(label)s %(actual)s，须高于 %(required)s。"),
    "max_pass": gettext_lazy("%(label)s %(actual)s，未超过 %(required)s。"),
    "max_fail": gettext_lazy("%(label)s %(actual)s，超过上限 %(required)s，超出 %(gap)s。"),
    "ratio_pass": gettext_lazy("%(label)s %(actual)s，达到 %(required)s%(band)s的要求。"),
    "ratio_fail": gettext_lazy("%(label)s %(actual)s，低于 %(required)s%(band)s，差 %(gap)s。"),
    "ratio_fail_amount": gettext_lazy(
        "%(label)s %(actual)s，低于 %(required)s%(band)s，差 %(gap)s，需再增加%(figure)s约 %(amount)s。"
    ),
    "ratio_max_pass": gettext_lazy("%(label)s %(actual)s，未超过 %(required)s。"),
    "ratio_max_fail": gettext_lazy("%(label)s %(actual)s，高于上限 %(required)s，超出 %(gap)s。"),
    "rank_pass": gettext_lazy("%(label)s：国内排名第 %(actual)s 位，位居前 %(required)s 位。"),
    "growth_base_zero": gettext_lazy("%(label)s：基期数值为零，无法计算增长率，按不满足处理。"),
    "resident_by_uscc": gettext_lazy("%(label)s：有统一社会信用代码，按境内注册的居民企业处理。"),
    "resident_yes": gettext_lazy("%(label)s：是境内注册的居民企业。"),
    "resident_no": gettext_lazy("%(label)s：不是境内注册的居民企业，不符合条件。"),
    "flags_raised": gettext_lazy("%(label)s：有%(flags)s记录，不符合条件。"),
    "flags_not_given": gettext_lazy("%(label)s：未提供相关记录，按无不良记录处理。"),
    "flags_clear": gettext_lazy("%(label)s：无不良记录。"),
    "in_set_pass": gettext_lazy("%(label)s：“%(value)s”在规定范围内。"),
    "in_set_fail": gettext_lazy("%(label)s：“%(value)s”不在规定范围内。"),
    "listed": gettext_lazy("%(label)s：企业已上市，不符合条件。"),
    "not_listed": gettext_lazy("%(label)s：企业未上市。"),
    "age_out_of_bands": gettext_lazy("%(label)s：企业成立已 %(age)s 年，超过规定年限。"),
    "certificate_missing": gettext_lazy("%(label)s：评价日未持有有效的%(kinds)s称号。"),
    "certificate_held": gettext_lazy("%(label)s：持有有效的%(kind)s称号（%(number)s，有效期至 %(valid_to)s）。"),
    "judged": gettext_lazy("%(label)s为定性要求，需人工审核。"),
    "judged_points": gettext_lazy("%(label)s需专家或人工评价（0–%(max)s 分）。"),
    "platform_score_needed": gettext_lazy(
        "%(label)s由优质中小企业梯度培育平台计算，记录中没有该得分，需人工核实是否达到 %(min)s 分。"
    ),
    "points": gettext_lazy("%(label)s%(option)s：%(value)s，得 %(actual)s（满分 %(max)s 分）。"),
    "points_next": gettext_lazy(
        "%(label)s%(option)s：%(value)s，得 %(actual)s（满分 %(max)s 分），达到 %(next)s 可得 %(next_points)s 分。"
    ),
    "points_partial": gettext_lazy(
        "%(label)s%(option)s：%(value)s，得 %(actual)s（满分 %(max)s 分）；缺少%(missing)s，另一种算法可能得分更高。"
    ),
    "ip_points": gettext_lazy("%(label)s：%(field)s %(count)s 项，得 %(actual)s（满分 %(max)s 分）。"),
    "ip_none": gettext_lazy("%(label)s：没有Ⅰ类或Ⅱ类知识产权，得 0 分（满分 %(max)s 分）。"),
    "choice_points": gettext_lazy("%(label)s：%(choice)s，得 %(actual)s（满分 %(max)s 分）。"),
    "step_points": gettext_lazy("%(label)s：%(value)s，得 %(actual)s（满分 %(max)s 分）。"),
    "score_pass": gettext_lazy("%(label)s %(actual)s，达到 %(required)s的要求。"),
    "score_fail": gettext_lazy("%(label)s %(actual)s，低于 %(required)s，至少还差 %(gap)s。"),
    "score_fail_above": gettext_lazy("%(label)s %(actual)s，须高于 %(limit)s 分，至少还差 %(gap)s。"),
    "score_open": gettext_lazy("%(label)s可得 %(actual)s（含需人工评价的项），能否达到 %(required)s 需人工审核。"),
    "score_open_missing": gettext_lazy("%(label)s可得 %(actual)s，部分指标缺少数据，补齐后才能判断能否达到 %(required)s。"),
    "route_pass": gettext_lazy("%(label)s：符合“%(route)s”，可直接通过。"),
    "condition_pass": gettext_lazy("%(label)s：%(route)s，符合要求。"),
    "route_unknown": gettext_lazy("%(label)s：%(routes)s缺少数据，无法判断能否直接通过。"),
    "route_none": gettext_lazy("%(label)s：不符合%(routes)s中的任何一项。"),
    "exempt": gettext_lazy("%(label)s：符合“%(route)s”，免于此项要求。"),
    "equity_pass": gettext_lazy(
        "%(label)s：营业收入 %(actual)s，低于 %(required)s，但近 %(years)s 年新增股权融资 %(equity)s，达到 %(equity_min)s。"
    ),
    "equity_unknown": gettext_lazy(
        "%(label)s：营业收入 %(actual)s，低于 %(required)s；缺少股权融资记录，无法判断近 %(years)s 年股权融资能否达到 %(equity_min)s。"
    ),
    "revenue_equity_fail": gettext_lazy(
        "%(label)s：营业收入 %(actual)s，低于 %(required)s，差 %(gap)s；近 %(years)s 年新增股权融资 %(equity)s，"
        "也未达到 %(equity_min)s。"
    ),
    "scale_up_pass": gettext_lazy("%(label)s：成立 %(age)s 年，营业收入 %(actual)s，达到 %(required)s。"),
    "scale_up_too_old": gettext_lazy("%(label)s：企业成立已 %(age)s 年，超过快速成长通道的年限。"),
    "scale_up_fail": gettext_lazy("%(label)s：成立 %(age)s 年，营业收入 %(actual)s，低于 %(required)s，差 %(gap)s。"),
    "innovation_pass": gettext_lazy(
        "%(label)s %(actual)s（知识产权 %(ip)s、科技成果转化 %(conversion)s、研究开发组织管理 %(management)s、"
        "企业成长性 %(growth)s），最低也高于 %(limit)s 分，符合要求。"
    ),
    "innovation_fail": gettext_lazy(
        "%(label)s %(actual)s（知识产权 %(ip)s、科技成果转化 %(conversion)s、研究开发组织管理 %(management)s、"
        "企业成长性 %(growth)s），最高 %(hi)s 分，达不到高于 %(limit)s 分的要求，至少还差 %(gap)s。"
    ),
    "innovation_open": gettext_lazy(
        "%(label)s %(actual)s（知识产权 %(ip)s、科技成果转化 %(conversion)s、研究开发组织管理 %(management)s、"
        "企业成长性 %(growth)s），能否高于 %(limit)s 分需专家评审。"
    ),
    "innovation_missing": gettext_lazy(
        "%(label)s %(actual)s（知识产权 %(ip)s、科技成果转化 %(conversion)s、研究开发组织管理 %(management)s、"
        "企业成长性 %(growth)s）；缺少%(missing)s，补齐后再判断能否高于 %(limit)s 分。"
    ),
    "lg_rd_pass": gettext_lazy("%(label)s：%(year)s年研发费用占营业收入比例 %(actual)s，达到 %(required)s%(band)s的要求。"),
    "lg_rd_fail": gettext_lazy(
        "%(label)s：%(year)s年研发费用占营业收入比例 %(actual)s，低于 %(required)s%(band)s，差 %(gap)s，"
        "需再增加研发费用约 %(amount)s。"
    ),
    "lg_small_pass": gettext_lazy(
        "%(label)s：营业收入低于 5000 万元，近两年研发费用 %(actual)s（须 %(required)s 以上）、新增股权融资 %(equity)s"
        "（须 %(equity_min)s 以上）、研发人员占比 %(staff)s（须 %(staff_min)s 以上），均达到要求。"
    ),
    "lg_small_fail": gettext_lazy(
        "%(label)s：营业收入低于 5000 万元，近两年研发费用 %(actual)s（须 %(required)s 以上）、新增股权融资 %(equity)s"
        "（须 %(equity_min)s 以上）、研发人员占比 %(staff)s（须 %(staff_min)s 以上），未全部达到要求。"
    ),
}

# How the numbers read, by the criterion's unit; a gap in percent is in percentage points.
UNITS = {
    "wan": gettext_lazy("%(value)s 万元"),
    "person": gettext_lazy("%(value)s 人"),
    "item": gettext_lazy("%(value)s 项"),
    "year": gettext_lazy("%(value)s 年"),
    "day": gettext_lazy("%(value)s 天"),
    "point": gettext_lazy("%(value)s 分"),
    "rank": gettext_lazy("%(value)s"),
    "pct": gettext_lazy("%(value)s%%"),
    "pct_gap": gettext_lazy("%(value)s 个百分点"),
    "usd_yi": gettext_lazy("%(value)s 亿美元"),
    "usd_wan": gettext_lazy("%(value)s 万美元"),
    "range": gettext_lazy("%(lo)s–%(hi)s"),
    "separator": gettext_lazy("、"),
    "quoted": gettext_lazy("“%(value)s”"),
    "year_figure": gettext_lazy("%(year)s年%(figure)s"),
}

# The figures a message may name (the record's keys).
FIGURES = {
    "employees": gettext_lazy("职工总数"),
    "st_staff": gettext_lazy("科技人员数"),
    "rd_staff": gettext_lazy("研发人员数"),
    "revenue": gettext_lazy("销售（营业）收入"),
    "main_revenue": gettext_lazy("主营业务收入"),
    "high_tech_revenue": gettext_lazy("高新技术产品（服务）收入"),
    "total_assets": gettext_lazy("资产总额"),
    "total_liabilities": gettext_lazy("负债总额"),
    "net_profit": gettext_lazy("净利润"),
    "rd_expense": gettext_lazy("研发费用"),
    "rd_expense_domestic": gettext_lazy("境内研发费用"),
    "cost_total": gettext_lazy("成本费用支出总额"),
    "results_commercialized": gettext_lazy("科技成果转化数"),
    "growth": gettext_lazy("计算成长性所需的净资产或销售收入"),
    "founded": gettext_lazy("成立日期"),
    "tech_domain": gettext_lazy("技术领域"),
    "listed": gettext_lazy("上市情况"),
    "niche_years": gettext_lazy("从事细分市场年限"),
    "market_share": gettext_lazy("细分市场占有率"),
    "strategic_emerging": gettext_lazy("是否属于战略性新兴产业"),
    "equity_financing": gettext_lazy("股权融资记录"),
    "rd_institution_level": gettext_lazy("研发机构级别"),
    "valuation_usd": gettext_lazy("最近一轮估值"),
    "funding_total_usd": gettext_lazy("累计融资额"),
    "flags.resident": gettext_lazy("是否居民企业"),
    "ip.class1": gettext_lazy("Ⅰ类知识产权数"),
    "ip.class1_self_developed": gettext_lazy("自主研发的Ⅰ类知识产权数"),
    "ip.class1_high_value": gettext_lazy("Ⅰ类高价值知识产权数"),
    "ip.class2": gettext_lazy("Ⅱ类知识产权数"),
    "ip.standards_led": gettext_lazy("主导制定的标准数"),
    "class1": gettext_lazy("Ⅰ类知识产权"),
    "class1_self_developed": gettext_lazy("自主研发的Ⅰ类知识产权"),
    "class1_high_value": gettext_lazy("Ⅰ类高价值知识产权"),
    "class2": gettext_lazy("Ⅱ类知识产权"),
    "major_incident_last_year": gettext_lazy("重大安全、质量事故或严重环境违法"),
    "dishonest": gettext_lazy("严重失信"),
    "restricted_industry": gettext_lazy("限制、淘汰类或不适用加计扣除的行业"),
}

# The bands a threshold came from, shown after the required value.
BANDS = {
    "band_hnte_small": gettext_lazy("（最近一年销售收入 5000 万元及以下）"),
    "band_hnte_middle": gettext_lazy("（最近一年销售收入 5000 万–2 亿元）"),
    "band_hnte_large": gettext_lazy("（最近一年销售收入 2 亿元以上）"),
    "band_lg_upper": gettext_lazy("（营业收入 1 亿元以上）"),
    "band_lg_middle": gettext_lazy("（营业收入 5000 万–1 亿元）"),
}

# Direct-pass and exemption routes, and the scoring options.
ROUTES = {
    "high_tech_certificate": gettext_lazy("持有有效的高新技术企业证书"),
    "innovation_titles": gettext_lazy("持有有效的高新技术企业、国家级技术创新示范企业或知识产权优势、示范企业称号"),
    "national_award": gettext_lazy("近年获国家级科技奖励并排名前列"),
    "provincial_award": gettext_lazy("近年获省级科技奖励并排名前列"),
    "any_award": gettext_lazy("近三年获国家级或省级科技奖励"),
    "provincial_institution": gettext_lazy("拥有省部级以上研发机构"),
    "standard_led": gettext_lazy("主导制定过国际、国家或行业标准"),
    "equity": gettext_lazy("近年获得合格机构投资者的股权融资达到规定金额"),
    "rd_average": gettext_lazy("近两年研发费用年均达到规定金额"),
    "rd_institution": gettext_lazy("自建或联合建立研发机构"),
    "chuangke": gettext_lazy("创客中国大赛获奖（记录中无此数据，需人工核实）"),
    "revenue": gettext_lazy("（按销售收入计）"),
    "cost": gettext_lazy("（按成本费用支出计）"),
    "amount": gettext_lazy("（按研发费用金额计）"),
    "ratio": gettext_lazy("（按研发费用占营业收入比重计）"),
}

CHOICES = {
    "national": gettext_lazy("国家级"),
    "provincial": gettext_lazy("省级"),
    "city": gettext_lazy("市级"),
    "county": gettext_lazy("市级以下"),
    "none": gettext_lazy("无研发机构"),
    "true": gettext_lazy("属于战略性新兴产业"),
    "false": gettext_lazy("不属于战略性新兴产业"),
}

# Errors of the record and of rule files.
ERRORS = {
    "record_not_object": gettext_lazy("%(field)s 应为 JSON 对象。"),
    "record_not_list": gettext_lazy("%(field)s 应为列表。"),
    "record_not_number": gettext_lazy("%(field)s 应为数字，实际为 %(value)s。"),
    "record_not_integer": gettext_lazy("%(field)s 应为整数，实际为 %(value)s。"),
    "record_not_bool": gettext_lazy("%(field)s 应为 true 或 false，实际为 %(value)s。"),
    "record_not_text": gettext_lazy("%(field)s 应为文本，实际为 %(value)s。"),
    "record_not_date": gettext_lazy("%(field)s 应为 YYYY-MM-DD 格式的日期，实际为 %(value)s。"),
    "record_negative": gettext_lazy("%(field)s 不能为负数，实际为 %(value)s。"),
    "record_share": gettext_lazy("%(field)s 应为 0 到 1 之间的比例，实际为 %(value)s。"),
    "record_year": gettext_lazy("%(field)s 应为年份（整数），实际为 %(value)s。"),
    "record_year_duplicate": gettext_lazy("%(field)s：%(value)s 年的数据重复。"),
    "record_required": gettext_lazy("缺少必填字段 %(field)s。"),
    "record_choice": gettext_lazy("%(field)s 的值 %(value)s 无效，应为 %(choices)s 之一。"),
    "record_no_year": gettext_lazy("%(field)s 中没有任何年度数据，请用 --year 指定评价年度。"),
    "line_not_json": gettext_lazy("不是有效的 JSON（第 %(column)s 列：%(error)s）。"),
    "line_too_deep": gettext_lazy("JSON 嵌套过深。"),
    "tier_unknown": gettext_lazy("未知的梯度“%(tier)s”，应为 %(tiers)s 之一。"),
    "rule_file_unreadable": gettext_lazy("规则文件 %(file)s 无法读取：%(error)s"),
    "rule_field_missing": gettext_lazy("规则文件 %(file)s 缺少字段 %(field)s。"),
    "rule_tier_unknown": gettext_lazy("规则文件 %(file)s：未知的梯度“%(tier)s”。"),
    "rule_parameter_unknown": gettext_lazy("规则文件 %(file)s：未知的参数“%(parameter)s”。"),
    "rule_parameter_type": gettext_lazy("规则文件 %(file)s：参数“%(parameter)s”的类型与原规则不一致。"),
    "rule_kind_unknown": gettext_lazy("规则文件 %(file)s：条件 %(key)s 的类型“%(kind)s”不存在。"),
    "rule_criterion_invalid": gettext_lazy("规则文件 %(file)s：条件 %(key)s 的写法有误（%(error)s）。"),
    "rule_decision_key": gettext_lazy("规则文件 %(file)s：判定中引用的条件 %(key)s 不存在。"),
    "rule_route_unknown": gettext_lazy("规则文件 %(file)s 中的直接通过途径“%(route)s”不存在。"),
    "rule_directory_missing": gettext_lazy("规则目录 %(directory)s 不存在。"),
}

# The label of every criterion of every tier, "tier.key".
LABELS = {
    "tech_sme.resident": gettext_lazy("在中国境内（不含港澳台）注册的居民企业"),
    "tech_sme.size_staff": gettext_lazy("职工总数"),
    "tech_sme.size_revenue": gettext_lazy("年销售收入"),
    "tech_sme.size_assets": gettext_lazy("资产总额"),
    "tech_sme.industry_not_excluded": gettext_lazy("所在行业不属于禁止、限制和淘汰类"),
    "tech_sme.integrity": gettext_lazy("上一会计年度及当年无重大事故、严重失信或弄虚作假"),
    "tech_sme.st_staff_score": gettext_lazy("科技人员指标"),
    "tech_sme.rd_score": gettext_lazy("研发投入指标"),
    "tech_sme.ip_score": gettext_lazy("科技成果指标"),
    "tech_sme.total_score": gettext_lazy("综合评价得分"),
    "tech_sme.direct_pass": gettext_lazy("直接确认条件"),
    "high_tech.registered_one_year": gettext_lazy("注册成立时间"),
    "high_tech.core_ip": gettext_lazy("拥有核心知识产权（Ⅰ类与Ⅱ类合计）"),
    "high_tech.tech_domain": gettext_lazy("核心技术属于《国家重点支持的高新技术领域》"),
    "high_tech.st_staff_ratio": gettext_lazy("科技人员占职工总数比例"),
    "high_tech.rd_ratio": gettext_lazy("近三年研发费用占销售收入比例"),
    "high_tech.rd_domestic_share": gettext_lazy("境内研发费用占全部研发费用比例"),
    "high_tech.high_tech_revenue_share": gettext_lazy("近一年高新技术产品（服务）收入占总收入比例"),
    "high_tech.innovation_score": gettext_lazy("企业创新能力评价"),
    "high_tech.no_major_incident": gettext_lazy("申请前一年内无重大安全、质量事故或严重环境违法行为"),
    "innovative_sme.ip_score": gettext_lazy("与主导产品相关的有效知识产权"),
    "innovative_sme.rd_score": gettext_lazy("上年度研发费用占营业收入比重"),
    "innovative_sme.growth_score": gettext_lazy("上年度主营业务收入增长率"),
    "innovative_sme.debt_score": gettext_lazy("上年度资产负债率"),
    "innovative_sme.field_score": gettext_lazy("主导产品所属领域"),
    "innovative_sme.main_business_score": gettext_lazy("主营业务收入占营业收入比重"),
    "innovative_sme.innovation_group": gettext_lazy("创新能力指标得分"),
    "innovative_sme.growth_group": gettext_lazy("成长性指标得分"),
    "innovative_sme.specialization_group": gettext_lazy("专业化指标得分"),
    "innovative_sme.total_score": gettext_lazy("评价总分"),
    "innovative_sme.direct_pass": gettext_lazy("直接认定条件"),
    "specialized_sme.niche_years": gettext_lazy("从事特定细分市场年限"),
    "specialized_sme.rd_expense": gettext_lazy("上年度研发费用"),
    "specialized_sme.2026.rd_expense": gettext_lazy("近2年每年研发费用（取较低一年）"),
    "specialized_sme.rd_ratio": gettext_lazy("上年度研发费用占营业收入比重"),
    "specialized_sme.2026.rd_ratio": gettext_lazy("近2年每年研发费用占营业收入比重（取较低一年）"),
    "specialized_sme.revenue": gettext_lazy("上年度营业收入"),
    "specialized_sme.main_business_share_score": gettext_lazy("主营业务收入占营业收入比重"),
    "specialized_sme.main_growth_score": gettext_lazy("近2年主营业务收入平均增长率"),
    "specialized_sme.niche_years_score": gettext_lazy("从事特定细分市场年限"),
    "specialized_sme.product_field_score": gettext_lazy("主导产品所属领域情况"),
    "specialized_sme.digital_score": gettext_lazy("数字化水平"),
    "specialized_sme.quality_management_score": gettext_lazy("质量管理水平"),
    "specialized_sme.net_margin_score": gettext_lazy("上年度净利润率"),
    "specialized_sme.debt_score": gettext_lazy("上年度资产负债率"),
    "specialized_sme.local_score": gettext_lazy("地方特色指标"),
    "specialized_sme.ip_score": gettext_lazy("与主导产品相关的有效知识产权"),
    "specialized_sme.rd_score": gettext_lazy("上年度研发费用投入"),
    "specialized_sme.rd_staff_score": gettext_lazy("上年度研发人员占比"),
    "specialized_sme.rd_institution_score": gettext_lazy("建立研发机构级别"),
    "specialized_sme.total_score": gettext_lazy("专精特新评价得分"),
    "specialized_sme.direct_pass": gettext_lazy("直接认定条件"),
    "specialized_sme.prerequisite_title": gettext_lazy("有效期内的科技和创新型中小企业"),
    "specialized_sme.main_business_share": gettext_lazy("主营业务收入占营业收入比重"),
    "specialized_sme.debt_ratio": gettext_lazy("上年末资产负债率"),
    "specialized_sme.class1_ip": gettext_lazy("与主导产品相关的Ⅰ类知识产权"),
    "specialized_sme.market_share": gettext_lazy("主导产品细分市场占有率较为靠前"),
    "specialized_sme.quality_score": gettext_lazy("专精特新发展评价得分"),
    "little_giant.niche_years": gettext_lazy("从事特定细分市场年限"),
    "little_giant.main_business_share": gettext_lazy("主营业务收入占营业收入比重"),
    "little_giant.main_revenue_growth": gettext_lazy("近2年主营业务收入平均增长率"),
    "little_giant.information_system": gettext_lazy("核心业务环节采用信息系统"),
    "little_giant.management_certification": gettext_lazy("管理体系认证或发达国家和地区产品认证"),
    "little_giant.debt_ratio": gettext_lazy("上年末资产负债率"),
    "little_giant.market_share": gettext_lazy("主导产品细分市场占有率"),
    "little_giant.own_brand": gettext_lazy("拥有具有竞争优势的自主品牌"),
    "little_giant.rd_ratio": gettext_lazy("近2年研发费用占营业收入比重"),
    "little_giant.rd_institution": gettext_lazy("自建或联合建立研发机构"),
    "little_giant.class1_ip": gettext_lazy("与主导产品相关的Ⅰ类知识产权"),
    "little_giant.2026.class1_ip": gettext_lazy("与主导产品相关的自有Ⅰ类知识产权（受让的不计）"),
    "little_giant.direct_pass": gettext_lazy("创新能力直通条件"),
    "little_giant.chain_role": gettext_lazy("位于产业链关键环节（链）"),
    "little_giant.product_field": gettext_lazy("主导产品所属领域（品）"),
    "little_giant.prerequisite_title": gettext_lazy("有效期内的省级专精特新中小企业"),
    "little_giant.revenue": gettext_lazy("上年度营业收入"),
    "little_giant.revenue_growth": gettext_lazy("近2年营业收入复合增长率"),
    "little_giant.rd_expense": gettext_lazy("近2年研发费用总额"),
    "little_giant.2026.rd_ratio": gettext_lazy("近2年每年研发费用占营业收入比重（取较低一年）"),
    "little_giant.quality_score": gettext_lazy("专精特新发展评价得分"),
    "gazelle.age": gettext_lazy("成立年限"),
    "gazelle.not_listed": gettext_lazy("未上市"),
    "gazelle.revenue_floor": gettext_lazy("基期年营业收入"),
    "gazelle.revenue_cagr": gettext_lazy("营业收入复合增长率"),
    "gazelle.latest_growth": gettext_lazy("最近一年营业收入增长率"),
    "gazelle.scale_up": gettext_lazy("快速成长通道（成立年限内营业收入规模）"),
    "potential_unicorn.age": gettext_lazy("成立年限"),
    "potential_unicorn.not_listed": gettext_lazy("未上市"),
    "potential_unicorn.valuation": gettext_lazy("最近一轮估值"),
    "potential_unicorn.funding": gettext_lazy("累计融资额"),
    "unicorn.age": gettext_lazy("成立年限"),
    "unicorn.not_listed": gettext_lazy("未上市"),
    "unicorn.valuation": gettext_lazy("最近一轮投后估值"),
    "unicorn.funding": gettext_lazy("累计融资额"),
}


def error_text(exc: CodedError) -> str:
    """The Chinese text of a RecordError or RuleError."""
    return render(exc.message, ERRORS)


def _number(value) -> str:
    # The engine rounds to two decimals and gives integral values as int, so str() is the short form.
    if value.__class__ is float and value.is_integer():
        return str(int(value))
    return str(value)


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class CriteriaRenderer:
    """Renders a criterion result as (label, message): `render(labels, result)`.

    Each message text is compiled once into the list of its placeholders with the function that
    formats each, so a result formats only what its sentence shows.
    """

    def __init__(self):
        self.texts = {code: str(text) for code, text in CRITERIA.items()}
        self.units = {code: str(text) for code, text in UNITS.items()}
        self.figures = {code: str(text) for code, text in FIGURES.items()}
        self.bands = {code: str(text) for code, text in BANDS.items()}
        self.routes = {code: str(text) for code, text in ROUTES.items()}
        self.choices = {code: str(text) for code, text in CHOICES.items()}
        self.labels: dict[tuple[str, str], dict[str, str]] = {}
        self.tiers = {key: str(text) for key, text in TIERS.items()}
        self.separator = self.units["separator"]
        # Keyed by the id of a labels dict this renderer owns (self.labels), so the id is never reused.
        self.constants: dict[tuple, tuple[str, str]] = {}
        self.compiled = {code: (text, tuple((name, self._formatter(name)) for name in PLACEHOLDER.findall(text)
                                            if name != "label"))
                         for code, text in self.texts.items()}

    def _formatter(self, name: str):
        quantity = self.quantity
        if name == "actual":
            return lambda result: quantity(result.actual, result.unit)
        if name == "required":
            return lambda result: quantity(result.required, result.unit)
        if name == "gap":
            return lambda result: quantity(result.gap, result.unit, True)
        param = self._param
        if name in {"band", "option"}:
            return lambda result: param(name, result.params.get(name), result.params) if result.params else ""
        return lambda result: param(name, result.params.get(name), result.params)

    def quantity(self, value, unit: str | None, gap: bool = False) -> str:
        if value is None:
            return "—"
        cls = value.__class__
        if (cls is int or cls is float) and unit in self.units and not (gap and unit == "pct"):
            return self.units[unit] % {"value": _number(value)}
        if isinstance(value, list):
            shown = self.units["range"] % {"lo": _number(value[0]), "hi": _number(value[1])}
            return self.units[unit] % {"value": shown} if unit in self.units else shown
        if unit is None or isinstance(value, (bool, str)):
            return str(value)
        if unit == "usd":
            if value >= 1e8:
                return self.units["usd_yi"] % {"value": _number(round(value / 1e8, 2))}
            return self.units["usd_wan"] % {"value": _number(round(value / 1e4, 2))}
        if unit == "pct" and gap:
            unit = "pct_gap"
        return self.units[unit] % {"value": _number(value)}

    def missing(self, names) -> str:
        shown = []
        for name in names:
            figure, _at, year = name.partition("@")
            text = self.figures.get(figure, figure)
            shown.append(self.units["year_figure"] % {"year": year, "figure": text} if year else text)
        return self.separator.join(shown)

    def labels_for(self, tier: str, edition: str) -> dict[str, str]:
        """key → label for one edition: "tier.edition.key" where an edition words it differently, else "tier.key"."""
        found = self.labels.get((tier, edition))
        if found is None:
            found = {}
            for name, text in LABELS.items():
                parts = name.split(".")
                if parts[0] == tier and (len(parts) == 2 or parts[1] == edition):
                    if len(parts) == 3 or parts[-1] not in found:
                        found[parts[-1]] = str(text)
            self.labels[(tier, edition)] = found
        return found

    def __call__(self, labels: dict[str, str], result) -> tuple[str, str]:
        """(label, message) of one result; `labels` from labels_for(tier, edition)."""
        actual = result.actual
        # Results without figures (flags, judged parts, titles) read the same for every enterprise.
        constant = result.params is None and (actual is None or actual.__class__ is bool)
        if constant:
            key = (id(labels), result.key, result.code, actual)
            found = self.constants.get(key)
            if found is not None:
                return found
        label = labels[result.key]
        text, formatters = self.compiled[result.code]
        values = {"label": label}
        for name, formatter in formatters:
            values[name] = formatter(result)
        found = label, text % values
        if constant:
            self.constants[key] = found
        return found

    def _param(self, name: str, value, params: dict):
        if value is None:
            return "" if name in {"band", "option"} else "—"
        if name == "missing":
            return self.missing(value)
        if name == "band":
            return self.bands[value]
        if name in {"route", "option"}:
            return self.routes.get(value, "") if value else ""
        if name == "routes":
            return self.separator.join(self.units["quoted"] % {"value": self.routes[item]} for item in value)
        if name in {"figure", "field"}:
            return self.figures[value]
        if name == "flags":
            return self.separator.join(self.figures[item] for item in value)
        if name == "choice":
            return self.choices.get(value, value)
        if name in {"kind", "kinds"}:
            kinds = [value] if isinstance(value, str) else value
            return self.separator.join(self.tiers.get(item, item) for item in kinds)
        if name in {"amount", "equity", "equity_min"}:
            return self.quantity(value, "wan")
        if name in {"staff", "staff_min"}:
            return self.quantity(value, "pct")
        if name in {"value", "next"}:
            return self.quantity(value, params.get("value_unit"))
        if name in {"ip", "conversion", "management", "growth"}:
            return self.quantity(value, "point")
        if name in {"lo", "hi", "limit", "max", "min"}:
            return _number(value)
        return value if isinstance(value, (int, float, str)) else str(value)
