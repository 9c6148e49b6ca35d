from django.apps import AppConfig


class AgencyConfig(AppConfig):
    name = "zonedesk.agency"
    label = "agency"
    verbose_name = "领办代办授权"
