"""Pages of appeals: thin — parse the form, call the service, show its coded error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.appeals import clocks, rules, selectors, services
from zonedesk.appeals.forms import AppealForm, DispatchForm, FilterForm, RatingForm, VisitForm
from zonedesk.appeals.models import Appeal, Attachment, Level, RatingStatus, ReviewDecision, Status
from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.core.replica import replica_reads
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.organisation.roles import Role
from zonedesk.workdays.selectors import work_calendar

# Lazy: built at import, shown in the language of each request.
ACTION_LABELS = {
    "accept": gettext_lazy("受理"), "reject": gettext_lazy("不予受理"), "dispatch": gettext_lazy("派单"),
    "return": gettext_lazy("退单"), "sign": gettext_lazy("签收"), "request_info": gettext_lazy("请企业补充"),
    "supply_info": gettext_lazy("补充说明"), "reply": gettext_lazy("答复"), "visit": gettext_lazy("回访"),
    "close": gettext_lazy("办结"), "reopen": gettext_lazy("重办"), "rate": gettext_lazy("评价"),
}
# One whole sentence per action for the message after it succeeds (a sentence glued from the
# action's label does not translate: "已受理。" is "Accepted.", not "Already accept.").
DONE_MESSAGES = {
    "accept": gettext_lazy("诉求已受理。"), "reject": gettext_lazy("已决定不予受理。"),
    "dispatch": gettext_lazy("诉求已派单。"), "return": gettext_lazy("诉求已退单。"),
    "sign": gettext_lazy("诉求已签收。"), "request_info": gettext_lazy("已请企业补充说明。"),
    "supply_info": gettext_lazy("补充说明已提交。"), "reply": gettext_lazy("答复已发送。"),
    "visit": gettext_lazy("回访已记录。"), "close": gettext_lazy("诉求已办结。"),
    "reopen": gettext_lazy("诉求已重办。"), "rate": gettext_lazy("评价已提交。"),
    "supervise": gettext_lazy("已督办。"), "merge": gettext_lazy("已合并。"),
}


def _actor(request: AuthedRequest) -> Actor:
    return Actor.from_request(request)


def _enterprises(user):
    from zonedesk.enterprises.models import Enterprise

    return Enterprise.objects.visible_to(user).filter(zone_id=user.zone_id).order_by("name")


def _raise_enterprises(user):
    """Whom the user may raise an appeal for: an enterprise user itself; a steward the
    enterprises that authorised it (the agency service checks the authorisation itself)."""
    from zonedesk.agency.models import AgentAuthorisation
    from zonedesk.enterprises.models import Enterprise

    if user.enterprise_id:
        return Enterprise.objects.filter(pk=user.enterprise_id)
    if user.has_role(Role.STEWARD):
        ids = AgentAuthorisation.objects.filter(agent=user, revoked_at__isnull=True).values("enterprise_id")
        return Enterprise.objects.filter(pk__in=ids, zone_id__in=user.visible_zone_ids).order_by("name")
    return Enterprise.objects.none()


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filtered(request: AuthedRequest):
    """The list's filter form and the rows it selects (the page and its Excel export alike)."""
    user = request.user
    form = FilterForm(request.GET or None, categories=selectors.categories_for(user.zone_id),
                      departments=selectors.departments_for(user.zone_id))
    if form.is_bound and not form.is_valid():
        qs = selectors.appeal_list_for(user=user).none()
    else:
        d = form.cleaned_data if form.is_bound else {}
        qs = selectors.appeal_list_for(user=user, filters=selectors.AppealFilter(
            q=(d.get("q") or "").strip(), status=d.get("status") or "", category=d.get("category"),
            department=d.get("department"), source=d.get("source") or "",
            submitted_from=d.get("submitted_from"), submitted_to=d.get("submitted_to"),
            closed_from=d.get("closed_from"), closed_to=d.get("closed_to"), state=d.get("state") or "",
            counted=d.get("counted") or "", counted_from=d.get("counted_from"),
            counted_to=d.get("counted_to")))
    return form, qs


