"""Supervision API schemas.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

import datetime
from typing import Literal

from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from kechuang.core.schemas import Id, PatchSchema

from .choices import NoticeStatus, ReportFrequency, TaskStatus


class UnitRef(Schema):
    id: int
    name: str


class MilestoneOut(Schema):
    id: int
    task_id: int
    title: str
    due_date: datetime.date
    completed_on: datetime.date | None
    evidence: str
    state: str = Field(..., description=gettext_lazy("done 按期完成 / done_late 逾期完成 / overdue 逾期未完成 / open 未到期"))


class TaskOut(Schema):
    id: int
    plan_id: int
    parent_id: int | None
    number: str
    title: str
    status: TaskStatus
    deadline: datetime.date | None
    recurrence: ReportFrequency | Literal[""] = Field(..., description=gettext_lazy("完成频次；一次性任务为空"))
    leaders: str = Field(..., description=gettext_lazy("责任领导（人员姓名，顿号分隔）"))
    completion: float | None = Field(..., description=gettext_lazy("完成度，0–1；未知为 null"))
    completion_source: str = Field(..., description="milestones / children / report / manual / status / none")
    overdue: bool
    lead_units: list[UnitRef]
    support_units: list[UnitRef]


class TaskDetailOut(TaskOut):
    description: str
    milestones: list[MilestoneOut]


class TaskIn(Schema):
    number: str = Field("", max_length=40)
    title: str = Field(..., min_length=1, max_length=300)
    parent_id: Id | None = None
    description: str = Field("", max_length=20000)
    deadline: datetime.date | None = None
    recurrence: ReportFrequency | Literal[""] = ""
    leaders: str = Field("", max_length=200)
    manual_percent: int | None = Field(None, ge=0, le=100)
    lead_unit_ids: list[Id] = Field(..., min_length=1, description=gettext_lazy("牵头单位编号，至少一个"))
    support_unit_ids: list[Id] = Field([], description=gettext_lazy("配合单位编号"))


class TaskPatch(PatchSchema):
    number: str = Field(None, max_length=40)
    title: str = Field(None, min_length=1, max_length=300)
    parent_id: Id | None = None
    description: str = Field(None, max_length=20000)
    deadline: datetime.date | None = None
    recurrence: ReportFrequency | Literal[""] = None
    leaders: str = Field(None, max_length=200)
    manual_percent: int | None = Field(None, ge=0, le=100)
    lead_unit_ids: list[Id] = Field(
        None, min_length=1, description=gettext_lazy("给出时替换全部牵头单位；配合单位未给出时保持不变")
    )
    support_unit_ids: list[Id] = Field(None, description=gettext_lazy("给出时替换全部配合单位；[] 清空"))
    reason: str = Field("", max_length=100)


class TaskStatusIn(Schema):
    status: TaskStatus
    reason: str = Field("", max_length=100)


class MilestoneIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    due_date: datetime.date
    evidence: str = Field("", max_length=5000)


class MilestonePatch(PatchSchema):
    title: str = Field(None, min_length=1, max_length=300)
    due_date: datetime.date = None
    evidence: str = Field(None, max_length=5000)


class MilestoneCompleteIn(Schema):
    completed_on: datetime.date | None = None
    evidence: str = Field("", max_length=5000)


class ReportOut(Schema):
    id: int
    task_id: int
    organization: UnitRef
    period: str
    due_date: datetime.date
    submitted_at: datetime.datetime
    late: bool
    percent: int | None
    text: str
    attachment_name: str

    @staticmethod
    def resolve_late(obj) -> bool:
        return obj.is_late


class ReportIn(Schema):
    period: str = Field(..., max_length=8, description=gettext_lazy("报告期，如 2025-Q1、2025-H1、2025-07、2025"))
    text: str = Field(..., min_length=1, max_length=20000)
    percent: int | None = Field(None, ge=0, le=100)
    organization_id: Id | None = Field(None, description=gettext_lazy("报送单位；属于该任务多个责任单位时必填"))


class NoticeOut(Schema):
    id: int
    task_id: int
    organization: UnitRef
    subject: str
    body: str
    reply_due: datetime.date
    status: NoticeStatus
    issued_at: datetime.datetime
    reply: str
    replied_at: datetime.datetime | None
    answered_on_time: bool


class NoticeIn(Schema):
    organization_id: Id
    subject: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=20000)
    reply_due: datetime.date


class NoticeAnswerIn(Schema):
    reply: str = Field(..., min_length=1, max_length=20000)


class NoticeCloseIn(Schema):
    reason: str = Field("", max_length=100)


class DimensionOut(Schema):
    weight: float
    rate: float | None
    lead_hits: int
    lead_total: int
    support_hits: int
    support_total: int


class RecordOut(Schema):
    dimension: str
    kind: str
    id: str
    title: str
    task: str
    role: str
    due: datetime.date | None
    done: datetime.date | None
    on_time: bool
    verdict: str


class ScorecardRowOut(Schema):
    organization: UnitRef
    rank: int | None
    score: float | None
    dimensions: dict[str, DimensionOut]
    records: list[RecordOut] | None = Field(None, description=gettext_lazy("考核明细：仅科技局与本单位可见"))


class WeightsOut(Schema):
    milestones: float
    reports: float
    indicators: float
    notices: float
    support: float


class ScorecardOut(Schema):
    plan_id: int
    year: int
    as_of: datetime.date
    weights: WeightsOut
    rows: list[ScorecardRowOut]
