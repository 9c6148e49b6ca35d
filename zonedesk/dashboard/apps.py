from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "zonedesk.dashboard"
    label = "dashboard"
    verbose_name = "领导驾驶舱"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from zonedesk.core.nav import NavItem, nav_registry
        from zonedesk.dashboard.selectors import DASHBOARD_ROLES

        nav_registry.register(
            NavItem(_("领导驾驶舱"), "dashboard:index", DASHBOARD_ROLES, "dashboard", weight=50, exact=True),
            NavItem(_("营商环境月报"), "dashboard:reports", DASHBOARD_ROLES, "dashboard", weight=51,
                    exact=True),
        )

        import datetime as dt

        from zonedesk.scheduler.jobs import Job, job_registry

        def _monthly_reports() -> str:
            from zonedesk.dashboard.services import monthly_reports_sweep

            return f"生成上月月报 {monthly_reports_sweep()} 份"

        # Hourly: the first run of a month makes last month's reports; the others find them made.
        job_registry.register(Job("monthly_report", _("营商环境月报（上月，各园区）"), dt.timedelta(hours=1),
                                  _monthly_reports))
