"""Indicator tables: tab-, space- and pipe-separated 主要指标 tables, tables a web copy gave one cell per
line, flattened rows with glued values, and sector ratios; each row read as a target with its
baseline column, year columns and attribute."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .candidates import Candidate, Part
from .names import CEILING_NAME, multiplier
from .numbers import NUMBER, UNIT, parse_number, parse_year, split_unit
from .periods import (
    BASE_REFERENCE,
    TARGET_YEAR,
    YEAR,
)
from .text import (
    Line,
    raw_span,
    starts_with_heading_marker,
)

if TYPE_CHECKING:
    from .indicators import _Reader


# A baseline in brackets right after a target: 达到310家（2023年为170家）, 提高到30%（2024年为20%）.
BRACKET_BASE = re.compile(
    rf"\s*[(（]\s*(?:截至|截止)?\s*(?P<year>{YEAR})\s*年(?:底|末)?\s*(?:为|是|达到|达|有)?\s*"
    rf"(?P<base>(?:{NUMBER})\s*(?:万亿|亿|万|千|百)?{UNIT})\s*[)）]"
)


def line_break(first: Line, second: Line) -> str:
    """The break between two adjacent lines as the document wrote it."""
    return "\r\n" if second.start - (first.start + len(first.raw)) == 2 else "\n"


# What a year column's header says after its year (<year>年基数, <year>年基期, <year>年目标值).
YEAR_COLUMN_WORDS = r"(?:目标值?|基数|基期值?|基准值?|现状值?|预期值?|实际值?|完成值?)"


HEADER_CELL = re.compile(
    rf"^(序号|指标名称|指标|名称|单位|计量单位|属性|指标属性|性质|类别|目标值|"
    rf"{YEAR}\s*年?\s*{YEAR_COLUMN_WORDS}?)$"
)


def cell_per_line_tables(lines: list[Line]) -> list[Line]:
    """A table a web copy gave one cell per line (序号/指标名称/单位/2020年/2025年, then 1/研发投入强度/
    %/2.1/2.8 …) becomes one tab-separated line per row, quoting the original lines. `lines` are all
    the document's lines, numbered from 1; the result holds its non-blank lines."""
    cells = [line for line in lines if line.text.strip()]
    result: list[Line] = []
    position = 0
    while position < len(cells):
        width = 0
        while position + width < len(cells) and HEADER_CELL.match(cells[position + width].text.strip()):
            width += 1
        header = [cell.text.strip() for cell in cells[position : position + width]]
        if (
            width < 3
            or not {"指标名称", "指标", "名称"} & set(header)
            or not set(header) & {"单位", "计量单位"}
        ):
            result.append(cells[position])
            position += 1
            continue
        rows = [cells[position : position + width]]
        position += width
        serial = 1 if header[0] == "序号" else None
        while position + width <= len(cells):
            row = cells[position : position + width]
            if serial is not None and row[0].text.strip() != str(serial):
                break
            if any(re.search(r"[。;；]", cell.text) or starts_with_heading_marker(cell.text) for cell in row):
                break
            rows.append(row)
            position += width
            serial = serial + 1 if serial is not None else None
        result.extend(tabbed(lines, row) for row in rows)
    return result


PIPE_ROW = re.compile(r"^\s*\|(.*\|.*)\|\s*$")


PIPE_RULE = re.compile(r"^[\s|:：\-—–]+$")


def pipe_rows(lines: list[Line]) -> list[Line]:
    """A table written with pipes (| 序号 | 指标名称 | … |) becomes tab-separated rows quoting the
    original line; its rule line (|----|----|) goes."""
    result: list[Line] = []
    for line in lines:
        row = PIPE_ROW.match(line.text)
        if row is None:
            result.append(line)
        elif not PIPE_RULE.match(line.text):
            text = "\t".join(cell.strip() for cell in row.group(1).split("|"))
            result.append(
                Line(number=line.number, start=line.start, raw=line.raw, text=text, furniture=line.furniture)
            )
    return result


def tabbed(lines: list[Line], row: list[Line]) -> Line:
    """One line for the cells of a row: their texts joined by tabs, the original lines as its raw."""
    first, last = row[0], row[-1]
    span = lines[first.number - 1 : last.number]
    raw = "".join(
        line.raw + (line_break(line, after) if after else "")
        for line, after in zip(span, [*span[1:], None], strict=True)
    )
    text = "\t".join(cell.text.strip() for cell in row)
    return Line(number=first.number, start=first.start, raw=raw, text=text, furniture=False)


