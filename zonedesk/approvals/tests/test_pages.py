"""Pages and API answers on the demo data, and their query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zonedesk.approvals.models import (
    Application,
    ApplicationItem,
    ApplicationStatus,
    ConstructionProject,
    ItemState,
    Stage,
)
from zonedesk.approvals.tests.conftest import actor, new_project, run_stage

pytestmark = pytest.mark.django_db


def _tolerance_app() -> Application:
    return Application.objects.get(zone__code="LY", tolerance=True, status=ApplicationStatus.IN_REVIEW)


def test_reviewer_inbox_puts_green_channel_first_with_marks(login_client) -> None:
    page = login_client("reviewer").get(reverse("approvals:inbox"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "绿色通道" in html and "待补正" in html
    green = ApplicationItem.objects.filter(
        green_channel=True, department__code="GHJ", state="in_review"
    ).first()
    others = ApplicationItem.objects.filter(
        green_channel=False, department__code="GHJ", state__in=["in_review", "supplement"]
    ).first()
    assert html.index(green.application.project.name) < html.index(others.application.project.name)


def test_reviewer_inbox_filters_to_the_overdue_or_nearly_due_items_the_digest_links_to(login_client) -> None:
    """The sweep's digest ("3,000 个审批事项已超期") links to ``?clock=red``: exactly the
    department's open items past their deadline (the sweep's range), and ``?clock=yellow`` the
    ones in their yellow band."""
    import datetime as dt

    from django.utils import timezone

    from zonedesk.approvals.selectors import review_inbox_ids_for
    from zonedesk.organisation.models import User

    user = User.objects.get(username="reviewer")
    assert user.department_id is not None
    today = timezone.localdate()
    mine = ApplicationItem.objects.filter(department_id=user.department_id, in_inbox=True)
    ids = list(mine.order_by("pk").values_list("pk", flat=True)[:4])
    assert len(ids) == 4
    # two overdue, one nearly due, one paused past its deadline (its clock is stopped: not red)
    mine.filter(pk__in=ids[:2]).update(due_paused=False, due_date=today - dt.timedelta(days=2))
    mine.filter(pk=ids[2]).update(state="in_review", due_paused=False, yellow_on=today,
                                  due_date=today + dt.timedelta(days=1))
    mine.filter(pk=ids[3]).update(due_paused=True, due_date=today - dt.timedelta(days=2))
    red = set(review_inbox_ids_for(user=user, clock="red"))
    assert {ids[0], ids[1]} <= red and ids[2] not in red and ids[3] not in red
    assert red == set(mine.filter(due_paused=False, due_date__lt=today).values_list("pk", flat=True))
    yellow = set(review_inbox_ids_for(user=user, clock="yellow"))
    assert ids[2] in yellow and not (yellow & red)
    client = login_client("reviewer")
    page = client.get(reverse("approvals:inbox") + "?clock=red&size=100")
    assert page.status_code == 200
    assert page.context["page"].paginator.count == len(red)
    assert 'href="?clock=red" class="active"' in page.content.decode()
    everything = client.get(reverse("approvals:inbox") + "?clock=bogus")
    assert everything.context["page"].paginator.count == mine.count()


def test_window_inbox_lists_waiting_applications(login_client) -> None:
    html = login_client("window").get(reverse("approvals:inbox")).content.decode()
    for app in Application.objects.filter(zone__code="LY", status__in=["submitted", "window_supplement"]):
        assert app.project.name in html
    assert "模拟审批" in html


def test_timeline_shows_stages_holders_days_and_forecast(login_client) -> None:
    project = _tolerance_app().project
    html = login_client("enterprise").get(reverse("approvals:timeline", args=[project.pk])).content.decode()
    for text in (
        "立项用地规划许可",
        "工程建设许可",
        "施工许可",
        "竣工验收",
        "全流程已用工作日",
        "预计全部办结",
        "容缺材料",
        "区域评估替代",
        "规划建设局",
        "材料库",
    ):
        assert text in html, text


def test_api_timeline_has_forecast_and_asks(login_client) -> None:
    project = ConstructionProject.objects.get(name="中玻高端玻璃深加工生产线项目")
    data = login_client("enterprise").get(f"/api/approvals/projects/{project.pk}/timeline").json()
    assert data["limit_working_days"] == 40
    assert [s["stage"] for s in data["stages"]] == ["land", "build", "construct", "complete"]
    assert data["stages"][0]["done"] and data["stages"][1]["done"]
    assert any("补正" in a or "施工合同" in a for a in data["stages"][2]["asked_of_applicant"])
    assert data["forecast_end"]["date"] >= data["stages"][2]["forecast_end"]["date"]
    assert data["saved_cost_wan"] == "53.00"


def test_item_page_explains_the_deadline(login_client) -> None:
    ai = ApplicationItem.objects.filter(state=ItemState.SUPPLEMENT, department__code="GHJ").first()
    html = login_client("reviewer").get(reverse("approvals:item", args=[ai.pk])).content.decode()
    assert "期限计算说明" in html and "暂停" in html


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_inbox_and_timeline_query_counts_do_not_grow_with_page_size(login_client) -> None:
    # Enough rows in 规划建设局's inbox for two different page sizes.
    for _ in range(3):
        p = new_project()
        run_stage(p, Stage.LAND)
        run_stage(p, Stage.BUILD, finish=False)
    client = login_client("reviewer")
    assert (
        ApplicationItem.objects.filter(department__code="GHJ", state__in=["in_review", "supplement"]).count()
        > 6
    )
    small = _count(client, "/api/approvals/inbox?page_size=2")
    large = _count(client, "/api/approvals/inbox?page_size=50")
    assert small == large
    assert _count(client, reverse("approvals:inbox") + "?size=20") == _count(
        client, reverse("approvals:inbox") + "?size=100"
    )
    # Timelines of a project with one stage and one with four cost the same.
    one = new_project()
    run_stage(one, Stage.LAND, finish=False)
    full = ConstructionProject.objects.get(name="中玻光伏玻璃原片仓储中心")
    client = login_client("enterprise")
    assert _count(client, f"/api/approvals/projects/{one.pk}/timeline") == _count(
        client, f"/api/approvals/projects/{full.pk}/timeline"
    )


def test_workbench_shows_approval_todos(login_client) -> None:
    for who, text in (("reviewer", "待审查"), ("window", "待受理"), ("enterprise", "补正")):
        html = login_client(who).get(reverse("workbench")).content.decode()
        assert text in html, who


def test_figures_for_the_dashboard() -> None:
    import datetime as dt

    from zonedesk.approvals.hooks import approval_figures
    from zonedesk.core.figures import Period
    from zonedesk.organisation.models import Zone

    zone = Zone.objects.get(code="LY")
    today = dt.date.today()
    figures = {
        f.key: f
        for f in approval_figures(frozenset({zone.pk}), Period(today - dt.timedelta(days=365), today))
    }
    assert set(figures) == {
        "approvals.projects_in_approval",
        "approvals.avg_working_days_completed",
        "approvals.on_time_rate",
        "approvals.overdue_items",
        "approvals.saved_cost_wan",
        "approvals.saved_cost_per_project_wan",
    }
    assert figures["approvals.saved_cost_per_project_wan"].value >= 50
    assert figures["approvals.avg_working_days_completed"].value <= 40
    assert "40" in figures["approvals.avg_working_days_completed"].label
    assert figures["approvals.projects_in_approval"].value >= 3


def test_rateable_hook_finds_completed_application_for_its_enterprise(demo_user) -> None:
    from zonedesk.core.rateable import rateable_registry

    done = Application.objects.filter(
        status=ApplicationStatus.COMPLETED, project__enterprise_id=demo_user("enterprise").enterprise_id
    ).first()
    case = rateable_registry.find("application", demo_user("enterprise"), done.pk)
    assert case is not None and case.completed and case.department_ids
    assert rateable_registry.find("application", demo_user("jp-leader"), done.pk) is None
    assert actor("enterprise").user.enterprise_id == case.enterprise_id


def test_tolerance_todo_turns_yellow_near_and_red_after_its_deadline(login_client) -> None:
    import datetime as dt

    from django.utils import timezone

    from zonedesk.workdays.selectors import work_calendar

    app = _tolerance_app()
    today, cal = timezone.localdate(), work_calendar()
    client = login_client("enterprise")

    def todo_state(accepted_days_ago: int, deadline: dt.date) -> str:
        Application.objects.filter(pk=app.pk).update(
            accepted_at=timezone.now() - dt.timedelta(days=accepted_days_ago), tolerance_deadline=deadline
        )
        html = client.get("/").content.decode()
        row = next(r for r in html.split("<tr") if "容缺材料待补齐" in r and app.project.name in r)
        return row.split('class="pill ')[1].split('"')[0]

    assert todo_state(1, cal.add_working_days(today, 20).date) == "running"
    assert todo_state(30, today) == "yellow"  # the last day of a long window
    assert todo_state(30, today - dt.timedelta(days=1)) == "red"
    html = client.get("/").content.decode()
    assert "已超期" in next(r for r in html.split("<tr") if "容缺材料待补齐" in r and app.project.name in r)


def test_the_apply_form_defaults_to_the_stage_the_project_can_apply_for(login_client) -> None:
    import re

    def selected(project) -> str:
        html = login_client("enterprise").get(reverse("approvals:apply", args=[project.pk])).content.decode()
        # The stage tabs mark the chosen stage; the form posts it in its hidden field.
        tab = re.search(r'<a href="\?stage=(\w+)" class="active" aria-current="page">', html).group(1)
        posted = re.search(r'<input type="hidden" name="stage" value="(\w+)">', html).group(1)
        assert tab == posted
        return tab

    p = new_project(name="默认阶段测试项目")
    assert selected(p) == Stage.LAND
    run_stage(p, Stage.LAND)
    assert selected(p) == Stage.BUILD
    # The timeline keeps results (the certificate, linked) apart from the reviewers' opinions.
    land = p.applications.get(stage=Stage.LAND)
    ai = land.items.exclude(certificate=None).select_related("certificate").first()
    assert ai is not None and not any(label == "发证日期" for label, _v in ai.certificate.fields)
    html = login_client("enterprise").get(reverse("approvals:timeline", args=[p.pk])).content.decode()
    assert "审查意见" in html
    assert f'<td class="result"><a href="{reverse("certificates:detail", args=[ai.certificate_id])}">' in html


def test_the_item_page_shows_its_materials_with_their_files(login_client) -> None:
    from zonedesk.approvals.models import ItemMaterial

    ai = ApplicationItem.objects.filter(
        application__zone__code="LY", state=ItemState.IN_REVIEW, department__code="GHJ",
        application__materials__record__isnull=False).distinct().first()
    html = login_client("reviewer").get(reverse("approvals:item", args=[ai.pk])).content.decode()
    wanted = set(ItemMaterial.objects.filter(item=ai.item).values_list("material_type__name", flat=True))
    section = html.split('id="item-materials"')[1].split("</section>")[0]
    shown = {m.material_type.name for m in ai.application.materials.filter(material_type__name__in=wanted)}
    assert shown and all(name in section for name in shown)
    for m in ai.application.materials.filter(material_type__name__in=wanted, record__isnull=False):
        assert reverse("approvals:material_file", args=[m.record_id]) in section
    others = set(ai.application.materials.values_list("material_type__name", flat=True)) - wanted
    assert not any(f"<td>{name}</td>" in section for name in others)


def test_a_reviewer_grants_several_items_at_once_each_audited_or_none(client) -> None:
    from zonedesk.approvals.tests.conftest import reviewer_of
    from zonedesk.audit.models import AuditRecord

    p = new_project(name="批量准予测试项目")
    app = run_stage(p, Stage.LAND, finish=False)
    live = app.items.filter(state=ItemState.IN_REVIEW)
    first = live.first()
    assert first is not None
    client.force_login(reviewer_of(first).user)
    mine = list(live.filter(department_id=first.department_id).values_list("pk", flat=True))
    other = live.exclude(department_id=first.department_id).first()
    assert len(mine) >= 1 and other is not None
    before = AuditRecord.objects.filter(action="approvals.item.approve").count()
    # One item of another department: nothing is granted and the message names it.
    page = client.post(reverse("approvals:items_approve"), {"item": [*mine, other.pk]}, follow=True)
    assert other.item.name in page.content.decode()
    assert not app.items.filter(pk__in=mine, state=ItemState.APPROVED).exists()
    assert AuditRecord.objects.filter(action="approvals.item.approve").count() == before
    page = client.post(reverse("approvals:items_approve"), {"item": mine, "reason": "材料齐全"}, follow=True)
    assert app.items.filter(pk__in=mine, state=ItemState.APPROVED).count() == len(mine)
    assert AuditRecord.objects.filter(action="approvals.item.approve").count() == before + len(mine)
    assert "已准予许可" in page.content.decode()
