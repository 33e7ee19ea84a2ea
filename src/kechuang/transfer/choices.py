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


class MatchStatus(models.TextChoices):
    RECOMMENDED = "recommended", _("已推荐")
    CONTACTED = "contacted", _("已联系")
    NEGOTIATING = "negotiating", _("洽谈中")
    AGREED = "agreed", _("已签约")
    CLOSED = "closed", _("已关闭")


class DeclineReason(models.TextChoices):
    """Why a match was closed: counted by the bureau, and the kind of feedback the matcher can learn from."""

    WRONG_FIELD = "wrong_field", _("技术领域不符")
    TOO_EARLY = "too_early", _("成熟度不够")
    PRICE = "price", _("价格不合适")
    ALREADY_SOLVED = "already_solved", _("需求已解决")
    NO_RESPONSE = "no_response", _("对方无回应")
    OTHER = "other", _("其他")


class ContractType(models.TextChoices):
    DEVELOPMENT = "development", _("技术开发")
    TRANSFER = "transfer", _("技术转让")
    LICENSE = "license", _("技术许可")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", _("技术服务")
