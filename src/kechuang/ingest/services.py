"""From an uploaded document to a committed plan: upload, extract, review, commit."""

from __future__ import annotations

import calendar
import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core import access
from kechuang.core.audit import save_audited
from kechuang.core.choices import OrganizationKind
from kechuang.core.codes import Message
from kechuang.core.models import Organization
from kechuang.core.services import create_organization
from kechuang.plans.choices import IndicatorAttribute, PlanStatus
from kechuang.plans.models import Plan
from kechuang.plans.services import create_indicator, create_plan
from kechuang.supervision.choices import ReportFrequency
from kechuang.supervision.models import Task
from kechuang.supervision.numbering import unique_number
from kechuang.supervision.services import create_task

from . import review as review_rules
from .extract import extract
from .extract.readers import DocumentError, read_document
from .extract.tasks import document_level
from .extract.text import normalise, split_lines
from .extract.units import is_collective, normalise_unit_name, places_named
from .messages import document_error_text
from .models import PlanDocument

logger = logging.getLogger(__name__)


def max_upload_bytes() -> int:
    return settings.KECHUANG_INGEST_MAX_BYTES


# A document is extracted at most this many times: a worker killed during the last one fails it.
MAX_EXTRACT_ATTEMPTS = 2


def upload_document(*, actor, file_name: str, data: bytes, schedule: bool = True) -> PlanDocument:
    """Store an upload and schedule its extraction. Bureau admins only; refuses oversized files at once.

    `schedule=False` leaves the extraction to the caller (the CLI and the demo run it in-process).
    """
    access.require_bureau_admin(actor)
    if len(data) > max_upload_bytes():
        raise DocumentError("too_large", name=file_name, size_mb=len(data) / 1024 / 1024, max_mb=max_upload_bytes() / 1024 / 1024)
    from .tasks import run_extraction

    with transaction.atomic():
        document = PlanDocument.objects.create(file_name=file_name[:200], content=data, uploaded_by=actor)
        if schedule:
            transaction.on_commit(lambda: run_extraction.enqueue(document.pk))
    return document


def known_units() -> dict[str, int]:
    """Registry organizations by name and alias, for matching the units a plan names. The keys are
    normalised (full-width brackets half-width), so a name matches however its brackets are written."""
    names: dict[str, int] = {}
    for pk, name, aliases in Organization.objects.values_list("pk", "name", "aliases"):
        names.setdefault(normalise(name), pk)
        for alias in aliases or []:
            names.setdefault(normalise(alias), pk)
    return names


def _registered(registry: dict[str, int], *names: str) -> int | None:
    return next((registry[key] for key in map(normalise, names) if key in registry), None)


def document_places(text: str) -> frozenset[str]:
    """The places a document names, so that a unit beginning with one gets no level prefix."""
    return places_named(normalise(line) for line in text.splitlines())


def plan_level(document: PlanDocument) -> str | None:
    """The level the extractor read from the document (review_rules.guess_plan keeps it in the
    review), so that the commit prefixes bare unit names as the extraction did."""
    plan = document.review.get("plan", {})
    return plan["level"] if "level" in plan else document_level(split_lines(document.text))


def _match_units(review: dict[str, Any], registry: dict[str, int], places: frozenset[str]) -> dict[str, Any]:
    """Match each unit name to the registry, also through its normalised form (科工信局 → 区科工信局)."""
    level_prefix = review["plan"].get("level")
    for name, decision in review["units"].items():
        if decision["organization_id"] is None:
            normalised = normalise_unit_name(name, level_prefix=level_prefix, places=places)
            decision["organization_id"] = _registered(registry, name, normalised)
    return review


def extract_document(document_id: int) -> PlanDocument:
    """Read and extract one document; the proposal waits for review. Claims the row so it runs once."""
    claimed = PlanDocument.objects.filter(pk=document_id, status=PlanDocument.Status.PENDING).update(
        status=PlanDocument.Status.EXTRACTING, extracting_since=timezone.now(), attempts=models.F("attempts") + 1
    )
    document = PlanDocument.objects.get(pk=document_id)
    if not claimed:
        return document
    try:
        text = read_document(bytes(document.content), document.file_name, max_bytes=max_upload_bytes())
        extraction = extract(text, document=document.file_name)
    except DocumentError as exc:
        document.status, document.error = PlanDocument.Status.FAILED, document_error_text(exc)
    except Exception:  # an extractor bug must not leave the document stuck in "extracting"
        logger.exception("extraction failed for document %s", document_id)
        document.status, document.error = PlanDocument.Status.FAILED, _("解析时发生内部错误，已记录，请联系管理员。")
    else:
        registry = known_units()
        review = review_rules.initial_review(text, extraction, document.file_name, registry)
        document.text, document.extraction = text, extraction
        document.review = _match_units(review, registry, document_places(text))
        document.status = PlanDocument.Status.READY
    document.extracting_since = None
    document.save(update_fields=["text", "extraction", "review", "status", "error", "extracting_since"])
    logger.info("document %s extracted: %s", document.file_name, document.status)
    return document


