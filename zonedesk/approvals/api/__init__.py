"""The approval workflow over JSON: the same services as the pages, the same coded errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from zonedesk.approvals import services
from zonedesk.approvals.catalogue import current_version
from zonedesk.approvals.clocks import ItemClock
from zonedesk.approvals.models import Application, ApplicationItem, ItemState, Stage
from zonedesk.approvals.selectors import (
    API_RELATED,
    Brief,
    brief_of,
    get_application_for,
    get_item_for,
    item_briefs,
    project_list_for,
    review_inbox_for,
    review_inbox_ids_for,
    timeline_for,
    window_inbox_for,
    with_clocks,
)
from zonedesk.approvals.stage_selectors import material_versions
from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import NotFound, ValidationFailed
from zonedesk.core.pagination import BadCursor, capped_count, keyset_page
from zonedesk.core.requests import ApiRequest

router = Router(tags=["approvals"])

# The body of both 补正 answers (an item's, the stage notice's).
SUPPLEMENT_MULTIPART = (
    "multipart：answer 为补正说明；files 为补正文件，material_type_ids 为与 files "
    "一一对应的材料类型 id（逗号分隔）。缺少补正要求的任一材料时拒绝并列出所缺材料。"
)


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ApprovalProjectIn(Strict):
    enterprise_id: StrictInt
    name: StrictStr = Field(max_length=200)
    code: StrictStr = Field(max_length=40, description="投资项目代码，GB/T 40058-2021，24 位")
    category_id: StrictInt
    parcels: list[StrictStr] = Field(max_length=50)


# A value of the stage form: the service checks it against the field's declared type.
FormValue = StrictStr | StrictInt | float | None


class ApplicationIn(Strict):
    stage: StrictStr = Field(pattern="^(" + "|".join(Stage.values) + ")$")
    simulated: StrictBool = False
    note: StrictStr = Field("", max_length=500)
    form: dict[StrictStr, FormValue] = Field(
        default_factory=dict,
        max_length=100,
        description="本阶段申请表：字段键 → 值（GET …/stage-form 列出字段、必填与预填值；"
        "留空的字段取预填值，缺少或不合规的必填字段逐一列出）",
    )


class AcceptIn(Strict):
    tolerance: StrictBool = Field(
        False, description="容缺受理（须信用等级达标、无失信、仅缺次要材料并已签署信用承诺书）"
    )


class ReasonIn(Strict):
    reason: StrictStr = Field("", max_length=500)


class ApprovalsSupplementIn(Strict):
    reason: StrictStr = Field("", max_length=500)
    material_type_ids: list[StrictInt] = Field(
        default_factory=list, max_length=50, description="须重新上传的材料类型 id（本事项材料清单中的）"
    )


class Lean(BaseModel):
    """A list row's schema: plain pydantic, built from dicts and checked once inside
    pydantic-core. ninja's Schema wraps every nested object in a DjangoGetter (about 1 ms a row
    on the inbox page, most of the answer's Python); these rows are made here, not read from
    model attributes, so they do not need it."""


class DueOut(Lean):
    date: dt.date
    provisional: bool = Field(description="依据尚未录入官方安排的年份推算，暂定")
    paused: bool = False


class ClockOut(Lean):
    state: str = Field(description="running/yellow/red/paused/done/waiting")
    due: DueOut | None
    used_working_days: int
    remaining_working_days: int | None


class ApprovalsDeadlineMovedOut(Schema):
    field: str = Field(description="due_date（办理期限）或 tolerance_deadline（容缺补齐期限）")
    before: DueOut | None
    after: DueOut | None
    changed_at: dt.datetime
    reason: str


class ItemBriefOut(Lean):
    """An item in a list (inbox, project timeline): its state, clock and decision. The steps
    that explain its deadline are on the item itself (``GET /api/approvals/items/{id}``)."""

    id: int
    code: str
    name: str
    department: str
    state: str
    state_name: str
    green_channel: bool
    limit_days: int
    clock: ClockOut
    reason: str
    supplement_due: dt.date | None = Field(
        description="补正期限：事项待补正时申请人须在此日前提交补正材料（按工作日历计算）；不在补正中为 null"
    )
    supplement_due_provisional: bool = Field(description="补正期限跨越尚未公布节假日安排的年份（暂定）")
    waived_by: str | None
    saved_cost_wan: Decimal
    certificate_number: str | None
    certificate_verify_url: str | None


class ItemOut(ItemBriefOut):
    """One item with the explanation of its deadline and the recorded moves of it."""

    explanation: list[str] = Field(description="期限说明：起算、暂停、节假日（暂定年份）与期限，与页面一致")
    deadline_moved: list[ApprovalsDeadlineMovedOut] = Field(description="节假日调整后重算而移动的期限")


class ApprovalsMaterialVersionOut(Schema):
    record_id: int
    version: int
    file_name: str
    created_at: dt.datetime
    created_by: str
    supplement_id: int | None = Field(description="所答补正要求")


class MaterialOut(Schema):
    material_type_id: int
    code: str
    name: str
    requirement: str
    status: str
    status_name: str
    record_id: int | None
    versions: list[ApprovalsMaterialVersionOut] = Field(description="材料各版本，新版本在前")


class ApplicationOut(Schema):
    id: int
    project_id: int
    stage: str
    stage_name: str
    status: str
    status_name: str
    simulated: bool
    green_channel: bool
    tolerance: bool
    tolerance_deadline: dt.date | None
    tolerance_deadline_provisional: bool = Field(
        description="容缺补齐期限依据尚未录入官方安排的年份推算，暂定"
    )
    window_notice: list[dict]
    form: dict = Field(description="本阶段申请表（一张表单）的字段值")
    catalogue_version: int
    materials: list[MaterialOut]
    items: list[ItemOut]


class StageOut(Lean):
    stage: str
    name: str
    application_id: int | None
    status: str | None
    used_working_days: int
    forecast_start: dt.date | None
    forecast_end: DueOut | None
    done: bool
    asked_of_applicant: list[str]
    items: list[ItemBriefOut]


class TimelineOut(Lean):
    project_id: int
    name: str
    code: str
    enterprise: str
    category: str
    limit_working_days: int
    used_working_days: int
    left_working_days: int
    saved_cost_wan: Decimal = Field(description="区域评估节省费用，万元")
    forecast_end: DueOut | None
    stages: list[StageOut]


class ApprovalProjectOut(Schema):
    id: int
    name: str
    code: str
    enterprise_id: int
    enterprise: str
    category: str
    limit_working_days: int
    parcels: list[str]
    saved_cost_wan: Decimal


class InboxOut(Lean):
    count: int
    count_capped: bool = Field(False, description="超过 10,000 件时 count 为 10000，表示“10,000+”")
    page: int
    page_size: int
    next_cursor: str | None = Field(None, description="下一页游标（cursor 参数），没有下一页时为空")
    items: list[ItemBriefOut]


class WindowRow(Schema):
    id: int
    project: str
    enterprise: str
    stage_name: str
    status: str
    green_channel: bool
    simulated: bool
    missing: list[str]


class WindowInboxOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[WindowRow]


class CatalogueItemOut(Schema):
    id: int
    code: str
    name: str
    stage: str
    department: str
    statutory_days: int
    promised_days: int
    is_utility: bool
    waivable_by: str
    materials: list[dict]


class CatalogueOut(Schema):
    version: int
    categories: list[dict]
    items: list[CatalogueItemOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)

    def rows(self, qs):
        """This page's slice of ``qs`` (every paged list of the approval API)."""
        start = (self.page - 1) * self.page_size
        return qs[start : start + self.page_size]


