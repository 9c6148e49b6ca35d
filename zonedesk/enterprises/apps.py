from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "zonedesk.enterprises"
    label = "enterprises"
    verbose_name = "企业库"

    def ready(self) -> None:
        # Registers the workbench panel (a typed registry, not a signal).
        from zonedesk.enterprises import imports, panels  # noqa: F401  (imports: the Excel import)
