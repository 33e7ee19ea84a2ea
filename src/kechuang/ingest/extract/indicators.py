"""Quantitative targets (indicators) of a plan document, from its tables and its prose.

A target is a number with a unit (突破70家, 达到3%, 4万平方米以上) or a relative form (翻一番,
提高8个百分点, 年均增长9%) in a sentence about the plan's future. Figures in retrospective
sections (发展基础, 工作推进情况 …), achieved figures (截至目前, 同比), subsidies, per-unit
specifications and numbers naming a list (“五个平台”) are left out. The measured quantity is named
by what the clause says around the number, its year by the nearest year phrase (到2025年,
“十二五”末) or the plan's horizon, and one quantity stated twice (a table and the prose) is kept once.

This module reads the prose and puts the parts together; tables are read in indicator_tables,
names in names, years and plan periods in periods, and what they collect is in candidates.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .candidates import Candidate, Fact, Part
from .indicator_tables import (
    BRACKET_BASE,
    cell_per_line_tables,
    last_year,
    line_break,
    pipe_rows,
    read_flat_tables,
    read_ratios,
    split_glued_values,
    table_at,
)
from .names import (
    CEILING_NAME,
    FLOOR_WORDS,
    LEAD_WORDS,
    NAME_LIST_SPLIT,
    NEGATION,
    clean_name,
    doubling_name,
    multiplier,
    name_for,
    split_name_list,
)
from .numbers import NUMBER, UNIT, convert, parse_number, parse_quantity, parse_year
from .periods import (
    YEAR,
    is_report,
    plan_horizon,
    plan_period,
)
from .policy import goal_lines, is_policy
from .scoring import bigram_dice, name_key
from .text import (
    ZERO_WIDTH,
    Line,
    SectionTracker,
    heading_marker,
    is_page_number,
    normalise,
    raw_span,
    starts_with_heading_marker,
)

__all__ = ["extract_indicators", "split_glued_values"]

# --- years ----------------------------------------------------------------------------------------

# --- sections -------------------------------------------------------------------------------------

_RETRO_HEADING = re.compile(
    r"(发展基础|试点基础|工作基础|现实基础|基础条件|成就|成效|成绩|现状|回顾|总结|情况|进展|问题|不足|制约|"
    r"短板|形势|优势特色|特色优势(?!产业)|发展优势|背景)"
)
_PLAN_HEADING = re.compile(r"(目标|指标|计划|思路|打算|安排|下一步|明年)")
_REPORT_PLAN_START = re.compile(r"^\s*(主要目标|工作目标|目标任务|下一步|明年|工作计划|工作思路)")

# --- sentences and quantities ---------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。;；]|(?<!\d)[!?](?!\d)")
# A tab or a run of spaces separates the cells of a table row copied as text: no target spans them.
_CLAUSE_END = re.compile(r"[,，:：]|\t| {3,}")
# A milestone within the year (一季度完成…, 上半年, 6月底前), not a target for the plan's years.
_MILESTONE = re.compile(r"(第?[一二三四1-4]\s*季度|[上下]半年|(?<!\d)\d{1,2}\s*月(?:底|末|份)?(?:前|以前))")
# An achieved figure, not a target.
_ACHIEVED = re.compile(r"(截至|截止|目前|去年|以来|已有|已建|已达|已经|已累计|已成功|实际完成)")
# A comparison with last year: achieved in a report (同比增长12%), a target in a plan (力争同比增长15%).
_YEAR_ON_YEAR = re.compile(r"(同比|比上年|较上年)")
_FORWARD = re.compile(r"(力争|确保|争取|预计|计划|目标|努力)")
# The year a sentence or clause opens with (2024年,全市… / 截至2021年底,…), which dates it; not a
# year it compares with (是2016年的2.4倍).
_OPENING_YEAR = re.compile(
    rf"^\s*(?:截至|截止到?|到|至|在)?\s*(?P<year>{YEAR})\s*年(?:底|末|度)?(?!\s*\d{{1,2}}\s*月)"
)
_QUANTITY = re.compile(
    rf"(?P<number>{NUMBER})(?:\s*(?P<range>[-~—–至到?])\s*(?:{NUMBER}))?\s*(?P<approx>多|余)?\s*"
    rf"(?P<unit>(?:万亿|亿|万|千|百)?{UNIT}|大(?=[\u4e00-\u9fff]))"
)
_AFTER_WORDS = re.compile(r"^\s*(以上|左右|以下|以内|之内|多|余|上下|的)+")
_SUBSIDY = re.compile(r"(资助|补助|补贴|奖励|奖补|贴息)")
_SUB_ANNUAL = re.compile(r"(每季度|每个季度|每半年|每月|每周|每旬)")
# Amounts of an award or a grant; a budget is a target only as a floor (每年安排专项资金不低于5000万元).
_EXCLUDED_CONTEXT = re.compile(
    r"(资助|补助|补贴|奖励|奖补|扶持资金|给予|最高|一次性|贴息|安排(?![^,，]*(?:不少于|不低于)))"
)
# Words before a number that make it a target even when written in Chinese numerals (突破两万家).
_TARGET_VERB_BEFORE = re.compile(rf"(达到|达|突破|超过|超|{FLOOR_WORDS}|增加到|提高到|增至|提升到)\s*$")
# A verb-first target (新增3家…) starts with a verb, not a preposition or a modifier ending in 的.
_NOT_VERB_FIRST = re.compile(r"(^(围绕|在|按|按照|从|对|向|依托|包括|即|比|较|通过|针对)|的$)")
_PER_UNIT = re.compile(r"(每个|每家|每项|每名|每人|每户|单个|单项)[^,，]*$")
_CEILING_BEFORE = re.compile(
    rf"({NEGATION}\s*(?:超过|高于|大于|多于)|控制在|(?<![不得应能宜])(?:低于|少于)|"
    r"降至|降到|下降到|下降至|降低到|降低至|压缩至|压缩到|缩短至|缩短到|"
    r"减少至|减少到|减至|以内)\s*$"
)
_GROWTH_BEFORE = re.compile(
    r"(年均|每年|年平均|平均每年)?\s*(增长|增加|递增|提高|提升|增速)\s*"
    rf"(了|达到|达|保持在|{FLOOR_WORDS}|超过)?\s*$"
)
_DECLINE_BEFORE = re.compile(
    r"(年均|每年|年平均|平均每年)?\s*(?:平均)?\s*(下降|降低|减少|压缩|缩短|削减)\s*"
    rf"(?:了|{FLOOR_WORDS}|超过|达到)?\s*$"
)
_ATTRIBUTE_AFTER = re.compile(r"[(（](预期性|约束性)(?:指标)?[)）]")
# A clause can hold a quantity only if it has a digit or a Chinese numeral.
_NUMERIC = re.compile(r"[\d零〇一二两三四五六七八九十百千万]")
_STATED_LEVEL = re.compile(rf"(?P<year>{YEAR})\s*年(?:底|末)?\s*(?:为|是)\s*[\d一二两三四五六七八九]")
_TIMES_BEFORE = re.compile(
    rf"(?:(?P<grow>增长|提高|增加|扩大|翻)\s*(?P<to>到|至|达到)?|(?:是|为|达到)\s*(?:{YEAR}\s*年(?:底|末)?)?\s*的)\s*$"
)
_GROWTH_AROUND = re.compile(r"(?:保持|实现)?(?:年均|每年|年平均|平均每年)\s*$")
_SEPARATORS = "、和与并"  # not 及, which is part of 普及, 涉及
_SCOPE_WORD = re.compile(r"^(?:其中|力争|争取|确保)*(全区|全市|全县|全省|全镇|全旗|园区)")
_INCREASE_START = re.compile(r"^(新增|净增|新认定|新建|新培育|新引进)")
# A subject named before a colon, for the targets after it: a short noun phrase, no figures.
_TOPIC = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\(\S{1,3}\)|\d{1,2}[.、])?\s*([\u4e00-\u9fffA-Za-z（）()]{2,20})\s*$")








def extract_indicators(lines: list[Line]) -> list[dict]:
    """The indicators of a plan document, in document order."""
    body = _paragraphs(pipe_rows(cell_per_line_tables(lines)))
    report = is_report(body)
    reader = _Reader(body, report=report, policy=is_policy(body))
    return [candidate.as_gold() for candidate in _merge(reader.read())]


class _Reader:
    def __init__(self, body: list[Line], *, report: bool, policy: bool) -> None:
        self.body = body
        self.report = report
        self.policy = policy

    def read(self) -> list[Candidate]:
        candidates: list[Candidate] = []
        parts = _split_parts(self.body)
        compilation = len(parts) > 1
        for index, (label, lines) in enumerate(parts):
            planning = _planning_lines(lines, report=self.report)
            period = plan_period(lines)
            horizon = period[1] if period else None
            if horizon is None:
                horizon = plan_horizon(
                    [line for line, plan in zip(lines, planning, strict=True) if plan], report=self.report
                )
            part = Part(
                index=index,
                horizon=horizon,
                start=period[0] if period else None,
                scope=_part_scope(label, lines) if compilation else None,
            )
            # A policy's targets are its goals only, not the figures of its rules.
            goals = goal_lines(lines) if self.policy else [True] * len(lines)
            self._read_part(part, lines, planning, goals)
            _use_facts(part)
            candidates.extend(part.candidates)
        return candidates

    def _read_part(self, part: Part, lines: list[Line], planning: list[bool], goals: list[bool]) -> None:
        section_year: tuple[int | None] | None = None
        # The years the enclosing headings state (（二）到2035年远景目标): (level, boxed year).
        heading_years: list[tuple[int, tuple[int | None]]] = []
        headings = SectionTracker()
        position = 0
        while position < len(lines):
            line = lines[position]
            table = table_at(lines, position)
            if table is not None:
                if planning[position] and goals[position]:
                    table.read(self, part, section_year)
                position = table.end
                continue
            level = headings.level(line.text)
            if level is not None:
                heading_years = [(outer, year) for outer, year in heading_years if outer < level]
                stated = last_year(re.split(r"[。;；]", line.text, maxsplit=1)[0][:40])
                if stated is not None:
                    heading_years.append((level, stated))
                section_year = heading_years[-1][1] if heading_years else None
            if _ATTACHMENTS.match(line.text):
                position += 1  # a list of attached documents (附件:1.…任务分解表) states no target
                continue
            if not planning[position]:
                # Dated by its own words, or by its heading (一、2024年工作完成情况).
                _read_facts(part, line, 0, len(line.text), section_year)
            elif goals[position] and not read_flat_tables(part, line):
                read_ratios(part, line)
                year = self._read_prose(part, line, section_year)
                if year is not None and re.search(r"[::]\s*$", line.text):
                    section_year = year
            position += 1

    def _read_prose(
        self, part: Part, line: Line, section_year: tuple[int | None] | None
    ) -> tuple[int | None] | None:
        """Read the targets of one paragraph; returns the last year phrase it states (boxed)."""
        text = line.text
        year: tuple[int | None] | None = section_year
        start = 0
        for sentence_end in [*(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]:
            if sentence_end <= start:
                continue
            year = self.read_sentence(part, line, start, sentence_end, year)
            start = sentence_end
        return year if year is not section_year else None

    def read_sentence(
        self,
        part: Part,
        line: Line,
        start: int,
        end: int,
        year: tuple[int | None] | None,
        *,
        attribute: str | None = None,
        from_table: bool = False,
    ) -> tuple[int | None] | None:
        text = line.text
        sentence = text[start:end]
        if _achieved(part, sentence):
            _read_facts(part, line, start, end)
            return year
        # A subject left out after a semicolon is the paragraph's last one (；到2030年达到200亿元).
        last = part.candidates[-1] if part.candidates else None
        after_semicolon = start > 0 and text[start - 1] in ";；"
        previous = last if last is not None and last.line == line.number and after_semicolon else None
        milestone = False
        clause_start = start
        for clause_end in [*(m.start() for m in _CLAUSE_END.finditer(text, start, end)), end]:
            clause = text[clause_start:clause_end]
            stated = last_year(clause)
            if stated is not None:
                year = stated
            numeric = _NUMERIC.search(clause) is not None
            milestone = (numeric and bool(_MILESTONE.search(clause))) or (milestone and stated is None)
            found = _clause_candidates(clause, previous) if numeric and not milestone else []
            level = _STATED_LEVEL.search(BRACKET_BASE.sub("", clause)) if found else None
            # "单位GDP能耗下降13.5%(约束性)": the attribute said after the target.
            stated_attribute = _ATTRIBUTE_AFTER.search(clause) if found else None
            level_year = parse_year(level.group("year")) if level else None
            for name, comparator, relative, value, unit, span, baseline, own_year in found:
                if level_year and value is not None and level_year < _first_year(part):
                    # "研发投入强度2020年为2.1%,2025年达到2.8%": the level of a year before the plan.
                    part.facts.append(Fact(name=name, unit=unit, value=value, year=level_year))
                    quote = raw_span(line, clause_start + span[0], clause_start + span[1]).strip()
                    previous = Candidate(name=name, unit=unit, targets=[], quote=quote, part=part.index)
                    continue
                target_year = year[0] if year is not None else part.horizon
                recurring = bool(re.search(r"每年|年年", clause)) and relative is None and not own_year
                if recurring:
                    target_year = None
                target_year = own_year or target_year
                scope_match = _SCOPE_WORD.match(_YEAR_LIST.sub("", clause).lstrip(" ,，"))
                candidate = Candidate(
                    name=name,
                    unit=unit,
                    targets=[
                        # "recurring" tells a 每年 target from one whose year is masked: both have none.
                        {"year": target_year, "value": value, "comparator": comparator, "relative": relative}
                        | ({"recurring": True} if recurring else {})
                    ],
                    quote=raw_span(line, clause_start + span[0], clause_start + span[1])
                    .strip()
                    .rstrip("。;；"),
                    part=part.index,
                    from_table=from_table,
                    line=line.number,
                    scope=scope_match.group(1) if scope_match else part.scope,
                    baseline=baseline,
                    attribute=stated_attribute.group(1) if stated_attribute else attribute,
                )
                if previous is not None and not previous.targets and previous.name == candidate.name:
                    candidate.quote = _joined_quote(line, previous.quote, candidate.quote) or candidate.quote
                if previous is not None and _same_quantity_continued(previous, candidate):
                    _combine(previous, candidate, line)
                    continue
                part.candidates.append(candidate)
                previous = candidate
            stated_multiplier = None if found or _QUANTITY.search(clause) else multiplier(clause)
            if stated_multiplier:
                # a doubling with a subject (实现<quantity>翻一番) names its quantity; a bare 翻番目标 doubles the last.
                relative_only = doubling_name(clause)
                if relative_only:
                    target = {
                        "year": year[0] if year else part.horizon,
                        "value": None,
                        "comparator": ">=",
                        "relative": stated_multiplier,
                    }
                    scope_match = _SCOPE_WORD.match(clause.lstrip(" ,，"))
                    # The level may follow: "翻一番,达到360家" is one quantity.
                    previous = Candidate(
                        name=relative_only,
                        unit=None,
                        targets=[target],
                        quote=raw_span(line, clause_start, clause_end).strip(),
                        part=part.index,
                        line=line.number,
                        scope=scope_match.group(1) if scope_match else part.scope,
                        attribute=attribute,
                    )
                    part.candidates.append(previous)
                elif previous is not None:
                    for target in previous.targets:
                        target["relative"] = target["relative"] or stated_multiplier
            topic = _TOPIC.match(clause) if not found and text[clause_end : clause_end + 1] == ":" else None
            if topic:
                # "高新技术企业:到2025年达到N家": the subject the clauses after the colon leave out.
                previous = Candidate(
                    name=topic.group(1),
                    unit=None,
                    targets=[],
                    quote=raw_span(line, clause_start + topic.start(1), clause_start + topic.end(1)),
                    part=part.index,
                    line=line.number,
                )
            clause_start = clause_end + 1
        return year


def _read_facts(
    part: Part, line: Line, start: int, end: int, dated: tuple[int | None] | None = None
) -> None:
    """The figures of a retrospective passage (2023年,全区高新技术企业达到418家), dated by the year
    a clause opens with and carried on to the next: baselines for the targets of the same quantities."""
    text = line.text[start:end]
    if not re.search(r"\d", text):
        return
    year = dated
    for clause in re.split(r"[,，:：;；。]", text):
        stated = _OPENING_YEAR.match(clause)
        if stated:
            year = (parse_year(stated.group("year")),)
        if year is None:
            continue  # an undated figure is no baseline
        for name, _, relative, value, unit, _, _, _ in _clause_candidates(clause, None):
            if value is not None and relative is None:
                part.facts.append(Fact(name=name, unit=unit, value=value, year=year[0]))


def _use_facts(part: Part) -> None:
    """A target's baseline is the achieved figure of its quantity (not for counts of new items,
    新增…), and a growth-only target takes the unit the document gives the level of the quantity
    it names exactly (<quantity>增长9% after <quantity>达到40亿元)."""
    for candidate in part.candidates:
        fact = next(
            (fact for fact in reversed(part.facts) if _same_quantity(candidate.name, fact.name)), None
        )
        if fact is None:
            continue
        same_name = _key(candidate.name) == _key(fact.name)
        if (
            same_name
            and candidate.unit is None
            and all(target["value"] is None for target in candidate.targets)
        ):
            candidate.unit = fact.unit
        if (
            candidate.baseline is None
            and not candidate.name.startswith("新")
            and candidate.unit
            and fact.unit
        ):
            value = convert(fact.value, fact.unit, candidate.unit)
            if value is not None:
                candidate.baseline = {"year": fact.year, "value": value}


_ATTACHMENTS = re.compile(r"^\s*(附件|附表|相关附件|附件下载)\s*\d*\s*[:：]")


# Cells of a table a copy turned into text, separated by spaces: such lines are rows, not wrapped prose.
_SPACED_CELLS = re.compile(r"[\u4e00-\u9fff)）] +[\u4e00-\u9fff\d(（]|\S {3,}\S")
# A document title (…科技创新规划, …行动方案（2024—2026年）) is a line of its own.
_TITLE_END = re.compile(r"(规划|方案|计划|纲要|要点|通知|意见|办法)\s*(?:[(（][^()（）]{0,20}[)）])?\s*$")
_PARAGRAPH_END = re.compile(r"[。;；:：!?！？”」』)）]\s*$")














def _paragraphs(lines: list[Line]) -> list[Line]:
    """Join the lines a paragraph was wrapped into (a PDF's text lines, a hard-wrapped copy): a line
    continues on the next when it ends without punctuation and the next follows it directly, or
    across a page number (and blank lines) of a page break, and is neither a heading nor a table
    row. The joined line keeps the original text in `raw`, page number included; its `text` has
    the page number blanked out with line breaks. Furniture lines are left out."""
    joined: list[Line] = []
    pages: list[Line] = []  # the furniture since the last content line
    for line in lines:
        if line.furniture:
            pages.append(line)
            continue
        previous = joined[-1] if joined else None
        gap = _page_break(previous, pages, line) if previous is not None else None
        pages = []
        if (
            previous is not None
            and gap is not None
            and not (previous.cell or line.cell)
            and not _PARAGRAPH_END.search(previous.text)
            and "\t" not in previous.text + line.text
            and not starts_with_heading_marker(line.text)
            and not starts_with_heading_marker(previous.text)
            and not _TITLE_END.search(previous.text)
            and not _SPACED_CELLS.search(previous.text.strip() + "\n" + line.text.strip())
        ):
            raw = previous.raw + gap + line.raw
            joined[-1] = Line(
                number=previous.number,
                start=previous.start,
                raw=raw,
                text=_joined_text(previous, gap, line),
                furniture=False,
            )
            continue
        joined.append(line)
    return joined


def _joined_text(previous: Line, gap: str, line: Line) -> str:
    """The text of two joined lines, a page number between them blanked out with line breaks so
    that offsets into the text are still offsets into the raw."""
    raw = previous.raw + gap + line.raw
    if gap.strip() == "" or any(char in ZERO_WIDTH for char in raw):
        return normalise(raw)  # zero-width marks shift offsets: keep the page number, not misalign quotes
    head = previous.text.ljust(len(previous.raw))
    return head + normalise(re.sub(r"[^\n]", "\n", gap) + line.raw)


def _page_break(previous: Line, pages: list[Line], line: Line) -> str | None:
    """The raw text between two content lines when only a line break or a page break (page numbers
    and blank lines) separates them, else None."""
    last = previous.number + previous.raw.count("\n")
    if line.number == last + 1:
        return line_break(previous, line)
    if not pages or any(not is_page_number(page.text) for page in pages):
        return None
    if not all(previous.number < page.number < line.number for page in pages):
        return None
    # The blank lines and page numbers between, as written: rebuilt from the offsets of the lines.
    gap = ""
    position, number = previous.start + len(previous.raw), last
    for page in pages:
        breaks = _breaks(page.start - position, page.number - number)
        if breaks is None:
            return None
        gap += breaks + page.raw
        position, number = page.start + len(page.raw), page.number
    breaks = _breaks(line.start - position, line.number - number)
    return None if breaks is None else gap + breaks


def _breaks(length: int, count: int) -> str | None:
    """`count` line breaks filling `length` characters of the original (\n, or \r\n throughout),
    or None if blank lines between hold other characters."""
    if length == count:
        return "\n" * count
    return "\r\n" * count if length == 2 * count else None


def _planning_lines(lines: list[Line], *, report: bool) -> list[bool]:
    """For each line, whether it is about the plan's future rather than what was achieved: a
    retrospective heading (发展基础, 工作推进情况) starts a retrospective section, which ends at the next
    heading of the same or a higher level. A work report is retrospective until its plan starts."""
    retro = SectionTracker(open_level=0 if report else None)
    planning: list[bool] = []
    for line in lines:
        text = line.text.strip()
        level = retro.level(text)
        if level is not None:
            heading = re.split(r"[。;；]", text, maxsplit=1)[0][:40]
            if _RETRO_HEADING.search(heading) and not _PLAN_HEADING.search(heading):
                retro.open(level)
            elif _PLAN_HEADING.search(heading):
                retro.close()
            elif not report:
                retro.close_at(level)
        elif report and _REPORT_PLAN_START.match(text):
            retro.close()
        planning.append(not retro.inside)
    return planning


def _first_year(part: Part) -> int:
    """The plan's first year as its title states it, else that of a five-year plan ending at its horizon."""
    if part.start is not None:
        return part.start
    return part.horizon - 4 if part.horizon else 0


def _achieved(part: Part, sentence: str) -> bool:
    """Whether a sentence of a plan section states what was achieved rather than a target: it says
    so (截至目前, 已建成), it is dated before the plan's first year, or it compares with last year in
    a plan whose period is unknown and without a word that looks ahead."""
    if _ACHIEVED.search(sentence):
        return True
    opening = _OPENING_YEAR.match(sentence.lstrip(" ,，"))
    if part.start is not None:
        year = parse_year(opening.group("year")) if opening else None
        return year is not None and year < part.start
    return bool(_YEAR_ON_YEAR.search(sentence)) and not _FORWARD.search(sentence)










def _same_quantity_continued(previous: Candidate, candidate: Candidate) -> bool:
    # A rise in points followed by a level (提高N个百分点,达到M%以上): one quantity, a relative and a level.
    return (
        previous.name == candidate.name
        and previous.part == candidate.part
        and bool(previous.targets)
        and ((previous.targets[0]["value"] is None) != (candidate.targets[0]["value"] is None))
    )


def _joined_quote(line: Line, first: str, second: str) -> str | None:
    """The text of `line` from quote `first` to the later quote `second`."""
    start = line.raw.find(first)
    end = line.raw.find(second, start + len(first)) if start >= 0 and first else -1
    return line.raw[start : end + len(second)] if end >= 0 else None


def _combine(previous: Candidate, candidate: Candidate, line: Line) -> None:
    first, second = previous.targets[0], candidate.targets[0]
    previous.quote = _joined_quote(line, previous.quote, candidate.quote) or previous.quote
    if first["value"] is None:
        first["value"], first["comparator"] = second["value"], second["comparator"]
        previous.unit = candidate.unit or previous.unit
    else:
        first["relative"] = first["relative"] or second["relative"]
    previous.baseline = previous.baseline or candidate.baseline


def _clause_candidates(clause: str, previous: Candidate | None) -> list[tuple]:
    """(name, comparator, relative, value, unit, span, baseline, year) for the targets of a clause;
    year is None where the clause's year phrase dates the target."""
    bracketed = [match.span() for match in BRACKET_BASE.finditer(clause)]
    quantities = [
        match
        for match in _QUANTITY.finditer(clause)
        if _is_target_number(clause, match) and not any(a <= match.start() < b for a, b in bracketed)
    ]
    if not quantities:
        return []
    paired = _respectively(clause, quantities)
    if paired is not None:
        return paired
    # A quantity glued to the noun of the next one qualifies it (收入超N万元<firms>M家).
    kept: list[re.Match[str]] = []
    for index, match in enumerate(quantities):
        following = quantities[index + 1] if index + 1 < len(quantities) else None
        if following is not None:
            gap = clause[match.end() : following.start()]
            if gap and not any(char in _SEPARATORS for char in gap) and not _AFTER_WORDS.fullmatch(gap):
                continue
        kept.append(match)
    results: list[tuple] = []
    owner_start = 0
    shared_verb = ""  # 新增A 8家、B 2家: the items listed after the first share its verb
    for index, match in enumerate(kept):
        listed = owner_start > 0 and clause[owner_start - 1] == "、"
        following = kept[index + 1] if index + 1 < len(kept) else None
        after = clause[match.end() : following.start() if following else len(clause)]
        words = _AFTER_WORDS.match(after)
        after_words = words.group(0) if words else ""
        bracket = BRACKET_BASE.match(after, len(after_words))
        tail = after[bracket.end() if bracket else len(after_words) :]
        pre = clause[owner_start : match.start()]
        # The gap up to the next quantity: before its last separator it is this one's noun.
        if following is not None:
            cut = max(tail.rfind(char) for char in _SEPARATORS)
            post, next_start = (
                (tail[:cut], match.end() + len(after) - len(tail) + cut + 1)
                if cut >= 0
                else (tail, following.start())
            )
        else:
            post, next_start = tail, len(clause)
        post = re.split(r"[()（）]", post)[0] if post.startswith(("(", "（")) is False else ""
        # <items>N家给予<support>: what the items then get is no part of their name.
        post = _POST_PREDICATE.split(post, maxsplit=1)[0]
        quoted = post  # what the quote covers after the number, even when the name leaves it out
        owner_start = next_start
        quantity = parse_quantity(match.group(0))
        if quantity is None:
            continue
        value, unit = quantity.value, quantity.unit
        baseline = None
        if bracket and (level := parse_quantity(bracket.group("base"))) and level.unit == unit:
            baseline = {"year": parse_year(bracket.group("year")), "value": level.value}
        base = _FROM_TO.search(pre)
        if base:
            # 由<year>年底的N家增至M家: the first figure is the baseline.
            level = parse_quantity(base.group("base"))
            if level is not None and level.unit == unit:
                baseline = {
                    "year": parse_year(base.group("year")) if base.group("year") else None,
                    "value": level.value,
                }
            pre = pre[: base.start()]
        unit = "个" if match.group("unit") == "大" else unit
        relative = None
        before = pre.rstrip()
        comparator = ">="
        if "左右" in after_words:
            comparator = "="
        elif re.search(r"(以下|以内|之内)", after_words) or _CEILING_BEFORE.search(before):
            comparator = "<="
        if unit == "个百分点":
            falling = _DECLINE_BEFORE.search(before)
            relative, value, unit = f"{'-' if falling else '+'}{_number_text(value)}pp", None, "%"
            if falling:
                comparator, before = "<=", before[: falling.start()]
        elif unit == "%" and _GROWTH_BEFORE.search(before):
            growth = _GROWTH_BEFORE.search(before)
            yearly = bool(growth.group(1)) or growth.group(2) in ("增长", "递增", "增速")
            relative = (
                f"+{_number_text(value)}%/yr" if yearly else f"x{_number_text(round(1 + value / 100, 6))}"
            )
            value, unit = None, None
            before = before[: growth.start()]
        elif unit == "%" and (decline := _DECLINE_BEFORE.search(before)):
            # "能耗下降15%", "审批时限压缩50%": a ceiling at the reduced level.
            yearly = bool(decline.group(1))
            relative = (
                f"-{_number_text(value)}%/yr" if yearly else f"x{_number_text(round(1 - value / 100, 6))}"
            )
            value, unit, comparator = None, None, "<="
            before = before[: decline.start()]
        elif (
            unit == "%" and (late := _GROWTH_AROUND.search(before)) and re.match(r"的?(增长|增速|递增)", post)
        ):
            # "保持年均10%以上的增长": the growth word follows the rate.
            relative, value, unit = f"+{_number_text(value)}%/yr", None, None
            before, post = before[: late.start()], ""
        elif unit == "倍" and (times := _TIMES_BEFORE.search(before)):
            # 增长1倍 is twice the level; 提高到3倍 and 是2024年的3倍 are three times.
            grows = times.group("grow") and not times.group("to")
            relative, value, unit = f"x{_number_text(value + 1 if grows else value)}", None, None
            before = before[: times.start()]
        relative = relative or multiplier(clause)
        noun_after = bool(post and re.search(r"[\u4e00-\u9fffA-Za-z]", post))
        if noun_after and (
            before.count("、") >= 2 or _NOT_VERB_FIRST.search(LEAD_WORDS.sub("", before.strip(" ,，")))
        ):
            continue
        rank = _RANK_BEFORE.search(before) if unit in ("位", "名") else None
        if rank:
            # "跃居全省前10位": a rank, the lower the better.
            before, comparator = before[: rank.start()] + rank.group("where"), "<="
        name = name_for(before, post, previous)
        if not name:
            continue
        increase = _INCREASE_START.match(name)
        if increase:
            shared_verb = increase.group(1)
        elif listed and shared_verb and relative is None:
            name = shared_verb + name
        if rank and not name.endswith(("排名", "位次")):
            name += "排名"
        if CEILING_NAME.search(name) and comparator == ">=":
            comparator = "<="
        span_start = len(clause) - len(clause[match.start() - len(pre) :].lstrip(" ,，、"))
        span_end = match.end() + (len(after_words) + len(quoted) if quoted else len(after_words.rstrip("的")))
        if bracket:
            span_end = max(span_end, match.end() + bracket.end())
        for item in split_name_list(name, clause):
            results.append((item, comparator, relative, value, unit, (span_start, span_end), baseline, None))
        previous = Candidate(name=name, unit=unit, targets=[], quote="", part=0)
    return results


_FROM_TO = re.compile(
    rf"(?:由|从)\s*(?:(?P<year>{YEAR})\s*年度?(?:底|末)?\s*的?)?\s*(?P<base>(?:{NUMBER})\s*(?:万亿|亿|万|千|百)?{UNIT})"
    r"\s*(?:的水平)?\s*(?:提高|提升|增加|增长|增|扩大|上升|下降|降低|减少|降|压缩|缩短)\s*(?:至|到)\s*$"
)


# The years of per-year targets: <year>、<year>、<year>…分别达到a%、b%、c%.
_YEAR_LIST = re.compile(
    rf"^[\s,，]*(?:到|至)?\s*(?P<years>{YEAR}\s*年(?:底|末)?(?:\s*[、和及]\s*{YEAR}\s*年(?:底|末)?)+)"
)
_RESPECTIVELY = re.compile(r"分别(?:达到|达|突破|超过|为|增至|增加到|提高到|不少于|保持在)?\s*$")


def _respectively(clause: str, quantities: list[re.Match[str]]) -> list[tuple] | None:
    """A和B分别达到300家和50家: the n-th quantity goes with the n-th name."""
    first = quantities[0]
    verb = _RESPECTIVELY.search(clause, 0, first.start())
    if verb is None or len(quantities) < 2:
        return None
    gaps = [clause[a.end() : b.start()] for a, b in zip(quantities, quantities[1:], strict=False)]
    if not all(re.fullmatch(r"\s*(?:以上|左右)?\s*(?:、|和|与|及)\s*", gap) for gap in gaps):
        return None
    head = clause[: verb.start()]
    years: list[int | None] = [None] * len(quantities)
    listed = _YEAR_LIST.match(head)
    if listed:
        # One quantity, one target a year.
        years = [parse_year(year) for year in re.findall(YEAR, listed.group("years"))]
        names = [clean_name(head[listed.end() :])] * len(years)
    else:
        names = [item for item in NAME_LIST_SPLIT.split(clean_name(head)) if item]
    if len(names) != len(quantities) or not all(names):
        return None
    last = quantities[-1]
    words = _AFTER_WORDS.match(clause[last.end() :])
    span = (
        len(clause) - len(clause.lstrip(" ,，、")),
        last.end() + (len(words.group(0).rstrip("的")) if words else 0),
    )
    results = []
    for name, match, year in zip(names, quantities, years, strict=True):
        quantity = parse_quantity(match.group(0))
        if quantity is None:
            return None
        comparator = "=" if re.match(r"\s*左右", clause[match.end() :]) else ">="
        results.append((name, comparator, None, quantity.value, quantity.unit, span, None, year))
    return results


def _number_text(value: float | int) -> str:
    return f"{value:g}"


_RANK_BEFORE = re.compile(r"(跃居|进入|位居|保持|稳定在|跻身|位列|排名|居)(?P<where>[^,，]{0,8}?)前\s*$")
# The measure a firm must reach to qualify (年营业收入首次突破N亿元的企业), not a target.
_THRESHOLD_MEASURE = re.compile(
    r"(收入|营收|产值|销售额|税收|资产|市值)\s*(?:首次|连续[一二三两\d]年)?\s*(?:突破|超过?|达到?|在)?\s*"
    rf"(?:(?:{NUMBER})\s*(?:万亿|亿|万)?元\s*(?:及?以上)?\s*[、和]\s*)*$"
)
_CODE_BEFORE = re.compile(r"(电话|热线|传真|手机|邮编|编号|代码|标识码|备案号|号码|文号|编码)\s*[:：]?\s*$")
_DURATION_UNITS = ("个工作日", "工作日", "天", "小时", "个月", "分钟")
_LARGE_CN_COUNT = re.compile(r"^[一二两三四五六七八九][百千万亿]")


def _is_target_number(clause: str, match: re.Match[str]) -> bool:
    number = match.group("number")
    if parse_number(re.sub(r"(万亿|亿|万)$", "", number) if number[0].isdigit() else number) is None:
        return False
    before = clause[: match.start()]
    after = clause[match.end() :]
    if not number[0].isdigit():
        # Counts in Chinese numerals name lists (聚焦四个方向, 六大产业) unless a target word
        # says otherwise (突破两万家, 五个以上) or the count is too large for a list (一千五百人, 两千套).
        if match.group("unit") in ("%", "个百分点", "大") or not (
            _TARGET_VERB_BEFORE.search(before)
            or re.match(r"\s*(以上|左右)", after)
            or _LARGE_CN_COUNT.match(number)
            or (match.group("unit") == "倍" and _TIMES_BEFORE.search(before))
        ):
            return False
    # "销售收入5亿元以上企业全部建立研发机构": a threshold that picks the firms, not a target.
    if (
        match.group("unit").endswith("元")
        and _THRESHOLD_MEASURE.search(before)
        and re.match(
            rf"\s*(?:及?以上|以下)?\s*(?:[、和]\s*(?:{NUMBER})\s*(?:万亿|亿|万)?元\s*(?:及?以上)?\s*)*的?\s*[\u4e00-\u9fff]",
            after,
        )
    ):
        return False
    # A rate a rule applies (减按N%税率征收, 按N%的比例) is not a target.
    if re.search(r"(减按|按照|按)\s*$", before) or re.match(r"\s*的?(税率|费率|征收)", after):
        return False
    # "研发投入强度超过3%的,给予奖励": a condition a clause closes with 的, not a target.
    if re.fullmatch(r"\s*(?:及?以上|以下|以内)?\s*的\s*", after):
        return False
    # "受理后10个工作日内完成审核": the time limit of a procedure (a target says 压缩至…以内).
    if match.group("unit") in _DURATION_UNITS and re.match(r"\s*内", after):
        return False
    # A、B、C等N个<things>: the number counts the list in front of it.
    if re.search(r"等\s*$", before):
        return False
    # Inside quotes the number names a list or programme (“五个平台”, “5568”工程).
    if before.count("“") > before.count("”") or before.count('"') % 2:
        return False
    ranked = match.group("unit") in ("位", "名") and _RANK_BEFORE.search(before)
    if (re.search(r"(第|前)\s*$", before) and not ranked) or _PER_UNIT.search(before):
        return False
    if match.group("unit").endswith("元") and _EXCLUDED_CONTEXT.search(clause):
        return False
    # "按不超过项目总投资的30%给予补助": the rate of a subsidy.
    if match.group("unit") == "%" and _SUBSIDY.search(clause):
        return False
    # "每季度召开1次联席会议": a working schedule, not a target.
    if _SUB_ANNUAL.search(before):
        return False
    # A phone number, a post code, a serial number or a dimension (0571-…, 热线12345, 1920×1080) is no value.
    if re.match(r"0\d", number) or _CODE_BEFORE.search(before) or re.search(r"[×*xX]\s*$", before):
        return False
    # A year (2025年) or a date is not a target; neither is a code followed by letters.
    following = clause[match.end() : match.end() + 1]
    return not re.match(r"[A-Za-z0-9]", following)


_POST_PREDICATE = re.compile(r"(给予|列入|纳入|全部|均|用于|作为|实现|开展|进行|参与|获得|享受)")










# --- tables ---------------------------------------------------------------------------------------







































# --- parts, horizon, merging ----------------------------------------------------------------------


_VOLUME = frozenset({"volume"})  # a part of a compilation: 篇一, 第二篇


def _split_parts(body: list[Line]) -> list[tuple[str | None, list[Line]]]:
    parts: list[tuple[str | None, list[Line]]] = [(None, [])]
    for line in body:
        volume = heading_marker(line.text, _VOLUME)
        if volume:
            parts.append((line.text[: volume[2]].strip(), []))
        parts[-1][1].append(line)
    if not parts[0][1] or len(parts) > 2 and len(parts[0][1]) < 10:
        # A short preamble (the page title) before 篇一 belongs to no plan.
        parts = parts[1:] if len(parts) > 1 else parts
    return parts


_NOT_CITY = set("全我本该各城省县区副市每")


def _part_scope(label: str | None, lines: list[Line]) -> str | None:
    """The city a part of a compilation is about (the one it names most), else its label (篇四)."""
    counts: Counter[str] = Counter()
    for line in lines:
        for match in re.finditer(r"([\u4e00-\u9fff]{2})市", line.text):
            name = match.group(1)
            if not (set(name) & _NOT_CITY) and not name.endswith(("城", "门", "超", "都")):
                counts[name] += 1
    if counts:
        name, count = counts.most_common(1)[0]
        if count >= 3:
            return name
    return label


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One entry per measured quantity: a table row and the prose stating the same target are one
    (the table cell is kept), and so are a relative-only statement and the level it doubles, and the
    targets of one quantity for two years (2025 and 2035)."""
    kept: list[Candidate] = []
    ordered = sorted(candidates, key=lambda candidate: not candidate.from_table)
    for candidate in ordered:
        twin = next((other for other in kept if _same_target(other, candidate)), None)
        if twin is not None:
            for target in twin.targets:
                other = next(
                    (other for other in candidate.targets if _agree(twin, target, candidate, other)), None
                )
                if other is not None:
                    target["relative"] = target["relative"] or other["relative"]
            twin.baseline = twin.baseline or candidate.baseline
            continue
        earlier = next((other for other in kept if _other_years(other, candidate)), None)
        if earlier is not None:
            earlier.targets = sorted(
                [*earlier.targets, *candidate.targets], key=lambda target: target["year"]
            )
            earlier.baseline = earlier.baseline or candidate.baseline
            continue
        kept.append(candidate)
    order = {id(candidate): index for index, candidate in enumerate(candidates)}
    return sorted(kept, key=lambda candidate: order[id(candidate)])


# Merging compares every pair of names: each name's key is computed once.
_key = lru_cache(maxsize=8192)(name_key)


def _similarity(first: Candidate, second: Candidate) -> float:
    a_key, b_key = _key(first.name), _key(second.name)
    return 1.0 if a_key == b_key else bigram_dice(a_key, b_key)


def _same_target(first: Candidate, second: Candidate) -> bool:
    if first.part != second.part or _split_apart(first, second) or _similarity(first, second) < 0.7:
        return False
    return any(_agree(first, a, second, b) for a in first.targets for b in second.targets)


def _split_apart(first: Candidate, second: Candidate) -> bool:
    # Quantities split out of one sentence (A、B均达到90%) share their quote and stay apart.
    return first.quote == second.quote and first.name != second.name


def _agree(first: Candidate, a: dict, second: Candidate, b: dict) -> bool:
    """Whether target `a` of `first` and target `b` of `second` state the same target."""
    if a["year"] != b["year"] and a["year"] is not None and b["year"] is not None:
        return False
    if a["value"] is None or b["value"] is None:
        # A growth rate of X and a level of X's share are different quantities: names must agree.
        return (
            _similarity(first, second) >= 0.85
            and (a["value"] is None) != (b["value"] is None)
            and (a["relative"] or b["relative"]) is not None
        )
    if first.unit == second.unit:
        return abs(a["value"] - b["value"]) < 1e-9
    # The same quantity in two units (4万人 and 40000人).
    converted = convert(b["value"], second.unit, first.unit) if first.unit and second.unit else None
    return converted is not None and abs(converted - a["value"]) < 1e-9


def _other_years(first: Candidate, second: Candidate) -> bool:
    """The same quantity's target for other years (到2025年…12万人年, 到2035年…25万人年)."""
    if first.part != second.part or first.unit != second.unit or _split_apart(first, second):
        return False
    years = [target["year"] for target in first.targets]
    other = [target["year"] for target in second.targets]
    if None in years or None in other or set(years) & set(other):
        return False
    if any(target["value"] is None for target in [*first.targets, *second.targets]):
        return False
    return _same_quantity(first.name, second.name)


def _same_quantity(first: str, second: str) -> bool:
    """Two names of one quantity: nearly the same, or one a long enough part of the other."""
    a_key, b_key = _key(first), _key(second)
    shorter, longer = sorted((a_key, b_key), key=len)
    return (
        a_key == b_key
        or bigram_dice(a_key, b_key) >= 0.85
        or (len(shorter) >= 4 and shorter in longer and len(shorter) >= 0.6 * len(longer))
    )