def due_out(date: dt.date | None, provisional: bool, paused: bool = False) -> DueOut | None:
    """A stored or computed deadline as the API shows it (with its 暂定 flag), or None."""
    return DueOut(date=date, provisional=provisional, paused=paused) if date else None


def _due(due) -> dict | None:
    return {"date": due.date, "provisional": due.provisional, "paused": due.paused} if due else None


def _clock(c: ItemClock) -> dict:
    return {"state": c.state, "due": _due(c.due), "used_working_days": c.used,
            "remaining_working_days": c.remaining}


def _moved(c) -> ApprovalsDeadlineMovedOut:
    return ApprovalsDeadlineMovedOut(
        field=c.field,
        before=due_out(c.before, c.before_provisional),
        after=due_out(c.after, c.after_provisional),
        changed_at=c.changed_at,
        reason=c.reason,
    )


def _brief(b: Brief) -> dict:
    """An ``ItemBriefOut`` of a list's item (``item_briefs``, ``brief_of``)."""
    v, pause = b.values, b.open_pause
    code = v["certificate__verify_code"]
    return {
        "id": v["id"],
        "code": v["item__code"],
        "name": v["item__name"],
        "department": v["department__name"],
        "state": v["state"],
        "state_name": str(ItemState(v["state"]).label),
        "green_channel": v["green_channel"],
        "limit_days": v["limit_days"],
        "clock": _clock(b.clock),
        "reason": v["reason"],
        "supplement_due": pause.due_on if pause else None,
        "supplement_due_provisional": bool(pause and pause.due_provisional),
        "waived_by": v["waived_by__title"],
        "saved_cost_wan": v["saved_cost_wan"],
        "certificate_number": v["certificate__number"],
        "certificate_verify_url": reverse("certificates:verify", args=[code]) if code else None,
    }


