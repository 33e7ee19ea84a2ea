from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    """The tier keys of the assessment contract (docs/guide/enterprises.md), lowest first."""

    TECH_SME = "tech_sme", _("科技型中小企业")
    HIGH_TECH = "high_tech", _("高新技术企业")
    INNOVATIVE_SME = "innovative_sme", _("创新型中小企业")
    SPECIALIZED_SME = "specialized_sme", _("专精特新中小企业")
    LITTLE_GIANT = "little_giant", _("专精特新“小巨人”企业")
    GAZELLE = "gazelle", _("瞪羚企业")
    POTENTIAL_UNICORN = "potential_unicorn", _("潜在独角兽企业")
    UNICORN = "unicorn", _("独角兽企业")


class ListingStatus(models.TextChoices):
    UNLISTED = "unlisted", _("未上市")
    NEEQ = "neeq", _("新三板挂牌")
    REGIONAL = "regional", _("区域股权市场挂牌")
    MAIN_BOARD = "main_board", _("境内主板上市")
    STAR_MARKET = "star_market", _("科创板上市")
    CHINEXT = "chinext", _("创业板上市")
    BSE = "bse", _("北交所上市")
    OVERSEAS = "overseas", _("境外上市")


# Listed on a stock exchange; a NEEQ or regional-market quotation is not a listing.
LISTED = {ListingStatus.MAIN_BOARD, ListingStatus.STAR_MARKET, ListingStatus.CHINEXT, ListingStatus.BSE, ListingStatus.OVERSEAS}


class FiguresStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    VERIFIED = "verified", _("已审核")
    RETURNED = "returned", _("已退回")


class Level(models.TextChoices):
    """Level of an award or of an R&D institution."""

    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("区县级")


class LogKind(models.TextChoices):
    VISIT = "visit", _("走访")
    POLICY = "policy", _("政策送达")
    REQUEST = "request", _("企业诉求")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("待办理")
    IN_PROGRESS = "in_progress", _("办理中")
    RESOLVED = "resolved", _("已办结")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")


class AssessmentStatus(models.TextChoices):
    """The four statuses of the assessment contract."""

    ELIGIBLE = "eligible", _("符合条件")
    NOT_ELIGIBLE = "not_eligible", _("不符合条件")
    NEEDS_REVIEW = "needs_review", _("需人工评审")
    UNKNOWN = "unknown", _("数据不足")


class RunStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("评价中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")
