"""What other apps contribute to a plan's dashboard, Excel export and annual report.

Plans knows nothing of the apps above it. An app that has something to show about a plan
registers one `PlanSection` in its AppConfig.ready:

    from kechuang.plans import sections
    sections.register("supervision", order=10, dashboard=…, export=…, report=…)

Each hook is a function of a `PlanView` (the plan, the requesting user, the year and the plan's
indicator rows as the page computed them) and returns what to add, or nothing when the user may
not see it: the permission check travels with the section, not with the page that shows it.

- `dashboard(view)` → a `DashboardPart` (a template with its context, and the static scripts it needs);
- `export(view)` → `ExportSheet`s, each one more sheet of the plan's workbook;
- `report(view)` → a `ReportChapter`: a sentence for the report's summary and the chapters it writes
  through a `ReportWriter`, which numbers the headings (一、二、…) after the plan's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .models import Plan
from .selectors import IndicatorRow


@dataclass(frozen=True)
class PlanView:
    """A plan as one user asks for it: what every section hook is given."""

    plan: Plan
    user: Any
    year: int
    indicator_rows: list[IndicatorRow]


@dataclass(frozen=True)
class DashboardPart:
    template: str
    context: dict[str, Any]
    scripts: tuple[str, ...] = ()  # static paths, loaded after ECharts


@dataclass(frozen=True)
class ExportSheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]


class ReportWriter(Protocol):
    """The part of the annual report a chapter may write to."""

    def heading(self, title: str) -> None: ...  # a numbered chapter heading: 三、<title>

    def paragraph(self, text: str, *, bullet: bool = False) -> None: ...

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None: ...


@dataclass(frozen=True)
class ReportChapter:
    summary: str  # appended to the report's 总体情况 paragraph ("" for nothing)
    write: Callable[[ReportWriter], None]


@dataclass(frozen=True)
class PlanSection:
    key: str
    order: int
    dashboard: Callable[[PlanView], DashboardPart | None] | None = None
    export: Callable[[PlanView], Iterable[ExportSheet]] | None = None
    report: Callable[[PlanView], ReportChapter | None] | None = None


_REGISTRY: dict[str, PlanSection] = {}


def register(
    key: str,
    *,
    order: int = 100,
    dashboard: Callable[[PlanView], DashboardPart | None] | None = None,
    export: Callable[[PlanView], Iterable[ExportSheet]] | None = None,
    report: Callable[[PlanView], ReportChapter | None] | None = None,
) -> PlanSection:
    """Register (or replace, under the same key) an app's section; lower `order` comes first."""
    section = PlanSection(key, order, dashboard, export, report)
    _REGISTRY[key] = section
    return section


def registered() -> list[PlanSection]:
    return sorted(_REGISTRY.values(), key=lambda section: (section.order, section.key))


def dashboard_parts(view: PlanView) -> list[DashboardPart]:
    return [part for s in registered() if s.dashboard and (part := s.dashboard(view)) is not None]


def export_sheets(view: PlanView) -> list[ExportSheet]:
    return [sheet for s in registered() if s.export for sheet in s.export(view)]


def report_chapters(view: PlanView) -> list[ReportChapter]:
    return [chapter for s in registered() if s.report and (chapter := s.report(view)) is not None]
