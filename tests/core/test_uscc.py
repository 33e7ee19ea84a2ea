from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kechuang.core.messages import uscc_error_text
from kechuang.core.uscc import (
    ALPHABET,
    REGISTRATION_AUTHORITIES,
    InvalidUSCC,
    check_character,
    make_uscc,
    organization_check_character,
    validate_uscc,
)

# Codes published by the enterprises themselves (business licences, annual reports).
PUBLISHED = [
    "91440300708461136T",  # 腾讯科技（深圳）有限公司
    "914403001922038216",  # 华为技术有限公司
    "91330100799655058B",  # 阿里巴巴（中国）有限公司
    "91110108551385082Q",  # 北京小米科技有限责任公司
    "9111000071093123XX",  # a published code whose organisation-code check character is X
]
SYNTHETIC = [make_uscc(random.Random(seed), region_code="210204") for seed in range(3)]
VALID = PUBLISHED + SYNTHETIC


def corrupt(code: str, position: int, char: str) -> str:
    return code[: position - 1] + char + code[position:]


class TestValidCodes:
    @pytest.mark.parametrize("code", VALID)
    def test_it_accepts_valid_codes(self, code: str) -> None:
        assert validate_uscc(code) == code

    def test_it_normalises_spaces_case_and_full_width(self) -> None:
        assert validate_uscc(" 9144 0300 7084 6113 6t ") == "91440300708461136T"
        assert validate_uscc("９１４４０３００７０８４６１１３６Ｔ") == "91440300708461136T"
        assert validate_uscc("9111000071093123xx") == "9111000071093123XX"

    @pytest.mark.parametrize("code", PUBLISHED)
    def test_it_computes_both_check_characters_of_published_codes(self, code: str) -> None:
        assert check_character(code[:17]) == code[17]
        assert organization_check_character(code[8:16]) == code[16]

    def test_it_computes_the_organisation_check_of_gb_11714_examples(self) -> None:
        # 10 is written X, 11 (remainder 0) is written 0.
        assert organization_check_character("71093123") == "X"
        assert organization_check_character("00000000") == "0"


class TestRejections:
    @pytest.mark.parametrize("code", ["", "9144030070846113", "91440300708461136T1"])
    def test_it_names_the_length_found(self, code: str) -> None:
        with pytest.raises(InvalidUSCC) as error:
            validate_uscc(code)
        assert re.search(f"应为18位，实际为{len(code)}位", uscc_error_text(error.value))

    @pytest.mark.parametrize("char", "IOZSV-*")
    @pytest.mark.parametrize("position", [1, 5, 12, 18])
    def test_it_names_the_position_of_an_illegal_character(self, position: int, char: str) -> None:
        code = corrupt("91440300708461136T", position, char)
        with pytest.raises(InvalidUSCC) as error:
            validate_uscc(code)
        assert re.search(re.escape(f"第{position}位字符“{char}”不合法"), uscc_error_text(error.value))

    def test_it_reports_the_first_illegal_character(self) -> None:
        with pytest.raises(InvalidUSCC) as error:
            validate_uscc("91O4O300708461136T")
        assert re.search("第3位字符“O”不合法", uscc_error_text(error.value))

    def test_it_rejects_an_unknown_registration_authority(self) -> None:
        with pytest.raises(InvalidUSCC) as error:
            validate_uscc(corrupt("91440300708461136T", 1, "B"))
        assert re.search("第1位登记管理部门代码“B”不存在", uscc_error_text(error.value))

    def test_it_rejects_a_type_the_authority_does_not_use(self) -> None:
        with pytest.raises(InvalidUSCC) as error:
            validate_uscc(corrupt("91440300708461136T", 2, "4"))
        assert re.search("第2位机构类别代码“4”不适用于登记管理部门“9”（工商）", uscc_error_text(error.value))

    def test_it_requires_digits_in_the_region_code(self) -> None:
        with pytest.raises(InvalidUSCC) as error:
            validate_uscc(corrupt("91440300708461136T", 6, "A"))
        assert re.search("第6位字符“A”不合法，第3至8位行政区划码只能是数字", uscc_error_text(error.value))

    def test_it_rejects_a_failing_organisation_code_check(self) -> None:
        first17 = "914403007084611" + "37"
        code = first17 + check_character(first17)  # the final check passes, position 17 does not
        with pytest.raises(InvalidUSCC) as error:
            validate_uscc(code)
        assert re.search("组织机构代码“708461137”校验不通过：第17位应为“6”，实际为“7”", uscc_error_text(error.value))

    def test_it_rejects_a_letter_other_than_x_as_organisation_check(self) -> None:
        first17 = "91440300708461" + "13A"
        with pytest.raises(InvalidUSCC) as error:
            validate_uscc(first17 + check_character(first17))
        assert re.search("第17位字符“A”不合法", uscc_error_text(error.value))

    def test_it_names_the_expected_final_check_character(self) -> None:
        with pytest.raises(InvalidUSCC) as error:
            validate_uscc("91440300708461136U")
        assert re.search("第18位校验码错误：应为“T”，实际为“U”", uscc_error_text(error.value))

    def test_it_is_a_value_error(self) -> None:
        assert issubclass(InvalidUSCC, ValueError)


