"""JSON API of appeals and ratings: thin handlers over the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr

from zonedesk.appeals import clocks, rules, selectors, services
from zonedesk.appeals.models import Appeal, Level, Rating
from zonedesk.core.api import api_actor, errors
from zonedesk.core.figure_cache import figures_cached
from zonedesk.core.replica import replica_reads
from zonedesk.core.requests import ApiRequest
from zonedesk.workdays.selectors import work_calendar

router = Router(tags=["appeals"])

WRITE_ERRORS = errors(401, 403, 404, 409, 422)


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class TimingOut(Schema):
    due_date: dt.date | None
    due_at: dt.datetime | None
    provisional: bool
    state: str = Field(description="running / paused / yellow / red / done；空：尚未受理")
    remaining: Decimal | None
    unit: str


class AppealOut(Schema):
    id: int
    number: str
    zone: str
    enterprise_id: int
    enterprise_name: str
    category: str
    source: str
    title: str
    status: str
    status_name: str
    lead_department: str | None
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    replied_at: dt.datetime | None
    replied_on_time: bool | None
    closed_at: dt.datetime | None
    escalated: bool
    merged_into_id: int | None
    version: int
    timing: TimingOut


class AppealsFileOut(Schema):
    id: int
    name: str
    url: str = Field(description="下载地址（与诉求、评价同样的查看权限）")


class EventOut(Schema):
    at: dt.datetime
    appeal_number: str
    action: str
    label: str
    actor: str
    note: str
    attachments: list[AppealsFileOut] = Field(description="随本次答复、回访等提交的照片和文件")


class SupervisionOut(Schema):
    at: dt.datetime
    leader: str
    note: str


class AppealDetailOut(AppealOut):
    description: str
    contact_name: str
    contact_phone: str
    co_departments: list[str]
    reply: str
    supervisions: list[SupervisionOut]
    history: list[EventOut]
    explain: list[str]


class AppealPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AppealOut]


class AppealListQuery(Schema):
    status: str = Field("", description="状态值，或 open / active / closed")
    category: int | None = None
    department: int | None = None
    source: str = ""
    q: str = ""
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)


class RaiseIn(Strict):
    enterprise_id: StrictInt | None = Field(None, description="企业用户可省略；管家代企业提出时必填")
    category_id: StrictInt
    title: StrictStr
    description: StrictStr
    contact_name: StrictStr = ""
    contact_phone: StrictStr = ""


class LogIn(Strict):
    enterprise_id: StrictInt
    category_id: StrictInt
    title: StrictStr
    description: StrictStr
    contact_name: StrictStr = ""
    contact_phone: StrictStr = ""


class VersionIn(Strict):
    version: StrictInt | None = Field(None, description="操作所基于的版本；与当前不符时返回 409")


class TextIn(VersionIn):
    text: StrictStr


class OptionalTextIn(VersionIn):
    text: StrictStr = ""


class DispatchIn(VersionIn):
    lead_department_id: StrictInt
    co_department_ids: list[StrictInt] = []
    note: StrictStr = ""


class MergeIn(VersionIn):
    into_id: StrictInt


class ProblemIn(Strict):
    category_id: StrictInt
    title: StrictStr
    description: StrictStr


class VisitIn(Strict):
    enterprise_id: StrictInt
    visited_on: dt.date
    people: StrictStr
    summary: StrictStr = ""
    problems: list[ProblemIn]


class VisitOut(Schema):
    id: int
    enterprise_id: int
    visited_on: dt.date
    people: str
    appeal_ids: list[int]


class RatingIn(Strict):
    kind: StrictStr = Field(description="appeal（诉求）或 application（审批申请）")
    case_id: StrictInt
    level: Level
    tags: list[StrictStr] = []
    comment: StrictStr = ""


class RerateIn(Strict):
    level: Level
    tags: list[StrictStr] = []
    comment: StrictStr = ""


class DecideIn(Strict):
    overturn: StrictBool
    note: StrictStr


class RectificationOut(Schema):
    status: str
    due_on: dt.date
    provisional: bool
    reply: str
    visit_note: str
    reply_attachments: list[AppealsFileOut]
    visit_attachments: list[AppealsFileOut]


class ReviewOut(Schema):
    reason: str
    decision: str
    decision_note: str


class RatingOut(Schema):
    id: int
    kind: str
    case_id: int
    case_title: str
    enterprise_id: int
    level: str
    level_name: str
    first_level: str
    tags: list[str]
    comment: str
    rated_by: str
    rated_at: dt.datetime
    status: str
    department_ids: list[int]
    rectification: RectificationOut | None
    review: ReviewOut | None


class RatingPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RatingOut]


class RatesQuery(Schema):
    model_config = ConfigDict(populate_by_name=True)
    start: dt.date = Field(alias="from", description="期间开始（含）")
    end: dt.date = Field(alias="to", description="期间结束（含）")


class RateOut(Schema):
    numerator: int
    denominator: int
    percent: Decimal | None


class RateRowOut(Schema):
    key: str
    closed_rate: RateOut
    on_time_rate: RateOut
    satisfaction_rate: RateOut


class RatesOut(Schema):
    start: dt.date
    end: dt.date
    formulas: dict[str, str]
    total: RateRowOut
    by_department: list[RateRowOut]
    by_category: list[RateRowOut]
    as_of: dt.datetime = Field(description="统计时刻：同一园区、期间与语言的统计最多复用 60 秒")


# -- helpers -------------------------------------------------------------------------------------


def _timing(a: Appeal, cal, ratio) -> dict:
    t = clocks.timing(a, cal, ratio)
    return {"due_date": t.due.date if t.due else None, "due_at": t.due.at if t.due else None,
            "provisional": bool(t.due and t.due.provisional), "state": t.state,
            "remaining": t.remaining, "unit": t.unit}


def _out(a: Appeal, cal, ratio) -> dict:
    return {
        "id": a.pk, "number": a.number, "zone": a.zone.code, "enterprise_id": a.enterprise_id,
        "enterprise_name": a.enterprise.name, "category": a.category.name, "source": a.source,
        "title": a.title, "status": a.status, "status_name": str(a.get_status_display()),
        "lead_department": a.lead_department.name if a.lead_department_id else None,
        "submitted_at": a.submitted_at, "accepted_at": a.accepted_at, "replied_at": a.replied_at,
        "replied_on_time": a.replied_on_time, "closed_at": a.closed_at,
        "escalated": a.escalated_at is not None, "merged_into_id": a.merged_into_id,
        "version": a.version, "timing": _timing(a, cal, ratio),
    }


def _detail(request: ApiRequest, pk: int) -> dict:
    a = selectors.get_appeal_for(request.auth, pk)
    cal, s = work_calendar(), clocks.zone_settings(a.zone_id)
    clock = clocks.clock_for(a)
    out = _out(a, cal, s.yellow_ratio)
    out.update({
        "description": a.description, "contact_name": a.contact_name, "contact_phone": a.contact_phone,
        "co_departments": [d.name for d in a.co_departments.all()], "reply": a.reply,
        "supervisions": [{"at": x.at, "leader": x.leader_display, "note": x.note}
                         for x in a.supervisions.all()],
        "history": [{"at": e.at, "appeal_number": e.appeal.number, "action": e.action, "label": e.label,
                     "actor": e.actor_display, "note": e.note,
                     "attachments": [_file(f, "appeals:attachment", f.appeal_id)
                                     for f in e.attachments.all()]}
                    for e in selectors.appeal_history(a)],
        "explain": clock.explain(cal, clocks.local(a.replied_at or timezone.now())) if clock else [],
    })
    return out


def _file(f, url_name: str, owner_id: int) -> dict:
    return {"id": f.pk, "name": f.stored_file.name, "url": reverse(url_name, args=[owner_id, f.pk])}


def _rect_files(r: Rating, rect, stage: str) -> list[dict]:
    return [_file(f, "appeals:rectification_attachment", r.pk) for f in rect.attachments.all()
            if f.stage == stage]


def _rating_out(r: Rating) -> dict:
    rect = getattr(r, "rectification", None)
    review = getattr(r, "review", None)
    return {
        "id": r.pk, "kind": r.kind, "case_id": r.case_id, "case_title": r.case_title,
        "enterprise_id": r.enterprise_id, "level": r.level, "level_name": str(r.get_level_display()),
        "first_level": r.first_level, "tags": r.tags, "comment": r.comment, "rated_by": r.rated_by_display,
        "rated_at": r.rated_at, "status": r.status, "department_ids": [d.pk for d in r.departments.all()],
        "rectification": {"status": rect.status, "due_on": rect.due_on, "provisional": rect.due_provisional,
                          "reply": rect.reply, "visit_note": rect.visit_note,
                          "reply_attachments": _rect_files(r, rect, "reply"),
                          "visit_attachments": _rect_files(r, rect, "visit")} if rect else None,
        "review": {"reason": review.reason, "decision": review.decision,
                   "decision_note": review.decision_note} if review else None,
    }


def _rating(request: ApiRequest, pk: int) -> dict:
    return _rating_out(selectors.get_rating_for(request.auth, pk))


# -- appeals -------------------------------------------------------------------------------------


@router.get("/", response={200: AppealPage, **errors(401, 422)}, summary="诉求列表（按权限范围）")
def list_appeals(request: ApiRequest, query: Query[AppealListQuery]):
    qs = selectors.appeal_list_for(user=request.auth, filters=selectors.AppealFilter(
        status=query.status, category=query.category, department=query.department,
        source=query.source, q=query.q.strip()))
    start = (query.page - 1) * query.page_size
    items = list(qs[start:start + query.page_size])
    cal, s = work_calendar(), clocks.zone_settings(request.auth.zone_id)
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size,
            "items": [_out(a, cal, s.yellow_ratio) for a in items]}


@router.post("/", response={201: AppealDetailOut, **WRITE_ERRORS},
             summary="企业提出诉求（管家凭授权代企业提出）")
def raise_appeal(request: ApiRequest, payload: RaiseIn):
    a = services.appeal_raise(actor=api_actor(request),
                              enterprise_id=payload.enterprise_id or request.auth.enterprise_id or 0,
                              category_id=payload.category_id, title=payload.title,
                              description=payload.description, contact_name=payload.contact_name,
                              contact_phone=payload.contact_phone)
    return Status(201, _detail(request, a.pk))


@router.post("/hotline", response={201: AppealDetailOut, **WRITE_ERRORS}, summary="综合窗口登记热线诉求")
def log_appeal(request: ApiRequest, payload: LogIn):
    a = services.appeal_log(actor=api_actor(request), enterprise_id=payload.enterprise_id,
                            category_id=payload.category_id, title=payload.title,
                            description=payload.description, contact_name=payload.contact_name,
                            contact_phone=payload.contact_phone)
    return Status(201, _detail(request, a.pk))


@router.post("/visits", response={201: VisitOut, **WRITE_ERRORS}, summary="登记走访，发现的问题转为诉求")
def record_visit(request: ApiRequest, payload: VisitIn):
    v = services.visit_record(actor=api_actor(request), enterprise_id=payload.enterprise_id,
                              visited_on=payload.visited_on, people=payload.people, summary=payload.summary,
                              problems=[p.model_dump() for p in payload.problems])
    return Status(201, {"id": v.pk, "enterprise_id": v.enterprise_id, "visited_on": v.visited_on,
                        "people": v.people, "appeal_ids": list(v.appeals.values_list("pk", flat=True))})


@router.get("/rates", response={200: RatesOut, **errors(401, 403, 422)},
            summary="办结率、按时办结率、满意率（按部门、类别、期间）")
def appeal_rates(request: ApiRequest, query: Query[RatesQuery]):
    from zonedesk.core.errors import Forbidden

    start, end = query.start, query.end

    user = request.auth
    if not user.is_business_staff:
        raise Forbidden("forbidden", "只有园区工作人员可以查看统计")
    # A reader of whole zones shares the zones' figures with their other readers; anyone else
    # (a department's staff) sees only part of them, so their own.
    zones = selectors.whole_zones(user)
    scope = ("zones", sorted(zones)) if zones is not None else ("user", user.pk)
    with replica_reads():  # figures over many rows: a streaming replica serves them when configured
        rates, as_of = figures_cached("appeals.rates", (scope, user.zone_id, start, end),
                                      lambda: _rates(user, start, end))
    return {**rates, "as_of": as_of}


def _rates(user, start, end) -> dict:
    appeals = Appeal.objects.visible_to(user)
    ratings = Rating.objects.visible_to(user).filter(kind="appeal")
    s = clocks.zone_settings(user.zone_id)
    levels, today = clocks.satisfied_levels(s), timezone.localdate()

    # Grouped SQL aggregates (whole zones: over the per-day summary): three queries whatever the size.
    groups = selectors.appeal_rates_all(appeals, ratings, start=start, end=end, today=today, levels=levels,
                                        zone_ids=selectors.whole_zones(user))

    def rows(found):
        return [{"key": str(r.key), "closed_rate": _rate(r.closed), "on_time_rate": _rate(r.on_time),
                 "satisfaction_rate": _rate(r.satisfaction)} for r in found]

    total = rows(groups[0])
    empty = {"numerator": 0, "denominator": 0, "percent": None}
    return {
        "start": start, "end": end,
        "formulas": {"closed_rate": s.closed_rate_formula, "on_time_rate": s.on_time_rate_formula,
                     "satisfaction_rate": s.satisfaction_formula},
        "total": total[0] if total else {"key": "all", "closed_rate": empty, "on_time_rate": empty,
                                         "satisfaction_rate": empty},
        "by_department": rows(groups[1]),
        "by_category": rows(groups[2]),
    }


def _rate(r: rules.Rate) -> dict:
    return {"numerator": r.numerator, "denominator": r.denominator, "percent": r.percent}


@router.get("/ratings", response={200: RatingPage, **errors(401, 422)}, summary="好差评列表")
def list_ratings(request: ApiRequest, kind: str = "", status: str = "", page: int = Query(1, ge=1),
                 page_size: int = Query(20, ge=1, le=200)):
    qs = selectors.rating_list_for(user=request.auth, kind=kind, status=status)
    start = (page - 1) * page_size
    return {"count": qs.count(), "page": page, "page_size": page_size,
            "items": [_rating_out(r) for r in qs[start:start + page_size]]}


@router.post("/ratings", response={201: RatingOut, **WRITE_ERRORS},
             summary="评价已办结的诉求或审批申请（一事一评）")
def create_rating(request: ApiRequest, payload: RatingIn):
    r = services.rating_create(actor=api_actor(request), kind=payload.kind, case_id=payload.case_id,
                               level=payload.level.value, tags=payload.tags, comment=payload.comment)
    return Status(201, _rating(request, r.pk))


@router.get("/ratings/{rating_id}", response={200: RatingOut, **errors(401, 404)}, summary="评价详情")
def get_rating(request: ApiRequest, rating_id: int):
    return _rating(request, rating_id)


@router.post("/ratings/{rating_id}/rectification/reply", response={200: RatingOut, **WRITE_ERRORS},
             summary="被评价部门答复差评整改")
def rect_reply(request: ApiRequest, rating_id: int, payload: TextIn):
    services.rectification_reply(actor=api_actor(request), rating_id=rating_id, reply=payload.text)
    return _rating(request, rating_id)


@router.post("/ratings/{rating_id}/rectification/visit", response={200: RatingOut, **WRITE_ERRORS},
             summary="综合窗口回访差评整改")
def rect_visit(request: ApiRequest, rating_id: int, payload: TextIn):
    services.rectification_visit(actor=api_actor(request), rating_id=rating_id, note=payload.text)
    return _rating(request, rating_id)


# The same moves with photos and files: multipart forms (text, files), same kinds and limits as
# raising an appeal; the JSON routes above stay as they are for text-only clients.
@router.post("/ratings/{rating_id}/rectification/reply-with-files", response={200: RatingOut, **WRITE_ERRORS},
             summary="被评价部门答复差评整改，附照片或文件（multipart）")
def rect_reply_files(request: ApiRequest, rating_id: int, text: Form[str],
                     files: File[list[UploadedFile]] = None):
    services.rectification_reply(actor=api_actor(request), rating_id=rating_id, reply=text,
                                 files=files or [])
    return _rating(request, rating_id)


@router.post("/ratings/{rating_id}/rectification/visit-with-files", response={200: RatingOut, **WRITE_ERRORS},
             summary="综合窗口回访差评整改，附照片或文件（multipart）")
def rect_visit_files(request: ApiRequest, rating_id: int, text: Form[str],
                     files: File[list[UploadedFile]] = None):
    services.rectification_visit(actor=api_actor(request), rating_id=rating_id, note=text, files=files or [])
    return _rating(request, rating_id)


@router.post("/ratings/{rating_id}/rerate", response={200: RatingOut, **WRITE_ERRORS},
             summary="整改回访后企业重新评价（一次）")
def rerate(request: ApiRequest, rating_id: int, payload: RerateIn):
    services.rating_rerate(actor=api_actor(request), rating_id=rating_id, level=payload.level.value,
                           tags=payload.tags, comment=payload.comment)
    return _rating(request, rating_id)


@router.post("/ratings/{rating_id}/review", response={200: RatingOut, **WRITE_ERRORS},
             summary="被评价部门提出申诉复核")
def review_request(request: ApiRequest, rating_id: int, payload: TextIn):
    services.rating_review_request(actor=api_actor(request), rating_id=rating_id, reason=payload.text)
    return _rating(request, rating_id)


@router.post("/ratings/{rating_id}/review/decide", response={200: RatingOut, **WRITE_ERRORS},
             summary="领导作出复核决定（撤销的评价不计入满意率）")
def review_decide(request: ApiRequest, rating_id: int, payload: DecideIn):
    services.rating_review_decide(actor=api_actor(request), rating_id=rating_id,
                                  overturn=payload.overturn, note=payload.note)
    return _rating(request, rating_id)


@router.get("/{appeal_id}", response={200: AppealDetailOut, **errors(401, 404)}, summary="诉求详情及办理过程")
def get_appeal(request: ApiRequest, appeal_id: int):
    return _detail(request, appeal_id)


def _move(name: str, summary: str, schema, call):
    """One route per move; each calls its service (no dispatch by string at run time)."""

    def handler(request: ApiRequest, appeal_id: int, payload):
        call(api_actor(request), appeal_id, payload)
        return _detail(request, appeal_id)

    # Annotations are strings under `from __future__`; ninja reads the body schema from here.
    handler.__annotations__ = {"request": HttpRequest, "appeal_id": int, "payload": schema}
    handler.__name__ = f"appeal_{name.replace('-', '_')}"
    return router.post(f"/{{appeal_id}}/{name}", response={200: AppealDetailOut, **WRITE_ERRORS},
                       summary=summary, operation_id=handler.__name__)(handler)


_move("accept", "受理（开始计时）", VersionIn,
      lambda a, pk, p: services.appeal_accept(actor=a, appeal_id=pk, version=p.version))
_move("reject", "不予受理", TextIn,
      lambda a, pk, p: services.appeal_reject(actor=a, appeal_id=pk, reason=p.text, version=p.version))
_move("dispatch", "派单（主办、协办部门）", DispatchIn,
      lambda a, pk, p: services.appeal_dispatch(
          actor=a, appeal_id=pk, lead_department_id=p.lead_department_id,
          co_department_ids=p.co_department_ids, note=p.note, version=p.version))


class AppealReturnedOut(Schema):
    """What the department that returned an appeal may still know of it: once back at the window
    it is no longer the department's work, so the full detail would be a 404."""

    id: int
    status: str
    status_name: str
    version: int


