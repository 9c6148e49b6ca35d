"""Every write of the appeals app (see the modules for the rules each one keeps)."""

from zonedesk.appeals.services.appeals import (
    appeal_accept,
    appeal_close,
    appeal_dispatch,
    appeal_log,
    appeal_merge,
    appeal_raise,
    appeal_reject,
    appeal_reopen,
    appeal_reply,
    appeal_request_info,
    appeal_return,
    appeal_sign,
    appeal_supervise,
    appeal_supply_info,
    appeal_visit,
    appeals_escalate_all,
    appeals_escalate_overdue,
    visit_record,
)
from zonedesk.appeals.services.ratings import (
    TAGS,
    rating_create,
    rating_rerate,
    rating_review_decide,
    rating_review_request,
    rectification_reply,
    rectification_visit,
)
from zonedesk.appeals.services.reference import appeal_reference_ensure

__all__ = [
    "TAGS", "appeal_accept", "appeal_close", "appeal_dispatch", "appeal_log", "appeal_merge",
    "appeal_raise", "appeal_reference_ensure", "appeal_reject", "appeal_reopen", "appeal_reply",
    "appeal_request_info", "appeal_return", "appeal_sign", "appeal_supervise", "appeal_supply_info",
    "appeal_visit", "appeals_escalate_all", "appeals_escalate_overdue", "rating_create", "rating_rerate",
    "rating_review_decide", "rating_review_request", "rectification_reply", "rectification_visit",
    "visit_record",
]
