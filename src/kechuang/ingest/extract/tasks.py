"""Tasks with responsible units, from the heading outline of a plan document.

A plan numbers its items 第一部分/第一章 第一节 一、 (一) 1. (1) ① and 一是…; a 责任单位 line (or an
unlabelled closing clause, or a row of a task table) names who carries out the item it closes, and
一是…;二是… clauses of one paragraph may each name their own. Each such item becomes one task in
the gold schema: number (the outline labels joined with dots), title, lead and supporting units,
deadline (YYYY-MM), the leaders (责任领导, people, never units), a recurrence where the deadline is
one (每季度) and the unit text quoted as written. Task-decomposition tables are read by
task_tables; the words of labels and columns come from vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .periods import annual_year
from .task_tables import UNIT_KINDS, Row, TaskTable, looks_like_deadline
from .text import (
    CLOSING_BRACKETS,
    HEADING_MARKERS,
    OPENING_BRACKETS,
    Line,
    bracket_depth,
    bracket_depths,
    heading_marker,
    raw_offset,
    raw_span,
)
from .units import (
    LEVEL_PREFIXES,
    TITLE_CUE,
    UnitRoles,
    level_prefix_of,
    names_a_government_unit,
    names_a_zone,
    names_an_organisation,
    normalise_unit_name,
    parse_unit_list,
    places_named,
)
from .vocabulary import label_alternation

__all__ = ["RECURRENCES", "document_level", "extract_tasks", "normalise_unit_name", "parse_deadline", "read_tasks"]

_CN = "一二三四五六七八九十"
# The outline's heading kinds (text.HEADING_MARKERS): all but articles (第N条, a policy's rules) and
# the parts of a compilation (篇二), which start an outline of their own, as an annex does.
_OUTLINE_KINDS = frozenset(kind for kind, _ in HEADING_MARKERS) - {"article", "volume"}
_ANNEX = re.compile(r"^附件\s*\d*\s*[::]?$")

_LEAD_LABELS = label_alternation("lead")
_SUPPORT_LABELS = label_alternation("support")
_PLAIN_LABELS = label_alternation("plain")
# A label may carry a bracketed qualifier: 牵头处室（单位）：, 配合处室（单位）：.
_QUALIFIER = r"(?:\([^()]{1,6}\))?"
_UNIT_LABEL = re.compile(rf"({_LEAD_LABELS}|{_SUPPORT_LABELS}|{_PLAIN_LABELS}){_QUALIFIER}\s*[::]\s*")
_DEADLINE_LABEL = re.compile(rf"({label_alternation('deadline')}|时间){_QUALIFIER}\s*[::]\s*")
_LEADER_LABEL = re.compile(rf"({label_alternation('leader')}){_QUALIFIER}\s*[::]\s*")
_STOP = re.compile(rf"({_UNIT_LABEL.pattern}|{_DEADLINE_LABEL.pattern}|{_LEADER_LABEL.pattern}|责任人|责任领导|牵头领导|[。])")
# An unlabelled closing clause, in brackets at the end of a line or as a line of its own:
# (区科技局牵头,区财政局配合) / (市科技局、市财政局) / 市工信局牵头,市发改委配合。 It counts only when
# it names organisations and nothing else (see _unit_clause).
_ROLE_CLAUSE = re.compile(r"[((]([^(()]{2,80}?(?:[((][^(()]{1,20}[))][^(()]*?)*)[))]\s*[。.;;]?\s*$")
_ROLE_LINE = re.compile(r"^\s*([^(()。]{2,60}?(牵头|主办|负责)[,,;;、]?[^(()。]*?)[。.;;]?\s*$")
# The closing sentence of an item: (具体)由区科技局负责,区财政局配合。 (not the 由 of 自由贸易区)
_ROLE_SENTENCE = re.compile(r"(?<!自)由([^(()。;]{2,60}?(牵头|主办|负责)[,,;;、]?[^(()。;]*?)[。.;;]?\s*$")
# A bracket that explains or gives examples (如…, 含…, 以下简称…) names no one responsible.
_NOT_ROLE_CLAUSE = re.compile(r"^(如|例如|比如|含|包括|包含|即|简称|以下简称|下称|注|其中|详见|见)")
_ROLE_WORD = re.compile(r"(牵头|主办|主责|负责|配合|协办|协助|参与)")
_BODY = re.compile(r"(中心|公司|集团|部门|单位)$")
# Items written inline, 一是…;二是…;三是…, each with its own units.
_INLINE_CLAUSE = re.compile(rf"(?:^|(?<=[。;]))\s*([{_CN}]+)是")


def extract_tasks(lines: list[Line]) -> list[dict]:
    """The tasks of a plan document that name responsible units, in document order."""
    return read_tasks(lines)[0]


def read_tasks(lines: list[Line]) -> tuple[list[dict], list[Line]]:
    """The tasks, and the document's lines for the indicator reader: a task table's rows become
    their task cells, its header and its unit, leader and date cells are left out."""
    body = [line for line in lines if not line.furniture and line.text.strip()]
    in_tables: set[int] = set()  # numbers of the lines task tables took
    cells: dict[int, Line] = {}  # a row's first line number → its task cell as a line
    context = _document_context(lines, body)
    outline = _Outline()
    drafts: list[_Draft] = []
    table: TaskTable | None = None
    carried: str | None = None  # the role of a unit list that runs on to the next line
    for line in body:
        text = line.text.strip()
        if carried is not None:
            found = _continued_units(line, context, carried)
            carried = None
            if found is not None:
                _record(outline, drafts, line, found, None)
                continue
        if table is not None:
            belongs = table.feed(line)
            drafts.extend(_row_draft(row, context, lines, cells) for row in table.take())
            if belongs:
                in_tables.add(line.number)
                continue
            table = None
        header = TaskTable.from_header(line)
        if header is not None:
            table = header
            in_tables.add(line.number)
            continue
        if heading_marker(text, frozenset({"volume"})) or _ANNEX.match(text):
            outline.reset()
            continue
        clauses = _inline_clauses(line, context)
        head = text if not clauses else line.text[: clauses[0].start].strip()
        heading = _heading(head)
        if heading is not None:
            kind, label, rest = heading
            outline.push(kind, label, _title(rest))
        if clauses:
            _read_inline_clauses(clauses, outline, drafts, context)
            continue
        found = _units_in(line, context)
        deadline = _deadline_in(text, context.year) or (_trailing_deadline(text, context.year) if found else None)
        _record(outline, drafts, line, found, deadline, _leaders_in(text))
        carried = found.runs_on if found is not None else None
    if table is not None:
        drafts.extend(_row_draft(row, context, lines, cells) for row in table.close())
    tasks = [draft.as_gold() for draft in drafts if draft is not None and (draft.lead or draft.support)]
    prose = [
        cells[line.number] if line.number in cells else line
        for line in lines
        if line.number not in in_tables or line.number in cells
    ]
    return tasks, prose


def _row_draft(row: Row, context: _Context, lines: list[Line], cells: dict[int, Line]) -> _Draft | None:
    """A task from a row of a task table: units by column (a plain 责任单位 column next to a 牵头
    column supports it), the task cell's wrapped lines joined for its title."""
    cell = row.prose(lines)
    if cell is not None:
        cells[row.lines[0].number] = cell
    title = row.cell("title", "")
    if not title:
        return None
    has_lead = "lead" in row.kinds
    roles = UnitRoles()
    for kind in UNIT_KINDS:
        role = {"lead": "lead", "support": "support"}.get(kind) or ("support" if has_lead else None)
        found = context.units(row.cell(kind), role=role)
        roles.lead += found.lead
        roles.support += found.support
    if not roles.lead and not roles.support:
        return None
    # A long task cell is titled by its first clause; the row's quote keeps the units whole.
    draft = _Draft(number=row.number, title=_title(title, sentence=True))
    draft.add(roles, row.quote(lines), row.lines[0], written=row.lines)
    draft.deadline, draft.recurrence = parse_deadline_and_recurrence(row.cell("deadline", ""), year=context.year)
    draft.leaders = _people(row.cell("leader"))
    return draft