@router.post("/{appeal_id}/return", response={200: AppealReturnedOut, **WRITE_ERRORS},
             summary="退单（说明理由，退回综合窗口）", operation_id="appeal_return")
def appeal_return(request: HttpRequest, appeal_id: int, payload: TextIn):
    a = services.appeal_return(actor=api_actor(request), appeal_id=appeal_id, reason=payload.text,
                               version=payload.version)
    return {"id": a.pk, "status": a.status, "status_name": a.get_status_display(), "version": a.version}


_move("sign", "签收", VersionIn,
      lambda a, pk, p: services.appeal_sign(actor=a, appeal_id=pk, version=p.version))
_move("request-info", "请企业补充（暂停计时）", TextIn,
      lambda a, pk, p: services.appeal_request_info(actor=a, appeal_id=pk, reason=p.text, version=p.version))
_move("supply-info", "企业补充说明（恢复计时）", TextIn,
      lambda a, pk, p: services.appeal_supply_info(actor=a, appeal_id=pk, text=p.text, version=p.version))
_move("reply", "答复企业", TextIn,
      lambda a, pk, p: services.appeal_reply(actor=a, appeal_id=pk, reply=p.text, version=p.version))
_move("visit", "回访", TextIn,
      lambda a, pk, p: services.appeal_visit(actor=a, appeal_id=pk, note=p.text, version=p.version))
