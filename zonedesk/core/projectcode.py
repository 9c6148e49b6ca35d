"""投资项目代码 (GB/T 40058-2021): the ONE format rule used by the pipeline and the approvals.

Pure (no ORM, no settings): the messages are msgids marked with ``gettext_noop``, so the
caller translates them (``problem.message(gettext)``) and tests read the Chinese text.

Shape: 24 characters ``TTTT-RRRRRR-DD-TT-NNNNNN`` — time code, region code (GB/T 2260), the
central guiding department, the project type, then a random number ending in a check digit.
The time code is the year the code was given (YYYY) for codes of the 2016–2020 rules and of
platforms that still print the year (the approvals module's own example
``2026-211382-30-03-000105``), or year and month (YYMM) for the newer codes; a time code that
is neither (e.g. ``2613``, month 13) is refused. Only the format is checked: the check-digit
algorithm is not public, and the code itself is looked up on the national platform.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

# Years a YYYY time code may carry: the online platform started giving codes in 2015; the upper
# bound leaves room for the years this system runs without letting a YYMM code pass as a year.
FIRST_YEAR, LAST_YEAR = 2015, 2039

# The provinces' two-digit prefixes of GB/T 2260; 00: projects coded by a central department.
PROVINCE_PREFIXES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "00",
})
CODE_SHAPE = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$")
EXAMPLE = "2026-211382-30-03-000105"


@dataclass(frozen=True)
class CodeProblem:
    """The first rule a code breaks: ``rule`` for programs, ``template % params`` for people."""

    rule: str
    template: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self, translate: Callable[[str], str] = str) -> str:
        return translate(self.template) % self.params

    def __str__(self) -> str:
        return self.message()


def normalise(value: str) -> str:
    """Full-width and dash look-alikes typed by hand become ``-``; spaces go."""
    return (value or "").strip().replace("－", "-").replace("—", "-").replace("–", "-").replace(" ", "")


def time_code_valid(time_code: str) -> bool:
    number = int(time_code)
    if FIRST_YEAR <= number <= LAST_YEAR:
        return True
    return 1 <= int(time_code[2:]) <= 12


def problem(value: str) -> CodeProblem | None:
    """The first rule a 投资项目代码 breaks, or None."""
    code = normalise(value)
    if len(code) != 24:
        return CodeProblem("length", gettext_noop("投资项目代码应为 24 位（含 4 个“-”），当前为 %(n)s 位"),
                           {"n": len(code)})
    for pos in (4, 11, 14, 17):
        if code[pos] != "-":
            return CodeProblem(
                "separator",
                gettext_noop(
                    "第 %(pos)s 位应为“-”（格式：赋码年份或年月-地区代码-部门代码-类型代码-6位随机码）"
                ),
                {"pos": pos + 1},
            )
    if not CODE_SHAPE.match(code):
        return CodeProblem("digits", gettext_noop("除分隔符“-”外，投资项目代码只能由数字组成"))
    time_code, region, dept, kind = code[0:4], code[5:11], code[12:14], code[15:17]
    if not time_code_valid(time_code):
        return CodeProblem(
            "time",
            gettext_noop("时间代码“%(t)s”无效：应为赋码年份 YYYY 或赋码年月 YYMM（月份 01–12）"),
            {"t": time_code},
        )
    if region[:2] not in PROVINCE_PREFIXES:
        return CodeProblem("region", gettext_noop("地区代码“%(r)s”无效：前两位不是省级行政区划代码"),
                           {"r": region})
    if dept == "00":
        return CodeProblem("department", gettext_noop("部门代码不能为 00"))
    if kind == "00":
        return CodeProblem("kind", gettext_noop("项目类型代码不能为 00"))
    return None
