from django.apps import AppConfig


class ParksConfig(AppConfig):
    name = "zonedesk.parks"
    label = "parks"
    verbose_name = "园区载体"

    def ready(self) -> None:
        # Typed registries, not signals: figures, nav entries and the to-dos.
        from zonedesk.parks import figures, hooks  # noqa: F401
