from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("实施中")
    CLOSED = "closed", _("已结束")


class IndicatorAttribute(models.TextChoices):
    EXPECTED = "expected", _("预期性")
    BINDING = "binding", _("约束性")


class Direction(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class Comparator(models.TextChoices):
    AT_LEAST = ">=", _("不低于")
    AT_MOST = "<=", _("不高于")
    ABOUT = "=", _("左右")


class DataSource(models.TextChoices):
    MANUAL = "manual", _("责任单位填报")
    IMPORT = "import", _("批量导入")
    COMPUTED = "computed", _("平台数据自动计算")


class ObservationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    VERIFIED = "verified", _("已审核")
    RETURNED = "returned", _("已退回")


class ProgressStatus(models.TextChoices):
    """The statuses of the progress engine (kechuang.plans.progress.STATUSES), in Chinese."""

    ACHIEVED = "achieved", _("已达成")
    ON_TRACK = "on_track", _("进展正常")
    AT_RISK = "at_risk", _("存在风险")
    OFF_TRACK = "off_track", _("明显滞后")
    UNKNOWN = "unknown", _("无法判断")