def _item(row) -> ItemOut:
    return ItemOut(**_brief(brief_of(row)), explanation=row.explain,
                   deadline_moved=[_moved(c) for c in row.ai.deadline_changes.all()])


def _application(request: ApiRequest, pk: int) -> ApplicationOut:
    app: Application = get_application_for(request.auth, pk)
    items = (
        app.items.select_related("item", "department", "waived_by", "certificate")
        .prefetch_related("pauses", "deadline_changes")
        .order_by("item__sort")
    )
    versions = material_versions(app)
    return ApplicationOut(
        id=app.pk,
        project_id=app.project_id,
        stage=app.stage,
        stage_name=app.get_stage_display(),
        status=app.status,
        status_name=app.get_status_display(),
        simulated=app.simulated,
        green_channel=app.green_channel,
        tolerance=app.tolerance,
        tolerance_deadline=app.tolerance_deadline,
        tolerance_deadline_provisional=bool(app.tolerance_deadline and app.tolerance_provisional),
        window_notice=app.window_notice,
        form=app.form or {},
        catalogue_version=app.version.number,
        materials=[
            MaterialOut(
                material_type_id=m.material_type_id,
                code=m.material_type.code,
                name=m.material_type.name,
                requirement=m.requirement,
                status=m.status,
                status_name=m.get_status_display(),
                record_id=m.record_id,
                versions=[
                    ApprovalsMaterialVersionOut(
                        record_id=r.pk,
                        version=r.version,
                        file_name=r.file_name,
                        created_at=r.created_at,
                        created_by=r.created_by,
                        supplement_id=r.supplement_id,
                    )
                    for r in versions.get(m.material_type_id, [])
                ],
            )
            for m in app.materials.select_related("material_type")
        ],
        items=[_item(r) for r in with_clocks(items, zone_id=app.zone_id)],
    )


def _project(p) -> ApprovalProjectOut:
    return ApprovalProjectOut(
        id=p.pk,
        name=p.name,
        code=p.code,
        enterprise_id=p.enterprise_id,
        enterprise=p.enterprise.name,
        category=p.category.name,
        limit_working_days=p.category.limit_days,
        parcels=p.parcels,
        saved_cost_wan=p.saved_cost_wan,
    )


@router.get(
    "/catalogue",
    response={200: CatalogueOut, **errors(401, 404)},
    summary="本园区现行审批事项目录",
    url_name="approvals_catalogue",
)
def catalogue(request: ApiRequest):
    user = request.auth
    version = current_version(user.zone_id) if user.zone_id and not user.is_admin_role else None
    if version is None:
        raise NotFound()
    items = version.items.select_related("department").prefetch_related("materials__material_type")
    return CatalogueOut(
        version=version.number,
        categories=[
            {"id": c.pk, "code": c.code, "name": c.name, "limit_days": c.limit_days}
            for c in version.categories.all()
        ],
        items=[
            CatalogueItemOut(
                id=i.pk,
                code=i.code,
                name=i.name,
                stage=i.stage,
                department=i.department.name,
                statutory_days=i.statutory_days,
                promised_days=i.promised_days,
                is_utility=i.is_utility,
                waivable_by=i.waivable_by,
                materials=[
                    {"code": m.material_type.code, "name": m.material_type.name, "requirement": m.requirement}
                    for m in i.materials.all()
                ],
            )
            for i in items
        ],
    )