def last_year(text: str) -> tuple[int | None] | None:
    """The last target-year phrase of `text`, boxed so a masked year (None) differs from none."""
    if "年" not in text and "五" not in text:
        return None  # the cheap test first: most clauses name no year
    text = BRACKET_BASE.sub("", BASE_REFERENCE.sub("", text))
    matches = list(TARGET_YEAR.finditer(text))
    if not matches:
        return None
    match = matches[-1]
    return (parse_year(match.group(0)),)


HEADER_NAME = re.compile(r"^(指标名称|指标|名称|目标名称|指标内容|项目)$")


HEADER_CONTENT = re.compile(r"(具体内容|目标值|目标内容|内容|具体目标)")


HEADER_UNIT = re.compile(r"^(单位|计量单位)$")


HEADER_ATTRIBUTE = re.compile(r"^(属性|指标属性|性质|类型|指标类型)$")


HEADER_YEAR = re.compile(rf"({YEAR})\s*年?")


ATTRIBUTE = re.compile(r"(预期性|约束性)")


FLAT_HEADER = re.compile(
    r"序号\s*(?:指标名称|指标|名称)\s*(?:单位|计量单位)\s*"
    rf"(?P<years>(?:(?:19|20)\d{{2}}\s*年?\s*{YEAR_COLUMN_WORDS}?\s*){{1,3}})"
    r"(?P<attribute>属性|指标属性|性质)?"
)


@dataclass
class Table:
    end: int
    rows: list[Line]
    header: list[str]
    columns: dict[str, int]
    years: list[tuple[int, int | None]]  # (column, year)
    attribute: str | None

    def read(self, reader: _Reader, part: Part, section_year: tuple[int | None] | None) -> None:
        for line in self.rows:
            cells = row_cells(line.text, len(self.header))
            attribute = self.attribute
            if "attribute" in self.columns:
                found = ATTRIBUTE.search(cells[self.columns["attribute"]])
                attribute = found.group(1) if found else attribute
            # Values by year (a unit column, or no column of target sentences to read instead).
            by_year = "unit" in self.columns or "content" not in self.columns
            if self.years and "name" in self.columns and by_year:
                self._read_values(line, cells, part, attribute)
                continue
            column = self.columns.get("content", len(self.header) - 1)
            content = cells[column]
            if not content:
                continue
            offset = cell_offset(line.text, content)
            reader.read_sentence(
                part, line, offset, offset + len(content), section_year, attribute=attribute, from_table=True
            )

    def _read_values(self, line: Line, cells: list[str], part: Part, attribute: str | None) -> None:
        name = re.sub(r"\s+", "", cells[self.columns["name"]])
        if "unit" in self.columns:
            unit = cells[self.columns["unit"]].strip() or None
        elif UNIT_IN_NAME.fullmatch(name):
            unit = None
        else:
            return  # no unit anywhere: a table of projects or tasks by year, not of indicators
        values = [cell_value(cells[column]) for column, _ in self.years]
        relatives = [multiplier(cells[column]) for column, _ in self.years]
        add_table_row(
            part,
            name,
            unit,
            [year for _, year in self.years],
            values,
            line.raw.strip(),
            attribute,
            relatives,
        )


UNIT_IN_NAME = re.compile(rf"(.+?)\s*[(（]\s*((?:万亿|亿|万|千|百)?{UNIT})\s*[)）]")


def add_table_row(
    part: Part,
    name: str,
    unit: str | None,
    years: list[int | None],
    values: list[float | int | None],
    quote: str,
    attribute: str | None,
    relatives: list[str | None] | None = None,
) -> None:
    """One indicator per table row: the first of several year columns is the baseline (unless its year
    is inside the plan's period), every later column with a value is a target (2025年, 2035年); a
    column that says 翻一番 is a relative target."""
    relatives = relatives or [None] * len(values)
    if (
        not name
        or not values
        or all(value is None and not relative for value, relative in zip(values, relatives, strict=True))
    ):
        return
    in_name = UNIT_IN_NAME.fullmatch(name)
    if in_name:
        # 研发人员数(人): the unit written after the name.
        name, unit = in_name.group(1), unit or in_name.group(2)
    has_baseline = len(years) > 1 and not (part.start and years[0] is not None and years[0] >= part.start)
    first = 1 if has_baseline else 0
    base = values[0] if has_baseline else None
    targets = [
        {
            "year": year or part.horizon,
            "value": value,
            # A ceiling: energy use, emissions … (CEILING_NAME), or a value set below the baseline.
            "comparator": "<="
            if CEILING_NAME.search(name) or (base is not None and value is not None and value < base)
            else ">=",
            "relative": relative,
        }
        for year, value, relative in zip(years[first:], values[first:], relatives[first:], strict=True)
        if value is not None or relative
    ]
    if not targets:
        return
    part.candidates.append(
        Candidate(
            name=name,
            unit=unit,
            targets=targets,
            quote=quote,
            part=part.index,
            from_table=True,
            scope=part.scope,
            baseline={"year": years[0], "value": values[0]}
            if has_baseline and values[0] is not None
            else None,
            attribute=attribute,
        )
    )


