"""Years of a plan document: year phrases (到2025年, “十四五”末), the plan's period from its title
(an annual plan's year, （2021—2025年）, a five-year title), its horizon, and whether it reports on
work done. One definition each, used by the indicator and the task extractors and by the review.
"""

from __future__ import annotations

import re
from collections import Counter

from .numbers import MASKED_YEAR, parse_year
from .text import Line, starts_with_heading_marker

__all__ = [
    "BASE_REFERENCE",
    "HORIZON",
    "PERIOD",
    "TARGET_YEAR",
    "YEAR",
    "YEAR_PHRASE",
    "annual_year",
    "plan_horizon",
    "is_report",
    "plan_period",
    "plan_title",
]

# A year as written: 2025, 二〇二五 (digit by digit), or masked (20XX).
YEAR = rf"(?:(?:19|20)\d{{2}}|一九[〇零一二三四五六七八九]{{2}}|二[〇零][〇零一二三四五六七八九]{{2}}|{MASKED_YEAR})"
PERIOD = r"[“\"']?十[一二三四五]?五[”\"']?"
# A target year: 到2025年, 至201*年末, 2025年底, “十二五”末, “十四五”期间. Not 比“十五”期末 (a base).
TARGET_YEAR = re.compile(
    rf"(?<![比较与])(?<!相比)(?<!\d)(?:(?P<year>{YEAR})\s*年(?!\s*\d{{1,2}}\s*月)(?:度|底|末)?"
    rf"|(?P<period>{PERIOD})\s*(?:时期|期间)?\s*(?:末|期末|时期末|期间))"
)
# A year phrase with its preposition (到2028年), left out of names.
YEAR_PHRASE = re.compile(rf"(?:到|至)?\s*(?:{TARGET_YEAR.pattern})")
# A base year: 比2020年, 较“十三五”末, 由2021年底的, 从2020年的, 截至2021年底.
BASE_REFERENCE = re.compile(
    rf"(比|较|相比|与|由|从|截至|截止到?|是)\s*(?:{YEAR}\s*年度?(?:底|末)?|{PERIOD}\s*(?:末|期末)?)"
)
HORIZON = re.compile(rf"(?<![截止])(?:到|至|力争到|争取到|力争|争取)\s*(?:{YEAR}\s*年|{PERIOD})")

# A report on work done (工作总结, 述职): its figures are achievements, except in its plan part. A
# decomposition of a work report into tasks (政府工作报告重点任务分解表) is a plan, not a report.
REPORT_TITLE = re.compile(r"(工作总结|工作报告|述职|年终总结)(?![^。;；]{0,16}(分解|分工|任务清单|责任清单|台账))")
# The title of an annual work plan (2026年工作要点) and the period of a plan (（20XX—20YY年）, 规划期为…).
ANNUAL_TITLE = re.compile(
    r"(?<![\d—–\-－~～至到])((?:19|20)\d{2})\s*(?:年度?[^,，。;；]{0,16}?(?:工作要点|工作计划|工作安排|重点工作|"
    r"工作思路|工作任务|任务安排|工作方案|任务分解|分解表|分工方案|任务清单|责任清单)|年度[^,，。;；]{0,16}?(?:行动计划|行动方案|实施方案))"
)
# The same with its year in brackets after the title: …重点工作任务分解表（2025年）.
_ANNUAL_TITLE_AFTER = re.compile(
    r"(?:工作要点|工作计划|重点工作|工作任务|任务分解|分解表|分工方案|任务清单|责任清单)\s*[(（]\s*((?:19|20)\d{2})\s*年?度?\s*[)）]"
)
PERIOD_SPAN = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*)?[—–\-－~～至到]+\s*((?:19|20)\d{2})\s*年(?![\d月])"
)
PLAN_TITLE = re.compile(r"(规划|方案|计划|纲要|要点|规划期|实施期)")
_TITLE_LINES = 40
# A title naming its five-year period: 某县“十五五”科技创新发展规划.
FIVE_YEAR_TITLE = re.compile(
    r"[“\"']?(十[一二三四五]?五|第十[一二三四五]?个五年)[”\"']?[^。;；]{0,30}(规划|方案|计划|纲要)"
)


