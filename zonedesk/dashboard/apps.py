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
            NavItem(_("领导驾驶舱"), "dashboard:index", DASHBOARD_ROLES, "dashboard", weight=50)
        )
