from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    name = "zonedesk.casefiles"
    label = "casefiles"
    verbose_name = "办件编号与告知书"

    def ready(self) -> None:
        from zonedesk.casefiles import hooks  # noqa: F401
