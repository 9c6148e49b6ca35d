from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "zonedesk.cultivation"
    label = "cultivation"
    verbose_name = "企业梯度培育"

    def ready(self) -> None:
        from zonedesk.cultivation import hooks  # noqa: F401  (nav, figures)
