from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "zonedesk.files"
    label = "files"
    verbose_name = "文件"
