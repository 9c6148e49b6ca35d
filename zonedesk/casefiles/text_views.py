"""Pages where the zone's system administrator rewords its notices and messages: the list of
texts, and one text's editor with its versions and a preview filled with sample values."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zonedesk.casefiles import notices, selectors, wording
from zonedesk.casefiles.notices import Notice
from zonedesk.casefiles.texts import LANGUAGES, TEXTS, TextSpec
from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.organisation.roles import Role

# The language a text is written in, named in the reader's language (a lazy msgid each).
LANGUAGE_NAMES = {"zh-hans": gettext_lazy("简体中文"), "en": gettext_lazy("English")}


def _zone_id(request: HttpRequest) -> int:
    """Only the system administrator of a zone edits its texts; for anyone else the pages do
    not exist."""
    user = request.user
    if not user.has_role(Role.SYSTEM_ADMIN) or user.zone_id is None:
        raise Http404
    return user.zone_id


def _spec(key: str, language: str) -> TextSpec:
    spec = TEXTS.get(key)
    if spec is None or language not in LANGUAGES:
        raise Http404
    return spec


@login_required
def text_list(request: HttpRequest) -> HttpResponse:
    zone_id = _zone_id(request)
    edited = selectors.texts_overview(zone_id)
    groups = {"notice": [], "message": []}
    for spec in TEXTS.values():
        groups[spec.group].append(
            {
                "spec": spec,
                "versions": [
                    (lang, LANGUAGE_NAMES[lang], edited.get((spec.key, lang), {}).get("version", 0))
                    for lang in LANGUAGES
                ],
            }
        )
    return render(
        request,
        "casefiles/texts.html",
        {
            "groups": [
                (_("打印的告知书"), groups["notice"]),
                (_("消息（站内信、邮件、短信）"), groups["message"]),
            ]
        },
    )


def _sample_notice(spec: TextSpec, rendered: dict, language: str, zone_name: str) -> Notice:
    return Notice(
        zone_name=zone_name,
        title=rendered["title"],
        case_number=spec.sample.get("case", ""),
        addressee=spec.sample.get("applicant", ""),
        paragraphs=[line for line in rendered["body"].splitlines() if line.strip()],
        items=[(_("（示例）材料或事项名称"), _("（示例）说明"))],
        closing=[line for line in rendered["closing"].splitlines() if line.strip()],
        progress_url="https://example.invalid/progress/",
        language=language,
    )


@login_required
def text_edit(request: HttpRequest, key: str, language: str) -> HttpResponse:
    zone_id = _zone_id(request)
    spec = _spec(key, language)
    current = selectors.text_in_force(zone_id, key, language)
    fields = {name: current[name] for name in ("title", "body", "closing")}
    base_version = current["version"]
    errors: dict[str, str] = {}
    preview = None
    if request.method == "POST":
        fields = {name: request.POST.get(name, "") for name in ("title", "body", "closing")}
        try:
            base_version = int(request.POST.get("base_version", ""))
        except ValueError:
            base_version = -1
        if request.POST.get("action") == "preview":
            errors = wording.text_errors(spec, fields)
            if not errors:
                preview = wording.render(spec, fields, spec.sample)
        else:
            try:
                row = wording.notice_text_save(
                    actor=Actor.from_request(request),
                    zone_id=zone_id,
                    key=key,
                    language=language,
                    base_version=base_version,
                    note=request.POST.get("note", ""),
                    **fields,
                )
            except ValidationFailed as exc:
                errors = exc.errors
            except ServiceError as exc:
                flash.error(request, exc.message)
            else:
                flash.success(request, _("已保存为第 %(v)d 版") % {"v": row.version})
                return redirect("casefiles:text_edit", key=key, language=language)
    versions = selectors.text_versions_for(user=request.user, zone_id=zone_id, key=key, language=language)
    return render(
        request,
        "casefiles/text_edit.html",
        {
            "spec": spec,
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "fields": fields,
            "errors": errors,
            "base_version": base_version,
            "current_version": current["version"],
            "preview": preview,
            "versions": versions,
            "default": spec.default(language),
            "other_language": [(lang, LANGUAGE_NAMES[lang]) for lang in LANGUAGES if lang != language],
        },
        status=422 if errors else 200,
    )


@login_required
@require_POST
def text_preview_pdf(request: HttpRequest, key: str, language: str) -> HttpResponse:
    """The draft printed with sample values (nothing saved), for a notice text."""
    zone_id = _zone_id(request)
    spec = _spec(key, language)
    if spec.group != "notice":
        raise Http404
    fields = {name: request.POST.get(name, "") for name in ("title", "body", "closing")}
    errors = wording.text_errors(spec, fields)
    if errors:
        return HttpResponse("\n".join(errors.values()), status=422, content_type="text/plain; charset=utf-8")
    from zonedesk.organisation.models import Zone

    zone_name = Zone.objects.only("name").get(pk=zone_id).name
    pdf = notices.render(_sample_notice(spec, wording.render(spec, fields, spec.sample), language, zone_name))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="preview-{key}.pdf"'
    return response
