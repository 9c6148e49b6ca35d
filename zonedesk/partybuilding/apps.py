from django.apps import AppConfig


class PartybuildingConfig(AppConfig):
    name = "zonedesk.partybuilding"
    label = "partybuilding"
    verbose_name = "党建与社会责任"

    def ready(self) -> None:
        from zonedesk.partybuilding import hooks  # noqa: F401
