from django.apps import AppConfig


class ParksConfig(AppConfig):
    name = "zonedesk.parks"
    label = "parks"
    verbose_name = "园区载体"
