"""Names of measured quantities: what the words around a target's number say it measures (新增…, …总量,
lists of quantities sharing one target), and the relative forms said in words (翻一番 → x2)."""

from __future__ import annotations

import re

from .candidates import Candidate
from .periods import BASE_REFERENCE, YEAR_PHRASE

# A negation with its modal: 不, 不得, 不应, 应不 … (不得低于 is a floor, 不得超过 a ceiling).
NEGATION = r"(?:应|须|必须)?(?:不得|不应|不能|不宜|不)"
FLOOR_WORDS = rf"(?:{NEGATION}\s*(?:低于|少于|小于)|至少|最低|最少)"

CEILING_NAME = re.compile(r"(能耗|排放量|污染|事故|死亡率|失业率|PM2\.5|发病率)")


DOUBLING = re.compile(r"(翻一番|翻番|双倍增|翻了一番|倍增)")


# 倍增行动, 倍增计划, 翻番工程: the word names a programme (a title, a task force), not a target.
PROGRAMME_AFTER = re.compile(
    r"^(行动|计划|工程|方案|专项|专班|工作专班|工作组|领导小组|任务|政策|办法|实施)"
)


QUADRUPLING = re.compile(r"翻两番")


LEAD_WORDS = re.compile(
    r"^(?:其中|同时|并且|并|使|推动|力争|争取|确保|努力|预计|全年|累计达到|基本|初步|进一步|在此基础上|实现|至少|"
    r"全区|全市|全县|全省|全镇|全旗|园区|我区|我市|我县|本区|本市)+"
)


TRAIL_WORDS = re.compile(
    rf"(?:{FLOOR_WORDS}|{NEGATION}\s*(?:超过|高于|大于|多于)|低于|少于|应|"
    r"达到|达|突破|超过|超|不少于|不低于|不超过|保持在|保持|提高到|提高至|提升到|提升至|增加到|增加至|"
    r"增长到|调整为|稳定在|控制在|降至|下降到|(?:压缩|缩短|减少|降低|下降|增|减)(?:至|到)|为|在|实现|有|至|到|"
    r"占到|累计|力争|争取|指标|仅|同比|"
    r"均|都|分别|(?:年均|每年|年平均)?(?:增长|增加|递增|提高|提升))+$"
)


SAME_TOTAL = re.compile(r"^(总量|总额|规模|总规模)$")


# The marks of an increase in a name (新增…, …净增): a total stated next to it is the quantity itself.
INCREASE_MARK = re.compile(r"^(新增|净增|新认定|新建)|(净增|新增)$")


MODIFIER_ONLY = re.compile(r"^(累计|总量|总数|合计|其中|新增|年|每年)?$")


NAME_LIST_SPLIT = re.compile(r"、|和|与|以及")


MEASURE_SUFFIX = re.compile(r"(率|量|额|比重|比例|占比|收入|产值|增加值)$")


def doubles(clause: str) -> bool:
    """Whether the clause sets a doubling target (not a 倍增行动 named as a programme)."""
    return any(not PROGRAMME_AFTER.match(clause[match.end() :]) for match in DOUBLING.finditer(clause))


def multiplier(clause: str) -> str | None:
    """The relative target a clause states in words: x2 for 翻一番/倍增, x4 for 翻两番."""
    if doubles(clause):
        return "x2"
    return "x4" if QUADRUPLING.search(clause) else None


def doubling_name(clause: str) -> str:
    name = re.split(rf"{DOUBLING.pattern}|{QUADRUPLING.pattern}", clause)[0]
    name = re.sub(r"(实现|力争|争取|确保|推动|目标|相比.*|比.*)$", "", name)
    name = clean_name(name)
    return name if len(name) >= 3 else ""


SIZE_BEFORE = re.compile(r"(总?规模|总?面积|总投资|建筑面积)\s*(?:为|达|达到)?\s*$")


# "新认定省级企业技术中心、工程研究中心等研发平台60家": what is counted is the kind after 等.
EXAMPLES_OF_A_KIND = re.compile(
    r"^(?P<verb>新认定|新建|新增|新培育|建成|建设|培育|引进|认定|扩容|打造|创建|组建)"
    r"(?P<level>(?:国家|省|市|区|县)级(?:以上)?)?[^、]+(?:、[^、]+)+等(?P<kind>[\u4e00-\u9fff]{2,})$"
)


