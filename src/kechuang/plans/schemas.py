"""Plans API schemas.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

import datetime
from typing import Annotated, Any

from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from kechuang.core.schemas import Id, PatchSchema

from .choices import (
    Comparator,
    DataSource,
    Direction,
    IndicatorAttribute,
    ObservationStatus,
    PlanStatus,
    ProgressStatus,
)

Year = Annotated[int, Field(ge=1900, le=2200)]
# No NUL characters: PostgreSQL cannot store them in text.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]


class UnitRef(Schema):
    id: int
    name: str


class PlanOut(Schema):
    id: int
    title: str
    issuer: UnitRef | None
    region_code: str | None
    start_year: int
    end_year: int
    horizons: list[int]
    status: PlanStatus
    status_label: str
    summary: str
    source_name: str

    @staticmethod
    def resolve_region_code(obj) -> str | None:
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class PlanIn(Schema):
    title: Text = Field(..., min_length=1, max_length=200)
    issuer_id: Id | None = None
    region_code: str | None = Field(None, pattern=r"^\d{6}$")
    start_year: Year
    end_year: Year
    horizons: list[Year] = Field(default_factory=list, max_length=10)
    status: PlanStatus = PlanStatus.ACTIVE
    summary: Text = Field("", max_length=20000)


class PlanPatch(PatchSchema):
    title: Text = Field(None, min_length=1, max_length=200)
    issuer_id: Id | None = None
    region_code: str | None = Field(None, pattern=r"^\d{6}$")
    start_year: Year = None
    end_year: Year = None
    horizons: list[Year] = Field(None, max_length=10)
    status: PlanStatus = None
    summary: Text = Field(None, max_length=20000)


class TargetSchema(Schema):
    year: Year | None = Field(None, description=gettext_lazy("目标年；不填为每年目标"))
    year_unknown: bool = Field(False, description=gettext_lazy("目标年份不详（原文被遮盖，如 20XX），此时不填目标年"))
    value: float | None = Field(None, description=gettext_lazy("目标值（绝对数值）"), allow_inf_nan=False)
    comparator: Comparator = Comparator.AT_LEAST
    relative: str = Field("", max_length=16, description=gettext_lazy("x2 翻一番、x1.3、+2pp、+15%/yr"), pattern=r"^[^\x00]*$")


class IndicatorOut(Schema):
    id: int
    plan_id: int
    position: int
    name: str
    unit: str
    category: str
    attribute: str
    direction: str
    scope: str
    baseline_year: int | None
    baseline_value: float | None
    responsible_unit: UnitRef | None
    data_source: DataSource
    metric: str
    metric_params: dict
    targets: list[TargetSchema]

    @staticmethod
    def resolve_targets(obj) -> list:
        return [
            {"year": t.year, "year_unknown": t.year_unknown, "value": t.value, "comparator": t.comparator, "relative": t.relative}
            for t in obj.targets.all()
        ]


class _IndicatorFields(Schema):
    unit: Text = Field("", max_length=30)
    category: Text = Field("", max_length=60)
    attribute: IndicatorAttribute | None = None
    direction: Direction | None = None
    scope: Text = Field("", max_length=60)
    baseline_year: Year | None = None
    baseline_value: float | None = Field(None, allow_inf_nan=False)
    responsible_unit_id: Id | None = None
    data_source: DataSource = DataSource.MANUAL
    metric: Text = Field("", max_length=60)
    metric_params: dict = Field(default_factory=dict)
    quote: Text = Field("", max_length=5000)
    position: int | None = Field(None, ge=0, le=100000)


class IndicatorIn(_IndicatorFields):
    name: Text = Field(..., min_length=1, max_length=200)
    targets: list[TargetSchema] = Field(..., min_length=1, max_length=10)


class IndicatorPatch(PatchSchema):
    name: Text = Field(None, min_length=1, max_length=200)
    unit: Text = Field(None, max_length=30)
    category: Text = Field(None, max_length=60)
    # null clears the attribute and the direction (stored as blank).
    attribute: IndicatorAttribute | None = None
    direction: Direction | None = None
    scope: Text = Field(None, max_length=60)
    baseline_year: Year | None = None
    baseline_value: float | None = Field(None, allow_inf_nan=False)
    responsible_unit_id: Id | None = None
    data_source: DataSource = None
    metric: Text = Field(None, max_length=60)
    metric_params: dict = None
    quote: Text = Field(None, max_length=5000)
    position: int = Field(None, ge=0, le=100000)
    targets: list[TargetSchema] = Field(None, min_length=1, max_length=10, description=gettext_lazy("给出则整体替换目标值"))
    reason: Text = Field("", max_length=500)


class ObservationOut(Schema):
    id: int
    indicator_id: int
    year: int
    period: str
    value: float
    status: ObservationStatus
    status_label: str
    note: str
    return_reason: str
    evidence_name: str
    submitted_by: str | None
    submitted_at: datetime.datetime | None
    verified_by: str | None
    verified_at: datetime.datetime | None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_submitted_by(obj) -> str | None:
        return obj.submitted_by.get_username() if obj.submitted_by_id else None

    @staticmethod
    def resolve_verified_by(obj) -> str | None:
        return obj.verified_by.get_username() if obj.verified_by_id else None


class ObservationIn(Schema):
    year: Year
    period: str = Field("", max_length=7, description=gettext_lazy("留空为全年；Q1–Q4、H1–H2、1–12 或 M1–M12"), pattern=r"^[^\x00]*$")
    value: float = Field(..., allow_inf_nan=False)
    note: Text = Field("", max_length=2000)
    submit: bool = Field(False, description=gettext_lazy("保存后立即报送"))
    reason: Text = Field("", max_length=500, description=gettext_lazy("更正已审核数据时必填"))


class ObservationPatch(Schema):
    value: float = Field(..., allow_inf_nan=False)
    note: Text = Field("", max_length=2000)
    reason: Text = Field("", max_length=500)


class ReturnIn(Schema):
    reason: Text = Field(..., min_length=1, max_length=2000)


class PointOut(Schema):
    year: int
    value: float


class TargetPointOut(Schema):
    year: int | None
    value: float | None


class ForecastOut(Schema):
    year: int
    value: float
    meets_target: bool


class ReasonOut(Schema):
    """A reason as its code and parameters, for scripts; `reason` is the same in words."""

    code: str
    params: dict[str, Any]


class ProgressOut(Schema):
    """The progress contract: the same object `kechuang progress FILE.json` prints."""

    status: ProgressStatus
    reason: str | None
    reasons: list[ReasonOut]
    target: TargetPointOut
    expected: float | None
    completion: float | None = Field(..., description=gettext_lazy("完成度，小数（0.104 即 10.4%）"))
    latest: PointOut | None
    forecast: ForecastOut | None
    required_annual_growth: float | None = Field(..., description=gettext_lazy("还需年均增速，小数"))


class OverrideIn(Schema):
    year: Year
    status: ProgressStatus
    reason: Text = Field(..., min_length=1, max_length=2000)


class OverrideOut(Schema):
    indicator_id: int
    year: int
    status: ProgressStatus
    status_label: str
    reason: str
    computed: dict
    created_by: str | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.get_username() if obj.created_by_id else None


class ProgressExplainOut(Schema):
    progress: ProgressOut
    computed_status_label: str
    override: OverrideOut | None
    inputs: dict = Field(..., description=gettext_lazy("计算依据：基期、所评目标、参与计算的数据、阈值、拟合点等"))
