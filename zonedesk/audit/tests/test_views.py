"""The audit pages: who may open them, what the list filters, and what they cost."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from zonedesk.audit.models import AuditRecord, Result
from zonedesk.audit.services import audit_event
from zonedesk.core.actor import Actor
from zonedesk.demo.people import LOGINS
from zonedesk.organisation.models import Zone
from zonedesk.testing.audit import audit_rows

from .support import sql_update

pytestmark = pytest.mark.django_db

NOT_AUDITORS = [login.username for login in LOGINS if login.username != "auditor"]


@pytest.fixture
def ly_record() -> AuditRecord:
    return audit_event(actor=Actor.system("view-test"), action="test.view",
                       zone_id=Zone.objects.get(code="LY").pk, after={"k": "v"})


def urls(record: AuditRecord) -> list[str]:
    return ["/audit/", f"/audit/{record.pk}/", "/audit/verify/"]


class TestAccess:
    def test_the_audit_admin_opens_list_detail_and_verify(
        self, login_client: Any, ly_record: AuditRecord
    ) -> None:
        client = login_client("auditor")
        for url in urls(ly_record):
            assert client.get(url).status_code == 200, url
        detail = client.get(f"/audit/{ly_record.pk}/").content.decode()
        assert ly_record.hash in detail
        assert "test.view" in detail

    @pytest.mark.parametrize("username", NOT_AUDITORS)
    def test_everyone_else_gets_404_and_only_the_refusal_is_written(
        self, login_client: Any, ly_record: AuditRecord, username: str
    ) -> None:
        cache.clear()  # refusals are aggregated per actor and minute in the cache
        client = login_client(username)
        rows = audit_rows()
        for url in urls(ly_record):
            assert client.get(url).status_code == 404, url
        assert audit_rows() == rows
        assert AuditRecord.objects.filter(action="access.denied", actor__username=username,
                                          result=Result.DENIED).exists()

    def test_anonymous_is_sent_to_the_login_page(self, client: Any, ly_record: AuditRecord) -> None:
        for url in urls(ly_record):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"] == f"/login/?next={url}"

    def test_a_record_of_another_zone_is_not_found(self, login_client: Any) -> None:
        jp = audit_event(actor=Actor.system("view-test"), action="test.jp",
                         zone_id=Zone.objects.get(code="JP").pk)
        client = login_client("auditor")
        assert client.get(f"/audit/{jp.pk}/").status_code == 404
        assert rows(client.get("/audit/?action=test.jp").content.decode()) == []

    def test_global_records_are_shown_to_the_zone_auditor(self, login_client: Any) -> None:
        audit_event(actor=Actor.system("view-test"), action="test.global.view")
        page = login_client("auditor").get("/audit/?action=test.global.view").content.decode()
        assert "<code>test.global.view</code>" in page


class TestVerifyPage:
    def test_an_intact_trail_says_so(self, login_client: Any) -> None:
        page = login_client("auditor").get("/audit/verify/").content.decode()
        assert "所有审计链完整" in page

    def test_a_tampered_record_is_named_on_the_page(
        self, login_client: Any, ly_record: AuditRecord
    ) -> None:
        sql_update(ly_record, "actor_name", "某人")
        page = login_client("auditor").get("/audit/verify/").content.decode()
        assert "所有审计链完整" not in page
        assert f"审计链 {ly_record.chain}：第 {ly_record.seq} 条记录异常" in page


def rows(page: str) -> list[str]:
    """The actions listed in the audit table, top to bottom."""
    return re.findall(r"<td><code>([^<]+)</code></td>", page)


class TestFilters:
    @pytest.fixture
    def trail(self, demo_user: Any) -> None:
        ly = Zone.objects.get(code="LY").pk
        window = Actor(user=demo_user("window"))
        with freeze_time("2026-01-05 10:00:00+08:00"):
            audit_event(actor=window, action="flt.alpha.update", zone_id=ly,
                        object_type="flt.thing", object_id=1)
        with freeze_time("2026-01-06 10:00:00+08:00"):
            audit_event(actor=Actor.system("flt-robot"), action="flt.beta.update", zone_id=ly,
                        object_type="flt.thing", object_id=2, result=Result.DENIED)
        with freeze_time("2026-01-07 10:00:00+08:00"):
            audit_event(actor=window, action="flt.gamma.create", zone_id=ly,
                        object_type="flt.other", object_id=1, result=Result.FAILED)

    @pytest.mark.parametrize(("query", "expected"), [
        ("action=flt.", ["flt.gamma.create", "flt.beta.update", "flt.alpha.update"]),
        ("action=flt.&actor=flt-robot", ["flt.beta.update"]),
        ("action=flt.&actor=李晓", ["flt.gamma.create", "flt.alpha.update"]),
        # a substring in the middle of the action (no demo action contains "a.update")
        ("action=a.update", ["flt.beta.update", "flt.alpha.update"]),
        ("action=flt.&result=denied", ["flt.beta.update"]),
        ("action=flt.&result=failed", ["flt.gamma.create"]),
        ("action=flt.&object_type=flt.thing", ["flt.beta.update", "flt.alpha.update"]),
        ("action=flt.&object_type=flt.thing&object_id=1", ["flt.alpha.update"]),
        ("action=flt.&from=2026-01-06", ["flt.gamma.create", "flt.beta.update"]),
        ("action=flt.&to=2026-01-06", ["flt.beta.update", "flt.alpha.update"]),
        ("action=flt.&from=2026-01-06&to=2026-01-06", ["flt.beta.update"]),
        ("action=flt.&from=not-a-date", ["flt.gamma.create", "flt.beta.update", "flt.alpha.update"]),
        ("action=flt.nothing", []),
    ])
    @pytest.mark.usefixtures("trail")
    def test_the_list_filters(self, login_client: Any, query: str, expected: list[str]) -> None:
        response = login_client("auditor").get(f"/audit/?{query}")
        assert response.status_code == 200
        page = response.content.decode()
        assert rows(page) == expected
        if not expected:
            assert "没有符合条件的审计记录" in page

    @pytest.mark.usefixtures("trail")
    def test_the_dates_are_the_zones_local_dates(self, login_client: Any) -> None:
        # 2026-01-05 10:00 in Beijing is 02:00 UTC; a date filter means the local day.
        page = login_client("auditor").get("/audit/?action=flt.&to=2026-01-05").content.decode()
        assert rows(page) == ["flt.alpha.update"]


def test_the_list_runs_the_same_number_of_queries_for_10_and_60_records(
    login_client: Any, demo_user: Any
) -> None:
    ly = Zone.objects.get(code="LY").pk
    window = Actor(user=demo_user("window"), ip="192.0.2.9")
    client = login_client("auditor")
    client.get("/audit/")  # warm the session and any one-time lookups

    def count_for(total: int) -> int:
        have = AuditRecord.objects.filter(action="qc.event").count()
        for i in range(have, total):
            audit_event(actor=window, action="qc.event", zone_id=ly, object_id=i,
                        after={"i": i})
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/audit/?action=qc.event&size=100")
        assert response.status_code == 200
        assert len(rows(response.content.decode())) == total
        return len(queries)

    assert count_for(10) == count_for(60)


def test_the_list_is_newest_first(login_client: Any) -> None:
    ly = Zone.objects.get(code="LY").pk
    for i in range(3):
        with freeze_time(dt.datetime(2026, 1, 1 + i, 9, tzinfo=dt.UTC)):
            audit_event(actor=Actor.system("order"), action=f"zzsort.{i}", zone_id=ly)
    # an action no demo loader uses ("ord." would match e.g. "…jobrecord.create")
    page = login_client("auditor").get("/audit/?action=zzsort.").content.decode()
    assert rows(page) == ["zzsort.2", "zzsort.1", "zzsort.0"]


class TestObjectInTheReadersLanguage:
    """Issue 15: a record stores the object's type code and a repr of data or a ``gettext_noop``
    msgid; the page names the kind of object from the type, translated. Records written before
    (a Chinese repr such as "兑现 #12") stay as stored, marked Chinese, so the chain verifies."""

    def _records(self) -> list[AuditRecord]:
        zone_id = Zone.objects.get(code="LY").pk
        system = Actor.system("view-test")
        return [
            audit_event(actor=system, action="policies.award.pay", object_type="policies.award",
                        object_id="12", object_repr="#12", zone_id=zone_id),
            audit_event(actor=system, action="policies.match.recompute", object_type="policies.match",
                        object_repr="政策匹配重算", zone_id=zone_id),
            audit_event(actor=system, action="policies.award.pay", object_type="policies.award",
                        object_id="11", object_repr="兑现 #11", zone_id=zone_id),
        ]

    def test_the_english_list_and_detail_show_no_chinese_interface_text(self, login_client: Any) -> None:
        new, _fixed_text, _old = self._records()
        client = login_client("auditor")
        client.cookies["django_language"] = "en"
        page = client.get("/audit/?action=policies.").content.decode()
        cells = re.findall(r'<td><a href="/audit/\d+/">.*?</tr>', page, re.S)
        assert len(cells) >= 3
        text = " ".join(cells)
        assert "Award #12" in text
        assert "政策匹配重算" not in text
        # The only Chinese left is the old record's repr, marked as Chinese.
        assert re.sub(r'<span lang="zh-Hans">[^<]*</span>', "", text).count("兑现") == 0
        assert '<span lang="zh-Hans">兑现 #11</span>' in text
        detail = client.get(f"/audit/{new.pk}/").content.decode()
        assert "兑现" not in detail and "#12" in detail

    def test_the_kind_is_the_models_verbose_name_in_either_language(self) -> None:
        from django.utils import translation

        new, fixed_text, _old = self._records()
        with translation.override("zh-hans"):
            assert new.object_label == "兑现记录"
            assert fixed_text.object_label == ""
        with translation.override("en"):
            assert new.object_label and not re.search(r"[\u4e00-\u9fff]", new.object_label)