# A recurring target named "入库企业每年": the period leads the name (每年入库企业).
TRAILING_PERIOD = re.compile(r"^(.+?)(每年|每季度|每月)$")


def name_for(before: str, post: str, previous: Candidate | None) -> str:
    before = BASE_REFERENCE.sub("", before)
    before = YEAR_PHRASE.sub("", before)
    before = re.sub(r"^[\s,，、;；:：]+", "", before)
    post = re.sub(r"^[\s的]+|[\s、,，。;；]+$", "", post)
    head = clean_name(before)
    if post and re.search(r"[\u4e00-\u9fffA-Za-z]", post):
        measure = SIZE_BEFORE.search(before)
        if measure:
            # "设立总规模20亿元的科创母基金": the size of the fund.
            return tidy_name(post + measure.group(1))
        # 新增N家以上<kind of firm>: the noun follows the number.
        lead = re.sub(
            r"(?:达到|达|突破|超过|超|不少于|不低于|力争|争取)+$", "", LEAD_WORDS.sub("", before.strip())
        )
        return tidy_name(lead + post)
    if previous is not None and SAME_TOTAL.match(head):
        # <quantity>年均增长N%,总量达到M亿元: one quantity; after an increase (净增N家,总量达到M家)
        # the total is the quantity itself.
        return INCREASE_MARK.sub("", previous.name) or previous.name
    if previous is not None and (MODIFIER_ONLY.match(head) or head.startswith("占")):
        base = re.sub(r"^(新增|新认定|新建)|(净增|新增)$", "", previous.name)
        return tidy_name(base + head)
    return "" if MODIFIER_ONLY.match(head) else head  # 每年 alone names nothing


def clean_name(text: str) -> str:
    text = LEAD_WORDS.sub("", text.strip())
    previous = None
    while previous != text:
        previous = text
        text = TRAIL_WORDS.sub("", text).strip()
        text = re.sub(r"(比|较|相比)(?![重例率值])[^,，]*$", "", text).strip()
        text = re.sub(r"的$", "", text).strip()
    return tidy_name(text)


def tidy_name(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^[\s,，、;；:：。的]+|[\s,，、;；:：。]+$", "", text)
    text = re.sub(
        r"^(\(\d+\)|\([一二三四五六七八九十]+\)|\d+[.、]|[一二三四五六七八九十]+[、是]|[\u2460-\u2473\u2776-\u277f])",
        "",
        text,
    ).strip()
    examples = EXAMPLES_OF_A_KIND.match(text)
    if examples:
        text = examples.group("verb") + (examples.group("level") or "") + examples.group("kind")
    text = TRAILING_PERIOD.sub(r"\2\1", text)
    return text if re.search(r"[\u4e00-\u9fffA-Za-z]", text) else ""


def split_name_list(name: str, clause: str) -> list[str]:
    """Several quantities with one target: A和B年均增长N%, A、B和C均达到M%."""
    items = [item for item in NAME_LIST_SPLIT.split(name) if item]
    if len(items) < 2 or "等" in name:
        return [name]
    measured = [item for item in items if MEASURE_SUFFIX.search(item)]
    if re.search(r"(均|分别|都)", clause) and len(measured) == len(items):
        return items
    if len(measured) >= 2 and len(measured) == len(items):
        return items
    shared = re.match(r"^(.+?)的(.{1,4}(?:率|比重|比例))$", items[-1])
    if shared:
        # A、B的<measure> (…设计、…管理的普及率): each item takes the shared measure.
        heads = [*items[:-1], shared.group(1)]
        prefix = (
            re.match(r"^(.*?)(?=" + re.escape(heads[1][:2]) + ")", heads[0]) if len(heads[1]) >= 2 else None
        )
        common = prefix.group(1) if prefix else ""
        return [(item if item.startswith(common) else common + item) + shared.group(2) for item in heads]
    return [name]
