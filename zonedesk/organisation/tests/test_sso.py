"""Single sign-on (issue 16, point 3): OpenID Connect and CAS against a local test provider
(testing/fake_idp.py, on 127.0.0.1), mapped to zone users, audited; refused when the account
maps to nobody; codes and tickets are single-use; two factors still asked where required."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.test import Client

from zonedesk.audit.models import AuditRecord, Result
from zonedesk.organisation.models import SsoIdentity, User
from zonedesk.testing.fake_idp import FakeIdp

pytestmark = pytest.mark.django_db

USERS = {"sub-window": {"preferred_username": "window", "name": "窗口"},
         "sub-ghost": {"preferred_username": "no-such-user"}}


@pytest.fixture
def idp(settings):
    with FakeIdp({k: dict(v) for k, v in USERS.items()}) as fake:
        for key, value in fake.oidc_settings().items():
            setattr(settings, key, value)
        settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend",
                                            "zonedesk.organisation.sso.ZoneOidcBackend"]
        settings.SSO_CAS_ENABLED = True
        settings.SSO_CAS_SERVER_URL = fake.url("/cas/")
        settings.SSO_CAS_MATCH = ("preferred_username", "username")
        yield fake


def _at_provider(location: str, subject: str) -> str:
    """What the browser does at the provider: open its sign-in page, choose the account;
    returns where the provider sends the browser back to."""
    url = urlparse(location)
    fields = {k: v[0] for k, v in parse_qs(url.query).items()}
    back = requests.post(f"{url.scheme}://{url.netloc}{url.path}", data={**fields, "subject": subject},
                         allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    return back.headers["Location"]


def _path(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.path}?{parsed.query}"


def _signed_in_as(client: Client) -> str | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk).username if pk else None


def test_oidc_signs_a_mapped_user_in_and_links_the_subject(idp: FakeIdp) -> None:
    client = Client()
    start = client.get("/sso/oidc/start/?next=/appeals/")
    assert start.status_code == 302 and start["Location"].startswith(idp.url("/authorize"))
    query = parse_qs(urlparse(start["Location"]).query)
    assert {"state", "nonce", "code_challenge"} <= set(query)  # CSRF, replay and PKCE guards
    back = _at_provider(start["Location"], "sub-window")
    done = client.get(_path(back))
    assert done.status_code == 302 and done["Location"] == "/appeals/"
    assert _signed_in_as(client) == "window"
    link = SsoIdentity.objects.get(provider="oidc", subject="sub-window")
    assert link.user.username == "window"
    actions = set(AuditRecord.objects.filter(object_id=str(link.user_id), channel="sso")
                  .values_list("action", flat=True))
    assert actions == {"user.sso_link", "auth.login"}
    # The code is single-use: replaying the callback signs nobody in
    replay = Client()
    replay.get(_path(back))
    assert _signed_in_as(replay) is None
    # Later sign-ins follow the linked subject, not the claim (renamed at the provider)
    idp.users["sub-window"]["preferred_username"] = "leader"
    again = Client()
    again.get(_path(_at_provider(again.get("/sso/oidc/start/")["Location"], "sub-window")))
    assert _signed_in_as(again) == "window"


def test_an_account_that_maps_to_nobody_is_refused_and_audited(idp: FakeIdp) -> None:
    client = Client()
    back = _at_provider(client.get("/sso/oidc/start/")["Location"], "sub-ghost")
    response = client.get(_path(back), follow=True)
    assert _signed_in_as(client) is None
    assert "未对应到本平台的有效用户" in response.content.decode()
    failed = AuditRecord.objects.get(action="auth.sso", object_repr="oidc:sub-ghost")
    assert failed.result == Result.FAILED and not SsoIdentity.objects.filter(subject="sub-ghost").exists()


def test_cas_signs_in_and_a_ticket_cannot_be_replayed(idp: FakeIdp) -> None:
    client = Client()
    start = client.get("/sso/cas/start/")
    assert start["Location"].startswith(idp.url("/cas/login"))
    back = _at_provider(start["Location"], "sub-window")
    assert client.get(_path(back)).status_code == 302
    assert _signed_in_as(client) == "window"
    assert SsoIdentity.objects.filter(provider="cas", subject="sub-window", user__username="window").exists()
    replay = Client()
    replay.get(_path(back))
    assert _signed_in_as(replay) is None


def test_a_user_who_must_use_two_factors_still_gives_the_code(idp: FakeIdp, settings) -> None:
    settings.MFA_REQUIRED_ROLES = {"window_clerk"}
    client = Client()
    back = _at_provider(client.get("/sso/oidc/start/")["Location"], "sub-window")
    done = client.get(_path(back))
    assert done["Location"] == "/login/2fa/"
    assert _signed_in_as(client) is None


def test_a_locked_out_user_gets_in_through_single_sign_on(idp: FakeIdp) -> None:
    import datetime as dt

    from django.utils import timezone

    User.objects.filter(username="window").update(locked_until=timezone.now() + dt.timedelta(minutes=30))
    client = Client()
    client.get(_path(_at_provider(client.get("/sso/cas/start/")["Location"], "sub-window")))
    assert _signed_in_as(client) == "window"


def test_single_sign_on_is_off_unless_configured() -> None:
    for url in ("/sso/oidc/start/", "/sso/cas/start/", "/sso/cas/callback/?ticket=ST-1"):
        assert Client().get(url).status_code == 404
    assert "统一身份认证登录" not in Client().get("/login/").content.decode()
