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
from zonedesk.approvals.services.credit import credit_event_repair
from zonedesk.approvals.services.lead import joint_review_record, stage_close
from zonedesk.approvals.services.pipeline import project_create_from_pipeline
from zonedesk.approvals.services.review import (
    item_approve,
    item_approve_many,
    item_refuse,
    tolerance_sweep,
)
from zonedesk.approvals.services.stage_forms import application_form_amend
from zonedesk.approvals.services.supplements import (
    item_answer_supplement,
    item_request_supplement,
    stage_notice_answer,
    stage_notice_issue,
)
from zonedesk.approvals.services.sweeps import items_warn, supplements_overdue

__all__ = [
    "application_accept",
    "application_add_material",
    "application_form_amend",
    "application_refuse",
    "application_request_supplement",
    "application_resubmit",
    "application_sign_promise",
    "application_submit",
    "credit_event_repair",
    "item_answer_supplement",
    "item_approve",
    "item_approve_many",
    "item_refuse",
    "item_request_supplement",
    "items_warn",
    "joint_review_record",
    "project_create",
    "project_create_from_pipeline",
    "stage_close",
    "stage_notice_answer",
    "stage_notice_issue",
    "supplements_overdue",
    "tolerance_sweep",
]
