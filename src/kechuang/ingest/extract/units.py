"""Responsible-unit names: splitting a 责任单位 list into lead and supporting units.

Plans write unit lists in shorthand: the level prefix (区/市/县 …) is written once and left off the
following bare department names (区科技局、财政局), roles are given by 牵头/配合 words or by
labels (牵头单位:/配合单位:), and a list may end in a catch-all (等区政府有关部门).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .text import CLOSING_BRACKETS, OPENING_BRACKETS, bracket_depth, bracket_depths

__all__ = [
    "LEVEL_PREFIXES",
    "TITLE_CUE",
    "UnitRoles",
    "is_collective",
    "is_person",
    "level_prefix_of",
    "names_a_government_unit",
    "names_a_zone",
    "names_an_organisation",
    "normalise_unit_name",
    "parse_unit_list",
    "places_named",
]

LEVEL_PREFIXES = ("省", "市", "州", "盟", "县", "区", "旗", "镇", "乡")

# Words that begin with a level character without being a level prefix (市场监管局 is a bare name).
_NOT_A_PREFIX = re.compile(r"^(市场|市政|市容|区域|区块|县域|镇村|乡村|省级|市级|县级|区级)")

# What a government department's name ends with; 办事处, 中心, 公司 … are bodies of their own.
_DEPARTMENT_SUFFIX = re.compile(r"(局|委|委员会|办|办公室|厅|署|部)$")
# 办公室 alone is an office inside a bureau (a work plan's own sections), not a department.
_NOT_BARE = re.compile(
    r"(各|相关|有关|所属|成员|小组|中心|公司|集团|银行|学校|大学|学院|医院|街道|办事处|管委会|园区|^办公室)"
)
# A region word inside the name places it already (某某工业区管委会, 高新区财政局).
_PLACE_WORD = re.compile(r"(省|市|州|县|区|旗|镇|乡)")
# A development zone is run by a 管委会 whose departments carry no level prefix (经济发展局, not
# 区经济发展局): its 区 is not a level of government.
_ZONE = re.compile(r"(开发区|高新区|园区|示范区|试验区|实验区|保税区|合作区|功能区|工业区|产业区|自贸区|综保区)$")
_LEVELS = "".join(LEVEL_PREFIXES)
# What follows a place and its level in a title or an issuer's name (甲市人民政府, 乙区科学技术局,
# 丙市推进…, 某某县“十四五”…).
TITLE_CUE = (
    r"人民政府|政府|委员会|管委会|管理委员会|委|关于|[\"“《]|十[一二三四五六七八九]五|科技|科学技术|创新|国民经济|"
    r"推进|推动|加快|促进|支持|实施|深化|打造|建设|进一步|全面|高新|\d{4}"
)
_PLACE_NAME = re.compile(
    rf"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[省市]))([\u4e00-\u9fff]{{2,4}}?)[{_LEVELS}](?={TITLE_CUE})"
)
# Catch-alls and kinds of body (各街道, 有关单位, 县直有关部门): text of the plan, not one organization.
_COLLECTIVE = re.compile(
    r"^(各|相关|有关|其他|其它)|(有关|相关|其他|所属|成员|各)(部门|单位|机构|企业)$|"
    r"^(街道|街道办事处|乡镇|乡镇人民政府|园区|部门|单位|企业)$"
)
# Party departments take 区委/市委 rather than 区/市.
_PARTY_DEPARTMENTS = {"组织部", "宣传部", "统战部", "政法委", "编办", "网信办", "政研室"}
_BARE_MAX_LENGTH = 8
# Read backwards, a closing bracket opens: unclosed openings show as leftover depth.
_MIRROR = str.maketrans(OPENING_BRACKETS + CLOSING_BRACKETS, CLOSING_BRACKETS + OPENING_BRACKETS)

_ITEM_EDGE = re.compile(r"^[\s\"“”'‘’:.。]+|[\s\"“”'‘’:.。]+$")
_SEPARATORS = re.compile(r"[、,;;/|\s]+")
_ROLE_SUFFIX = re.compile(
    r"(按职责分工负责|按照职责分工负责|按职责分工|分别负责|共同负责|负责|落实|实施|推进)$"
)
_LEAD_WORDS = ("牵头", "主办", "主责", "主要责任")
# A role clause ends at a comma or semicolon, or at a space after its role word (X牵头 Y配合).
_SEGMENT_END = re.compile(r"[,,;;。]|(?<=牵头|主办|主责|配合|协办|协助|参与|协同|负责)\s+")
# "区科技局为牵头单位" ends its item with the role and a 单位/部门 noun.
_ROLE_LABEL_TAIL = re.compile(r"为?(牵头|主办|主责|配合|协办|协助|参与|协同)(单位|部门)$")
_SUPPORT_WORDS = ("配合", "协办", "协助", "参与", "协同", "共同")

# Titles that make a list item a person, not a unit (张三同志, 分管副区长, 局长李四).
_PERSON = re.compile(
    r"(同志$|^(分管|主管)?(副)?(省|市|州|县|区|镇|乡)长|(书记|主任|局长|部长|处长|科长|县长|区长|市长)[\u4e00-\u9fff]{0,3}$)"
)
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_ORGANISATION_END = re.compile(
    r"(局|委|办|部|厅|署|院|所|校|会|处|室|组|队|站|中心|司|厂|行|社|馆|县|区|市|镇|乡|街道|单位|部门|企业|集团|公司|园)$"
)


@dataclass
class UnitRoles:
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)


def level_prefix_of(name: str) -> str | None:
    """The level prefix a unit name starts with (区 for 区商务局), if any."""
    name = name.strip()
    if len(name) < 3 or name[0] not in LEVEL_PREFIXES or _NOT_A_PREFIX.match(name):
        return None
    rest = name[1:]
    if rest.startswith(("委", "政府", "人民政府", "人大", "政协", "纪委")) or _DEPARTMENT_SUFFIX.search(rest):
        return name[0]
    return None


def places_named(lines: Iterable[str]) -> frozenset[str]:
    """The places a document names as a government or in a title (甲 for 甲市人民政府, 乙 for
    乙区科学技术局20XX年…), from its normalised lines: the place word starts a line or follows
    punctuation, a province or a city."""
    return frozenset(match.group(1) for line in lines for match in _PLACE_NAME.finditer(line))


def names_a_zone(text: str) -> bool:
    """Whether `text` ends with the name of a development zone (…经济技术开发区, …高新区)."""
    return bool(_ZONE.search(text))


def is_collective(name: str) -> bool:
    """Whether a unit name stands for many bodies or a kind of body (各街道, 有关单位), not one."""
    return bool(_COLLECTIVE.search(name))


def names_an_organisation(name: str) -> bool:
    """Whether `name` ends as an organisation's name does (…局, …支行, …人民政府), before a
    bracketed second name (市委组织部(市委人才办))."""
    name = re.sub(r"[((][^(())]*[))]$", "", name)
    return bool(_ORGANISATION_END.search(name) or name.endswith("政府"))


def names_a_government_unit(name: str) -> bool:
    """Whether `name` is plainly that of a government unit: it carries a level prefix (区科技局,
    区数据服务中心), is a bare department (科工信局) or a government or committee (…人民政府, …管委会)."""
    if level_prefix_of(name) or _is_bare_department(name):
        return True
    if re.search(r"(人民政府|管委会|管理委员会|办事处)$", name):
        return True
    placed = name[:1] in LEVEL_PREFIXES and not _NOT_A_PREFIX.match(name)
    return placed and len(name) >= 4 and names_an_organisation(name)


def _is_bare_department(name: str, places: Iterable[str] = ()) -> bool:
    if len(name) > _BARE_MAX_LENGTH or not _DEPARTMENT_SUFFIX.search(name) or _NOT_BARE.search(name):
        return False
    if level_prefix_of(name) or any(name.startswith(place) for place in places):
        return False
    return not _PLACE_WORD.search(_NOT_A_PREFIX.sub("", name))


def normalise_unit_name(name: str, *, level_prefix: str | None, places: Iterable[str] = ()) -> str:
    """The unit's canonical name: whitespace and a trailing 等 removed, the level prefix added to a
    bare department name (科工信局 in a 区 plan → 区科工信局). A name that begins with one of the
    document's `places` (甲金融监管分局 in a 甲市 plan) is placed already."""
    name = re.sub(r"^[、,;;:.。]+|[、,;;:.。]+$", "", re.sub(r"\s+", "", name))
    name = re.sub(r"等$", "", name)
    if level_prefix and _is_bare_department(name, places):
        if name in _PARTY_DEPARTMENTS:
            return f"{level_prefix}委{name}"
        return f"{level_prefix}{name}"
    return name


