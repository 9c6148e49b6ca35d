"""`{% load approvals_extras %}`: small lookups the approval pages need."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` — a dict lookup by a variable key (material versions by type)."""
    return (mapping or {}).get(key)
