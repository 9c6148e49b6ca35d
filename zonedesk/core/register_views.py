"""The pages of a register (see core/registers.py): list with search and pages, create, export."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError
from zonedesk.core.registers import Register, register_create, register_rows
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.core.xlsx import workbook, workbook_response


def _register(registers: dict[str, Register], key: str, user) -> Register:
    reg = registers.get(key)
    if reg is None or not reg.may_view(user):
        raise Http404
    return reg


def _filtered(reg: Register, request: HttpRequest):
    qs = reg.queryset(request.user)
    q = (request.GET.get("q") or "").strip()[:50]
    if q and reg.search:
        qs = qs.filter(reduce(or_, (Q(**{f"{f}__icontains": q}) for f in reg.search)))
    return qs, q


def list_view(
    request: HttpRequest, registers: dict[str, Register], key: str, ns: str, section: str
) -> HttpResponse:
    reg = _register(registers, key, request.user)
    qs, q = _filtered(reg, request)
    page, base = paginate(request, qs)
    cols = reg.columns_for(request.user)
    rows = [(obj, [fn(obj) for _l, fn in cols]) for obj in page.object_list]
    return render(
        request,
        "registers/list.html",
        {
            "reg": reg,
            "registers": registers.values(),
            "page": page,
            "querystring_base": base,
            "q": q,
            "headers": [label for label, _fn in cols],
            "rows": rows,
            "ns": ns,
            "section": section,
            "can_edit": reg.may_edit(request.user),
            "detail_url": f"{ns}:challenge" if key == "challenges" else "",
        },
    )


def create_view(
    request: HttpRequest, registers: dict[str, Register], key: str, ns: str, section: str
) -> HttpResponse:
    reg = _register(registers, key, request.user)
    if not reg.may_edit(request.user):
        raise Http404
    form = reg.form(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            register_create(actor=Actor.from_request(request), register=reg, data=form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已登记"))
            return redirect(f"{ns}:register", key=key)
    return render(request, "registers/form.html", {"reg": reg, "form": form, "ns": ns, "section": section})


def export_view(request: HttpRequest, registers: dict[str, Register], key: str) -> HttpResponse:
    reg = _register(registers, key, request.user)
    qs, _q = _filtered(reg, request)
    headers = [label for label, _fn in reg.columns_for(request.user)]
    return workbook_response(
        workbook(
            [
                (
                    str(reg.label),
                    headers,
                    register_rows(
                        reg, request.user, qs.iterator(chunk_size=1000) if not reg.prefetch else qs
                    ),
                )
            ]
        ),
        key,
    )


def import_view(request: HttpRequest, registers: dict[str, Register], key: str, ns: str) -> HttpResponse:
    """Upload an .xlsx (the template's columns); all rows are created or none."""
    from zonedesk.core.register_import import import_rows
    from zonedesk.core.xlsx_read import read_upload

    reg = _register(registers, key, request.user)
    if not reg.may_edit(request.user):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            content = read_upload(request.FILES.get("file"))
            n = import_rows(actor=Actor.from_request(request), register=reg, content=content)
        except ServiceError as exc:
            error = "；".join(exc.errors.values()) if hasattr(exc, "errors") else exc.message
        else:
            messages.success(request, _("已导入 %(n)s 条") % {"n": n})
            return redirect(f"{ns}:register", key=key)
    return render(request, "registers/import.html", {"reg": reg, "ns": ns, "error": error})


def import_template_view(request: HttpRequest, registers: dict[str, Register], key: str) -> HttpResponse:
    from zonedesk.core.register_import import template

    reg = _register(registers, key, request.user)
    if not reg.may_edit(request.user):
        raise Http404
    return workbook_response(template(reg), f"{key}-template")
