from django.apps import AppConfig


class LandConfig(AppConfig):
    name = "zonedesk.land"
    label = "land"
    verbose_name = "标准地"

    def ready(self) -> None:
        # Typed registries, not signals: figures, nav entries and the to-dos.
        from zonedesk.land import figures, hooks  # noqa: F401