def is_person(item: str) -> bool:
    """Whether a list item names a person (张三, 分管副区长, 局长李四), not a unit."""
    if _PERSON.search(item):
        return True
    # A bare two- or three-character personal name: a surname and no organisation ending.
    return 2 <= len(item) <= 3 and item[0] in _SURNAMES and not _ORGANISATION_END.search(item)


def _clean_item(item: str) -> list[str]:
    """One list item → the unit names it stands for (0, 1 or 2)."""
    item = _ITEM_EDGE.sub("", _trim_brackets(item))
    item = _ROLE_SUFFIX.sub("", _ROLE_LABEL_TAIL.sub(r"\1", re.sub(r"^(由|请)", "", item)))
    for word in _LEAD_WORDS + _SUPPORT_WORDS:
        if item.endswith(word):
            item = item[: -len(word)]
    item = re.sub(r"[((](牵头|主办|主责|配合|协办|参与)[))]", "", item).strip()
    # "X等区政府有关部门" names X and a catch-all; "X等部门" names X alone.
    item = re.sub(r"等(部门|单位)$", "", item)
    catch_all = re.match(r"^(.+?)等((?:省|市|州|县|区|镇|乡)?.*(?:部门|单位))$", item)
    if catch_all:
        return [part for part in catch_all.groups() if not is_person(part)]
    item = re.sub(r"等$", "", item)
    if not item or is_person(item) or not re.search(r"[\u4e00-\u9fffA-Za-z]", item):
        return []
    return [item]


