from __future__ import annotations

from django import template

from zonedesk.casefiles import documents
from zonedesk.casefiles.selectors import case_number_of

register = template.Library()


@register.inclusion_tag("casefiles/_appeal_notices.html")
def appeal_notices(appeal) -> dict:
    return {"appeal": appeal,
            "notices": [(kind, documents.APPEAL_LABELS[kind]) for kind in documents.appeal_available(appeal)]}


@register.inclusion_tag("casefiles/_case_panel.html")
def case_panel(app) -> dict:
    """The application's 办件编号 and the notices it can print now (one query)."""
    return {"number": case_number_of("application", app.pk), "app": app,
            "notices": [(kind, documents.LABELS[kind]) for kind in documents.available(app)]}


@register.inclusion_tag("casefiles/_item_notices.html")
def item_supplement_notices(ai) -> dict:
    """The 补正告知书 of each 补正 request of an approval item, newest first (two queries)."""
    rows = [r for r in documents.item_supplement_requests(ai) if r["reason"]]
    return {"ai": ai, "rows": rows[::-1]}
