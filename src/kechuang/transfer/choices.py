from django.db import models
from django.utils.translation import gettext_lazy as _


class Maturity(models.TextChoices):
    """技术成熟度, in the order of the matcher's vocabulary (matching/data/vocabulary.json)."""

    LAB = "lab", _("实验室")
    PILOT_SMALL = "small_pilot", _("小试")
    PILOT = "pilot", _("中试")
    INDUSTRIAL = "industrial", _("产业化")


class CooperationMode(models.TextChoices):
    TRANSFER = "transfer", _("技术转让")
    LICENSE = "license", _("技术许可")
    EQUITY = "equity", _("作价入股")
    JOINT_DEVELOPMENT = "joint_development", _("合作开发")
    SERVICE = "service", _("技术服务")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("公开")
    REGISTERED = "registered", _("注册用户可见")
    BUREAU = "bureau", _("仅科技局可见")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已下架")
