"""A local stand-in for a province's 统一身份认证, speaking OpenID Connect and CAS 3.0, for tests
and for trying single sign-on on a dev server (never the internet).

    with FakeIdp(users={"alice": {"preferred_username": "window"}}) as idp:
        settings.OIDC_OP_TOKEN_ENDPOINT = idp.url("/token") ...

or ``python -m zonedesk.testing.fake_idp --port 8819 --secret s3cret`` (prints the settings).
The sign-in page lists the known accounts; choosing one redirects back with a code (OIDC) or
a service ticket (CAS). ID tokens are HS256 under the client secret; codes and tickets are
single-use.
"""

from __future__ import annotations

import argparse
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt

CLIENT_ID = "zonedesk"
SECRET = "fake-idp-secret-for-local-tests-only"  # HS256 wants 32 bytes or more


class FakeIdp:
    def __init__(self, users: dict[str, dict[str, Any]], *, secret: str = SECRET,
                 port: int = 0, host: str = "127.0.0.1") -> None:
        self.users = users  # subject -> claims (OIDC) / attributes (CAS)
        self.secret = secret
        self.codes: dict[str, dict[str, Any]] = {}
        self.tickets: dict[str, tuple[str, str]] = {}
        self.tokens: dict[str, str] = {}
        self.requests: list[str] = []
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet in tests
                pass

            def do_GET(self) -> None:
                idp._handle(self, "GET")

            def do_POST(self) -> None:
                idp._handle(self, "POST")

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.base = f"http://{host}:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def oidc_settings(self) -> dict[str, Any]:
        return {"SSO_OIDC_ENABLED": True, "OIDC_RP_CLIENT_ID": CLIENT_ID,
                "OIDC_RP_CLIENT_SECRET": self.secret, "OIDC_RP_SIGN_ALGO": "HS256",
                "OIDC_OP_AUTHORIZATION_ENDPOINT": self.url("/authorize"),
                "OIDC_OP_TOKEN_ENDPOINT": self.url("/token"),
                "OIDC_OP_USER_ENDPOINT": self.url("/userinfo")}

    def __enter__(self) -> FakeIdp:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- the protocol ------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parsed = urlparse(h.path)
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        form: dict[str, str] = {}
        if method == "POST":
            length = int(h.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(h.rfile.read(length).decode()).items()}
        self.requests.append(f"{method} {parsed.path}")
        route = {("GET", "/authorize"): self._login_page, ("GET", "/cas/login"): self._login_page,
                 ("POST", "/authorize"): self._oidc_approve, ("POST", "/cas/login"): self._cas_approve,
                 ("POST", "/token"): self._token, ("GET", "/userinfo"): self._userinfo,
                 ("GET", "/cas/p3/serviceValidate"): self._cas_validate}.get((method, parsed.path))
        if route is None:
            return self._send(h, 404, "text/plain", "not found")
        route(h, query, form)

    def _send(self, h, status: int, ctype: str, body: str, location: str | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", f"{ctype}; charset=utf-8")
        if location:
            h.send_header("Location", location)
        data = body.encode()
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _login_page(self, h, query: dict[str, str], form: dict[str, str]) -> None:
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                         for k, v in query.items())
        choices = "".join(f'<button name="subject" value="{html.escape(s)}">{html.escape(s)}</button> '
                          for s in self.users)
        page = (f'<!doctype html><meta name="viewport" content="width=device-width">'
                f'<title>统一身份认证（测试）</title><h1>统一身份认证（本地测试服务）</h1>'
                f'<form method="post">{hidden}<p>选择账号：</p>{choices}</form>')
        self._send(h, 200, "text/html", page)

    def _oidc_approve(self, h, query, form: dict[str, str]) -> None:
        subject = form.get("subject", "")
        if subject not in self.users or form.get("client_id") != CLIENT_ID:
            return self._send(h, 400, "text/plain", "unknown account or client")
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"sub": subject, "nonce": form.get("nonce"),
                            "redirect_uri": form.get("redirect_uri")}
        target = form["redirect_uri"] + "?" + urlencode({"code": code, "state": form.get("state", "")})
        self._send(h, 302, "text/plain", "", location=target)

    def _token(self, h, query, form: dict[str, str]) -> None:
        grant = self.codes.pop(form.get("code", ""), None)  # single use
        if (grant is None or form.get("client_secret") != self.secret
                or form.get("redirect_uri") != grant["redirect_uri"]):
            return self._send(h, 400, "application/json", json.dumps({"error": "invalid_grant"}))
        now = int(time.time())
        id_token = jwt.encode({"iss": self.base, "aud": CLIENT_ID, "sub": grant["sub"], "iat": now,
                               "exp": now + 300, "nonce": grant["nonce"]}, self.secret, algorithm="HS256")
        access = secrets.token_urlsafe(16)
        self.tokens[access] = grant["sub"]
        self._send(h, 200, "application/json", json.dumps(
            {"access_token": access, "id_token": id_token, "token_type": "Bearer", "expires_in": 300}))

    def _userinfo(self, h, query, form) -> None:
        subject = self.tokens.get(h.headers.get("Authorization", "").removeprefix("Bearer "))
        if subject is None:
            return self._send(h, 401, "application/json", json.dumps({"error": "invalid_token"}))
        self._send(h, 200, "application/json", json.dumps({"sub": subject, **self.users[subject]}))

    def _cas_approve(self, h, query, form: dict[str, str]) -> None:
        subject = form.get("subject", "")
        if subject not in self.users:
            return self._send(h, 400, "text/plain", "unknown account")
        ticket = "ST-" + secrets.token_urlsafe(16)
        self.tickets[ticket] = (subject, form.get("service", ""))
        sep = "&" if "?" in form.get("service", "") else "?"
        self._send(h, 302, "text/plain", "", location=f"{form.get('service', '')}{sep}ticket={ticket}")

    def _cas_validate(self, h, query: dict[str, str], form) -> None:
        found = self.tickets.pop(query.get("ticket", ""), None)  # single use
        ns = 'xmlns:cas="http://www.yale.edu/tp/cas"'
        if found is None or found[1] != query.get("service"):
            body = (f'<cas:serviceResponse {ns}><cas:authenticationFailure code="INVALID_TICKET">'
                    f'ticket not recognized</cas:authenticationFailure></cas:serviceResponse>')
            return self._send(h, 200, "application/xml", body)
        subject = found[0]
        attrs = "".join(f"<cas:{html.escape(k)}>{html.escape(str(v))}</cas:{html.escape(k)}>"
                        for k, v in self.users[subject].items())
        body = (f'<cas:serviceResponse {ns}><cas:authenticationSuccess><cas:user>{html.escape(subject)}'
                f'</cas:user><cas:attributes>{attrs}</cas:attributes></cas:authenticationSuccess>'
                f'</cas:serviceResponse>')
        self._send(h, 200, "application/xml", body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8819)
    parser.add_argument("--secret", default=SECRET)
    parser.add_argument("--user", action="append", default=[],
                        help="subject=zone username (repeatable); default: sso-window=window")
    args = parser.parse_args()
    pairs = [u.split("=", 1) for u in args.user] or [["sso-window", "window"], ["sso-leader", "leader"]]
    users = {sub: {"preferred_username": name, "name": name} for sub, name in pairs}
    idp = FakeIdp(users, secret=args.secret, port=args.port)
    print(f"ZONEDESK_OIDC_CLIENT_ID={CLIENT_ID} ZONEDESK_OIDC_CLIENT_SECRET={args.secret} "
          f"ZONEDESK_OIDC_AUTHORIZATION_ENDPOINT={idp.url('/authorize')} "
          f"ZONEDESK_OIDC_TOKEN_ENDPOINT={idp.url('/token')} "
          f"ZONEDESK_OIDC_USERINFO_ENDPOINT={idp.url('/userinfo')} "
          f"ZONEDESK_CAS_SERVER_URL={idp.url('/cas/')} ZONEDESK_CAS_MATCH=preferred_username:username")
    idp.server.serve_forever()


if __name__ == "__main__":
    main()