@login_required
def appeal_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not (user.is_business_staff or user.enterprise_id):
        raise Http404
    form, qs = _filtered(request)
    page, base = paginate(request, qs)
    cal, s = work_calendar(), clocks.zone_settings(user.zone_id)
    rows = [(a, clocks.timing(a, cal, s.yellow_ratio)) for a in page]
    return render(request, "appeals/list.html", {
        "form": form, "page": page, "rows": rows, "querystring_base": base,
        "can_raise": _raise_enterprises(user).exists(),
        "can_log": user.has_role(Role.WINDOW_CLERK),
        "can_visit": user.has_role(*services.appeals.VISIT_ROLES),
        "sees_ratings": user.is_business_staff or bool(user.enterprise_id),
    })


@login_required
@require_http_methods(["GET", "POST"])
def appeal_create(request: AuthedRequest) -> HttpResponse:
    """The portal form: an enterprise (or its steward) raises a problem."""
    enterprises = _raise_enterprises(request.user)
    if not enterprises.exists():
        raise Http404
    choose = not request.user.enterprise_id
    form = AppealForm(request.POST or None, request.FILES or None,
                      categories=selectors.categories_for(request.user.zone_id),
                      enterprises=enterprises if choose else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            appeal = services.appeal_raise(
                actor=_actor(request), enterprise_id=d.get("enterprise") or request.user.enterprise_id,
                category_id=d.get("category"), title=d["title"], description=d["description"],
                contact_name=d["contact_name"], contact_phone=d["contact_phone"],
                files=d.get("attachments") or [])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("诉求已提交，编号 %(n)s，综合窗口受理后开始计时。")
                             % {"n": appeal.number})
            return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/form.html", {"form": form, "title": _("提出诉求"), "multipart": True})


@login_required
@require_http_methods(["GET", "POST"])
def appeal_log(request: AuthedRequest) -> HttpResponse:
    """The window logs a hotline call."""
    if not request.user.has_role(Role.WINDOW_CLERK):
        raise Http404
    form = AppealForm(request.POST or None, categories=selectors.categories_for(request.user.zone_id),
                      enterprises=_enterprises(request.user), with_files=False)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            appeal = services.appeal_log(actor=_actor(request), enterprise_id=d.get("enterprise"),
                                         category_id=d.get("category"), title=d["title"],
                                         description=d["description"], contact_name=d["contact_name"],
                                         contact_phone=d["contact_phone"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("热线诉求已登记并受理，编号 %(n)s。") % {"n": appeal.number})
            return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/form.html", {"form": form, "title": _("登记热线诉求")})


def _allowed_actions(user, appeal) -> list[str]:
    """What the page offers this user; the service checks again on every move."""
    dept = user.department_id and user.department_id == appeal.lead_department_id and \
        user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD)
    own = bool(user.enterprise_id and user.enterprise_id == appeal.enterprise_id) or \
        (user.has_role(Role.STEWARD) and appeal.raised_by_id == user.pk)
    by_role = {
        "accept": user.has_role(Role.WINDOW_CLERK), "reject": user.has_role(Role.WINDOW_CLERK),
        "dispatch": user.has_role(Role.WINDOW_CLERK), "visit": user.has_role(Role.WINDOW_CLERK),
        "close": user.has_role(Role.WINDOW_CLERK), "return": dept, "sign": dept,
        "request_info": dept, "reply": dept, "supply_info": own, "rate": own,
        "reopen": user.has_role(Role.WINDOW_CLERK, Role.LEADER),
    }
    return [a for a in rules.actions_from(appeal.status) if by_role.get(a)]


@login_required
def appeal_detail(request: AuthedRequest, pk: int, rating_form: RatingForm | None = None,
                  failed: dict | None = None) -> HttpResponse:
    """The case page; `rating_form` is a refused rating's bound form, shown again with its
    errors and the level and tags the person chose; `failed` is a refused move (its action,
    the text typed and the reason), shown again on its form rather than lost in a redirect."""
    appeal = selectors.get_appeal_for(request.user, pk)
    user = request.user
    cal, s = work_calendar(), clocks.zone_settings(appeal.zone_id)
    clock = clocks.clock_for(appeal)
    now = clocks.local(timezone.now())
    actions = _allowed_actions(user, appeal)
    rating = selectors.rating_for_case("appeal", appeal.pk, appeal.zone_id)
    return render(request, "appeals/detail.html", {
        "a": appeal, "timing": clocks.timing(appeal, cal, s.yellow_ratio),
        # The files raised with the case; a move's files are shown with that move in the history.
        "raised_files": [f for f in appeal.attachments.all() if f.event_id is None],
        "explain": clock.explain(cal, clocks.local(appeal.replied_at) if appeal.replied_at else now)
        if clock else [],
        "history": selectors.appeal_history(appeal),
        "merged": list(appeal.merged_cases.all()),
        "actions": actions, "labels": ACTION_LABELS,
        "dispatch_form": DispatchForm(departments=selectors.departments_for(appeal.zone_id))
        if "dispatch" in actions else None,
        "rating_form": (rating_form or RatingForm()) if "rate" in actions and rating is None else None,
        "rating": rating,
        "failed": failed or {},
        "can_supervise": user.has_role(Role.LEADER) and appeal.status in rules.OPEN,
        "can_merge": user.has_role(Role.WINDOW_CLERK) and appeal.status in rules.MERGEABLE,
        "merge_targets": selectors.appeal_list_for(user=user, filters=selectors.AppealFilter(
            enterprise=appeal.enterprise_id)).exclude(pk=appeal.pk).exclude(
            status__in=[Status.MERGED, Status.REJECTED])[:20] if user.has_role(Role.WINDOW_CLERK) else [],
    })