def cell_value(cell: str) -> float | int | None:
    cell = re.sub(r"[\s,]", "", cell)
    # [13.5]: a table's cumulative figure over the period.
    match = re.match(r"^[\[〔【(]?[≥>≤<]?(\d+(?:\.\d+)?)", cell)
    return parse_number(match.group(1)) if match else None


def cell_offset(text: str, cell: str) -> int:
    return text.rfind(cell)


def row_cells(text: str, width: int) -> list[str]:
    cells = [cell.strip() for cell in (text.split("\t") if "\t" in text else text.split())]
    if len(cells) > width:
        cells = [*cells[: width - 1], " ".join(cells[width - 1 :])]
    # Merged cells on the left are left out (text) or empty (docx): align on the right.
    return [""] * (width - len(cells)) + cells


def header_columns(cells: list[str]) -> tuple[dict[str, int], list[tuple[int, int | None]]] | None:
    columns: dict[str, int] = {}
    years: list[tuple[int, int | None]] = []
    for index, cell in enumerate(cells):
        cell = re.sub(r"\s+", "", cell)
        if "name" not in columns and HEADER_NAME.match(cell):
            columns["name"] = index
        elif "unit" not in columns and HEADER_UNIT.match(cell):
            columns["unit"] = index
        elif "attribute" not in columns and HEADER_ATTRIBUTE.match(cell):
            columns["attribute"] = index
        elif HEADER_YEAR.fullmatch(cell) or re.fullmatch(
            rf"{YEAR}\s*年?\s*{YEAR_COLUMN_WORDS}?", cell
        ):
            years.append((index, parse_year(cell)))
        elif "content" not in columns and HEADER_CONTENT.search(cell):
            columns["content"] = index
    if not columns.keys() & {"name", "content"}:
        return None
    # Values need a unit column, or year columns under names that carry their units (强度(%)).
    if "unit" not in columns and "content" not in columns and not ("name" in columns and years):
        return None
    return columns, years


def table_at(lines: list[Line], position: int) -> Table | None:
    """A table whose header row is at `position`: tab-separated cells, or space-separated cells
    under a 序号 header or a 指标名称 单位 2023年 2024年… header (a table a copy turned into text)."""
    text = lines[position].text.strip()
    tabbed = "\t" in lines[position].text
    cells = [cell.strip() for cell in lines[position].text.split("\t")] if tabbed else text.split()
    if len(cells) < 3 or (not tabbed and cells[0] != "序号" and not HEADER_NAME.match(cells[0])):
        return None
    found = header_columns(cells)
    if found is None:
        return None
    columns, years = found
    # Without a 序号 column, a space-separated header needs units and years, and its rows their cells.
    unnumbered = not tabbed and cells[0] != "序号"
    if unnumbered and not ("unit" in columns and years):
        return None
    attribute_match = ATTRIBUTE.search(text)
    attribute = attribute_match.group(1) if attribute_match and "attribute" not in columns else None
    rows: list[Line] = []
    end = position + 1
    while end < len(lines):
        row = lines[end]
        if tabbed and "\t" not in row.text:
            break
        if not tabbed and (starts_with_heading_marker(row.text) or len(row.text.split()) > len(cells) + 2):
            break
        if unnumbered and len(row.text.split()) < len(cells) - 1:
            break
        rows.append(row)
        end += 1
    return Table(end=end, rows=rows, header=cells, columns=columns, years=years, attribute=attribute)


def read_flat_tables(part: Part, line: Line) -> bool:
    """A table a web copy flattened into one line: the header cells run together (序号, 指标名称, 单位,
    the year columns, 属性), then each row from its number on, its cells likewise run together."""
    text = line.text
    header = FLAT_HEADER.search(text)
    if header is None:
        return False
    years = [parse_year(year) for year in re.findall(r"(?:19|20)\d{2}", header.group("years"))]
    position = header.end()
    number = 1
    while True:
        row = FLAT_ROW.match(text, position)
        if row is None or int(row.group("number")) != number:
            break
        next_row = re.compile(rf"{number + 1}(?=[\u4e00-\u9fff“\"(A-Za-z])")
        following = next_row.search(text, row.end("unit"))
        end = following.start() if following else len(re.sub(r"[。.\s]+$", "", text))
        body = text[row.end("unit") : end]
        attribute = ATTRIBUTE.search(body)
        values_text = body[: attribute.start()] if attribute else body
        values = split_glued_values(values_text, len(years))
        unit = split_unit(row.group("unit"))
        add_table_row(
            part,
            re.sub(r"\s+", "", row.group("name")),
            unit[0] if unit else row.group("unit"),
            years,
            values,
            raw_span(line, row.start(), end).strip(),
            attribute.group(1) if attribute else None,
        )
        position = end
        number += 1
    return True