@router.get(
    "/projects",
    response={200: list[ApprovalProjectOut], **errors(401, 422)},
    summary="工程建设项目",
    url_name="approvals_projects",
)
def projects(request: ApiRequest, q: Query[PageQuery]):
    return [_project(p) for p in q.rows(project_list_for(user=request.auth))]


@router.post(
    "/projects",
    response={201: ApprovalProjectOut, **errors(401, 403, 404, 422)},
    summary="登记工程建设项目",
    url_name="approvals_create_project",
)
def create_project(request: ApiRequest, payload: ApprovalProjectIn):
    p = services.project_create(
        actor=api_actor(request),
        enterprise_id=payload.enterprise_id,
        name=payload.name,
        code=payload.code,
        category_id=payload.category_id,
        parcels=payload.parcels,
    )
    return Status(201, _project(p))


@router.get(
    "/projects/{int:pk}/timeline",
    response={200: TimelineOut, **errors(401, 404)},
    summary="项目进度（不见面审批）与进度预测",
    url_name="approvals_timeline",
)
def timeline(request: ApiRequest, pk: int):
    tl = timeline_for(user=request.auth, project_id=pk, library=False, related=API_RELATED, explain=False)
    p = tl.project
    return TimelineOut.model_validate({
        "project_id": p.pk,
        "name": p.name,
        "code": p.code,
        "enterprise": p.enterprise.name,
        "category": p.category.name,
        "limit_working_days": tl.limit,
        "used_working_days": tl.used,
        "left_working_days": tl.left,
        "saved_cost_wan": p.saved_cost_wan,
        "forecast_end": _due(tl.forecast_end),
        "stages": [
            {
                "stage": s.stage,
                "name": s.label,
                "application_id": s.application.pk if s.application else None,
                "status": s.application.status if s.application else None,
                "used_working_days": s.used,
                "forecast_start": s.forecast.start if s.forecast else None,
                "forecast_end": _due(s.forecast.end) if s.forecast else None,
                "done": bool(s.forecast and s.forecast.done),
                "asked_of_applicant": s.asked,
                "items": [_brief(brief_of(r)) for r in s.rows],
            }
            for s in tl.stages
        ],
    })


@router.post(
    "/projects/{int:pk}/applications",
    response={201: ApplicationOut, **errors(401, 403, 404, 409, 422)},
    summary="一张表单申报本阶段",
    url_name="approvals_submit",
)
def submit(request: ApiRequest, pk: int, payload: ApplicationIn):
    app = services.application_submit(
        actor=api_actor(request),
        project_id=pk,
        stage=payload.stage,
        simulated=payload.simulated,
        form={
            **{k: "" if v is None else str(v) for k, v in payload.form.items()},
            "note": payload.note,
        },
    )
    return Status(201, _application(request, app.pk))


@router.get(
    "/applications/{int:pk}",
    response={200: ApplicationOut, **errors(401, 404)},
    summary="申请详情",
    url_name="approvals_application",
)
def application(request: ApiRequest, pk: int):
    return _application(request, pk)


@router.post(
    "/applications/{int:pk}/materials/{int:material_type_id}",
    response={200: ApplicationOut, **errors(401, 403, 404, 409, 422)},
    summary="上传缺少的材料（类型按内容识别，超限或伪装的文件被拒绝并说明原因）",
    url_name="approvals_upload",
)
def upload(request: ApiRequest, pk: int, material_type_id: int, file: File[UploadedFile]):
    services.application_add_material(
        actor=api_actor(request), application_id=pk, material_type_id=material_type_id, upload=file
    )
    return _application(request, pk)


_ACT = {200: ApplicationOut, **errors(401, 403, 404, 409, 422)}


@router.post(
    "/applications/{int:pk}/accept",
    response=_ACT,
    summary="窗口受理（可容缺受理）",
    url_name="approvals_accept",
)
def accept(request: ApiRequest, pk: int, payload: AcceptIn):
    services.application_accept(actor=api_actor(request), application_id=pk, tolerance=payload.tolerance)
    return _application(request, pk)