def _text(request: AuthedRequest) -> str:
    return request.POST.get("text", "")


def _files(request: AuthedRequest) -> list:
    """The files a move carries (the form's multiple file input named ``files``)."""
    return request.FILES.getlist("files")


def _version(request: AuthedRequest) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


Handler = Callable[[AuthedRequest, int], object]

# The typed table of moves a page can post; each entry calls one service.
HANDLERS: dict[str, Handler] = {
    "accept": lambda r, pk: services.appeal_accept(actor=_actor(r), appeal_id=pk, version=_version(r)),
    "reject": lambda r, pk: services.appeal_reject(actor=_actor(r), appeal_id=pk, reason=_text(r),
                                                   version=_version(r)),
    "dispatch": lambda r, pk: services.appeal_dispatch(
        actor=_actor(r), appeal_id=pk, lead_department_id=_int(r.POST.get("lead_department")),
        co_department_ids=[i for i in map(_int, r.POST.getlist("co_departments")) if i],
        note=r.POST.get("note", ""), version=_version(r)),
    "return": lambda r, pk: services.appeal_return(actor=_actor(r), appeal_id=pk, reason=_text(r),
                                                   version=_version(r)),
    "sign": lambda r, pk: services.appeal_sign(actor=_actor(r), appeal_id=pk, version=_version(r)),
    "request_info": lambda r, pk: services.appeal_request_info(actor=_actor(r), appeal_id=pk,
                                                               reason=_text(r), version=_version(r)),
    "supply_info": lambda r, pk: services.appeal_supply_info(actor=_actor(r), appeal_id=pk,
                                                             text=_text(r), version=_version(r)),
    "reply": lambda r, pk: services.appeal_reply(actor=_actor(r), appeal_id=pk, reply=_text(r),
                                                 version=_version(r), files=_files(r)),
    "visit": lambda r, pk: services.appeal_visit(actor=_actor(r), appeal_id=pk, note=_text(r),
                                                 version=_version(r), files=_files(r)),
    "close": lambda r, pk: services.appeal_close(actor=_actor(r), appeal_id=pk, note=_text(r),
                                                 version=_version(r)),
    "reopen": lambda r, pk: services.appeal_reopen(actor=_actor(r), appeal_id=pk, reason=_text(r),
                                                   version=_version(r)),
    "supervise": lambda r, pk: services.appeal_supervise(actor=_actor(r), appeal_id=pk, note=_text(r)),
    "merge": lambda r, pk: services.appeal_merge(actor=_actor(r), appeal_id=pk,
                                                 into_id=_int(r.POST.get("into")) or 0,
                                                 version=_version(r)),
    "rate": lambda r, pk: services.rating_create(actor=_actor(r), kind="appeal", case_id=pk,
                                                 level=r.POST.get("level", ""),
                                                 tags=r.POST.getlist("tags"),
                                                 comment=r.POST.get("comment", "")),
}


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_POST
def appeal_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    handler = HANDLERS.get(action)
    if handler is None:
        raise Http404
    try:
        handler(request, pk)
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        if action == "rate" and isinstance(exc, ValidationFailed):
            # Shown again under the fields with what was chosen, not lost in a redirect.
            form = RatingForm(request.POST)
            form.is_valid()
            apply_service_error(form, exc)
            return appeal_detail(request, pk, rating_form=form)
        reason = exc.message if not hasattr(exc, "errors") else "；".join(exc.errors.values())
        if _text(request):
            # What was typed stays in its box, with the reason next to it.
            return appeal_detail(request, pk, failed={"action": action, "text": _text(request),
                                                      "error": reason})
        messages.error(request, reason)
    else:
        messages.success(request, DONE_MESSAGES.get(action, _("已保存。")))
        # After 退单 the appeal is the window's again and no longer visible to the department.
        if not Appeal.objects.visible_to(request.user).filter(pk=pk).exists():
            return redirect("appeals:list")
    return redirect("appeals:detail", pk=pk)


