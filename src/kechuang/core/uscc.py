"""统一社会信用代码 (unified social credit code, USCC) per GB 32100-2015.

Layout of the 18 characters (positions counted from 1, as the standard and users do):

    1      登记管理部门代码  registration authority
    2      机构类别代码      organisation type, defined per registration authority
    3–8    登记管理机关行政区划码  6-digit administrative division code (GB/T 2260)
    9–17   主体标识码（组织机构代码） the 9-character organisation code of GB 11714:
           8 body characters and, at position 17, its own check character
    18     校验码            check character over positions 1–17

The organisation-code check at position 17 is enforced. GB 32100-2015 defines positions 9–17 as
the 组织机构代码 coded according to GB 11714, and GB 11714 makes its ninth character a check
character (weights 3 7 9 10 5 8 4 2, modulus 11, 10 written as X). Organisations that held an
organisation code keep it inside their USCC, and new 主体标识码 are assigned under the same rule,
so the published codes used in the tests satisfy it; a code that fails it is mistyped or invented.
"""

from __future__ import annotations

import random
import unicodedata

__all__ = [
    "ALPHABET",
    "REGISTRATION_AUTHORITIES",
    "InvalidUSCC",
    "check_character",
    "make_uscc",
    "organization_check_character",
    "validate_uscc",
]

# GB 32100-2015: the code never uses I, O, Z, S, V (easily confused with 1, 0, 2, 5, U).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: index for index, char in enumerate(ALPHABET)}
# Weight of position i (0-based) is 3^i mod 31. Every weight is non-zero and 31 is prime, so
# changing any single character changes the weighted sum modulo 31: every single substitution
# is detected by the final check character.
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

# GB 11714-1997 organisation code: body characters count 0–9 as 0–9 and A–Z as 10–35.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# 登记管理部门代码 and the 机构类别代码 each of them may use (GB 32100-2015 表1, with the
# authorities the national standards body has since assigned: 外交, 司法行政, 文化, 旅游, 宗教,
# 工会, 中央军委改革和编制办公室, 农业).
REGISTRATION_AUTHORITIES: dict[str, tuple[str, str]] = {
    "1": ("机构编制", "1239"),
    "2": ("外交", "19"),
    "3": ("司法行政", "123459"),
    "4": ("文化", "19"),
    "5": ("民政", "1239"),
    "6": ("旅游", "129"),
    "7": ("宗教", "129"),
    "8": ("工会", "19"),
    "9": ("工商", "123"),
    "A": ("中央军委改革和编制办公室", "19"),
    "N": ("农业", "1239"),
    "Y": ("其他", "1"),
}


class InvalidUSCC(ValueError):
    """A string that is not a valid 统一社会信用代码; the message says what is wrong, in Chinese."""


def _normalise(code: str) -> str:
    # NFKC folds full-width letters and digits pasted from Chinese documents into ASCII.
    return "".join(unicodedata.normalize("NFKC", code).split()).upper()


def check_character(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a code."""
    if len(first17) != 17 or any(char not in _VALUE for char in first17):
        raise ValueError("计算校验码需要17位合法字符。")
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[-total % 31]


def organization_check_character(body: str) -> str:
    """The GB 11714 check character for the 8 body characters of an organisation code."""
    if len(body) != 8 or any(char not in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for char in body):
        raise ValueError("计算组织机构代码校验码需要8位数字或大写字母。")
    remainder = -sum(int(char, 36) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def validate_uscc(code: str) -> str:
    """Return the normalised code (spaces removed, upper case) or raise InvalidUSCC."""
    value = _normalise(code)
    if len(value) != 18:
        raise InvalidUSCC(f"统一社会信用代码应为18位，实际为{len(value)}位。")
    for position, char in enumerate(value, start=1):
        if char not in _VALUE:
            raise InvalidUSCC(
                f"第{position}位字符“{char}”不合法，统一社会信用代码不使用字母I、O、Z、S、V及其他符号。"
            )
    authority = REGISTRATION_AUTHORITIES.get(value[0])
    if authority is None:
        raise InvalidUSCC(f"第1位登记管理部门代码“{value[0]}”不存在。")
    authority_name, org_types = authority
    if value[1] not in org_types:
        raise InvalidUSCC(
            f"第2位机构类别代码“{value[1]}”不适用于登记管理部门“{value[0]}”（{authority_name}）。"
        )
    for position in range(3, 9):
        if not value[position - 1].isdigit():
            raise InvalidUSCC(
                f"第{position}位字符“{value[position - 1]}”不合法，第3至8位行政区划码只能是数字。"
            )
    org_check = value[16]
    if org_check not in "0123456789X":
        raise InvalidUSCC(f"第17位字符“{org_check}”不合法，组织机构代码校验码只能是数字或X。")
    expected_org_check = organization_check_character(value[8:16])
    if org_check != expected_org_check:
        raise InvalidUSCC(
            f"第9至17位组织机构代码“{value[8:17]}”校验不通过：第17位应为“{expected_org_check}”，实际为“{org_check}”。"
        )
    expected = check_character(value[:17])
    if value[17] != expected:
        raise InvalidUSCC(f"第18位校验码错误：应为“{expected}”，实际为“{value[17]}”。")
    return value


def make_uscc(rng: random.Random, *, region_code: str, org_type: str = "1", registration: str = "9") -> str:
    """A valid code for synthetic data: both check characters correct, region code embedded."""
    authority = REGISTRATION_AUTHORITIES.get(registration)
    if authority is None:
        raise ValueError(f"登记管理部门代码“{registration}”不存在。")
    if len(org_type) != 1 or org_type not in authority[1]:
        raise ValueError(f"机构类别代码“{org_type}”不适用于登记管理部门“{registration}”（{authority[0]}）。")
    if len(region_code) != 6 or not region_code.isascii() or not region_code.isdigit():
        raise ValueError(f"行政区划码“{region_code}”应为6位数字。")
    body = "".join(rng.choice(ALPHABET) for _ in range(8))
    first17 = registration + org_type + region_code + body + organization_check_character(body)
    return first17 + check_character(first17)