@router.post(
    "/applications/{int:pk}/refuse",
    response=_ACT,
    summary="不予受理",
    url_name="approvals_refuse_application",
)
def refuse_application(request: ApiRequest, pk: int, payload: ReasonIn):
    services.application_refuse(actor=api_actor(request), application_id=pk, reason=payload.reason)
    return _application(request, pk)


@router.post(
    "/applications/{int:pk}/supplement",
    response=_ACT,
    summary="一次性告知补正",
    url_name="approvals_request_supplement",
)
def request_supplement(request: ApiRequest, pk: int, payload: ReasonIn):
    services.application_request_supplement(actor=api_actor(request), application_id=pk, note=payload.reason)
    return _application(request, pk)


@router.post(
    "/applications/{int:pk}/resubmit", response=_ACT, summary="补正后重新提交", url_name="approvals_resubmit"
)
def resubmit(request: ApiRequest, pk: int):
    services.application_resubmit(actor=api_actor(request), application_id=pk)
    return _application(request, pk)


@router.post(
    "/applications/{int:pk}/sign-promise",
    response=_ACT,
    summary="签署信用承诺书",
    url_name="approvals_sign_promise",
)
def sign_promise(request: ApiRequest, pk: int):
    services.application_sign_promise(actor=api_actor(request), application_id=pk)
    return _application(request, pk)


def _item_out(request: ApiRequest, ai: ApplicationItem) -> ItemOut:
    ai = (
        ApplicationItem.objects.visible_to(request.auth)
        .select_related("item", "department", "waived_by", "certificate")
        .prefetch_related("pauses", "deadline_changes")
        .get(pk=ai.pk)
    )
    return _item(with_clocks([ai], zone_id=ai.zone_id)[0])


@router.get(
    "/items/{int:pk}",
    response={200: ItemOut, **errors(401, 404)},
    summary="审批事项：状态、计时与期限说明",
    url_name="approvals_item",
)
def item(request: ApiRequest, pk: int):
    return _item_out(request, get_item_for(request.auth, pk))


@router.post(
    "/items/{int:pk}/approve",
    response={200: ItemOut, **errors(401, 403, 404, 409, 422)},
    summary="准予许可（核发电子证照并存入企业材料库）",
    url_name="approvals_approve",
)
def approve(request: ApiRequest, pk: int, payload: ReasonIn):
    return _item_out(
        request, services.item_approve(actor=api_actor(request), item_id=pk, note=payload.reason)
    )


class ApprovalsBatchApproveIn(Strict):
    item_ids: list[StrictInt] = Field(min_length=1, max_length=50)
    reason: StrictStr = Field("", max_length=500)


@router.post(
    "/items/approve",
    response={200: list[ItemOut], **errors(401, 403, 404, 409, 422)},
    summary="批量准予许可（每个事项单独核发证照、单独审计；任一失败则全部不办理）",
    url_name="approvals_approve_many",
)
def approve_many(request: ApiRequest, payload: ApprovalsBatchApproveIn):
    done = services.item_approve_many(
        actor=api_actor(request), item_ids=payload.item_ids, note=payload.reason
    )
    return [_item_out(request, ai) for ai in done]


@router.post(
    "/items/{int:pk}/refuse",
    response={200: ItemOut, **errors(401, 403, 404, 409, 422)},
    summary="不予许可",
    url_name="approvals_refuse",
)
def refuse(request: ApiRequest, pk: int, payload: ReasonIn):
    return _item_out(
        request, services.item_refuse(actor=api_actor(request), item_id=pk, reason=payload.reason)
    )


@router.post(
    "/items/{int:pk}/supplement",
    response={200: ItemOut, **errors(401, 403, 404, 409, 422)},
    summary="要求补正（暂停计时）",
    url_name="approvals_supplement",
)
def supplement(request: ApiRequest, pk: int, payload: ApprovalsSupplementIn):
    return _item_out(
        request,
        services.item_request_supplement(
            actor=api_actor(request),
            item_id=pk,
            reason=payload.reason,
            material_type_ids=payload.material_type_ids,
        ),
    )