@login_required
def attachment_download(request: AuthedRequest, pk: int, attachment_id: int) -> HttpResponse:
    from zonedesk.files.selectors import file_response

    appeal = selectors.get_appeal_for(request.user, pk)
    attachment = get_object_or_404(Attachment.objects.select_related("stored_file"), appeal=appeal,
                                   pk=attachment_id)
    return file_response(attachment.stored_file)


@login_required
def rectification_attachment_download(request: AuthedRequest, pk: int, attachment_id: int) -> HttpResponse:
    """A rectification's file: whoever sees the rating (and so the rectification) may open it."""
    from zonedesk.appeals.models import RectificationAttachment
    from zonedesk.files.selectors import file_response

    rating = selectors.get_rating_for(request.user, pk)
    attachment = get_object_or_404(RectificationAttachment.objects.select_related("stored_file"),
                                   rectification__rating=rating, pk=attachment_id)
    return file_response(attachment.stored_file)


# -- visits --------------------------------------------------------------------------------------


@login_required
def visit_list(request: AuthedRequest) -> HttpResponse:
    if not request.user.is_business_staff:
        raise Http404
    page, base = paginate(request, selectors.visit_list_for(user=request.user))
    return render(request, "appeals/visits.html", {
        "page": page, "querystring_base": base,
        "can_visit": request.user.has_role(*services.appeals.VISIT_ROLES)})


PROBLEM_ROWS = 3


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(*services.appeals.VISIT_ROLES):
        raise Http404
    user = request.user
    categories = list(selectors.categories_for(user.zone_id))
    form = VisitForm(request.POST or None, enterprises=_enterprises(user))
    problems = [{"category_id": _int(request.POST.get(f"p{i}_category")),
                 "title": request.POST.get(f"p{i}_title", ""),
                 "description": request.POST.get(f"p{i}_description", "")}
                for i in range(PROBLEM_ROWS)] if request.method == "POST" else []
    filled = [p for p in problems if p["title"].strip() or p["description"].strip()]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            visit = services.visit_record(actor=_actor(request), enterprise_id=d.get("enterprise"),
                                          visited_on=d.get("visited_on"), people=d["people"],
                                          summary=d["summary"], problems=filled)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("走访记录已保存，%(n)d 个问题已转为诉求。") % {"n": len(filled)})
            return redirect("appeals:visit", pk=visit.pk)
    return render(request, "appeals/visit_form.html", {
        "form": form, "categories": categories, "rows": range(PROBLEM_ROWS), "problems": problems})


@login_required
def visit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = selectors.get_visit_for(request.user, pk)
    # The visit lists every appeal it gave rise to; only those the reader may open are links
    # (another's case, e.g. after it was handed on, would answer 404).
    openable = set(Appeal.objects.visible_to(request.user).filter(visit=visit).values_list("pk", flat=True))
    return render(request, "appeals/visit.html", {"v": visit, "openable": openable})


# -- ratings -------------------------------------------------------------------------------------


def _ratings(request: AuthedRequest):
    bad = {"1": True, "0": False}.get(request.GET.get("bad", ""))
    start, end = _date(request.GET.get("counted_from")), _date(request.GET.get("counted_to"))
    counted = (request.GET.get("counted", ""), start, end) if start and end else None
    return selectors.rating_list_for(user=request.user, kind=request.GET.get("kind", ""),
                                     status=request.GET.get("status", ""), bad=bad,
                                     rectification=request.GET.get("rectification", ""),
                                     review=request.GET.get("review", ""), counted=counted)


