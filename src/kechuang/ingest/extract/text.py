"""Splitting a plan document into numbered, normalised lines.

Extractors work on `Line.text` (half-width, single kind of space) and quote `Line.raw`, so a quote
is always an exact substring of the document the user loaded. Page furniture — the navigation,
share buttons, copyright and page numbers that come with text copied from web pages or PDFs — is
flagged, not removed, so line numbers and offsets keep pointing into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

__all__ = [
    "CLOSING_BRACKETS",
    "HEADING_MARKERS",
    "OPENING_BRACKETS",
    "SECTION_KINDS",
    "ZERO_WIDTH",
    "Line",
    "SectionTracker",
    "bracket_depth",
    "bracket_depths",
    "heading_marker",
    "is_page_number",
    "normalise",
    "raw_offset",
    "raw_span",
    "split_lines",
    "starts_with_heading_marker",
]


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the original document
    start: int  # character offset of the line in the original text
    raw: str  # the line exactly as in the original (used for quotes)
    text: str  # normalised, same meaning
    furniture: bool  # page furniture, skipped by extractors
    cell: bool = False  # one cell of a table row read as prose: never joined with the lines around it


# Full-width ASCII block U+FF01..U+FF5E maps one-to-one onto U+0021..U+007E.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_HALF_WIDTH.update({ord(char): " " for char in _SPACES})
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Zero-width characters pasted from web pages carry no meaning and break pattern matching.
_HALF_WIDTH.update({ord(char): None for char in ZERO_WIDTH})

_LINE_BREAK = re.compile(r"\r\n|\r|\n|\x0c|\u2028|\u2029")


def raw_offset(line: Line, index: int) -> int:
    """The offset in `line.raw` of offset `index` of `line.text` (normalising only drops zero-width marks)."""
    if len(line.raw.rstrip()) == len(line.text) or len(line.raw) == len(line.text):
        return index
    positions = [position for position, char in enumerate(line.raw) if char not in ZERO_WIDTH]
    positions.append(len(line.raw))
    return positions[min(index, len(positions) - 1)]


def raw_span(line: Line, start: int, end: int) -> str:
    """`line.raw` between two offsets of `line.text`."""
    return line.raw[raw_offset(line, start) : raw_offset(line, end)]


def normalise(raw: str) -> str:
    """Full-width ASCII to half-width, every kind of space to a plain space, no trailing spaces."""
    return raw.translate(_HALF_WIDTH).rstrip()


OPENING_BRACKETS = "(（[【〔"
CLOSING_BRACKETS = ")）]】〕"
_OPEN, _CLOSE = re.escape(OPENING_BRACKETS), re.escape(CLOSING_BRACKETS)

# Heading markers of Chinese official documents, one definition for every reader: (kind, pattern),
# group 1 the marker's label. 第一部分/第一章 第一节 一、 (一) 1. (1) 1) ① 一是, and 第N条 / 篇一 that
# some readers count and others do not. A kind takes its depth from the order kinds first appear.
_CN = "一二三四五六七八九十"
HEADING_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^第([{_CN}百]+|\d{{1,3}})\s*(?:部分|章)\s*")),
    ("section", re.compile(rf"^第([{_CN}百]+|\d{{1,3}})\s*节\s*")),
    ("article", re.compile(rf"^第([{_CN}百]+|\d{{1,3}})\s*条\s*")),
    ("volume", re.compile(rf"^(?:篇([{_CN}]+)|第([{_CN}\d]+)篇)\s*")),
    ("cn", re.compile(rf"^([{_CN}]+)\s*[、.]\s*")),
    ("cn_paren", re.compile(rf"^[{_OPEN}]\s*([{_CN}]+)\s*[{_CLOSE}]\s*")),
    ("num", re.compile(r"^(\d{1,2})\s*[、.](?!\d)\s*")),
    ("num_paren", re.compile(rf"^[{_OPEN}]\s*(\d{{1,2}})\s*[{_CLOSE}]\s*")),
    ("num_half", re.compile(r"^(\d{1,2})\)\s*")),
    ("circled", re.compile(r"^([\u2460-\u2473\u2776-\u277f])\s*")),
    ("cn_shi", re.compile(rf"^([{_CN}]+)是\s*")),
]
# The characters a heading marker can start with.
_MARKER_STARTS = frozenset(
    _CN + "第篇百" + OPENING_BRACKETS + "0123456789" + "".join(map(chr, range(0x2460, 0x2474))) + "".join(map(chr, range(0x2776, 0x2780)))
)
# The kinds that head sections of a plan's outline (not 一是 clauses, list items or articles).
SECTION_KINDS = frozenset({"part", "section", "cn", "cn_paren", "num", "num_paren"})


def heading_marker(text: str, kinds: frozenset[str] | None = None) -> tuple[str, str, int] | None:
    """(kind, label, end of the marker) of the heading marker `text` starts with (after spaces), if
    any, among `kinds` (all by default)."""
    stripped = text.lstrip()
    if not stripped or stripped[0] not in _MARKER_STARTS:
        return None  # the cheap test first: most lines start with no marker
    indent = len(text) - len(stripped)
    for kind, pattern in HEADING_MARKERS:
        match = pattern.match(stripped)
        if match is not None:
            if kinds is not None and kind not in kinds:
                return None
            label = next(group for group in match.groups() if group)
            return kind, label, indent + match.end()
    return None


def starts_with_heading_marker(text: str) -> bool:
    return heading_marker(normalise(text)) is not None


class SectionTracker:
    """Sections scoped by headings: one opened at a heading lasts up to the next heading of the same
    or a higher level. Levels come from the order heading kinds first appear in the document."""

    def __init__(self, *, open_level: int | None = None, kinds: frozenset[str] = SECTION_KINDS) -> None:
        self.kinds: list[str] = []
        self.accepted = kinds
        self.open_level = open_level

    def level(self, text: str) -> int | None:
        """The level of the heading `text` starts with, or None if it is no heading."""
        marker = heading_marker(text, self.accepted)
        if marker is None:
            return None
        if marker[0] not in self.kinds:
            self.kinds.append(marker[0])
        return self.kinds.index(marker[0])

    @property
    def inside(self) -> bool:
        return self.open_level is not None

    def open(self, level: int) -> None:
        self.open_level = level if self.open_level is None else min(self.open_level, level)

    def close(self) -> None:
        self.open_level = None

    def close_at(self, level: int) -> None:
        """A heading at `level` ends an open section of the same or a deeper level."""
        if self.open_level is not None and level <= self.open_level:
            self.open_level = None


def bracket_depths(text: str) -> list[int]:
    """The bracket depth before each character of `text` and after the last (never below zero: a
    closing bracket without its opening one, left over from text cut off, is ignored)."""
    depths = [0]
    for char in text:
        depth = depths[-1]
        if char in OPENING_BRACKETS:
            depth += 1
        elif char in CLOSING_BRACKETS:
            depth = max(depth - 1, 0)
        depths.append(depth)
    return depths


def bracket_depth(text: str) -> int:
    """How many brackets `text` leaves open."""
    return bracket_depths(text)[-1]


# A page number standing alone: "- 3 -", "— 3 —", "第 3 页", "3/12", "Page 3", a bare number.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[\-—–]*\s*\d{1,4}\s*[\-—–]*|第\s*\d+\s*页(\s*[,/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页|\d+\s*/\s*\d+|"
    r"page\s*\d+(\s*of\s*\d+)?)\s*$",
    re.I,
)


def is_page_number(text: str) -> bool:
    return _PAGE_NUMBER.match(normalise(text)) is not None


# Furniture is only ever a short line: a body paragraph that mentions 电话 or 版权 must stay.
_FURNITURE_MAX_LENGTH = 60
_FURNITURE_PATTERNS = [
    # breadcrumbs and site navigation
    re.compile(
        r"(>>|»|\s>\s.*\s>\s|当前位置|您的位置|所在位置|导航(菜单|栏)|^导航$|网站首页|^首页(\s|$)|^返回(首页|顶部|列表)?$)"
    ),
    # copyright, licensing, site registration
    re.compile(r"(版权所有|copyright|©|\(c\)|icp备|icp证|公网安备|技术支持[::]|网站标识码|如有侵权)", re.I),
    # contact details
    re.compile(
        r"((电话|传真|热线|客服|邮箱|e-?mail|qq|地址|邮编)\s*[::]|联系我们|电话直呼|(电话|热线).{0,6}\d{3,})",
        re.I,
    ),
    re.compile(r"^[\s•·*\-]*(\+?\d[\d\s\-()]{6,}\d)\s*$"),
    # sharing, printing, page tools
    re.compile(
        r"(分享到|分享至|一键分享|扫一扫|扫码(关注|阅读)|关注公众|公众平台|关注我们|点击这里|打印本页|打印此页|"
        r"关闭窗口|^\[?打印\]?$|【打印】|【关闭】|收藏本页|加入收藏|^收藏$|字号\s*[::大中小]|阅读次数|浏览次数|"
        r"访问量|点击数|网站地图|网站声明|隐私声明|隐私政策|免责声明|上一篇|下一篇|上一条|下一条|上一页|下一页|友情链接|无障碍(浏览|阅读)|长者模式|关怀版|繁體|分辨率|相关(文章|链接|阅读|推荐)|推荐度|下载(docx|doc|word|pdf|文档)|"
        r"将本文的|发表评论|条评论|验证码|^(登录|注册|登录\s*[|/]\s*注册)$|本文地址|原文链接|^×$)",
        re.I,
    ),
    _PAGE_NUMBER,
    # page metadata and dates standing alone
    re.compile(
        r"^\s*((发布|更新|发表)(时间|日期)|索引号|信息来源)[::]|^\s*\d{4}-\d{2}-\d{2}(\s+\d{2}:\d{2}(:\d{2})?)?\s*$"
    ),
]


# A site footer strings its fields together (主办单位:… 技术支持:… 地址:… ICP备…). 主办/承办 are also
# task labels, so a footer needs a field no task has, and two fields in all; then it may be long.
_FOOTER_SITE_FIELD = re.compile(
    r"技术支持|运维单位|地址\s*[::]|(联系)?电话\s*[::]|传真\s*[::]|邮编\s*[::]|(电子)?邮箱\s*[::]|网站标识码|icp|"
    r"公网安备|版权所有|copyright|©|网站地图|联系我们|网站声明|隐私(声明|政策)",
    re.I,
)
_FOOTER_SHARED_FIELD = re.compile(r"(主办|承办)(单位)?\s*[::]")
_FOOTER_HOST_LINE = re.compile(r"^\s*(主办|承办)(单位)?\s*[::][^;;,,。()]*$")
_FOOTER_MAX_LENGTH = 200
_NAMES_UNITS = re.compile(r"(责任|牵头|配合|协办)(单位|部门)")


def _is_site_footer(text: str) -> bool:
    if len(text) > _FOOTER_MAX_LENGTH or not _FOOTER_SITE_FIELD.search(text):
        return False
    if heading_marker(text) or _NAMES_UNITS.search(text):
        return False
    site = {re.sub(r"[\s::]", "", match.group(0)).lower() for match in _FOOTER_SITE_FIELD.finditer(text)}
    return len(site) + bool(_FOOTER_SHARED_FIELD.search(text)) >= 2


def _is_furniture(text: str) -> bool:
    stripped = text.strip()
    if _is_site_footer(stripped):
        return True
    if not stripped or len(stripped) > _FURNITURE_MAX_LENGTH:
        return False
    # A numbered heading or a line naming responsible units is content, whatever else it contains.
    if starts_with_heading_marker(stripped) and not re.fullmatch(r"[\s\-—–\d]*", stripped):
        return False
    if _NAMES_UNITS.search(stripped) or _FOOTER_SHARED_FIELD.search(stripped):
        return False
    return any(pattern.search(stripped) for pattern in _FURNITURE_PATTERNS)


def split_lines(raw: str) -> list[Line]:
    """Cut `raw` into lines (any line-break convention), keeping offsets into `raw`."""
    lines: list[Line] = []
    start = 0
    number = 1
    for match in _LINE_BREAK.finditer(raw):
        lines.append(_make_line(number, start, raw[start : match.start()]))
        start = match.end()
        number += 1
    if start < len(raw):
        lines.append(_make_line(number, start, raw[start:]))
    return _footer_hosts(lines)


def _footer_hosts(lines: list[Line]) -> list[Line]:
    """A line of its own naming the site's host (主办单位:某某市人民政府办公室) is part of the footer
    when the footer's other fields (技术支持, 地址, ICP …) are on the line before or after it."""
    content = [index for index, line in enumerate(lines) if line.text.strip()]
    for position, index in enumerate(content):
        line = lines[index]
        if line.furniture or not _FOOTER_HOST_LINE.match(line.text):
            continue
        neighbours = [
            lines[content[near]] for near in (position - 1, position + 1) if 0 <= near < len(content)
        ]
        if any(_FOOTER_SITE_FIELD.search(other.text) and other.furniture for other in neighbours):
            lines[index] = replace(line, furniture=True)
    return lines


def _make_line(number: int, start: int, raw: str) -> Line:
    text = normalise(raw)
    return Line(number=number, start=start, raw=raw, text=text, furniture=_is_furniture(text))