def _trim_brackets(item: str) -> str:
    """Drop brackets left over from the surrounding text, keep those of the name (各区县(市))."""
    opened: list[int] = []
    unmatched: set[int] = set()
    for index, char in enumerate(item):
        if char in OPENING_BRACKETS:
            opened.append(index)
        elif char in CLOSING_BRACKETS:
            if opened:
                opened.pop()
            else:
                unmatched.add(index)
    unmatched.update(opened)
    item = "".join(char for index, char in enumerate(item) if index not in unmatched).strip()
    if len(item) > 2 and item[0] in OPENING_BRACKETS and item[-1] in CLOSING_BRACKETS and _balanced(item[1:-1]):
        item = item[1:-1].strip()
    return item


def _balanced(text: str) -> bool:
    """Whether every bracket of `text` closes, none before it opens."""
    return bracket_depth(text) == 0 and bracket_depth(text[::-1].translate(_MIRROR)) == 0


def _split_items(text: str) -> list[str]:
    # Brackets inside a unit name (各区县(市)) must not split it.
    items: list[tuple[str, bool]] = []  # (item, whether a space ended it)
    depths = bracket_depths(text)
    current = ""
    for index, char in enumerate(text):
        if depths[index + 1] == 0 and _SEPARATORS.fullmatch(char):
            items.append((current, char.isspace()))
            current = ""
        else:
            current += char
    items.append((current, False))
    names: list[str] = []
    for item in _rejoin_wrapped(items):
        names.extend(_clean_item(item))
    return names


