from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zonedesk.indicators"
    label = "indicators"
    verbose_name = "营商环境指标"

    def ready(self) -> None:
        # Typed registries, not signals: the sidebar entry and the dashboard section.
        from zonedesk.indicators import hooks  # noqa: F401
