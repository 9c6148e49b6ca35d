"""Who may open what: every demo login (and anonymous) × every page and API endpoint.

The URL resolver is the list of endpoints: a URL name with no row here fails
``test_every_url_name_has_a_row``, so a new page cannot ship without deciding who sees it.

Cells of the tables:
  200 201   allowed                  404   not found; also what exists but is not yours
  302       a redirect, not to login 302L  a redirect to the login page (/login/, /admin/login/)
  302x      sent back with an error message, and nothing was written
  401 403 405  as HTTP says; 403 only where the user may see the object but not do this to it

Rows marked ``writes`` (POST/PATCH) also read the audit trail: an allowed answer (200, 201,
302) has written at least one successful audit row and any other answer none, so a refusal
that still changed something cannot hide behind its status code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zonedesk.audit.models import AuditRecord, Result
from zonedesk.core.tests.scope import ANON, PASSWORD, ROLES, Demo, client_for, url_names
from zonedesk.organisation.models import User
from zonedesk.testing.factories import new_credit_code

pytestmark = pytest.mark.django_db

ALLOWED = ("200", "201", "302")


@dataclass(frozen=True)
class Req:
    path: Callable[[Demo], str]
    method: str = "get"
    data: Callable[[Demo, str], dict] | None = None
    writes: bool = False
    json: bool = False  # send data as a JSON body (API) instead of a form


def get(path: Callable[[Demo], str] | str) -> Req:
    return Req(path if callable(path) else (lambda d, p=path: p))


def post(path: Callable[[Demo], str] | str, data: Callable[[Demo, str], dict] | None = None, *,
         writes: bool = True) -> Req:
    return Req(path if callable(path) else (lambda d, p=path: p), "post", data, writes)


def api(method: str, path: Callable[[Demo], str] | str,
        data: Callable[[Demo, str], dict] | None = None, *, writes: bool = True) -> Req:
    return Req(path if callable(path) else (lambda d, p=path: p), method, data, writes, json=True)


def _flag_form(d: Demo, role: str) -> dict:
    return {"kind": "abnormal_operation", "listed_on": "2026-01-05", "source": "矩阵测试", "note": ""}


def _new_enterprise(d: Demo, role: str) -> dict:
    return {"credit_code": new_credit_code("211382"), "name": f"矩阵测试企业{role}有限公司",
            "legal_representative": "张测试", "industry_code": "30", "credit_grade": "",
            "contact_phone": "0421-6800000"}


def _patch(which: str) -> Callable[[Demo, str], dict]:
    """A small edit of the ``which`` enterprise (ly, own, jp) based on its current version."""
    return lambda d, role: {"version": getattr(d, which).version, "contact_phone": "0421-6899999"}


# ---------------------------------------------------------------------------------------------
# The requests. Keys are URL names; "name[variant]" when the same URL is asked for several
# objects (ly: an enterprise of the user's zone Lingyuan that is not the enterprise user's;
# own: the enterprise user's 中玻; jp: Jianping's, the other zone).
REQUESTS: dict[str, Req] = {
    # --- organisation -----------------------------------------------------------------------
    "workbench": get("/"),
    "login": get("/login/"),
    "login_mfa": get("/login/2fa/"),
    "logout": post("/logout/", writes=False),
    # Single sign-on is off unless its server is configured (organisation/tests/test_sso.py).
    "sso_oidc_start": get("/sso/oidc/start/"),
    "sso_oidc_callback": get("/sso/oidc/callback/?code=x&state=y"),
    "sso_cas_start": get("/sso/cas/start/"),
    "sso_cas_callback": get("/sso/cas/callback/?ticket=ST-1"),
    "password_change": get("/password/"),
    "account_tokens": get("/account/tokens/"),
    "account_token_revoke": post("/account/tokens/999999999/revoke/", writes=False),
    "account_large_text": post("/account/large-text/", lambda d, r: {"large_text": "1", "next": "/"}),
    "security_users": get("/security/users/"),
    "security_unlock[ly]": post(lambda d: f"/security/users/{d.user_ly.pk}/unlock/"),
    "security_unlock[jp]": post(lambda d: f"/security/users/{d.user_jp.pk}/unlock/"),
    "security_mfa_reset[ly]": post(lambda d: f"/security/users/{d.user_ly.pk}/2fa/reset/"),
    "security_mfa_reset[jp]": post(lambda d: f"/security/users/{d.user_jp.pk}/2fa/reset/"),
    "organisation_tree": get("/organisation/"),
    "users": get("/organisation/users/"),
    "users_export": get("/organisation/users/export.xlsx"),
    "user_create": get("/organisation/users/new/"),
    "user_edit[ly]": get(lambda d: f"/organisation/users/{d.user_ly.pk}/"),
    "user_edit[jp]": get(lambda d: f"/organisation/users/{d.user_jp.pk}/"),
    "calendar_page": get("/calendar/?start=2026-09-30&days=1"),
    "set_language": post("/i18n/setlang/", lambda d, r: {"language": "en", "next": "/"}, writes=False),
    # No worker runs under the tests, so the check fails alike for everyone (test_health.py
    # shows the 200 with a heartbeat).
    "healthz": get("/healthz"),
    # --- enterprises ------------------------------------------------------------------------
    "enterprises:list": get("/enterprises/"),
    "enterprises:mine": get("/enterprises/mine/"),
    "enterprises:create": get("/enterprises/new/"),
    "enterprises:export": get("/enterprises/export.xlsx"),
    "enterprises:detail[ly]": get(lambda d: f"/enterprises/{d.ly.pk}/"),
    "enterprises:detail[own]": get(lambda d: f"/enterprises/{d.own.pk}/"),
    "enterprises:detail[jp]": get(lambda d: f"/enterprises/{d.jp.pk}/"),
    "enterprises:edit[ly]": get(lambda d: f"/enterprises/{d.ly.pk}/edit/"),
    "enterprises:edit[own]": get(lambda d: f"/enterprises/{d.own.pk}/edit/"),
    "enterprises:edit[jp]": get(lambda d: f"/enterprises/{d.jp.pk}/edit/"),
    "enterprises:flag_add[ly]": post(lambda d: f"/enterprises/{d.ly.pk}/flags/", _flag_form),
    "enterprises:flag_add[own]": post(lambda d: f"/enterprises/{d.own.pk}/flags/", _flag_form),
    "enterprises:flag_add[jp]": post(lambda d: f"/enterprises/{d.jp.pk}/flags/", _flag_form),
    "enterprises:flag_remove[ly]": post(
        lambda d: f"/enterprises/{d.ly.pk}/flags/{d.flag_ly.pk}/remove/"),
    "enterprises:flag_remove[jp]": post(
        lambda d: f"/enterprises/{d.jp.pk}/flags/{d.flag_jp.pk}/remove/"),
    # --- agency (领办/代办 authorisations) --------------------------------------------------
    "agency:list": get("/agency/"),
    "agency:revoke[own]": post(lambda d: f"/agency/{d.authorisation_own.pk}/revoke/"),
    "agency:revoke[jp]": post(lambda d: f"/agency/{d.authorisation_jp.pk}/revoke/"),
    # --- audit ------------------------------------------------------------------------------
    "audit:list": get("/audit/"),
    "audit:export": get("/audit/export.xlsx"),
    "audit:verify": get("/audit/verify/"),
    "audit:detail[ly]": get(lambda d: f"/audit/{d.audit_ly.pk}/"),
    "audit:detail[jp]": get(lambda d: f"/audit/{d.audit_jp.pk}/"),
    "audit:detail[global]": get(lambda d: f"/audit/{d.audit_global.pk}/"),
    # --- API --------------------------------------------------------------------------------
    "api:api-root": get("/api/"),
    "api:openapi-json": get("/api/openapi.json"),
    "api:openapi-view": get("/api/docs"),
    "api:token": api("post", "/api/auth/token",
                     lambda d, r: {"username": r if r != ANON else "nobody", "password": PASSWORD},
                     writes=False),
    "api:me": get("/api/auth/me"),
    "api:logout": api("post", "/api/auth/logout", writes=False),
    "api:tokens": get("/api/auth/tokens"),
    "api:display_set": api("put", "/api/auth/me/display", lambda d, r: {"large_text": True}),
    "api:token_revoke": api("delete", "/api/auth/tokens/999999999", writes=False),
    "api:list_enterprises": get("/api/enterprises/"),
    "api:create_enterprise": api("post", "/api/enterprises/", _new_enterprise),
    "api:get_enterprise[ly]": get(lambda d: f"/api/enterprises/{d.ly.pk}"),
    "api:get_enterprise[own]": get(lambda d: f"/api/enterprises/{d.own.pk}"),
    "api:get_enterprise[jp]": get(lambda d: f"/api/enterprises/{d.jp.pk}"),
    "api:update_enterprise[ly]": api("patch", lambda d: f"/api/enterprises/{d.ly.pk}", _patch("ly")),
    "api:update_enterprise[own]": api("patch", lambda d: f"/api/enterprises/{d.own.pk}", _patch("own")),
    "api:update_enterprise[jp]": api("patch", lambda d: f"/api/enterprises/{d.jp.pk}", _patch("jp")),
    "api:add_flag[ly]": api("post", lambda d: f"/api/enterprises/{d.ly.pk}/flags", _flag_form),
    "api:add_flag[own]": api("post", lambda d: f"/api/enterprises/{d.own.pk}/flags", _flag_form),
    "api:add_flag[jp]": api("post", lambda d: f"/api/enterprises/{d.jp.pk}/flags", _flag_form),
    "api:add_working_days": get("/api/calendar/add-working-days?start=2026-09-30&days=1"),
    "api:working_days_between": get("/api/calendar/working-days-between?start=2026-09-30&end=2026-10-09"),
    # --- admin (system administrator only) --------------------------------------------------
    "admin:index": get("/admin/"),
    "admin:login": get("/admin/login/"),
    "admin:logout": post("/admin/logout/", writes=False),
    "admin:password_change": get("/admin/password_change/"),
    "admin:password_change_done": get("/admin/password_change/done/"),
    "admin:autocomplete": get("/admin/autocomplete/"),
    "admin:jsi18n": get("/admin/jsi18n/"),
    "admin:view_on_site": get(lambda d: f"/admin/r/{d.department_ct.pk}/{d.dept_jp.pk}/"),
    "admin:app_list": get("/admin/organisation/"),
}

# Admin model pages: changelist, add, and change/history/delete of one object; zone-owned
# models are asked for one object of each zone.
_ADMIN_MODELS: dict[str, dict[str, Callable[[Demo], Any]]] = {
    "organisation_zone": {"ly": lambda d: d.zone_ly.pk, "jp": lambda d: d.zone_jp.pk},
    "organisation_department": {"ly": lambda d: d.dept_ly.pk, "jp": lambda d: d.dept_jp.pk},
    "organisation_post": {"ly": lambda d: d.post_ly.pk, "jp": lambda d: d.post_jp.pk},
    "enterprises_industry": {"": lambda d: d.industry.pk},
    "workdays_calendarday": {"": lambda d: d.day.pk},
    "workdays_calendaryear": {"": lambda d: d.year.pk},
}
for _model, _objects in _ADMIN_MODELS.items():
    for _view in ("changelist", "add"):
        REQUESTS[f"admin:{_model}_{_view}"] = get(lambda d, n=f"admin:{_model}_{_view}": reverse(n))
    for _variant, _pk in _objects.items():
        for _view in ("change", "history", "delete"):
            REQUESTS[f"admin:{_model}_{_view}" + (f"[{_variant}]" if _variant else "")] = get(
                lambda d, n=f"admin:{_model}_{_view}", pk=_pk: reverse(n, args=[pk(d)]))


# ---------------------------------------------------------------------------------------------
# The expectations, one row per request, one column per login in ROLES order:
# anon, the three administrators (admin, security, auditor), Lingyuan staff (window, reviewer,
# depthead, steward, investment, leader), the provincial user who sees Lingyuan and Jianping,
# 中玻's enterprise user, and Jianping's jp-leader and jp-window.
#
# The administrators get 200 from the API list: an empty one. The schema and its docs are
# public (they hold no data). The Django admin sends everyone but the system administrator to
# its login page (which sends a signed-in user on to the workbench).
EXPECTED_TABLE = """
#                               anon admn secu audi wind revw dept stew invs lead prov entr jpld jpwn
workbench                       302L 200  200  200  200  200  200  200  200  200  200  200  200  200
login                           200  302  302  302  302  302  302  302  302  302  302  302  302  302
login_mfa                       302L 302  302  302  302  302  302  302  302  302  302  302  302  302
sso_oidc_start                  404  404  404  404  404  404  404  404  404  404  404  404  404  404
sso_oidc_callback               404  404  404  404  404  404  404  404  404  404  404  404  404  404
sso_cas_start                   404  404  404  404  404  404  404  404  404  404  404  404  404  404
sso_cas_callback                404  404  404  404  404  404  404  404  404  404  404  404  404  404
logout                          302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L
password_change                 302L 200  200  200  200  200  200  200  200  200  200  200  200  200
account_tokens                  302L 200  200  200  200  200  200  200  200  200  200  200  200  200
account_token_revoke            302L 404  404  404  404  404  404  404  404  404  404  404  404  404
account_large_text              302L 302  302  302  302  302  302  302  302  302  302  302  302  302
security_users                  302L 404  200  404  404  404  404  404  404  404  404  404  404  404
security_unlock[ly]             302L 404  302  404  404  404  404  404  404  404  404  404  404  404
security_unlock[jp]             302L 404  404  404  404  404  404  404  404  404  404  404  404  404
security_mfa_reset[ly]          302L 404  302  404  404  404  404  404  404  404  404  404  404  404
security_mfa_reset[jp]          302L 404  404  404  404  404  404  404  404  404  404  404  404  404
organisation_tree               302L 200  404  404  200  200  200  200  200  200  200  404  200  200
users                           302L 200  404  404  404  404  404  404  404  404  404  404  404  404
users_export                    302L 200  404  404  404  404  404  404  404  404  404  404  404  404
user_create                     302L 200  404  404  404  404  404  404  404  404  404  404  404  404
user_edit[ly]                   302L 200  404  404  404  404  404  404  404  404  404  404  404  404
user_edit[jp]                   302L 404  404  404  404  404  404  404  404  404  404  404  404  404
calendar_page                   302L 200  200  200  200  200  200  200  200  200  200  200  200  200
set_language                    302  302  302  302  302  302  302  302  302  302  302  302  302  302
healthz                         503  503  503  503  503  503  503  503  503  503  503  503  503  503