@router.post(
    "/items/{int:pk}/answer",
    response={200: ItemOut, **errors(401, 403, 404, 409, 422)},
    summary="提交补正（上传补正要求的全部材料，恢复计时）",
    description=SUPPLEMENT_MULTIPART,
    url_name="approvals_answer",
)
def answer(
    request: ApiRequest,
    pk: int,
    answer: Form[str] = "",
    material_type_ids: Form[str] = "",
    files: File[list[UploadedFile]] = None,
):
    return _item_out(
        request,
        services.item_answer_supplement(
            actor=api_actor(request),
            item_id=pk,
            answer=answer,
            uploads=pair_uploads(material_type_ids, files),
        ),
    )


@router.get(
    "/inbox",
    response={200: InboxOut, **errors(401, 422)},
    summary="部门在办事项（绿色通道优先，按期限排序）",
    url_name="approvals_inbox",
)
def inbox(
    request: HttpRequest,
    q: Query[PageQuery],
    cursor: str = Query("", description="上一页返回的 next_cursor：按游标翻页，深页同样快（忽略 page）"),
):
    ids = review_inbox_ids_for(user=request.auth)
    if cursor or q.page == 1:
        # Keyset: the rows after the cursor in inbox order, an index range of page-size rows.
        keys = review_inbox_for(user=request.auth).select_related(None).prefetch_related(None)
        try:
            page = keyset_page(keys.values(*INBOX_KEYS), list(INBOX_ORDER), q.page_size, cursor or None,
                               prefix=INBOX_PREFIX)
        except BadCursor:
            raise ValidationFailed({"cursor": gettext("游标无效，请从第一页重新翻页")}) from None
        page_ids, next_cursor = [r["id"] for r in page.rows], page.next_cursor
    else:
        page_ids, next_cursor = list(q.rows(ids)), None
    rows = item_briefs(page_ids, zone_id=request.auth.zone_id, now=timezone.now())
    total = capped_count(ids)
    return InboxOut.model_validate({
        "count": total.value,
        "count_capped": total.capped,
        "page": q.page,
        "page_size": q.page_size,
        "next_cursor": next_cursor,
        "items": [_brief(r) for r in rows],
    })


# The inbox index (department, in_inbox, -green_channel, due_date, id): the first two are fixed
# by the query, the cursor carries the rest.
INBOX_PREFIX = ("department_id", "in_inbox")
INBOX_ORDER = ("-green_channel", "due_date", "id")
INBOX_KEYS = ("id", "green_channel", "due_date")


@router.get(
    "/window-inbox",
    response={200: WindowInboxOut, **errors(401, 422)},
    summary="综合窗口待受理申请",
    url_name="approvals_window_inbox",
)
def window_inbox(request: ApiRequest, q: Query[PageQuery]):
    qs = window_inbox_for(user=request.auth)
    return WindowInboxOut(
        count=qs.count(),
        page=q.page,
        page_size=q.page_size,
        items=[
            WindowRow(
                id=a.pk,
                project=a.project.name,
                enterprise=a.project.enterprise.name,
                stage_name=a.get_stage_display(),
                status=a.status,
                green_channel=a.green_channel,
                simulated=a.simulated,
                missing=[m.material_type.name for m in a.materials.all() if m.status == "missing"],
            )
            for a in q.rows(qs)
        ],
    )


def pair_uploads(material_type_ids: str, files) -> dict[int, UploadedFile]:
    """Multipart 补正 uploads: ``files`` in the order of the comma-separated type ids."""
    ids = [p.strip() for p in (material_type_ids or "").replace("，", ",").split(",") if p.strip()]
    files = list(files or [])
    if len(ids) != len(files) or not all(i.isdigit() for i in ids):
        raise ValidationFailed(
            {"material_type_ids": gettext("material_type_ids 须为与 files 一一对应的材料类型 id，逗号分隔")}
        )
    return {int(i): f for i, f in zip(ids, files, strict=True)}


# Stage routes (lead department, one notice per stage, joint reviews, the stage form, credit):
# their own module, registered on this router.
from zonedesk.approvals.api import stages as _stages  # noqa: E402, F401
