from django.apps import AppConfig


class AgencyConfig(AppConfig):
    name = "zonedesk.agency"
    label = "agency"
    verbose_name = "领办代办授权"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from zonedesk.core.nav import NavItem, nav_registry
        from zonedesk.organisation.roles import Role

        nav_registry.register(NavItem(
            _("代办授权"), "agency:list",
            frozenset({Role.ENTERPRISE, Role.STEWARD, Role.LEADER, Role.WINDOW_CLERK,
                       Role.PROVINCIAL}),
            "agency", weight=600))
