"""Who may open what in appeals: every demo login (and anonymous) × every page and API route.

Cells: 200/201 allowed; for a POST ``W`` wrote and redirected back to the case, ``R`` was
refused: the case page again (200) with the message and what was entered, nothing written;
L a redirect to the login page; 401/403/404 as HTTP
says (404 also for what exists but is not yours, e.g. the other zone's case). Writes also
read the audit trail: an allowed write left at least one audit row, anything else none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zonedesk.appeals import services
from zonedesk.appeals.models import Appeal, Category, Rating, Visit
from zonedesk.core.actor import Actor
from zonedesk.demo.people import LOGINS
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import User
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db

ANON = "anon"
ROLES = (ANON, *(login.username for login in LOGINS))
ADMINS = ("admin", "security", "auditor")
STAFF_LY = ("window", "reviewer", "depthead", "steward", "investment", "leader", "province")


class Objs:
    """The demo objects a request aims at (looked up inside the test's transaction)."""

    @cached_property
    def own(self) -> Appeal:  # 中玻's case, led by 规划建设局, in hand
        return Appeal.objects.get(title="二期厂房规划许可进度")

    @cached_property
    def other(self) -> Appeal:  # another LY enterprise's case, led by 经济发展局
        return Appeal.objects.get(title="员工通勤班车线路")

    @cached_property
    def visited(self) -> Appeal:  # 中玻's case waiting for its rating
        return Appeal.objects.get(title="厂区门前增设公交站点")

    @cached_property
    def jp(self) -> Appeal:  # the other zone's
        window = User.objects.get(username="jp-window")
        enterprise = Enterprise.objects.filter(zone__code="JP").order_by("pk").first()
        return services.appeal_log(actor=Actor(user=window), enterprise_id=enterprise.pk,
                                   category_id=Category.objects.get(zone__code="JP", code="general").pk,
                                   title="建平诉求", description="另一园区")

    @cached_property
    def attached(self) -> Appeal:
        user = User.objects.get(username="enterprise")
        return services.appeal_raise(
            actor=Actor(user=user), enterprise_id=user.enterprise_id,
            category_id=Category.objects.get(zone__code="LY", code="general").pk, title="附件诉求",
            description="带附件", files=[SimpleUploadedFile("说明.pdf", b"%PDF-1.4\n%%EOF\n")])

    @cached_property
    def rect_attached(self):  # another enterprise's open rectification, replied by 规划建设局 with a photo
        case = Appeal.objects.get(title="施工许可材料反复补正")
        rating = Rating.objects.get(kind="appeal", case_id=case.pk)
        services.rectification_reply(actor=Actor(user=User.objects.get(username="reviewer")),
                                     rating_id=rating.pk, reply="已整改",
                                     files=[SimpleUploadedFile("整改照片.pdf", b"%PDF-1.4\n%%EOF\n")])
        return rating.rectification.attachments.get()

    @cached_property
    def rating_own(self) -> Rating:  # 中玻's rating of a 规划建设局 case (rectified, re-rated)
        return Rating.objects.get(rerated_at__isnull=False)

    @cached_property
    def rating_review(self) -> Rating:  # another enterprise's rating under review
        return Rating.objects.get(status="under_review")

    @cached_property
    def visit(self) -> Visit:
        return Visit.objects.get(zone__code="LY")


def E(default: str, **cells: str) -> dict[str, str]:
    """Expected cell per role; keys with a dash (jp-leader) are written with an underscore."""
    out = {role: default for role in ROLES}
    out.update({k.replace("_", "-"): v for k, v in cells.items()})
    return out


def staff(cell: str = "200", **over: str) -> dict[str, str]:
    base = {r: cell for r in (*STAFF_LY, "jp_leader", "jp_window")}
    return E("404", anon="L", **{**base, **over})


@dataclass(frozen=True)
class Row:
    path: Callable[[Objs], str]
    expect: dict[str, str]
    method: str = "get"
    data: Callable[[Objs], dict] | None = None
    json: bool = False


P = "/api/appeals"
ROWS: dict[str, Row] = {
    "appeals:list": Row(lambda o: reverse("appeals:list"), staff(enterprise="200")),
    "appeals:create": Row(lambda o: reverse("appeals:create"), E("404", anon="L", enterprise="200")),
    "appeals:log": Row(lambda o: reverse("appeals:log"), E("404", anon="L", window="200", jp_window="200")),
    "appeals:rates": Row(lambda o: reverse("appeals:rates"), staff()),
    "appeals:visits": Row(lambda o: reverse("appeals:visits"), staff()),
    "appeals:visit_create": Row(lambda o: reverse("appeals:visit_create"), E(
        "404", anon="L", window="200", steward="200", leader="200", jp_leader="200", jp_window="200")),
    "appeals:visit": Row(lambda o: reverse("appeals:visit", args=[o.visit.pk]), staff(
        jp_leader="404", jp_window="404")),
    "appeals:ratings": Row(lambda o: reverse("appeals:ratings"), staff(enterprise="200")),
    "appeals:export": Row(lambda o: reverse("appeals:export"), staff(enterprise="200")),
    "appeals:ratings_export": Row(lambda o: reverse("appeals:ratings_export"), staff(enterprise="200")),
    "appeals:rating[own]": Row(lambda o: reverse("appeals:rating", args=[o.rating_own.pk]), E(
        "404", anon="L", window="200", reviewer="200", depthead="200", leader="200", province="200",
        enterprise="200")),
    "appeals:rating[other]": Row(lambda o: reverse("appeals:rating", args=[o.rating_review.pk]), E(
        "404", anon="L", window="200", reviewer="200", depthead="200", leader="200", province="200")),
    "appeals:rating_act": Row(
        lambda o: reverse("appeals:rating_act", args=[o.rating_review.pk, "decide"]),
        E("404", anon="L", window="R", reviewer="R", depthead="R", leader="W", province="R"),
        method="post", data=lambda o: {"text": "复核意见", "overturn": "1"}),
    "appeals:rate": Row(lambda o: reverse("appeals:rate", args=["appeal", o.visited.pk]),
                        E("404", anon="L", enterprise="200")),
    "appeals:detail[own]": Row(lambda o: reverse("appeals:detail", args=[o.own.pk]), E(
        "404", anon="L", window="200", reviewer="200", depthead="200", leader="200", province="200",
        enterprise="200")),
    "appeals:detail[other]": Row(lambda o: reverse("appeals:detail", args=[o.other.pk]), E(
        "404", anon="L", window="200", leader="200", province="200")),
    "appeals:detail[jp]": Row(lambda o: reverse("appeals:detail", args=[o.jp.pk]), E(
        "404", anon="L", jp_leader="200", jp_window="200", province="200")),
    "appeals:attachment": Row(
        lambda o: reverse("appeals:attachment", args=[o.attached.pk, o.attached.attachments.get().pk]),
        E("404", anon="L", window="200", leader="200", province="200", enterprise="200")),
    "appeals:rectification_attachment": Row(
        lambda o: reverse("appeals:rectification_attachment",
                          args=[o.rect_attached.rectification.rating_id, o.rect_attached.pk]),
        E("404", anon="L", window="200", reviewer="200", depthead="200", leader="200", province="200")),
    "appeals:act": Row(lambda o: reverse("appeals:act", args=[o.own.pk, "supervise"]), E(
        "404", anon="L", window="R", reviewer="R", depthead="R", leader="W", province="R", enterprise="R"),
        method="post", data=lambda o: {"text": "请加快办理"}),
    # API
    "api:list": Row(lambda o: f"{P}/", E("200", anon="401")),
    "api:detail[own]": Row(lambda o: f"{P}/{o.own.pk}", E(
        "404", anon="401", window="200", reviewer="200", depthead="200", leader="200", province="200",
        enterprise="200")),
    "api:detail[jp]": Row(lambda o: f"{P}/{o.jp.pk}", E(
        "404", anon="401", jp_leader="200", jp_window="200", province="200")),
    "api:rates": Row(lambda o: f"{P}/rates?from=2026-01-01&to=2026-10-31", E(
        "403", anon="401", **{r.replace("-", "_"): "200" for r in (*STAFF_LY, "jp-leader", "jp-window")})),
    "api:ratings": Row(lambda o: f"{P}/ratings", E("200", anon="401")),
    "api:rating[own]": Row(lambda o: f"{P}/ratings/{o.rating_own.pk}", E(
        "404", anon="401", window="200", reviewer="200", depthead="200", leader="200", province="200",
        enterprise="200")),
    "api:supervise": Row(lambda o: f"{P}/{o.own.pk}/supervise", E(
        "404", anon="401", window="403", reviewer="403", depthead="403", leader="200", province="403",
        enterprise="403"), method="post", data=lambda o: {"text": "督办"}, json=True),
    "api:reply_files": Row(lambda o: f"{P}/{o.own.pk}/reply-with-files", E(
        "404", anon="401", window="403", reviewer="200", depthead="200", leader="403", province="403",
        enterprise="403"), method="post",
        data=lambda o: {"text": "答复", "files": [SimpleUploadedFile("答复.pdf", b"%PDF-1.4\n%%EOF\n")]}),
    "api:raise": Row(lambda o: f"{P}/", E("404", anon="401", enterprise="201"), method="post", json=True,
                     data=lambda o: {"category_id": Category.objects.get(zone__code="LY", code="general").pk,
                                     "title": "接口诉求", "description": "经接口提出"}),
    "api:rate": Row(lambda o: f"{P}/ratings", E("404", anon="401", enterprise="201"), method="post",
                    json=True,
                    data=lambda o: {"kind": "appeal", "case_id": o.visited.pk, "level": "satisfied"}),
}


@pytest.fixture
def objs(db):
    from zonedesk.agency.models import AgentAuthorisation

    # Whatever another capability's demo granted the steward, this table assumes no grant.
    AgentAuthorisation.objects.filter(agent__username="steward").delete()
    return Objs()


CASES = [(name, role) for name in ROWS for role in ROLES]


@pytest.mark.parametrize("name,role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_matrix(client, objs, name, role):
    row = ROWS[name]
    path = row.path(objs)
    if role != ANON:
        client.force_login(User.objects.get(username=role))
    audit_before = audit_rows()
    data = row.data(objs) if row.data else None
    if row.method == "get":
        response = client.get(path)
    elif row.json:
        response = client.post(path, data=data, content_type="application/json")
    else:
        response = client.post(path, data=data)
    expected = row.expect[role]
    wrote = audit_rows() > audit_before
    if expected == "L":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif expected == "W":
        assert response.status_code == 302 and "/login/" not in response["Location"]
        assert wrote, f"{name} {role}: nothing written"
    elif expected == "R":
        assert response.status_code == 200, f"{name} {role}: {response.status_code}"
        assert not wrote, f"{name} {role}: wrote although refused"
    else:
        assert response.status_code == int(expected), f"{name} {role}: {response.status_code}"
        if row.method == "post":
            assert wrote == expected.startswith("2")


def test_every_appeals_url_has_a_row():
    from django.urls import URLPattern, get_resolver

    resolver = get_resolver()
    names = {f"appeals:{p.name}" for p in resolver.namespace_dict["appeals"][1].url_patterns
             if isinstance(p, URLPattern)}
    assert names <= {k.split("[")[0] for k in ROWS}
