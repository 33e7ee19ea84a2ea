from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    UNIVERSITY = "university", _("高等院校")
    RESEARCH_INSTITUTE = "research_institute", _("科研院所")
    GOVERNMENT = "government", _("政府部门")
    STREET_OFFICE = "street_office", _("街道办事处")
    BANK = "bank", _("银行")
    INVESTOR = "investor", _("投资机构")
    CARRIER_OPERATOR = "carrier_operator", _("载体运营机构")
    SERVICE_AGENCY = "service_agency", _("服务机构")


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", _("科技局管理员")
    UNIT_STAFF = "unit_staff", _("责任单位人员")
    ENTERPRISE_USER = "enterprise_user", _("企业用户")
    INSTITUTION_USER = "institution_user", _("高校院所用户")
    EXPERT = "expert", _("专家")
    FINANCIER = "financier", _("金融机构用户")


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("门类")
    DIVISION = "division", _("大类")


class TechDomainLevel(models.TextChoices):
    DOMAIN = "domain", _("一级领域")
    SUBDOMAIN = "subdomain", _("二级领域")
