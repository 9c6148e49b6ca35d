from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "zonedesk.scheduler"
    label = "scheduler"
    verbose_name = "定时任务"

    def ready(self) -> None:
        from zonedesk.scheduler import hooks  # noqa: F401
