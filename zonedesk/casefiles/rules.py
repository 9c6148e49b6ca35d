"""Pure rules of case numbers and the public lookup. No ORM."""

from __future__ import annotations

import re
import secrets

# Characters that cannot be mistaken for one another when read off paper (no 0/O, 1/I/L).
QUERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_LENGTH = 8
NUMBER = re.compile(r"^[A-Z]{2,8}-SP-(\d{4})-(\d{6,})$")


def format_number(zone_code: str, year: int, seq: int) -> str:
    """办件编号: zone code, 审批 (SP), year, a sequence of at least six digits."""
    if seq < 1:
        raise ValueError("sequence starts at 1")
    return f"{zone_code.upper()}-SP-{year:04d}-{seq:06d}"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(QUERY_LENGTH))


def normalise(text: str) -> str:
    """What a person types: spaces dropped, letters upper-cased, full-width dashes made ASCII."""
    return (text or "").strip().upper().replace(" ", "").replace("－", "-").replace("—", "-")


def second_factor_matches(given: str, query_code: str, credit_code: str) -> bool:
    """The lookup's second factor: the query code on the 受理通知书 or the applicant's credit
    code. Compared in constant time so the answer's timing says nothing."""
    given = normalise(given)
    ok_query = secrets.compare_digest(given.encode(), normalise(query_code).encode())
    ok_credit = bool(credit_code) and secrets.compare_digest(given.encode(), normalise(credit_code).encode())
    return bool(given) and (ok_query or ok_credit)


def throttle_delay(failures: int, *, free: int = 3) -> int:
    """Seconds a client must wait before the next try after ``failures`` wrong tries in the
    window: nothing for the first few, then doubling (capped at 15 minutes)."""
    if failures < free:
        return 0
    return min(900, 5 * 2 ** (failures - free))


# -- the zone's editable texts: placeholders ---------------------------------------------------

# A placeholder is a lower-case name in braces, "{case}"; anything else in braces is a mistake,
# not a format spec: a zone's text never reaches attributes, indexes or format specs.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def text_problems(text: str, allowed: set[str] | frozenset[str],
                  required: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """What is wrong with one field of an edited text, as (rule, detail) pairs: "unknown" names
    a placeholder the text may not use, "missing" a required one, "brace" a stray brace."""
    problems: list[tuple[str, str]] = []
    used = placeholders_in(text)
    for name in dict.fromkeys(used):
        if name not in allowed:
            problems.append(("unknown", name))
    for name in sorted(required):
        if name not in used:
            problems.append(("missing", name))
    stray = PLACEHOLDER.sub("", text or "")
    if "{" in stray or "}" in stray:
        problems.append(("brace", ""))
    return problems


def render_text(text: str, values: dict[str, object]) -> str:
    """Fill the placeholders; a name without a value becomes empty (a checked text has none)."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), text or "")