enterprises:list                302L 404  404  404  200  200  200  200  200  200  200  404  200  200
enterprises:mine                302L 404  404  404  404  404  404  404  404  404  404  302  404  404
enterprises:create              302L 404  404  404  200  404  404  404  200  404  404  404  404  200
enterprises:export              302L 404  404  404  200  200  200  200  200  200  200  404  200  200
enterprises:detail[ly]          302L 404  404  404  200  200  200  200  200  200  200  404  404  404
enterprises:detail[own]         302L 404  404  404  200  200  200  200  200  200  200  200  404  404
enterprises:detail[jp]          302L 404  404  404  404  404  404  404  404  404  200  404  200  200
enterprises:edit[ly]            302L 404  404  404  200  404  404  404  200  404  404  404  404  404
enterprises:edit[own]           302L 404  404  404  200  404  404  404  200  404  404  404  404  404
enterprises:edit[jp]            302L 404  404  404  404  404  404  404  404  404  404  404  404  200
enterprises:flag_add[ly]        302L 404  404  404  302  302x 302x 302x 302  302x 302x 404  404  404
enterprises:flag_add[own]       302L 404  404  404  302  302x 302x 302x 302  302x 302x 302x 404  404
enterprises:flag_add[jp]        302L 404  404  404  404  404  404  404  404  404  302x 404  302x 302
enterprises:flag_remove[ly]     302L 404  404  404  302  302x 302x 302x 302  302x 302x 404  404  404
enterprises:flag_remove[jp]     302L 404  404  404  404  404  404  404  404  404  302x 404  302x 302

