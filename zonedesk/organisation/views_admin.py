"""Pages of the system administrator: the department tree and user accounts.

Accounts are managed here rather than in the Django admin so that every change goes through
the services (role separation, password policy, audit) and the same scope rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.organisation import services
from zonedesk.organisation.forms_admin import UserCreateForm, UserEditForm
from zonedesk.organisation.models import Post, User
from zonedesk.organisation.roles import Role
from zonedesk.organisation.selectors import department_tree_for, user_list_for


def _require_system_admin(request: AuthedRequest) -> None:
    if Role.SYSTEM_ADMIN not in request.user.roles:
        raise Http404


@login_required
def organisation_tree(request: AuthedRequest) -> HttpResponse:
    """The department tree of the user's zone, with posts and head counts (staff and admins)."""
    if not (request.user.is_business_staff or Role.SYSTEM_ADMIN in request.user.roles):
        raise Http404
    from django.db.models import Count

    tree = department_tree_for(user=request.user, zone_id=request.user.zone_id)
    counts = dict(User.objects.filter(zone_id=request.user.zone_id, is_active=True)
                  .values_list("department").annotate(n=Count("id")))
    posts: dict[int, list[Post]] = {}
    for post in Post.objects.filter(zone_id=request.user.zone_id).order_by("name"):
        posts.setdefault(post.department_id, []).append(post)
    rows = [{"depth": depth, "dept": d, "indent": depth * 24, "members": counts.get(d.pk, 0),
             "posts": posts.get(d.pk, [])} for depth, d in tree]
    return render(request, "organisation/tree.html", {"rows": rows})


@login_required
def _users(request: AuthedRequest):
    qs = user_list_for(user=request.user, q=request.GET.get("q", "").strip())
    role = request.GET.get("role", "")
    if role in Role.values:
        qs = qs.filter(role_grants__role=role)
    return qs


@login_required
def user_export(request: AuthedRequest) -> HttpResponse:
    """The account list as filtered, as Excel (no password data, no tokens)."""
    from django.utils.translation import gettext_lazy

    from zonedesk.core.xlsx import Column, Sheet, xlsx_response

    _require_system_admin(request)
    qs = _users(request).select_related("department", "enterprise").prefetch_related("role_grants")
    return xlsx_response("users", [Sheet("用户", [
        Column(gettext_lazy("账号"), lambda u: u.username, 16),
        Column(gettext_lazy("姓名"), lambda u: u.full_name, 14),
        Column(gettext_lazy("部门"), lambda u: u.department.name if u.department_id else "", 20),
        Column(gettext_lazy("所属企业"), lambda u: u.enterprise.name if u.enterprise_id else "", 28),
        Column(gettext_lazy("角色"),
               lambda u: "、".join(str(Role(g.role).label) for g in u.role_grants.all()), 24),
        Column(gettext_lazy("启用"), lambda u: u.is_active, 8),
        Column(gettext_lazy("锁定至"), lambda u: u.locked_until),
        Column(gettext_lazy("最后登录"), lambda u: u.last_login),
    ], qs.iterator(chunk_size=1000))])


@login_required
def user_list(request: AuthedRequest) -> HttpResponse:
    _require_system_admin(request)
    qs = _users(request)
    page, base = paginate(request, qs, default=50)
    return render(request, "organisation/users.html", {
        "page": page, "querystring_base": base, "g": request.GET, "roles": Role.choices,
    })


def _form_kwargs(request: AuthedRequest) -> dict:
    zone_id = request.user.zone_id
    from zonedesk.enterprises.models import Enterprise

    return {
        "departments": department_tree_for(user=request.user, zone_id=zone_id),
        "posts": Post.objects.filter(zone_id=zone_id).select_related("department"),
        "enterprises": Enterprise.objects.filter(zone_id=zone_id).only("id", "name"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: AuthedRequest) -> HttpResponse:
    _require_system_admin(request)
    form = UserCreateForm(request.POST or None, **_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.user_create(
                actor=Actor.from_request(request), zone=request.user.zone, username=d["username"],
                password=d["password"], full_name=d["full_name"], phone=d["phone"],
                roles=set(d["roles"]), department=d["department"], post=d["post"],
                enterprise=d["enterprise"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"已创建用户 {user.username}")
            return redirect("users")
    return render(request, "organisation/user_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_system_admin(request)
    target = user_list_for(user=request.user).filter(pk=pk).first()
    if target is None:
        raise Http404
    initial = {"full_name": target.full_name, "phone": target.phone,
               "department": target.department_id, "post": target.post_id,
               "roles": sorted(target.roles), "is_active": target.is_active}
    form = UserEditForm(request.POST or None, initial=initial, **_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.user_update(actor=Actor.from_request(request), user=target,
                                 full_name=d["full_name"], phone=d["phone"],
                                 department=d["department"], post=d["post"],
                                 is_active=d["is_active"], roles=set(d["roles"]),
                                 new_password=d.get("new_password") or "")
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"已保存用户 {target.username}")
            return redirect("users")
    return render(request, "organisation/user_form.html", {"form": form, "target": target})


