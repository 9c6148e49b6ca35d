from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

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
        if chosen not in supported and request.path.startswith("/api/"):
            # An API client has no language menu: it says what it reads in Accept-Language,
            # and its messages come in that language (the error codes stay the same).
            chosen = _accepted(request.META.get("HTTP_ACCEPT_LANGUAGE", ""), supported)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # The language comes from a cookie (or, for the API, Accept-Language), so a shared
        # cache must key on it.
        patch_vary_headers(response, ("Cookie", "Accept-Language") if request.path.startswith("/api/")
                           else ("Cookie",))
        return response


def _accepted(header: str, supported: set[str]) -> str:
    """The first supported language of an Accept-Language header, by its q-values; ""."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    for tag, _q in parse_accept_lang_header(header):
        tag = tag.lower()
        if tag in supported:
            return tag
        if tag.startswith("zh"):
            return "zh-hans"
        if tag.split("-")[0] in supported:
            return tag.split("-")[0]
    return ""


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
            out = JsonResponse({"detail": _("服务器内部错误，请把请求编号告诉管理员"),
                                "code": "internal_error", "request_id": rid}, status=500)
            out["X-Request-ID"] = rid
            return out

        message = _("接口不存在") if response.status_code == 404 else _("该接口不支持此请求方法")
        code = "not_found" if response.status_code == 404 else "method_not_allowed"
        out = JsonResponse({"detail": message, "code": code}, status=response.status_code)
        if response.has_header("Allow"):
            out["Allow"] = response["Allow"]
        return out


class SessionTouchMiddleware:
    """The idle timeout without a session write on every page.

    The session's expiry moves out only when it is saved; saving on every request
    (SESSION_SAVE_EVERY_REQUEST) costs a database write per page for every user. Instead a
    signed-in session is marked seen, and so saved with a fresh expiry, at most once per
    SESSION_TOUCH_SECONDS: the idle timeout stays SESSION_COOKIE_AGE, give or take that much."""

    KEY = "_zd_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @classmethod
    def mark_seen(cls, sender=None, request=None, **kwargs) -> None:
        """user_logged_in receiver: the sign-in's own session save carries the mark."""
        import time

        if request is not None and hasattr(request, "session"):
            request.session[cls.KEY] = int(time.time())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated or session.is_empty():
            return response
        import time

        from django.conf import settings

        now = int(time.time())
        seen = session.get(self.KEY)
        if not isinstance(seen, int) or now - seen >= settings.SESSION_TOUCH_SECONDS:
            session[self.KEY] = now  # marks the session modified: SessionMiddleware saves it
        return response


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
