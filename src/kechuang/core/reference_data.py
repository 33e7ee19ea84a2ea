"""Reading and checking the shipped reference taxonomies (regions, industries, technology domains).

Each file is UTF-8 CSV with the header ``code,name,parent_code,level`` and lists a parent before
its children, so a loader can insert rows in file order.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kechuang.core.codes import CodedError, Message

__all__ = [
    "DATA_DIR",
    "IndustryRow",
    "RegionRow",
    "TechDomainRow",
    "load_industries",
    "load_regions",
    "load_tech_domains",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
FIELDS = ("code", "name", "parent_code", "level")


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    code: str
    name: str
    parent_code: str
    level: str


@dataclass(frozen=True, slots=True)
class RegionRow(ReferenceRow):
    """A 行政区划 (GB/T 2260 code): province, prefecture or county level."""


@dataclass(frozen=True, slots=True)
class IndustryRow(ReferenceRow):
    """A GB/T 4754-2017 国民经济行业分类 entry: 门类 (section, a letter) or 大类 (division, 2 digits)."""


@dataclass(frozen=True, slots=True)
class TechDomainRow(ReferenceRow):
    """A 国家重点支持的高新技术领域 entry: 一级 domain ("1") or 二级 subdomain ("1.1")."""


Row = TypeVar("Row", bound=ReferenceRow)


class ReferenceFileError(CodedError):
    """A reference data file that cannot be loaded; the message code names the file, row and field
    (kechuang.core.messages.REFERENCE gives the Chinese text)."""


@dataclass(frozen=True)
class _Scheme:
    # Names the scheme in messages (scheme_<key>) and its levels (level_<level>).
    key: str
    default_file: str
    # level -> (pattern of its codes, levels its parent may have; none for a root)
    levels: dict[str, tuple[re.Pattern[str], tuple[str, ...]]]
    # whether a code is consistent with its parent's code
    fits_parent: Callable[[str, str], bool]


def _region_fits_parent(code: str, parent: str) -> bool:
    # A county sits under its prefecture (same first 4 digits) or, for 直辖市 districts and
    # 省直辖县级行政区划, directly under its province (same first 2 digits).
    return code[:2] == parent[:2] and (parent.endswith("0000") or code[:4] == parent[:4])


_REGIONS = _Scheme(
    "regions",
    "regions.csv",
    {
        "province": (re.compile(r"[1-9]\d0000"), ()),
        "prefecture": (re.compile(r"[1-9]\d{3}00"), ("province",)),
        "county": (re.compile(r"[1-9]\d{5}"), ("prefecture", "province")),
    },
    _region_fits_parent,
)
_INDUSTRIES = _Scheme(
    "industries",
    "industries.csv",
    {"section": (re.compile(r"[A-T]"), ()), "division": (re.compile(r"\d{2}"), ("section",))},
    lambda code, parent: True,
)
_TECH_DOMAINS = _Scheme(
    "tech_domains",
    "tech_domains.csv",
    {
        "domain": (re.compile(r"[1-9]"), ()),
        "subdomain": (re.compile(r"[1-9]\.[1-9]\d?"), ("domain",)),
    },
    lambda code, parent: code.split(".")[0] == parent,
)


def _load(scheme: _Scheme, row_type: type[Row], path: Path | str | None) -> list[Row]:
    source = Path(path) if path is not None else DATA_DIR / scheme.default_file

    where = {"scheme": Message(f"scheme_{scheme.key}"), "source": str(source)}

    def error(line: int, field: str, message: Message) -> ReferenceFileError:
        return ReferenceFileError("row_field", **where, line=line, field=field, error=message)

    def level_name(level: str) -> Message:
        return Message(f"level_{level}")

    # utf-8-sig: files saved from Excel start with a byte-order mark.
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(cell.strip() for cell in header) != FIELDS:
            raise ReferenceFileError("header", **where, header=",".join(FIELDS))
        rows: list[Row] = []
        lines: dict[str, int] = {}
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(FIELDS):
                raise ReferenceFileError("columns", **where, line=line, expected=len(FIELDS), actual=len(cells))
            code, name, parent_code, level = (cell.strip() for cell in cells)
            if level not in scheme.levels:
                raise error(line, "level", Message("level_unknown", {"level": level, "levels": list(scheme.levels)}))
            pattern, parent_levels = scheme.levels[level]
            if not pattern.fullmatch(code):
                raise error(line, "code", Message("code_format", {"code": code, "level": level_name(level)}))
            if code in lines:
                raise error(line, "code", Message("code_duplicate", {"code": code, "line": lines[code]}))
            if not name:
                raise error(line, "name", Message("name_missing"))
            if bool(parent_levels) != bool(parent_code):
                message = (
                    Message("parent_not_empty", {"parent": parent_code}) if parent_code else Message("parent_missing")
                )
                raise error(line, "parent_code", message)
            lines[code] = line
            rows.append(row_type(code=code, name=name, parent_code=parent_code, level=level))
    levels = {row.code: row.level for row in rows}
    for row in rows:
        if not row.parent_code:
            continue
        line = lines[row.code]
        parent_level = levels.get(row.parent_code)
        if parent_level is None:
            raise error(line, "parent_code", Message("parent_unknown", {"parent": row.parent_code}))
        if parent_level not in scheme.levels[row.level][1] or not scheme.fits_parent(
            row.code, row.parent_code
        ):
            raise error(
                line,
                "parent_code",
                Message("parent_level", {
                    "parent": row.parent_code, "parent_level": level_name(parent_level),
                    "code": row.code, "level": level_name(row.level),
                }),
            )
    return rows


def load_regions(path: Path | str | None = None) -> list[RegionRow]:
    """行政区划 rows; ``path`` points at a deployment's own (for example fuller) file."""
    return _load(_REGIONS, RegionRow, path)


def load_industries(path: Path | str | None = None) -> list[IndustryRow]:
    """GB/T 4754-2017 门类 and 大类 rows."""
    return _load(_INDUSTRIES, IndustryRow, path)


def load_tech_domains(path: Path | str | None = None) -> list[TechDomainRow]:
    """国家重点支持的高新技术领域 rows (2016 edition)."""
    return _load(_TECH_DOMAINS, TechDomainRow, path)