agency:list                     302L 404  404  404  200  404  404  200  404  200  200  200  200  200
agency:revoke[own]              302L 404  404  404  302x 404  404  302x 404  302x 302x 302  404  404
agency:revoke[jp]               302L 404  404  404  404  404  404  404  404  404  302x 404  302x 302x

audit:list                      302L 404  404  200  404  404  404  404  404  404  404  404  404  404
audit:export                    302L 404  404  200  404  404  404  404  404  404  404  404  404  404
audit:verify                    302L 404  404  200  404  404  404  404  404  404  404  404  404  404
audit:detail[ly]                302L 404  404  200  404  404  404  404  404  404  404  404  404  404
audit:detail[jp]                302L 404  404  404  404  404  404  404  404  404  404  404  404  404
audit:detail[global]            302L 404  404  200  404  404  404  404  404  404  404  404  404  404

api:api-root                    404  404  404  404  404  404  404  404  404  404  404  404  404  404
api:openapi-json                200  200  200  200  200  200  200  200  200  200  200  200  200  200
api:openapi-view                200  200  200  200  200  200  200  200  200  200  200  200  200  200
api:token                       401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:logout                      401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:me                          401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:tokens                      401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:display_set                 401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:token_revoke                401  404  404  404  404  404  404  404  404  404  404  404  404  404
api:list_enterprises            401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:create_enterprise           401  403  403  403  201  403  403  403  201  403  403  403  403  201
api:get_enterprise[ly]          401  404  404  404  200  200  200  200  200  200  200  404  404  404
api:get_enterprise[own]         401  404  404  404  200  200  200  200  200  200  200  200  404  404
api:get_enterprise[jp]          401  404  404  404  404  404  404  404  404  404  200  404  200  200
api:update_enterprise[ly]       401  404  404  404  200  403  403  403  200  403  403  404  404  404
api:update_enterprise[own]      401  404  404  404  200  403  403  403  200  403  403  403  404  404
api:update_enterprise[jp]       401  404  404  404  404  404  404  404  404  404  403  404  403  200
api:add_flag[ly]                401  404  404  404  201  403  403  403  201  403  403  404  404  404
api:add_flag[own]               401  404  404  404  201  403  403  403  201  403  403  403  404  404
api:add_flag[jp]                401  404  404  404  404  404  404  404  404  404  403  404  403  201
api:add_working_days            401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:working_days_between        401  200  200  200  200  200  200  200  200  200  200  200  200  200

