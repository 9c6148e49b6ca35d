"""Mounts every app's router on the one API instance."""

from zonedesk.core.api import api
from zonedesk.enterprises.api import router as enterprises_router
from zonedesk.organisation.api import router as auth_router
from zonedesk.workdays.api import router as calendar_router

api.add_router("/auth", auth_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("/calendar", calendar_router)

__all__ = ["api"]