class TestSingleSubstitutions:
    def test_every_weight_is_invertible_modulo_31(self) -> None:
        # 31 is prime and no weight 3^i mod 31 is 0, so w * (a - b) ≡ 0 (mod 31) only when a == b:
        # the final check alone catches any single substitution in positions 1–17.
        weights = [pow(3, i, 31) for i in range(17)]
        assert all(weight % 31 for weight in weights)
        for weight in weights:
            assert {weight * delta % 31 for delta in range(1, 31)} == set(range(1, 31))

    @pytest.mark.parametrize("code", VALID)
    def test_the_final_check_changes_under_every_single_substitution(self, code: str) -> None:
        for position in range(17):
            for char in ALPHABET.replace(code[position], ""):
                corrupted = code[:position] + char + code[position + 1 : 17]
                assert check_character(corrupted) != code[17]

    @pytest.mark.parametrize("code", VALID)
    def test_it_rejects_every_single_substitution_exhaustively(self, code: str) -> None:
        for position in range(1, 19):
            for char in ALPHABET.replace(code[position - 1], ""):
                with pytest.raises(InvalidUSCC):
                    validate_uscc(corrupt(code, position, char))

    @given(
        seed=st.integers(min_value=0, max_value=2**32),
        position=st.integers(min_value=1, max_value=18),
        char=st.sampled_from(ALPHABET),
    )
    def test_it_rejects_a_random_single_substitution_of_a_generated_code(
        self, seed: int, position: int, char: str
    ) -> None:
        code = make_uscc(random.Random(seed), region_code="370281")
        if code[position - 1] == char:
            return
        with pytest.raises(InvalidUSCC):
            validate_uscc(corrupt(code, position, char))


class TestMakeUscc:
    @given(
        seed=st.integers(min_value=0, max_value=2**32),
        authority=st.sampled_from(sorted(REGISTRATION_AUTHORITIES)),
        region=st.from_regex(r"[1-9][0-9]{5}", fullmatch=True),
        data=st.data(),
    )
    def test_it_makes_valid_codes_with_the_region_embedded(
        self, seed: int, authority: str, region: str, data: st.DataObject
    ) -> None:
        org_type = data.draw(st.sampled_from(REGISTRATION_AUTHORITIES[authority]))
        code = make_uscc(random.Random(seed), region_code=region, org_type=org_type, registration=authority)
        assert validate_uscc(code) == code
        assert code[:2] == authority + org_type
        assert code[2:8] == region

    def test_it_is_deterministic_for_a_seed(self) -> None:
        assert make_uscc(random.Random(7), region_code="210204") == make_uscc(
            random.Random(7), region_code="210204"
        )

    def test_it_defaults_to_an_enterprise_registered_with_market_regulation(self) -> None:
        assert make_uscc(random.Random(1), region_code="210204").startswith("91210204")

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"region_code": "21020"}, "region code '21020' is not 6 digits"),
            ({"region_code": "21020A"}, "region code '21020A' is not 6 digits"),
            ({"region_code": "210204", "registration": "B"}, "no registration authority 'B'"),
            ({"region_code": "210204", "org_type": "9"}, "organisation type '9' is not one of authority '9'"),
        ],
    )
    def test_it_refuses_bad_arguments(self, kwargs: dict[str, str], message: str) -> None:
        with pytest.raises(ValueError, match=message):
            make_uscc(random.Random(1), **kwargs)