admin:index                     302L 200  302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L
admin:login                     302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L
admin:logout                    302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L
admin:password_change           302  302  302  302  302  302  302  302  302  302  302  302  302  302
admin:password_change_done      302L 200  302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L
admin:autocomplete              302L 403  302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L
admin:jsi18n                    302L 200  302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L
admin:view_on_site              302L 404  302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L
admin:app_list                  302L 200  302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L
"""

# Django admin model pages, as the system administrator sees them (every other login: 302L,
# anonymous included). An object outside the admin's zone is answered like a missing one:
# a redirect to the index, never its content. Group and task results need Django model
# permissions nobody in zonedesk is granted; calendar years are never deleted.
ADMIN_MODEL_TABLE = """
#                                       changelist add  change history delete
organisation_zone[ly]                   200  200  200  200  200
organisation_zone[jp]                   -    -    302  302  302
organisation_department[ly]             200  200  200  200  200
organisation_department[jp]             -    -    302  302  302
organisation_post[ly]                   200  200  200  200  200
organisation_post[jp]                   -    -    302  302  302
enterprises_industry                    200  200  200  200  200
workdays_calendarday                    200  200  200  200  200
workdays_calendaryear                   200  200  200  200  403
"""


def _parse(table: str) -> dict[str, list[str]]:
    rows = {}
    for line in table.strip().splitlines():
        if line.strip() and not line.startswith("#"):
            key, *cells = line.split()
            rows[key] = cells
    return rows


_OBJECT_VIEWS = ("change", "history", "delete")


def _expected() -> dict[str, str]:
    out = {key: " ".join(cells) for key, cells in _parse(EXPECTED_TABLE).items()}
    for key, cells in _parse(ADMIN_MODEL_TABLE).items():
        model, _, variant = key.partition("[")
        for view, cell in zip(("changelist", "add", *_OBJECT_VIEWS), cells, strict=True):
            if cell == "-":
                continue
            name = f"admin:{model}_{view}" + (f"[{variant}" if variant and view in _OBJECT_VIEWS else "")
            out[name] = " ".join(cell if role == "admin" else "302L" for role in ROLES)
    return out


EXPECTED = _expected()

# Cells where the code is known to differ from the table; each is a bug reported to the
# app's owner. strict: the test fails once the bug is fixed, so the entry gets removed.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _row(key: str) -> dict[str, str]:
    cells = EXPECTED[key].split()
    assert len(cells) == len(ROLES), f"{key}: {len(cells)} cells for {len(ROLES)} logins"
    return dict(zip(ROLES, cells, strict=True))


def _status(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(("/login/", "/admin/login/")):
        return "302L"
    return str(response.status_code)


def perform(client: Client, req: Req, demo: Demo, role: str):
    path = req.path(demo)
    data = req.data(demo, role) if req.data else {}
    if req.json:
        return getattr(client, req.method)(path, data=json.dumps(data), content_type="application/json")
    if req.method == "get":
        return client.get(path)
    return client.post(path, data)


def ok_audit_rows() -> int:
    return AuditRecord.objects.filter(result=Result.OK).count()


def _cases():
    for key in REQUESTS:
        for role in ROLES:
            marks = ()
            if (role, key) in KNOWN_BUGS:
                marks = (pytest.mark.xfail(reason=KNOWN_BUGS[(role, key)], strict=True),)
            yield pytest.param(role, key, id=f"{key}-{role}", marks=marks)


@pytest.fixture(scope="module")
def shared_client() -> Client:
    # One client for the module: each new Client builds the middleware chain again, and
    # WhiteNoise's start-up scan of the static files would dominate these requests.
    return Client()


@pytest.mark.parametrize(("role", "key"), list(_cases()))
def test_scope(shared_client: Client, role: str, key: str) -> None:
    expected = _row(key)[role]
    req = REQUESTS[key]
    demo = Demo()
    client = client_for(shared_client, role)
    before = ok_audit_rows()

    response = perform(client, req, demo, role)

    actual = _status(response)
    wrote = ok_audit_rows() > before
    if req.writes and actual in ALLOWED and not wrote:
        actual += "x"  # answered as if allowed, but nothing was written
    assert actual == expected, f"{role} {req.method.upper()} {req.path(demo)} -> {response.status_code}"
    if req.writes and expected not in ALLOWED:
        assert not wrote, f"{role} was refused {key} but an audit row (a change) was written"


# Capabilities that keep their own role × endpoint matrix (zonedesk/<app>/tests/test_matrix.py,
# which checks that every one of its URL names has a row): their pages, API routes and admin
# pages are theirs to cover, not this table's.
DELEGATED_APPS = ("approvals", "appeals", "certificates", "projects", "dashboard", "appraisal", "research",
                  "partybuilding", "commitments", "packages", "notifications", "scheduler", "casefiles",
                  "land", "parks", "cultivation", "policies", "indicators", "imports")


def _delegated(name: str, route: str) -> bool:
    route = route.lstrip("^")
    return any(
        name.startswith(f"{app}:") or route.startswith((f"api/{app}/", f"admin/{app}/"))
        for app in DELEGATED_APPS
    )


# Where a delegated app's matrix lives when it is not <app>/tests/test_matrix.py.
MATRIX_FILES = {
    "dashboard": "projects/tests/test_matrix.py",
    "packages": "approvals/tests/test_package_matrix.py",
    "imports": "core/tests/test_import_matrix.py",
}


def test_delegated_apps_have_their_own_matrix() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for app in DELEGATED_APPS:
        matrix = root / MATRIX_FILES.get(app, f"{app}/tests/test_matrix.py")
        assert matrix.exists(), f"{app} has no role × endpoint matrix"


def test_every_url_name_has_a_row() -> None:
    from zonedesk.core.tests.scope import url_routes

    keys = {key.split("[")[0] for key in REQUESTS}
    own = {name for name, route in url_routes().items() if not _delegated(name, route)}
    missing = sorted(own - keys)
    assert not missing, f"URL names without a row in the scope matrix: {missing}"
    assert not sorted(keys - url_names()), "rows for URL names that no longer exist"
    assert not sorted(keys - own), "rows for URL names that an app's own matrix covers"
    assert set(REQUESTS) == set(EXPECTED)


def test_table_columns_are_the_demo_logins() -> None:
    """The header abbreviates ROLES in order (each abbreviation's letters occur in order in the
    login's name), so a reordered demo_load cannot shift the columns unnoticed."""
    header = EXPECTED_TABLE.strip().splitlines()[0].split()[1:]

    def abbreviates(short: str, name: str) -> bool:
        rest = iter(name)
        return all(ch in rest for ch in short)

    assert len(header) == len(ROLES)
    pairs = list(zip(header, ROLES, strict=True))
    assert all(abbreviates(short, name) for short, name in pairs), pairs


def test_table_keeps_zones_apart() -> None:
    """The table itself must say 404 across zones: a Lingyuan login never reaches a Jianping
    object and the other way round; only the provincial user sees both."""
    ly_roles = [r for r in ROLES if r not in (ANON, "province", "jp-leader", "jp-window")]
    for key in EXPECTED:
        if key.startswith("admin:"):
            continue  # the admin's zone rule is its own table
        row = _row(key)
        if key.endswith("[jp]"):
            assert all(row[r] in ("404", "302L") for r in ly_roles), key
        if key.endswith(("[ly]", "[own]")):
            assert row["jp-leader"] == row["jp-window"] == "404", key
        if key.startswith(("enterprises:detail[", "api:get_enterprise[")):
            assert row["province"] == "200", key


# The Django admin has its own logout and password pages; zonedesk routes its login through
# the audited login view, and the same must hold for these two (等保: every user action audited).
def test_admin_logout_is_audited(client: Client) -> None:
    client_for(client, "admin")
    response = client.post("/admin/logout/")
    assert response.status_code == 302 and "_auth_user_id" not in client.session  # logged out
    assert AuditRecord.objects.filter(action="auth.logout").exists()


def test_admin_password_change_goes_through_the_service(client: Client) -> None:
    """The admin's own password page is not reachable: it sends the user to the audited one."""
    client_for(client, "admin")
    new = "Matrix-Password-2026"
    response = client.post("/admin/password_change/", {"old_password": PASSWORD, "new_password1": new,
                                                       "new_password2": new})
    assert response.status_code == 302 and response["Location"] == "/password/"
    assert not User.objects.get(username="admin").check_password(new)  # nothing bypassed the service
    response = client.post("/password/", {"old_password": PASSWORD, "new_password": new,
                                          "new_password2": new})
    assert response.status_code == 302
    assert User.objects.get(username="admin").check_password(new)
    assert AuditRecord.objects.filter(action="user.change_password").exists()
