from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "zonedesk.projects"
    label = "projects"
    verbose_name = "招商引资项目"

    def ready(self) -> None:
        # Typed registries, not signals: figures, nav entries and the steward's to-dos.
        from zonedesk.projects import figures, hooks, imports  # noqa: F401