def _require_reviewable(document: PlanDocument, actor) -> None:
    access.require_bureau_admin(actor)
    if document.status != PlanDocument.Status.READY:
        raise PermissionDenied(
            _("该文件当前状态为“%(status)s”，不能修改审核结果。") % {"status": document.get_status_display()}
        )


def change_review(
    document: PlanDocument,
    *,
    actor,
    part: tuple,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    version: int | None,
    reason: str,
) -> PlanDocument:
    """Apply one reviewer's change to one `part` of the review (see review_rules.changes_since),
    with optimistic concurrency: the change is made to the review as it is now, under a row lock,
    and refused with ReviewConflict if that part changed since the `version` the reviewer saw
    (None: no check). Each saved change adds a version and an entry with its reason to the
    document's history. Only while the document still awaits review."""
    _require_reviewable(document, actor)
    with transaction.atomic():
        current = PlanDocument.objects.select_for_update().defer("content").get(pk=document.pk)
        if current.status != PlanDocument.Status.READY:
            raise PermissionDenied(_("该文件已生成规划或不在审核中。"))
        if version is not None and version != current.version:
            _check_unchanged(current, version, part)
        current.review = change(current.review)
        current.version += 1
        save_audited(current, actor=actor, reason=reason, update_fields=["review", "version"])
    document.review, document.version = current.review, current.version
    return document


def save_review(document: PlanDocument, review: dict[str, Any], *, actor, reason: str = "") -> PlanDocument:
    """Replace the whole review (scripts and the command line), without a version check."""
    return change_review(document, actor=actor, part=("review",), change=lambda _current: review, version=None, reason=reason)


def _check_unchanged(current: PlanDocument, version: int, part: tuple) -> None:
    seen = current.history.filter(version=version).order_by("-history_id").values_list("review", flat=True).first()
    changes = (
        review_rules.changes_since(seen, current.review, part) if seen is not None else [Message("changed_item_missing")]
    )
    if not changes:
        return  # someone changed another part of the review: this change still applies
    latest = current.history.filter(version__gt=version).select_related("history_user").order_by("-history_id").first()
    user = latest.history_user if latest is not None else None
    raise review_rules.conflict(str(user) if user is not None else None, changes)


def reclaim_stalled(*, now: datetime.datetime | None = None, pk: int | None = None) -> int:
    """Documents a killed worker left in "extracting" past the time an extraction may take: the
    first time they go back to the queue, after that they fail with the reason. Returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.KECHUANG_INGEST_EXTRACT_TIMEOUT)
    stalled = PlanDocument.objects.filter(status=PlanDocument.Status.EXTRACTING).filter(
        models.Q(extracting_since__lt=cutoff) | models.Q(extracting_since__isnull=True)
    )
    if pk is not None:
        stalled = stalled.filter(pk=pk)
    reclaimed = 0
    for document in stalled.only("pk", "attempts", "extracting_since"):
        # Conditional on the attempt seen, so two reclaimers (or a worker finishing) do not collide.
        same_attempt = PlanDocument.objects.filter(
            pk=document.pk, status=PlanDocument.Status.EXTRACTING, attempts=document.attempts
        )
        if document.attempts < MAX_EXTRACT_ATTEMPTS:
            if same_attempt.update(status=PlanDocument.Status.PENDING, extracting_since=None):
                from .tasks import run_extraction

                transaction.on_commit(lambda pk=document.pk: run_extraction.enqueue(pk))
                reclaimed += 1
        elif same_attempt.update(
            status=PlanDocument.Status.FAILED,
            extracting_since=None,
            error=_("解析未完成：处理进程在解析过程中中断（已尝试 %(attempts)s 次）。请重新上传该文件；若仍失败，请联系管理员。")
            % {"attempts": document.attempts},
        ):
            logger.warning("document %s failed after %s interrupted extractions", document.pk, document.attempts)
            reclaimed += 1
    return reclaimed


# --- commit ------------------------------------------------------------------------------------

# The extraction's recurrences as the task's completion periods.
RECURRENCES = {
    "monthly": ReportFrequency.MONTHLY, "quarterly": ReportFrequency.QUARTERLY,
    "half-yearly": ReportFrequency.HALF_YEARLY, "yearly": ReportFrequency.YEARLY,
}
# The extraction's (gold schema's) attribute values, as the documents write them.
ATTRIBUTES = {"预期性": IndicatorAttribute.EXPECTED, "约束性": IndicatorAttribute.BINDING}


def _messages(exc: ValidationError) -> str:
    return _("；").join(exc.messages)


def _deadline(value: str | None) -> datetime.date | None:
    """A task's 完成时限 (YYYY or YYYY-MM) as the last day of that year or month."""
    if not value:
        return None
    year, _, month = value.partition("-")
    if not month:
        return datetime.date(int(year), 12, 31)
    last_day = calendar.monthrange(int(year), int(month))[1]
    return datetime.date(int(year), int(month), last_day)


