from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "zonedesk.certificates"
    label = "certificates"
    verbose_name = "电子证照"
