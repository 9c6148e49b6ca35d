"""Certificate rules over plain data: numbering, the printed fields, the status on a day.

Pure module (no Django), tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

TITLE_MAX = 60
KIND_MAX = 60
LABEL_MAX = 20
VALUE_MAX = 200
FIELDS_MAX = 16
REASON_MAX = 300

# What every certificate prints in its own rows: an issuer's field with one of these labels
# would show twice (发证日期 did), so it is left out wherever fields are shown or printed.
PRINTED_LABELS = frozenset({"证照编号", "持证单位", "统一社会信用代码", "发证机关", "发证日期", "有效期至"})


def shown_fields(fields: Sequence[Sequence[str]]) -> list[list[str]]:
    return [list(f) for f in fields if str(f[0]).strip() not in PRINTED_LABELS]


VALID = "valid"
REVOKED = "revoked"
EXPIRED = "expired"
# Msgids (the catalogue has them): shown through gettext by the model and the selectors.
STATUS_LABELS = {VALID: "有效", REVOKED: "已撤销", EXPIRED: "已过期"}

# A message is its Chinese template (the gettext msgid) and its parameters, so the service
# translates the template and this module stays free of Django.
Message = tuple[str, dict]


def text(message: Message) -> str:
    template, params = message
    return template % params if params else template


def format_number(zone_code: str, year: int, seq: int) -> str:
    """LY-2026-000123: zone, year of issue, sequence within the zone and year."""
    return f"{zone_code}-{year:04d}-{seq:06d}"


def status_on(day: dt.date, *, revoked_on: dt.date | None, valid_until: dt.date | None) -> str:
    # A revocation outranks expiry: the public must learn the certificate was withdrawn.
    if revoked_on is not None and revoked_on <= day:
        return REVOKED
    if valid_until is not None and valid_until < day:
        return EXPIRED
    return VALID


def clean_issue(*, kind: str, title: str, fields: object, valid_until: dt.date | None,
                today: dt.date) -> tuple[dict, dict[str, Message]]:
    """The cleaned input and the errors by field (messages in Chinese)."""
    errors: dict[str, Message] = {}
    kind = (kind or "").strip() if isinstance(kind, str) else ""
    title = (title or "").strip() if isinstance(title, str) else ""
    if not kind:
        errors["kind"] = ("请填写证照种类", {})
    elif len(kind) > KIND_MAX:
        errors["kind"] = ("证照种类不能超过 %(n)s 个字", {"n": KIND_MAX})
    if not title:
        errors["title"] = ("请填写证照名称", {})
    elif len(title) > TITLE_MAX:
        errors["title"] = ("证照名称不能超过 %(n)s 个字", {"n": TITLE_MAX})
    clean_fields: list[list[str]] = []
    if not isinstance(fields, Sequence) or isinstance(fields, (str, bytes)):
        errors["fields"] = ("证照事项须为（名称，内容）的列表", {})
    elif len(fields) > FIELDS_MAX:
        errors["fields"] = ("证照事项不能超过 %(n)s 项", {"n": FIELDS_MAX})
    else:
        for n, pair in enumerate(fields, start=1):
            if (not isinstance(pair, Sequence) or isinstance(pair, (str, bytes)) or len(pair) != 2
                    or not all(isinstance(x, str) for x in pair)):
                errors["fields"] = ("第 %(n)s 项须为（名称，内容）两段文字", {"n": n})
                break
            label, value = pair[0].strip(), pair[1].strip()
            if not label or not value:
                errors["fields"] = ("第 %(n)s 项的名称和内容都不能为空", {"n": n})
                break
            if len(label) > LABEL_MAX or len(value) > VALUE_MAX:
                errors["fields"] = ("第 %(n)s 项过长（名称 ≤ %(label)s 字，内容 ≤ %(value)s 字）",
                                    {"n": n, "label": LABEL_MAX, "value": VALUE_MAX})
                break
            clean_fields.append([label, value])
    if valid_until is not None and valid_until < today:
        errors["valid_until"] = ("有效期不能早于发证日期", {})
    return {"kind": kind, "title": title, "fields": clean_fields, "valid_until": valid_until}, errors


def clean_reason(reason: object) -> tuple[str, Message | None]:
    cleaned = reason.strip() if isinstance(reason, str) else ""
    if not cleaned:
        return "", ("请填写撤销原因", {})
    if len(cleaned) > REASON_MAX:
        return "", ("撤销原因不能超过 %(n)s 个字", {"n": REASON_MAX})
    return cleaned, None
