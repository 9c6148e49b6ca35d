from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from zonedesk.api import api
from zonedesk.core.health import Healthz
from zonedesk.organisation.views import logout_view

admin.site.site_header = "zonedesk 系统管理"
admin.site.site_title = "zonedesk"

urlpatterns = [
    # The admin logs in through the same form, so lockout and audit apply to it too.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/logout/", logout_view),
    path("admin/password_change/", RedirectView.as_view(pattern_name="password_change")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("healthz", Healthz.as_view(), name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("zonedesk.organisation.urls")),
    path("enterprises/", include("zonedesk.enterprises.urls")),
    path("audit/", include("zonedesk.audit.urls")),
    path("calendar/", include("zonedesk.workdays.urls")),
    path("approvals/", include("zonedesk.approvals.urls")),
    path("agency/", include("zonedesk.agency.urls")),
    path("verify/", include("zonedesk.certificates.urls")),
    path("appeals/", include("zonedesk.appeals.urls")),
    path("projects/", include("zonedesk.projects.urls")),
    path("commitments/", include("zonedesk.commitments.urls")),
    path("packages/", include("zonedesk.approvals.package_urls")),
    path("dashboard/", include("zonedesk.dashboard.urls")),
    path("appraisal/", include("zonedesk.appraisal.urls")),
    path("research/", include("zonedesk.research.urls")),
    path("partybuilding/", include("zonedesk.partybuilding.urls")),
    path("messages/", include("zonedesk.notifications.urls")),
    path("scheduler/", include("zonedesk.scheduler.urls")),
    path("", include("zonedesk.casefiles.urls")),
    path("imports/", include("zonedesk.core.import_urls")),
    path("land/", include("zonedesk.land.urls")),
    path("parks/", include("zonedesk.parks.urls")),
    path("cultivation/", include("zonedesk.cultivation.urls")),
    path("policies/", include("zonedesk.policies.urls")),
    path("indicators/", include("zonedesk.indicators.urls")),
]
