"""Writes and rendering of the zone's editable texts (``texts.TEXTS``): a new version is
checked (every placeholder known, the required ones present, no stray brace), saved as the next
version under the unique key, audited; rendering fills a text in force with a case's values."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zonedesk.audit.services import audit_record
from zonedesk.casefiles import rules, selectors
from zonedesk.casefiles.models import NoticeText
from zonedesk.casefiles.texts import LANGUAGES, TEXTS, TextSpec
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.organisation.roles import Role

FIELD_LABELS = {"title": _lazy("标题"), "body": _lazy("正文"), "closing": _lazy("结尾")}
LIMITS = {"title": 200, "body": 4000, "closing": 1000}


def text_errors(spec: TextSpec, fields: Mapping[str, str]) -> dict[str, str]:
    """Field -> message naming the field and the rule broken (same text for page and API)."""
    allowed = set(spec.placeholders)
    errors: dict[str, str] = {}
    if not (fields.get("title") or "").strip():
        errors["title"] = _("标题：不能为空")
    if not (fields.get("body") or "").strip():
        errors["body"] = _("正文：不能为空")
    for name in ("title", "body", "closing"):
        value = fields.get(name) or ""
        label = str(FIELD_LABELS[name])
        if len(value) > LIMITS[name]:
            errors[name] = _("%(field)s：不能超过 %(n)d 个字") % {"field": label, "n": LIMITS[name]}
            continue
        # A required placeholder may sit in the title, the body or the closing.
        problems = rules.text_problems(value, allowed)
        if problems and name not in errors:
            rule, detail = problems[0]
            if rule == "unknown":
                errors[name] = _("%(field)s：未知的占位符 {%(name)s}，可用的有 %(allowed)s") % {
                    "field": label,
                    "name": detail,
                    "allowed": "、".join(f"{{{p}}}" for p in spec.placeholders),
                }
            else:
                errors[name] = _("%(field)s：花括号只能用于占位符，如 {case}") % {"field": label}
    used = set()
    for name in ("title", "body", "closing"):
        used.update(rules.placeholders_in(fields.get(name) or ""))
    missing = sorted(spec.required - used)
    if missing and "body" not in errors:
        errors["body"] = _("正文：必须包含占位符 %(names)s") % {
            "names": "、".join(f"{{{m}}}" for m in missing)
        }
    return errors


def render(spec: TextSpec, wording: Mapping[str, str], values: Mapping[str, object]) -> dict[str, str]:
    return {
        name: rules.render_text(wording.get(name) or "", dict(values))
        for name in ("title", "body", "closing")
    }


def render_in_force(zone_id: int, key: str, language: str, values: Mapping[str, object]) -> dict[str, str]:
    wording = selectors.text_in_force(zone_id, key, language)
    return {**render(TEXTS[key], wording, values), "version": wording["version"]}


def notice_text_save(
    *,
    actor: Actor,
    zone_id: int,
    key: str,
    language: str,
    title: str,
    body: str,
    closing: str = "",
    base_version: int,
    note: str = "",
) -> NoticeText:
    """Save a new version of one text. ``base_version`` is the version the editor started from:
    if someone saved in between, this one is a Conflict and nothing is written."""
    spec = TEXTS.get(key)
    if spec is None or language not in LANGUAGES:
        raise NotFound()
    user = actor.user
    if user is None or not user.has_role(Role.SYSTEM_ADMIN) or zone_id not in user.visible_zone_ids:
        if user is not None and zone_id in user.visible_zone_ids:
            raise Forbidden("not_system_admin", _("只有系统管理员可以修改告知书与消息文字"))
        raise NotFound()
    fields = {
        "title": (title or "").strip(),
        "body": (body or "").strip("\n"),
        "closing": (closing or "").strip("\n"),
    }
    errors = text_errors(spec, fields)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        current = selectors.text_in_force(zone_id, key, language)
        if current["version"] != base_version:
            raise Conflict(
                "stale_version",
                _("该文字已被他人修改为第 %(v)d 版，请刷新后再改") % {"v": current["version"]},
            )
        try:
            with transaction.atomic():
                row = NoticeText.objects.create(
                    zone_id=zone_id,
                    key=key,
                    language=language,
                    version=base_version + 1,
                    note=(note or "")[:200],
                    created_by=user.display_name[:120],
                    **fields,
                )
        except IntegrityError:
            raise Conflict("stale_version", _("该文字刚被他人保存了新版本，请刷新后再改")) from None
        audit_record(
            actor=actor,
            action="casefiles.text.save",
            obj=row,
            before={k: current[k] for k in fields} | {"version": current["version"]},
            after=fields | {"version": row.version},
        )
    return row