@login_required
def appeal_export(request: AuthedRequest) -> HttpResponse:
    """The list as filtered, every row, as Excel."""
    from zonedesk.appeals.exports import appeal_sheet
    from zonedesk.core.xlsx import xlsx_response

    user = request.user
    if not (user.is_business_staff or user.enterprise_id):
        raise Http404
    _form, qs = _filtered(request)
    return xlsx_response("appeals", [appeal_sheet(qs, user.zone_id)])


@login_required
def rating_export(request: AuthedRequest) -> HttpResponse:
    from zonedesk.appeals.exports import rating_sheet
    from zonedesk.core.xlsx import xlsx_response

    user = request.user
    if not (user.is_business_staff or user.enterprise_id):
        raise Http404
    return xlsx_response("ratings", [rating_sheet(_ratings(request))])


@login_required
def rating_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not (user.is_business_staff or user.enterprise_id):
        raise Http404
    qs = _ratings(request)
    page, base = paginate(request, qs)
    return render(request, "appeals/ratings.html", {"page": page, "querystring_base": base,
                                                    "statuses": RatingStatus.choices, "get": request.GET})


@login_required
def rating_detail(request: AuthedRequest, pk: int, rating_form: RatingForm | None = None,
                  failed: dict | None = None) -> HttpResponse:
    """A rating; `failed` is a refused move on it (action, text, choice, reason), shown again on
    its form with everything the person entered, the radio choice included."""
    rating = selectors.get_rating_for(request.user, pk)
    user = request.user
    rect = getattr(rating, "rectification", None)
    review = getattr(rating, "review", None)
    rated_dept = bool(user.department_id and user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD)
                      and any(d.pk == user.department_id for d in rating.departments.all()))
    own = user.enterprise_id == rating.enterprise_id or rating.rated_by_id == user.pk
    live = rating.status != RatingStatus.OVERTURNED
    files = list(rect.attachments.all()) if rect is not None else []
    return render(request, "appeals/rating.html", {
        "r": rating, "rect": rect, "review": review,
        "rect_files": {stage: [f for f in files if f.stage == stage] for stage in ("reply", "visit")},
        "can_rect_reply": live and rated_dept and rect is not None and rect.status == "open",
        "can_rect_visit": live and user.has_role(Role.WINDOW_CLERK) and rect is not None
        and rect.status == "replied",
        "can_rerate": own and rect is not None and rect.status == "done" and rating.rerated_at is None,
        "can_review_request": rated_dept and review is None,
        "can_review_decide": (user.has_role(Role.LEADER) and review is not None
                              and review.decision == "pending"),
        "rating_form": rating_form or RatingForm(),
        "failed": failed or {},
    })


RATING_HANDLERS: dict[str, Handler] = {
    "reply": lambda r, pk: services.rectification_reply(actor=_actor(r), rating_id=pk, reply=_text(r),
                                                        files=_files(r)),
    "visit": lambda r, pk: services.rectification_visit(actor=_actor(r), rating_id=pk, note=_text(r),
                                                        files=_files(r)),
    "rerate": lambda r, pk: services.rating_rerate(actor=_actor(r), rating_id=pk,
                                                   level=r.POST.get("level", ""),
                                                   tags=r.POST.getlist("tags"),
                                                   comment=r.POST.get("comment", "")),
    "review": lambda r, pk: services.rating_review_request(actor=_actor(r), rating_id=pk,
                                                           reason=_text(r)),
    "decide": lambda r, pk: services.rating_review_decide(actor=_actor(r), rating_id=pk,
                                                          overturn=r.POST.get("overturn") == "1",
                                                          note=_text(r)),
}


@login_required
@require_POST
def rating_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    handler = RATING_HANDLERS.get(action)
    if handler is None:
        raise Http404
    try:
        result = handler(request, pk)
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        if action == "rerate" and isinstance(exc, ValidationFailed):
            form = RatingForm(request.POST)
            form.is_valid()
            apply_service_error(form, exc)
            return rating_detail(request, pk, rating_form=form)
        reason = "；".join(exc.errors.values()) if hasattr(exc, "errors") else exc.message
        if action in {"reply", "visit", "review", "decide"}:
            return rating_detail(request, pk, failed={
                "action": action, "text": _text(request), "error": reason,
                "overturn": request.POST.get("overturn", "0")})
        messages.error(request, reason)
    else:
        messages.success(request, _rating_done(action, result))
    return redirect("appeals:rating", pk=pk)


