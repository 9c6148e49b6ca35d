"""Demo appeals of 凌源经开区, in two explicit periods.

* Reporting period 2026-01-01 .. 2026-10-31 (REPORTING_PERIOD): every appeal closed on time and
  rated satisfied, so the figures for it are the seed's 100% / 100% / 100%.
* Current period, November 2026 (CURRENT_PERIOD): cases in every state — waiting to be
  accepted, returned (退单), waiting for sign-for, in hand (yellow, red and escalated,
  supervised), paused for the enterprise, replied, waiting for a rating, rated 不满意 with a
  rectification (one open, one re-rated after it), ratings under review and overturned, a
  merged duplicate — and a leader's visit whose problems became appeals.

Everything is written through the services as the people who would do it. The services stamp
the present moment; the historical cases are then moved to their dates (one data fix per case,
the demo's own), so that lists, clocks and rates read them as they happened. The audit trail
keeps the real load time: it records when a row was written, not the story it tells.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zonedesk.appeals import clocks, services
from zonedesk.appeals.models import (
    Appeal,
    AppealEvent,
    AppealPause,
    Category,
    Rating,
    RatingReview,
    Rectification,
    Status,
)
from zonedesk.appeals.services.clocks import appeal_clocks_refresh
from zonedesk.appeals.services.ratings import _rectification_due
from zonedesk.core.actor import Actor
from zonedesk.core.figures import Period
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Department, User, Zone
from zonedesk.organisation.roles import Role
from zonedesk.workdays.selectors import work_calendar

REPORTING_PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 10, 31), "2026年1—10月（报告期）")
CURRENT_PERIOD = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), "2026年11月（当前）")

# Demo contacts of the enterprises that rate (only an enterprise's own user may rate its case).
CONTACTS = (("FM", "ly-fm", "王经理（法马）"), ("WS", "ly-ws", "陈立（炜盛）"),
            ("HT", "ly-ht", "高峰（航天凌河）"), ("ALD", "ly-ald", "李娜（阿拉丁）"))

HISTORY = [
    # enterprise, category, lead dept, title, description, level
    ("ZB", "utilities", "WB-GD", "厂区二期临时用电增容",
     "二期生产线调试需增加 800kVA 临时用电容量。", "very_satisfied"),
    ("FM", "general", "GHJ", "厂房扩建规划条件咨询",
     "拟在现有厂区内扩建 5000 平方米厂房，需明确规划条件。", "satisfied"),
    ("WS", "complex", "ZRJ", "企业用地边界确权",
     "厂区东侧边界与相邻地块存在争议，需核实确权。", "very_satisfied"),
    ("HT", "urgent", "AHJ", "厂区周边道路积水影响运输",
     "暴雨后厂区门前道路积水，货车无法通行。", "very_satisfied"),
    ("ALD", "general", "JFJ", "无人机试飞空域协调", "需协调试飞空域申请流程。", "satisfied"),
    ("ZB", "general", "AHJ", "环评批复后排污许可办理指导", "希望指导排污许可证申领材料。", "very_satisfied"),
    ("FM", "utilities", "WB-GD", "新建车间用电接入", "新车间需接入 10kV 供电线路。", "satisfied"),
    ("WS", "general", "JFJ", "高新技术企业申报辅导", "申报高企需要政策辅导。", "very_satisfied"),
    ("HT", "complex", "GHJ", "厂区消防通道改造审批", "消防通道改造涉及规划调整。", "satisfied"),
    ("ALD", "urgent", "WB-GD", "生产线突发停电", "主生产线突发停电，需紧急抢修。", "very_satisfied"),
    ("ZB", "general", "JFJ", "新增产能备案咨询", "新增玻璃深加工产能备案事项咨询。", "satisfied"),
    ("FM", "general", "ZRJ", "厂区绿化用地调整", "厂区内绿化用地调整为停车场的可行性。", "very_satisfied"),
    ("WS", "utilities", "WB-GD", "锅炉房电力增容", "新建电锅炉房需增加用电容量。", "very_satisfied"),
    ("HT", "general", "JFJ", "研发费用加计扣除政策咨询", "研发费用归集口径咨询。", "satisfied"),
    ("ALD", "complex", "GHJ", "试飞基地配套用房报建", "试飞基地配套用房需办理规划许可。", "very_satisfied"),
    ("ZB", "urgent", "AHJ", "危化品运输车辆通行", "危化品运输车辆临时通行证办理。", "very_satisfied"),
    ("FM", "general", "JFJ", "员工招聘对接", "需要对接本地职业院校招聘技术工人。", "satisfied"),
    ("WS", "general", "GHJ", "厂区大门改造", "厂区大门向东移位的审批流程咨询。", "very_satisfied"),
    ("HT", "utilities", "WB-GD", "新办公楼用电报装", "新办公楼需办理低压用电报装。", "very_satisfied"),
    ("ALD", "general", "ZRJ", "土地证换发", "土地证换发为不动产权证书。", "satisfied"),
]
# Days each category's reply comes after acceptance: always inside its limit.
REPLY_AFTER = {"urgent": dt.timedelta(minutes=90), "utilities": dt.timedelta(hours=20),
               "general": dt.timedelta(days=3), "complex": dt.timedelta(days=8)}


def _at(day: dt.date, hour: int = 9, minute: int = 30) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _working(day: dt.date) -> dt.date:
    cal = work_calendar()
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _actor(user: User) -> Actor:
    return Actor(user=user, channel="command", label="demo_load")


def _backdate(appeal: Appeal, accepted: dt.datetime, reply_after: dt.timedelta,
              stage_until: str = "closed") -> None:
    """Move a case written just now to the dates of its story (the demo's own data fix)."""
    appeal.refresh_from_db()  # the services moved it on through their own instances
    submitted = accepted - dt.timedelta(minutes=20) if appeal.source == "portal" else accepted
    times = {
        "raise": submitted, "accept": accepted, "dispatch": accepted + dt.timedelta(minutes=10),
        "return": accepted + dt.timedelta(minutes=40), "sign": accepted + dt.timedelta(minutes=30),
        "request_info": accepted + dt.timedelta(days=1), "reply": accepted + reply_after,
        "visit": accepted + reply_after + dt.timedelta(days=1),
    }
    times["rate"] = times["close"] = times["visit"] + dt.timedelta(hours=2)
    events = list(appeal.events.order_by("id"))
    for i, ev in enumerate(events):
        # A re-dispatch after a return comes after the return.
        at = times.get(ev.action, ev.at)
        if ev.action == "dispatch" and any(e.action == "return" for e in events[:i]):
            at = times["return"] + dt.timedelta(minutes=30)
        AppealEvent.objects.filter(pk=ev.pk).update(at=at)
    fields = {"submitted_at": submitted}
    if appeal.accepted_at:
        fields["accepted_at"] = accepted
    if appeal.dispatched_at:
        fields["dispatched_at"] = times["dispatch"]
        fields["sign_due_at"] = times["dispatch"] + dt.timedelta(
            hours=clocks.zone_settings(appeal.zone_id).sign_for_hours)
    for name, key in (("signed_at", "sign"), ("replied_at", "reply"), ("visited_at", "visit"),
                      ("closed_at", "close")):
        if getattr(appeal, name):
            fields[name] = times[key]
    Appeal.objects.filter(pk=appeal.pk).update(**fields)
    rated = times["rate"]
    Rating.objects.filter(kind="appeal", case_id=appeal.pk).update(rated_at=rated)
    Rating.objects.filter(kind="appeal", case_id=appeal.pk, rerated_at__isnull=False).update(
        rerated_at=rated + dt.timedelta(days=3, hours=2))
    rect = Rectification.objects.filter(rating__kind="appeal", rating__case_id=appeal.pk).first()
    if rect is not None:
        due = _rectification_due(rated, rect.limit_days)
        Rectification.objects.filter(pk=rect.pk).update(
            opened_at=rated, due_on=due.date, due_provisional=due.provisional,
            replied_at=rated + dt.timedelta(days=2) if rect.replied_at else None,
            visited_at=rated + dt.timedelta(days=3) if rect.visited_at else None)
    RatingReview.objects.filter(rating__kind="appeal", rating__case_id=appeal.pk).update(
        raised_at=rated + dt.timedelta(days=1))
    RatingReview.objects.filter(rating__kind="appeal", rating__case_id=appeal.pk,
                                decided_at__isnull=False).update(decided_at=rated + dt.timedelta(days=2))
    appeal.refresh_from_db()
    if appeal.replied_at:
        Appeal.objects.filter(pk=appeal.pk).update(
            replied_on_time=clocks.on_time(appeal, work_calendar(), appeal.replied_at))


class _Demo:
    def __init__(self, zone: Zone) -> None:
        self.zone = zone
        self.window = _actor(User.objects.get(username="window"))
        self.reviewer = _actor(User.objects.get(username="reviewer"))
        self.leader = _actor(User.objects.get(username="leader"))
        self.enterprise_user = User.objects.get(username="enterprise")
        self.ent = {e.credit_code: e for e in Enterprise.objects.filter(zone=zone)}
        self.by_code = {}
        from zonedesk.demo.enterprises import LY_ENTERPRISES

        names = {row[0]: row[1] for row in LY_ENTERPRISES}
        for e in self.ent.values():
            for code, name in names.items():
                if e.name == name:
                    self.by_code[code] = e
        self.cat = {c.code: c for c in Category.objects.filter(zone=zone)}
        self.dept = {d.code: d for d in Department.objects.filter(zone=zone)}
        self.contacts = {"ZB": self.enterprise_user}
        for code, username, full_name in CONTACTS:
            self.contacts[code] = self._contact(code, username, full_name)

    def _contact(self, code: str, username: str, full_name: str) -> User:
        from zonedesk.demo.people import DEMO_PASSWORD
        from zonedesk.organisation.services import user_create

        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(actor=_actor(User.objects.get(username="admin")), zone=self.zone,
                               username=username, password=DEMO_PASSWORD, full_name=full_name,
                               roles={Role.ENTERPRISE}, department=None, post=None,
                               enterprise=self.by_code[code], extra_zones=())
        return user

    def staff_for(self, dept_code: str) -> Actor:
        if dept_code == "GHJ":
            return self.reviewer
        # Departments without a demo login: a demo handler of that department.
        username = f"ly-{dept_code.lower()}"
        user = User.objects.filter(username=username).first()
        if user is None:
            from zonedesk.demo.people import DEMO_PASSWORD
            from zonedesk.organisation.services import user_create

            user = user_create(actor=_actor(User.objects.get(username="admin")), zone=self.zone,
                               username=username, password=DEMO_PASSWORD,
                               full_name=f"{self.dept[dept_code].name}经办人", roles={Role.REVIEWER},
                               department=self.dept[dept_code], post=None, enterprise=None,
                               extra_zones=())
        return _actor(user)

    def raise_portal(self, code: str, cat: str, title: str, description: str) -> Appeal:
        return services.appeal_raise(actor=_actor(self.contacts[code]), enterprise_id=self.by_code[code].pk,
                                     category_id=self.cat[cat].pk, title=title,
                                     description=description, contact_name=self.contacts[code].full_name,
                                     contact_phone="0421-6822000")

    def log(self, code: str, cat: str, title: str, description: str) -> Appeal:
        return services.appeal_log(actor=self.window, enterprise_id=self.by_code[code].pk,
                                   category_id=self.cat[cat].pk, title=title,
                                   description=description, contact_phone="0421-6822001")

    def to_handling(self, appeal: Appeal, dept: str, co: tuple[str, ...] = ()) -> Appeal:
        if appeal.status == Status.SUBMITTED:
            services.appeal_accept(actor=self.window, appeal_id=appeal.pk)
        services.appeal_dispatch(actor=self.window, appeal_id=appeal.pk,
                                 lead_department_id=self.dept[dept].pk,
                                 co_department_ids=[self.dept[c].pk for c in co])
        services.appeal_sign(actor=self.staff_for(dept), appeal_id=appeal.pk)
        return appeal

    def to_visited(self, appeal: Appeal, dept: str) -> None:
        self.to_handling(appeal, dept)
        services.appeal_reply(actor=self.staff_for(dept), appeal_id=appeal.pk,
                              reply="已按企业诉求办理完毕，详见办理说明。")
        services.appeal_visit(actor=self.window, appeal_id=appeal.pk, note="电话回访，企业确认问题已解决。")

    def rate(self, appeal: Appeal, code: str, level: str, comment: str = "") -> Rating:
        return services.rating_create(actor=_actor(self.contacts[code]), kind="appeal", case_id=appeal.pk,
                                      level=level, comment=comment,
                                      tags=["办事效率高"] if level in {"very_satisfied", "satisfied"} else
                                      ["问题未解决"])


def load(*, zones: dict[str, Zone]) -> None:
    zone = zones["LY"]
    system = Actor.system("demo_load")
    for z in zones.values():
        services.appeal_reference_ensure(actor=system, zone_id=z.pk)
    if Appeal.objects.filter(zone=zone).exists():  # loaded before: a second load adds nothing
        return
    with transaction.atomic():
        d = _Demo(zone)
        _load_history(d)
        _load_current(d)


def _load_history(d: _Demo) -> None:
    for i, (code, cat, dept, title, description, level) in enumerate(HISTORY):
        day = _working(dt.date(2026, 1, 12) + dt.timedelta(days=i * 14))  # Jan 12 .. Oct 5
        # Every third came in on the hotline, the others through the portal.
        appeal = (d.raise_portal(code, cat, title, description) if i % 3
                  else d.log(code, cat, title, description))
        d.to_visited(appeal, dept)
        d.rate(appeal, code, level, "办理及时，解决了实际问题。")
        _backdate(appeal, _at(day), REPLY_AFTER[cat])


def _load_current(d: _Demo) -> None:
    nov = lambda day, h=9, m=30: _at(dt.date(2026, 11, day), h, m)  # noqa: E731
    # Waiting to be accepted.
    a = d.raise_portal("ZB", "general", "园区道路路灯不亮",
                       "厂区南侧园区道路路灯连续一周不亮，夜间通行不安全。")
    Appeal.objects.filter(pk=a.pk).update(submitted_at=nov(27, 16))
    a = d.raise_portal("HT", "utilities", "厂区自来水水压不足", "二楼以上用水点水压明显不足。")
    Appeal.objects.filter(pk=a.pk).update(submitted_at=nov(28, 8, 40))
    # Returned by a department (退单), back with the window to re-dispatch.
    a = d.log("WS", "general", "厂区周边货车乱停", "厂区门口道路货车乱停，影响出入。")
    services.appeal_dispatch(actor=d.window, appeal_id=a.pk, lead_department_id=d.dept["GHJ"].pk)
    services.appeal_return(actor=d.reviewer, appeal_id=a.pk,
                           reason="道路停车管理不属于规划建设局职责，建议派交园区运营公司。")
    _backdate(a, nov(26), dt.timedelta(0))
    # Dispatched to 规划建设局, not signed within the sign-for time.
    a = d.log("FM", "general", "厂房屋顶光伏备案咨询", "拟建设屋顶分布式光伏，咨询备案及并网流程。")
    services.appeal_dispatch(actor=d.window, appeal_id=a.pk, lead_department_id=d.dept["GHJ"].pk,
                             co_department_ids=[d.dept["WB-GD"].pk])
    _backdate(a, nov(27, 14), dt.timedelta(0))
    # In hand: yellow (1 working day left), red (overdue, escalated, supervised).
    a = d.raise_portal("ZB", "general", "二期厂房规划许可进度",
                       "二期厂房建设工程规划许可证办理进度咨询，希望加快。")
    d.to_handling(a, "GHJ")
    _backdate(a, nov(19), dt.timedelta(0))
    red = d.raise_portal("ALD", "complex", "试飞场地围栏报建", "试飞场地四周需建设安全围栏，报建手续不清楚。")
    d.to_handling(red, "GHJ", ("ZRJ",))
    _backdate(red, nov(2), dt.timedelta(0))
    services.appeal_supervise(actor=d.leader, appeal_id=red.pk,
                              note="请规划建设局本周内答复企业，并报送办理情况。")
    # Paused: waiting for the enterprise's information.
    a = d.raise_portal("ZB", "complex", "厂区内部道路改造审批",
                       "厂区内部道路拓宽改造，是否需要办理规划许可。")
    d.to_handling(a, "GHJ")
    services.appeal_request_info(actor=d.reviewer, appeal_id=a.pk, reason="请企业补充道路改造平面图")
    _backdate(a, nov(23), dt.timedelta(0))
    AppealPause.objects.filter(appeal=a).update(start=nov(24, 10))
    # Replied, waiting for the return visit; visited, waiting for the enterprise's rating.
    a = d.log("HT", "general", "员工通勤班车线路", "希望增开园区至市区的通勤班车。")
    d.to_handling(a, "JFJ")
    services.appeal_reply(actor=d.staff_for("JFJ"), appeal_id=a.pk, reply="已协调公交公司，12月起增开一班。")
    _backdate(a, nov(20), dt.timedelta(days=2))
    a = d.raise_portal("ZB", "general", "厂区门前增设公交站点", "希望在厂区门前增设公交站点，方便员工通勤。")
    d.to_visited(a, "JFJ")
    _backdate(a, nov(16), dt.timedelta(days=3))
    # Rated 不满意: a rectification still open.
    a = d.raise_portal("FM", "general", "施工许可材料反复补正",
                       "施工许可申请被要求多次补正，每次要求不一致。")
    d.to_visited(a, "GHJ")
    d.rate(a, "FM", "unsatisfied", "补正要求前后不一致，跑了三次。")
    _backdate(a, nov(3), dt.timedelta(days=4))
    # Rated 非常不满意, rectified, visited and re-rated 满意.
    a = d.raise_portal("ZB", "general", "竣工验收现场查验时间安排", "现场查验时间多次变更，影响投产计划。")
    d.to_visited(a, "GHJ")
    rating = d.rate(a, "ZB", "very_unsatisfied", "查验时间三次变更，没有提前通知。")
    services.rectification_reply(actor=d.reviewer, rating_id=rating.pk,
                                 reply="已建立查验预约制度，查验时间确定后提前两个工作日短信通知企业。")
    services.rectification_visit(actor=d.window, rating_id=rating.pk, note="回访企业，企业认可整改措施。")
    services.rating_rerate(actor=_actor(d.enterprise_user), rating_id=rating.pk, level="satisfied",
                           comment="整改及时，预约制度很好。", tags=["解释清楚"])
    _backdate(a, nov(4), dt.timedelta(days=3))
    # Rated 不满意 and appealed by the department: one pending, one overturned.
    a = d.raise_portal("WS", "general", "规划条件核实进度", "规划条件核实办理进度慢。")
    d.to_visited(a, "GHJ")
    rating = d.rate(a, "WS", "unsatisfied", "办得慢。")
    services.rating_review_request(actor=d.reviewer, rating_id=rating.pk,
                                   reason="该事项在法定时限内办结，企业所述延误系其材料补正所致。")
    _backdate(a, nov(5), dt.timedelta(days=2))
    a = d.raise_portal("HT", "general", "规划许可证邮寄地址错误", "许可证邮寄到了旧地址。")
    d.to_visited(a, "GHJ")
    rating = d.rate(a, "HT", "very_unsatisfied", "地址错误导致延误。")
    services.rating_review_request(actor=d.reviewer, rating_id=rating.pk,
                                   reason="邮寄地址为企业在申请表中填写的地址，非我局过错。")
    services.rating_review_decide(actor=d.leader, rating_id=rating.pk, overturn=True,
                                  note="经核实申请表，地址为企业自行填写，撤销该差评。")
    _backdate(a, nov(6), dt.timedelta(days=2))
    # A duplicate merged into the case it repeats.
    dup = d.raise_portal("ALD", "complex", "试飞场地围栏审批", "试飞场地围栏报建手续（重复提交）。")
    services.appeal_merge(actor=d.window, appeal_id=dup.pk, into_id=red.pk)
    _backdate(dup, nov(3), dt.timedelta(0))
    # A leader's visit: the problems captured became appeals.
    visit = services.visit_record(
        actor=d.leader, enterprise_id=d.by_code["ZB"].pk, visited_on=dt.date(2026, 11, 10),
        people="刘振华（管委会主任）、孙志强（项目管家）、张明（中玻）",
        summary="进园区进企业：了解二期项目建设进展及生产经营困难。",
        problems=[
            {"category_id": d.cat["utilities"].pk, "title": "二期项目正式用电报装",
             "description": "二期项目需办理 10kV 正式用电报装。"},
            {"category_id": d.cat["general"].pk, "title": "技术工人招聘困难",
             "description": "玻璃深加工技术工人缺口约 40 人。"},
        ])
    for appeal in visit.appeals.order_by("id"):
        if appeal.category.code == "utilities":
            d.to_visited(appeal, "WB-GD")
            d.rate(appeal, "ZB", "very_satisfied")
            _backdate(appeal, nov(10, 15), dt.timedelta(hours=18))
        else:
            d.to_handling(appeal, "JFJ")
            _backdate(appeal, nov(24, 15), dt.timedelta(0))
    # The history above was back-dated under the services: store the clocks it now gives.
    appeal_clocks_refresh(queryset=Appeal.objects.filter(zone=d.zone))
    # Overdue cases go to the department head (the sweep the scheduler runs).
    services.appeals_escalate_all(actor=Actor.system("appeals_escalate"))
