from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

# Everything is served from this origin (no CDN on a government intranet), so the policy
# can be strict. ECharts sets style attributes from script, hence 'unsafe-inline' for styles.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class ChineseFirstLocaleMiddleware:
    """zh-hans unless the user chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and an English
    browser in a government office would get a half-translated page nobody asked for.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # The language comes from a cookie, so a shared cache must key on it.
        patch_vary_headers(response, ("Cookie",))
        return response


class ApiJsonErrorsMiddleware:
    """Under /api/ every answer is JSON: an unknown path or a wrong method would otherwise get
    Django's or ninja's HTML page, which API clients cannot parse."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code not in (404, 405, 500):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        from django.http import JsonResponse

        if response.status_code == 500:
            # An error outside the API's own handlers (Django's HTML 500 page): JSON too.
            from zonedesk.core.api import request_id

            rid = request_id(request)
            out = JsonResponse({"detail": "服务器内部错误，请把请求编号告诉管理员",
                                "code": "internal_error", "request_id": rid}, status=500)
            out["X-Request-ID"] = rid
            return out

        message = "接口不存在" if response.status_code == 404 else "该接口不支持此请求方法"
        code = "not_found" if response.status_code == 404 else "method_not_allowed"
        out = JsonResponse({"detail": message, "code": code}, status=response.status_code)
        if response.has_header("Allow"):
            out["Allow"] = response["Allow"]
        return out


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose declared body exceeds REQUEST_MAX_BYTES before anything
    reads it: Django spools uploads to disk whatever their size, so without this a deployment
    without the nginx limit of deploy/ could be filled by one request. Each upload and import
    then has its own, smaller limit with a message naming the file."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http import HttpResponse, JsonResponse
        from django.utils.translation import gettext as _

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.REQUEST_MAX_BYTES
        if length > limit:
            message = _("请求内容超过 %(n)s MB，请减小文件或分批上传。") % {"n": limit // (1024 * 1024)}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "too_large"}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
