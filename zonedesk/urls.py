from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from zonedesk.api import api
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
    path("dashboard/", include("zonedesk.dashboard.urls")),
    path("cultivation/", include("zonedesk.cultivation.urls")),
    path("policies/", include("zonedesk.policies.urls")),
]