def _parent(number: str, created: dict[str, Task]) -> Task | None:
    """The nearest committed task whose number is a prefix of this one (三.(一) for 三.(一).1)."""
    labels = number.split(".")
    for cut in range(len(labels) - 1, 0, -1):
        parent = created.get(".".join(labels[:cut]))
        if parent is not None:
            return parent
    return None


class _Units:
    """Organizations for the unit names of accepted tasks: matched, merged, or registered at first use.

    A collective name (各街道, 有关单位) stands for no one organization: unless the reviewer matched it
    to one, it is not registered and stays in the task's quote only.
    """

    def __init__(self, review: dict[str, Any], *, actor, places: frozenset[str], level: str | None) -> None:
        self.review, self.actor, self.places = review, actor, places
        self.level = level
        self.registry = known_units()
        self.resolved: dict[str, Organization | None] = {}
        self.created: list[Organization] = []

    def get(self, name: str) -> Organization | None:
        canonical = review_rules.resolve_unit(self.review, name)
        if canonical not in self.resolved:
            self.resolved[canonical] = self._organization(canonical)
        return self.resolved[canonical]

    def organizations(self, names: list[str]) -> list[Organization]:
        return [organization for organization in map(self.get, names) if organization is not None]

    def roles(self, item: dict[str, Any]) -> tuple[list[Organization], list[Organization]]:
        """The task's lead and supporting organizations.

        When only collective names lead (各街道牵头，区科技局配合), the first named unit takes the lead,
        as in a list that gives no roles; with no named unit at all the reviewer must say who leads."""
        lead, support = self.organizations(item["lead_units"]), self.organizations(item["support_units"])
        if not lead and support:
            lead, support = support[:1], support[1:]
        if not lead and item["lead_units"]:
            raise review_rules.ReviewError("lead_units_collective", units=_("、").join(item["lead_units"]))
        return lead, support

    def _organization(self, name: str) -> Organization | None:
        decision = self.review["units"].get(name) or {}
        organization_id = decision.get("organization_id")
        normalised = normalise_unit_name(name, level_prefix=self.level, places=self.places)
        if organization_id is None:
            # Another commit may have registered the unit since this document was extracted.
            organization_id = _registered(self.registry, name, normalised)
        if organization_id is None and is_collective(normalised):
            return None
        if organization_id is not None:
            organization = Organization.objects.filter(pk=organization_id).first()
            if organization is None:
                raise review_rules.ReviewError("unit_organization_missing", name=name, id=organization_id)
            return organization
        kind = OrganizationKind.STREET_OFFICE if normalised.endswith("街道办事处") else OrganizationKind.GOVERNMENT
        try:
            organization = create_organization(
                actor=self.actor, name=normalised[:120], kind=kind, reason=_("规划解析：登记文件中的责任单位")
            )
        except ValidationError as exc:
            raise review_rules.ReviewError("unit_invalid", name=name, error=_messages(exc)) from None
        self.registry[normalise(normalised)] = organization.pk
        self.created.append(organization)
        return organization


def _indicator_fields(item: dict[str, Any], position: int) -> dict[str, Any]:
    baseline = item.get("baseline") or {}
    return {
        "name": item["name"],
        "unit": (item.get("unit") or "")[:30],
        "scope": (item.get("scope") or "")[:60],
        "attribute": ATTRIBUTES.get(item.get("attribute") or "", ""),
        "baseline_year": baseline.get("year"),
        "baseline_value": baseline.get("value"),
        "quote": item.get("quote") or "",
        "position": position,
    }