def _rating_done(action: str, result: object) -> str:
    """What happened and what comes next, per move on a rating."""
    if action == "decide":
        if getattr(result, "decision", "") == ReviewDecision.OVERTURNED:
            return _("复核结论已记录：撤销该评价，它不再计入满意率，整改无需继续。")
        return _("复核结论已记录：维持原评价，整改照常进行。")
    return {
        "reply": _("整改答复已提交，接下来由综合窗口回访企业。"),
        "visit": _("回访已记录，整改办结；企业可以重新评价一次。"),
        "rerate": _("已重新评价，初评等级保留在评价记录中。"),
        "review": _("申诉已提交，等待管委会领导复核；复核结论会显示在本页。"),
    }.get(action, _("已保存。"))


@login_required
@require_http_methods(["GET", "POST"])
def rate_case(request: AuthedRequest, kind: str, case_id: int) -> HttpResponse:
    """Rate any rateable case (an approval application links here)."""
    from zonedesk.core.rateable import rateable_registry

    if not request.user.enterprise_id:
        # Staff handle cases and a steward is staff too: only the enterprise rates the service.
        raise Http404
    case = rateable_registry.find(kind, request.user, case_id)
    if case is None:
        raise Http404
    existing = selectors.rating_for_case(kind, case_id, case.zone_id)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rating = services.rating_create(actor=_actor(request), kind=kind, case_id=case_id,
                                            level=d.get("level") or "", tags=d.get("tags") or [],
                                            comment=d.get("comment") or "")
        except ServiceError as exc:
            if exc.status == 404:
                raise Http404 from exc
            apply_service_error(form, exc)
        else:
            messages.success(request, _("感谢您的评价。"))
            return redirect("appeals:rating", pk=rating.pk)
    return render(request, "appeals/rate.html", {"case": case, "form": form, "existing": existing,
                                                 "levels": Level.choices})


# -- rates ---------------------------------------------------------------------------------------


@login_required
@replica_reads  # figures over many rows: a streaming replica serves them when configured
def rates(request: AuthedRequest) -> HttpResponse:
    """办结率 / 按时办结率 / 满意率 by department, category and period, over what the user sees."""
    from zonedesk.appeals.models import Appeal, Rating

    user = request.user
    if not user.is_business_staff:
        raise Http404
    zone = user.zone
    year = (zone.reporting_year if zone and zone.reporting_year else timezone.localdate().year)
    start = _date(request.GET.get("from")) or dt.date(year, 1, 1)
    end = _date(request.GET.get("to")) or dt.date(year, 12, 31)
    if end < start:
        start, end = end, start
    appeals = Appeal.objects.visible_to(user)
    ratings = Rating.objects.visible_to(user).filter(kind="appeal")
    s = clocks.zone_settings(user.zone_id)
    levels = clocks.satisfied_levels(s)
    today = timezone.localdate()
    names = {d.pk: d.name for d in selectors.departments_for(user.zone_id)}
    # Grouped SQL aggregates over the stored clock columns: a bounded number of queries.
    span = {"start": start, "end": end, "today": today, "levels": levels}
    whole = selectors.whole_zones(user)
    total, by_dept, by_cat = selectors.appeal_rates_all(appeals, ratings, **span, zone_ids=whole)
    per_level = dict(selectors.rating_levels(ratings, start=start, end=end, zone_ids=whole))
    charts = {
        "levels": [{"name": str(label), "value": per_level.get(value, 0)} for value, label in Level.choices],
        "departments": {"labels": [names.get(r.key, "—") for r in by_dept if r.key and _counts(r)],
                        "values": [r.closed.numerator for r in by_dept if r.key and _counts(r)]},
    }
    periods = [
        (_("报告期（1—10月）"), dt.date(year, 1, 1), dt.date(year, 10, 31)),
        (_("本年度"), dt.date(year, 1, 1), dt.date(year, 12, 31)),
        (_("本月"), today.replace(day=1), today),
    ]
    return render(request, "appeals/rates.html", {
        "start": start, "end": end, "total": total[0] if total else None, "settings": s,
        "by_dept": [(names.get(r.key, "—"), r) for r in by_dept if r.key is not None and _counts(r)],
        "by_cat": [(r.key, r) for r in by_cat if r.key and _counts(r)], "periods": periods,
        "charts": charts,
    })



def _counts(row: rules.RateRow) -> bool:
    # A department or category with nothing due and nothing rated in the period is left out.
    return bool(row.closed.denominator or row.satisfaction.denominator)