def _rejoin_wrapped(items: list[tuple[str, bool]]) -> list[str]:
    """Items split by spaces are names of their own (区科技局 区财政局) only when each is a whole
    name; text copied from a PDF breaks names with spaces (区科 技局), and those parts are rejoined."""
    joined: list[str] = []
    pending = ""
    for item, space_ended in items:
        pending += item
        if not space_ended or all(names_an_organisation(name) for name in _clean_item(pending)):
            joined.append(pending)
            pending = ""
    if pending:
        joined.append(pending)
    return joined


def _role_of(segment: str) -> str | None:
    tail = _ROLE_LABEL_TAIL.sub(r"\1", re.sub(r"[\s。.,;;、))]+$", "", segment))
    if tail.endswith(_LEAD_WORDS):
        return "lead"
    if tail.endswith(_SUPPORT_WORDS):
        return "support"
    return None


def parse_unit_list(
    text: str,
    *,
    default_prefix: str | None,
    role: str | None = None,
    places: Iterable[str] = (),
    levelless: bool = False,
) -> UnitRoles:
    """Lead and supporting units named in `text` (what follows 责任单位:).

    `role` is set when a label already says it (牵头单位: → lead). Without roles the first unit
    leads and the rest support. A `levelless` plan (a development zone's) has departments without
    prefix: a bare name takes only a prefix written before it in the list.
    """
    roles = UnitRoles()
    unassigned: list[str] = []
    saw_role = role is not None
    # "X牵头,Y配合": the role word closes each comma- or semicolon-separated segment.
    for segment in _SEGMENT_END.split(text):
        segment_role = role or _role_of(segment)
        annotated = _annotated_items(segment)
        if annotated:
            saw_role = True
            for name, item_role in annotated:
                (roles.lead if item_role == "lead" else roles.support).append(name)
            continue
        names = _split_items(segment)
        if segment_role == "lead":
            saw_role = True
            roles.lead.extend(names)
        elif segment_role == "support":
            saw_role = True
            roles.support.extend(names)
        else:
            unassigned.extend(names)
    if saw_role:
        # Units listed without a role word next to roled ones support the lead.
        if not roles.lead and unassigned:
            roles.lead.append(unassigned.pop(0))
        roles.support.extend(unassigned)
    elif unassigned:
        roles.lead.append(unassigned[0])
        roles.support.extend(unassigned[1:])
    return _apply_prefixes(roles, None if levelless else default_prefix, places, borrow=not levelless)


def _annotated_items(segment: str) -> list[tuple[str, str]]:
    """Items marked one by one: 区科技局(牵头)、区财政局(配合)."""
    if not re.search(r"[((](牵头|主办|主责|配合|协办|参与)[))]", segment):
        return []
    result: list[tuple[str, str]] = []
    for raw_item in re.split(r"(?<=[))])\s*[、,]?\s*", segment):
        marker = re.search(r"[((](牵头|主办|主责|配合|协办|参与)[))]", raw_item)
        item_role = "lead" if marker and marker.group(1) in ("牵头", "主办", "主责") else "support"
        result.extend((name, item_role) for name in _split_items(raw_item))
    return result


def _apply_prefixes(
    roles: UnitRoles, default_prefix: str | None, places: Iterable[str], *, borrow: bool
) -> UnitRoles:
    ordered = roles.lead + roles.support
    named = [level_prefix_of(name) for name in ordered]
    # Bare names before the first written prefix share it (科工信局、区财政局) unless `borrow` is off.
    first_named = next((prefix for prefix in named if prefix), None) if borrow else None
    current = first_named or default_prefix
    normalised: list[str] = []
    for name, prefix in zip(ordered, named, strict=True):
        # The prefix written last before a bare name is the one it shares (市科技局、财政局).
        current = prefix or current
        normalised.append(normalise_unit_name(name, level_prefix=current, places=places))
    lead = _unique(normalised[: len(roles.lead)])
    support = [name for name in _unique(normalised[len(roles.lead) :]) if name not in lead]
    return UnitRoles(lead=lead, support=support)


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(name for name in names if name))
