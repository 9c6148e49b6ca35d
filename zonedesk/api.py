"""Mounts every app's router on the one API instance."""

from zonedesk.appeals.api import router as appeals_router
from zonedesk.appraisal.api import router as appraisal_router
from zonedesk.approvals.api import router as approvals_router
from zonedesk.approvals.assessment_api import router as assessments_router
from zonedesk.approvals.package_api import router as packages_router
from zonedesk.casefiles.api import router as casefiles_router
from zonedesk.certificates.api import router as certificates_router
from zonedesk.commitments.api import router as commitments_router
from zonedesk.core.api import api
from zonedesk.core.import_api import router as imports_router
from zonedesk.cultivation.api import router as cultivation_router
from zonedesk.dashboard.api import router as dashboard_router
from zonedesk.enterprises.api import router as enterprises_router
from zonedesk.indicators.api import router as indicators_router
from zonedesk.land.api import router as land_router
from zonedesk.notifications.api import router as messages_router
from zonedesk.organisation.api import router as auth_router
from zonedesk.parks.api import router as parks_router
from zonedesk.partybuilding.api import router as partybuilding_router
from zonedesk.policies.api import router as policies_router
from zonedesk.projects.api import router as projects_router
from zonedesk.research.api import router as research_router
from zonedesk.scheduler.api import router as scheduler_router
from zonedesk.workdays.api import router as calendar_router

api.add_router("/auth", auth_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("/calendar", calendar_router)
# Before the approvals router, so /approvals/assessments is not read as one of its paths.
api.add_router("/approvals/assessments", assessments_router)
api.add_router("/approvals", approvals_router)
api.add_router("/certificates", certificates_router)
api.add_router("/appeals", appeals_router)
api.add_router("/projects", projects_router)
api.add_router("/commitments", commitments_router)
api.add_router("/packages", packages_router)
api.add_router("/dashboard", dashboard_router)
api.add_router("/appraisal", appraisal_router)
api.add_router("/research", research_router)
api.add_router("/partybuilding", partybuilding_router)
api.add_router("/notifications", messages_router)
api.add_router("/scheduler", scheduler_router)
api.add_router("/imports", imports_router)
api.add_router("/casefiles", casefiles_router)
api.add_router("/land", land_router)
api.add_router("/parks", parks_router)
api.add_router("/cultivation", cultivation_router)
api.add_router("/policies", policies_router)
api.add_router("/indicators", indicators_router)

__all__ = ["api"]
