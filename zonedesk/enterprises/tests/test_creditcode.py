"""统一社会信用代码 (GB 32100-2015): pure checks, no database."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zonedesk.enterprises import creditcode
from zonedesk.enterprises.creditcode import AUTHORITIES, CHARSET, make, validate

# Real registrations, as printed on business licences.
REAL_CODES = [
    "91110000600037341L",
    "91350100M000100Y43",
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
    "914403001922038216",  # 华为技术有限公司
    "91110108551385082Q",  # 小米科技有限责任公司
    "91100000100003962T",  # 中国石油天然气集团有限公司
    "12100000400000624D",  # a 事业单位 (authority 1, category 2)
]
VALID = "91110000600037341L"


def rule_of(code: str) -> str | None:
    problem = validate(code)
    return problem.rule if problem else None


def with_check(first17: str) -> str:
    """first17 completed with its correct 18th character."""
    return first17 + creditcode.check_character(first17)


class TestKnownCodes:
    @pytest.mark.parametrize("code", REAL_CODES)
    def test_real_codes_pass(self, code: str) -> None:
        assert validate(code) is None

    def test_lower_case_and_spaces_are_normalised_not_refused(self) -> None:
        # Given a code pasted in lower case with the grouping spaces of a printed licence
        pasted = " 9111 0000 6000 3734 1l "
        # Then it is the same code
        assert creditcode.normalise(pasted) == VALID
        assert validate(pasted) is None

    def test_org_check_character_of_a_real_code(self) -> None:
        # positions 9–16 of 91110000600037341L give the 17th character, 1 (GB 11714)
        assert creditcode.org_check_character("60003734") == "1"
        assert creditcode.check_character(VALID[:17]) == "L"


class TestEachRuleHasItsCodeAndMessage:
    @pytest.mark.parametrize("code, length", [("", 0), (VALID[:17], 17), (VALID + "0", 19)])
    def test_length(self, code: str, length: int) -> None:
        problem = validate(code)
        assert problem is not None
        assert problem.rule == "length"
        assert "18 位" in problem.message
        assert f"当前为 {length} 位" in problem.message

    @pytest.mark.parametrize("bad", ["I", "O", "Z", "S", "V"])
    def test_charset_refuses_each_excluded_letter(self, bad: str) -> None:
        # Given a valid code with one character replaced by a letter GB 32100 leaves out
        code = VALID[:10] + bad + VALID[11:]
        problem = validate(code)
        assert problem is not None
        assert problem.rule == "charset"
        # Then the message names the character and the rule
        assert f"不允许的字符：{bad}" in problem.message
        assert "I、O、Z、S、V" in problem.message

    def test_charset_lower_case_excluded_letter_is_still_refused(self) -> None:
        # lower case is normalised first, so 'o' is refused as 'O', not as lower case
        problem = validate(VALID[:10] + "o" + VALID[11:])
        assert problem is not None and problem.rule == "charset"
        assert "O" in problem.message

    def test_charset_names_every_bad_character_once(self) -> None:
        problem = validate("9111000060003734-中")
        assert problem is not None and problem.rule == "charset"
        assert "-" in problem.message and "中" in problem.message

    def test_authority(self) -> None:
        # 'B' is in the charset but is no registration authority
        problem = validate(with_check("B1110000600037341"))
        assert problem is not None
        assert problem.rule == "authority"
        assert "第 1 位" in problem.message and "“B”" in problem.message

    @pytest.mark.parametrize("first2", ["94", "99", "Y2", "23"])
    def test_category_must_belong_to_the_authority(self, first2: str) -> None:
        problem = validate(with_check(first2 + "110000600037341"))
        assert problem is not None
        assert problem.rule == "category"
        assert "第 2 位" in problem.message
        assert f"“{first2[1]}”" in problem.message and f"“{first2[0]}”" in problem.message

    def test_region_must_be_six_digits(self) -> None:
        problem = validate(with_check("9111A000600037341"))
        assert problem is not None
        assert problem.rule == "region"
        assert "第 3–8 位" in problem.message and "行政区划" in problem.message

    def test_org_check(self) -> None:
        # Given the organisation code's check character changed and the 18th recomputed, so
        # only GB 11714 is broken
        code = with_check(VALID[:16] + "2")
        problem = validate(code)
        assert problem is not None
        assert problem.rule == "org_check"
        assert "第 9–17 位" in problem.message and "校验位" in problem.message

    def test_check_character_message_gives_the_expected_one(self) -> None:
        problem = validate(VALID[:17] + "M")
        assert problem is not None
        assert problem.rule == "check"
        assert "第 18 位" in problem.message
        assert "应为“L”" in problem.message

    def test_rule_codes_are_distinct(self) -> None:
        broken = [
            "", VALID[:10] + "I" + VALID[11:], with_check("B1110000600037341"),
            with_check("94110000600037341"), with_check("9111A000600037341"),
            with_check(VALID[:16] + "2"), VALID[:17] + "M",
        ]
        rules = [rule_of(code) for code in broken]
        assert rules == ["length", "charset", "authority", "category", "region", "org_check", "check"]


class TestMake:
    def test_make_rebuilds_a_real_code(self) -> None:
        assert make("110000", "60003734") == VALID

    @pytest.mark.parametrize("kwargs", [
        {"region": "21138", "org_body": "MA000001"},  # short region
        {"region": "21A382", "org_body": "MA000001"},  # region not digits
        {"region": "211382", "org_body": "MA00001"},  # short body
        {"region": "211382", "org_body": "MA0000I1"},  # I is outside the charset
        {"region": "211382", "org_body": "MA000001", "authority": "B"},
        {"region": "211382", "org_body": "MA000001", "authority": "9", "category": "9"},
        {"region": "211382", "org_body": "MA000001", "authority": "Y", "category": "2"},
    ])
    def test_make_refuses_what_validate_would_refuse(self, kwargs: dict) -> None:
        with pytest.raises(ValueError):
            make(**kwargs)


PAIRS = sorted((a, c) for a, cats in AUTHORITIES.items() for c in cats)
regions = st.text(alphabet="0123456789", min_size=6, max_size=6)
bodies = st.text(alphabet=CHARSET, min_size=8, max_size=8)


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    authority, category = draw(st.sampled_from(PAIRS))
    return make(draw(regions), draw(bodies), authority=authority, category=category)


@given(pair=st.sampled_from(PAIRS), region=regions, body=bodies)
def test_make_always_validates(pair: tuple[str, str], region: str, body: str) -> None:
    code = make(region, body, authority=pair[0], category=pair[1])
    assert len(code) == 18
    assert code[2:8] == region and code[8:16] == body
    assert validate(code) is None


@given(code=valid_codes(), position=st.integers(0, 17),
       replacement=st.sampled_from(CHARSET + "IOZSVioz-* 中"))
def test_any_single_character_change_is_detected(code: str, position: int, replacement: str) -> None:
    changed = code[:position] + replacement + code[position + 1:]
    # a replacement that normalises back to the same code is no change at all
    assume(creditcode.normalise(changed) != code)
    assert validate(changed) is not None


@given(code=valid_codes(), position=st.integers(0, 15))
def test_swapping_two_neighbours_in_the_first_17_is_detected(code: str, position: int) -> None:
    # (a - b)(3^i - 3^(i+1)) is never 0 mod 31 for a != b: the commonest typing slip is caught
    a, b = code[position], code[position + 1]
    assume(a != b)
    swapped = code[:position] + b + a + code[position + 2:]
    assert validate(swapped) is not None
