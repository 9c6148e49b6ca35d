from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zonedesk.core"
    label = "core"
    verbose_name = "基础"
