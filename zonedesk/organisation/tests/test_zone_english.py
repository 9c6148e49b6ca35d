"""Zones have optional English names (issue 15): shown in English mode, the Chinese name marked
lang="zh-Hans" where there is none; in the header, the API and the e-mail sign-off; editable
in the admin where zones are edited."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from zonedesk.core.templatetags.zd_i18n import local_name, local_short_name
from zonedesk.notifications.channels import _email_body
from zonedesk.notifications.models import Message, UserNotifySettings
from zonedesk.organisation.models import Zone

pytestmark = pytest.mark.django_db


def test_demo_zones_read_in_english_and_fall_back_marked() -> None:
    ly = Zone.objects.get(code="LY")
    with translation.override("en"):
        assert (ly.local_name, ly.local_short_name) == ("Lingyuan Economic Development Zone", "Lingyuan EDZ")
        bare = Zone(code="X", name="某某开发区", short_name="某某区")
        assert local_name(bare) == '<span lang="zh-Hans">某某开发区</span>'
        assert local_short_name(bare) == '<span lang="zh-Hans">某某区</span>'
        bare.name_en = "Moumou Development Zone"
        assert (
            local_short_name(bare) == "Moumou Development Zone"
        )  # the English name, not the Chinese short one
    with translation.override("zh-hans"):
        assert (ly.local_name, ly.local_short_name) == ("凌源经济开发区", "凌源经开区")


def test_the_header_shows_the_english_name(login_client) -> None:
    client = login_client("leader")
    client.cookies["django_language"] = "en"
    page = client.get("/", follow=True).content.decode()
    assert "Lingyuan Economic Development Zone" in page and "Lingyuan EDZ" in page
    assert "凌源经济开发区</span>" not in page.split("</header>")[0]
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/", follow=True).content.decode()
    assert "凌源经济开发区" in page.split("</header>")[0]


def test_the_api_gives_the_zone_name_in_the_accepted_language(login_client) -> None:
    client = login_client("leader")
    me = client.get("/api/auth/me", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (me["zone"], me["zone_name"], me["zone_short_name"]) == (
        "LY",
        "Lingyuan Economic Development Zone",
        "Lingyuan EDZ",
    )
    assert client.get("/api/auth/me", HTTP_ACCEPT_LANGUAGE="zh-CN").json()["zone_name"] == "凌源经济开发区"


def test_the_email_is_signed_in_the_recipient_language(demo_user) -> None:
    user = demo_user("leader")
    message = Message(recipient=user, zone=user.zone, title="t", body="Your appeal was answered", url="")
    settings_row, _ = UserNotifySettings.objects.get_or_create(user=user, defaults={"zone": user.zone})
    settings_row.language = "en"
    settings_row.save()
    assert _email_body(message).endswith("—— Lingyuan Economic Development Zone")
    settings_row.language = "zh-hans"
    settings_row.save()
    assert _email_body(message).endswith("—— 凌源经济开发区")
    assert not mail.outbox


@override_settings(LANGUAGE_CODE="zh-hans")
def test_zone_english_names_are_editable_in_the_admin(login_client) -> None:
    page = login_client("admin").get(f"/admin/organisation/zone/{Zone.objects.get(code='LY').pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="name_en"' in html and 'name="short_name_en"' in html
