from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "zonedesk.research"
    label = "research"
    verbose_name = "产学研合作"

    def ready(self) -> None:
        from zonedesk.research import hooks  # noqa: F401
