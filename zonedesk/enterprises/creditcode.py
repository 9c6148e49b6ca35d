"""统一社会信用代码 (GB 32100-2015) checks, pure.

Each failed rule has its own code and message, so a person knows what to fix: a wrong length
is a typing slip, a wrong check character usually a swapped digit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {c: i for i, c in enumerate(CHARSET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 3^i mod 31 for positions 1..17

# Position 1: 登记管理部门; position 2: 机构类别, which depends on position 1.
AUTHORITIES: dict[str, set[str]] = {
    "1": {"1", "2", "3", "9"},  # 机构编制
    "2": {"1", "9"},  # 外交
    "3": {"1", "2", "3", "4", "5", "9"},  # 司法行政
    "4": {"1", "9"},  # 文化
    "5": {"1", "2", "3", "9"},  # 民政
    "6": {"1", "2", "9"},  # 旅游
    "7": {"1", "2", "9"},  # 宗教
    "8": {"1", "9"},  # 工会
    "9": {"1", "2", "3"},  # 市场监管（工商）: 企业, 个体工商户, 农民专业合作社
    "A": {"1", "9"},  # 中央军委改革和编制办公室
    "N": {"1", "2", "3", "9"},  # 农业
    "Y": {"1"},  # 其他
}

ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


@dataclass(frozen=True)
class CodeError:
    rule: str
    message: str


def check_character(first17: str) -> str:
    total = sum(VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def org_check_character(first8: str) -> str:
    """GB 11714 组织机构代码 check character (positions 9–17 of the credit code)."""
    total = sum(ORG_CHARSET.index(c) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def normalise(code: str) -> str:
    # People paste codes with spaces and lower case; neither is meaningful.
    return "".join(code.split()).upper()


def validate(code: str) -> CodeError | None:
    """The first rule the code breaks, or None when it is a valid 统一社会信用代码. The message is
    in the active language (gettext): call it where the message is shown or raised."""
    code = normalise(code)
    if len(code) != 18:
        return CodeError("length", gettext("统一社会信用代码应为 18 位，当前为 %(n)s 位") % {"n": len(code)})
    bad = sorted({c for c in code if c not in VALUE})
    if bad:
        return CodeError(
            "charset",
            gettext("统一社会信用代码含有不允许的字符：%(chars)s"
                    "（只允许数字和除 I、O、Z、S、V 以外的大写字母）")
            % {"chars": gettext("、").join(bad)},
        )
    if code[0] not in AUTHORITIES:
        return CodeError("authority", gettext("第 1 位登记管理部门代码“%(c)s”无效") % {"c": code[0]})
    if code[1] not in AUTHORITIES[code[0]]:
        return CodeError("category", gettext("第 2 位机构类别代码“%(c)s”与登记管理部门“%(a)s”不匹配")
                         % {"c": code[1], "a": code[0]})
    if not code[2:8].isdigit():
        return CodeError("region", gettext("第 3–8 位应为 6 位数字的行政区划代码"))
    if org_check_character(code[8:16]) != code[16]:
        return CodeError("org_check", gettext("第 9–17 位组织机构代码的校验位错误"))
    expected = check_character(code[:17])
    if code[17] != expected:
        return CodeError("check", gettext("第 18 位校验码错误（按前 17 位计算应为“%(c)s”）")
                         % {"c": expected})
    return None


def make(region: str, org_body: str, authority: str = "9", category: str = "1") -> str:
    """Build a valid code from a region and an 8-character organisation body (demo data, tests).

    Raises ValueError rather than return a code that ``validate`` would refuse: an authority
    and category that do not go together, a region that is not six digits, or characters
    outside the charset.
    """
    bad = sorted({c for c in authority + category + region + org_body if c not in VALUE})
    if bad or len(authority) != 1 or len(category) != 1 or len(region) != 6 or len(org_body) != 8:
        raise ValueError(f"cannot build a credit code from {region!r}/{org_body!r}: {bad}")
    first17 = authority + category + region + org_body + org_check_character(org_body)
    code = first17 + check_character(first17)
    problem = validate(code)
    if problem is not None:
        raise ValueError(f"cannot build a credit code from {region!r}/{org_body!r}: {problem.message}")
    return code