def _targets(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The extraction's targets for plans.services; a yearless one the document did not state as
    recurring (每年) has a year the copy masked or left out."""
    return [
        {
            "year": t["year"], "value": t["value"], "comparator": t["comparator"], "relative": t["relative"] or "",
            "year_unknown": t["year"] is None and not t.get("recurring"),
        }
        for t in item["targets"]
    ]


def commit_document(document: PlanDocument, *, actor) -> Plan:
    """Turn the reviewed document into a plan with its indicators, targets, tasks and units.

    Bureau admins only; a document is committed once (claimed with a conditional UPDATE inside the
    transaction). Accepted items are validated again; any error raises ReviewError naming the item
    and rolls back everything, new organizations included. Tasks hang under the nearest accepted task
    whose number prefixes theirs; headings without units are not created (a task needs a lead unit).
    """
    access.require_bureau_admin(actor)
    with transaction.atomic():
        # Memberships are cached per request; the grant may have been withdrawn since the page loaded.
        actor.__dict__.pop("_kechuang_memberships", None)
        access.require_bureau_admin(actor)
        claimed = PlanDocument.objects.filter(pk=document.pk, status=PlanDocument.Status.READY).update(
            status=PlanDocument.Status.COMMITTED, committed_at=timezone.now()
        )
        if not claimed:
            raise PermissionDenied(_("该文件已生成规划或不在审核中，不能再次生成。"))
        document = PlanDocument.objects.get(pk=document.pk)
        review = document.review
        meta = review_rules.clean_plan(review["plan"])
        meta.pop("level")
        try:
            plan = create_plan(
                actor=actor, status=PlanStatus.ACTIVE, reason=_("由规划文件“%(name)s”生成") % {"name": document.file_name}, **meta,
                source_name=document.file_name[:200], source_file=bytes(document.content), source_text=document.text,
            )
        except ValidationError as exc:
            raise review_rules.ReviewError("plan_invalid", error=_messages(exc)) from None
        for position, item in enumerate(review_rules.accepted(review, "indicators"), start=1):
            where = Message("indicator_where", {"position": position, "name": item.get("name") or ""})
            try:
                item = review_rules.clean_indicator(item)
                create_indicator(
                    plan, actor=actor, targets=_targets(item), reason=_("规划解析生成"), **_indicator_fields(item, position)
                )
            except review_rules.ReviewError as exc:
                raise review_rules.ReviewError("item_invalid", where=where, error=exc.message) from None
            except ValidationError as exc:
                raise review_rules.ReviewError("item_invalid", where=where, error=_messages(exc)) from None
        units = _Units(review, actor=actor, places=document_places(document.text), level=plan_level(document))
        created: dict[str, Task] = {}
        numbers: set[str] = set()
        for position, item in enumerate(review_rules.accepted(review, "tasks"), start=1):
            where = Message("task_where", {"position": position, "title": item.get("title") or ""})
            try:
                item = review_rules.clean_task(item)
                lead_units, support_units = units.roles(item)
                # A document may number two tasks alike: the later one is suffixed, not refused.
                number = unique_number(item["number"], numbers)
                task = create_task(
                    plan, actor=actor, title=item["title"], number=number,
                    parent=_parent(item["number"], created),
                    lead_units=lead_units, support_units=support_units,
                    deadline=_deadline(item["deadline"]), quote=item["quote"], position=position,
                    recurrence=RECURRENCES.get(item.get("recurrence") or "", ""),
                    leaders=_("、").join(item.get("leaders") or []),
                    reason=_("规划解析生成"),
                )
            except review_rules.ReviewError as exc:
                raise review_rules.ReviewError("item_invalid", where=where, error=exc.message) from None
            except ValidationError as exc:
                raise review_rules.ReviewError("item_invalid", where=where, error=_messages(exc)) from None
            numbers.add(number)
            if number != item["number"]:
                logger.info("document %s: task %r numbered %r, its number being taken", document.file_name, item["title"], number)
            if item["number"]:
                created[item["number"]] = task
        PlanDocument.objects.filter(pk=document.pk).update(plan=plan)
    document.plan, document.status = plan, PlanDocument.Status.COMMITTED
    logger.info(
        "document %s committed as plan %s: %s indicators, %s tasks, %s new units",
        document.file_name, plan.pk, plan.indicators.count(), plan.tasks.count(), len(units.created),
    )
    return plan
