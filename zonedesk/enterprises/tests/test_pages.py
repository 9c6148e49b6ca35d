"""The server-rendered pages of the registry: list, detail, form, export."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zonedesk.enterprises.excel import FIGURE_SHEET, SHEET
from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, FlagKind
from zonedesk.enterprises.tests.support import read_sheet
from zonedesk.parks.models import Park
from zonedesk.testing.factories import new_credit_code

pytestmark = pytest.mark.django_db

ZB = "中玻(朝阳)新材料有限公司"
NH = "凌源农恒食品有限公司"


@pytest.fixture
def zb() -> Enterprise:
    return Enterprise.objects.get(name=ZB)


def listed(response) -> set[str]:
    assert response.status_code == 200
    return {e.name for e in response.context["page"].object_list}


def field_errors(html: str, name: str) -> list[str]:
    """The error messages rendered inside the field block of input ``name``.

    The field's messages share one ``<small class="error" id="id_<name>_error">`` (joined by a
    space), which the input names in its aria-describedby, and the summary at the top of the
    form links each of them to the field.
    """
    block = re.search(r'<div class="field has-error">\s*<label for="id_' + name + r'".*?</div>', html, re.S)
    assert block, f"no error shown next to {name}"
    error_id = f"id_{name}_error"
    described = re.search(r'<(?:input|select|textarea)\b[^>]*\bname="' + name + r'"[^>]*>', block.group(0))
    assert described and re.search(r'aria-describedby="[^"]*\b' + error_id + r'\b', described.group(0)), \
        f"{name} is not described by its error"
    messages = re.findall(r'<small class="error" id="' + error_id + r'">(.*?)</small>', block.group(0), re.S)
    summary = re.search(r'<div class="error-summary" role="alert"[^>]*>.*?</div>', html, re.S)
    assert summary and f'<a href="#id_{name}">' in summary.group(0), f"{name} missing from the error summary"
    return messages


def form_post(e: Enterprise, **overrides: Any) -> dict[str, Any]:
    data = {
        "credit_code": e.credit_code, "name": e.name, "legal_representative": e.legal_representative,
        "industry_code": e.industry.code, "park": e.park_id or "", "address": e.address,
        "registered_on": e.registered_on or "",
        "staff_size": e.staff_size if e.staff_size is not None else "",
        "credit_grade": e.credit_grade, "credit_source": e.credit_source,
        "credit_valid_until": e.credit_valid_until or "", "growth_tier": e.growth_tier,
        "contact_name": e.contact_name, "contact_phone": e.contact_phone, "version": e.version,
    }
    return {**data, **overrides}


class TestList:
    def test_filters(self, login_client) -> None:
        client = login_client("window")
        page = reverse("enterprises:list")
        everyone = listed(client.get(page))
        assert ZB in everyone and len(everyone) == 20  # the first page
        assert listed(client.get(page, {"q": "中玻"})) == {ZB}
        assert listed(client.get(page, {"flagged": "1"})) == {NH}
        assert NH not in listed(client.get(page, {"flagged": "0", "size": 100}))
        assert listed(client.get(page, {"credit_grade": "AAA"})) == {
            "辽宁航天凌河汽车有限公司", "凌源钢铁集团有限责任公司"}
        park = Park.objects.get(zone__code="LY", name="中金寰华产业园")
        assert listed(client.get(page, {"park": park.pk})) == set(
            Enterprise.objects.filter(park=park).values_list("name", flat=True))
        assert listed(client.get(page, {"industry": "39", "growth_tier": ""})) == set(
            Enterprise.objects.filter(zone__code="LY", industry__code="39").values_list("name", flat=True))
        gazelles = set(
            Enterprise.objects.filter(zone__code="LY", growth_tier="gazelle").values_list("name", flat=True)
        )
        assert "阿拉丁无人机科技(凌源)有限公司" in gazelles
        assert listed(client.get(page, {"growth_tier": "gazelle"})) == gazelles

    def test_an_invalid_filter_selects_nothing_and_says_why(self, login_client) -> None:
        # Given a bookmarked link to a park that is not (or no longer) one of the user's
        jp_park = Park.objects.filter(zone__code="JP").first()
        client = login_client("window")
        response = client.get(reverse("enterprises:list"), {"park": jp_park.pk})
        # Then the list is empty rather than the whole registry, and the form says why
        assert listed(response) == set()
        assert '<div class="alert error" role="alert"><p>产业园：' in response.content.decode()
        # and the export of that filter is empty as well
        rows = read_sheet(client.get(reverse("enterprises:export"), {"park": jp_park.pk}).content, SHEET)
        assert rows[1:] == []

    def test_page_shows_rows_and_export_link_keeps_the_filter(self, login_client) -> None:
        html = login_client("window").get(reverse("enterprises:list"), {"q": "农恒"}).content.decode()
        assert NH in html and '<span class="badge flag"' in html
        assert 'href="/enterprises/export.xlsx?q=%E5%86%9C%E6%81%92"' in html

    def test_only_zone_staff_see_the_list(self, login_client) -> None:
        assert login_client("enterprise").get(reverse("enterprises:list")).status_code == 404
        assert login_client("jp-window").get(reverse("enterprises:list"), {"q": "中玻"}).context[
            "page"].paginator.count == 0
        assert Client().get(reverse("enterprises:list")).status_code == 302  # to the login page

    def test_enterprise_user_is_sent_to_its_own_page(self, login_client, zb) -> None:
        response = login_client("enterprise").get(reverse("enterprises:mine"))
        assert response["Location"] == reverse("enterprises:detail", args=[zb.pk])


class TestDetail:
    def test_shows_registration_credit_flags_and_figures(self, login_client) -> None:
        nh = Enterprise.objects.get(name=NH)
        html = login_client("window").get(reverse("enterprises:detail", args=[nh.pk])).content.decode()
        assert nh.credit_code in html
        assert "经营异常名录" in html and "国家企业信用信息公示系统" in html
        assert reverse("enterprises:edit", args=[nh.pk]) in html

    def test_figures_are_shown_in_wan_yuan(self, login_client, zb) -> None:
        html = login_client("window").get(reverse("enterprises:detail", args=[zb.pk])).content.decode()
        assert "98500.00" in html and "金额单位：万元" in html

    def test_leader_reads_but_gets_no_edit_link(self, login_client, zb) -> None:
        html = login_client("leader").get(reverse("enterprises:detail", args=[zb.pk])).content.decode()
        assert ZB in html
        assert reverse("enterprises:edit", args=[zb.pk]) not in html

    def test_scope(self, login_client, zb) -> None:
        other = Enterprise.objects.filter(zone=zb.zone).exclude(pk=zb.pk).first()
        jp = Enterprise.objects.filter(zone__code="JP").first()
        enterprise = login_client("enterprise")
        assert enterprise.get(reverse("enterprises:detail", args=[zb.pk])).status_code == 200
        assert enterprise.get(reverse("enterprises:detail", args=[other.pk])).status_code == 404
        assert login_client("window").get(reverse("enterprises:detail", args=[jp.pk])).status_code == 404
        assert login_client("province").get(reverse("enterprises:detail", args=[jp.pk])).status_code == 200


class TestCreateForm:
    def test_bad_credit_code_shows_the_rule_message_next_to_the_field(self, login_client, zb, counts) -> None:
        before = counts()
        response = login_client("window").post(reverse("enterprises:create"), form_post(
            zb, credit_code="91110000600037341M", name="新企业有限公司", version=""))
        assert response.status_code == 200
        assert field_errors(response.content.decode(), "credit_code") == [
            "第 18 位校验码错误（按前 17 位计算应为“L”）"]
        assert counts() == before

    def test_length_and_charset_messages(self, login_client, zb, counts) -> None:
        client = login_client("window")
        before = counts()
        short = client.post(reverse("enterprises:create"), form_post(zb, credit_code="9111000060003734"))
        assert field_errors(short.content.decode(), "credit_code") == [
            "统一社会信用代码应为 18 位，当前为 16 位"]
        long = client.post(reverse("enterprises:create"), form_post(zb, credit_code="9" * 40))
        assert field_errors(long.content.decode(), "credit_code") == [
            "统一社会信用代码应为 18 位，当前为 40 位"]
        letter = client.post(reverse("enterprises:create"), form_post(zb, credit_code="9111000060003734IL"))
        assert "不允许的字符：I" in field_errors(letter.content.decode(), "credit_code")[0]
        assert counts() == before

    def test_duplicate_code_and_missing_name_each_at_their_field(self, login_client, zb, counts) -> None:
        before = counts()
        html = login_client("window").post(reverse("enterprises:create"), form_post(
            zb, name="", staff_size="12")).content.decode()
        assert field_errors(html, "name")  # Django's required message, at the field
        # the form stops at its own errors; with the name given, the service's duplicate check speaks
        html = login_client("window").post(reverse("enterprises:create"), form_post(zb)).content.decode()
        assert field_errors(html, "credit_code") == ["该统一社会信用代码已登记，不能重复添加"]
        assert counts() == before

    def test_grade_without_source_is_shown_at_the_source(self, login_client, zb, counts) -> None:
        before = counts()
        html = login_client("window").post(reverse("enterprises:create"), form_post(
            zb, credit_code=new_credit_code(), credit_grade="A", credit_source="")).content.decode()
        assert "注明来源" in field_errors(html, "credit_source")[0]
        assert counts() == before

    def test_good_form_creates_and_redirects(self, login_client, zb, counts) -> None:
        before = counts()
        code = new_credit_code()
        response = login_client("window").post(reverse("enterprises:create"), form_post(
            zb, credit_code=code.lower(), name="表单登记有限公司", version=""))
        e = Enterprise.objects.get(credit_code=code)
        assert response["Location"] == reverse("enterprises:detail", args=[e.pk])
        assert (e.name, e.park_id, e.version) == ("表单登记有限公司", zb.park_id, 1)
        assert counts()["enterprises"] == before["enterprises"] + 1

    @pytest.mark.parametrize("username", ["leader", "reviewer", "province", "enterprise"])
    def test_form_is_for_editors(self, login_client, username, zb, counts) -> None:
        status = 404
        client = login_client(username)
        before = counts()
        assert client.get(reverse("enterprises:create")).status_code == status
        assert client.post(reverse("enterprises:create"), form_post(
            zb, credit_code=new_credit_code())).status_code == status
        assert client.get(reverse("enterprises:edit", args=[zb.pk])).status_code == status
        assert counts() == before


class TestEditForm:
    def test_edit_saves_and_bumps_the_version(self, login_client, zb) -> None:
        client = login_client("window")
        form = client.get(reverse("enterprises:edit", args=[zb.pk]))
        assert f'name="version" value="{zb.version}"' in form.content.decode()
        response = client.post(reverse("enterprises:edit", args=[zb.pk]),
                               form_post(zb, address="同创路 8 号"))
        assert response.status_code == 302
        fresh = Enterprise.objects.get(pk=zb.pk)
        assert (fresh.address, fresh.version) == ("同创路 8 号", zb.version + 1)

    def test_stale_version_shows_the_conflict_and_changes_nothing(self, login_client, actor_for, zb,
                                                                   counts) -> None:
        from zonedesk.enterprises import services

        # Given the investment officer saved 中玻 while the clerk had the form open
        stale = form_post(zb, name="窗口的修改")
        services.enterprise_update(actor=actor_for("investment"), enterprise_id=zb.pk,
                                   data={"address": "招商的修改"}, version=zb.version)
        before, seen = counts(), Enterprise.objects.get(pk=zb.pk)
        # When the clerk saves
        response = login_client("window").post(reverse("enterprises:edit", args=[zb.pk]), stale)
        # Then the form comes back with the conflict message and the record is as it was
        assert response.status_code == 200
        html = response.content.decode()
        summary = re.search(r'<div class="error-summary" role="alert"[^>]*>.*?</div>', html, re.S)
        assert summary, "no error summary"
        assert "该企业信息已被他人修改" in summary.group(0) and "请刷新页面" in summary.group(0)
        fresh = Enterprise.objects.get(pk=zb.pk)
        assert (fresh.name, fresh.address, fresh.version) == (seen.name, "招商的修改", seen.version)
        assert counts() == before

    def test_missing_version_is_treated_as_stale(self, login_client, zb, counts) -> None:
        before = counts()
        html = login_client("window").post(reverse("enterprises:edit", args=[zb.pk]),
                                           form_post(zb, name="无版本", version="")).content.decode()
        assert "已被他人修改" in html
        assert counts() == before


class TestFlagsOnTheDetailPage:
    def test_list_then_remove(self, login_client, zb) -> None:
        client = login_client("window")
        client.post(reverse("enterprises:flag_add", args=[zb.pk]), {
            "kind": FlagKind.SERIOUS_DISHONESTY, "listed_on": "2026-06-01", "source": "信用中国"})
        flag = EnterpriseFlag.objects.get(enterprise=zb)
        other = Enterprise.objects.filter(zone=zb.zone).exclude(pk=zb.pk).first()
        # the flag is removed from its own enterprise's page only
        assert client.post(reverse("enterprises:flag_remove", args=[other.pk, flag.pk])).status_code == 404
        assert EnterpriseFlag.objects.get(pk=flag.pk).removed_on is None
        client.post(reverse("enterprises:flag_remove", args=[zb.pk, flag.pk]))
        assert EnterpriseFlag.objects.get(pk=flag.pk).removed_on == timezone.localdate()

    def test_bad_flag_form_says_why(self, login_client, zb, counts) -> None:
        before = counts()
        tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        response = login_client("window").post(reverse("enterprises:flag_add", args=[zb.pk]),
                                               {"kind": FlagKind.SERIOUS_DISHONESTY, "listed_on": tomorrow},
                                               follow=True)
        assert "列入日期不能晚于今天" in response.content.decode()
        assert counts() == before

    def test_leader_cannot_list(self, login_client, zb, counts) -> None:
        before = counts()
        response = login_client("leader").post(reverse("enterprises:flag_add", args=[zb.pk]), {
            "kind": FlagKind.SERIOUS_DISHONESTY, "listed_on": "2026-06-01"}, follow=True)
        assert "只有综合窗口和招商专员可以维护企业库" in response.content.decode()
        assert counts() == before


class TestExport:
    def test_exports_the_filtered_rows_only(self, login_client, zb) -> None:
        response = login_client("window").get(reverse("enterprises:export"), {"q": "中玻"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert re.fullmatch(r'attachment; filename="enterprises-\d{8}-\d{4}\.xlsx"',
                            response["Content-Disposition"])
        rows = read_sheet(response.content, SHEET)
        assert [r[0] for r in rows[1:]] == [zb.credit_code]
        assert rows[1][3] == "C30" and rows[1][4] == "同创产业园" and rows[1][11] == "高新技术企业"
        figures = read_sheet(response.content, FIGURE_SHEET)
        assert {r[0] for r in figures[1:]} == {zb.credit_code}
        assert sorted(r[1] for r in figures[1:]) == [2024, 2025]

    def test_flagged_filter_and_flag_column(self, login_client) -> None:
        rows = read_sheet(login_client("window").get(reverse("enterprises:export"), {"flagged": "1"}).content,
                          SHEET)
        assert [r[1] for r in rows[1:]] == [NH]
        assert rows[1][-1] == "经营异常名录"

    def test_export_stays_in_the_users_zone(self, login_client) -> None:
        rows = read_sheet(login_client("jp-window").get(reverse("enterprises:export")).content, SHEET)
        assert {r[0] for r in rows[1:]} == set(
            Enterprise.objects.filter(zone__code="JP").values_list("credit_code", flat=True))

    def test_growth_tier_is_written_in_chinese_whatever_the_ui_language(self, login_client, zb) -> None:
        client = login_client("window")
        client.cookies["django_language"] = "en"
        rows = read_sheet(client.get(reverse("enterprises:export"), {"q": "中玻"}).content, SHEET)
        assert rows[1][11] == "高新技术企业"

    def test_enterprise_users_cannot_export(self, login_client) -> None:
        assert login_client("enterprise").get(reverse("enterprises:export")).status_code == 404


class TestIndustryAdmin:
    def test_delete_page_names_no_enterprise(self, login_client) -> None:
        from zonedesk.enterprises.models import Industry

        # Given industry 08 (mining), used by enterprises of both zones
        industry = Industry.objects.get(code="08")
        names = set(Enterprise.objects.filter(industry=industry).values_list("name", flat=True))
        assert {e.zone.code for e in Enterprise.objects.filter(industry=industry)} == {"LY", "JP"}
        # When the system administrator opens its delete page
        response = login_client("admin").get(f"/admin/enterprises/industry/{industry.pk}/delete/")
        # Then it explains the refusal without listing any zone's enterprises
        assert response.status_code == 200
        html = response.content.decode()
        assert "该行业仍有企业登记，不能删除" in html
        assert not [n for n in names if n in html]
        # and a POST deletes nothing
        login_client("admin").post(f"/admin/enterprises/industry/{industry.pk}/delete/", {"post": "yes"})
        assert Industry.objects.filter(pk=industry.pk).exists()


class TestWorkbenchPanel:
    def test_counts_match_the_lists_they_link_to(self, demo_user, login_client, zb) -> None:
        from zonedesk.enterprises.panels import enterprise_overview

        leader = demo_user("leader")
        nh = Enterprise.objects.get(name=NH)
        # Given 农恒 on a second list as well, and 中玻 newly listed
        for e, kind in ((nh, FlagKind.SERIOUS_DISHONESTY), (zb, FlagKind.JUDGMENT_DEFAULTER)):
            EnterpriseFlag.objects.create(zone=e.zone, enterprise=e, kind=kind, listed_on=dt.date(2026, 6, 1))
        panel = enterprise_overview(leader)
        # Then each enterprise counts once, as in the flagged list
        assert panel.context["flagged"] == 2
        flagged_list = login_client("leader").get(reverse("enterprises:list"), {"flagged": "1"})
        assert flagged_list.context["page"].paginator.count == 2
        assert panel.context["total"] == Enterprise.objects.filter(zone__code="LY").count()

    def test_no_panel_for_staff_without_the_whole_zone(self, demo_user) -> None:
        from zonedesk.enterprises.panels import enterprise_overview

        assert enterprise_overview(demo_user("reviewer")) is None
        assert enterprise_overview(demo_user("enterprise")) is None
