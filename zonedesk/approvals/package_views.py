"""Pages of 一件事一次办: the catalogue, applying once, the case with its parallel items."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.approvals.catalogue import settings_for
from zonedesk.approvals.clocks import ItemClock, read_clock
from zonedesk.approvals.models import MaterialType
from zonedesk.approvals.package_hooks import PACKAGE_ROLES
from zonedesk.approvals.package_models import PackageCaseItem, PackageCaseMaterial, ServicePackage
from zonedesk.approvals.package_selectors import CaseFilter, case_list_for, get_case_for
from zonedesk.approvals.packages import current_packages, package_materials
from zonedesk.approvals.services import packages as services
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.core.widgets import DateInput
from zonedesk.organisation.roles import Role
from zonedesk.workdays.selectors import work_calendar

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _may_see(user) -> bool:
    return bool(user.roles & PACKAGE_ROLES)


class ApplyForm(forms.Form):
    contact_name = forms.CharField(label=gettext_lazy("联系人"), max_length=50)
    contact_phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20)
    summary = forms.CharField(
        label=gettext_lazy("申请事项说明"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("关键词"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("编号、企业")}),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[
            ("", "—"),
            ("open", gettext_lazy("在办")),
            ("submitted", gettext_lazy("待受理")),
            ("in_review", gettext_lazy("并联办理中")),
            ("overdue", gettext_lazy("有超期事项")),
            ("completed", gettext_lazy("已办结")),
            ("refused", gettext_lazy("不予受理")),
        ],
    )
    visits = forms.ChoiceField(
        label=gettext_lazy("到现场"),
        required=False,
        choices=[
            ("", "—"),
            ("0", gettext_lazy("不见面")),
            ("le1", gettext_lazy("最多一次")),
            ("ge2", gettext_lazy("两次及以上")),
        ],
    )
    package = forms.CharField(label=gettext_lazy("一件事编码"), required=False, max_length=40)
    from_ = forms.DateField(label=gettext_lazy("办结自"), required=False, widget=DateInput())
    to = forms.DateField(label=gettext_lazy("办结至"), required=False, widget=DateInput())


def _filtered(request: AuthedRequest):
    data = request.GET.copy()
    if "from" in data:
        data.setdefault("from_", data["from"])
    form = CaseFilterForm(data or None)
    if form.is_bound and not form.is_valid():
        return form, case_list_for(user=request.user).none()
    d = form.cleaned_data if form.is_bound else {}
    status = d.get("status") or ""
    return form, case_list_for(
        user=request.user,
        filters=CaseFilter(
            status=status,
            package=d.get("package") or "",
            visits=d.get("visits") or "",
            done_from=d.get("from_"),
            done_to=d.get("to"),
            q=(d.get("q") or "").strip(),
        ),
    )


@login_required
def catalogue(request: AuthedRequest) -> HttpResponse:
    if not _may_see(request.user) or not request.user.zone_id:
        raise Http404
    packages = list(current_packages(request.user.zone_id))
    types = MaterialType.objects.in_bulk([t for p in packages for t in package_materials(p)])
    rows = [(p, [(types[t], req) for t, req in package_materials(p).items()]) for p in packages]
    return render(
        request,
        "approvals/packages/catalogue.html",
        {"rows": rows, "can_apply": request.user.has_role(Role.ENTERPRISE)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: AuthedRequest, package_id: int) -> HttpResponse:
    user = request.user
    if not (user.has_role(Role.ENTERPRISE) and user.enterprise_id):
        raise Http404
    package = get_object_or_404(ServicePackage, pk=package_id, zone_id=user.zone_id, version__is_current=True)
    from zonedesk.approvals.services.packages import _valid_record

    today = timezone.localdate()
    checklist = []
    for mt_id, req in package_materials(package).items():
        mt = MaterialType.objects.get(pk=mt_id)
        checklist.append((mt, req, _valid_record(user.enterprise_id, mt, None, today)))
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        uploads = {
            mt.code: request.FILES[f"m_{mt.code}"]
            for mt, _r, _rec in checklist
            if f"m_{mt.code}" in request.FILES
        }
        try:
            case = services.package_case_submit(
                actor=Actor.from_request(request),
                enterprise_id=user.enterprise_id,
                package_id=package.pk,
                form=form.cleaned_data,
                uploads=uploads,
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("已提交「%(p)s」，办件编号 %(n)s") % {"p": package.name, "n": case.number}
            )
            return redirect("packages:case", pk=case.pk)
    return render(
        request,
        "approvals/packages/apply.html",
        {
            "package": package,
            "form": form,
            "checklist": checklist,
            "items": package.items.select_related("department", "approval_item__department"),
        },
    )


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    if not _may_see(request.user):
        raise Http404
    form, qs = _filtered(request)
    page, base = paginate(request, qs)
    return render(
        request,
        "approvals/packages/cases.html",
        {"form": form, "page": page, "querystring_base": base, "export_query": request.GET.urlencode()},
    )


@login_required
def case_export(request: AuthedRequest) -> HttpResponse:
    import io

    import xlsxwriter

    if not _may_see(request.user):
        raise Http404
    _form, qs = _filtered(request)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "in_memory": False})
    head = wb.add_format({"bold": True, "bg_color": "#F2F4F7", "border": 1})
    ws = wb.add_worksheet(_("一件事办件"))
    cols = [
        _("办件编号"),
        _("一件事"),
        _("企业"),
        _("状态"),
        _("提交时间"),
        _("受理时间"),
        _("办结时间"),
        _("到现场次数"),
    ]
    for c, label in enumerate(cols):
        ws.write(0, c, label, head)
        ws.set_column(c, c, 18)

    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    for r, case in enumerate(qs.iterator(chunk_size=2000), start=1):
        for c, value in enumerate(
            [
                case.number,
                case.package.name,
                case.enterprise.name,
                str(case.get_status_display()),
                when(case.submitted_at),
                when(case.accepted_at),
                when(case.completed_at),
            ]
        ):
            ws.write_string(r, c, value)
        ws.write_number(r, 7, case.visit_count)
    wb.close()
    response = HttpResponse(buf.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="packages-{timezone.localtime():%Y%m%d-%H%M}.xlsx"'
    )
    return response


@dataclass
class ItemRow:
    ai: PackageCaseItem
    clock: ItemClock
    mine: bool


@login_required
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk)
    user = request.user
    cal, now = work_calendar(), timezone.now()
    ratio = settings_for(case.zone_id).yellow_ratio
    items = case.items.select_related("department", "package_item").prefetch_related("pauses")
    rows = [
        ItemRow(
            ai,
            read_clock(ai, list(ai.pauses.all()), cal, now, ratio),
            user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD) and user.department_id == ai.department_id,
        )
        for ai in items
    ]
    applicant = user.has_role(Role.ENTERPRISE) and user.enterprise_id == case.enterprise_id
    return render(
        request,
        "approvals/packages/case.html",
        {
            "case": case,
            "rows": rows,
            "materials": case.materials.select_related("material_type", "record"),
            "visits": case.visits.select_related("recorded_by"),
            "window": user.has_role(Role.WINDOW_CLERK) and user.zone_id == case.zone_id,
            "applicant": applicant,
            "today": timezone.localdate(),
        },
    )


@login_required
def material_file(request: AuthedRequest, pk: int, material_id: int) -> HttpResponse:
    from zonedesk.files.selectors import file_response

    case = get_case_for(request.user, pk)
    row = get_object_or_404(
        PackageCaseMaterial.objects.select_related("record__stored_file"), pk=material_id, case=case
    )
    if row.record is None or row.record.stored_file is None:
        raise Http404
    return file_response(row.record.stored_file)


def _done(request: AuthedRequest, call, success: str) -> None:
    try:
        call(Actor.from_request(request))
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, "；".join(exc.errors.values()) if hasattr(exc, "errors") else exc.message)
    else:
        messages.success(request, success)


def _version(request: AuthedRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@login_required
@require_POST
def case_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    case = get_case_for(request.user, pk)
    post = request.POST
    if action == "accept":
        _done(
            request,
            lambda a: services.package_case_accept(actor=a, case_id=case.pk, version=_version(request)),
            _("已受理，各部门同步并联办理"),
        )
    elif action == "refuse":
        _done(
            request,
            lambda a: services.package_case_refuse(
                actor=a, case_id=case.pk, reason=post.get("reason", ""), version=_version(request)
            ),
            _("已不予受理"),
        )
    elif action == "visit":
        field = forms.DateField(required=False)
        try:
            on = field.clean(post.get("visited_on") or None)
        except forms.ValidationError:
            messages.error(request, _("到现场日期：请填写正确的日期"))
            return redirect("packages:case", pk=case.pk)
        _done(
            request,
            lambda a: services.package_case_visit_record(
                actor=a, case_id=case.pk, visited_on=on, reason=post.get("reason", "")
            ),
            _("已记录到现场"),
        )
    elif action == "material":
        upload = request.FILES.get("file")
        raw = post.get("material_type", "")
        if upload is None or not raw.isdigit():
            messages.error(request, _("材料：请选择要上传的文件"))
        else:
            _done(
                request,
                lambda a: services.package_case_add_material(
                    actor=a, case_id=case.pk, material_type_id=int(raw), upload=upload
                ),
                _("材料已上传"),
            )
    else:
        raise Http404
    return redirect("packages:case", pk=case.pk)


@login_required
@require_POST
def item_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    ai = get_object_or_404(PackageCaseItem, pk=pk, case__in=case_list_for(user=request.user))
    text = request.POST.get("text", "")
    calls = {
        "approve": (lambda a: services.package_item_approve(actor=a, item_id=ai.pk, note=text), _("已办结")),
        "refuse": (
            lambda a: services.package_item_refuse(actor=a, item_id=ai.pk, reason=text),
            _("已不予办理"),
        ),
        "supplement": (
            lambda a: services.package_item_request_supplement(actor=a, item_id=ai.pk, reason=text),
            _("已一次性告知补正，计时暂停"),
        ),
        "answer": (
            lambda a: services.package_item_answer_supplement(actor=a, item_id=ai.pk, answer=text),
            _("补正已提交，计时恢复"),
        ),
    }
    if action not in calls:
        raise Http404
    call, success = calls[action]
    _done(request, call, success)
    return redirect("packages:case", pk=ai.case_id)
