from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zonedesk.audit"
    label = "audit"
    verbose_name = "审计"
