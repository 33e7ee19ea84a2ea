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

from kechuang.core.codes import CodedError, Message

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
# 工会, 中央军委改革和编制办公室, 农业). Their names are in kechuang.core.messages.USCC.
REGISTRATION_AUTHORITIES: dict[str, str] = {
    "1": "1239",
    "2": "19",
    "3": "123459",
    "4": "19",
    "5": "1239",
    "6": "129",
    "7": "129",
    "8": "19",
    "9": "123",
    "A": "19",
    "N": "1239",
    "Y": "1",
}


class InvalidUSCC(CodedError):
    """A string that is not a valid 统一社会信用代码; its message code says what is wrong."""


def _normalise(code: str) -> str:
    # NFKC folds full-width letters and digits pasted from Chinese documents into ASCII.
    return "".join(unicodedata.normalize("NFKC", code).split()).upper()


def check_character(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a code."""
    if len(first17) != 17 or any(char not in _VALUE for char in first17):
        raise ValueError("a check character needs 17 valid characters")
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[-total % 31]


def organization_check_character(body: str) -> str:
    """The GB 11714 check character for the 8 body characters of an organisation code."""
    if len(body) != 8 or any(char not in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for char in body):
        raise ValueError("an organisation code check needs 8 digits or capital letters")
    remainder = -sum(int(char, 36) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def validate_uscc(code: str) -> str:
    """Return the normalised code (spaces removed, upper case) or raise InvalidUSCC."""
    value = _normalise(code)
    if len(value) != 18:
        raise InvalidUSCC("uscc_length", length=len(value))
    for position, char in enumerate(value, start=1):
        if char not in _VALUE:
            raise InvalidUSCC("uscc_character", position=position, char=char)
    org_types = REGISTRATION_AUTHORITIES.get(value[0])
    if org_types is None:
        raise InvalidUSCC("uscc_authority", authority=value[0])
    if value[1] not in org_types:
        raise InvalidUSCC(
            "uscc_org_type", org_type=value[1], authority=value[0], authority_name=Message(f"authority_{value[0]}")
        )
    for position in range(3, 9):
        if not value[position - 1].isdigit():
            raise InvalidUSCC("uscc_region_character", position=position, char=value[position - 1])
    org_check = value[16]
    if org_check not in "0123456789X":
        raise InvalidUSCC("uscc_org_check_character", char=org_check)
    expected_org_check = organization_check_character(value[8:16])
    if org_check != expected_org_check:
        raise InvalidUSCC("uscc_org_check", code=value[8:17], expected=expected_org_check, actual=org_check)
    expected = check_character(value[:17])
    if value[17] != expected:
        raise InvalidUSCC("uscc_check", expected=expected, actual=value[17])
    return value


def make_uscc(rng: random.Random, *, region_code: str, org_type: str = "1", registration: str = "9") -> str:
    """A valid code for synthetic data: both check characters correct, region code embedded."""
    org_types = REGISTRATION_AUTHORITIES.get(registration)
    if org_types is None:
        raise ValueError(f"no registration authority {registration!r}")
    if len(org_type) != 1 or org_type not in org_types:
        raise ValueError(f"organisation type {org_type!r} is not one of authority {registration!r}")
    if len(region_code) != 6 or not region_code.isascii() or not region_code.isdigit():
        raise ValueError(f"region code {region_code!r} is not 6 digits")
    body = "".join(rng.choice(ALPHABET) for _ in range(8))
    first17 = registration + org_type + region_code + body + organization_check_character(body)
    return first17 + check_character(first17)
