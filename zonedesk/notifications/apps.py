from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zonedesk.notifications"
    label = "notifications"
    verbose_name = "消息中心"

    def ready(self) -> None:
        from zonedesk.notifications import hooks  # noqa: F401
