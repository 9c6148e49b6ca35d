"""The large-text mode (适老化) persists with the account; reference data shows its English
name in English mode; form errors are tied to their fields (issue 15)."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from zonedesk.audit.models import AuditRecord
from zonedesk.core.templatetags.zd_i18n import local_name
from zonedesk.organisation.models import Department

pytestmark = pytest.mark.django_db


def test_large_text_switch_persists_per_user(login_client, demo_user) -> None:
    client = login_client("enterprise")
    assert 'class="large-text"' not in client.get("/").content.decode()

    response = client.post("/account/large-text/", {"large_text": "1", "next": "/appeals/"})

    assert response.status_code == 302 and response["Location"] == "/appeals/"
    assert demo_user("enterprise").large_text is True
    page = client.get("/").content.decode()
    assert '<html lang="zh-hans" class="large-text">' in page
    assert 'aria-pressed="true"' in page
    assert AuditRecord.objects.filter(action="user.large_text").count() == 1
    # another person's pages are unchanged
    assert demo_user("window").large_text is False


def test_large_text_switch_never_redirects_off_site(login_client) -> None:
    client = login_client("window")
    response = client.post("/account/large-text/", {"large_text": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_large_text_through_the_api(login_client, demo_user) -> None:
    client = login_client("leader")
    response = client.put("/api/auth/me/display", json.dumps({"large_text": True}),
                          content_type="application/json")
    assert response.status_code == 200 and response.json() == {"large_text": True}
    assert client.get("/api/auth/me").json()["large_text"] is True
    bad = client.put("/api/auth/me/display", json.dumps({"large_text": "yes"}),
                     content_type="application/json")
    assert bad.status_code == 422  # strict: a string is not a boolean
    assert demo_user("leader").large_text is True


def test_reference_data_in_english_with_a_marked_fallback() -> None:
    named = Department(name="规划建设局", name_en="Planning and Construction Bureau")
    unnamed = Department(name="党群工作部")
    with translation.override("en"):
        assert local_name(named) == "Planning and Construction Bureau"
        assert str(named) == "Planning and Construction Bureau"
        assert local_name(unnamed) == '<span lang="zh-Hans">党群工作部</span>'
    with translation.override("zh-hans"):
        assert local_name(named) == "规划建设局"
        assert local_name(unnamed) == "党群工作部"
    assert local_name(None) == ""


def test_demo_reference_data_reads_in_english(login_client) -> None:
    client = login_client("enterprise")
    client.cookies["django_language"] = "en"
    page = client.get("/appeals/new/").content.decode()
    assert "Urgent appeal (2 hours)" in page, "appeal categories have English names in the demo"


def test_form_errors_are_listed_together_and_tied_to_fields(login_client) -> None:
    client = login_client("leader")
    page = client.post("/password/", {"old_password": "", "new_password": "", "new_password2": ""})
    html = page.content.decode()
    assert 'id="error-summary"' in html and 'role="alert"' in html
    # every failing field appears in the summary and points at its message
    for name in ("old_password", "new_password", "new_password2"):
        assert f'href="#id_{name}"' in html, name
        assert f'id="id_{name}_error"' in html, name
        assert f'aria-describedby="id_{name}_error"' in html or f'_helptext id_{name}_error"' in html, name