def _unique_names(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _people(text: str) -> list[str]:
    """The leaders a 责任领导 cell or label names, as written (titles kept: 副区长张三)."""
    names = [re.sub(r"(同志|等)$", "", item.strip()) for item in re.split(r"[、,;/\s]+", text)]
    return list(dict.fromkeys(name for name in names if len(name) >= 2))


def _leaders_in(text: str) -> list[str]:
    label = _LEADER_LABEL.search(text)
    if label is None:
        return []
    stop = _STOP.search(text, label.end())
    return _people(text[label.end() : stop.start() if stop else len(text)])


def _continued_units(line: Line, context: _Context, role: str) -> _Found | None:
    """The rest of a unit list a hard line break cut (责任单位:区科技局、区财政局、\n区商务局)."""
    text = line.text
    if _heading(text.strip()) is not None or _UNIT_LABEL.search(text) or "\t" in text:
        return None
    stop = re.search(r"[))】〕。]", text)
    end = stop.start() if stop else len(text)
    roles = context.units(text[:end], role=role)
    names = roles.lead + roles.support
    if not names or not all(map(names_an_organisation, names)):
        return None
    # From the line's start, so that the quote joined to the one above is the document's text.
    return _Found(roles, raw_span(line, 0, len(text[:end].rstrip())))


def _record(
    outline: _Outline,
    drafts: list[_Draft],
    line: Line,
    found: _Found | None,
    deadline: str | None,
    leaders: list[str] | None = None,
) -> None:
    """Give the units (and deadline, leaders) a line names to the item the line belongs to."""
    item = outline.current()
    if item is None or (found is None and deadline is None and not leaders):
        return
    draft = item.draft
    if draft is None:
        draft = item.draft = _Draft(number=outline.number(), title=item.title)
        drafts.append(draft)
    if found is not None:
        draft.add(found.roles, found.quote, line, plain=found.plain)
    if deadline is not None:
        draft.deadline, recurrence = deadline
        draft.recurrence = recurrence or draft.recurrence
    draft.leaders += [name for name in leaders or [] if name not in draft.leaders]


@dataclass(frozen=True)
class _Clause:
    label: str  # 二 for 二是
    start: int  # offset of the clause in its line's text
    part: Line  # the clause's text after N是
    found: _Found | None


def _inline_clauses(line: Line, context: _Context) -> list[_Clause]:
    """The 一是…;二是… items of a paragraph, when they name their own units: two of them do, or one
    that is not the last (units closing the last clause alone may be the whole paragraph's).

    Otherwise the paragraph is read whole, so a unit line after it closes the enclosing item.
    """
    starts = list(_INLINE_CLAUSE.finditer(line.text))
    if len(starts) < 2:
        return []
    clauses: list[_Clause] = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(line.text)
        part = _sub_line(line, match.end(), end)
        clauses.append(_Clause(match.group(1), match.start(), part, _units_in(part, context)))
    named = [index for index, clause in enumerate(clauses) if clause.found is not None]
    if len(named) < 2 and not (named and named[0] < len(clauses) - 1):
        return []
    return clauses


def _read_inline_clauses(clauses: list[_Clause], outline: _Outline, drafts: list[_Draft], context: _Context) -> None:
    kinds = [item.kind for item in outline.items]
    depth = kinds.index("cn_shi") if "cn_shi" in kinds else len(kinds)
    for clause in clauses:
        outline.push("cn_shi", clause.label, _title(clause.part.text, sentence=True))
        _record(outline, drafts, clause.part, clause.found, _deadline_in(clause.part.text, context.year))
    # The clauses end with their paragraph: what follows belongs to the enclosing item.
    del outline.items[depth:]


def _sub_line(line: Line, start: int, end: int) -> Line:
    """Part of a line, as a line of its own whose raw text is the original span."""
    offset = raw_offset(line, start)
    raw = line.raw[offset : raw_offset(line, end)]
    return Line(line.number, line.start + offset, raw, line.text[start:end], furniture=False)


@dataclass
class _Item:
    kind: str
    label: str
    title: str
    draft: _Draft | None = None


class _Outline:
    """The chain of headings above the current line."""

    def __init__(self) -> None:
        self.items: list[_Item] = []

    def reset(self) -> None:
        self.items = []

    def push(self, kind: str, label: str, title: str) -> None:
        kinds = [item.kind for item in self.items]
        if kind in kinds:
            del self.items[kinds.index(kind) :]
        self.items.append(_Item(kind, label, title))

    def current(self) -> _Item | None:
        return self.items[-1] if self.items else None

    def number(self) -> str:
        return ".".join(item.label for item in self.items)


@dataclass
class _Draft:
    number: str
    title: str
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadline: str | None = None
    quotes: list[tuple[Line, str]] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    recurrence: str | None = None

    def add(
        self, roles: UnitRoles, quote: str, line: Line, *, plain: bool = False, written: list[Line] | None = None
    ) -> None:
        if plain and self.lead:
            # 牵头单位: on one line, 责任单位: on the next: the latter support.
            roles = UnitRoles([], roles.lead + roles.support)
        lines = written or [line]
        lead = [_as_written(name, lines) for name in roles.lead]
        support = [_as_written(name, lines) for name in roles.support]
        self.lead += [name for name in lead if name not in self.lead]
        self.support += [name for name in support if name not in self.support and name not in self.lead]
        self.quotes.append((line, quote))

    def as_gold(self) -> dict:
        lead, support = self.lead, self.support
        if not lead:
            # Only 配合 units given: the first of them carries the task.
            lead, support = support[:1], support[1:]
        return {
            "number": self.number,
            "title": self.title,
            "lead_units": lead,
            "support_units": support,
            "deadline": self.deadline,
            "leaders": self.leaders,
            "recurrence": self.recurrence,
            "quote": _join_quotes(self.quotes),
        }


def _join_quotes(quotes: list[tuple[Line, str]]) -> str:
    """One quote for the unit text, joined with the original line breaks when it spans lines."""
    text = quotes[0][1]
    for (previous, _), (line, quote) in zip(quotes, quotes[1:], strict=False):
        gap = line.start - (previous.start + len(previous.raw))
        text += ("\r\n" if gap == 2 else "\n") * (line.number - previous.number) + quote
    return text


def _as_written(name: str, lines: list[Line]) -> str:
    """The unit name with the characters the document uses (full-width brackets stay full-width);
    a level prefix the list left off (科工信局 → 区科工信局) is kept in front."""
    for cut in range(3):
        core = name[cut:]
        if len(core) < 2:
            continue
        for line in lines:
            index = line.text.find(core)
            if index >= 0:
                written = raw_span(line, index, index + len(core))
                return name[:cut] + written if len(written) == len(core) else name
    return name


def _heading(text: str) -> tuple[str, str, str] | None:
    marker = heading_marker(text, _OUTLINE_KINDS)
    if marker is None:
        return None
    kind, label, end = marker
    if kind in ("cn_paren", "num_paren"):
        label = f"({label})"
    elif kind == "num_half":
        label = f"{label})"
    return kind, label, text[end:]


def _title(rest: str, *, sentence: bool = False) -> str:
    """The heading text, or the first clause of an item that runs straight into its body (as an
    inline 一是… item, a `sentence`, always does)."""
    label = _UNIT_LABEL.search(rest)
    clause = _unit_clause(rest)
    cut = min(match.start() for match in (label, clause) if match) if (label or clause) else len(rest)
    rest = re.sub(r"[\s((【〔]+$", "", rest[:cut])
    # A heading stands alone; an item written as a sentence is titled by its first clause.
    if not sentence and not re.search(r"[。;;]", rest) and len(rest) <= 40:
        return re.sub(r"[。;;,,::\s]+$", "", rest)
    return re.split(r"[。;;,,::!?!?]", rest, maxsplit=1)[0].strip()


@dataclass(frozen=True)
class _Context:
    """What a document says about its own units and dates: the level prefix its bare department
    names take (None in a development zone's plan), the place names its units may begin with, and
    the year of an annual plan."""

    prefix: str | None
    places: frozenset[str] = frozenset()
    year: int | None = None
    zone: bool = False

    def units(self, text: str, role: str | None = None) -> UnitRoles:
        lead, support = _parse_units(text, self.prefix, role, self.places, self.zone)
        return UnitRoles(list(lead), list(support))


@lru_cache(maxsize=4096)
def _parse_units(
    text: str, prefix: str | None, role: str | None, places: frozenset[str], zone: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # A heading's closing clause is read for its title and again for its units.
    roles = parse_unit_list(text, default_prefix=prefix, role=role, places=places, levelless=zone)
    return tuple(roles.lead), tuple(roles.support)


def _unit_clause(text: str, context: _Context | None = None) -> re.Match[str] | None:
    """The unlabelled closing clause of `text` that names units only, if any."""
    clause = _ROLE_CLAUSE.search(text) or _ROLE_SENTENCE.search(text) or _ROLE_LINE.match(text)
    if clause is None or _NOT_ROLE_CLAUSE.match(clause.group(1).strip()):
        return None
    roles = (context or _Context(None)).units(_units_part(clause.group(1)))
    # Without a label, "X牵头" is often prose (坚持政府牵头、企业参与): every name must be that of an
    # organisation, and one at least plainly a unit. Without a role word either, a bracket may just
    # name an example (…创新联合体(某某集团)): then that one must be a government unit.
    names = roles.lead + roles.support
    if not all(map(names_an_organisation, names)):
        return None
    with_role = bool(_ROLE_WORD.search(_units_part(clause.group(1))))
    if not any(names_a_government_unit(name) or with_role and _BODY.search(name) for name in names):
        return None
    return clause


@dataclass(frozen=True)
class _Found:
    roles: UnitRoles
    quote: str
    plain: bool = False  # named under a plain label (责任单位:) only, which gives no roles
    runs_on: str | None = None  # the role of the list's units if it runs on to the next line


def _units_in(line: Line, context: _Context) -> _Found | None:
    """The responsible units a line names, and the quote of where it names them."""
    text = line.text
    labels = list(_UNIT_LABEL.finditer(text))
    if not labels:
        clause = _unit_clause(text, context)
        if clause is None:
            return None
        units = _units_part(clause.group(1))
        return _Found(context.units(units), raw_span(line, clause.start(1), clause.start(1) + len(units)))
    roles = UnitRoles()
    end = labels[0].start()
    label_roles = [_label_role(label.group(1)) for label in labels]
    for label, role in zip(labels, label_roles, strict=True):
        content_end = _content_end(text, label)
        content_end = label.end() + len(_units_part(text[label.end() : content_end]))
        # Next to a 牵头单位 label, the units of a plain 责任单位 label are those that support it.
        role = role or ("support" if "lead" in label_roles else None)
        found = context.units(text[label.end() : content_end], role=role)
        roles.lead += found.lead
        roles.support += found.support
        end = max(end, content_end)
    if not roles.lead and not roles.support:
        return None
    # A list that ends in a separator, or inside its bracket, runs on: its first unit already leads.
    runs_on = text.rstrip()[-1] in "、,;" or bracket_depth(text) > 0
    return _Found(
        roles,
        raw_span(line, labels[0].start(), len(text.rstrip()) if runs_on else end),
        plain=not any(label_roles),
        runs_on=(label_roles[-1] or "support") if runs_on else None,
    )


# The completion time after a unit list in the same bracket: (…配合;2024年10月底前完成), (…;持续推进).
_DEADLINE_TAIL = re.compile(r"\s*[;；]\s*(?P<deadline>[^;；]{2,24}?)\s*$")


def _units_part(text: str) -> str:
    """`text` without a completion time that closes it after a semicolon."""
    tail = _DEADLINE_TAIL.search(text)
    if tail and looks_like_deadline(re.sub(r"(前)?完成$", "", tail.group("deadline"))):
        return text[: tail.start()].rstrip()
    return text


def _trailing_deadline(text: str, year: int | None) -> tuple[str | None, str | None] | None:
    """The completion time an unlabelled bracket closes with: (X牵头,Y配合;2024年10月底前完成)."""
    clause = _ROLE_CLAUSE.search(text)
    if clause is None:
        return None
    tail = _DEADLINE_TAIL.search(clause.group(1))
    if tail is None or not looks_like_deadline(re.sub(r"(前)?完成$", "", tail.group("deadline"))):
        return None
    return parse_deadline_and_recurrence(tail.group("deadline"), year=year)


def _label_role(label: str) -> str | None:
    if re.fullmatch(_LEAD_LABELS, label):
        return "lead"
    if re.fullmatch(_SUPPORT_LABELS, label):
        return "support"
    return None


def _content_end(text: str, label: re.Match[str]) -> int:
    """Where the unit list after `label` ends: the bracket that opened before the label, the next
    label, a full stop, or the end of the line."""
    opened = text[: label.start()].rstrip()
    inside_bracket = bool(opened) and opened[-1] in OPENING_BRACKETS or bracket_depth(text[: label.start()]) > 0
    stop = _STOP.search(text, label.end())
    end = stop.start() if stop else len(text)
    if inside_bracket:
        content = text[label.end() : end]
        depths = bracket_depths(content)
        for index, char in enumerate(content):
            if char in CLOSING_BRACKETS and depths[index] == 0:
                return label.end() + index
    return len(re.sub(r"[\s;;,,、]+$", "", text[:end]))


def parse_deadline(text: str, *, year: int | None = None) -> str | None:
    """2023年12月底 → 2023-12; 2025年底 → 2025-12; 2025年 → 2025; no date → None. In the plan of one
    `year` (a 2026年工作要点), a month alone is of that year: 10月底 → 2024-10."""
    dates = list(
        re.finditer(
            r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月|[.\-/](\d{1,2})(?!\d)|年\s*(上半年|年中|底|末|年底|年末)|年)",
            text,
        )
    )
    if not dates:
        month_only = re.search(r"(?<!\d)(\d{1,2})\s*月", text) if year else None
        if month_only and 1 <= int(month_only.group(1)) <= 12:
            return f"{year}-{int(month_only.group(1)):02d}"
        return None
    match = dates[-1]
    year, month = match.group(1), match.group(2) or match.group(3)
    if month:
        return f"{year}-{int(month):02d}"
    if match.group(4):
        return f"{year}-{'06' if match.group(4) in ('上半年', '年中') else '12'}"
    return year


def _deadline_in(text: str, year: int | None) -> tuple[str | None, str | None] | None:
    """(deadline, recurrence) a 完成时限 label gives, or None without the label."""
    label = _DEADLINE_LABEL.search(text)
    if label is None:
        return None
    stop = _STOP.search(text, label.end())
    return parse_deadline_and_recurrence(text[label.end() : stop.start() if stop else len(text)], year=year)


_RECURRENCES = (
    (re.compile(r"每(个)?季度|按季度?|季度"), "quarterly"),
    (re.compile(r"每(个)?月|按月|月度"), "monthly"),
    (re.compile(r"每半年|半年度"), "half-yearly"),
    (re.compile(r"每年|年度"), "yearly"),
)
RECURRENCES = tuple(recurrence for _, recurrence in _RECURRENCES)


def parse_deadline_and_recurrence(text: str, *, year: int | None = None) -> tuple[str | None, str | None]:
    """A 完成时限 cell as (deadline, recurrence): 2024年10月底 → ("2024-10", None); 年底前 in a
    document of `year` → ("<year>-12", None); 长期, 持续推进 → (None, None); 每季度 → (None,
    "quarterly")."""
    text = text.strip()
    deadline = parse_deadline(text, year=year)
    if deadline is None and year is not None and re.search(r"(年底|年末)", text) and not re.search(r"\d{4}", text):
        deadline = f"{year}-12"
    if deadline is not None:
        return deadline, None
    for pattern, recurrence in _RECURRENCES:
        if pattern.search(text):
            return None, recurrence
    return None, None


_LEVELS = "".join(LEVEL_PREFIXES)
# The region word of a title: …区关于…, …市“十四五”…, …县科技创新…; not 全市/我区/城市.
_TITLE_REGION = re.compile(rf"(?![全我本该各城])[\u4e00-\u9fff]([{_LEVELS}])(?:{TITLE_CUE})")


_TITLE_LINES = 30
_HEADING_LINES = 60


def document_level(lines: list[Line]) -> str | None:
    """The level of government (区, 县, 市 …) whose prefix the document's bare department names
    take; None in a development zone's plan. The review and the commit use this same reading."""
    body = [line for line in lines if not line.furniture and line.text.strip()]
    return _document_context(lines, body).prefix


def _document_context(lines: list[Line], body: list[Line]) -> _Context:
    year = annual_year(body)
    title = next((match for line in body[:_TITLE_LINES] if (match := _TITLE_REGION.search(line.text))), None)
    # A document names its place in its heading lines: issuer, title, addressees.
    places = places_named(line.text for line in lines[:_HEADING_LINES])
    # A development zone's plan has no level: its 区 is none, and the 市科技局 its lists name is the
    # city's, not a level its own departments share.
    if title is not None and names_a_zone(title.string[: title.end(1)]):
        return _Context(None, places, year, zone=True)
    return _Context(_document_prefix(body, title), places, year)


def _document_prefix(lines: list[Line], title: re.Match[str] | None) -> str | None:
    """The level of government the plan is written for: the prefix its unit lists use most, else
    the region word of its `title`."""
    counts: Counter[str] = Counter()
    for line in lines:
        for label in _UNIT_LABEL.finditer(line.text):
            for item in re.split(r"[、,,;;\s]+", line.text[label.end() :]):
                prefix = level_prefix_of(re.sub(r"[(())\s]", "", item))
                if prefix:
                    counts[prefix] += 1
    if counts:
        return counts.most_common(1)[0][0]
    return title.group(1) if title is not None else None
