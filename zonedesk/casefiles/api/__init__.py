"""JSON API of the zone's editable texts (the system administrator's), the same service as
the pages: list, read one with its versions, preview a draft, save a new version."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from zonedesk.casefiles import selectors, wording
from zonedesk.casefiles.texts import LANGUAGES, TEXTS
from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import Forbidden, NotFound, ValidationFailed
from zonedesk.organisation.roles import Role

router = Router(tags=["notice texts"])


class CasefilesTextRowOut(Schema):
    key: str
    group: str
    label: str
    language: str
    version: int = Field(description="现行版本；0 表示系统内置文字")


class CasefilesTextVersionOut(Schema):
    version: int
    title: str
    body: str
    closing: str
    note: str
    created_at: dt.datetime
    created_by: str


class CasefilesTextOut(Schema):
    key: str
    language: str
    label: str
    placeholders: dict[str, str]
    required: list[str]
    version: int
    title: str
    body: str
    closing: str
    versions: list[CasefilesTextVersionOut]


class CasefilesTextIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=200)
    body: str = Field(max_length=4000)
    closing: str = Field("", max_length=1000)
    base_version: int = Field(ge=0, description="编辑所依据的版本；他人已保存新版本则 409")
    note: str = Field("", max_length=200)


class CasefilesTextDraftIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=200)
    body: str = Field(max_length=4000)
    closing: str = Field("", max_length=1000)


class CasefilesTextPreviewOut(Schema):
    title: str
    body: str
    closing: str


def _zone_id(request: HttpRequest) -> int:
    user = request.auth
    if not user.has_role(Role.SYSTEM_ADMIN) or user.zone_id is None:
        raise Forbidden("not_system_admin", _("只有系统管理员可以修改告知书与消息文字"))
    return user.zone_id


def _spec(key: str, language: str):
    spec = TEXTS.get(key)
    if spec is None or language not in LANGUAGES:
        raise NotFound()
    return spec


@router.get(
    "/texts",
    response={200: list[CasefilesTextRowOut], **errors(401, 403)},
    summary="本园区的告知书与消息文字（现行版本）",
)
def casefiles_texts(request: HttpRequest):
    zone_id = _zone_id(request)
    edited = selectors.texts_overview(zone_id)
    return [
        {
            "key": s.key,
            "group": s.group,
            "label": str(s.label),
            "language": lang,
            "version": edited.get((s.key, lang), {}).get("version", 0),
        }
        for s in TEXTS.values()
        for lang in LANGUAGES
    ]


@router.get(
    "/texts/{key}/{language}",
    response={200: CasefilesTextOut, **errors(401, 403, 404)},
    summary="一项文字的现行内容、占位符和版本记录",
)
def casefiles_text(request: HttpRequest, key: str, language: str):
    zone_id = _zone_id(request)
    spec = _spec(key, language)
    current = selectors.text_in_force(zone_id, key, language)
    return {
        "key": key,
        "language": language,
        "label": str(spec.label),
        "placeholders": {k: str(v) for k, v in spec.placeholders.items()},
        "required": sorted(spec.required),
        **current,
        "versions": selectors.text_versions_for(
            user=request.auth, zone_id=zone_id, key=key, language=language
        ),
    }


@router.post(
    "/texts/{key}/{language}/preview",
    response={200: CasefilesTextPreviewOut, **errors(401, 403, 404, 422)},
    summary="用示例数据预览草稿（不保存）",
)
def casefiles_text_preview(request: HttpRequest, key: str, language: str, payload: CasefilesTextDraftIn):
    _zone_id(request)
    spec = _spec(key, language)
    fields = payload.model_dump()
    problems = wording.text_errors(spec, fields)
    if problems:
        raise ValidationFailed(problems)
    return wording.render(spec, fields, spec.sample)


@router.post(
    "/texts/{key}/{language}",
    response={201: CasefilesTextVersionOut, **errors(401, 403, 404, 409, 422)},
    summary="保存为新版本",
)
def casefiles_text_save(request: HttpRequest, key: str, language: str, payload: CasefilesTextIn):
    zone_id = _zone_id(request)
    _spec(key, language)
    row = wording.notice_text_save(
        actor=api_actor(request), zone_id=zone_id, key=key, language=language, **payload.model_dump()
    )
    return Status(201, row)