RATIO = re.compile(
    r"(?P<name>三次产业|一二三产业|三产)(?:结构|比重|比例)[^,，。;；]{0,8}?(?:调整为|优化为|达到|为)\s*"
    r"(?P<values>\d+(?:\.\d+)?(?:\s*[:∶]\s*\d+(?:\.\d+)?){2})"
)


ORDINAL_SECTOR = ("第一产业", "第二产业", "第三产业")


def read_ratios(part: Part, line: Line) -> None:
    """三次产业比重调整为a∶b∶c: one share (%) per sector, the same quote for the three."""
    for match in RATIO.finditer(line.text):
        values = [parse_number(value) for value in re.split(r"\s*[:∶]\s*", match.group("values"))]
        year = last_year(line.text[: match.start()])
        for sector, value in zip(ORDINAL_SECTOR, values, strict=True):
            part.candidates.append(
                Candidate(
                    name=f"{sector}比重(三次产业结构)",
                    unit="%",
                    targets=[
                        {
                            "year": year[0] if year else part.horizon,
                            "value": value,
                            "comparator": "=",
                            "relative": None,
                        }
                    ],
                    quote=raw_span(line, match.start(), match.end()),
                    part=part.index,
                    scope=part.scope,
                )
            )


FLAT_ROW = re.compile(
    rf"\s*(?P<number>\d{{1,2}})\s*(?P<name>[^\d\s%].*?)\s*(?P<unit>(?:万亿|亿|万|千|百)?{UNIT})"
    r"(?=\s*(?:[-—–/]|\d)[\d.\s\-—–/]*(?:预期性|约束性)?)"
)


def split_glued_values(text: str, count: int) -> list[float | int | None]:
    """Cut the values of a flattened table row into the header's `count` columns: '312 900' or
    '312900' → [312, 900]; '-3' → [None, 3]; '41.7555' → [41.75, 55]; '120024005000' →
    [1200, 2400, 5000]. Glued digits are cut into numbers a table would print (no leading zero, no
    trailing decimal zero) where the values change least from column to column, rising if they can."""
    tokens = re.findall(r"[\d.]+|[-—–/]", text.strip())
    if all(token.count(".") <= 1 for token in tokens) and (len(tokens) >= count or count <= 1):
        values = [None if is_dash(token) else parse_number(token) for token in tokens]
        return values[-count:] if count else values
    for wanted in range(count, 0, -1):
        best: tuple[float, list[float | int | None]] | None = None
        for values in segmentations(tokens, wanted):
            cost = column_cost(values)
            if best is None or cost < best[0]:
                best = (cost, values)
        if best is not None:
            return [None] * (count - wanted) + best[1]
    return [None] * count


def is_dash(token: str) -> bool:
    return re.fullmatch(r"[-—–/]", token) is not None


def segmentations(tokens: list[str], count: int):
    """Every way to read `tokens` as `count` values, a dash being one missing value."""
    if not tokens:
        if count == 0:
            yield []
        return
    token, rest = tokens[0], tokens[1:]
    if is_dash(token) or token == "0":
        if count >= 1:
            for tail in segmentations(rest, count - 1):
                yield [None if is_dash(token) else 0, *tail]
        return
    for pieces in range(1, count - len(rest) + 1):
        for head in cuts(token, pieces):
            for tail in segmentations(rest, count - pieces):
                yield [*head, *tail]


def cuts(digits: str, pieces: int):
    if pieces == 1:
        if plausible(digits) and float(digits) > 0:
            yield [parse_number(digits)]
        return
    for cut in range(1, len(digits)):
        first = digits[:cut]
        if plausible(first) and float(first) > 0:
            for tail in cuts(digits[cut:], pieces - 1):
                yield [parse_number(first), *tail]


def column_cost(values: list[float | int | None]) -> float:
    """How much a row's values jump between columns; a fall costs more than a rise."""
    numbers = [float(value) for value in values if value]
    cost = 0.0
    for a, b in zip(numbers, numbers[1:], strict=False):
        cost += math.log(b / a) if b >= a else 2 + math.log(a / b)
    return cost


def plausible(number: str) -> bool:
    """A number as a table would print it: no leading zero (but 0.5), no trailing decimal zero."""
    if not re.fullmatch(r"\d+(?:\.\d+)?", number):
        return False
    if len(number) > 1 and number[0] == "0" and not number.startswith("0."):
        return False
    return not ("." in number and number.endswith("0"))
