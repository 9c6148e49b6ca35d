from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "zonedesk.certificates"
    label = "certificates"
    verbose_name = "电子证照"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from zonedesk.core.nav import NavItem, nav_registry
        from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role

        nav_registry.register(
            NavItem(_("我的证照"), "certificates:mine", frozenset({Role.ENTERPRISE}), "verify", weight=450),
            NavItem(_("电子证照"), "certificates:list", BUSINESS_STAFF_ROLES, "verify", weight=450),
        )
