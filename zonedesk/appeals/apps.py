from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "zonedesk.appeals"
    label = "appeals"
    verbose_name = "企业诉求与好差评"
