from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "zonedesk.appeals"
    label = "appeals"
    verbose_name = "企业诉求与好差评"

    def ready(self) -> None:
        # Registers nav, workbench to-dos, the "appeals" figures and the "appeal" rateable kind.
        from zonedesk.appeals import hooks  # noqa: F401
        from zonedesk.appeals.selectors import rating_for_case
        from zonedesk.core.rateable import rateable_registry

        rateable_registry.rating_finder = rating_for_case