@router.post("/{appeal_id}/reply-with-files", response={200: AppealDetailOut, **WRITE_ERRORS},
             summary="答复企业，附照片或文件（multipart）")
def appeal_reply_files(request: ApiRequest, appeal_id: int, text: Form[str], version: Form[int | None] = None,
                       files: File[list[UploadedFile]] = None):
    services.appeal_reply(actor=api_actor(request), appeal_id=appeal_id, reply=text, version=version,
                          files=files or [])
    return _detail(request, appeal_id)


@router.post("/{appeal_id}/visit-with-files", response={200: AppealDetailOut, **WRITE_ERRORS},
             summary="回访，附照片或文件（multipart）")
def appeal_visit_files(request: ApiRequest, appeal_id: int, text: Form[str], version: Form[int | None] = None,
                       files: File[list[UploadedFile]] = None):
    services.appeal_visit(actor=api_actor(request), appeal_id=appeal_id, note=text, version=version,
                          files=files or [])
    return _detail(request, appeal_id)


_move("close", "办结（企业未评价时）", OptionalTextIn,
      lambda a, pk, p: services.appeal_close(actor=a, appeal_id=pk, note=p.text, version=p.version))
_move("reopen", "重办", TextIn,
      lambda a, pk, p: services.appeal_reopen(actor=a, appeal_id=pk, reason=p.text, version=p.version))
_move("supervise", "领导督办", TextIn,
      lambda a, pk, p: services.appeal_supervise(actor=a, appeal_id=pk, note=p.text))
_move("merge", "合并重复诉求", MergeIn,
      lambda a, pk, p: services.appeal_merge(actor=a, appeal_id=pk, into_id=p.into_id, version=p.version))
