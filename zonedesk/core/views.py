"""Small helpers shared by the server-rendered views."""

from __future__ import annotations

from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from zonedesk.core.errors import ServiceError, ValidationFailed

PAGE_SIZES = (20, 50, 100)


def paginate(request: HttpRequest, qs, default: int = 20) -> tuple[Page, str]:
    """A page of ``qs`` and the query string (without page) for the page links."""
    try:
        size = int(request.GET.get("size", default))
    except ValueError:
        size = default
    size = size if size in PAGE_SIZES else default
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()
    return page, (base + "&" if base else "")


def apply_service_error(form: forms.Form, exc: ServiceError, aliases: dict[str, str] | None = None) -> None:
    """Show a service's coded error on the form field it names, or on the form."""
    aliases = aliases or {}
    if isinstance(exc, ValidationFailed):
        for field, msg in exc.errors.items():
            name = aliases.get(field, field)
            form.add_error(name if name in form.fields else None, msg)
    else:
        form.add_error(None, exc.message)
