"""The annual monitoring report (年度监测报告) of a plan as a Word document.

Figures come from the same selectors as the dashboard; charts are drawn on the server with
matplotlib (Agg) in the CJK font found by kechuang.core.fonts, so Chinese labels are glyphs, not
boxes. Generated synchronously: a plan of a few hundred indicators takes about a second.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from kechuang.core.fonts import cjk_font_path, use_cjk_font_in_matplotlib
from kechuang.core.numerals import chinese

from . import access as plan_access
from . import selectors
from .choices import ProgressStatus
from .exporters import target_text
from .models import Plan
from .sections import PlanView, report_chapters

INDICATOR_HEADERS = [
    gettext_lazy("序号"), gettext_lazy("指标名称"), gettext_lazy("计量单位"), gettext_lazy("目标"), gettext_lazy("最新值"),
    gettext_lazy("完成度"), gettext_lazy("状态"),
]
STATUS_COLOURS = {
    ProgressStatus.ACHIEVED: "#198754", ProgressStatus.ON_TRACK: "#0d6efd", ProgressStatus.AT_RISK: "#ffc107",
    ProgressStatus.OFF_TRACK: "#dc3545", ProgressStatus.UNKNOWN: "#adb5bd",
}
# Word shows Chinese in this face where the reader has it (every Chinese Windows does).
DOCUMENT_EAST_ASIAN_FONT = "宋体"


def chart_font() -> FontProperties:
    """The CJK font every chart text uses, taken from the file core.fonts found."""
    use_cjk_font_in_matplotlib()
    return FontProperties(fname=str(cjk_font_path()))


def status_chart(counts: dict[str, int], year: int) -> Figure:
    """Bar chart: how many indicators show each status."""
    font = chart_font()
    figure = Figure(figsize=(6.4, 3.2), dpi=150)
    axes = figure.add_subplot()
    labels = [str(ProgressStatus(status).label) for status in counts]
    bars = axes.bar(labels, list(counts.values()), color=[STATUS_COLOURS[s] for s in counts])
    axes.bar_label(bars, fontproperties=font)
    axes.set_title(_("%(year)s 年指标状态分布") % {"year": year}, fontproperties=font)
    axes.set_ylabel(_("指标数"), fontproperties=font)
    for label in axes.get_xticklabels():
        label.set_fontproperties(font)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def completion_chart(rows: list[selectors.IndicatorRow], year: int, limit: int = 25) -> Figure | None:
    """Horizontal bars: each indicator's completion (capped at 150 % for the drawing)."""
    shown = [row for row in rows if row.contract["completion"] is not None][:limit]
    if not shown:
        return None
    font = chart_font()
    figure = Figure(figsize=(6.4, max(2.0, 0.32 * len(shown) + 1.0)), dpi=150)
    axes = figure.add_subplot()
    names = [row.indicator.name[:18] for row in reversed(shown)]
    values = [min(150.0, max(-50.0, 100 * row.contract["completion"])) for row in reversed(shown)]
    axes.barh(names, values, color=[STATUS_COLOURS[row.status] for row in reversed(shown)])
    axes.axvline(100, color="#495057", linewidth=0.8, linestyle="--")
    axes.set_title(_("%(year)s 年各指标完成度（%%）") % {"year": year}, fontproperties=font)
    for label in axes.get_yticklabels():
        label.set_fontproperties(font)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def _png(figure: Figure) -> io.BytesIO:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    buffer.seek(0)
    return buffer


def _table(document, headers: Sequence[str], rows: Sequence[Sequence[str]]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(header)  # python-docx takes real strings only
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    return table


class ChapterWriter:
    """Writes the chapters of other apps into the report, numbering their headings after the plan's own."""

    def __init__(self, document, first_number: int) -> None:
        self.document = document
        self.number = first_number

    def heading(self, title: str) -> None:
        self.document.add_heading(_("%(number)s、%(title)s") % {"number": chinese(self.number), "title": title}, level=1)
        self.number += 1

    def paragraph(self, text: str, *, bullet: bool = False) -> None:
        self.document.add_paragraph(text, style="List Bullet" if bullet else None)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        _table(self.document, headers, rows)


def _number(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:,.4g}{unit}"


def _percent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{100 * fraction:.1f}%"


def status_text(row: selectors.IndicatorRow) -> str:
    """The status as the report prints it: the bureau's judgement beside the computed one."""
    if row.override is None:
        return row.status_label
    return _("%(status)s（人工判定；计算结果：%(computed)s）") % {"status": row.status_label, "computed": row.computed_status_label}


def annual_report(plan: Plan, year: int, *, user) -> bytes:
    """The plan's monitoring report for `year` as .docx bytes: summary, indicator table and charts,
    then the chapters other apps contribute for this user (plans.sections), such as task progress."""
    plan = plan_access.get_plan_for_user(user, plan.pk)
    rows = selectors.plan_overview(plan, year)
    counts = selectors.status_counts(rows)
    chapters = report_chapters(PlanView(plan, user, year, rows))

    document = Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.name = "Times New Roman"  # creates the rFonts element the East Asian face goes on
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), DOCUMENT_EAST_ASIAN_FONT)
    heading = document.add_heading(_("%(plan)s\n%(year)s 年度监测报告") % {"plan": plan.title, "year": year}, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading(_("一、总体情况"), level=1)
    parts = _("，").join(
        _("%(status)s %(count)s 项") % {"status": ProgressStatus(status).label, "count": count}
        for status, count in counts.items() if count
    )
    summary = _("本规划共监测指标 %(count)s 项。截至 %(year)s 年：%(parts)s。") % {
        "count": len(rows), "year": year, "parts": parts or _("暂无指标")
    }
    overridden = sum(1 for row in rows if row.override is not None)
    if overridden:
        summary += _("其中 %(count)s 项由科技局人工判定状态，表中同时列出计算结果。") % {"count": overridden}
    document.add_paragraph(summary + "".join(chapter.summary for chapter in chapters))

    document.add_heading(_("二、指标完成情况"), level=1)
    _table(document, INDICATOR_HEADERS, [
        [
            str(index), row.indicator.name, row.indicator.unit,
            _("；").join(target_text(t) for t in row.indicator.targets.all()) or "—",
            "—" if row.contract["latest"] is None
            else _("%(value)s（%(year)s 年）") % {
                "value": _number(row.contract["latest"]["value"]), "year": row.contract["latest"]["year"]
            },
            _percent(row.contract["completion"]), status_text(row),
        ]
        for index, row in enumerate(rows, start=1)
    ])
    document.add_paragraph()
    document.add_picture(_png(status_chart(counts, year)), width=Cm(15))
    figure = completion_chart(rows, year)
    if figure is not None:
        document.add_picture(_png(figure), width=Cm(15))
    explained = [row for row in rows if row.contract["reason"] or row.override is not None]
    if explained:
        document.add_heading(_("状态说明"), level=2)
        for row in explained:
            notes = [row.contract["reason"]] if row.contract["reason"] else []
            if row.override is not None:
                notes.append(_("人工判定理由：%(reason)s") % {"reason": row.override.reason})
            document.add_paragraph(
                _("%(name)s：%(notes)s") % {"name": row.indicator.name, "notes": _("；").join(notes)}, style="List Bullet"
            )

    writer = ChapterWriter(document, first_number=3)
    for chapter in chapters:
        chapter.write(writer)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

