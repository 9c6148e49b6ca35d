"""Every write of the approval workflow (see applications.py and review.py)."""

from zonedesk.approvals.services.applications import (
    application_accept,
    application_add_material,
    application_refuse,
    application_request_supplement,
    application_resubmit,
    application_sign_promise,
    application_submit,
    project_create,
)
from zonedesk.approvals.services.review import (
    item_answer_supplement,
    item_approve,
    item_approve_many,
    item_refuse,
    item_request_supplement,
    tolerance_sweep,
)
from zonedesk.approvals.services.sweeps import items_warn

__all__ = [
    "application_accept",
    "application_add_material",
    "application_refuse",
    "application_request_supplement",
    "application_resubmit",
    "application_sign_promise",
    "application_submit",
    "item_answer_supplement",
    "item_approve",
    "item_approve_many",
    "item_refuse",
    "item_request_supplement",
    "items_warn",
    "project_create",
    "tolerance_sweep",
]
