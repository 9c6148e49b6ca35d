from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "zonedesk.appraisal"
    label = "appraisal"
    verbose_name = "绩效考核"

    def ready(self) -> None:
        from zonedesk.appraisal import hooks  # noqa: F401