def plan_period(lines: list[Line]) -> tuple[int, int] | None:
    """(first year, end year) of the plan as its title states it: an annual work plan (2026年工作要点)
    is its year; a plan titled with a period (…规划（20XX—20YY年）, 规划期为20XX—20YY年) ends with
    the period, whatever intermediate years (到2025年) its targets name."""
    for line in lines[:_TITLE_LINES]:
        year = _annual(line.text)
        if year is not None:
            return year, year
        for match in PERIOD_SPAN.finditer(line.text):
            first, last = int(match.group(1)), int(match.group(2))
            if first < last <= first + 30 and PLAN_TITLE.search(line.text):
                return first, last
        # The title line itself (a wrapped paragraph may have joined the next line onto it).
        title = line.text.split("\n", 1)[0].strip()
        five_year = FIVE_YEAR_TITLE.search(title)
        if five_year and len(title) <= 60 and not re.search(r"[。;；,，]$", title):
            end = parse_year(re.sub(r"第|个|年", "", five_year.group(1)))
            return (end - 4, end) if end else None
    return None


_VISION = re.compile(r"(展望|远景|远期)")


def plan_horizon(lines: list[Line], *, report: bool) -> int | None:
    """The plan's end year: the latest year its 到…年 phrases name (到2027年… 到2030年…: 2030),
    not counting a vision beyond the plan (展望到2035年, 远景目标); None if the year named most is
    masked; else the five-year period of its title. A work plan's year opens its lines (20XX年,力争…)."""
    counts: Counter[int | None] = Counter()
    for line in lines:
        text = BASE_REFERENCE.sub("", line.text)
        for sentence in re.split(r"[。;；]", text):
            if not _VISION.search(sentence):
                for match in HORIZON.finditer(sentence):
                    counts[parse_year(match.group(0))] += 1
        opening = re.match(rf"^\s*(?:主要目标|工作目标)?[::]?\s*({YEAR})\s*年", text) if report else None
        if opening:
            counts[parse_year(opening.group(1))] += 1
    if counts:
        top = max(counts.values())
        leaders = [year for year, count in counts.items() if count == top]
        if None in leaders:
            return None
        return max(year for year in counts if year is not None)
    for line in lines[:30]:
        match = re.search(r"十[一二三四五]?五", line.text)
        if match:
            return parse_year(match.group(0))
    return None


def annual_year(lines: list[Line]) -> int | None:
    """The year of an annual plan (20XX年工作要点, 20XX年…任务分解表), from its title lines."""
    for line in lines[:_TITLE_LINES]:
        year = _annual(line.text)
        if year is not None:
            return year
    return None


def _annual(text: str) -> int | None:
    annual = ANNUAL_TITLE.search(text) or _ANNUAL_TITLE_AFTER.search(text)
    if annual is None or REPORT_TITLE.search(text):
        return None
    return int(annual.group(1))


def is_report(lines: list[Line]) -> bool:
    """Whether the document reports on work done (a 工作总结), judged by its opening lines."""
    return any(REPORT_TITLE.search(line.text) for line in lines[:_TITLE_LINES])


# The words a plan's title ends with; a title is a short line of its own (not a sentence, not a list
# of a site's other articles joined with _ or |).
_TITLE_WORD = re.compile(
    r"(规划|纲要|实施方案|行动方案|工作方案|工作计划|工作要点|工作总结|行动计划|实施意见|分解表|任务清单|责任清单|"
    r"管理办法|实施细则|若干措施|方案|计划|意见)"
)
_NOT_TITLE = re.compile(r"[,，!！?？;；_|]|[。:：]$|^(关于印发|以下是|现将)")
_BREADCRUMB = re.compile(r">>|》》|>|→")
# A qualifier in front of the title, left by a web page: (辽宁省), 【转载】.
_TITLE_QUALIFIER = re.compile(r"^\s*[(（【\[][^()（）【】\[\]]{1,8}[)）】\]]\s*")
_TITLE_SCAN = 60
_INTRODUCED = re.compile(rf"关于([^,，。;；“”《》]{{4,40}}?(?:{_TITLE_WORD.pattern}))的")


def plan_title(lines: list[Line]) -> str | None:
    """The plan's title: the first short line among the opening ones that names a kind of plan, from
    the end of a breadcrumb trail (首页 >> … >> 标题), without a page's qualifier in front."""
    for line in lines[:_TITLE_SCAN]:
        text = _BREADCRUMB.split(line.text)[-1].strip()
        text = _TITLE_QUALIFIER.sub("", text).strip("《》 ")
        if 6 <= len(text) <= 60 and _TITLE_WORD.search(text) and not _NOT_TITLE.search(text):
            if not starts_with_heading_marker(text):  # 三、工作计划 heads a section
                return text
    # No title line: the sentence that introduces the document names it (以下是…关于X的…).
    for line in lines[:_TITLE_SCAN]:
        named = _INTRODUCED.search(line.text)
        if named:
            return named.group(1)
    return None
