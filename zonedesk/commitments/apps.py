from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "zonedesk.commitments"
    label = "commitments"
    verbose_name = "有诺必践与清理拖欠"

    def ready(self) -> None:
        # Typed registries, not signals: figures, nav entries and to-dos.
        from zonedesk.commitments import hooks  # noqa: F401
